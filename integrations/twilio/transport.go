package twilio

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// rewriteTransport sends the SDK's requests for https://api.twilio.com to
// BaseURL instead: twilio-go v1.31.0 has no base-URL setting.
type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

func newTransport(base *url.URL) http.RoundTripper {
	next := http.DefaultTransport.(*http.Transport).Clone()
	if base == nil {
		return next
	}
	return rewriteTransport{base: base, next: next}
}

func (t rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.URL.Scheme = t.base.Scheme
	r.URL.Host = t.base.Host
	r.URL.Path = strings.TrimRight(t.base.Path, "/") + r.URL.Path
	r.URL.RawPath = ""
	r.Host = ""
	return t.next.RoundTrip(r)
}

// ctxTransport gives the SDK's requests the caller's context, which the SDK
// itself does not accept, so cancellation and deadlines reach the socket.
type ctxTransport struct {
	ctx  context.Context
	next http.RoundTripper
}

func (t ctxTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.next.RoundTrip(req.WithContext(t.ctx))
}
