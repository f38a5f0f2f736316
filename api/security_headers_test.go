package api

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every answer carries the security headers the /v1 routes send: the 404 of
// an unknown path, a 405, /healthz and /openapi.yaml as much as a /v1 error.
func TestEveryResponseCarriesTheSecurityHeaders(t *testing.T) {
	h := New(Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), PublicBaseURL: "http://127.0.0.1:8080/app"})
	for _, c := range []struct {
		method, path string
		code         int
	}{
		{"GET", "/nope", http.StatusNotFound},
		{"GET", "/v1/no/such/route", http.StatusNotFound},
		{"POST", "/healthz", http.StatusMethodNotAllowed},
		{"GET", "/healthz", http.StatusOK},
		{"GET", "/openapi.yaml", http.StatusOK},
		{"GET", "/v1/appointments", http.StatusUnauthorized},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(c.method, c.path, nil))
		assert.Equal(t, c.code, w.Code, "%s %s", c.method, c.path)
		hd := w.Header()
		assert.Equal(t, "no-store", hd.Get("Cache-Control"), "%s %s", c.method, c.path)
		assert.Equal(t, "nosniff", hd.Get("X-Content-Type-Options"), "%s %s", c.method, c.path)
		assert.Equal(t, "no-referrer", hd.Get("Referrer-Policy"), "%s %s", c.method, c.path)
		assert.Equal(t, "DENY", hd.Get("X-Frame-Options"), "%s %s", c.method, c.path)
		assert.Equal(t, "default-src 'none'; frame-ancestors 'none'", hd.Get("Content-Security-Policy"), "%s %s", c.method, c.path)
	}
	// The customer page keeps its own policy and caching.
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/app/", nil))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.NotEqual(t, "default-src 'none'; frame-ancestors 'none'", w.Header().Get("Content-Security-Policy"))
	assert.Equal(t, "DENY", w.Header().Get("X-Frame-Options"))
}
