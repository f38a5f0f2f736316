// Package retention is the nightly personal-data retention run (issue #26):
// started by the Temporal Schedule contracts/retention.ScheduleID (caller),
// it lists the dealers, then anonymises each one's closed appointments past
// its retention in batches (activities/retention), then its replies that
// matched no appointment past it (versionUnmatchedReplies), and continues as new
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

// versionUnmatchedReplies: from version 1 on, once a dealer's closed
// appointments are done, the run anonymises the dealer's replies that
// matched no appointment past its retention (AnonymiseUnmatched batches,
// Input.Unmatched in the cursor, Counts.UnmatchedReplies) before it moves
// to the next dealer. Runs started before it go to the next dealer at once,
// as they did; their continuation takes the new path.
const versionUnmatchedReplies = "retention-unmatched-replies"

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
	unmatched := workflow.GetVersion(ctx, versionUnmatchedReplies, workflow.DefaultVersion, 1) >= 1
	for done := 0; in.Next < len(in.DealerIDs); done++ {
		if done == perRun {
			return in.Counts, workflow.NewContinueAsNewError(ctx, WorkflowName, in)
		}
		var res retention.BatchResult
		b := retention.Batch{DealerID: in.DealerIDs[in.Next], Now: in.Now, Limit: batch}
		act, summary := any(ra.AnonymiseBatch), "anonymise a batch of closed appointments past retention"
		if in.Unmatched {
			act, summary = ra.AnonymiseUnmatched, "anonymise a batch of unmatched replies past retention"
		}
		actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
			StartToCloseTimeout: BatchStartToClose,
			Summary:             summary,
			RetryPolicy:         &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: 10 * time.Minute},
		})
		if err := workflow.ExecuteActivity(actx, act, b).Get(ctx, &res); err != nil {
			workflow.SetCurrentDetails(ctx, "failed: "+retention.Progress(in))
			return in.Counts, err
		}
		in.Counts.Batches++
		in.Counts.Appointments += res.Appointments
		in.Counts.Customers += res.Customers
		in.Counts.UnmatchedReplies += res.UnmatchedReplies
		switch {
		case !res.Done:
		case unmatched && !in.Unmatched:
			in.Unmatched = true // the dealer's appointments are done: its unmatched replies next
		default:
			in.Next++
			in.Unmatched = false
		}
		show()
	}
	return in.Counts, nil
}
