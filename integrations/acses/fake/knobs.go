package acsesfake

import (
	"net/http"
	"slices"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/acses"
)

// SetDown makes every request (API and doors) fail with a bare 503 until
// called with false. Event deliveries already queued go on.
func (s *Server) SetDown(down bool) { s.base.SetDown(down) }

// FailNext makes the next n API calls fail with HTTP status and the
// vendor's error body ("unavailable" for 5xx), changing nothing.
func (s *Server) FailNext(n, status int) { s.base.FailNext(n, status) }

// SetLatency delays every reply by d (until the caller gives up), to test
// the client's timeouts.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetWebhookURL changes where events are POSTed; "" stops deliveries.
func (s *Server) SetWebhookURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhookURL = u
}

// SetWebhookSecrets replaces a locker system's signing secrets (a rotation
// signs with old and new at once); it reports false for an unknown system.
func (s *Server) SetWebhookSecrets(lockerSystemID string, secrets ...string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sys, ok := s.systems[lockerSystemID]
	if ok {
		sys.cfg.WebhookSecrets = append([]string(nil), secrets...)
	}
	return ok
}

// SetEventDelay pauses d before delivering each event.
func (s *Server) SetEventDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.eventDelay = d
}

// DuplicateNext delivers each of the next n events twice (same tablekey and
// body, each attempt signed afresh), as a vendor redelivering would.
func (s *Server) DuplicateNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.duplicateN = n
}

// ReleaseOrder is the order ReleaseEvents sends held events in.
type ReleaseOrder int

const (
	InOrder ReleaseOrder = iota
	Reversed
	Shuffled
)

// HoldEvents keeps events from now on instead of delivering them, until
// ReleaseEvents.
func (s *Server) HoldEvents() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holding = true
}

// ReleaseEvents queues the held events in the given order and stops holding.
func (s *Server) ReleaseEvents(order ReleaseOrder) {
	s.mu.Lock()
	defer s.mu.Unlock()
	held := s.held
	switch order {
	case Reversed:
		slices.Reverse(held)
	case Shuffled:
		s.rng.Shuffle(len(held), func(i, j int) { held[i], held[j] = held[j], held[i] })
	}
	s.queue = append(s.queue, held...)
	s.held, s.holding = nil, false
	s.nudge()
}

// ExpireNow expires a BOOKED booking at once and emits "expired", whatever
// its end date.
func (s *Server) ExpireNow(bookingID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.bookings[bookingID]
	switch {
	case !ok:
		return refuse(http.StatusNotFound, acses.CodeNotFound, "no booking %q", bookingID)
	case !active(b):
		return refuse(http.StatusConflict, acses.CodeInvalidState, "booking is %s", b.State)
	}
	s.expireLocked(b)
	return nil
}

// SetNoFreeCell makes every cell of a locker system taken (by other
// customers, invisible to us) or gives them back; it reports false for an
// unknown system. Bookings already made keep their cells.
func (s *Server) SetNoFreeCell(lockerSystemID string, full bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sys, ok := s.systems[lockerSystemID]
	if ok {
		sys.full = full
	}
	return ok
}

// FailDoorNext makes the next n door uses fail (the door jams): an error
// reply, no state change, no event.
func (s *Server) FailDoorNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.doorFailN = n
}

// Events lists every event emitted, in the order they happened, whether
// delivered or not.
func (s *Server) Events() []acses.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.emitted)
}

// Delivered lists the deliveries the receiver accepted, in arrival order
// (duplicates included).
func (s *Server) Delivered() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.delivered)
}

// Failed lists events given up on after the last attempt.
func (s *Server) Failed() []acses.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.failed)
}

// Pending counts deliveries not finished yet: held, queued or in flight.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.held) + len(s.queue) + s.inFlight
}

// Bookings lists every booking in creation order, codes included.
func (s *Server) Bookings() []acses.Booking {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]acses.Booking, 0, len(s.bookingOrder))
	for _, id := range s.bookingOrder {
		out = append(out, s.bookings[id].Booking)
	}
	return out
}

// Booking returns one booking by tablekey.
func (s *Server) Booking(id string) (acses.Booking, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.bookings[id]; ok {
		return b.Booking, true
	}
	return acses.Booking{}, false
}

// SetCells changes how many cells a locker system has (numbered 1..n);
// bookings already made keep their cells. It reports false for an unknown
// system or n < 1. Load tests give the demo locker room for many keys.
func (s *Server) SetCells(lockerSystemID string, n int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sys, ok := s.systems[lockerSystemID]
	if !ok || n < 1 {
		return false
	}
	sys.cfg.Cells = n
	return true
}
