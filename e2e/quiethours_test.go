package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// Quiet hours on a real Temporal server (issue #25): with today and
// tomorrow the location's holidays, the demo's online check-ins are due but
// held (in the workflow's state, on a durable timer, with a timeline note)
// and reach no provider; cancelling the appointment drops its held
// messages, which never go out.
func TestQuietHoursHoldTheCheckInAndACancelDropsIt(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	loc, err := s.DB.DealerLocation.Get(ctx, s.Demo.LocationID)
	require.NoError(t, err)
	zone, err := time.LoadLocation(loc.TimeZone)
	require.NoError(t, err)
	now := time.Now().In(zone)
	days := []string{now.Format(time.DateOnly), now.AddDate(0, 0, 1).Format(time.DateOnly)}
	admin := s.dealerAdminToken()
	week := map[string][]string{}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri"} {
		week[d] = []string{"07:30-18:00"}
	}
	code, body := s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d", loc.ID), admin, map[string]any{"opening_hours": week}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/quiet-hours", loc.ID), admin,
		map[string]any{"enabled": true, "holidays": days}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotContains(t, string(body), `"errors"`)

	s.start()
	ap := s.Demo.Appointments[0].AppointmentID
	st := s.waitState(ap, func(st appointment.AppointmentState) bool {
		return len(st.HeldMessages) > 0 && st.Stage == appointment.StageCheckInSent
	})
	afterHolidays := time.Date(now.Year(), now.Month(), now.Day()+2, 0, 0, 0, 0, zone)
	for _, h := range st.HeldMessages {
		require.False(t, h.Until.Before(afterHolidays), "held until %s, within the holidays", h.Until)
	}
	require.Empty(t, s.received(), "nothing reaches a provider in quiet hours")

	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/cancel", ap), s.Token, map[string]string{"reason": "customer moved abroad"}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	// The lifecycle ends with the cancel (its state is then the database's).
	require.Eventually(t, func() bool {
		a, err := s.DB.Appointment.Get(ctx, ap)
		return err == nil && a.LifecycleStage == string(appointment.StageCancelled)
	}, 20*time.Second, 50*time.Millisecond, "the appointment was not cancelled")
	recordHistory(t, s, appointment.AppointmentWorkflowID(ap), "appointment_quiet_hours_held_then_cancelled")
	time.Sleep(time.Second) // a dropped message would be on its way by now
	for to, n := range s.received() {
		t.Errorf("%d messages went to %s after the cancel", n, to)
	}
}
