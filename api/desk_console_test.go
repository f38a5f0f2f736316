package api

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api/console"
	"github.com/pitstop-dev/pitstop/api/deskpage"
	contract "github.com/pitstop-dev/pitstop/contracts/console"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// consoleAppointment makes an appointment of loc at at.
func (f *adminFixture) consoleAppointment(loc int, plate string, at time.Time) *ent.Appointment {
	f.t.Helper()
	return f.db.Appointment.Create().SetLocationID(loc).SetWoNr("WO-" + plate).SetRegNumber(plate).SetDriverFirstname("Eva").
		SetDriverSurname(plate).SetTimeCarApp(at.UTC()).SetCreatedBy("test").SaveX(context.Background())
}

// consoleCommunication gives ap a customer communication (for remarks and events).
func (f *adminFixture) consoleCommunication(ap *ent.Appointment) *ent.CustomerCommunication {
	f.t.Helper()
	k := fmt.Sprintf("k-%d", ap.ID)
	return f.db.CustomerCommunication.Create().SetAppointmentID(ap.ID).SetDealerLocationID(ap.DealerLocationID).
		SetCustomerKeyHash("c" + k).SetCustomerKeySalt("s").SetReceptionistKeyHash("r" + k).SetReceptionistKeySalt("s").
		SaveX(context.Background())
}

// GET /v1/desk/day: the location's today and tomorrow, those that need a
// person first (by time), each with its reasons as contracts/console
// decides them from the read model; the rest by time; other days and
// other locations left out.
func TestDeskDayPutsWhatNeedsAPersonFirst(t *testing.T) {
	f := newAdminFixture(t)
	ctx := context.Background()
	zone, err := time.LoadLocation("Europe/Amsterdam")
	require.NoError(t, err)
	now := time.Now().In(zone)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, zone)
	tomorrow := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, zone)

	calm := f.consoleAppointment(f.locA, "CA-LM-01", today.Add(8*time.Hour))
	remote := f.consoleAppointment(f.locA, "RE-MO-01", today.Add(10*time.Hour))
	f.db.Appointment.UpdateOne(remote).SetRemoteDiagnosisToHandle(true).ExecX(ctx)
	remark := f.consoleAppointment(f.locA, "RE-MA-01", today.Add(11*time.Hour))
	com := f.consoleCommunication(remark)
	f.db.CheckInRemark.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(remark.ID).SetDescription("Rattle left rear").ExecX(ctx)
	f.db.CheckInRemark.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(remark.ID).SetDescription("Old one").
		SetReceptionistHandled(true).ExecX(ctx)
	failed := f.consoleAppointment(f.locA, "FA-IL-01", today.Add(12*time.Hour))
	fcom := f.consoleCommunication(failed)
	ev := f.db.CommunicationEvent.Create().SetCustomerCommunicationID(fcom.ID).SetAppointmentID(failed.ID).
		SetType(enums.CommunicationEventTypeOnlineCheckInSent).SaveX(ctx)
	f.db.CommunicationReceiver.Create().SetCommunicationEventID(ev.ID).SetAppointmentID(failed.ID).
		SetCommunicationChannelID(enums.CommunicationChannelIDSMS).SetDestination("+31600000000").
		SetStatus(enums.CommunicationReceiverStatusFailed).SetIdempotencyKey(fmt.Sprintf("r-%d", failed.ID)).ExecX(ctx)
	unanswered := f.consoleAppointment(f.locA, "UN-AN-01", tomorrow.Add(8*time.Hour))
	f.db.Appointment.UpdateOne(unanswered).SetCheckInComSent(true).ExecX(ctx)
	callMe := f.consoleAppointment(f.locA, "CA-LL-01", tomorrow.Add(9*time.Hour))
	f.db.Intervention.Create().SetAppointmentID(callMe.ID).SetDealerLocationID(f.locA).SetTitle("Brake pads").
		SetCommunicationResultStatus(enums.CommunicationResultStatusContactMe).ExecX(ctx)
	cancelled := f.consoleAppointment(f.locA, "CN-CL-01", today.Add(13*time.Hour))
	f.db.Appointment.UpdateOne(cancelled).SetLifecycleStage("cancelled").SetRemoteDiagnosisToHandle(true).ExecX(ctx)
	f.consoleAppointment(f.locA, "YE-ST-01", today.Add(-2*time.Hour))
	f.consoleAppointment(f.locA, "AF-TE-01", tomorrow.Add(25*time.Hour))
	f.consoleAppointment(f.locB, "OT-HE-01", today.Add(9*time.Hour))

	var day console.DayView
	code, body := f.call("GET", fmt.Sprintf("/v1/desk/day?location_id=%d", f.locA), f.token(enums.RoleIDReceptionist), nil, &day)
	require.Equal(t, http.StatusOK, code, string(body))
	var ids []int
	reasons := map[int][]contract.Reason{}
	for _, a := range day.Appointments {
		ids = append(ids, a.ID)
		reasons[a.ID] = a.NeedsPerson
	}
	assert.Equal(t, []int{remote.ID, remark.ID, failed.ID, unanswered.ID, callMe.ID, calm.ID, cancelled.ID}, ids)
	assert.Equal(t, []contract.Reason{contract.ReasonRemoteDiagnosis}, reasons[remote.ID])
	assert.Equal(t, []contract.Reason{contract.ReasonRemarks}, reasons[remark.ID])
	assert.Equal(t, []contract.Reason{contract.ReasonDeliveryFailed}, reasons[failed.ID])
	assert.Equal(t, []contract.Reason{contract.ReasonCheckInNotAnswered}, reasons[unanswered.ID])
	assert.Equal(t, []contract.Reason{contract.ReasonCallMe}, reasons[callMe.ID])
	assert.Empty(t, reasons[calm.ID])
	assert.Empty(t, reasons[cancelled.ID])
	assert.Contains(t, string(body), `"needs_person":[]`, "an empty list, never null")
	assert.Equal(t, "Europe/Amsterdam", day.Location.TimeZone)
	assert.Equal(t, today.Format("2006-01-02"), day.Date)
	require.Len(t, day.Tablets, 1, "the location's counter tablet")
	assert.Equal(t, f.users[enums.RoleIDCounterTablet], day.Tablets[0].ID)
	for _, a := range day.Appointments {
		if a.ID == remark.ID {
			assert.Equal(t, 1, a.RemarksNotHandled)
		}
	}

	// One day from tomorrow: only tomorrow's.
	code, body = f.call("GET", fmt.Sprintf("/v1/desk/day?location_id=%d&date=%s&days=1", f.locA, tomorrow.Format("2006-01-02")),
		f.token(enums.RoleIDReceptionist), nil, &day)
	require.Equal(t, http.StatusOK, code, string(body))
	assert.Len(t, day.Appointments, 2)

	// Another dealer's location: not found; bad input: the spec's errors.
	code, _ = f.call("GET", fmt.Sprintf("/v1/desk/day?location_id=%d", f.locB), f.token(enums.RoleIDReceptionist), nil, nil)
	assert.Equal(t, http.StatusNotFound, code)
	for _, q := range []string{"&date=2026-02-30", "&days=3", "&days=0", "&date=tomorrow"} {
		code, body = f.call("GET", fmt.Sprintf("/v1/desk/day?location_id=%d%s", f.locA, q), f.token(enums.RoleIDReceptionist), nil, nil)
		assert.Equal(t, http.StatusOK, code, q)
		assert.NotEmpty(t, errorsIn(body), "%s: %s", q, body)
	}
	code, _ = f.call("GET", fmt.Sprintf("/v1/desk/day?location_id=%d", f.locA), f.token(enums.RoleIDCounterTablet), nil, nil)
	assert.Equal(t, http.StatusForbidden, code)
}

// sseEvent is one event of a stream.
type sseEvent struct{ id, event, data string }

// openEvents opens GET /v1/desk/events and sends its events on the channel
// until the stream ends.
func openEvents(t *testing.T, url, token, lastID string) (<-chan sseEvent, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))
	out := make(chan sseEvent, 16)
	go func() {
		defer close(out)
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		var e sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if e.data != "" {
					out <- e
				}
				e = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				e.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				e.event = line[7:]
			case strings.HasPrefix(line, "data: "):
				e.data = line[6:]
			}
		}
	}()
	return out, cancel
}

// waitChange waits up to d for an event naming appointment id.
func waitChange(ch <-chan sseEvent, id int, d time.Duration) (sseEvent, bool) {
	deadline := time.After(d)
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				return sseEvent{}, false
			}
			var c console.Change
			if e.event == "change" && json.Unmarshal([]byte(e.data), &c) == nil {
				for _, x := range c.AppointmentIDs {
					if x == id {
						return e, true
					}
				}
			}
		case <-deadline:
			return sseEvent{}, false
		}
	}
}

// GET /v1/desk/events: a change on an open stream arrives within 2 s; a
// browser reconnecting with Last-Event-ID gets the change it missed, and
// one connecting afresh does not get old changes.
func TestDeskEventsLiveAndResumedFromLastEventID(t *testing.T) {
	defer func(p, s time.Duration) { console.PollEvery, console.StreamFor = p, s }(console.PollEvery, console.StreamFor)
	console.PollEvery, console.StreamFor = 100*time.Millisecond, 10*time.Second
	f := newAdminFixture(t)
	ctx := context.Background()
	ts := httptest.NewServer(f.router)
	defer ts.Close()
	tok := f.token(enums.RoleIDReceptionist)
	url := fmt.Sprintf("%s/v1/desk/events?location_id=%d", ts.URL, f.locA)
	soon := time.Now().Add(3 * time.Hour)
	ap := f.consoleAppointment(f.locA, "LI-VE-01", soon)
	missed := f.consoleAppointment(f.locA, "MI-SS-01", soon.Add(time.Hour))
	other := f.consoleAppointment(f.locB, "OT-HE-02", soon)

	// A change 20 s ago, while the console was away (its last event ID
	// is from 30 s ago).
	away := time.Now().Add(-30 * time.Second)
	f.db.Appointment.UpdateOne(missed).SetCheckInComAnswered(true).SetUpdatedAt(time.Now().Add(-20 * time.Second)).ExecX(ctx)
	f.db.Appointment.UpdateOne(ap).SetUpdatedAt(time.Now().Add(-time.Minute)).ExecX(ctx)

	fresh, stop := openEvents(t, url, tok, "")
	defer stop()
	resumed, stop2 := openEvents(t, url, tok, fmt.Sprint(away.UnixMicro()))
	defer stop2()
	e, ok := waitChange(resumed, missed.ID, 2*time.Second)
	require.True(t, ok, "the reconnecting stream did not get the missed change")
	assert.NotEmpty(t, e.id)
	_, ok = waitChange(fresh, missed.ID, 500*time.Millisecond)
	assert.False(t, ok, "a fresh stream reported a change from before it opened")

	// Live: a key drop now shows on both streams within 2 s; another
	// location's change on neither.
	f.db.Appointment.UpdateOne(other).SetKeyDroppedAt(time.Now()).ExecX(ctx)
	f.db.Appointment.UpdateOne(ap).SetKeyDroppedAt(time.Now()).ExecX(ctx)
	start := time.Now()
	live, ok := waitChange(fresh, ap.ID, 2*time.Second)
	require.True(t, ok, "the live change did not arrive within 2 s")
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.NotContains(t, live.data, fmt.Sprint(other.ID))
	_, ok = waitChange(resumed, ap.ID, 2*time.Second)
	assert.True(t, ok)

	// A delivery outcome (a receiver's status) is a change of its appointment too.
	com := f.consoleCommunication(missed)
	ev := f.db.CommunicationEvent.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(missed.ID).
		SetType(enums.CommunicationEventTypeOnlineCheckInSent).SaveX(ctx)
	_, ok = waitChange(fresh, missed.ID, 2*time.Second)
	require.True(t, ok, "a new communication event did not arrive")
	rc := f.db.CommunicationReceiver.Create().SetCommunicationEventID(ev.ID).SetAppointmentID(missed.ID).
		SetCommunicationChannelID(enums.CommunicationChannelIDSMS).SetDestination("+31600000001").SetIdempotencyKey("live-1").SaveX(ctx)
	_, _ = waitChange(fresh, missed.ID, 2*time.Second)
	f.db.CommunicationReceiver.UpdateOne(rc).SetStatus(enums.CommunicationReceiverStatusFailed).ExecX(ctx)
	_, ok = waitChange(fresh, missed.ID, 2*time.Second)
	assert.True(t, ok, "a delivery outcome did not arrive")

	// A cursor that is not one: the spec's errors, no stream.
	code, body := f.call("GET", fmt.Sprintf("/v1/desk/events?location_id=%d&after=yesterday", f.locA), tok, nil, nil)
	assert.Equal(t, http.StatusOK, code)
	assert.NotEmpty(t, errorsIn(body))
	code, _ = f.call("GET", fmt.Sprintf("/v1/desk/events?location_id=%d", f.locB), tok, nil, nil)
	assert.Equal(t, http.StatusNotFound, code)
}

// The staff routes honour Idempotency-Key (the console sends one with
// every action): the same key with another body is refused before the
// handler runs, and a repeat gets the first answer.
func TestStaffActionsHonourIdempotencyKey(t *testing.T) {
	f := newAdminFixture(t)
	tok := f.token(enums.RoleIDReceptionist)
	ap := f.consoleAppointment(f.locA, "ID-EM-01", time.Now().Add(time.Hour))
	com := f.consoleCommunication(ap)
	rm := f.db.CheckInRemark.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(ap.ID).SetDescription("Noise").SaveX(context.Background())
	hdr := map[string]string{"Idempotency-Key": "desk-1"}
	body := map[string]any{"type": "check_in", "id": rm.ID}
	code, first := f.callWith("POST", "/v1/remarks/handled", tok, body, hdr)
	require.Equal(t, http.StatusOK, code, string(first))
	require.True(t, f.db.CheckInRemark.GetX(context.Background(), rm.ID).ReceptionistHandled)
	// Unhandled again behind the API's back: a repeat of the key must not act again.
	f.db.CheckInRemark.UpdateOne(rm).SetReceptionistHandled(false).ExecX(context.Background())
	code, again := f.callWith("POST", "/v1/remarks/handled", tok, body, hdr)
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, string(first), string(again))
	assert.False(t, f.db.CheckInRemark.GetX(context.Background(), rm.ID).ReceptionistHandled, "the repeat acted again")
	code, other := f.callWith("POST", "/v1/remarks/handled", tok, map[string]any{"type": "check_in", "id": rm.ID + 1}, hdr)
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, strings.Join(errorsIn(other), " "), "another request")
}

// callWith is call with request headers.
func (f *adminFixture) callWith(method, path, token string, body any, hdr map[string]string) (int, []byte) {
	f.t.Helper()
	j, err := json.Marshal(body)
	require.NoError(f.t, err)
	req := httptest.NewRequest(method, path, strings.NewReader(string(j)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	f.router.ServeHTTP(w, req)
	return w.Code, w.Body.Bytes()
}

// The router serves the receptionist's console at /desk/ on every
// instance, with its own strict CSP over the API's defaults.
func TestRouterServesTheDeskConsole(t *testing.T) {
	h := New(Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	for _, path := range []string{"/desk/", "/desk/index.html"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		assert.Equal(t, http.StatusOK, w.Code, path)
		assert.Equal(t, deskpage.CSP(), w.Header().Get("Content-Security-Policy"), path)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/desk", nil))
	assert.Equal(t, http.StatusMovedPermanently, w.Code)
}
