package api

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	adminapi "github.com/pitstop-dev/pitstop/api/admin"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// A dealer admin reads and changes a location's reminders: defaults,
// bounds (every problem at once), a history line per change, idempotent,
// and out of reach of another dealer's admin.
func TestAdminRemindersSettings(t *testing.T) {
	f := newAdminFixture(t)
	admin := f.token(enums.RoleIDDealerAdmin)
	path := fmt.Sprintf("/v1/admin/locations/%d/reminders", f.locA)
	hours := func(a, b, c, d, e int) onboard.Reminders {
		return onboard.Reminders{CheckInReminderHours: &a, DiagnoseReminderHours: &b, EscalationHours: &c, KeyPickupReminderHours: &d,
			LockerExpiryWarningHours: &e}
	}
	var got onboard.Reminders
	code, b := f.call("GET", path, admin, nil, &got)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, hours(24, 4, 4, 24, 24), got, "the defaults")

	code, b = f.call("PUT", path, admin, map[string]any{"check_in_reminder_hours": -1, "diagnose_reminder_hours": 337,
		"escalation_hours": 100000, "key_pickup_reminder_hours": 0, "locker_expiry_warning_hours": 337}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, []string{"check_in_reminder_hours: must be between 0 and 336", "diagnose_reminder_hours: must be between 0 and 336",
		"escalation_hours: must be between 0 and 336", "locker_expiry_warning_hours: must be between 0 and 336"}, errorsIn(b))
	code, b = f.call("PUT", path, admin, map[string]any{"locker_expiry_warning_hours": -1}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, []string{"locker_expiry_warning_hours: must be between 0 and 336"}, errorsIn(b))
	for _, body := range []string{`{"escalation_hours": 1e30}`, `{"escalation_hours": "4"}`, `{"escalation": 4}`, `{"escalation_hours": 4.5}`} {
		code, b = f.call("PUT", path, admin, body, nil)
		require.Equal(t, http.StatusOK, code, string(b))
		require.NotEmpty(t, errorsIn(b), body)
	}
	code, _ = f.call("GET", path, admin, nil, &got)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, hours(24, 4, 4, 24, 24), got, "refused changes change nothing")

	for i := 0; i < 2; i++ {
		code, b = f.call("PUT", path, admin, map[string]any{"diagnose_reminder_hours": 6, "key_pickup_reminder_hours": 0,
			"locker_expiry_warning_hours": 336}, &got)
		require.Equal(t, http.StatusOK, code, string(b))
		require.Equal(t, hours(24, 6, 4, 0, 336), got, "336 is the most")
	}
	var hist struct{ Changes []adminapi.SettingChangeView }
	code, _ = f.call("GET", fmt.Sprintf("/v1/admin/locations/%d/settings/history", f.locA), admin, nil, &hist)
	require.Equal(t, http.StatusOK, code)
	require.Len(t, hist.Changes, 3, "one line per changed value, none for the repeat")
	fields := []string{hist.Changes[0].Field, hist.Changes[1].Field, hist.Changes[2].Field}
	require.ElementsMatch(t, []string{"diagnose_reminder_hours", "key_pickup_reminder_hours", "locker_expiry_warning_hours"}, fields)
	for _, c := range hist.Changes {
		require.Equal(t, f.users[enums.RoleIDDealerAdmin], c.UserID)
	}

	code, _ = f.call("GET", fmt.Sprintf("/v1/admin/locations/%d/reminders", f.locB), admin, nil, nil)
	require.Equal(t, http.StatusNotFound, code, "another dealer's location")
	code, _ = f.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/reminders", f.locB), admin, map[string]any{"escalation_hours": 1}, nil)
	require.Equal(t, http.StatusNotFound, code)
}
