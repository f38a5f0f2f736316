package appointment

import (
	"context"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
)

// DMSChange is what a DMS import did to an appointment (see
// internal/dmsstore: Kind is one of "new", "rescheduled", "cancelled",
// "changed").
type DMSChange struct {
	AppointmentID    int
	DealerLocationID int
	WONr             string
	RegNumber        string
	AppointmentAt    time.Time
	Kind             string
}

// SteerOutcome says what SteerFromDMS did.
type SteerOutcome string

// Outcomes of SteerFromDMS.
const (
	SteerStarted   SteerOutcome = "started"   // the lifecycle runs (started now, or already running)
	SteerSignalled SteerOutcome = "signalled" // rescheduled/cancelled delivered to the running lifecycle
	// SteerClosed: the lifecycle already ended (completed or cancelled). A
	// re-import after that is not restarted: the workflow ID is never reused
	// (REJECT_DUPLICATE), so a finished appointment never messages the
	// customer again; the read model carries the DMS's new data.
	SteerClosed SteerOutcome = "closed"
	// SteerNoWorkflow: a cancellation with no lifecycle to end; the caller
	// marks the read model cancelled.
	SteerNoWorkflow SteerOutcome = "no_workflow"
)

// SteerFromDMS starts or steers an imported appointment's lifecycle. It is
// safe to call again with the same change (imports retry): a start uses the
// running workflow (USE_EXISTING, so two importers never race), a repeated
// reschedule carries the same date, a repeated cancellation finds the
// workflow closed.
func SteerFromDMS(ctx context.Context, c client.Client, taskQueue string, ch DMSChange) (SteerOutcome, error) {
	id := AppointmentWorkflowID(ch.AppointmentID)
	if ch.Kind == "cancelled" {
		err := c.SignalWorkflow(ctx, id, "", SignalCancelled, CancelledSignal{Reason: "cancelled in the DMS"})
		var nf *serviceerror.NotFound
		if errors.As(err, &nf) {
			return SteerNoWorkflow, nil
		}
		if err != nil {
			return "", fmt.Errorf("signal %s: %w", id, err)
		}
		return SteerSignalled, nil
	}
	// Every other change first makes sure the lifecycle runs: a new
	// appointment, or one whose start an earlier attempt never made.
	// As StartAppointment, but a closed workflow must come back as an error
	// (the SDK otherwise hands back the closed run as if it had started).
	st := AppointmentState{
		AppointmentID: ch.AppointmentID, DealerLocationID: ch.DealerLocationID,
		WONr: ch.WONr, RegNumber: ch.RegNumber, AppointmentAt: ch.AppointmentAt, Stage: StageScheduled,
	}
	_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                                       id,
		TaskQueue:                                taskQueue,
		WorkflowIDConflictPolicy:                 enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:                    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowExecutionErrorWhenAlreadyStarted: true,
		TypedSearchAttributes:                    SearchAttributesOf(st),
		StaticSummary:                            fmt.Sprintf("Appointment %s (%s), location %d, imported from the DMS", ch.WONr, ch.RegNumber, ch.DealerLocationID),
	}, WorkflowName, AppointmentInput{AppointmentID: ch.AppointmentID})
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		return SteerClosed, nil
	}
	if err != nil {
		return "", fmt.Errorf("start %s: %w", id, err)
	}
	if ch.Kind != "rescheduled" {
		// "changed": the workflow reads interventions and fields from the read
		// model when it sends, so the commit is all it needs.
		return SteerStarted, nil
	}
	err = c.SignalWorkflow(ctx, id, "", SignalRescheduled, RescheduledSignal{AppointmentAt: ch.AppointmentAt})
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		return SteerClosed, nil
	}
	if err != nil {
		return "", fmt.Errorf("signal %s: %w", id, err)
	}
	return SteerSignalled, nil
}
