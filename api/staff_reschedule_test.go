package api

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// A reschedule must land between now and a year ahead: 9999-12-31 or last
// year is refused in words before any workflow hears of it.
func TestRescheduleIsBoundedToTheComingYear(t *testing.T) {
	f := newAdminFixture(t)
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	f.router = New(Deps{DB: f.store, Tokens: f.iss, KeySecret: []byte("k"), Now: func() time.Time { return now }})
	f.now = now
	ap := f.deskAppointment(now.Add(48*time.Hour), "AB-12-CD")
	path := fmt.Sprintf("/v1/appointments/%d/reschedule", ap.ID)
	tok := f.token(enums.RoleIDReceptionist)
	for at, want := range map[string]string{
		"9999-12-31T08:00:00Z": "time_car_app: at most a year ahead (not after 2027-12-07)",
		"2027-12-08T08:00:00Z": "time_car_app: at most a year ahead (not after 2027-12-07)",
		"2025-12-06T08:00:00Z": "time_car_app: must not be in the past",
		"2026-12-06T09:00:00Z": "time_car_app: must not be in the past",
	} {
		code, body := f.call("POST", path, tok, map[string]any{"time_car_app": at}, nil)
		require.Equal(t, http.StatusOK, code, at)
		assert.Equal(t, []string{want}, errorsIn(body), at)
	}
}
