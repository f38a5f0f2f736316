package appointment

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/workflows/options"
)

// TaskDoneWorkflow marks a receptionist's task done (issue #25): one
// activity, the one writer of a task's "done". It is its own short
// workflow, not an update of the lifecycle that opened the task, because a
// task (a key not collected) often outlives that lifecycle. Its ID names
// the location and the task (caller.MarkTaskDone), so a second "done"
// joins a running first one or finds the task done: the first outcome.
func TaskDoneWorkflow(ctx workflow.Context, in contract.TaskDoneRequest) (contract.TaskDoneResult, error) {
	var out contract.TaskDoneResult
	err := workflow.ExecuteActivity(options.Store(ctx, fmt.Sprintf("mark task %d done", in.TaskID)), lc.MarkTaskDone, in).Get(ctx, &out)
	return out, err
}
