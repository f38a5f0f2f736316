package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	acsesfake "github.com/pitstop-dev/pitstop/integrations/acses/fake"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// A reschedule with the key already in the drop cell extends the booking
// at the vendor, so the key cannot expire in the cell before the new
// appointment; the state shows the new end.
func TestLockerRescheduleWithKeyInside(t *testing.T) {
	s := newStack(t)
	ap, res := s.lockerCheckIn(true)
	s.door(res.AcsesPIN, enums.ObjectStatusDropoff)
	st := s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerDropped })
	oldEnd := *st.Locker.DropEnd
	b, ok := s.ACSES.Booking(st.Locker.DropBookingID)
	require.True(t, ok)
	require.True(t, b.EndDate.Equal(oldEnd), "vendor %v, state %v", b.EndDate, oldEnd)

	far := time.Now().Add(40 * 24 * time.Hour).Truncate(time.Second).UTC()
	code, body := s.call("POST", fmt.Sprintf("/v1/appointments/%d/reschedule", ap), s.Token, map[string]any{"time_car_app": far}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	recordBeforeChange(t, s, appointment.AppointmentWorkflowID(ap), "appointment_acses_reschedule_key_inside_before_move", "acses-move-booking-with-key-inside")
	st = s.lockerState(ap, func(l *appointment.LockerState) bool { return l.DropEnd != nil && l.DropEnd.After(oldEnd) })
	require.True(t, st.Locker.DropEnd.After(far), "the key stays reachable after the new appointment")
	require.Empty(t, st.Locker.Outcome)
	b, _ = s.ACSES.Booking(st.Locker.DropBookingID)
	require.True(t, b.EndDate.Equal(*st.Locker.DropEnd), "vendor %v, state %v", b.EndDate, *st.Locker.DropEnd)
	require.Equal(t, enums.BookingStateBooked, b.State)
	recordHistory(t, s, appointment.AppointmentWorkflowID(ap), "appointment_acses_reschedule_key_inside")
}

// simulateDoor opens a simulated door and returns the errors the API
// answered (none when the door opened).
func (s *stack) simulateDoor(t *testing.T, code string, action enums.ObjectStatus) []string {
	t.Helper()
	q := url.Values{"location_id": {fmt.Sprint(s.Demo.LocationID)}, "locker_system_id": {acsesfake.DemoLockerSystemID},
		"code": {code}, "action": {string(action)}}
	status, body := s.call("GET", "/v1/events/simulate?"+q.Encode(), "", nil, nil)
	require.Equal(t, http.StatusOK, status, string(body))
	if len(body) == 0 {
		return nil
	}
	return errorsOf(t, body)
}

// A door that does not open (the customer's drop, the mechanic's pick-up,
// then the customer's pick-up)
// changes nothing: the state still shows where the key is, the PIN can
// be asked for again and used again, and the journey completes.
func TestLockerDoorFailsToOpen(t *testing.T) {
	s := newStack(t)
	ap, res := s.lockerCheckIn(true)
	// The customer's drop-off door jams: still waiting for the key; the same PIN works on a retry.
	s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerBooked })
	s.ACSES.FailDoorNext(1)
	require.Len(t, s.simulateDoor(t, res.AcsesPIN, enums.ObjectStatusDropoff), 1)
	st := s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Locker != nil })
	require.Equal(t, appointment.LockerBooked, st.Locker.Phase)
	require.Equal(t, appointment.StageAwaitingKeyDrop, st.Stage)
	require.Empty(t, s.simulateDoor(t, res.AcsesPIN, enums.ObjectStatusDropoff))
	s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerDropped })
	pickup := map[string]int{"appointment_id": ap}

	// The mechanic's door jams: the key is still inside; asking again gives the same PIN, which opens it.
	code, pin, body := s.staffPIN("/v1/employees/pickup", s.Token, pickup)
	require.Equal(t, http.StatusOK, code, string(body))
	s.ACSES.FailDoorNext(1)
	errs := s.simulateDoor(t, pin, enums.ObjectStatusCheckout)
	require.Len(t, errs, 1)
	require.Contains(t, errs[0], "the door did not open")
	st = s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Locker != nil })
	require.Equal(t, appointment.LockerDropped, st.Locker.Phase, "the key is still in the cell")
	require.True(t, st.Locker.KeyInside())
	code, again, body := s.staffPIN("/v1/employees/pickup", s.Token, pickup)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, pin, again, "the code still opens the cell")
	require.Empty(t, s.simulateDoor(t, again, enums.ObjectStatusCheckout))
	s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerPickedUp })

	// The customer's door jams at the final pick-up: nothing is lost, the
	// receptionist can read the PIN out again, and the retry completes the lifecycle.
	dropBack := map[string]any{"locker_system_id": acsesfake.DemoLockerSystemID, "appointment_id": ap}
	code, back, body := s.staffPIN("/v1/employees/drop_back", s.Token, dropBack)
	require.Equal(t, http.StatusOK, code, string(body))
	s.door(back, enums.ObjectStatusDropoff)
	s.lockerState(ap, func(l *appointment.LockerState) bool {
		return l.Phase == appointment.LockerDroppedBack && l.PickUpPINSent
	})
	s.ACSES.FailDoorNext(2)
	for range 2 {
		errs = s.simulateDoor(t, back, enums.ObjectStatusCheckout)
		require.Len(t, errs, 1)
		require.True(t, strings.Contains(errs[0], "the door did not open"), errs[0])
	}
	st = s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Locker != nil })
	require.Equal(t, appointment.LockerDroppedBack, st.Locker.Phase, "the key is still in the cell")
	require.NotEqual(t, appointment.StageCompleted, st.Stage)
	code, assist, body := s.staffPIN("/v1/employees/assist_pickup", s.Token, pickup)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, back, assist)
	require.Empty(t, s.simulateDoor(t, assist, enums.ObjectStatusCheckout))
	var final appointment.AppointmentState
	require.NoError(t, s.Temporal.GetWorkflow(context.Background(), appointment.AppointmentWorkflowID(ap), "").Get(context.Background(), &final))
	require.Equal(t, appointment.StageCompleted, final.Stage)
	require.Equal(t, appointment.LockerPickedUpBack, final.Locker.Phase)
}
