// Package acsesfake simulates the ACSES key-locker vendor for tests and the
// dev stack: a real HTTP server speaking the protocol of ../PROTOCOL.md,
// holding locker systems, cells and bookings, with simulated doors (an
// endpoint and a small HTML page) whose use moves bookings along and POSTs
// signed events to Pitstop's /v1/events/handler, plus knobs for outages,
// duplicate and reordered events, expiry, full lockers and jammed doors.
package acsesfake

import (
	"crypto/subtle"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/acses"
	"github.com/pitstop-dev/pitstop/integrations/internal/fakehttp"
)

// Defaults used unless overridden by options.
const (
	DefaultAPIKey        = "acses-dev-api-key"
	DefaultWebhookSecret = "acses-dev-webhook-secret"
	DemoLockerSystemID   = "demo-locker"
	DemoCells            = 16
)

// LockerSystemConfig describes one locker system of the simulated account.
type LockerSystemConfig struct {
	ID    string // the vendor's string name, e.g. "demo-locker"
	Name  string // display name; defaults to ID
	Cells int    // numbered 1..Cells
	// WebhookSecrets sign this system's events, each adding a signature to
	// the header (several during a rotation). Default: DefaultWebhookSecret.
	WebhookSecrets []string
}

// Server is the fake vendor. Create it with New (listening on loopback) or
// NewHandler (to mount in a bigger process); always Close it.
type Server struct {
	apiKey string
	// logins are the locations' own ACSES logins (e-mail to password),
	// accepted as HTTP Basic instead of the bearer key (AddLogin).
	loginMu sync.Mutex
	logins  map[string]string
	// eventToken, when set, is the bearer token of every event delivery.
	eventToken string

	mux    *http.ServeMux
	client *http.Client

	// base has its own lock for the listener, outage, faults and workers.
	base fakehttp.Base
	// wake nudges the dispatcher when an event is queued.
	wake chan struct{}

	mu      sync.Mutex
	systems map[string]*system
	order   []string // system IDs in creation order
	// bookings by tablekey; byKey maps an Idempotency-Key to its booking.
	bookings     map[string]*booking
	bookingOrder []string
	byKey        map[string]keyed
	objects      map[string]string // system+"\x00"+tag -> object tablekey

	webhookURL     string
	retryBase      time.Duration
	retryMax       time.Duration
	maxAttempts    int
	expiryInterval time.Duration
	latency        time.Duration
	eventDelay     time.Duration
	duplicateN     int
	doorFailN      int
	holding        bool
	held           []outgoing
	queue          []outgoing
	inFlight       int
	emitted        []acses.Event
	delivered      []Delivery
	failed         []acses.Event
	rng            *rand.Rand
}

type system struct {
	cfg  LockerSystemConfig
	full bool // SetNoFreeCell: other customers hold every cell
}

// booking is a vendor booking and what the vendor keeps beside it.
type booking struct {
	acses.Booking
}

type keyed struct {
	bookingID   string
	fingerprint string
}

// Option configures a Server.
type Option func(*Server)

// WithAPIKey sets the bearer key the fake accepts (default DefaultAPIKey).
func WithAPIKey(key string) Option { return func(s *Server) { s.apiKey = key } }

// WithLogin adds a location's ACSES login (WithLogin of the client), as
// AddLogin does.
func WithLogin(email, password string) Option {
	return func(s *Server) { s.AddLogin(email, password) }
}

// WithDemoLockerSystem adds "demo-locker" with 16 cells, signed with
// DefaultWebhookSecret.
func WithDemoLockerSystem() Option {
	return WithLockerSystem(LockerSystemConfig{ID: DemoLockerSystemID, Name: "Demo locker", Cells: DemoCells})
}

// WithLockerSystem adds a locker system.
func WithLockerSystem(c LockerSystemConfig) Option {
	return func(s *Server) { s.addSystem(c) }
}

// WithEventToken makes every event delivery carry "Authorization: Bearer
// token", as the spec's events handler is called (signatures are sent too).
func WithEventToken(token string) Option { return func(s *Server) { s.eventToken = token } }

// WithWebhookURL sets where events are POSTed (Pitstop's
// /v1/events/handler). Without it events are recorded but not delivered.
func WithWebhookURL(u string) Option { return func(s *Server) { s.webhookURL = u } }

// WithRetry sets the delivery backoff (first pause, cap) and the number of
// attempts per event (defaults 100 ms, 5 s, 10 attempts).
func WithRetry(first, maxPause time.Duration, attempts int) Option {
	return func(s *Server) { s.retryBase, s.retryMax, s.maxAttempts = first, maxPause, attempts }
}

// WithExpiryInterval sets how often bookings past their end date are
// expired (default 1 s; <= 0 turns automatic expiry off, ExpireNow still works).
func WithExpiryInterval(d time.Duration) Option { return func(s *Server) { s.expiryInterval = d } }

// WithSeed makes shuffled releases and door codes reproducible.
func WithSeed(seed uint64) Option {
	return func(s *Server) { s.rng = rand.New(rand.NewPCG(seed, seed)) }
}

// New starts the fake on 127.0.0.1 with a random port.
func New(opts ...Option) *Server {
	s := NewHandler(opts...)
	s.base.Listen(s)
	return s
}

// NewHandler builds the fake without a listener; serve it yourself (URL is
// then empty). Its background workers run until Close.
func NewHandler(opts ...Option) *Server {
	s := &Server{
		apiKey:         DefaultAPIKey,
		client:         &http.Client{Timeout: 5 * time.Second},
		wake:           make(chan struct{}, 1),
		systems:        map[string]*system{},
		bookings:       map[string]*booking{},
		byKey:          map[string]keyed{},
		objects:        map[string]string{},
		retryBase:      100 * time.Millisecond,
		retryMax:       5 * time.Second,
		maxAttempts:    10,
		expiryInterval: time.Second,
		rng:            rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())),
	}
	for _, o := range opts {
		o(s)
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /api/v1/lockersystems", s.listSystems)
	s.mux.HandleFunc("GET /api/v1/lockersystems/{system}/cells", s.listCells)
	s.mux.HandleFunc("POST /api/v1/lockersystems/{system}/bookings", s.book)
	s.mux.HandleFunc("GET /api/v1/bookings/{booking}", s.getBooking)
	s.mux.HandleFunc("PATCH /api/v1/bookings/{booking}", s.moveBooking)
	s.mux.HandleFunc("POST /api/v1/bookings/{booking}/cancel", s.cancelBooking)
	s.mux.HandleFunc("POST /sim/doors/use", s.useDoorJSON)
	s.mux.HandleFunc("GET /sim/door", s.doorPage)
	s.mux.HandleFunc("POST /sim/door", s.doorPageUse)
	s.base.Go(s.dispatch)
	if s.expiryInterval > 0 {
		s.base.Go(s.expireLoop)
	}
	return s
}

func (s *Server) addSystem(c LockerSystemConfig) {
	if c.Name == "" {
		c.Name = c.ID
	}
	if len(c.WebhookSecrets) == 0 {
		c.WebhookSecrets = []string{DefaultWebhookSecret}
	}
	if _, ok := s.systems[c.ID]; !ok {
		s.order = append(s.order, c.ID)
	}
	s.systems[c.ID] = &system{cfg: c}
}

// URL is the base URL to put in acses.Config.BaseURL ("" for NewHandler).
func (s *Server) URL() string { return s.base.URL() }

// APIKey returns the bearer key the fake accepts.
func (s *Server) APIKey() string { return s.apiKey }

// DoorURL is the HTML page that opens a door with code, for links in a dev
// outbox ("" for NewHandler: build it from where you mounted the fake).
func (s *Server) DoorURL(lockerSystemID, code string) string {
	if s.URL() == "" {
		return ""
	}
	return fmt.Sprintf("%s/sim/door?lockersystem=%s&code=%s", s.URL(), queryEscape(lockerSystemID), queryEscape(code))
}

// Close stops deliveries, expiry and the listener; events still queued are
// dropped, as a vendor going away would drop them.
func (s *Server) Close() { s.base.Close() }

// ServeHTTP applies outages, latency and authentication, then routes. The
// /sim/ routes are the simulated doors: no API key, as a keypad has none.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.base.Unavailable(w) {
		return // a load balancer's page, not vendor JSON, as in a real outage
	}
	if d := s.getLatency(); d > 0 {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
	}
	if !isSim(r.URL.Path) {
		if !s.authorized(r) {
			writeError(w, http.StatusUnauthorized, acses.CodeUnauthorized, "missing or wrong API key or login")
			return
		}
		if status := s.base.TakeFault(); status != 0 {
			writeError(w, status, faultCode(status), "injected fault")
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// AddLogin adds (or, with a new password, rotates) a location's ACSES
// login: calls signed in with HTTP Basic email:password are accepted, as
// the spec's DealerLocation.AcsesEmail ("used as Basic Auth during
// authentication") describes; a wrong password, or an e-mail the vendor
// does not know, answers 401 like a wrong API key.
func (s *Server) AddLogin(email, password string) {
	s.loginMu.Lock()
	defer s.loginMu.Unlock()
	if s.logins == nil {
		s.logins = map[string]string{}
	}
	s.logins[email] = password
}

// authorized: the account's bearer key, or a known login's HTTP Basic
// credentials (compared in constant time).
func (s *Server) authorized(r *http.Request) bool {
	if email, pw, ok := r.BasicAuth(); ok {
		s.loginMu.Lock()
		want, known := s.logins[email]
		s.loginMu.Unlock()
		return known && subtle.ConstantTimeCompare([]byte(pw), []byte(want)) == 1
	}
	return subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+s.apiKey)) == 1
}
