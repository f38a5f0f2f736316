// Package dealerevents delivers the dealers' event stream (issue #25). The
// Temporal Schedule contracts/dealerevents.ScheduleID starts the dispatch
// every ScheduleEvery; it lists the locations with events to deliver and
// starts each one's delivery workflow (one per location, by ID: a running
// one is left alone). A delivery workflow delivers its location's events
// in batches, in order, and ends when none are left; a failing endpoint
// makes its batch activity retry with backoff (up to an hour apart) until
// each event is delivered or three days old (activities/dealerevents).
package dealerevents

import (
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	acts "github.com/pitstop-dev/pitstop/activities/dealerevents"
	"github.com/pitstop-dev/pitstop/contracts/dealerevents"
	"github.com/pitstop-dev/pitstop/workflows/options"
)

// Pinned names (contracts/dealerevents).
const (
	DispatchWorkflowName = dealerevents.DispatchWorkflowName
	DeliveryWorkflowName = dealerevents.DeliveryWorkflowName
)

var da *acts.Activities

// Retry timing of a batch (exported so tests can shorten them).
var (
	BatchStartToClose      = 5 * time.Minute
	RetryInitialInterval   = 10 * time.Second
	RetryMaximumInterval   = time.Hour
	RetryBackoffCoefficent = 2.0
)

// DispatchWorkflow starts the delivery workflow of every location with
// events to deliver; it returns how many it started.
func DispatchWorkflow(ctx workflow.Context) (int, error) {
	var locs []int
	if err := workflow.ExecuteActivity(options.Store(ctx, "list the locations with events to deliver"), da.PendingLocations).Get(ctx, &locs); err != nil {
		return 0, err
	}
	started := 0
	for _, loc := range locs {
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
			WorkflowID:            dealerevents.DeliveryWorkflowID(loc),
			ParentClosePolicy:     enumspb.PARENT_CLOSE_POLICY_ABANDON,
			WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
			StaticSummary:         fmt.Sprintf("deliver location %d's events to its endpoint", loc),
		})
		f := workflow.ExecuteChildWorkflow(cctx, DeliveryWorkflowName, dealerevents.DeliveryInput{LocationID: loc})
		err := f.GetChildWorkflowExecution().Get(ctx, nil)
		if temporal.IsWorkflowExecutionAlreadyStartedError(err) {
			continue // delivering already
		}
		if err != nil {
			return started, err
		}
		started++
	}
	return started, nil
}

// DeliveryWorkflow delivers one location's events until none are left.
func DeliveryWorkflow(ctx workflow.Context, in dealerevents.DeliveryInput) (dealerevents.DeliveryInput, error) {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: BatchStartToClose,
		Summary:             "deliver a batch of events, signed, in order",
		// No attempt limit: the activity gives an event up three days
		// after it was recorded, which ends the retries.
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: RetryInitialInterval, BackoffCoefficient: RetryBackoffCoefficent,
			MaximumInterval: RetryMaximumInterval},
	})
	for n := 0; ; n++ {
		if n == dealerevents.BatchesPerRun {
			return in, workflow.NewContinueAsNewError(ctx, DeliveryWorkflowName, in)
		}
		var res dealerevents.BatchResult
		b := dealerevents.Batch{LocationID: in.LocationID, Limit: dealerevents.BatchSize}
		if err := workflow.ExecuteActivity(actx, da.DeliverBatch, b).Get(ctx, &res); err != nil {
			return in, err
		}
		in.Delivered += res.Delivered
		in.Expired += res.Expired
		workflow.SetCurrentDetails(ctx, fmt.Sprintf("location %d: %d delivered, %d given up", in.LocationID, in.Delivered, in.Expired))
		if !res.More {
			return in, nil
		}
	}
}
