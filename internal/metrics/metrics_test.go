package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	b, err := io.ReadAll(rec.Body)
	require.NoError(t, err)
	return string(b)
}

// Requests are counted by route template: the key or ID in a path never
// becomes a label, and paths no route knows share one label.
func TestHTTPRequestsByRouteTemplate(t *testing.T) {
	gin.SetMode(gin.TestMode)
	m := New()
	r := gin.New()
	r.Use(m.Gin())
	r.GET("/v1/appointments/:id", func(c *gin.Context) { c.Status(http.StatusOK) })
	for _, p := range []string{"/v1/appointments/1", "/v1/appointments/2", "/v1/secret-key-AAAA", "/v1/secret-key-BBBB"} {
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, p, nil))
	}
	require.Equal(t, 2.0, testutil.ToFloat64(m.requests.WithLabelValues("GET", "/v1/appointments/:id", "200")))
	require.Equal(t, 2.0, testutil.ToFloat64(m.requests.WithLabelValues("GET", unmatched, "404")))
	out := scrape(t, m)
	require.Contains(t, out, `pitstop_http_request_duration_seconds_count{method="GET",route="/v1/appointments/:id"} 2`)
	require.NotContains(t, out, "secret-key")
	require.NotContains(t, out, "/v1/appointments/1")
	require.Contains(t, out, "go_goroutines")
}

// The SDK's metrics become Prometheus families; tags that vary between
// uses of one name never break the registry (Prometheus needs one label
// set per family), and odd names never panic.
func TestTemporalMetrics(t *testing.T) {
	m := New()
	h := m.Temporal().WithTags(map[string]string{"namespace": "default", "task_queue": "pitstop"})
	h.Counter("temporal_request").Inc(2)
	h.WithTags(map[string]string{"operation": "StartWorkflowExecution"}).Counter("temporal_request").Inc(1) // an extra tag: dropped
	m.Temporal().Counter("temporal_request").Inc(1)                                                         // fewer tags: filled with ""
	h.Timer("temporal_activity_execution_latency").Record(1500 * time.Millisecond)
	h.Gauge("temporal_num_pollers").Update(3)
	h.WithTags(map[string]string{"le": "x", "bad-tag": "v", "": "empty"}).Counter("odd.name-1").Inc(1)
	h.WithTags(map[string]string{"workflow_type": "\xff"}).Counter("temporal_bad_value").Inc(1) // not UTF-8: dropped, no panic
	h.Counter("temporal_request").Inc(-5)                                                       // counters never go down

	out := scrape(t, m)
	require.Contains(t, out, `temporal_request_total{namespace="default",task_queue="pitstop"} 3`)
	require.Contains(t, out, `temporal_request_total{namespace="",task_queue=""} 1`)
	require.Contains(t, out, `temporal_activity_execution_latency_seconds_sum{namespace="default",task_queue="pitstop"} 1.5`)
	require.Contains(t, out, `temporal_num_pollers{namespace="default",task_queue="pitstop"} 3`)
	require.Contains(t, out, `odd_name_1_total{`)
	require.True(t, strings.Contains(out, `le_="x"`), out)

	// A name that clashes with the Go collector's family is dropped, not a panic.
	m.Temporal().Gauge("go_goroutines").Update(1)
	require.NotContains(t, scrape(t, m), "go_goroutines 1\n")
}
