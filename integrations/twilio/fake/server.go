// Package twiliofake is a real HTTP server speaking the part of Twilio's
// Messages API that Pitstop uses, so the official twilio-go client can be
// tested against it: sends, listing, signed status callbacks, inbound SMS
// and fault injection.
package twiliofake

import (
	"net/http"
	"sync"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/internal/fakehttp"
)

// Defaults used unless overridden by options; alphanumeric as twilio-go requires.
const (
	DefaultAccountSID  = "AC00000000000000000000000000000001"
	DefaultAuthToken   = "faketwilioauthtoken0000000000001"
	DefaultPhoneNumber = "+15005550006" // Twilio's magic "valid sender" test number
)

// Server is the fake. Create it with New (listening on loopback) or
// NewHandler (to mount in a bigger process); always Close it.
type Server struct {
	sid, token, phone string
	delay             time.Duration // pause before each status change

	mux    *http.ServeMux
	client *http.Client

	// base has its own lock for the listener, outage, faults and callbacks.
	base fakehttp.Base

	mu        sync.Mutex
	msgs      []*Message
	optedOut  map[string]bool
	deliverAs string
	noCalls   bool
}

// Option configures a Server.
type Option func(*Server)

// WithCredentials sets the account SID and auth token the fake accepts and
// signs callbacks with.
func WithCredentials(accountSID, authToken string) Option {
	return func(s *Server) { s.sid, s.token = accountSID, authToken }
}

// WithPhoneNumber sets the account's number: the To of inbound SMS and the
// sender assigned to Messaging Service sends.
func WithPhoneNumber(n string) Option { return func(s *Server) { s.phone = n } }

// New starts the fake on 127.0.0.1 with a random port.
func New(opts ...Option) *Server {
	s := NewHandler(opts...)
	s.base.Listen(s)
	return s
}

// NewHandler builds the fake without a listener; serve it yourself (URL is
// then empty: point the client's BaseURL at wherever you mounted it).
func NewHandler(opts ...Option) *Server {
	s := &Server{
		sid: DefaultAccountSID, token: DefaultAuthToken, phone: DefaultPhoneNumber,
		delay:     10 * time.Millisecond,
		deliverAs: "delivered",
		optedOut:  map[string]bool{},
		client:    &http.Client{Timeout: 5 * time.Second},
	}
	for _, o := range opts {
		o(s)
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST /2010-04-01/Accounts/{sid}/Messages.json", s.createMessage)
	s.mux.HandleFunc("GET /2010-04-01/Accounts/{sid}/Messages.json", s.listMessages)
	s.mux.HandleFunc("GET /2010-04-01/Accounts/{sid}/Messages/{file}", s.fetchMessage)
	return s
}

// URL is the base URL to put in twilio.Config.BaseURL ("" for NewHandler).
func (s *Server) URL() string { return s.base.URL() }

// AccountSID returns the SID the fake accepts.
func (s *Server) AccountSID() string { return s.sid }

// AuthToken returns the token the fake accepts and signs with.
func (s *Server) AuthToken() string { return s.token }

// PhoneNumber returns the account's own number.
func (s *Server) PhoneNumber() string { return s.phone }

// Close stops pending callbacks and the listener.
func (s *Server) Close() { s.base.Close() }

// ServeHTTP applies outages and authentication, then routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.base.Unavailable(w) {
		return // a load balancer's page, not Twilio JSON, as in a real outage
	}
	user, pass, ok := r.BasicAuth()
	if !ok || user != s.sid || pass != s.token {
		writeError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return
	}
	s.mux.ServeHTTP(w, r)
}
