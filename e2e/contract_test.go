package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api"
)

// The contract check: every JSON response an e2e test receives from the API
// is validated against api/openapi.yaml (its status's schema, staff and admin
// routes included), and a test whose API answered off the document fails
// naming the route and what broke. Bodies that are not JSON (PDFs, files,
// pages) and very large bodies are not captured, so the memory tests measure
// the API, not this check.

// contractCaptureLimit: a JSON body larger than this is not validated (no
// e2e answer comes near it; a download is not JSON).
const contractCaptureLimit = 4 << 20

var (
	contractOnce   sync.Once
	contractRouter routers.Router
	contractErr    error
)

// contractRoutes parses the document once for the whole package.
func contractRoutes() (routers.Router, error) {
	contractOnce.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
		if err != nil {
			contractErr = err
			return
		}
		// Match any host: the e2e API listens on a random port.
		doc.Servers = nil
		contractRouter, contractErr = legacy.NewRouter(doc)
	})
	return contractRouter, contractErr
}

// contractChecker collects the responses that break the document.
type contractChecker struct {
	router   routers.Router
	mu       sync.Mutex
	problems []string
}

// checkContract wraps h so every response is validated; t fails at its end
// with every violation seen.
func checkContract(t testing.TB, h http.Handler) http.Handler {
	t.Helper()
	r, err := contractRoutes()
	require.NoError(t, err)
	c := &contractChecker{router: r}
	t.Cleanup(func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if len(c.problems) > 0 {
			t.Errorf("responses that break api/openapi.yaml:\n%s", strings.Join(c.problems, "\n"))
		}
	})
	return c.wrap(h)
}

func (c *contractChecker) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &capturingWriter{ResponseWriter: w}
		h.ServeHTTP(cw, r)
		if cw.capture && !cw.overflow {
			c.check(r, cw.status, cw.Header(), cw.body.Bytes())
		}
	})
}

func (c *contractChecker) check(r *http.Request, status int, header http.Header, body []byte) {
	if status == 0 {
		status = http.StatusOK
	}
	if header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err == nil {
			body, err = io.ReadAll(zr)
		}
		if err != nil {
			c.add(fmt.Sprintf("%s %s -> %d: Content-Encoding gzip, but the body is not gzip (%v)", r.Method, r.URL.Path, status, err))
			return
		}
	}
	route, params, err := c.router.FindRoute(r)
	if err != nil {
		// Unknown paths answer 404 and methods 405 (the router test keeps
		// the document and the mounted routes in step); dev-only routes
		// (the locker door simulation) are documented too.
		if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
			return
		}
		c.add(fmt.Sprintf("%s %s -> %d: no route in the document (%v)", r.Method, r.URL.Path, status, err))
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: status, Header: header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		msg := strings.ReplaceAll(err.Error(), "\n", " | ")
		if len(msg) > 6000 {
			msg = msg[:6000] + "…"
		}
		c.add(fmt.Sprintf("%s %s (%s) -> %d: %s", r.Method, r.URL.Path, route.Path, status, msg))
	}
}

func (c *contractChecker) add(p string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, q := range c.problems {
		if q == p {
			return
		}
	}
	c.problems = append(c.problems, p)
}

// capturingWriter copies a JSON body while it is written.
type capturingWriter struct {
	http.ResponseWriter
	status   int
	wrote    bool
	capture  bool
	overflow bool
	body     bytes.Buffer
}

func (w *capturingWriter) WriteHeader(code int) {
	if !w.wrote {
		w.wrote, w.status = true, code
		ct := w.Header().Get("Content-Type")
		w.capture = strings.HasPrefix(ct, "application/json")
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *capturingWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	if w.capture && !w.overflow {
		if w.body.Len()+len(b) > contractCaptureLimit {
			w.overflow = true
			w.body.Reset()
		} else {
			w.body.Write(b)
		}
	}
	return w.ResponseWriter.Write(b)
}

// Flush keeps streaming answers streaming.
func (w *capturingWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection (deadlines).
func (w *capturingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// TestContractCheckerCatchesAnOffDocumentAnswer: the check itself fails a
// test whose answer breaks the document (a state without its stage), and
// passes the same route answering as documented.
func TestContractCheckerCatchesAnOffDocumentAnswer(t *testing.T) {
	r, err := contractRoutes()
	require.NoError(t, err)
	serve := func(body string) []string {
		c := &contractChecker{router: r}
		h := c.wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_, _ = io.WriteString(w, body)
		}))
		req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:1/healthz", nil)
		h.ServeHTTP(&discardWriter{h: http.Header{}}, req)
		return c.problems
	}
	require.Empty(t, serve(`{"status":"ok"}`))
	require.NotEmpty(t, serve(`{"status":42}`))
	require.NotEmpty(t, serve(`[]`))
}

type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}
