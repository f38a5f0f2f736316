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

// Start starts the workflow of a new ticket request. A request id already
// used is refused (temporal.IsWorkflowExecutionAlreadyStartedError).
func Start(ctx context.Context, c client.Client, taskQueue string, in ticket.Input) (client.WorkflowRun, error) {
	return c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                    ticket.WorkflowID(in.RequestID),
		TaskQueue:             taskQueue,
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			caller.SAAppointmentID.ValueSet(int64(in.AppointmentID)),
			caller.SADealerLocationID.ValueSet(int64(in.DealerLocationID)),
			caller.SAWONr.ValueSet(in.WONr),
			SAConnectorID.ValueSet(in.ConnectorID),
			SAVIN.ValueSet(in.VIN),
			SATicketStatus.ValueSet(string(ticket.StatusRequested)),
		),
		// No personal data: work order, registration, location, connector.
		StaticSummary: fmt.Sprintf("Remote diagnosis %s (%s), location %d", in.WONr, in.RegNumber, in.DealerLocationID),
		StaticDetails: fmt.Sprintf("Appointment %d, connector %d, products %v", in.AppointmentID, in.ConnectorID, in.ProductIDs),
	}, ticket.WorkflowName, in)
}
