package appointment

import (
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// testRegNumberHash stands for keys.RegNumberHash of the test plate.
const testRegNumberHash = "0123456789abcdef0123456789abcdef"

// regNumbers records every RegNumber value the workflow upserts.
func (e *lifecycleEnv) regNumbers() *[]string {
	var out []string
	e.OnUpsertTypedSearchAttributes(mock.Anything).Run(func(args mock.Arguments) {
		if sa, ok := args.Get(0).(temporal.SearchAttributes); ok {
			if v, ok := sa.GetKeyword(caller.SARegNumber); ok {
				out = append(out, v)
			}
		}
	}).Return(nil).Maybe()
	return &out
}

func TestRegNumberSearchAttributeIsTheHashNeverThePlate(t *testing.T) {
	e := newLifecycleEnv(t, snapshot())
	regs := e.regNumbers()
	e.at(time.Hour, func() { e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "end of test"}) })
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Equal(t, []string{testRegNumberHash}, *regs, "the loaded hash, never the plate")
	require.Empty(t, e.hashed, "the load brought the hash: no activity asked")

	opts := caller.StartOptions("q", AppointmentState{AppointmentID: 7, WONr: "WO-7", RegNumber: "AB-123-C"}, "")
	require.False(t, opts.TypedSearchAttributes.ContainsKey(caller.SARegNumber), "a start that knows no secret sets no RegNumber")
	opts = caller.StartOptions("q", AppointmentState{AppointmentID: 7, WONr: "WO-7", RegNumber: "AB-123-C"}, testRegNumberHash)
	got, _ := opts.TypedSearchAttributes.GetKeyword(caller.SARegNumber)
	require.Equal(t, testRegNumberHash, got, "the DMS steer's start sets the hash, never the plate")
}

func TestContinueAsNewCarriesTheRegNumberHash(t *testing.T) {
	old := stepLimit
	stepLimit = 1
	t.Cleanup(func() { stepLimit = old })
	e := newLifecycleEnv(t, snapshot())
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	var can *workflow.ContinueAsNewError
	require.ErrorAs(t, e.GetWorkflowError(), &can)
	var next AppointmentInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	require.Equal(t, testRegNumberHash, next.RegNumberHash)

	// A run continued from one that had no hash (started before it) asks
	// the activity for it, with the plate, and upserts the hash.
	stepLimit = old
	next.RegNumberHash = ""
	e2 := newLifecycleEnv(t, snapshot())
	regs := e2.regNumbers()
	e2.at(time.Hour, func() { e2.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "end of test"}) })
	e2.ExecuteWorkflow(AppointmentWorkflow, next)
	require.NoError(t, e2.GetWorkflowError())
	require.Equal(t, []string{"AB-123-C"}, e2.hashed)
	require.Equal(t, []string{testRegNumberHash}, *regs)
}

// TestChangedSearchAttributeUpdates: a run started as the DMS steer starts
// it (every attribute, the plate's hash too) has nothing to upsert after
// its load; one started without the hash upserts that alone; a moved stage
// or a plate gone are upserted.
func TestChangedSearchAttributeUpdates(t *testing.T) {
	st := AppointmentState{AppointmentID: 7, DealerLocationID: 1, WONr: "WO-7", RegNumber: "AB-123-C",
		Stage: StageScheduled}
	const hash = "0123456789abcdef0123456789abcdef"
	keys := func(updates []temporal.SearchAttributeUpdate) []string {
		var out []string
		for k := range temporal.NewSearchAttributes(updates...).GetUntypedValues() {
			out = append(out, k.GetName())
		}
		sort.Strings(out)
		return out
	}
	require.Empty(t, caller.ChangedSearchAttributeUpdates(caller.SearchAttributesOf(st, hash), st, hash))
	require.Equal(t, []string{"RegNumber"}, keys(caller.ChangedSearchAttributeUpdates(caller.SearchAttributesOf(st, ""), st, hash)))
	require.Equal(t, []string{"RegNumber"}, keys(caller.ChangedSearchAttributeUpdates(caller.SearchAttributesOf(st, "another"), st, hash)))
	moved := st
	moved.Stage, moved.WONr = StageCheckInSent, "WO-8"
	require.Equal(t, []string{"LifecycleStage", "WONr"}, keys(caller.ChangedSearchAttributeUpdates(caller.SearchAttributesOf(st, hash), moved, hash)))
	require.Equal(t, []string{"AppointmentID", "DealerLocationID", "LifecycleStage", "RegNumber", "WONr"},
		keys(caller.ChangedSearchAttributeUpdates(temporal.NewSearchAttributes(), st, hash)))
	require.Equal(t, []string{"AppointmentID", "DealerLocationID", "LifecycleStage", "WONr"},
		keys(caller.ChangedSearchAttributeUpdates(temporal.NewSearchAttributes(), AppointmentState{}, "")),
		"zero values are set; no plate hash sets no RegNumber")

	// A plate removed: one update, which sets nothing (it unsets the hash).
	gone := caller.ChangedSearchAttributeUpdates(caller.SearchAttributesOf(st, hash), st, "")
	require.Len(t, gone, 1)
	require.Empty(t, keys(gone))
}
