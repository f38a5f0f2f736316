package tracing_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/pitstop-dev/pitstop/internal/tracing"
	"github.com/pitstop-dev/pitstop/internal/tracing/tracingtest"
)

func spansNamed(r *tracetest.SpanRecorder, name string) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range r.Ended() {
		if s.Name() == name {
			out = append(out, s)
		}
	}
	return out
}

// attrText is every attribute value of a span, for "holds no secret" checks.
func attrText(s sdktrace.ReadOnlySpan) string {
	var b strings.Builder
	for _, a := range s.Attributes() {
		b.WriteString(string(a.Key) + "=" + a.Value.String() + " ")
	}
	return b.String()
}

func TestServerSpanIsNamedByRouteAndContinuesTheCallersTrace(t *testing.T) {
	r := tracingtest.Recorder()
	gin.SetMode(gin.TestMode)
	e := gin.New()
	e.Use(tracing.Gin())
	e.GET("/v1/communication/:key", func(c *gin.Context) { c.Status(http.StatusTeapot) })
	req := httptest.NewRequest(http.MethodGet, "/v1/communication/SECRETKEY123?phone=%2B31612345678", nil)
	req.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	e.ServeHTTP(httptest.NewRecorder(), req)

	spans := spansNamed(r, "GET /v1/communication/:key")
	require.Len(t, spans, 1)
	s := spans[0]
	require.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", s.SpanContext().TraceID().String(), "the caller's trace continues")
	require.Equal(t, "00f067aa0ba902b7", s.Parent().SpanID().String())
	text := attrText(s)
	require.Contains(t, text, "http.response.status_code=418")
	require.NotContains(t, text, "SECRETKEY123", "no communication key in a span")
	require.NotContains(t, text, "31612345678", "no query value in a span")
}

func TestClientSpanSendsTraceContextAndNoURL(t *testing.T) {
	r := tracingtest.Recorder()
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		got = req.Header.Clone()
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()
	e := gin.New()
	e.Use(tracing.Gin())
	e.POST("/send", func(c *gin.Context) {
		out, err := http.NewRequestWithContext(c.Request.Context(), http.MethodPost, srv.URL+"/2010-04-01/Accounts/AC1/Messages.json?To=%2B31612345678", nil)
		require.NoError(t, err)
		res, err := (&http.Client{Transport: tracing.Transport(nil)}).Do(out)
		require.NoError(t, err)
		res.Body.Close()
		require.Empty(t, out.Header.Get("traceparent"), "the caller's request is not changed")
		c.Status(http.StatusOK)
	})
	e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/send", nil))

	server := spansNamed(r, "POST /send")
	require.Len(t, server, 1)
	host := strings.TrimPrefix(srv.URL, "http://")
	client := spansNamed(r, "POST "+host)
	require.Len(t, client, 1)
	require.Equal(t, server[0].SpanContext().TraceID(), client[0].SpanContext().TraceID(), "one trace")
	require.Equal(t, server[0].SpanContext().SpanID(), client[0].Parent().SpanID(), "the call is a child of the handler")
	require.Contains(t, got.Get("traceparent"), client[0].SpanContext().TraceID().String(), "the outside party gets the trace context")
	text := attrText(client[0])
	require.Contains(t, text, "http.response.status_code=202")
	require.NotContains(t, text, "31612345678")
	require.NotContains(t, text, "Accounts/AC1", "no path in a span")
}

func TestTransportIsNotWrappedTwice(t *testing.T) {
	once := tracing.Transport(nil)
	require.Equal(t, once, tracing.Transport(once))
}
