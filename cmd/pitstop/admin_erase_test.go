package main

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// `pitstop admin customer erase`: the dry run prints what it would touch
// and changes nothing; the erasure prints its record (via "cli", no user)
// and what it touched; a second one is refused with the first one's date;
// an open appointment is refused by ID.
func TestAdminCustomerErase(t *testing.T) {
	db := adminEnv(t)
	ctx := context.Background()
	d := db.Dealer.Create().SetName("A").SetCountryCode("NL").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A1").SetCountry("NL").SetTimeZone("Europe/Amsterdam").SaveX(ctx)
	eva := db.Customer.Create().SetDealerLocationID(l.ID).SetFirstName("Eva").SetTelMobilePrivate("06 12345678").SaveX(ctx)
	app := db.Appointment.Create().SetLocationID(l.ID).SetCustomerDriverID(eva.ID).SetTimeCarApp(eva.CreatedAt).SetCreatedBy("test").SaveX(ctx)

	run := func(args ...string) (string, string, error) {
		return runPitstop(ctx, append([]string{"admin", "customer", "erase", "--dealer", strconv.Itoa(d.ID)}, args...)...)
	}
	_, _, err := run("--phone", "+31612345678")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "appointment(s) "+strconv.Itoa(app.ID)+" of this customer are in progress")
	app.Update().SetLifecycleStage("cancelled").ExecX(ctx)

	out, progress, err := run("--phone", "+31612345678", "--dry-run")
	require.NoError(t, err, progress)
	assert.Contains(t, progress, "customers: 1")
	assert.Contains(t, progress, "dry run: nothing changed")
	assert.Contains(t, out, `"dry_run": true`)
	assert.Equal(t, "Eva", db.Customer.GetX(ctx, eva.ID).FirstName)

	out, progress, err = run("--phone", "+31612345678")
	require.NoError(t, err, progress)
	var rec struct {
		ID          int            `json:"id"`
		Via         string         `json:"via"`
		RequestedBy *int           `json:"requested_by_user_id"`
		Touched     map[string]int `json:"touched"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rec), "stdout holds the JSON only")
	assert.NotZero(t, rec.ID)
	assert.Equal(t, "cli", rec.Via)
	assert.Nil(t, rec.RequestedBy)
	assert.Equal(t, map[string]int{"customers": 1, "appointments": 1}, rec.Touched)
	assert.Contains(t, progress, "appointments: 1")
	assert.Empty(t, db.Customer.GetX(ctx, eva.ID).FirstName)

	_, _, err = run("--id", strconv.Itoa(eva.ID))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "already erased on")
	_, _, err = run("--phone", "+31612345678")
	require.ErrorContains(t, err, "use --id")
}
