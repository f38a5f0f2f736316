package api

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pitstop-dev/pitstop/api/workshoppage"
)

// The router serves the mechanic's screen at /workshop/ on every instance
// (no public base URL needed), with the page's own strict CSP and caching
// over the API's defaults.
func TestRouterServesTheWorkshopScreen(t *testing.T) {
	h := New(Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	for _, path := range []string{"/workshop/", "/workshop/app.js", "/workshop/app.css"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		assert.Equal(t, http.StatusOK, w.Code, path)
		assert.Equal(t, workshoppage.CSP, w.Header().Get("Content-Security-Policy"), path)
		assert.Equal(t, "no-cache", w.Header().Get("Cache-Control"), path)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/workshop", nil))
	assert.Equal(t, http.StatusMovedPermanently, w.Code)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/workshop/nope", nil))
	assert.Equal(t, http.StatusNotFound, w.Code)
}
