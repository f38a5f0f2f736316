package main

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/app/devstack/devserver"
	"github.com/pitstop-dev/pitstop/contracts/retention"
	"github.com/pitstop-dev/pitstop/internal/config"
	"github.com/pitstop-dev/pitstop/internal/payloadcodec"
)

// `pitstop admin customer erase`: the dry run prints what it would touch
// and changes nothing; the erasure prints its record (via "cli", no user)
// and what it touched, and with Temporal unreachable says its clean-up
// there was not started and how to start it, exit code 3; a second one is
// refused with the first one's date; an open appointment is refused by ID.
func TestAdminCustomerErase(t *testing.T) {
	db := adminEnv(t)
	// Nothing listens on port 1: the erasure cannot start its clean-up in
	// Temporal (TestAdminCustomerEraseStartsThePlatesCleanUp reaches one).
	t.Setenv("PITSTOP_TEMPORAL_ADDRESS", "127.0.0.1:1")
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

	// Erased and recorded; Temporal is unreachable, so the command says so,
	// how to start the clean-up later, and exits 3.
	out, progress, err = run("--phone", "+31612345678")
	require.Error(t, err, progress)
	assert.Equal(t, 3, exitCode(err))
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
	assert.Equal(t, "cli", db.CustomerErasure.GetX(ctx, rec.ID).Via, "the erasure is recorded")
	id := strconv.Itoa(rec.ID)
	assert.Contains(t, progress, "starting the clean-up of old lifecycle runs in Temporal (workflow erasure-plates-"+id+")...")
	assert.Contains(t, err.Error(), "erasure "+id+" is done, but the clean-up of old lifecycle runs in Temporal was not started: connect to Temporal at 127.0.0.1:1")
	assert.Contains(t, err.Error(), "pitstop admin customer forget-plates --erasure "+id)

	// Starting it later needs Temporal too: a plain failure (exit code 1).
	_, progress, err = runPitstop(ctx, "admin", "customer", "forget-plates", "--erasure", id)
	require.ErrorContains(t, err, "connect to Temporal at 127.0.0.1:1")
	assert.Equal(t, 1, exitCode(err))
	assert.Contains(t, progress, "(workflow erasure-plates-"+id+")")

	_, _, err = run("--id", strconv.Itoa(eva.ID))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "already erased on")
	_, _, err = run("--phone", "+31612345678")
	require.ErrorContains(t, err, "use --id")
}

// After `pitstop admin customer erase` the erasure's clean-up in Temporal
// runs as after the API's: ForgetPlainPlatesWorkflow erasure-plates-<id>
// on the configured task queue, its input (dealer and customer IDs)
// sealed with PITSTOP_PAYLOAD_KEYS; `forget-plates` for the same erasure
// starts nothing new, and names an erasure that does not exist.
func TestAdminCustomerEraseStartsThePlatesCleanUp(t *testing.T) {
	db := adminEnv(t)
	ctx := context.Background()
	ts := devserver.Start(t)
	const keys = "cli:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
	t.Setenv("PITSTOP_TEMPORAL_ADDRESS", ts.FrontendHostPort())
	t.Setenv("PITSTOP_TASK_QUEUE", "cli-erasure")
	t.Setenv("PITSTOP_PAYLOAD_KEYS", keys)

	d := db.Dealer.Create().SetName("A").SetCountryCode("NL").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A1").SetCountry("NL").SetTimeZone("Europe/Amsterdam").SaveX(ctx)
	eva := db.Customer.Create().SetDealerLocationID(l.ID).SetFirstName("Eva").SetTelMobilePrivate("06 12345678").SaveX(ctx)
	db.Appointment.Create().SetLocationID(l.ID).SetCustomerDriverID(eva.ID).SetTimeCarApp(eva.CreatedAt).
		SetCreatedBy("test").SetLifecycleStage("completed").SaveX(ctx)

	out, progress, err := runPitstop(ctx, "admin", "customer", "erase", "--dealer", strconv.Itoa(d.ID), "--id", strconv.Itoa(eva.ID))
	require.NoError(t, err, progress)
	var rec struct {
		ID int `json:"id"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rec), "stdout holds the JSON only")
	wfID := retention.PlatesWorkflowID(rec.ID)
	assert.Contains(t, progress, "starting the clean-up of old lifecycle runs in Temporal (workflow "+wfID+")...")
	assert.Contains(t, progress, "started:")

	tc, err := client.Dial(client.Options{HostPort: ts.FrontendHostPort()})
	require.NoError(t, err)
	defer tc.Close()
	desc, err := tc.DescribeWorkflowExecution(ctx, wfID, "")
	require.NoError(t, err, "the clean-up was started")
	info := desc.GetWorkflowExecutionInfo()
	assert.Equal(t, retention.PlatesWorkflowName, info.GetType().GetName())
	assert.Equal(t, "cli-erasure", info.GetTaskQueue())
	hist := tc.GetWorkflowHistory(ctx, wfID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	first, err := hist.Next()
	require.NoError(t, err)
	input := first.GetWorkflowExecutionStartedEventAttributes().GetInput().GetPayloads()
	require.Len(t, input, 1)
	assert.Equal(t, "binary/encrypted", string(input[0].GetMetadata()["encoding"]), "sealed, not in clear")
	for _, k := range []string{config.DevPayloadKeys, keys} {
		keyring, err := payloadcodec.ParseKeyring(k)
		require.NoError(t, err)
		var in retention.Plates
		err = payloadcodec.NewDataConverter(keyring).FromPayload(input[0], &in)
		if k == config.DevPayloadKeys {
			assert.Error(t, err, "not sealed with the development keys")
			continue
		}
		require.NoError(t, err, "sealed with PITSTOP_PAYLOAD_KEYS")
		assert.Equal(t, retention.Plates{DealerID: d.ID, CustomerIDs: []int{eva.ID}}, in, "the API's arguments")
	}

	// Again for the same erasure: the same workflow, no second run.
	_, progress, err = runPitstop(ctx, "admin", "customer", "forget-plates", "--erasure", strconv.Itoa(rec.ID))
	require.NoError(t, err, progress)
	again, err := tc.DescribeWorkflowExecution(ctx, wfID, "")
	require.NoError(t, err)
	assert.Equal(t, info.GetExecution().GetRunId(), again.GetWorkflowExecutionInfo().GetExecution().GetRunId())

	_, _, err = runPitstop(ctx, "admin", "customer", "forget-plates", "--erasure", strconv.Itoa(rec.ID+1000))
	require.ErrorContains(t, err, "erasure "+strconv.Itoa(rec.ID+1000)+" not found")
}
