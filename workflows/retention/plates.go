package retention

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/pitstop-dev/pitstop/contracts/retention"
)

// PlatesWorkflowName is the pinned name (contracts/retention).
const PlatesWorkflowName = retention.PlatesWorkflowName

// ForgetPlainPlatesWorkflow is an erasure's follow-up (started by the
// erasure endpoint, caller.StartForgetPlates): one activity that deletes
// the erased customers' closed lifecycle runs whose RegNumber search
// attribute is a plate in clear, retried until it succeeds.
func ForgetPlainPlatesWorkflow(ctx workflow.Context, in retention.Plates) (retention.PlatesResult, error) {
	var out retention.PlatesResult
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: BatchStartToClose,
		Summary:             "delete closed lifecycle runs whose RegNumber is a plate in clear",
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: 10 * time.Minute},
	})
	err := workflow.ExecuteActivity(actx, ra.ForgetPlainPlates, in).Get(ctx, &out)
	return out, err
}
