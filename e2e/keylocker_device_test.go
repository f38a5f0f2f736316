package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// The dealer's own key locker reports the customer's check-in at it and
// the key's way in and out through /v1/keylocker/..., with the token of its
// device account (RoleID 100 of the location): the KeyLockerCommunication
// moves through statuses 1-4 with its events, the appointment's key_*
// fields are set once each, the lifecycle moves on at the key drop and
// completes at the customer's pick-up, and the customer gets the pick-up PIN.
func TestKeyLockerDeviceJourney(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	loc := s.Demo.LocationID
	// The demo location sends its key-locker PIN with the online check-in
	// (request type 4); the customer also chose the ACSES locker, so the
	// lifecycle waits for a key drop.
	ap, res := s.lockerCheckIn(true)
	require.Regexp(t, `^\d{6}$`, res.KeyLockerPIN)
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageAwaitingKeyDrop })
	dropPIN := res.KeyLockerPIN

	location, err := s.DB.DealerLocation.Get(ctx, loc)
	require.NoError(t, err)
	mech := s.mechanic()
	// An agreement shown at the key locker, which must be accepted.
	must, err := s.DB.CommunicationAgreement.Create().SetDealerID(location.DealerID).SetName("Key locker terms").SetText("I leave my key at my own risk.").
		SetVisibleKeyLockerCheckIn(true).Save(ctx)
	require.NoError(t, err)
	device := s.token(s.Demo.TabletID, []int{loc}, enums.RoleIDCounterTablet, time.Hour, time.Now())

	opened := map[string]any{"dealer_location_id": loc, "pin": dropPIN, "key_locker_name": "Key box A", "key_locker_box_number": 7}
	// No token, a role without the device permission, another location.
	code, body := s.call("POST", "/v1/keylocker/opened", "", opened, nil)
	failed(t, code, body, http.StatusUnauthorized)
	code, body = s.call("POST", "/v1/keylocker/opened", s.token(mech.ID, []int{loc}, enums.RoleIDMechanic, time.Hour, time.Now()), opened, nil)
	failed(t, code, body, http.StatusForbidden)
	code, body = s.call("POST", "/v1/keylocker/opened", s.staffToken(enums.RoleIDCounterTablet, s.otherLocation()), opened, nil)
	failed(t, code, body, http.StatusNotFound)
	code, body = s.call("POST", "/v1/keylocker/opened", device, map[string]any{"dealer_location_id": loc, "pin": "000000"}, nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, errorsOf(t, body), "unknown or expired PIN")
	code, body = s.call("POST", "/v1/keylocker/opened", device, map[string]any{"dealer_location_id": loc, "pin": res.AcsesPIN}, nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, errorsOf(t, body), "unknown or expired PIN", "an ACSES door code does not open the dealer's own locker")

	klc := func() *ent.KeyLockerCommunication {
		k, err := s.DB.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentID(ap), keylockercommunication.RequestKeyIsNil()).
			WithEvents().WithAgreedInterventions().WithRemark().Only(ctx)
		require.NoError(t, err)
		return k
	}
	require.Equal(t, enums.KeyLockerCommunicationStatusDropPINSent, klc().Status)
	require.Equal(t, enums.KeylockerPinRequestTypeOnlineCheckInAnswered, klc().Edges.Events[0].PinRequestType)

	// Opened (twice: once recorded).
	var op staffapi.KeyLockerOpenedResponse
	for range 2 {
		code, body = s.call("POST", "/v1/keylocker/opened", device, opened, &op)
		require.Equal(t, http.StatusOK, code, string(body))
	}
	require.Equal(t, klc().ID, op.KeyLockerCommunicationID)
	require.Equal(t, enums.KeyLockerCommunicationStatusOpened, op.Status)
	require.Equal(t, "AB-123-C", op.RegNumber)
	shown := map[int]bool{}
	for _, a := range op.Agreements {
		shown[a.ID] = true
	}
	require.True(t, shown[must.ID])
	k := klc()
	require.Equal(t, enums.KeyLockerCommunicationStatusOpened, k.Status)
	require.Len(t, k.Edges.Events, 2)
	require.Equal(t, enums.KeyLockerCommunicationEventTypeOpened, k.Edges.Events[1].Type)
	require.Equal(t, "Key box A", k.Edges.Events[1].KeyLockerName)
	require.Equal(t, 7, k.Edges.Events[1].KeyLockerBoxNumber)

	// Answered: a missing required agreement and a bad phone are refused; then once.
	answer := map[string]any{"dealer_location_id": loc, "key_locker_communication_id": k.ID, "customer_name": "Jan de Vries",
		"correct_phone": "06 2345 6789", "agreement_ids": []int{},
		"agreed_interventions": []map[string]any{{"title": "Wiper blades", "description": "front", "price": 39.5, "vat": 21}},
		"remark":               "Rattle in the back door"}
	code, body = s.call("POST", "/v1/keylocker/answered", device, answer, nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, strings.Join(errorsOf(t, body), ";"), "must be accepted")
	answer["agreement_ids"] = []int{must.ID}
	var rep staffapi.KeyLockerReportResponse
	code, body = s.call("POST", "/v1/keylocker/answered", device, answer, &rep)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, enums.KeyLockerCommunicationStatusAnswered, rep.Status, string(body))
	code, body = s.call("POST", "/v1/keylocker/answered", device, answer, nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, errorsOf(t, body), "this key-locker check-in was already answered")
	k = klc()
	require.Equal(t, enums.KeyLockerCommunicationStatusAnswered, k.Status)
	require.Len(t, k.Edges.Events, 3)
	ans := k.Edges.Events[2]
	require.Equal(t, enums.KeyLockerCommunicationEventTypeAnswered, ans.Type)
	require.Equal(t, "+31623456789", ans.CorrectPhone)
	require.Equal(t, "Jan de Vries", ans.CustomerName)
	require.Len(t, k.Edges.AgreedInterventions, 1)
	require.Equal(t, "Wiper blades", k.Edges.AgreedInterventions[0].Title)
	require.Equal(t, 39.5, k.Edges.AgreedInterventions[0].Price)
	require.Equal(t, ans.ID, *k.Edges.AgreedInterventions[0].KeyLockerCommunicationEventID)
	require.NotNil(t, k.Edges.Remark)
	require.Equal(t, "Rattle in the back door", k.Edges.Remark.Description)
	require.Equal(t, []int{must.ID}, k.AcceptedAgreementIds)
	require.True(t, s.appointmentRow(ap).CheckInComToHandle)
	require.Equal(t, 1, s.DB.CommunicationAgreement.Query().Where(communicationagreement.ID(must.ID)).CountX(ctx))

	// The customer drops the key: the lifecycle goes on to the workshop.
	drop := map[string]any{"dealer_location_id": loc, "key_locker_communication_id": k.ID, "key_locker_name": "Key box A", "key_locker_box_number": 7}
	code, body = s.call("POST", "/v1/keylocker/key_picked_up", device, drop, nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, errorsOf(t, body), "the key was not dropped in the key locker")
	code, body = s.call("POST", "/v1/keylocker/key_dropped", device, drop, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageInWorkshop })
	row := s.appointmentRow(ap)
	require.NotNil(t, row.KeyDroppedAt)
	require.Equal(t, "Key box A", row.KeyDroppedIn)
	first := *row.KeyDroppedAt
	code, _ = s.call("POST", "/v1/keylocker/key_dropped", device, drop, nil)
	require.Equal(t, http.StatusOK, code)
	require.True(t, s.appointmentRow(ap).KeyDroppedAt.Equal(first), "a repeated report changes nothing")

	// The mechanic takes it out (user_id required, of this location).
	code, body = s.call("POST", "/v1/keylocker/key_picked_up", device, drop, nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, errorsOf(t, body), "user_id: the mechanic who picks the key up is required")
	drop["user_id"] = mech.ID
	code, body = s.call("POST", "/v1/keylocker/key_picked_up", device, drop, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	row = s.appointmentRow(ap)
	require.NotNil(t, row.KeyPickedUpAt)
	require.Equal(t, mech.ID, *row.KeyPickedUpByID)

	// After the repair the mechanic drops it back: the customer's pick-up PIN goes out.
	drop["key_locker_box_number"] = 9
	code, body = s.call("POST", "/v1/keylocker/key_dropped", device, drop, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	recordBeforeChange(t, s, appointment.AppointmentWorkflowID(ap), "appointment_key_locker_drop_back_before_pick_up_pin", "key-locker-pick-up-pin")
	row = s.appointmentRow(ap)
	require.NotNil(t, row.KeyDroppedBackAt)
	require.Equal(t, mech.ID, *row.KeyDroppedBackByID)
	require.Equal(t, "Key box A", row.KeyDroppedBackIn)
	require.Eventually(t, func() bool { return klc().Status == enums.KeyLockerCommunicationStatusPickUpPINSent }, 20*time.Second, 50*time.Millisecond)
	k = klc()
	pickUp := k.Pin
	require.NotEqual(t, dropPIN, pickUp)
	last := k.Edges.Events[len(k.Edges.Events)-1]
	require.Equal(t, enums.KeyLockerCommunicationEventTypePickUpPINSent, last.Type)
	require.Equal(t, 9, last.KeyLockerBoxNumber)
	carrying := func() int { return s.messagesCarrying(pickUp) }
	require.Eventually(t, func() bool { return carrying() > 0 }, 20*time.Second, 50*time.Millisecond, "the pick-up PIN is sent")
	code, _ = s.call("POST", "/v1/keylocker/key_dropped", device, drop, nil) // a repeated report
	require.Equal(t, http.StatusOK, code)

	// The customer takes the key with the pick-up PIN: the lifecycle completes.
	code, body = s.call("POST", "/v1/keylocker/key_picked_up", device, map[string]any{"dealer_location_id": loc, "pin": dropPIN}, nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, errorsOf(t, body), "unknown or expired PIN", "the drop-off PIN no longer opens")
	code, body = s.call("POST", "/v1/keylocker/key_picked_up", device, map[string]any{"dealer_location_id": loc, "pin": pickUp, "key_locker_name": "Key box A"}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	var final appointment.AppointmentState
	require.NoError(t, s.Temporal.GetWorkflow(ctx, appointment.AppointmentWorkflowID(ap), "").Get(ctx, &final))
	require.Equal(t, appointment.StageCompleted, final.Stage)
	row = s.appointmentRow(ap)
	require.NotNil(t, row.KeyPickedUpBackAt)
	require.Nil(t, row.KeyPickedUpBackByID, "the customer, not a receptionist")
	require.Equal(t, 1, func() int {
		n := 0
		for _, e := range klc().Edges.Events {
			if e.Type == enums.KeyLockerCommunicationEventTypePickUpPINSent {
				n++
			}
		}
		return n
	}(), "one pick-up PIN although the drop back was reported twice")
	s.waitQuiet(appointment.AppointmentWorkflowID(ap)) // closed: every delivery done
	require.Equal(t, len(s.receiversOfKeyLockerEvent(last.ID)), carrying(), "each planned message sent once")
	recordHistory(t, s, appointment.AppointmentWorkflowID(ap), "appointment_key_locker_device_journey")
}

// mechanic is Max, the demo location's mechanic (a real user of the seed).
func (s *stack) mechanic() *ent.User {
	s.t.Helper()
	mech, err := s.DB.User.Get(context.Background(), s.Demo.MechanicID)
	require.NoError(s.t, err)
	return mech
}

// messagesCarrying counts the e-mails and SMS to Jan that carry pin.
func (s *stack) messagesCarrying(pin string) int {
	n := 0
	for _, m := range s.emailsTo(janEmail) {
		if strings.Contains(m.Text, pin) {
			n++
		}
	}
	for _, m := range s.smsTo(janPhone) {
		if strings.Contains(m.Body, pin) {
			n++
		}
	}
	return n
}

func (s *stack) receiversOfKeyLockerEvent(id int) []*ent.CommunicationReceiver {
	ev, err := s.DB.KeyLockerCommunicationEvent.Get(context.Background(), id)
	require.NoError(s.t, err)
	return ev.QueryReceivers().AllX(context.Background())
}
