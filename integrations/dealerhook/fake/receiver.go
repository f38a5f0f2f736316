// Package dealerhookfake is a dealer's webhook endpoint for tests and dev:
// a real HTTP server that verifies Standard Webhooks signatures, dedupes on
// webhook-id as receivers should, and records what arrived.
package dealerhookfake

import (
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
	"github.com/pitstop-dev/pitstop/integrations/internal/fakehttp"
)

// Delivery is one unique, verified delivery.
type Delivery struct {
	ID       string
	Headers  http.Header
	Body     []byte
	Received time.Time
}

// Receiver is the fake endpoint. Create it with New (listening on loopback)
// or NewHandler (to mount yourself); Close it when done.
type Receiver struct {
	secrets   [][]byte
	tolerance time.Duration

	// base has its own lock for the listener and injected faults.
	base fakehttp.Base

	mu         sync.Mutex
	seen       map[string]bool
	received   []Delivery
	duplicates int
	rejected   int
}

// New starts a receiver on 127.0.0.1 accepting any of secrets.
func New(secrets ...[]byte) *Receiver {
	r := NewHandler(secrets...)
	r.base.Listen(r)
	return r
}

// NewHandler builds a receiver without a listener.
func NewHandler(secrets ...[]byte) *Receiver {
	return &Receiver{secrets: secrets, tolerance: dealerhook.DefaultTolerance, seen: map[string]bool{}}
}

// URL is where to deliver ("" for NewHandler).
func (r *Receiver) URL() string { return r.base.URL() }

// Close stops the listener.
func (r *Receiver) Close() { r.base.Close() }

// FailNext makes the next n verified deliveries get status without being
// recorded, as a dealer's flaky endpoint would.
func (r *Receiver) FailNext(n, status int) { r.base.FailNext(n, status) }

// Received returns the unique verified deliveries in arrival order.
func (r *Receiver) Received() []Delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Delivery(nil), r.received...)
}

// Duplicates counts verified deliveries whose webhook-id was already recorded.
func (r *Receiver) Duplicates() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.duplicates
}

// Rejected counts deliveries that failed signature verification.
func (r *Receiver) Rejected() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rejected
}

// ServeHTTP verifies, applies injected failures, then dedupes and records.
func (r *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	if err != nil {
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return
	}
	if err := dealerhook.Verify(r.secrets, req.Header, body, time.Now(), r.tolerance); err != nil {
		r.mu.Lock()
		r.rejected++
		r.mu.Unlock()
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	// Only verified deliveries use up a fault, so a forged one cannot.
	if status := r.base.TakeFault(); status != 0 {
		http.Error(w, http.StatusText(status), status)
		return
	}
	id := req.Header.Get(dealerhook.HeaderID)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[id] {
		r.duplicates++ // already processed: acknowledge so the sender stops
		w.WriteHeader(http.StatusOK)
		return
	}
	r.seen[id] = true
	r.received = append(r.received, Delivery{ID: id, Headers: req.Header.Clone(), Body: body, Received: time.Now()})
	w.WriteHeader(http.StatusNoContent)
}
