package caller

import (
	"context"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/contracts/dmsimport"
)

// RunManual starts a manual command and waits for its result. id makes
// repeats of the same command share one run (USE_EXISTING).
func RunManual(ctx context.Context, c client.Client, taskQueue, id string, in dmsimport.ManualInput, summary string) (dmsimport.ManualOutput, error) {
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: id, TaskQueue: taskQueue, StaticSummary: summary,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		WorkflowExecutionTimeout: 5 * time.Minute,
	}, dmsimport.ManualWorkflowName, in)
	if err != nil {
		return dmsimport.ManualOutput{}, err
	}
	var out dmsimport.ManualOutput
	return out, run.Get(ctx, &out)
}
