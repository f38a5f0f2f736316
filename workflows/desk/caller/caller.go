// Package caller is how the API starts the desk check-in confirmation
// through a Temporal client. It imports the contract (contracts/desk), the
// appointment's caller (search attributes) and the Temporal SDK, never the
// workflow or its activities.
package caller

import (
	"context"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/desk"
	"github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// StartDeskConfirmation starts the confirmation of an answered desk check-in.
// Starting it again, while it runs or after it finished, does nothing: the
// tablet may repeat its "answered" report when a first try timed out.
func StartDeskConfirmation(ctx context.Context, c client.Client, taskQueue string, in desk.DeskConfirmationInput) error {
	_, err := c.ExecuteWorkflow(ctx, startOptions(taskQueue, in), desk.WorkflowName, in)
	if temporal.IsWorkflowExecutionAlreadyStartedError(err) {
		return nil
	}
	return err
}

// startOptions name the confirmation by its desk communication; the summary
// shows the work order, never the plate (the Temporal UI is not sealed).
func startOptions(taskQueue string, in desk.DeskConfirmationInput) client.StartWorkflowOptions {
	return client.StartWorkflowOptions{
		ID:                       desk.DeskConfirmationWorkflowID(in.DeskCommunicationID),
		TaskQueue:                taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		StaticSummary:            fmt.Sprintf("Desk check-in confirmation %d for %s", in.DeskCommunicationID, in.WONr),
		StaticDetails:            fmt.Sprintf("Confirms the desk check-in %d of appointment %d at location %d by email, once, and tells the appointment's lifecycle.", in.DeskCommunicationID, in.AppointmentID, in.DealerLocationID),
		TypedSearchAttributes:    searchAttributes(in),
	}
}

// searchAttributes find the confirmation with its appointment; RegNumber
// is the plate's keyed hash (none without one), never the plate.
func searchAttributes(in desk.DeskConfirmationInput) temporal.SearchAttributes {
	sa := []temporal.SearchAttributeUpdate{
		caller.SAAppointmentID.ValueSet(int64(in.AppointmentID)),
		caller.SADealerLocationID.ValueSet(int64(in.DealerLocationID)),
		caller.SAWONr.ValueSet(in.WONr),
	}
	if in.RegNumberHash != "" {
		sa = append(sa, caller.SARegNumber.ValueSet(in.RegNumberHash))
	}
	return temporal.NewSearchAttributes(sa...)
}
