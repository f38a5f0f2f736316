package e2e

import (
	"encoding/json"
	"io"
	"net/http"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func readAll(res *http.Response) ([]byte, error) { return io.ReadAll(res.Body) }
