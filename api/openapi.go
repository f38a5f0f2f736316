package api

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// OpenAPI is the API's contract, served at /openapi.yaml and checked by tests
// against the router.
//
//go:embed openapi.yaml
var OpenAPI []byte

func serveOpenAPI(c *gin.Context) { c.Data(http.StatusOK, "application/yaml", OpenAPI) }
