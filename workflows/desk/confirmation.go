package desk

import (
	"context"
	"fmt"

	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
	"github.com/pitstop-dev/pitstop/workflows/options"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// DeskConfirmationWorkflowID names the confirmation of one desk check-in:
// a desk check-in is answered once, so it is confirmed once.
func DeskConfirmationWorkflowID(deskCommunicationID int) string {
	return fmt.Sprintf("desk-confirmation-%d", deskCommunicationID)
}

// DeskConfirmationInput names the answered desk check-in; the rest is for
// the search attributes, so ops find the confirmation with its appointment.
type DeskConfirmationInput struct {
	DeskCommunicationID int    `json:"desk_communication_id"`
	AppointmentID       int    `json:"appointment_id"`
	DealerLocationID    int    `json:"dealer_location_id"`
	WONr                string `json:"wo_nr"`
	RegNumber           string `json:"reg_number"`
	// CustomerName is the name the customer entered on the tablet.
	CustomerName string `json:"customer_name,omitempty"`
}

// DeskConfirmationResult is what each receiver's delivery came to.
type DeskConfirmationResult struct {
	EventID    int              `json:"desk_communication_event_id"`
	Deliveries []DeliveryResult `json:"deliveries"`
}

// DeliveryResult is one receiver's outcome.
type DeliveryResult struct {
	ReceiverID int `json:"receiver_id"`
	notify.DeliveryOutput
}

// DeskConfirmationWorkflow confirms a desk check-in: it tells the
// appointment's lifecycle (which closes the online check-in), then plans the
// customer's receivers (none where the location does not send confirmation
// emails) and delivers each exactly once, retrying while a provider is down.
// It is its own short workflow, not a step of the appointment's lifecycle,
// because the desk check-in happens on site and may come after that
// lifecycle ended.
func DeskConfirmationWorkflow(ctx workflow.Context, in DeskConfirmationInput) (DeskConfirmationResult, error) {
	if workflow.GetVersion(ctx, versionDeskSignalsLifecycle, workflow.DefaultVersion, 1) == 1 {
		tellLifecycle(ctx, in)
	}
	var out notify.SendOutput
	if err := workflow.ExecuteActivity(options.Store(ctx, "plan the desk check-in confirmation"), nt.SendDeskConfirmation, in.DeskCommunicationID).Get(ctx, &out); err != nil {
		return DeskConfirmationResult{}, err
	}
	futures := make([]workflow.Future, len(out.ReceiverIDs))
	for i, id := range out.ReceiverIDs {
		futures[i] = workflow.ExecuteActivity(options.Delivery(ctx, fmt.Sprintf("deliver confirmation message %d", id)), nt.DeliverNotification, id)
	}
	res := DeskConfirmationResult{EventID: out.EventID}
	for i, f := range futures {
		var d notify.DeliveryOutput
		if err := f.Get(ctx, &d); err != nil {
			return res, fmt.Errorf("deliver receiver %d: %w", out.ReceiverIDs[i], err)
		}
		res.Deliveries = append(res.Deliveries, DeliveryResult{ReceiverID: out.ReceiverIDs[i], DeliveryOutput: d})
	}
	return res, nil
}

// versionDeskSignalsLifecycle guards the signal to the appointment's
// lifecycle: histories recorded before it replay without it.
const versionDeskSignalsLifecycle = "desk-signals-lifecycle"

// tellLifecycle lets the appointment's workflow know the customer checked in
// at the desk, so it closes the online check-in. A lifecycle that already
// ended (or never started) has nothing to close: that is not an error.
func tellLifecycle(ctx workflow.Context, in DeskConfirmationInput) {
	err := workflow.SignalExternalWorkflow(ctx, appointment.AppointmentWorkflowID(in.AppointmentID), "", appointment.SignalCheckedInAtDesk,
		appointment.DeskCheckInSignal{DeskCommunicationID: in.DeskCommunicationID, CustomerName: in.CustomerName}).Get(ctx, nil)
	if err != nil {
		workflow.GetLogger(ctx).Info("appointment lifecycle not told of the desk check-in", "appointment_id", in.AppointmentID, "error", err)
	}
}

// StartDeskConfirmation starts the confirmation of an answered desk check-in.
// Starting it again, while it runs or after it finished, does nothing: the
// tablet may repeat its "answered" report when a first try timed out.
func StartDeskConfirmation(ctx context.Context, c client.Client, taskQueue string, in DeskConfirmationInput) error {
	_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       DeskConfirmationWorkflowID(in.DeskCommunicationID),
		TaskQueue:                taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		StaticSummary:            fmt.Sprintf("Desk check-in confirmation %d for %s (%s)", in.DeskCommunicationID, in.WONr, in.RegNumber),
		StaticDetails:            fmt.Sprintf("Confirms the desk check-in %d of appointment %d at location %d by email, once, and tells the appointment's lifecycle.", in.DeskCommunicationID, in.AppointmentID, in.DealerLocationID),
		TypedSearchAttributes: temporal.NewSearchAttributes(
			appointment.SAAppointmentID.ValueSet(int64(in.AppointmentID)),
			appointment.SADealerLocationID.ValueSet(int64(in.DealerLocationID)),
			appointment.SAWONr.ValueSet(in.WONr),
			appointment.SARegNumber.ValueSet(in.RegNumber),
		),
	}, WorkflowName, in)
	if temporal.IsWorkflowExecutionAlreadyStartedError(err) {
		return nil
	}
	return err
}

// nt is the typed reference to the notification activities the workflow calls.
var nt *notify.Activities

// WorkflowName is the confirmation's registered workflow type.
const WorkflowName = "DeskConfirmationWorkflow"
