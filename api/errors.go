package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// The spec's error contract: an invalid payload, a validation error or an
// expected error answers HTTP 200 with {"errors":[...]}; authentication,
// routing, rate limits and our own faults use the status codes of its error
// table (401, 404, 405, 429, 500, 503) with the same body.

// ErrorBody is the only error shape the API returns.
type ErrorBody struct {
	Errors []string `json:"errors"`
}

// invalid answers a validation problem: HTTP 200, as the spec says.
func invalid(c *gin.Context, problems ...string) {
	c.AbortWithStatusJSON(http.StatusOK, ErrorBody{Errors: problems})
}

func fail(c *gin.Context, status int, msg string) {
	c.AbortWithStatusJSON(status, ErrorBody{Errors: []string{msg}})
}

func unauthorized(c *gin.Context, msg string) { fail(c, http.StatusUnauthorized, msg) }

// internal hides the cause from the caller; the request log has it.
func internal(c *gin.Context, err error) {
	_ = c.Error(err)
	fail(c, http.StatusInternalServerError, "internal server error, try again later")
}

func unavailable(c *gin.Context, err error) {
	_ = c.Error(err)
	fail(c, http.StatusServiceUnavailable, "service temporarily unavailable, try again later")
}
