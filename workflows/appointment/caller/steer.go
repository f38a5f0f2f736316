package caller

import (
	"context"
	"errors"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/internal/dmsstore"
)

// Steerer binds SteerFromDMS to a client and task queue: the composition
// roots give it to the DMS import activities, which do not import workflows.
func Steerer(c client.Client, taskQueue string) dmsstore.Steer {
	return func(ctx context.Context, ch dmsstore.Change) (dmsstore.SteerOutcome, error) {
		return SteerFromDMS(ctx, c, taskQueue, ch)
	}
}

// SteerFromDMS starts or steers an imported appointment's lifecycle. It is
// safe to call again with the same change (imports retry): a start uses the
// running workflow (USE_EXISTING, so two importers never race), a repeated
// reschedule carries the same date, a repeated cancellation finds the
// workflow closed.
func SteerFromDMS(ctx context.Context, c client.Client, taskQueue string, ch dmsstore.Change) (dmsstore.SteerOutcome, error) {
	id := appointment.AppointmentWorkflowID(ch.AppointmentID)
	if ch.Kind == dmsstore.KindCancelled {
		err := c.SignalWorkflow(ctx, id, "", appointment.SignalCancelled, appointment.CancelledSignal{Reason: "cancelled in the DMS"})
		var nf *serviceerror.NotFound
		if errors.As(err, &nf) {
			return dmsstore.SteerNoWorkflow, nil
		}
		if err != nil {
			return "", fmt.Errorf("signal %s: %w", id, err)
		}
		return dmsstore.SteerSignalled, nil
	}
	// Every other change first makes sure the lifecycle runs: a new
	// appointment, or one whose start an earlier attempt never made.
	// As StartAppointment, but a closed workflow must come back as an error
	// (the SDK otherwise hands back the closed run as if it had started).
	st := appointment.AppointmentState{
		AppointmentID: ch.AppointmentID, DealerLocationID: ch.DealerLocationID,
		WONr: ch.WONr, RegNumber: ch.RegNumber, AppointmentAt: ch.AppointmentAt, Stage: appointment.StageScheduled,
	}
	_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                                       id,
		TaskQueue:                                taskQueue,
		WorkflowIDConflictPolicy:                 enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:                    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowExecutionErrorWhenAlreadyStarted: true,
		TypedSearchAttributes:                    SearchAttributesOf(st),
		StaticSummary:                            fmt.Sprintf("Appointment %s (%s), location %d, imported from the DMS", ch.WONr, ch.RegNumber, ch.DealerLocationID),
	}, appointment.WorkflowName, appointment.AppointmentInput{AppointmentID: ch.AppointmentID})
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		return dmsstore.SteerClosed, nil
	}
	if err != nil {
		return "", fmt.Errorf("start %s: %w", id, err)
	}
	if ch.Kind != dmsstore.KindRescheduled {
		// "changed": the workflow reads interventions and fields from the read
		// model when it sends, so the commit is all it needs.
		return dmsstore.SteerStarted, nil
	}
	err = c.SignalWorkflow(ctx, id, "", appointment.SignalRescheduled, appointment.RescheduledSignal{AppointmentAt: ch.AppointmentAt})
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		return dmsstore.SteerClosed, nil
	}
	if err != nil {
		return "", fmt.Errorf("signal %s: %w", id, err)
	}
	return dmsstore.SteerSignalled, nil
}
