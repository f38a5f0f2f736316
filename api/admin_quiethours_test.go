package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	adminapi "github.com/pitstop-dev/pitstop/api/admin"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// A dealer admin reads and changes a location's quiet hours: off by
// default, bad input refused (every problem at once), quiet hours that
// never open refused, a history line per change, idempotent, and out of
// reach of another dealer's admin.
func TestAdminQuietHoursSettings(t *testing.T) {
	f := newAdminFixture(t)
	admin := f.token(enums.RoleIDDealerAdmin)
	path := fmt.Sprintf("/v1/admin/locations/%d/quiet-hours", f.locA)
	var got adminapi.QuietHoursView
	code, b := f.call("GET", path, admin, nil, &got)
	require.Equal(t, http.StatusOK, code, string(b))
	require.False(t, *got.Enabled, "off by default")
	require.Equal(t, "21:00", *got.QuietFrom)
	require.Equal(t, []string{}, *got.Holidays)
	require.Equal(t, "Europe/Amsterdam", got.TimeZone)
	require.Nil(t, got.NextSendAt, "off: nothing is held")

	code, b = f.call("PUT", path, admin, map[string]any{"enabled": true}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Len(t, errorsIn(b), 1)
	require.Contains(t, errorsIn(b)[0], "quiet hours never open", "the location has no opening hours")

	code, b = f.call("PUT", path, admin, map[string]any{"quiet_from": "25:00",
		"holidays": []string{"2026-02-30", "2026-12-25", "2026-12-25", "christmas"}}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, []string{"quiet_from: must be HH:MM (00:00-23:59)", `holidays[0]: "2026-02-30" is not a date (YYYY-MM-DD)`,
		"holidays[2]: 2026-12-25 is listed twice", `holidays[3]: "christmas" is not a date (YYYY-MM-DD)`}, errorsIn(b))
	for _, body := range []string{`{"enabled": "yes"}`, `{"quiet": "21:00"}`, `{"holidays": "2026-12-25"}`, `{"quiet_from": "21:00\u0000"}`} {
		code, b = f.call("PUT", path, admin, body, nil)
		require.Equal(t, http.StatusOK, code, string(b))
		require.NotEmpty(t, errorsIn(b), body)
	}

	open := []string{"08:00-18:00"}
	str := func(s string) *string { return &s }
	_, err := onboard.SaveLocation(context.Background(), f.db, f.dealerA, f.locA, onboard.LocationInput{Name: str("Loc"),
		OpeningHours: map[string][]string{"mon": open, "tue": open, "wed": open, "thu": open, "fri": open}})
	require.NoError(t, err)
	code, b = f.call("PUT", path, admin, map[string]any{"enabled": true, "quiet_from": "07:00"}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Contains(t, errorsIn(b)[0], "quiet hours never open", "quiet from before every opening")

	for i := 0; i < 2; i++ {
		code, b = f.call("PUT", path, admin, map[string]any{"enabled": true, "quiet_from": "20:30",
			"holidays": []string{"2026-12-26", "2026-12-25"}}, &got)
		require.Equal(t, http.StatusOK, code, string(b))
		require.True(t, *got.Enabled)
		require.Equal(t, "20:30", *got.QuietFrom)
		require.Equal(t, []string{"2026-12-25", "2026-12-26"}, *got.Holidays, "in date order")
		require.NotNil(t, got.NextSendAt)
		require.False(t, got.NextSendAt.Before(f.now.Add(-2*time.Second)), "now or the next opening")
	}
	var hist struct{ Changes []adminapi.SettingChangeView }
	code, _ = f.call("GET", fmt.Sprintf("/v1/admin/locations/%d/settings/history", f.locA), admin, nil, &hist)
	require.Equal(t, http.StatusOK, code)
	var fields []string
	for _, c := range hist.Changes {
		fields = append(fields, c.Field)
		require.Equal(t, f.users[enums.RoleIDDealerAdmin], c.UserID)
	}
	require.ElementsMatch(t, []string{"quiet_hours_enabled", "quiet_hours_from", "quiet_hours_holidays"}, fields,
		"one line per changed value, none for refusals or the repeat")

	code, _ = f.call("GET", fmt.Sprintf("/v1/admin/locations/%d/quiet-hours", f.locB), admin, nil, nil)
	require.Equal(t, http.StatusNotFound, code, "another dealer's location")
	code, _ = f.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/quiet-hours", f.locB), admin, map[string]any{"enabled": false}, nil)
	require.Equal(t, http.StatusNotFound, code)
}
