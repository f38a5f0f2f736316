// Package retention is the nightly personal-data retention run (issue #26):
// started by the Temporal Schedule contracts/retention.ScheduleID (caller),
// it lists the dealers, then anonymises each one's closed appointments past
// its retention in batches (activities/retention), and continues as new
// with its cursor every contracts/retention.BatchesPerRun batches. Progress
// (counts and the dealer's ID, never personal data) is in the workflow's
// current details and its memo "progress".
package retention

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	acts "github.com/pitstop-dev/pitstop/activities/retention"
	"github.com/pitstop-dev/pitstop/contracts/retention"
	"github.com/pitstop-dev/pitstop/workflows/options"
)

// WorkflowName is the pinned name (contracts/retention).
const WorkflowName = retention.WorkflowName

// MemoProgress is the memo key holding the progress text.
const MemoProgress = "progress"

var ra *acts.Activities

// BatchStartToClose bounds one batch (up to 200 appointments, each a few
// dozen statements in one transaction); a retry redoes only what the
// failed attempt rolled back.
var BatchStartToClose = 5 * time.Minute

// RetentionWorkflow runs (or continues) one retention run.
func RetentionWorkflow(ctx workflow.Context, in retention.Input) (retention.Counts, error) {
	batch, perRun := in.BatchSize, in.BatchesPerRun
	if batch <= 0 {
		batch = retention.BatchSize
	}
	if perRun <= 0 {
		perRun = retention.BatchesPerRun
	}
	if !in.Started() {
		in.Now = workflow.Now(ctx).UTC()
		if err := workflow.ExecuteActivity(options.Store(ctx, "list the dealers"), ra.Dealers).Get(ctx, &in.DealerIDs); err != nil {
			return in.Counts, err
		}
	}
	show := func() {
		p := retention.Progress(in)
		workflow.SetCurrentDetails(ctx, p)
		_ = workflow.UpsertMemo(ctx, map[string]any{MemoProgress: p})
	}
	show()
	for done := 0; in.Next < len(in.DealerIDs); done++ {
		if done == perRun {
			return in.Counts, workflow.NewContinueAsNewError(ctx, WorkflowName, in)
		}
		var res retention.BatchResult
		b := retention.Batch{DealerID: in.DealerIDs[in.Next], Now: in.Now, Limit: batch}
		actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
			StartToCloseTimeout: BatchStartToClose,
			Summary:             "anonymise a batch of closed appointments past retention",
			RetryPolicy:         &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: 10 * time.Minute},
		})
		if err := workflow.ExecuteActivity(actx, ra.AnonymiseBatch, b).Get(ctx, &res); err != nil {
			workflow.SetCurrentDetails(ctx, "failed: "+retention.Progress(in))
			return in.Counts, err
		}
		in.Counts.Batches++
		in.Counts.Appointments += res.Appointments
		in.Counts.Customers += res.Customers
		if res.Done {
			in.Next++
		}
		show()
	}
	return in.Counts, nil
}
