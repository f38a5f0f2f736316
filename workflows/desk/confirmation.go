package desk

import (
	"fmt"

	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/desk"
	"github.com/pitstop-dev/pitstop/workflows/options"

	"go.temporal.io/sdk/workflow"
)

// The contract's names under their old spelling (defined in contracts/desk).
type DeskConfirmationInput = desk.DeskConfirmationInput

// WorkflowName is desk.WorkflowName.
const WorkflowName = desk.WorkflowName

// DeskConfirmationWorkflowID is desk.DeskConfirmationWorkflowID.
func DeskConfirmationWorkflowID(deskCommunicationID int) string {
	return desk.DeskConfirmationWorkflowID(deskCommunicationID)
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

// nt is the typed reference to the notification activities the workflow calls.
var nt *notify.Activities
