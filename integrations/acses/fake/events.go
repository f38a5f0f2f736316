package acsesfake

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/acses"
	"github.com/pitstop-dev/pitstop/integrations/internal/fakehttp"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Delivery is one event delivery the receiver answered with 2xx.
type Delivery struct {
	Event    acses.Event
	Body     []byte
	Header   http.Header // as sent on the successful attempt
	Attempts int         // 1 unless the receiver failed before
	At       time.Time
}

// outgoing is an event waiting for delivery. A duplicated event is queued
// twice with the same body: same tablekey, as a vendor's redelivery is.
type outgoing struct {
	event acses.Event
	body  []byte
}

// emitLocked records an event about b and queues (or holds) its delivery;
// s.mu held.
func (s *Server) emitLocked(b *booking, name enums.ObjectStatus, at time.Time) acses.Event {
	ev := acses.Event{
		ID: newID("evt_"), LockerSystemID: b.LockerSystemID, LockerCellNumber: b.LockerCellNumber,
		EventName: name, EventDate: at, Booking: b.Booking,
	}
	body, _ := json.Marshal(ev) // plain structs: cannot fail
	s.emitted = append(s.emitted, ev)
	copies := 1
	if s.duplicateN > 0 {
		s.duplicateN--
		copies = 2
	}
	for range copies {
		o := outgoing{event: ev, body: body}
		if s.holding {
			s.held = append(s.held, o)
		} else {
			s.queue = append(s.queue, o)
		}
	}
	s.nudge()
	return ev
}

func (s *Server) nudge() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// dispatch delivers queued events one at a time, in queue order: a failing
// event is retried before the next is sent, so without the reorder knob
// events arrive in the order they happened.
func (s *Server) dispatch(ctx context.Context) {
	for {
		o, ok := s.take()
		if !ok {
			select {
			case <-ctx.Done():
				return
			case <-s.wake:
			}
			continue
		}
		s.deliver(ctx, o)
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}
}

func (s *Server) take() (outgoing, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) == 0 {
		return outgoing{}, false
	}
	o := s.queue[0]
	s.queue = s.queue[1:]
	s.inFlight++
	return o, true
}

// deliver POSTs one event until the receiver answers 2xx, with exponential
// backoff and jitter, at most maxAttempts times; Close stops it.
func (s *Server) deliver(ctx context.Context, o outgoing) {
	s.mu.Lock()
	target, delay, first, maxPause, attempts := s.webhookURL, s.eventDelay, s.retryBase, s.retryMax, s.maxAttempts
	s.mu.Unlock()
	if target == "" {
		return // nowhere to send: the event stays in Events() only
	}
	if !sleep(ctx, delay) {
		return
	}
	pause := first
	for n := 1; n <= attempts; n++ {
		hdr, err := s.post(ctx, target, o)
		if err == nil {
			s.mu.Lock()
			s.delivered = append(s.delivered, Delivery{Event: o.event, Body: o.body, Header: hdr, Attempts: n, At: time.Now()})
			s.mu.Unlock()
			return
		}
		if n == attempts {
			break
		}
		// Half fixed, half random: retries of many events spread out.
		s.mu.Lock()
		wait := pause/2 + time.Duration(s.rng.Int64N(int64(pause/2)+1))
		s.mu.Unlock()
		if !sleep(ctx, wait) {
			return
		}
		pause = min(pause*2, maxPause)
	}
	s.mu.Lock()
	s.failed = append(s.failed, o.event)
	s.mu.Unlock()
}

// post makes one signed attempt, signed afresh so its timestamp is current.
func (s *Server) post(ctx context.Context, target string, o outgoing) (http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(o.body))
	if err != nil {
		return nil, err
	}
	ts := time.Now()
	var sigs []byte
	for i, secret := range s.secrets(o.event.LockerSystemID) {
		if i > 0 {
			sigs = append(sigs, ' ')
		}
		sigs = append(sigs, acses.Sign([]byte(secret), o.event.ID, ts, o.body)...)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "ACSES-Webhooks/1 (pitstop simulator)")
	req.Header.Set(acses.HeaderID, o.event.ID)
	req.Header.Set(acses.HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set(acses.HeaderSignature, string(sigs))
	if s.eventToken != "" {
		req.Header.Set("Authorization", "Bearer "+s.eventToken)
	}
	return req.Header, fakehttp.Deliver(s.client, req, "acsesfake")
}

func (s *Server) secrets(systemID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sys, ok := s.systems[systemID]; ok {
		return append([]string(nil), sys.cfg.WebhookSecrets...)
	}
	return nil
}

// expireLoop expires BOOKED bookings whose end date has passed.
func (s *Server) expireLoop(ctx context.Context) {
	t := time.NewTicker(s.expiryInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.mu.Lock()
		n := time.Now()
		for _, id := range s.bookingOrder {
			if b := s.bookings[id]; active(b) && n.After(b.EndDate) {
				s.expireLocked(b)
			}
		}
		s.mu.Unlock()
	}
}

// sleep waits d or until ctx ends; it reports whether to go on.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
