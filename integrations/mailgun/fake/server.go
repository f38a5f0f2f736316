// Package mailgunfake is a real HTTP server speaking the part of Mailgun's
// v3 API that Pitstop uses (sending, the Events API, signed event webhooks),
// so the official mailgun-go client can be tested against it.
package mailgunfake

import (
	"net/http"
	"sync"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/internal/fakehttp"
)

// Defaults used unless overridden by options.
const (
	DefaultDomain            = "mg.pitstop.test"
	DefaultAPIKey            = "key-fake-mailgun-0001"
	DefaultWebhookSigningKey = "whsk-fake-mailgun-0001"
)

// Server is the fake. Create it with New (listening on loopback) or
// NewHandler (to mount in a bigger process); always Close it.
type Server struct {
	domain, apiKey, signingKey string
	delay                      time.Duration // pause before a message is delivered (or fails) and its webhook sent

	mux    *http.ServeMux
	client *http.Client

	// base has its own lock for the listener, outage, faults and deliveries.
	base fakehttp.Base

	mu         sync.Mutex
	msgs       []*Message
	events     []event
	webhookURL string
	deliverAs  string
}

// Option configures a Server.
type Option func(*Server)

// WithDomain sets the only sending domain the fake knows.
func WithDomain(d string) Option { return func(s *Server) { s.domain = d } }

// WithAPIKey sets the private API key the fake accepts.
func WithAPIKey(k string) Option { return func(s *Server) { s.apiKey = k } }

// WithWebhookSigningKey sets the key webhooks are signed with.
func WithWebhookSigningKey(k string) Option { return func(s *Server) { s.signingKey = k } }

// New starts the fake on 127.0.0.1 with a random port.
func New(opts ...Option) *Server {
	s := NewHandler(opts...)
	s.base.Listen(s)
	return s
}

// NewHandler builds the fake without a listener; serve it yourself.
func NewHandler(opts ...Option) *Server {
	s := &Server{
		domain: DefaultDomain, apiKey: DefaultAPIKey, signingKey: DefaultWebhookSigningKey,
		delay: 10 * time.Millisecond, deliverAs: "delivered",
		client: &http.Client{Timeout: 5 * time.Second},
	}
	for _, o := range opts {
		o(s)
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST /v3/{domain}/messages", s.send)
	s.mux.HandleFunc("GET /v3/{domain}/events", s.listEvents)
	return s
}

// URL is the base URL to put in mailgun.Config.BaseURL ("" for NewHandler).
func (s *Server) URL() string { return s.base.URL() }

// Domain returns the sending domain the fake accepts.
func (s *Server) Domain() string { return s.domain }

// APIKey returns the API key the fake accepts.
func (s *Server) APIKey() string { return s.apiKey }

// WebhookSigningKey returns the key webhooks are signed with.
func (s *Server) WebhookSigningKey() string { return s.signingKey }

// Close stops pending deliveries and the listener.
func (s *Server) Close() { s.base.Close() }

// ServeHTTP applies outages and authentication, then routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.base.Unavailable(w) {
		return
	}
	user, pass, ok := r.BasicAuth()
	if !ok || user != "api" || pass != s.apiKey {
		writeMessage(w, http.StatusUnauthorized, "Invalid private key")
		return
	}
	s.mux.ServeHTTP(w, r)
}

// domainOK answers Mailgun's 404 for an unknown domain.
func (s *Server) domainOK(w http.ResponseWriter, r *http.Request) bool {
	if d := r.PathValue("domain"); d != s.domain {
		writeMessage(w, http.StatusNotFound, "Domain not found: "+d)
		return false
	}
	return true
}
