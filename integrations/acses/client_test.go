package acses_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/acses"
	acsesfake "github.com/pitstop-dev/pitstop/integrations/acses/fake"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// receiver stands in for Pitstop's /v1/events/handler: it verifies each
// delivery, can fail the next ones, and records what it accepted.
type receiver struct {
	*httptest.Server
	secrets [][]byte

	mu      sync.Mutex
	failN   int
	events  []acses.Event
	bodies  [][]byte
	headers []http.Header
	refused int
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{secrets: [][]byte{[]byte(acsesfake.DefaultWebhookSecret)}}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.failN > 0 {
			r.failN--
			http.Error(w, "busy", http.StatusInternalServerError)
			return
		}
		ev, err := acses.VerifyEvent(r.secrets, req.Header, body, time.Now())
		if err != nil {
			r.refused++
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		r.events = append(r.events, ev)
		r.bodies = append(r.bodies, body)
		r.headers = append(r.headers, req.Header.Clone())
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) failNext(n int) { r.mu.Lock(); r.failN = n; r.mu.Unlock() }

func (r *receiver) got() []acses.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// waitFor waits until the receiver holds n events and returns them.
func (r *receiver) waitFor(t *testing.T, n int) []acses.Event {
	t.Helper()
	require.Eventually(t, func() bool { return len(r.got()) >= n }, 5*time.Second, 5*time.Millisecond, "want %d events, got %d", n, len(r.got()))
	return r.got()
}

type env struct {
	fake *acsesfake.Server
	rcv  *receiver
	c    *acses.Client
}

func setup(t *testing.T, opts ...acsesfake.Option) env {
	t.Helper()
	rcv := newReceiver(t)
	opts = append([]acsesfake.Option{
		acsesfake.WithDemoLockerSystem(),
		acsesfake.WithWebhookURL(rcv.URL + "/v1/events/handler"),
		acsesfake.WithRetry(5*time.Millisecond, 20*time.Millisecond, 10),
	}, opts...)
	f := acsesfake.New(opts...)
	t.Cleanup(f.Close) // runs before rcv.Close: no delivery after the receiver is gone
	c, err := acses.New(acses.Config{BaseURL: f.URL(), APIKey: f.APIKey()})
	require.NoError(t, err)
	return env{fake: f, rcv: rcv, c: c}
}

func bookReq(key, tag string) acses.BookRequest {
	return acses.BookRequest{
		Key: key, LockerSystemID: acsesfake.DemoLockerSystemID, Tag: tag, Name: "AB-123-C",
		EndDate: time.Now().Add(48 * time.Hour),
	}
}

func useDoor(t *testing.T, f *acsesfake.Server, code, action string) int {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"lockersystem": acsesfake.DemoLockerSystemID, "code": code, "action": action})
	resp, err := http.Post(f.URL()+"/sim/doors/use", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	return resp.StatusCode
}

func TestLockerSystemsAndFreeCells(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	systems, err := e.c.LockerSystems(ctx)
	require.NoError(t, err)
	assert.Equal(t, []acses.LockerSystem{{ID: "demo-locker", Name: "Demo locker", Active: true, Cells: 16, FreeCells: 16}}, systems)

	b, err := e.c.Book(ctx, bookReq("k1", "appointment-42"))
	require.NoError(t, err)
	assert.Equal(t, "1", b.LockerCellNumber, "the lowest free cell")
	cells, err := e.c.FreeCells(ctx, acsesfake.DemoLockerSystemID)
	require.NoError(t, err)
	require.Len(t, cells, 15)
	assert.Equal(t, acses.Cell{ID: "demo-locker-cell-2", Number: "2", Free: true}, cells[0])

	_, err = e.c.FreeCells(ctx, "nope")
	assert.ErrorIs(t, err, acses.ErrNotFound)
}

func TestBookIsIdempotentByKey(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	req := bookReq("wf-appointment-42/drop", "appointment-42")
	first, err := e.c.Book(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, enums.BookingStateBooked, first.State)
	assert.Equal(t, enums.ObjectStatusRegistered, first.LastAction)
	assert.Regexp(t, `^\d{6}$`, first.Code)
	assert.Equal(t, "appointment-42", first.Tag)
	assert.Equal(t, "AB-123-C", first.Name)
	assert.Equal(t, "demo-locker", first.LockerSystemID)

	again, err := e.c.Book(ctx, req) // a retried activity
	require.NoError(t, err)
	assert.Equal(t, first, again)
	assert.Len(t, e.fake.Bookings(), 1)

	// Another key books another cell for the same object (same object id).
	other, err := e.c.Book(ctx, bookReq("wf-appointment-42/drop-back", "appointment-42"))
	require.NoError(t, err)
	assert.NotEqual(t, first.ID, other.ID)
	assert.Equal(t, first.ObjectID, other.ObjectID)

	// The same key with another request is refused, permanently.
	changed := req
	changed.CellNumber = "9"
	_, err = e.c.Book(ctx, changed)
	assert.ErrorIs(t, err, acses.ErrKeyReused)
	assert.True(t, acses.IsPermanent(err))

	// One "registered" event per booking, not per call.
	evs := e.rcv.waitFor(t, 2)
	time.Sleep(50 * time.Millisecond)
	assert.Len(t, e.rcv.got(), 2)
	assert.Equal(t, enums.ObjectStatusRegistered, evs[0].EventName)
	assert.Equal(t, first.ID, evs[0].Booking.ID)
}

func TestBookValidatesLocally(t *testing.T) {
	e := setup(t)
	_, err := e.c.Book(context.Background(), acses.BookRequest{LockerSystemID: "demo-locker", Tag: "x", EndDate: time.Now().Add(time.Hour)})
	assert.ErrorIs(t, err, acses.ErrInvalidRequest)
	assert.True(t, acses.IsPermanent(err))
	r := bookReq("k", "x")
	r.EndDate = time.Now().Add(-time.Hour)
	_, err = e.c.Book(context.Background(), r)
	assert.ErrorIs(t, err, acses.ErrInvalidRequest, "the vendor refuses an end before the start")
}

func TestNoFreeCell(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	for i := range 16 {
		_, err := e.c.Book(ctx, bookReq("k"+string(rune('a'+i)), "appointment"))
		require.NoError(t, err)
	}
	_, err := e.c.Book(ctx, bookReq("k-17", "appointment-17"))
	assert.ErrorIs(t, err, acses.ErrNoFreeCell)
	assert.True(t, acses.IsPermanent(err))
	cells, err := e.c.FreeCells(ctx, acsesfake.DemoLockerSystemID)
	require.NoError(t, err)
	assert.Empty(t, cells)

	// The knob: a fresh locker whose cells other customers hold.
	e2 := setup(t)
	require.True(t, e2.fake.SetNoFreeCell(acsesfake.DemoLockerSystemID, true))
	_, err = e2.c.Book(ctx, bookReq("k", "appointment-1"))
	assert.ErrorIs(t, err, acses.ErrNoFreeCell)
	systems, err := e2.c.LockerSystems(ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, systems[0].FreeCells)
	e2.fake.SetNoFreeCell(acsesfake.DemoLockerSystemID, false)
	_, err = e2.c.Book(ctx, bookReq("k", "appointment-1"))
	assert.NoError(t, err)
}

func TestGetMoveCancel(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	b, err := e.c.Book(ctx, bookReq("k1", "appointment-1"))
	require.NoError(t, err)
	other, err := e.c.Book(ctx, bookReq("k2", "appointment-2"))
	require.NoError(t, err)

	got, err := e.c.Booking(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, b, got)
	_, err = e.c.Booking(ctx, "bkg_unknown")
	assert.ErrorIs(t, err, acses.ErrNotFound)
	assert.True(t, acses.IsPermanent(err))

	end := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Second)
	moved, err := e.c.Move(ctx, b.ID, acses.MoveRequest{CellNumber: "7", EndDate: end})
	require.NoError(t, err)
	assert.Equal(t, "7", moved.LockerCellNumber)
	assert.Equal(t, "demo-locker-cell-7", moved.LockerCellID)
	assert.True(t, end.Equal(moved.EndDate))
	assert.Equal(t, b.Code, moved.Code, "a move keeps the door code")
	again, err := e.c.Move(ctx, b.ID, acses.MoveRequest{CellNumber: "7", EndDate: end})
	require.NoError(t, err, "a retried move is a no-op")
	assert.Equal(t, moved, again)

	_, err = e.c.Move(ctx, b.ID, acses.MoveRequest{CellNumber: other.LockerCellNumber})
	assert.ErrorIs(t, err, acses.ErrCellOccupied)
	_, err = e.c.Move(ctx, b.ID, acses.MoveRequest{CellNumber: "99"})
	assert.ErrorIs(t, err, acses.ErrNotFound)

	// After the drop-off the key is behind door 7: dates may move, the cell not.
	require.Equal(t, http.StatusOK, useDoor(t, e.fake, b.Code, "dropoff"))
	_, err = e.c.Move(ctx, b.ID, acses.MoveRequest{CellNumber: "8"})
	assert.ErrorIs(t, err, acses.ErrInvalidState)
	_, err = e.c.Cancel(ctx, b.ID)
	assert.ErrorIs(t, err, acses.ErrInvalidState, "cannot cancel with the key inside")

	cancelled, err := e.c.Cancel(ctx, other.ID)
	require.NoError(t, err)
	assert.Equal(t, acses.BookingCancelled, cancelled.State)
	again, err = e.c.Cancel(ctx, other.ID)
	require.NoError(t, err, "a retried cancel answers the cancelled booking")
	assert.Equal(t, cancelled, again)
	_, err = e.c.Move(ctx, other.ID, acses.MoveRequest{CellNumber: "3"})
	assert.ErrorIs(t, err, acses.ErrInvalidState)
	assert.Equal(t, http.StatusConflict, useDoor(t, e.fake, other.Code, ""), "a cancelled code opens nothing")

	cells, err := e.c.FreeCells(ctx, acsesfake.DemoLockerSystemID)
	require.NoError(t, err)
	assert.Len(t, cells, 15, "only cell 7 is held")
}

// specEventKeys and specBookingKeys are the spec's /v1/events/handler payload.
var (
	specEventKeys   = []string{"booking", "cellnumber", "eventDate", "eventName", "lockersystem", "tablekey"}
	specBookingKeys = []string{"code", "create", "endDate", "lastaction", "lockercell", "lockercellTablekey", "name", "objectTablekey", "siteTablekey", "startDate", "state", "tablekey", "tag"}
)

func keys(m map[string]any) []string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	slices.Sort(k)
	return k
}

func TestDoorUseSendsSignedSpecEvents(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	b, err := e.c.Book(ctx, bookReq("k1", "appointment-42"))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, useDoor(t, e.fake, b.Code, "dropoff"))
	require.Equal(t, http.StatusOK, useDoor(t, e.fake, b.Code, ""))
	assert.Equal(t, http.StatusConflict, useDoor(t, e.fake, b.Code, ""), "a used code opens nothing")
	assert.Equal(t, http.StatusNotFound, useDoor(t, e.fake, "000000x", ""))

	evs := e.rcv.waitFor(t, 3)
	var names []enums.ObjectStatus
	ids := map[string]bool{}
	for _, ev := range evs {
		names = append(names, ev.EventName)
		ids[ev.ID] = true
		assert.Equal(t, "demo-locker", ev.LockerSystemID)
		assert.Equal(t, "1", ev.LockerCellNumber)
		assert.Equal(t, b.ID, ev.Booking.ID)
		assert.Equal(t, b.Code, ev.Booking.Code)
		assert.Equal(t, ev.EventName, ev.Booking.LastAction)
	}
	assert.Equal(t, []enums.ObjectStatus{"registered", "dropoff", "checkout"}, names)
	assert.Len(t, ids, 3, "every event has its own tablekey")
	assert.Equal(t, enums.BookingStateBooked, evs[1].Booking.State, "after the drop-off the booking still opens for the checkout")
	assert.Equal(t, enums.BookingStateUsed, evs[2].Booking.State)

	// Exactly the spec's field names, no more, no fewer.
	e.rcv.mu.Lock()
	body, hdr := e.rcv.bodies[1], e.rcv.headers[1]
	e.rcv.mu.Unlock()
	var raw map[string]any
	require.NoError(t, json.Unmarshal(body, &raw))
	assert.Equal(t, specEventKeys, keys(raw))
	assert.Equal(t, specBookingKeys, keys(raw["booking"].(map[string]any)))
	assert.Equal(t, evs[1].ID, hdr.Get(acses.HeaderID))

	got, err := e.c.Booking(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, enums.BookingStateUsed, got.State)
	assert.Equal(t, enums.ObjectStatusCheckout, got.LastAction)
	assert.Len(t, e.fake.Events(), 3)
}

func TestVerifyRejectsTamperedAndStaleDeliveries(t *testing.T) {
	e := setup(t)
	_, err := e.c.Book(context.Background(), bookReq("k1", "appointment-42"))
	require.NoError(t, err)
	e.rcv.waitFor(t, 1)
	e.rcv.mu.Lock()
	body, hdr := e.rcv.bodies[0], e.rcv.headers[0]
	e.rcv.mu.Unlock()
	secrets := [][]byte{[]byte(acsesfake.DefaultWebhookSecret)}
	now := time.Now()

	require.NoError(t, acses.Verify(secrets, hdr, body, now))
	tampered := bytes.Replace(body, []byte(`"registered"`), []byte(`"checkout"`), 1)
	assert.ErrorIs(t, acses.Verify(secrets, hdr, tampered, now), acses.ErrInvalidSignature)
	assert.ErrorIs(t, acses.Verify(secrets, hdr, body, now.Add(301*time.Second)), acses.ErrTimestampTooOld)
	assert.ErrorIs(t, acses.Verify(secrets, hdr, body, now.Add(-301*time.Second)), acses.ErrTimestampTooNew)
	assert.ErrorIs(t, acses.Verify([][]byte{[]byte("other")}, hdr, body, now), acses.ErrInvalidSignature)
	otherID := hdr.Clone()
	otherID.Set(acses.HeaderID, "evt_other")
	assert.ErrorIs(t, acses.Verify(secrets, otherID, body, now), acses.ErrInvalidSignature)
	noSig := hdr.Clone()
	noSig.Del(acses.HeaderSignature)
	assert.ErrorIs(t, acses.Verify(secrets, noSig, body, now), acses.ErrMissingHeaders)
}

func TestSecretRotationSignsWithEverySecret(t *testing.T) {
	e := setup(t)
	require.True(t, e.fake.SetWebhookSecrets(acsesfake.DemoLockerSystemID, acsesfake.DefaultWebhookSecret, "new-secret"))
	_, err := e.c.Book(context.Background(), bookReq("k1", "appointment-42"))
	require.NoError(t, err)
	e.rcv.waitFor(t, 1)
	e.rcv.mu.Lock()
	body, hdr := e.rcv.bodies[0], e.rcv.headers[0]
	e.rcv.mu.Unlock()
	assert.Len(t, bytes.Fields([]byte(hdr.Get(acses.HeaderSignature))), 2)
	assert.NoError(t, acses.Verify([][]byte{[]byte("new-secret")}, hdr, body, time.Now()))
	assert.NoError(t, acses.Verify([][]byte{[]byte(acsesfake.DefaultWebhookSecret)}, hdr, body, time.Now()))
}

func TestDeliveryRetriesUntil2xx(t *testing.T) {
	e := setup(t)
	e.rcv.failNext(3)
	b, err := e.c.Book(context.Background(), bookReq("k1", "appointment-42"))
	require.NoError(t, err)
	evs := e.rcv.waitFor(t, 1)
	assert.Equal(t, b.ID, evs[0].Booking.ID)
	// The fake records the delivery once the 2xx is back, after the receiver has it.
	require.Eventually(t, func() bool { return len(e.fake.Delivered()) == 1 }, time.Second, 5*time.Millisecond)
	d := e.fake.Delivered()
	assert.Equal(t, 4, d[0].Attempts)
	assert.Equal(t, evs[0].ID, d[0].Event.ID)
}

func TestDuplicatesAndReorder(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	e.fake.DuplicateNext(1)
	b, err := e.c.Book(ctx, bookReq("k1", "appointment-42"))
	require.NoError(t, err)
	evs := e.rcv.waitFor(t, 2)
	assert.Equal(t, evs[0], evs[1], "the same event twice, same tablekey")
	assert.Len(t, e.fake.Events(), 1)

	e.fake.HoldEvents()
	require.Equal(t, http.StatusOK, useDoor(t, e.fake, b.Code, ""))
	require.Equal(t, http.StatusOK, useDoor(t, e.fake, b.Code, ""))
	other, err := e.c.Book(ctx, bookReq("k2", "appointment-43"))
	require.NoError(t, err)
	time.Sleep(30 * time.Millisecond)
	assert.Len(t, e.rcv.got(), 2, "held events are not sent")
	// The duplicate's attempt may still be finishing: wait for exactly the held three.
	require.Eventually(t, func() bool { return e.fake.Pending() == 3 }, time.Second, 5*time.Millisecond)

	e.fake.ReleaseEvents(acsesfake.Reversed)
	evs = e.rcv.waitFor(t, 5)[2:]
	assert.Equal(t, []enums.ObjectStatus{"registered", "checkout", "dropoff"},
		[]enums.ObjectStatus{evs[0].EventName, evs[1].EventName, evs[2].EventName})
	assert.Equal(t, other.ID, evs[0].Booking.ID)
	require.Eventually(t, func() bool { return e.fake.Pending() == 0 }, time.Second, 5*time.Millisecond)
}

func TestExpiry(t *testing.T) {
	e := setup(t, acsesfake.WithExpiryInterval(10*time.Millisecond))
	ctx := context.Background()
	b, err := e.c.Book(ctx, bookReq("k1", "appointment-42"))
	require.NoError(t, err)
	require.NoError(t, e.fake.ExpireNow(b.ID))
	evs := e.rcv.waitFor(t, 2)
	assert.Equal(t, enums.ObjectStatusExpired, evs[1].EventName)
	assert.Equal(t, enums.BookingStateExpired, evs[1].Booking.State)
	assert.Equal(t, http.StatusConflict, useDoor(t, e.fake, b.Code, ""), "an expired code opens nothing")
	assert.Error(t, e.fake.ExpireNow(b.ID), "only a BOOKED booking expires")

	// The end date passing expires a booking by itself.
	short := bookReq("k2", "appointment-43")
	// Long enough to reach the vendor on a loaded machine: an end before the
	// vendor's "now" start would be refused.
	short.EndDate = time.Now().Add(300 * time.Millisecond)
	s, err := e.c.Book(ctx, short)
	require.NoError(t, err)
	evs = e.rcv.waitFor(t, 4)
	assert.Equal(t, enums.ObjectStatusExpired, evs[3].EventName)
	assert.Equal(t, s.ID, evs[3].Booking.ID)
	cells, err := e.c.FreeCells(ctx, acsesfake.DemoLockerSystemID)
	require.NoError(t, err)
	assert.Len(t, cells, 16, "expired bookings free their cells")
}

func TestDoorThatFailsToOpen(t *testing.T) {
	e := setup(t)
	b, err := e.c.Book(context.Background(), bookReq("k1", "appointment-42"))
	require.NoError(t, err)
	e.rcv.waitFor(t, 1)
	e.fake.FailDoorNext(1)
	assert.Equal(t, http.StatusInternalServerError, useDoor(t, e.fake, b.Code, ""))
	time.Sleep(30 * time.Millisecond)
	assert.Len(t, e.fake.Events(), 1, "no event for a door that did not open")
	got, _ := e.fake.Booking(b.ID)
	assert.Equal(t, enums.ObjectStatusRegistered, got.LastAction)
	assert.Equal(t, http.StatusOK, useDoor(t, e.fake, b.Code, "dropoff"), "the next try opens")
}

func TestUnavailableIsQuickAndTransient(t *testing.T) {
	e := setup(t)
	ctx := context.Background()

	e.fake.SetDown(true)
	start := time.Now()
	_, err := e.c.LockerSystems(ctx)
	assert.ErrorIs(t, err, acses.ErrUnavailable)
	assert.False(t, acses.IsPermanent(err))
	assert.Less(t, time.Since(start), 2*time.Second, "no retry loop on a vendor that is down")
	_, err = e.c.Book(ctx, bookReq("k1", "appointment-42"))
	assert.ErrorIs(t, err, acses.ErrUnavailable)
	e.fake.SetDown(false)

	e.fake.FailNext(1, http.StatusServiceUnavailable)
	_, err = e.c.FreeCells(ctx, acsesfake.DemoLockerSystemID)
	var ae *acses.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, acses.CodeUnavailable, ae.Code)
	assert.ErrorIs(t, err, acses.ErrUnavailable)

	// A vendor that hangs: the availability timeout cuts it short.
	fast, err := acses.New(acses.Config{BaseURL: e.fake.URL(), APIKey: e.fake.APIKey(), AvailabilityTimeout: 100 * time.Millisecond})
	require.NoError(t, err)
	e.fake.SetLatency(3 * time.Second)
	start = time.Now()
	_, err = fast.FreeCells(ctx, acsesfake.DemoLockerSystemID)
	assert.ErrorIs(t, err, acses.ErrUnavailable)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), time.Second)
	e.fake.SetLatency(0)

	// Nobody listening at all.
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	dead, err := acses.New(acses.Config{BaseURL: gone.URL, APIKey: "k"})
	require.NoError(t, err)
	_, err = dead.LockerSystems(ctx)
	assert.ErrorIs(t, err, acses.ErrUnavailable)
}

func TestWrongAPIKey(t *testing.T) {
	e := setup(t)
	c, err := acses.New(acses.Config{BaseURL: e.fake.URL(), APIKey: "wrong"})
	require.NoError(t, err)
	_, err = c.LockerSystems(context.Background())
	assert.ErrorIs(t, err, acses.ErrUnauthorized)
	assert.True(t, acses.IsPermanent(err))
	assert.False(t, errors.Is(err, acses.ErrUnavailable))
}

func TestConfig(t *testing.T) {
	_, err := acses.New(acses.Config{BaseURL: "not a url", APIKey: "k"})
	assert.Error(t, err)
	_, err = acses.New(acses.Config{BaseURL: "http://127.0.0.1:1"})
	assert.Error(t, err)
	cfg := acses.Config{BaseURL: "http://x", APIKey: "secret-key"}
	assert.NotContains(t, cfg.String(), "secret-key")
	assert.Equal(t, 2*time.Second, acses.DefaultAvailabilityTimeout)
}

// A location's own login (WithLogin) goes as HTTP Basic, and the simulator
// checks it as the vendor would: a known e-mail with its password passes,
// a wrong password or an unknown e-mail is 401; an empty login keeps the
// account's bearer key.
func TestLocationLoginIsBasicAuth(t *testing.T) {
	fake := acsesfake.New(acsesfake.WithDemoLockerSystem(), acsesfake.WithLogin("lockers@dealer.example", "location-secret"))
	t.Cleanup(fake.Close)
	var seen []string
	c, err := acses.New(acses.Config{BaseURL: fake.URL(), APIKey: "wrong-key", HTTPClient: &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r.Header.Get("Authorization"))
		return http.DefaultTransport.RoundTrip(r)
	})}})
	require.NoError(t, err)
	ctx := context.Background()
	_, err = c.WithLogin("lockers@dealer.example", "location-secret").LockerSystems(ctx)
	require.NoError(t, err)
	require.Equal(t, "Basic bG9ja2Vyc0BkZWFsZXIuZXhhbXBsZTpsb2NhdGlvbi1zZWNyZXQ=", seen[0])
	_, err = c.WithLogin("lockers@dealer.example", "other-secret").LockerSystems(ctx)
	require.ErrorIs(t, err, acses.ErrUnauthorized)
	require.NotContains(t, err.Error(), "other-secret")
	_, err = c.WithLogin("someone@dealer.example", "location-secret").LockerSystems(ctx)
	require.ErrorIs(t, err, acses.ErrUnauthorized)
	_, err = c.WithLogin("", "location-secret").LockerSystems(ctx)
	require.ErrorIs(t, err, acses.ErrUnauthorized, "no login: the (wrong) account key")
	require.Equal(t, "Bearer wrong-key", seen[len(seen)-1])
	fake.AddLogin("lockers@dealer.example", "rotated-secret")
	_, err = c.WithLogin("lockers@dealer.example", "location-secret").LockerSystems(ctx)
	require.ErrorIs(t, err, acses.ErrUnauthorized, "rotated at the vendor")
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
