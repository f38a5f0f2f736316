package caller

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/internal/dms/dmschange"
)

// Steerer binds SteerFromDMS to a client and task queue: the composition
// roots give it to the DMS import activities, which do not import workflows.
// Both importers (the Incadea pull and the Carsys push) steer through it,
// from an activity. regNumberHash (internal/keys.RegNumberHash with the
// server secret, which the worker has) lets a start carry the RegNumber
// search attribute, so the workflow need not upsert it; nil leaves it to
// the workflow.
func Steerer(c client.Client, taskQueue string, regNumberHash func(plate string) string) dmschange.Steer {
	return func(ctx context.Context, ch dmschange.Change) (dmschange.SteerOutcome, error) {
		return SteerFromDMS(ctx, c, taskQueue, regNumberHash, ch)
	}
}

// SteerFromDMS starts or steers an imported appointment's lifecycle, each
// in one call to Temporal. It is safe to call again with the same change
// (imports retry): a start uses the running workflow (USE_EXISTING, so two
// importers never race), a repeated reschedule carries the same date, a
// repeated cancellation finds the workflow closed.
func SteerFromDMS(ctx context.Context, c client.Client, taskQueue string, regNumberHash func(plate string) string, ch dmschange.Change) (dmschange.SteerOutcome, error) {
	id := appointment.AppointmentWorkflowID(ch.AppointmentID)
	if ch.Kind == dmschange.KindCancelled {
		err := c.SignalWorkflow(ctx, id, "", appointment.SignalCancelled, appointment.CancelledSignal{Reason: "cancelled in the DMS"})
		var nf *serviceerror.NotFound
		if errors.As(err, &nf) {
			return dmschange.SteerNoWorkflow, nil
		}
		if err != nil {
			return "", fmt.Errorf("signal %s: %w", id, err)
		}
		return dmschange.SteerSignalled, nil
	}
	// Every other change first makes sure the lifecycle runs: a new
	// appointment, or one whose start an earlier attempt never made. A
	// closed workflow must come back as an error (the SDK otherwise hands
	// back the closed run as if it had started).
	hash := ""
	if regNumberHash != nil {
		hash = regNumberHash(ch.RegNumber)
	}
	opts := StartOptions(taskQueue, appointment.AppointmentState{
		AppointmentID: ch.AppointmentID, DealerLocationID: ch.DealerLocationID,
		WONr: ch.WONr, RegNumber: ch.RegNumber, AppointmentAt: ch.AppointmentAt,
	}, hash)
	opts.WorkflowExecutionErrorWhenAlreadyStarted = true
	in := appointment.AppointmentInput{AppointmentID: ch.AppointmentID}
	var err error
	outcome := dmschange.SteerStarted
	if ch.Kind == dmschange.KindRescheduled {
		// Signal-with-start: the new date reaches the running lifecycle, or
		// a new one starts with it, in one call (no start without its signal).
		_, err = c.SignalWithStartWorkflow(ctx, id, appointment.SignalRescheduled, appointment.RescheduledSignal{AppointmentAt: ch.AppointmentAt}, opts, appointment.WorkflowName, in)
		outcome = dmschange.SteerSignalled
	} else {
		// "new" or "changed": the workflow reads interventions and fields
		// from the read model when it sends, so the commit is all it needs.
		_, err = c.ExecuteWorkflow(ctx, opts, appointment.WorkflowName, in)
	}
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		return dmschange.SteerClosed, nil
	}
	if err != nil {
		return "", fmt.Errorf("start %s: %w", id, err)
	}
	return outcome, nil
}
