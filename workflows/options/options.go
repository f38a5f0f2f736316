// Package options holds the activity options every workflow uses, so a
// timeout or retry rule is decided once. Each call names what the activity
// does, which the Temporal UI shows as the activity's summary.
package options

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/pitstop-dev/pitstop/internal/errtypes"
)

// Tunables: the production values. Exported only so end-to-end tests can
// shorten them (a crashed attempt is retried after its start-to-close
// timeout); activity options are not part of replay.
var (
	// StoreStartToClose bounds one database activity: they are short, so a
	// worker that died mid-activity is noticed (and the work resumed on
	// another worker) within seconds: this, the first retry (0.5 s) and the
	// worker's sticky timeout (2 s) stay well under 10 s
	// (e2e TestWorkResumesSoonAfterWorkerCrash).
	StoreStartToClose = 4 * time.Second

	// StoreLocalScheduleToClose bounds a local database step with all its
	// retries (StoreLocal): long enough to outlast a database outage.
	StoreLocalScheduleToClose = 7 * 24 * time.Hour

	// DeliveryStartToClose bounds one delivery (the providers answer in
	// well under a second; the activity's deadline cuts a slower call): a
	// delivery whose worker crashed is retried on another worker within
	// 10 s, and its reconciliation asks the provider before sending again.
	DeliveryStartToClose    = 7 * time.Second
	DeliveryInitialInterval = time.Second
	DeliveryMaximumInterval = 10 * time.Minute
)

// Store is for activities that read and write the database: short, retried
// with backoff, never retried for errors retrying cannot fix.
func Store(ctx workflow.Context, summary string) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: StoreStartToClose,
		Summary:             summary,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: 500 * time.Millisecond, BackoffCoefficient: 2, MaximumInterval: time.Minute,
			NonRetryableErrorTypes: errtypes.NonRetryable,
		},
	})
}

// StoreLocal is Store as a local activity, for a short database step that
// is idempotent (a retry finds what the first attempt wrote): it runs in
// the workflow task that asked for it, without the activity task's round
// trips through the server, and is retried with Store's rules. A local
// activity's schedule-to-close defaults to its start-to-close (one
// attempt), so StoreLocalScheduleToClose stands for Store's "until the
// database is back".
func StoreLocal(ctx workflow.Context, summary string) workflow.Context {
	return workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout:    StoreStartToClose,
		ScheduleToCloseTimeout: StoreLocalScheduleToClose,
		Summary:                summary,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: 500 * time.Millisecond, BackoffCoefficient: 2, MaximumInterval: time.Minute,
			NonRetryableErrorTypes: errtypes.NonRetryable,
		},
	})
}

// Delivery retries without limit: a provider that is down delays messages
// but loses none. Permanent failures are recorded by the activity, not raised.
func Delivery(ctx workflow.Context, summary string) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: DeliveryStartToClose,
		Summary:             summary,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: DeliveryInitialInterval, BackoffCoefficient: 2, MaximumInterval: DeliveryMaximumInterval,
		},
	})
}
