// Package httpx holds what every caller's HTTP handlers share: the spec's
// error contract (handlers return an error; Write answers it), one set of
// JSON decoding rules, staff authentication and roles, one authorization
// helper per resource, calls into the appointment workflow, and the
// guessing limits.
package httpx

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// The spec's error contract: an invalid payload, a validation error or an
// expected error answers HTTP 200 with {"errors":[...]}; authentication,
// routing, rate limits and our own faults use the status codes of its error
// table (401, 403, 404, 405, 429, 500, 503) with the same body.

// ErrorBody is the only error shape the API returns.
type ErrorBody struct {
	Errors []string `json:"errors"`
}

// Error is an answer in the error contract. Cause, when set, goes to the
// request log and never to the caller.
type Error struct {
	Status   int
	Problems []string
	Cause    error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return e.Cause.Error()
	}
	return strings.Join(e.Problems, "; ")
}

func (e *Error) Unwrap() error { return e.Cause }

const (
	msgInternal    = "internal server error, try again later"
	msgUnavailable = "service temporarily unavailable, try again later"
)

// Invalid is a validation problem: HTTP 200, as the spec says.
func Invalid(problems ...string) error { return &Error{Status: http.StatusOK, Problems: problems} }

// Fail answers status with msg.
func Fail(status int, msg string) error { return &Error{Status: status, Problems: []string{msg}} }

// Unauthorized is a 401.
func Unauthorized(msg string) error { return Fail(http.StatusUnauthorized, msg) }

// NotFound is a 404.
func NotFound(msg string) error { return Fail(http.StatusNotFound, msg) }

// Internal hides err from the caller; the request log has it.
func Internal(err error) error {
	return &Error{Status: http.StatusInternalServerError, Problems: []string{msgInternal}, Cause: err}
}

// Unavailable is a 503 for an outage the caller may retry after.
func Unavailable(err error) error {
	return &Error{Status: http.StatusServiceUnavailable, Problems: []string{msgUnavailable}, Cause: err}
}

// Write answers err in the error contract and stops the handler chain; an
// error that is not an *Error is an internal one. nil writes nothing.
func Write(c *gin.Context, err error) {
	if err == nil {
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Status: http.StatusInternalServerError, Problems: []string{msgInternal}, Cause: err}
	}
	if e.Cause != nil {
		_ = c.Error(e.Cause)
	}
	c.AbortWithStatusJSON(e.Status, ErrorBody{Errors: e.Problems})
}

// Handler is a gin handler that returns its failure instead of writing it.
type Handler func(c *gin.Context) error

// Handle turns h into a gin handler: one place writes every error.
func Handle(h Handler) gin.HandlerFunc {
	return func(c *gin.Context) { Write(c, h(c)) }
}
