// Package caller is how the worker and the dev stack start the nightly
// retention run: the one Temporal Schedule of contracts/retention. It
// imports the contract and the Temporal SDK, never the workflow or its
// activities.
package caller

import (
	"context"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/retention"
)

// CatchupWindow: after downtime, a missed night still runs if it is at most
// this late (overlap SKIP makes it one run).
const CatchupWindow = 12 * time.Hour

// Spec is the schedule's timing: every day at ScheduleHourUTC.
func Spec() client.ScheduleSpec {
	return client.ScheduleSpec{Calendars: []client.ScheduleCalendarSpec{{
		Hour: []client.ScheduleRange{{Start: retention.ScheduleHourUTC}}, Minute: []client.ScheduleRange{{Start: 0}},
	}}}
}

// EnsureSchedule creates the nightly schedule (overlap SKIP: a run still
// going, continued as new, is never doubled), or sets the timing of the
// existing one. It is safe to call at every worker start.
func EnsureSchedule(ctx context.Context, c client.Client, taskQueue string) error {
	spec := Spec()
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID:            retention.ScheduleID,
		Spec:          spec,
		Overlap:       enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		CatchupWindow: CatchupWindow,
		Note:          "personal-data retention: anonymise closed appointments past each dealer's retention",
		Action: &client.ScheduleWorkflowAction{
			ID: retention.ScheduleID, Workflow: retention.WorkflowName, TaskQueue: taskQueue,
			Args:          []any{retention.Input{}},
			StaticSummary: "nightly personal-data retention",
		},
	})
	if errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		h := c.ScheduleClient().GetHandle(ctx, retention.ScheduleID)
		return h.Update(ctx, client.ScheduleUpdateOptions{DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
			s := in.Description.Schedule
			s.Spec = &spec
			return &client.ScheduleUpdate{Schedule: &s}, nil
		}})
	}
	if err != nil {
		return fmt.Errorf("retention schedule: %w", err)
	}
	return nil
}

// StartForgetPlates starts the follow-up of erasure erasureID
// (contracts/retention.PlatesWorkflowName); a second start of the same
// erasure does nothing.
func StartForgetPlates(ctx context.Context, c client.Client, taskQueue string, erasureID int, in retention.Plates) error {
	_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       retention.PlatesWorkflowID(erasureID),
		TaskQueue:                taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		StaticSummary:            fmt.Sprintf("erasure %d: forget plates in clear", erasureID),
	}, retention.PlatesWorkflowName, in)
	if temporal.IsWorkflowExecutionAlreadyStartedError(err) {
		return nil
	}
	return err
}
