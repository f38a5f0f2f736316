package caller

import (
	"context"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
)

// MarkTaskDone runs the task's TaskDoneWorkflow and waits for its outcome.
// The ID names location and task: a request of another location never
// joins this one's run, and a repeated request joins the running one or,
// after it ended, starts one that finds the task done (the first outcome).
func MarkTaskDone(ctx context.Context, c client.Client, taskQueue string, in contract.TaskDoneRequest) (contract.TaskDoneResult, error) {
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       fmt.Sprintf("%s-loc-%d", contract.TaskDoneWorkflowID(in.TaskID), in.LocationID),
		TaskQueue:                taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		StaticSummary:            fmt.Sprintf("Mark task %d of location %d done", in.TaskID, in.LocationID),
	}, contract.TaskDoneWorkflowName, in)
	if err != nil {
		return contract.TaskDoneResult{}, err
	}
	var out contract.TaskDoneResult
	err = run.Get(ctx, &out)
	return out, err
}
