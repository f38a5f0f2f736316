package caller

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/contracts/dmsimport"
)

// StartDelivery starts the delivery of one push, before the push stores
// anything; the caller signals dmsimport.SignalStored (Stored) once it has.
func StartDelivery(ctx context.Context, c client.Client, taskQueue string, in dmsimport.DeliverInput) (client.WorkflowRun, error) {
	return c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: fmt.Sprintf("dms-deliver-%d-%s", in.LocationID, uuid.NewString()), TaskQueue: taskQueue,
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		StaticSummary:         fmt.Sprintf("Carsys push of %d work orders, location %d", len(in.Keys), in.LocationID),
	}, dmsimport.DeliverWorkflowName, in)
}

// Stored tells the delivery its push has stored (or failed to store) its
// work orders.
func Stored(ctx context.Context, c client.Client, run client.WorkflowRun) error {
	return c.SignalWorkflow(ctx, run.GetID(), run.GetRunID(), dmsimport.SignalStored, nil)
}
