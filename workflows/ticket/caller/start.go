// Package caller is how the API starts a remote-diagnose ticket's workflow
// through a Temporal client, and the workflow's search attributes. It
// imports the contract (contracts/ticket), the appointment's caller and the
// Temporal SDK, never the workflow or its activities.
package caller

import (
	"context"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/ticket"
	"github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// StartOptions are the ticket workflow's start options, for every caller.
// The ID is the request's; a request id already used is refused
// (REJECT_DUPLICATE), a running one is joined (USE_EXISTING, as
// update-with-start needs: a retried order adopts its own workflow).
func StartOptions(taskQueue string, in ticket.Input) client.StartWorkflowOptions {
	return client.StartWorkflowOptions{
		ID:                       ticket.WorkflowID(in.AppointmentID, in.RequestID),
		TaskQueue:                taskQueue,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			caller.SAAppointmentID.ValueSet(int64(in.AppointmentID)),
			caller.SADealerLocationID.ValueSet(int64(in.DealerLocationID)),
			caller.SAWONr.ValueSet(in.WONr),
			SAConnectorID.ValueSet(in.ConnectorID),
			SAVIN.ValueSet(in.VIN),
			SATicketStatus.ValueSet(string(ticket.StatusRequested)),
		),
		// No personal data: work order, location, appointment, connector
		// (never the plate: a summary is no payload, no codec seals it).
		StaticSummary: fmt.Sprintf("Remote diagnosis %s, location %d", in.WONr, in.DealerLocationID),
		StaticDetails: fmt.Sprintf("Appointment %d, connector %d, products %v", in.AppointmentID, in.ConnectorID, in.ProductIDs),
	}
}

// Start starts the workflow of a new ticket request without waiting for
// its row (Order waits).
func Start(ctx context.Context, c client.Client, taskQueue string, in ticket.Input) (client.WorkflowRun, error) {
	return c.ExecuteWorkflow(ctx, StartOptions(taskQueue, in), ticket.WorkflowName, in)
}

// Order starts the workflow of a new ticket request and waits until its
// first activity has recorded the request, in one call to Temporal
// (update-with-start): the row and the workflow appear together or not at
// all, so a caller that dies at any point never leaves a row without a
// workflow to end it (and free its connector). A refusal (the connector
// already has a running ticket) comes back as a *temporal.ApplicationError
// of type errtypes.Rejected; the workflow then ends without a row. Calling
// it again with the same request id joins the same workflow and update.
func Order(ctx context.Context, c client.Client, taskQueue string, in ticket.Input) (ticket.State, error) {
	start := c.NewWithStartWorkflowOperation(StartOptions(taskQueue, in), ticket.WorkflowName, in)
	h, err := c.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start,
		UpdateOptions: client.UpdateWorkflowOptions{
			UpdateName: ticket.UpdateRecorded, UpdateID: "recorded-" + in.RequestID, WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	})
	var st ticket.State
	if err == nil {
		err = h.Get(ctx, &st)
	}
	return st, err
}
