package e2e

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	adminapi "github.com/pitstop-dev/pitstop/api/admin"
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keylocker"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// A location with key_locker_two_factor off (our extension; the spec's
// request type 3): the dealer admin turns it off through the admin API; a
// plate or phone matched at the key locker's screen gets the drop-off PIN
// in the answer (recorded as request type 3, nothing sent, the workflow not
// asked), the same PIN when asked again; an unknown plate gets the neutral
// answer and guessing is limited as with two-factor on; the locker opens
// with that PIN and the journey (answered, key dropped, the mechanic's
// pick-up and drop back, the customer's pick-up PIN by SMS/e-mail, the
// customer's pick-up) completes the lifecycle.
func TestKeyLockerWithoutTwoFactor(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	loc := s.Demo.LocationID
	s.DB.Appointment.UpdateOneID(ap).SetTimeCarApp(time.Now()).ExecX(ctx) // today
	s.start()
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageInWorkshop })

	// The setting: on by default, turned off by the dealer admin.
	admin := s.dealerAdminToken()
	var lv adminapi.LocationView
	code, body := s.call("GET", fmt.Sprintf("/v1/admin/locations/%d", loc), admin, nil, &lv)
	require.Equal(t, http.StatusOK, code, string(body))
	require.True(t, lv.KeyLockerTwoFactor, "two-factor is on unless turned off")
	code, body = s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d", loc), admin, map[string]any{"key_locker_two_factor": false}, &lv)
	require.Equal(t, http.StatusOK, code, string(body))
	require.False(t, lv.KeyLockerTwoFactor)
	require.False(t, s.DB.DealerLocation.GetX(ctx, loc).KeyLockerTwoFactor)
	code, body = s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d", loc), s.Token, map[string]any{"key_locker_two_factor": true}, nil)
	failed(t, code, body, http.StatusForbidden)
	require.False(t, s.DB.DealerLocation.GetX(ctx, loc).KeyLockerTwoFactor, "a receptionist cannot turn it back on")
	var ags staffapi.KeyLockerAgreementsView
	code, body = s.call("GET", fmt.Sprintf("/v1/keylocker/agreements?dealer_location_id=%d", loc), s.Token, nil, &ags)
	require.Equal(t, http.StatusOK, code, string(body))
	require.False(t, ags.KeyLockerTwoFactor, "the screen knows the PIN comes back to it")

	// Nothing may reach the customer until the pick-up PIN: count what the
	// lifecycle sent so far, once it has nothing left running.
	s.waitQuiet(appointment.AppointmentWorkflowID(ap))
	sent := func() int { return len(s.smsTo(janPhone)) + len(s.emailsTo(janEmail)) }
	before := sent()

	ask := func(body map[string]any) (int, staffapi.PINRequestResponse, []byte) {
		var out staffapi.PINRequestResponse
		code, raw := s.call("POST", "/v1/keylocker/pin_request", s.Token, body, &out)
		return code, out, raw
	}
	// A miss: the neutral answer, no PIN.
	code, miss, body := ask(map[string]any{"dealer_location_id": loc, "reg_number": "ZZ-999-Z"})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, "If an appointment today matches, its PIN has been sent by SMS or email.", miss.Message)
	require.Empty(t, miss.PIN)
	require.NotContains(t, string(body), `"pin"`)

	// A match by plate or phone: the PIN comes back to the locker. Asked
	// at once several times (the device retrying, by plate and by phone),
	// one PIN is given.
	pins := make([]string, 6)
	var wg sync.WaitGroup
	for i := range pins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := map[string]any{"dealer_location_id": loc, "reg_number": "ab 123 c"}
			if i%2 == 1 {
				b = map[string]any{"dealer_location_id": loc, "phone_number": "06 1234 5678"}
			}
			var out staffapi.PINRequestResponse
			if code, _ := s.call("POST", "/v1/keylocker/pin_request", s.Token, b, &out); code == http.StatusOK {
				pins[i] = out.PIN
			}
		}()
	}
	wg.Wait()
	dropPIN := pins[0]
	require.Regexp(t, `^\d{6}$`, dropPIN)
	require.Equal(t, []string{dropPIN, dropPIN, dropPIN, dropPIN, dropPIN, dropPIN}, pins)
	code, again, body := ask(map[string]any{"dealer_location_id": loc, "reg_number": "AB-123-C"})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, "Your appointment today was found: the key locker opens with this PIN.", again.Message)
	require.Equal(t, dropPIN, again.PIN, "asked again: the same PIN")

	given := func() *ent.KeyLockerCommunication {
		k, err := s.DB.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentID(ap), keylocker.GivenToLocker()).
			WithEvents().Only(ctx)
		require.NoError(t, err, "one PIN given to the locker")
		return k
	}
	k := given()
	require.Equal(t, dropPIN, k.Pin)
	require.Equal(t, enums.KeyLockerCommunicationStatusDropPINSent, k.Status)
	require.Len(t, k.Edges.Events, 1)
	ev := k.Edges.Events[0]
	require.Equal(t, enums.KeyLockerCommunicationEventTypeDropPINSent, ev.Type)
	require.Equal(t, enums.KeylockerPinRequestTypeTwoFactorDisabled, ev.PinRequestType)
	require.Equal(t, s.Demo.ReceptionistID, ev.UserID, "the account of the screen that asked")
	require.Empty(t, s.receiversOfKeyLockerEvent(ev.ID), "nothing planned for the customer")
	require.False(t, s.signalled(ap, appointment.SignalKeyLockerPINRequested), "the workflow is not asked to send a PIN")

	// The locker opens with it; the journey goes on as with two-factor on.
	device := s.token(s.Demo.TabletID, []int{loc}, enums.RoleIDCounterTablet, time.Hour, time.Now())
	var op staffapi.KeyLockerOpenedResponse
	code, body = s.call("POST", "/v1/keylocker/opened", device,
		map[string]any{"dealer_location_id": loc, "pin": dropPIN, "key_locker_name": "Key box A", "key_locker_box_number": 3}, &op)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, k.ID, op.KeyLockerCommunicationID)
	require.Equal(t, enums.KeyLockerCommunicationStatusOpened, op.Status)
	require.Equal(t, "AB-123-C", op.RegNumber)
	var rep staffapi.KeyLockerReportResponse
	code, body = s.call("POST", "/v1/keylocker/answered", device, map[string]any{"dealer_location_id": loc, "key_locker_communication_id": k.ID,
		"customer_name": "Jan de Vries", "agreement_ids": []int{}, "agreed_interventions": []map[string]any{}, "remark": ""}, &rep)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, enums.KeyLockerCommunicationStatusAnswered, rep.Status, string(body))
	code, again, body = ask(map[string]any{"dealer_location_id": loc, "reg_number": "AB-123-C"})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, dropPIN, again.PIN, "back at the screen before dropping the key: the same PIN")
	drop := map[string]any{"dealer_location_id": loc, "key_locker_communication_id": k.ID, "key_locker_name": "Key box A", "key_locker_box_number": 3}
	code, body = s.call("POST", "/v1/keylocker/key_dropped", device, drop, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotNil(t, s.appointmentRow(ap).KeyDroppedAt)
	require.Equal(t, "Key box A", s.appointmentRow(ap).KeyDroppedIn)
	s.waitQuiet(appointment.AppointmentWorkflowID(ap)) // the drop-off handled, nothing left running
	require.Equal(t, before, sent(), "no SMS or e-mail for the drop-off")

	mech := s.mechanic()
	drop["user_id"] = mech.ID
	code, body = s.call("POST", "/v1/keylocker/key_picked_up", device, drop, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, mech.ID, *s.appointmentRow(ap).KeyPickedUpByID)
	drop["key_locker_box_number"] = 5
	code, body = s.call("POST", "/v1/keylocker/key_dropped", device, drop, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Eventually(t, func() bool { return given().Status == enums.KeyLockerCommunicationStatusPickUpPINSent }, 20*time.Second, 50*time.Millisecond)
	pickUp := given().Pin
	require.NotEqual(t, dropPIN, pickUp)
	carrying := s.messagesCarrying
	require.Eventually(t, func() bool { return carrying(pickUp) > 0 }, 20*time.Second, 50*time.Millisecond, "the pick-up PIN is sent")
	require.Zero(t, carrying(dropPIN), "the drop-off PIN never went out")

	// The customer takes the key with the pick-up PIN: the lifecycle completes.
	code, body = s.call("POST", "/v1/keylocker/key_picked_up", device, map[string]any{"dealer_location_id": loc, "pin": pickUp, "key_locker_name": "Key box A"}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	var final appointment.AppointmentState
	require.NoError(t, s.Temporal.GetWorkflow(ctx, appointment.AppointmentWorkflowID(ap), "").Get(ctx, &final))
	require.Equal(t, appointment.StageCompleted, final.Stage)
	require.NotNil(t, s.appointmentRow(ap).KeyPickedUpBackAt)
	require.Zero(t, carrying(dropPIN))

	// Guessing stays limited: ten misses a minute (the first was above,
	// unless its minute has passed), then 429 even for a known plate.
	accepted := 0
	for i := range 11 {
		code, _, body = ask(map[string]any{"dealer_location_id": loc, "reg_number": fmt.Sprintf("ZZ-%03d-Z", i)})
		if code == http.StatusTooManyRequests {
			break
		}
		require.Equal(t, http.StatusOK, code, string(body))
		accepted++
	}
	require.Contains(t, []int{9, 10}, accepted)
	code, again, body = ask(map[string]any{"dealer_location_id": loc, "reg_number": "AB-123-C"})
	failed(t, code, body, http.StatusTooManyRequests)
	require.Empty(t, again.PIN)
}
