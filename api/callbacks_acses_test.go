package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api/callbacks"
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/webhookhistory"
	"github.com/pitstop-dev/pitstop/integrations/acses"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keylocker/doorcodes"
	"github.com/pitstop-dev/pitstop/internal/lockerevents"
	"github.com/pitstop-dev/pitstop/internal/routes"
)

// lockerFixture: dealer A's location has locker system "lock-a", dealer B's
// "lock-b", each with its own secret and an appointment with a drop booking.
type lockerFixture struct {
	*adminFixture
	rec                *temporalRecorder
	apA, apB           *ent.Appointment
	bookingA, bookingB string
}

const (
	secretA = "secret-of-locker-a-0123456789"
	secretB = "secret-of-locker-b-0123456789"
)

func newLockerFixture(t *testing.T) *lockerFixture {
	t.Helper()
	ctx := context.Background()
	f := &lockerFixture{adminFixture: newAdminFixture(t)}
	f.rec = f.withTemporal()
	now := time.Now().UTC().Truncate(time.Second)
	for _, x := range []struct {
		loc              int
		system, secret   string
		ap               **ent.Appointment
		booking, code    string
		bookingIDPointer *string
	}{
		{f.locA, "lock-a", secretA, &f.apA, "bk-a", "111111", &f.bookingA},
		{f.locB, "lock-b", secretB, &f.apB, "bk-b", "222222", &f.bookingB},
	} {
		f.db.LockerSystem.Create().SetID(x.system).SetDealerLocationID(x.loc).SetName("Locker " + x.system).SetWebhookSecret(x.secret).ExecX(ctx)
		*x.ap = f.db.Appointment.Create().SetLocationID(x.loc).SetWoNr("WO-" + x.system).SetRegNumber("AB-12-CD").
			SetTimeCarApp(now.Add(24 * time.Hour)).SetCreatedBy("test").SaveX(ctx)
		f.db.Booking.Create().SetID(x.booking).SetLockerSystemID(x.system).SetAppointmentID((*x.ap).ID).SetState(enums.BookingStateBooked).
			SetStartDate(now).SetEndDate(now.Add(14 * 24 * time.Hour)).SetCode(x.code).SetCreatedInAcses(now).SetPurpose("drop").ExecX(ctx)
		*x.bookingIDPointer = x.booking
	}
	return f
}

// event is a dropoff of booking at system.
func lockerEvent(id, system, booking, code string) acses.Event {
	return acses.Event{ID: id, LockerSystemID: system, LockerCellNumber: "3", EventName: enums.ObjectStatusDropoff,
		EventDate: time.Now().UTC().Truncate(time.Second),
		Booking:   acses.Booking{ID: booking, State: enums.BookingStateBooked, Code: code, LockerCellNumber: "3"}}
}

// post delivers raw to the events handler from client ip, signed with
// secret under id (unsigned when secret is "").
func (f *lockerFixture) post(raw []byte, id, secret, ip string) int {
	f.t.Helper()
	req := httptest.NewRequest(http.MethodPost, routes.ACSESEventsPath, strings.NewReader(string(raw)))
	req.RemoteAddr = ip + ":4444"
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		now := time.Now()
		req.Header.Set(acses.HeaderID, id)
		req.Header.Set(acses.HeaderTimestamp, fmt.Sprint(now.Unix()))
		req.Header.Set(acses.HeaderSignature, acses.Sign([]byte(secret), id, now, raw))
	}
	w := httptest.NewRecorder()
	f.router.ServeHTTP(w, req)
	return w.Code
}

func (f *lockerFixture) postEvent(ev acses.Event, secret string) int {
	f.t.Helper()
	raw, err := json.Marshal(ev)
	require.NoError(f.t, err)
	return f.post(raw, ev.ID, secret, "198.51.100.7")
}

func (f *lockerFixture) signals() []appointment.KeySignal {
	f.rec.mu.Lock()
	defer f.rec.mu.Unlock()
	var out []appointment.KeySignal
	for _, s := range f.rec.signals {
		if k, ok := s.(appointment.KeySignal); ok {
			out = append(out, k)
		}
	}
	return out
}

// An event signed with one locker system's secret never moves a booking of
// another locker system, nor an appointment at another location: it is
// refused and recorded as rejected; the signer's own booking still moves.
func TestLockerEventForAnotherLockersBookingIsRefused(t *testing.T) {
	f := newLockerFixture(t)
	ctx := context.Background()

	// Positive evidence first: A's secret moves A's own booking.
	require.Equal(t, http.StatusOK, f.postEvent(lockerEvent("ev-own", "lock-a", f.bookingA, "111111"), secretA))
	require.Len(t, f.signals(), 1)
	require.Equal(t, f.bookingA, f.signals()[0].BookingID)

	// A's secret, A's locker system, B's booking: refused.
	require.Equal(t, http.StatusForbidden, f.postEvent(lockerEvent("ev-cross", "lock-a", f.bookingB, "222222"), secretA))
	// A booking of A's locker system whose appointment is at B's location
	// (an inconsistent row) is refused too, and so is a siteTablekey of
	// another system.
	odd := f.db.Booking.Create().SetID("bk-odd").SetLockerSystemID("lock-a").SetAppointmentID(f.apB.ID).
		SetStartDate(time.Now()).SetEndDate(time.Now().Add(time.Hour)).SetCreatedInAcses(time.Now()).SetPurpose("drop").SaveX(ctx)
	require.Equal(t, http.StatusForbidden, f.postEvent(lockerEvent("ev-odd", "lock-a", odd.ID, ""), secretA))
	site := lockerEvent("ev-site", "lock-a", f.bookingA, "111111")
	site.Booking.LockerSystemID = "lock-b"
	require.Equal(t, http.StatusForbidden, f.postEvent(site, secretA))

	require.Len(t, f.signals(), 1, "no signal for a booking that is not the signer's: %+v", f.signals())
	require.Empty(t, f.db.Booking.GetX(ctx, f.bookingB).LastAction, "B's booking unchanged")
	in := f.db.WebhookHistory.Query().Where(webhookhistory.Direction(lockerevents.DirectionIn)).AllX(ctx)
	require.Len(t, in, 1, "only the own event is stored as received")
	rej := f.db.WebhookHistory.Query().Where(webhookhistory.Direction(lockerevents.DirectionRejected)).Order(ent.Asc(webhookhistory.FieldID)).AllX(ctx)
	require.Len(t, rej, 3)
	for i, id := range []string{"ev-cross", "ev-odd", "ev-site"} {
		require.Equal(t, id, rej[i].WebhookEventID)
		require.Equal(t, f.locA, rej[i].DealerLocationID, "recorded at the signer's location")
		require.Equal(t, "403", rej[i].ResponseStatus)
	}
	// The refused tablekey is not taken: B's own, real event still applies.
	require.Equal(t, http.StatusOK, f.postEvent(lockerEvent("ev-cross", "lock-b", f.bookingB, "222222"), secretB))
	require.Len(t, f.signals(), 2)
	require.Equal(t, f.bookingB, f.signals()[1].BookingID)
}

// history reads one page of the location's event history as role.
func (f *lockerFixture) history(role enums.RoleID, loc int, body map[string]any) (staffapi.HistoryResponse, int, []byte) {
	f.t.Helper()
	if body == nil {
		body = map[string]any{}
	}
	body["dealer_location_id"] = loc
	var h staffapi.HistoryResponse
	code, raw := f.call("POST", "/v1/events/history", f.token(role), body, &h)
	return h, code, raw
}

// Unsigned deliveries are stored small and few: a body keeps at most
// lockerevents.MaxRejectedContent bytes, a client at most callbacks.RejectedPerSource rows and a
// location at most callbacks.RejectedPerLocation per window; the history is paged.
func TestRejectedLockerDeliveriesAreCappedAndHistoryIsPaged(t *testing.T) {
	f := newLockerFixture(t)
	ctx := context.Background()
	big := []byte(`{"lockersystem":"lock-a","tablekey":"x","pad":"` + strings.Repeat("A", 60<<10) + `"}`)
	for range callbacks.RejectedPerSource + 5 {
		require.Equal(t, http.StatusUnauthorized, f.post(big, "", "", "203.0.113.1"))
	}
	rows := f.db.WebhookHistory.Query().Where(webhookhistory.DealerLocationID(f.locA)).AllX(ctx)
	require.Equal(t, callbacks.RejectedPerSource, len(rows), "one client stores at most its share")
	for _, r := range rows {
		require.Equal(t, lockerevents.DirectionRejected, r.Direction)
		require.LessOrEqual(t, len(r.SentContent), lockerevents.MaxRejectedContent+64)
		require.Contains(t, r.SentContent, "truncated: 61")
	}
	// Many clients: the location's cap holds.
	for i := range callbacks.RejectedPerLocation {
		require.Equal(t, http.StatusUnauthorized, f.post(big, "", "", fmt.Sprintf("203.0.113.%d", 10+i%100)))
	}
	n := f.db.WebhookHistory.Query().Where(webhookhistory.DealerLocationID(f.locA)).CountX(ctx)
	require.Equal(t, callbacks.RejectedPerLocation, n)
	// B's location is not affected by A's flood.
	require.Equal(t, http.StatusOK, f.postEvent(lockerEvent("ev-b", "lock-b", f.bookingB, "222222"), secretB))

	// The first page keeps the spec's shape; next_cursor leads on, oldest first.
	h, code, raw := f.history(enums.RoleIDReceptionist, f.locA, nil)
	require.Equal(t, http.StatusOK, code, string(raw))
	require.Len(t, h.History, staffapi.HistoryPageSize)
	require.Less(t, len(raw), 512<<10, "a page is bounded")
	var seen []time.Time
	pages, cursor := 0, ""
	for {
		body := map[string]any{"page_size": 30}
		if cursor != "" {
			body["cursor"] = cursor
		}
		h, code, raw := f.history(enums.RoleIDReceptionist, f.locA, body)
		require.Equal(t, http.StatusOK, code, string(raw))
		require.Empty(t, errorsIn(raw), string(raw))
		pages++
		for _, e := range h.History {
			seen = append(seen, e.SentDate)
		}
		if h.NextCursor == "" {
			break
		}
		require.Len(t, h.History, 30)
		cursor = h.NextCursor
	}
	require.Equal(t, 4, pages)
	require.Len(t, seen, callbacks.RejectedPerLocation, "every row once")
	for i := 1; i < len(seen); i++ {
		require.False(t, seen[i].Before(seen[i-1]), "oldest first")
	}
	_, _, raw = f.history(enums.RoleIDReceptionist, f.locA, map[string]any{"cursor": "bogus"})
	require.NotEmpty(t, errorsIn(raw))
	_, _, raw = f.history(enums.RoleIDReceptionist, f.locA, map[string]any{"page_size": MaxPageSize + 1})
	require.NotEmpty(t, errorsIn(raw))
}

// Door codes in the history are shown to roles that hand keys out and
// hidden from the read-only roles, in authentic and rejected deliveries.
func TestLockerHistoryHidesDoorCodesFromReadOnlyRoles(t *testing.T) {
	f := newLockerFixture(t)
	require.Equal(t, http.StatusOK, f.postEvent(lockerEvent("ev-1", "lock-a", f.bookingA, "111111"), secretA))
	forged, err := json.Marshal(lockerEvent("ev-2", "lock-a", f.bookingA, "987654"))
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, f.post(forged, "ev-2", "wrong-secret-0123456789", "198.51.100.9"))
	// A body stored cut off (no longer JSON) still has its code hidden.
	long := `{"lockersystem":"lock-a","booking":{"Code" : "445566"},"pad":"` + strings.Repeat("p", lockerevents.MaxRejectedContent) + `"}`
	require.Equal(t, http.StatusUnauthorized, f.post([]byte(long), "", "", "198.51.100.9"))

	h, code, raw := f.history(enums.RoleIDReceptionist, f.locA, nil)
	require.Equal(t, http.StatusOK, code, string(raw))
	require.Len(t, h.History, 3)
	require.Contains(t, h.History[0].SentContent, "111111", "a receptionist hands keys out")
	require.NotContains(t, string(raw), "987654", "a refused delivery's code is never kept")
	require.NotContains(t, string(raw), "445566")
	for _, r := range f.db.WebhookHistory.Query().AllX(context.Background()) {
		for _, c := range []string{"111111", "987654", "445566"} {
			require.NotContains(t, r.SentContent, c, "stored without a door code in clear")
		}
	}

	for _, role := range []enums.RoleID{enums.RoleIDMechanic, enums.RoleIDQualityControl, enums.RoleIDLeadsWarranty} {
		h, code, raw := f.history(role, f.locA, nil)
		require.Equal(t, http.StatusOK, code, string(raw))
		require.Len(t, h.History, 3)
		for _, c := range []string{"111111", "987654", "445566"} {
			require.NotContains(t, string(raw), c, "role %d", role)
		}
		var ev acses.Event
		require.NoError(t, json.Unmarshal([]byte(h.History[0].SentContent), &ev), "still the event's JSON")
		require.Equal(t, doorcodes.Redacted, ev.Booking.Code)
		require.Equal(t, f.bookingA, ev.Booking.ID)
		require.Contains(t, h.History[2].SentContent, doorcodes.Redacted)
	}
}
