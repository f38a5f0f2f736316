package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/webhookhistory"
	"github.com/pitstop-dev/pitstop/integrations/acses"
	acsesfake "github.com/pitstop-dev/pitstop/integrations/acses/fake"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/routes"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// lockerCheckIn starts the seeded lifecycles and answers Jan's online
// check-in choosing the ACSES locker; it returns the appointment and answer.
func (s *stack) lockerCheckIn(drop bool) (int, appointment.CheckInAnswerResult) {
	s.t.Helper()
	ap := s.Demo.Appointments[0].AppointmentID
	s.start()
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	answer := map[string]any{"key": s.keyOf(ap, keys.Customer), "customer_name": "Jan de Vries",
		"results": []map[string]any{}, "remarks": []map[string]any{}, "agreement_ids": []int{},
		"preferred_communication_channel": 2, "drop_in_acses_locker": drop}
	var res appointment.CheckInAnswerResult
	code, body := s.call("POST", "/v1/online_checkin/answer", "", answer, &res)
	require.Equal(s.t, http.StatusOK, code, string(body))
	return ap, res
}

// door opens a simulated door through our dev endpoint, as the spec's link does.
func (s *stack) door(code string, action enums.ObjectStatus) {
	s.t.Helper()
	q := url.Values{"location_id": {fmt.Sprint(s.Demo.LocationID)}, "locker_system_id": {acsesfake.DemoLockerSystemID},
		"code": {code}, "action": {string(action)}}
	status, body := s.call("GET", "/v1/events/simulate?"+q.Encode(), "", nil, nil)
	require.Equal(s.t, http.StatusOK, status, string(body))
	require.Empty(s.t, body)
}

func (s *stack) lockerState(ap int, cond func(*appointment.LockerState) bool) appointment.AppointmentState {
	s.t.Helper()
	return s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Locker != nil && cond(st.Locker) })
}

func (s *stack) staffPIN(path, token string, body any) (int, string, []byte) {
	s.t.Helper()
	var out staffapi.PINResponse
	code, raw := s.call("POST", path, token, body, &out)
	pin := ""
	if out.AcsesPIN != nil {
		pin = *out.AcsesPIN
	}
	return code, pin, raw
}

func (s *stack) appointmentRow(ap int) *ent.Appointment {
	s.t.Helper()
	a, err := s.DB.Appointment.Get(context.Background(), ap)
	require.NoError(s.t, err)
	return a
}

// The key's whole journey through HTTP, the vendor simulator and the real
// Temporal dev server.
func TestLockerWholeJourney(t *testing.T) {
	s := newStack(t)
	var avail struct{ Available bool }
	ap, res := s.lockerCheckIn(true)
	code, body := s.call("POST", "/v1/online_checkin/is_acses_available", "", map[string]string{"key": s.keyOf(ap, keys.Customer)}, &avail)
	require.Equal(t, http.StatusOK, code, string(body))
	require.True(t, avail.Available)
	require.Regexp(t, `^\d{6}$`, res.AcsesPIN)
	require.Equal(t, "Demo locker", res.AcsesLockerName)
	st := s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerBooked })
	require.Equal(t, appointment.StageAwaitingKeyDrop, st.Stage)

	// Staff endpoints: no token, another location's token, too early.
	pickup := map[string]int{"appointment_id": ap}
	code, _, body = s.staffPIN("/v1/employees/pickup", "", pickup)
	failed(t, code, body, http.StatusUnauthorized)
	other := s.elsewhereToken()
	code, _, body = s.staffPIN("/v1/employees/pickup", other, pickup)
	failed(t, code, body, http.StatusNotFound)
	code, body = s.call("POST", "/v1/employees/list_available_lockers", other, map[string]int{"dealer_location_id": s.Demo.LocationID}, nil)
	failed(t, code, body, http.StatusNotFound)
	code, _, body = s.staffPIN("/v1/employees/pickup", s.Token, pickup)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, strings.Join(errorsOf(t, body), ";"), "the key is not in the locker")

	var lockers staffapi.LockersResponse
	code, body = s.call("POST", "/v1/employees/list_available_lockers", s.Token, map[string]int{"dealer_location_id": s.Demo.LocationID}, &lockers)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, []staffapi.LockerSystem{{ID: acsesfake.DemoLockerSystemID, Name: "Demo locker", Active: true}}, lockers.Lockers)

	// The customer drops the key.
	s.door(res.AcsesPIN, enums.ObjectStatusDropoff)
	st = s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerDropped })
	require.Equal(t, appointment.StageInWorkshop, st.Stage)
	row := s.appointmentRow(ap)
	require.NotNil(t, row.AcsesKeyDroppedAt)
	require.Equal(t, "1", row.AcsesKeyDropIn)

	// A mechanic asks for the pick-up PIN and takes the key out.
	code, pin, body := s.staffPIN("/v1/employees/pickup", s.Token, pickup)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, res.AcsesPIN, pin, "the drop booking's second opening is the pick-up")
	s.door(pin, enums.ObjectStatusCheckout)
	s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerPickedUp })
	row = s.appointmentRow(ap)
	require.NotNil(t, row.AcsesKeyPickedUpAt)
	require.Equal(t, s.Demo.ReceptionistID, *row.AcsesKeyPickUpByID)

	// After the repair: drop back (unknown locker refused), the customer's PIN goes out.
	code, body = s.call("POST", "/v1/employees/drop_back", s.Token, map[string]any{"locker_system_id": "nope", "appointment_id": ap}, nil)
	require.Equal(t, http.StatusOK, code)
	require.NotEmpty(t, errorsOf(t, body))
	dropBack := map[string]any{"locker_system_id": acsesfake.DemoLockerSystemID, "appointment_id": ap, "appointment_note_id": nil}
	code, back, body := s.staffPIN("/v1/employees/drop_back", s.Token, dropBack)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Regexp(t, `^\d{6}$`, back)
	code, again, _ := s.staffPIN("/v1/employees/drop_back", s.Token, dropBack)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, back, again, "asked twice before the drop: the same booking")
	s.door(back, enums.ObjectStatusDropoff)
	s.lockerState(ap, func(l *appointment.LockerState) bool {
		return l.Phase == appointment.LockerDroppedBack && l.PickUpPINSent
	})
	require.Eventually(t, func() bool {
		for _, m := range s.emailsTo(janEmail) {
			if strings.Contains(m.Text, back) {
				return true
			}
		}
		return false
	}, 20*time.Second, 50*time.Millisecond, "the customer's pick-up PIN is emailed")
	require.NotNil(t, s.appointmentRow(ap).AcsesKeyDroppedBackAt)

	// An assisted pick-up is recorded; the customer's checkout completes the lifecycle.
	code, assist, _ := s.staffPIN("/v1/employees/assist_pickup", s.Token, pickup)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, back, assist)
	s.door(back, enums.ObjectStatusCheckout)
	var final appointment.AppointmentState
	require.NoError(t, s.Temporal.GetWorkflow(context.Background(), appointment.AppointmentWorkflowID(ap), "").Get(context.Background(), &final))
	require.Equal(t, appointment.StageCompleted, final.Stage)
	require.Equal(t, appointment.LockerPickedUpBack, final.Locker.Phase)
	row = s.appointmentRow(ap)
	require.NotNil(t, row.AcsesKeyPickedUpBackAt)
	require.Equal(t, s.Demo.ReceptionistID, *row.AcsesKeyAssistPickUpByID)

	// Every event is in the history once, answered 200.
	var h staffapi.HistoryResponse
	code, body = s.call("POST", "/v1/events/history", s.Token, map[string]int{"dealer_location_id": s.Demo.LocationID}, &h)
	require.Equal(t, http.StatusOK, code, string(body))
	var names []string
	for _, e := range h.History {
		var ev acses.Event
		require.NoError(t, json.Unmarshal([]byte(e.SentContent), &ev))
		require.Equal(t, "200", e.ResponseStatus)
		if ev.EventName != enums.ObjectStatusRegistered {
			names = append(names, string(ev.EventName))
		}
	}
	require.Equal(t, []string{"dropoff", "checkout", "dropoff", "checkout"}, names)
	require.Len(t, h.History, 6, "two bookings registered, four doors")
	recordHistory(t, s, appointment.AppointmentWorkflowID(ap), "appointment_acses_locker_journey")
}

// post delivers an event to the handler signed with secret ("" unsigned).
func (s *stack) postEvent(ev acses.Event, secret string, mutate func([]byte) []byte) (int, []byte) {
	s.t.Helper()
	raw, err := json.Marshal(ev)
	require.NoError(s.t, err)
	if mutate != nil {
		raw = mutate(raw)
	}
	req, err := http.NewRequest("POST", s.API.URL+routes.ACSESEventsPath, strings.NewReader(string(raw)))
	require.NoError(s.t, err)
	req.Header.Set("Content-Type", "application/json")
	now := time.Now()
	if secret != "" {
		req.Header.Set(acses.HeaderID, ev.ID)
		req.Header.Set(acses.HeaderTimestamp, fmt.Sprint(now.Unix()))
		req.Header.Set(acses.HeaderSignature, acses.Sign([]byte(secret), ev.ID, now, raw))
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	defer res.Body.Close()
	b, _ := readAll(res)
	return res.StatusCode, b
}

func (s *stack) history(direction string) []*ent.WebhookHistory {
	s.t.Helper()
	rows, err := s.DB.WebhookHistory.Query().Where(webhookhistory.Direction(direction)).All(context.Background())
	require.NoError(s.t, err)
	return rows
}

// Forged, malformed, duplicated, reordered and unknown events.
func TestLockerEventsAtLeastOnce(t *testing.T) {
	s := newStack(t)
	ap, res := s.lockerCheckIn(true)
	require.NotEmpty(t, res.AcsesPIN)
	st := s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerBooked })
	booking, ok := s.ACSES.Booking(st.Locker.DropBookingID)
	require.True(t, ok)

	// Forged, unsigned and malformed deliveries: 401, recorded, nothing applied.
	forged := acses.Event{ID: "evt_forged", LockerSystemID: acsesfake.DemoLockerSystemID, LockerCellNumber: booking.LockerCellNumber,
		EventName: enums.ObjectStatusDropoff, EventDate: time.Now().UTC(), Booking: booking}
	code, body := s.postEvent(forged, "not-the-secret", nil)
	failed(t, code, body, http.StatusUnauthorized)
	code, body = s.postEvent(forged, "", nil)
	failed(t, code, body, http.StatusUnauthorized)
	code, body = s.postEvent(forged, acsesfake.DefaultWebhookSecret, func(b []byte) []byte { return b[:len(b)-3] })
	failed(t, code, body, http.StatusUnauthorized)
	unknownSystem := forged
	unknownSystem.LockerSystemID = "elsewhere"
	code, body = s.postEvent(unknownSystem, acsesfake.DefaultWebhookSecret, nil)
	failed(t, code, body, http.StatusUnauthorized)
	require.Len(t, s.history("rejected"), 4)
	// Refused before any signal: once the workflow has handled everything
	// it was sent, the key is still expected.
	s.waitQuiet(appointment.AppointmentWorkflowID(ap))
	require.Equal(t, appointment.LockerBooked, s.lockerState(ap, func(*appointment.LockerState) bool { return true }).Locker.Phase)

	// An authentic event for a booking we never made: kept, 200.
	stranger := forged
	stranger.ID, stranger.Booking.ID = "evt_stranger", "bkg_unknown"
	code, body = s.postEvent(stranger, acsesfake.DefaultWebhookSecret, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	code, _ = s.postEvent(stranger, acsesfake.DefaultWebhookSecret, nil)
	require.Equal(t, http.StatusOK, code, "a redelivery is answered 200 too")
	rows, err := s.DB.WebhookHistory.Query().Where(webhookhistory.WebhookEventID("evt_stranger")).All(context.Background())
	require.NoError(t, err)
	require.Len(t, rows, 1)
	require.Equal(t, "unknown booking: kept", rows[0].ResponseContent)

	// Every event delivered twice, and the two doors' events released in
	// reverse: the checkout comes before its dropoff.
	s.ACSES.HoldEvents()
	s.ACSES.DuplicateNext(2)
	_, err = s.ACSES.UseDoor(acsesfake.DemoLockerSystemID, res.AcsesPIN, enums.ObjectStatusDropoff)
	require.NoError(t, err)
	_, err = s.ACSES.UseDoor(acsesfake.DemoLockerSystemID, res.AcsesPIN, enums.ObjectStatusCheckout)
	require.NoError(t, err)
	s.ACSES.ReleaseEvents(acsesfake.Reversed)
	st = s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerPickedUp })
	require.Eventually(t, func() bool { return s.ACSES.Pending() == 0 }, 10*time.Second, 20*time.Millisecond)
	st = s.lockerState(ap, func(l *appointment.LockerState) bool { return len(l.Events) == 2 })
	// Before change acses-drop-time-from-dropoff, the checkout's time stood.
	recordBeforeChange(t, s, appointment.AppointmentWorkflowID(ap), "appointment_acses_checkout_before_dropoff_before_own_time", "acses-drop-time-from-dropoff")
	require.Equal(t, appointment.StageInWorkshop, st.Stage)
	row := s.appointmentRow(ap)
	require.NotNil(t, row.AcsesKeyDroppedAt)
	require.NotNil(t, row.AcsesKeyPickedUpAt)
	require.False(t, row.AcsesKeyPickedUpAt.Before(*row.AcsesKeyDroppedAt), "the dropoff's own time, once")
	// The dropoff that came after its checkout applied its own time
	// (change acses-drop-time-from-dropoff): its history guards replay.
	recordHistory(t, s, appointment.AppointmentWorkflowID(ap), "appointment_acses_checkout_before_dropoff")
	in := s.history("in")
	seen := map[string]int{}
	for _, r := range in {
		seen[r.WebhookEventID]++
	}
	for id, n := range seen {
		require.Equal(t, 1, n, "event %s stored once", id)
	}
	for _, d := range s.ACSES.Delivered() {
		require.Equal(t, 1, seen[d.Event.ID], "every delivered event is in the history: %s", d.Event.ID)
	}
	require.Greater(t, len(s.ACSES.Delivered()), len(seen)-1, "the duplicates were delivered")
}

// No free cell: not offered, and an answer choosing the locker anyway gets
// no PIN; the lifecycle goes on without the locker.
func TestLockerNoFreeCell(t *testing.T) {
	s := newStack(t)
	s.ACSES.SetNoFreeCell(acsesfake.DemoLockerSystemID, true)
	ap, res := s.lockerCheckIn(true)
	var avail struct{ Available bool }
	code, body := s.call("POST", "/v1/online_checkin/is_acses_available", "", map[string]string{"key": s.keyOf(ap, keys.Customer)}, &avail)
	require.Equal(t, http.StatusOK, code, string(body))
	require.False(t, avail.Available)
	require.Empty(t, res.AcsesPIN)
	st := s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerNoCell })
	require.Contains(t, st.Locker.Outcome, "no free cell")
	require.Empty(t, s.ACSES.Bookings(), "nothing booked")

	// The vendor down: still an answer, quickly, never a 5xx.
	s.ACSES.SetDown(true)
	start := time.Now()
	code, body = s.call("POST", "/v1/online_checkin/is_acses_available", "", map[string]string{"key": s.keyOf(ap, keys.Customer)}, &avail)
	require.Equal(t, http.StatusOK, code, string(body))
	require.False(t, avail.Available)
	s.ACSES.SetDown(false)
	s.ACSES.SetLatency(5 * time.Second)
	code, _ = s.call("POST", "/v1/online_checkin/is_acses_available", "", map[string]string{"key": s.keyOf(ap, keys.Customer)}, &avail)
	require.Equal(t, http.StatusOK, code)
	require.False(t, avail.Available)
	require.Less(t, time.Since(start), 4*time.Second, "bounded by 2 s")
}

// A booking that expires, and an appointment cancelled with the key inside.
func TestLockerExpiryAndCancellation(t *testing.T) {
	s := newStack(t)
	ap, res := s.lockerCheckIn(true)
	st := s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerBooked })
	require.NoError(t, s.ACSES.ExpireNow(st.Locker.DropBookingID))
	st = s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerAbandoned })
	require.Contains(t, st.Locker.Outcome, "expired before the key was dropped")
	require.Equal(t, appointment.StageInWorkshop, st.Stage)
	_, err := s.ACSES.UseDoor(acsesfake.DemoLockerSystemID, res.AcsesPIN, "")
	require.Error(t, err, "the expired code opens nothing")

	// The key goes back by locker after the repair; the appointment is then
	// cancelled with the key inside: the lifecycle waits for the key.
	dropBack := map[string]any{"locker_system_id": acsesfake.DemoLockerSystemID, "appointment_id": ap}
	code, back, body := s.staffPIN("/v1/employees/drop_back", s.Token, dropBack)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotEmpty(t, back, string(body))
	s.door(back, enums.ObjectStatusDropoff)
	s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerDroppedBack })
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/cancel", ap), s.Token, map[string]string{"reason": "customer moved away"}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	st = s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCancelled })
	require.Contains(t, st.Locker.Outcome, "with the key in the locker")
	code, assist, body := s.staffPIN("/v1/employees/assist_pickup", s.Token, map[string]int{"appointment_id": ap})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, back, assist)
	s.door(back, enums.ObjectStatusCheckout)
	var final appointment.AppointmentState
	require.NoError(t, s.Temporal.GetWorkflow(context.Background(), appointment.AppointmentWorkflowID(ap), "").Get(context.Background(), &final))
	require.Equal(t, appointment.StageCancelled, final.Stage)
	require.Equal(t, appointment.LockerPickedUpBack, final.Locker.Phase)
}

// The dealer's own key locker: a PIN asked for by plate and by phone at the
// locker's screen; unknown ones get the same answer; guessing is limited.
func TestKeyLockerPINRequest(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	s.DB.Appointment.UpdateOneID(ap).SetTimeCarApp(time.Now()).ExecX(ctx) // today
	s.start()
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageInWorkshop })
	loc := s.Demo.LocationID
	ask := func(token string, body map[string]any) (int, []byte) {
		var out staffapi.PINRequestResponse
		code, raw := s.call("POST", "/v1/keylocker/pin_request", token, body, &out)
		if code == http.StatusOK && out.Message != "" {
			require.Equal(t, "If an appointment today matches, its PIN has been sent by SMS or email.", out.Message)
			require.Empty(t, out.PIN, "with two-factor on the PIN goes to the customer only")
		}
		return code, raw
	}
	code, body := ask("", map[string]any{"dealer_location_id": loc, "reg_number": "AB-123-C"})
	failed(t, code, body, http.StatusUnauthorized)
	other := s.elsewhereToken()
	code, body = ask(other, map[string]any{"dealer_location_id": loc, "reg_number": "AB-123-C"})
	failed(t, code, body, http.StatusNotFound)
	code, body = ask(s.Token, map[string]any{"dealer_location_id": loc, "reg_number": "AB-123-C", "phone_number": "+31612345678"})
	require.Equal(t, http.StatusOK, code)
	require.NotEmpty(t, errorsOf(t, body))

	pinsOf := func() []*ent.KeyLockerCommunication {
		rows, err := s.DB.KeyLockerCommunication.Query().Where(keylockercommunication.RequestKeyNotNil()).
			WithEvents().Order(ent.Asc(keylockercommunication.FieldID)).All(ctx)
		require.NoError(t, err)
		return rows
	}
	code, body = ask(s.Token, map[string]any{"dealer_location_id": loc, "reg_number": "ab 123 c"})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Eventually(t, func() bool { return len(pinsOf()) == 1 }, 20*time.Second, 50*time.Millisecond)
	code, _ = ask(s.Token, map[string]any{"dealer_location_id": loc, "phone_number": "06 1234 5678"})
	require.Equal(t, http.StatusOK, code)
	require.Eventually(t, func() bool { return len(pinsOf()) == 2 }, 20*time.Second, 50*time.Millisecond)
	rows := pinsOf()
	require.Equal(t, enums.KeylockerPinRequestTypeRegNumber, rows[0].Edges.Events[0].PinRequestType)
	require.Equal(t, enums.KeylockerPinRequestTypePhoneNumber, rows[1].Edges.Events[0].PinRequestType)
	for _, r := range rows {
		require.Eventually(t, func() bool {
			for _, m := range s.smsTo("+31612345678") {
				if strings.Contains(m.Body, r.Pin) {
					return true
				}
			}
			return false
		}, 20*time.Second, 50*time.Millisecond, "the PIN goes out by SMS")
	}

	// Unknown plates: the same answer, nothing issued; then 429.
	for i := range 10 {
		code, body = ask(s.Token, map[string]any{"dealer_location_id": loc, "reg_number": fmt.Sprintf("ZZ-%03d-Z", i)})
		require.Equal(t, http.StatusOK, code, string(body))
	}
	code, body = ask(s.Token, map[string]any{"dealer_location_id": loc, "reg_number": "AB-123-C"})
	failed(t, code, body, http.StatusTooManyRequests)
	// Once the workflow has handled every request it got and has nothing
	// running, still the two PINs.
	s.waitQuiet(appointment.AppointmentWorkflowID(ap))
	require.Len(t, pinsOf(), 2)
}

// The ACSES drop-off PIN the check-in answer returns is also sent to the
// customer (SMS/e-mail by the channel rules), exactly once, recorded as a
// KeyLockerCommunication (status 1) whose event says the online check-in
// sent it (request type 4) and names the locker.
func TestLockerDropPINSentOnce(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	ap, res := s.lockerCheckIn(true)
	require.Regexp(t, `^\d{6}$`, res.AcsesPIN)
	carrying := func() int {
		n := 0
		for _, m := range s.emailsTo(janEmail) {
			if strings.Contains(m.Text, res.AcsesPIN) {
				n++
			}
		}
		for _, m := range s.smsTo(janPhone) {
			if strings.Contains(m.Body, res.AcsesPIN) {
				n++
			}
		}
		return n
	}
	// Jan has a phone and an e-mail address: one SMS and one e-mail.
	require.Eventually(t, func() bool { return carrying() == 2 }, 20*time.Second, 50*time.Millisecond, "the drop-off PIN is sent")
	// (The demo location also has the dealer's own key locker, whose PIN
	// the same answer issued: its own row.)
	acsesRows := keylockercommunication.And(keylockercommunication.AppointmentID(ap), keylockercommunication.Pin(res.AcsesPIN))
	rows, err := s.DB.KeyLockerCommunication.Query().Where(acsesRows).WithEvents().All(ctx)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	require.Equal(t, enums.KeyLockerCommunicationStatusDropPINSent, rows[0].Status)
	require.Equal(t, res.AcsesPIN, rows[0].Pin)
	require.Len(t, rows[0].Edges.Events, 1)
	ev := rows[0].Edges.Events[0]
	require.Equal(t, enums.KeyLockerCommunicationEventTypeDropPINSent, ev.Type)
	require.Equal(t, enums.KeylockerPinRequestTypeOnlineCheckInAnswered, ev.PinRequestType)
	require.Equal(t, "Demo locker", ev.KeyLockerName)
	recv, err := ev.QueryReceivers().All(ctx)
	require.NoError(t, err)
	require.Len(t, recv, 2, "an SMS and an e-mail: %s", dump(recv))
	sms, email := byChannel(t, recv)
	require.Equal(t, janPhone, sms.Destination)
	require.Equal(t, janEmail, email.Destination)

	// The key drop and everything after it send no second drop-off PIN:
	// once the workflow has handled the drop and has nothing left running,
	// still one message per planned receiver.
	s.door(res.AcsesPIN, enums.ObjectStatusDropoff)
	s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerDropped })
	s.waitQuiet(appointment.AppointmentWorkflowID(ap))
	require.Equal(t, 2, carrying(), "one message per planned receiver, once")
	require.Equal(t, 2, ev.QueryReceivers().CountX(ctx))
	require.Equal(t, 1, s.DB.KeyLockerCommunication.Query().Where(acsesRows).CountX(ctx))
}
