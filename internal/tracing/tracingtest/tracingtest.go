// Package tracingtest records the process's spans in memory, for tests
// that check what a trace holds.
package tracingtest

import (
	"sync"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/pitstop-dev/pitstop/internal/tracing"
)

var (
	once sync.Once
	rec  *tracetest.SpanRecorder
)

// Recorder makes an in-memory recorder the global tracer provider (once
// per process: OpenTelemetry's global provider is set once) and returns it.
// Spans appear in it as they end.
func Recorder() *tracetest.SpanRecorder {
	once.Do(func() {
		rec = tracetest.NewSpanRecorder()
		tracing.Use(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)))
	})
	return rec
}
