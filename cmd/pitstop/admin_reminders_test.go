package main

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent/communicationsettingchange"
)

// `pitstop admin location reminders` shows and changes a location's
// reminder hours with the API's bounds, one history line (user 0) per
// changed value.
func TestAdminCLIReminders(t *testing.T) {
	db := adminEnv(t)
	ctx := context.Background()
	l := cliLocation(t, db, "Reminder Motors", "Tilburg")
	id := strconv.Itoa(l.ID)
	out := mustAdmin(t, "", "admin", "location", "reminders", "--id", id)
	require.Contains(t, out, "check-in reminder 24 h, diagnose reminder 4 h, escalation 4 h, key pick-up reminder 24 h, locker expiry warning 24 h")
	out = mustAdmin(t, "", "admin", "location", "reminders", "--id", id, "--diagnose-reminder-hours", "6", "--key-pickup-reminder-hours", "0", "--locker-expiry-warning-hours", "48")
	require.Contains(t, out, "diagnose reminder 6 h, escalation 4 h, key pick-up reminder 0 h, locker expiry warning 48 h")
	refused(t, "", []string{"refused", "escalation_hours: must be between 0 and 336", "check_in_reminder_hours"},
		"admin", "location", "reminders", "--id", id, "--escalation-hours", "337", "--check-in-reminder-hours", "-1")
	refused(t, "", []string{"refused", "locker_expiry_warning_hours: must be between 0 and 336"},
		"admin", "location", "reminders", "--id", id, "--locker-expiry-warning-hours", "337")
	refused(t, "", []string{"--id is required"}, "admin", "location", "reminders")
	refused(t, "", []string{"not found"}, "admin", "location", "reminders", "--id", "999999")
	n := db.CommunicationSettingChange.Query().Where(communicationsettingchange.DealerLocationID(l.ID)).CountX(ctx)
	require.Equal(t, 3, n, "one line per changed value, none for refused changes")
}
