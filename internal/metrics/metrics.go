// Package metrics is what a Pitstop process tells Prometheus: its HTTP
// requests (by route template, never by raw path, so no key or ID reaches a
// label), the Temporal SDK's own metrics (workflow and activity task
// latencies, failures, pollers, sticky cache; our activities add theirs
// through the SDK's metrics handler), and the Go runtime. Each process (api,
// worker, dev) serves its own registry on PITSTOP_METRICS_ADDR.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.temporal.io/sdk/client"
)

// Metrics is one process's registry.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	temporal *temporalHandler
}

// New is a registry with the Go runtime, the process and the HTTP metrics.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "pitstop_http_requests_total",
			Help: "HTTP requests answered, by method, route template and status code."}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "pitstop_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method and route template.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"method", "route"}),
	}
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), m.requests, m.duration)
	m.temporal = newTemporalHandler(reg)
	return m
}

// Temporal is the handler for the Temporal client's MetricsHandler option.
func (m *Metrics) Temporal() client.MetricsHandler { return m.temporal }

// unmatched labels requests no route knows (404s, probes): their raw paths
// would make a label per guess.
const unmatched = "unmatched"

// Gin records every request by its route template (c.FullPath()).
func (m *Metrics) Gin() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = unmatched
		}
		m.requests.WithLabelValues(c.Request.Method, route, strconv.Itoa(c.Writer.Status())).Inc()
		m.duration.WithLabelValues(c.Request.Method, route).Observe(time.Since(start).Seconds())
	}
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

// Listen binds addr for Serve, so a taken port fails the command at start.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("PITSTOP_METRICS_ADDR %s: %w (set another address, or empty to serve no metrics)", addr, err)
	}
	return ln, nil
}

// Serve answers GET /metrics on ln until ctx ends.
func Serve(ctx context.Context, ln net.Listener, m *Metrics, log *slog.Logger) error {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("metrics listening", "addr", ln.Addr().String(), "path", "/metrics")
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	}
}
