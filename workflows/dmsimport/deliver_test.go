package dmsimport

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	acts "github.com/pitstop-dev/pitstop/activities/dmsimport"
)

// A push's delivery steers as soon as the push says it stored, and, if
// the push never says so (it died after storing), after DeliverStoreWait.
func TestDeliveryRunsOnStoredOrAfterTheWait(t *testing.T) {
	for _, signalled := range []bool{true, false} {
		var s testsuite.WorkflowTestSuite
		e := s.NewTestWorkflowEnvironment()
		e.RegisterWorkflow(DMSDeliverWorkflow)
		e.RegisterActivity(&acts.Activities{})
		start := e.Now()
		var ranAfter time.Duration
		var got DeliverInput
		e.OnActivity(da.DeliverPending, mock.Anything, mock.Anything).Return(func(_ context.Context, in DeliverInput) (DeliverOutput, error) {
			ranAfter, got = e.Now().Sub(start), in
			return DeliverOutput{Items: []acts.Delivered{{AppointmentID: 9, Kind: "new", Lifecycle: "started"}}}, nil
		})
		if signalled {
			e.RegisterDelayedCallback(func() { e.SignalWorkflow(SignalStored, nil) }, time.Second)
		}
		e.ExecuteWorkflow(DMSDeliverWorkflow, DeliverInput{LocationID: 3, Keys: []string{"88001"}})
		require.NoError(t, e.GetWorkflowError())
		var out DeliverOutput
		require.NoError(t, e.GetWorkflowResult(&out))
		require.Len(t, out.Items, 1)
		require.Equal(t, DeliverInput{LocationID: 3, Keys: []string{"88001"}}, got)
		if signalled {
			require.Less(t, ranAfter, DeliverStoreWait, "delivered when told")
		} else {
			require.GreaterOrEqual(t, ranAfter, DeliverStoreWait, "delivered after the wait")
		}
	}
}
