// Package tracing follows one request through Pitstop as one OpenTelemetry
// trace: the HTTP handler (Gin), the Temporal message it sends, the
// workflow and its activities (the Temporal SDK's OpenTelemetry
// interceptor), and the outside call an activity makes (Twilio, Mailgun,
// ACSES, Incadea, the remote-diagnose provider, dealer webhooks).
//
// It is off by default: Setup installs an exporter only when an OTLP
// endpoint is configured (PITSTOP_OTLP_ENDPOINT), and only then does the
// Temporal client carry the interceptor (it adds a header to every
// workflow, activity and message). The HTTP middleware and the outgoing
// transport use the global tracer provider at call time; without Setup it
// is OpenTelemetry's no-op, so they cost a non-recording span.
//
// No personal data in spans: a server span is named by the route template
// ("POST /v1/communication/online_checkin/answer", never the raw path, whose
// query or segments may hold a communication key), a client span by the
// method and host; attributes are the method, the route or host and the
// status code, nothing from URLs, headers or bodies. The interceptor adds
// workflow, run, activity and update IDs, which are database IDs and UUIDs.
package tracing

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
	"go.opentelemetry.io/otel/trace"
	temporalotel "go.temporal.io/sdk/contrib/opentelemetry"
	"go.temporal.io/sdk/interceptor"
)

// instrumentation names Pitstop's tracer.
const instrumentation = "github.com/pitstop-dev/pitstop"

// Setup exports traces over OTLP/HTTP to endpoint (a URL such as
// http://collector:4318; empty: tracing stays off) as service, and makes
// the provider global with the W3C trace-context propagator. shutdown
// flushes what is buffered; call it before the process exits.
func Setup(ctx context.Context, endpoint, service string) (enabled bool, shutdown func(context.Context) error, err error) {
	if endpoint == "" {
		return false, func(context.Context) error { return nil }, nil
	}
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(endpoint))
	if err != nil {
		return false, nil, fmt.Errorf("PITSTOP_OTLP_ENDPOINT %q: %w", endpoint, err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp),
		sdktrace.WithResource(resource.NewSchemaless(semconv.ServiceName(service))))
	Use(tp)
	return true, tp.Shutdown, nil
}

// Use makes tp the global provider (Setup, or a test's in-memory recorder).
func Use(tp trace.TracerProvider) {
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.TraceContext{})
}

// TemporalInterceptor is the Temporal SDK's OpenTelemetry interceptor on
// the global provider: for client.Options.Interceptors (a worker made from
// that client inherits it).
func TemporalInterceptor() (interceptor.Interceptor, error) {
	return temporalotel.NewTracingInterceptor(temporalotel.TracerOptions{
		Tracer: otel.Tracer(instrumentation), TextMapPropagator: propagation.TraceContext{}})
}

// Gin opens a server span per request, a child of an incoming traceparent,
// named by the route template.
func Gin() gin.HandlerFunc {
	return func(c *gin.Context) {
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		ctx := otel.GetTextMapPropagator().Extract(c.Request.Context(), propagation.HeaderCarrier(c.Request.Header))
		ctx, span := otel.Tracer(instrumentation).Start(ctx, c.Request.Method+" "+route,
			trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(semconv.HTTPRequestMethodKey.String(c.Request.Method), semconv.HTTPRoute(route)))
		defer span.End()
		c.Request = c.Request.WithContext(ctx)
		c.Next()
		status := c.Writer.Status()
		span.SetAttributes(semconv.HTTPResponseStatusCode(status))
		if status >= 500 {
			span.SetStatus(codes.Error, http.StatusText(status))
		}
	}
}

// Transport opens a client span per outgoing request and sends the trace
// context along (traceparent); next nil is http.DefaultTransport.
func Transport(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	if _, ok := next.(transport); ok {
		return next
	}
	return transport{next: next}
}

type transport struct{ next http.RoundTripper }

func (t transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, span := otel.Tracer(instrumentation).Start(req.Context(), req.Method+" "+req.URL.Host,
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(semconv.HTTPRequestMethodKey.String(req.Method), attribute.String("server.address", req.URL.Hostname())))
	defer span.End()
	if span.SpanContext().IsValid() {
		req = req.Clone(ctx) // RoundTrippers must not change the caller's request
		otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(req.Header))
	}
	res, err := t.next.RoundTrip(req)
	if err != nil {
		// The error's text may hold the URL (a *url.Error): record its kind only.
		var ue interface{ Timeout() bool }
		kind := "error"
		if errors.As(err, &ue) && ue.Timeout() {
			kind = "timeout"
		}
		span.SetStatus(codes.Error, kind)
		return res, err
	}
	span.SetAttributes(semconv.HTTPResponseStatusCode(res.StatusCode))
	if res.StatusCode >= 500 {
		span.SetStatus(codes.Error, strconv.Itoa(res.StatusCode))
	}
	return res, nil
}
