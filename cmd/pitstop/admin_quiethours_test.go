package main

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent/communicationsettingchange"
)

// `pitstop admin location quiet-hours` shows and changes a location's
// quiet hours with the API's checks (never open, bad dates), one history
// line (user 0) per changed value.
func TestAdminCLIQuietHours(t *testing.T) {
	db := adminEnv(t)
	ctx := context.Background()
	l := cliLocation(t, db, "Quiet Motors", "Zwolle")
	id := strconv.Itoa(l.ID)
	out := mustAdmin(t, "", "admin", "location", "quiet-hours", "--id", id)
	require.Contains(t, out, "quiet hours off, messages from the opening time until 21:00 (Europe/Amsterdam), holidays: none")
	refused(t, "", []string{"refused", "quiet hours never open"}, "admin", "location", "quiet-hours", "--id", id, "--enabled")
	mustAdmin(t, "", "admin", "location", "update", "--id", id, "--opening-hours", "mon=08:00-18:00", "--opening-hours", "sat=09:00-12:00")
	out = mustAdmin(t, "", "admin", "location", "quiet-hours", "--id", id, "--enabled", "--quiet-from", "20:00",
		"--holiday", "2026-12-26", "--holiday", "2026-12-25")
	require.Contains(t, out, "quiet hours on, messages from the opening time until 20:00 (Europe/Amsterdam), holidays: 2026-12-25, 2026-12-26")
	require.Contains(t, out, "an automated message planned now goes at")
	refused(t, "", []string{"refused", `holidays[0]: "2026-13-01" is not a date`}, "admin", "location", "quiet-hours", "--id", id, "--holiday", "2026-13-01")
	refused(t, "", []string{"--id is required"}, "admin", "location", "quiet-hours")
	refused(t, "", []string{"not found"}, "admin", "location", "quiet-hours", "--id", "999999")
	out = mustAdmin(t, "", "admin", "location", "quiet-hours", "--id", id, "--no-holidays")
	require.Contains(t, out, "holidays: none")
	n := db.CommunicationSettingChange.Query().Where(communicationsettingchange.DealerLocationID(l.ID)).CountX(ctx)
	require.Equal(t, 4, n, "enabled, quiet_from, holidays, holidays emptied; none for refused changes")
}
