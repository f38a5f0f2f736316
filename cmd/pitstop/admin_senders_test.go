package main

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent/communicationsettingchange"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
)

// `pitstop admin location sms-senders` shows and replaces a location's own
// SMS sender numbers with the API's checks (not E.164, twice, the
// deployment's pool, another location's), one history line (user 0) per
// change.
func TestAdminCLISMSSenders(t *testing.T) {
	db := adminEnv(t)
	t.Setenv("PITSTOP_TWILIO_SENDER_POOL", "+3197010000099")
	ctx := context.Background()
	l := cliLocation(t, db, "Sender Motors", "Assen")
	id := strconv.Itoa(l.ID)
	out := mustAdmin(t, "", "admin", "location", "sms-senders", "--id", id)
	require.Contains(t, out, "no SMS sender numbers of its own; it sends from PITSTOP_TWILIO_SENDER_POOL")
	out = mustAdmin(t, "", "admin", "location", "sms-senders", "--id", id, "--number", "+3197010000001", "--number", "+3197010000002")
	require.Contains(t, out, "SMS sender numbers +3197010000001, +3197010000002")
	refused(t, "", []string{"refused", `numbers[0]: "0970" is not an E.164 number`, "numbers[2]: +3197010000001 is listed twice",
		"numbers[3]: +3197010000099 is in PITSTOP_TWILIO_SENDER_POOL"},
		"admin", "location", "sms-senders", "--id", id, "--number", "0970", "--number", "+3197010000001", "--number", "+3197010000001",
		"--number", "+3197010000099")
	mustAdmin(t, "", "admin", "location", "create", "--dealer", strconv.Itoa(l.DealerID), "--name", "Emmen", "--country", "NL",
		"--language", "nl-NL", "--time-zone", "Europe/Amsterdam")
	other := strconv.Itoa(db.DealerLocation.Query().Where(dealerlocation.Name("Emmen")).OnlyX(ctx).ID)
	refused(t, "", []string{"refused", "numbers: +3197010000002 already belongs to location " + id + " (Assen)"},
		"admin", "location", "sms-senders", "--id", other, "--number", "+3197010000002")
	refused(t, "", []string{"--none and --number exclude each other"}, "admin", "location", "sms-senders", "--id", id, "--none", "--number", "+3197010000003")
	refused(t, "", []string{"--id is required"}, "admin", "location", "sms-senders")
	refused(t, "", []string{"not found"}, "admin", "location", "sms-senders", "--id", "999999")
	out = mustAdmin(t, "", "admin", "location", "sms-senders", "--id", id, "--none")
	require.Contains(t, out, "it sends from PITSTOP_TWILIO_SENDER_POOL")
	n := db.CommunicationSettingChange.Query().Where(communicationsettingchange.DealerLocationID(l.ID)).CountX(ctx)
	require.Equal(t, 2, n, "set and emptied; none for refused changes")
}
