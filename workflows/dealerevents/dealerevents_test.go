package dealerevents

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	acts "github.com/pitstop-dev/pitstop/activities/dealerevents"
	"github.com/pitstop-dev/pitstop/contracts/dealerevents"
)

func newEnv() *testsuite.TestWorkflowEnvironment {
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(DispatchWorkflow, workflow.RegisterOptions{Name: DispatchWorkflowName})
	env.RegisterWorkflowWithOptions(DeliveryWorkflow, workflow.RegisterOptions{Name: DeliveryWorkflowName})
	env.RegisterActivity(&acts.Activities{})
	return env
}

// A dealer's endpoint down for two attempts: the batch is retried with
// backoff (time skipping) until it goes through, then the workflow
// delivers the rest and ends when nothing is left, with its totals.
func TestDeliveryRetriesAFailingBatchThenFinishes(t *testing.T) {
	env := newEnv()
	calls := 0
	env.OnActivity(da.DeliverBatch, mock.Anything, mock.Anything).Return(
		func(_ context.Context, b dealerevents.Batch) (dealerevents.BatchResult, error) {
			calls++
			require.Equal(t, dealerevents.Batch{LocationID: 7, Limit: dealerevents.BatchSize}, b)
			switch calls {
			case 1, 2:
				return dealerevents.BatchResult{}, errors.New("endpoint replied 503")
			case 3:
				return dealerevents.BatchResult{Delivered: 20, More: true}, nil
			default:
				return dealerevents.BatchResult{Delivered: 3, Expired: 1}, nil
			}
		})
	env.ExecuteWorkflow(DeliveryWorkflow, dealerevents.DeliveryInput{LocationID: 7})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	var out dealerevents.DeliveryInput
	require.NoError(t, env.GetWorkflowResult(&out))
	assert.Equal(t, dealerevents.DeliveryInput{LocationID: 7, Delivered: 23, Expired: 1}, out)
	assert.Equal(t, 4, calls)
}

// The dispatch starts one delivery workflow per pending location, under
// the location's workflow ID.
func TestDispatchStartsOneDeliveryPerLocation(t *testing.T) {
	env := newEnv()
	env.OnActivity(da.PendingLocations, mock.Anything).Return([]int{3, 5}, nil)
	var delivered []int
	env.OnActivity(da.DeliverBatch, mock.Anything, mock.Anything).Return(
		func(_ context.Context, b dealerevents.Batch) (dealerevents.BatchResult, error) {
			delivered = append(delivered, b.LocationID)
			return dealerevents.BatchResult{Delivered: 1}, nil
		})
	var ids []string
	env.SetOnChildWorkflowStartedListener(func(info *workflow.Info, _ workflow.Context, _ converter.EncodedValues) {
		ids = append(ids, info.WorkflowExecution.ID)
	})
	env.ExecuteWorkflow(DispatchWorkflow)
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	var started int
	require.NoError(t, env.GetWorkflowResult(&started))
	assert.Equal(t, 2, started)
	assert.Equal(t, []string{"dealer-events-3", "dealer-events-5"}, ids)
}
