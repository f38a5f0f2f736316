package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent/appointment"
)

// runPitstop runs the pitstop command with args: standard output, standard
// error, the error.
func runPitstop(ctx context.Context, args ...string) (string, string, error) {
	root := &cobra.Command{Use: "pitstop", SilenceUsage: true, SilenceErrors: true}
	root.AddCommand(rootCommands()...)
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	return out.String(), errOut.String(), err
}

// `pitstop admin customer export` prints the export document on standard
// output (JSON only) and its progress on standard error; a customer of
// another dealer is not found, a bad selector refused.
func TestAdminCustomerExport(t *testing.T) {
	db := adminEnv(t)
	ctx := context.Background()
	dA := db.Dealer.Create().SetName("A").SetCountryCode("NL").SaveX(ctx)
	dB := db.Dealer.Create().SetName("B").SetCountryCode("NL").SaveX(ctx)
	lA := db.DealerLocation.Create().SetDealerID(dA.ID).SetName("A1").SetCountry("NL").SetTimeZone("Europe/Amsterdam").SaveX(ctx)
	lB := db.DealerLocation.Create().SetDealerID(dB.ID).SetName("B1").SetCountry("NL").SetTimeZone("Europe/Amsterdam").SaveX(ctx)
	eva := db.Customer.Create().SetDealerLocationID(lA.ID).SetFirstName("Eva").SetTelMobilePrivate("06 12345678").SaveX(ctx)
	other := db.Customer.Create().SetDealerLocationID(lB.ID).SetFirstName("Ola").SetTelMobilePrivate("+31612345678").SaveX(ctx)
	db.Appointment.Create().SetLocationID(lA.ID).SetCustomerDriverID(eva.ID).SetTimeCarApp(eva.CreatedAt).SetCreatedBy("test").SaveX(ctx)

	run := func(args ...string) (string, string, error) {
		return runPitstop(ctx, append([]string{"admin", "customer", "export"}, args...)...)
	}
	out, progress, err := run("--dealer", strconv.Itoa(dA.ID), "--phone", "+31612345678")
	require.NoError(t, err, progress)
	var doc struct {
		Format       string `json:"format"`
		Customers    []struct{ ID int }
		Appointments []struct {
			Appointment struct{ ID int } `json:"appointment"`
		} `json:"appointments"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc), "stdout holds the JSON only")
	assert.Equal(t, "pitstop-customer-export/1", doc.Format)
	require.Len(t, doc.Customers, 1)
	assert.Equal(t, eva.ID, doc.Customers[0].ID)
	want := db.Appointment.Query().Where(appointment.CustomerDriverID(eva.ID)).IDsX(ctx)
	require.Len(t, doc.Appointments, len(want))
	assert.Equal(t, want[0], doc.Appointments[0].Appointment.ID)
	assert.Contains(t, progress, "1 customer row(s), 1 appointment(s)")

	_, _, err = run("--dealer", strconv.Itoa(dA.ID), "--id", strconv.Itoa(other.ID))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not found")
	out, _, err = run("--dealer", strconv.Itoa(dA.ID), "--id", "1", "--email", "a@b.example")
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "only one"), err.Error())
	assert.Empty(t, out)
	_, _, err = run("--phone", "+31612345678")
	require.ErrorContains(t, err, "--dealer is required")
}
