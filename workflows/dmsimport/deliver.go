package dmsimport

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	dmsimportc "github.com/pitstop-dev/pitstop/contracts/dmsimport"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
)

// The delivery's names and types are the contract's (contracts/dmsimport).
const (
	DeliverWorkflowName = dmsimportc.DeliverWorkflowName
	SignalStored        = dmsimportc.SignalStored
)

// DeliverStoreWait is how long a delivery waits for its push's
// SignalStored before it delivers anyway: the push died (or its signal was
// lost) after starting it; whatever the push stored is pending and is
// delivered then. Well above any push's store (one transaction).
var DeliverStoreWait = 2 * time.Minute

// DeliverInput names the work orders of one push; DeliverOutput is what
// the delivery did.
type (
	DeliverInput  = dmsimportc.DeliverInput
	DeliverOutput = dmsimportc.DeliverOutput
)

// DMSDeliverWorkflow hands a Carsys push's stored changes to their
// lifecycle workflows, from an activity (DeliverPending, as the Incadea
// import does), not from the HTTP handler. The push starts it before it
// stores anything and signals it once stored; if the push dies in
// between, the workflow delivers after DeliverStoreWait: every change the
// push committed is pending in the read model, so none is stranded.
func DMSDeliverWorkflow(ctx workflow.Context, in DeliverInput) (DeliverOutput, error) {
	workflow.SetCurrentDetails(ctx, fmt.Sprintf("waiting for the push of %d work orders to be stored (location %d)", len(in.Keys), in.LocationID))
	tctx, stop := workflow.WithCancel(ctx)
	sel := workflow.NewSelector(ctx)
	sel.AddReceive(workflow.GetSignalChannel(ctx, SignalStored), func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, nil) })
	sel.AddFuture(workflow.NewTimerWithOptions(tctx, DeliverStoreWait, workflow.TimerOptions{Summary: "deliver even if the push never says it stored"}),
		func(workflow.Future) {})
	sel.Select(ctx)
	stop()
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Minute,
		HeartbeatTimeout:    time.Minute,
		// Steering waits out a Temporal or database outage; a change left
		// pending after a day goes with the work order's next push.
		ScheduleToCloseTimeout: 24 * time.Hour,
		Summary:                fmt.Sprintf("steer the lifecycles of the push's changed appointments (location %d)", in.LocationID),
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute,
			NonRetryableErrorTypes: append([]string{errtypes.Rejected}, errtypes.NonRetryable...),
		},
	})
	var out DeliverOutput
	if err := workflow.ExecuteActivity(actx, da.DeliverPending, in).Get(ctx, &out); err != nil {
		workflow.SetCurrentDetails(ctx, "failed: "+err.Error())
		return out, err
	}
	workflow.SetCurrentDetails(ctx, fmt.Sprintf("done: %d changes delivered", len(out.Items)))
	return out, nil
}
