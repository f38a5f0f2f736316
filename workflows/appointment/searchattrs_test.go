package appointment

import (
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
