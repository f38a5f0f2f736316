// Package caller is how the API and the dev stack run the DMS import
// workflows through a Temporal client: the Temporal Schedule of each
// location's import and the staff's manual commands. It imports the
// contract (contracts/dmsimport) and the Temporal SDK, never the workflows
// or their activities.
package caller

import (
	"context"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/dmsimport"
)

// CatchupWindow: after downtime, a missed run still starts if it is at
// most this late (overlap SKIP then makes it one run, not a burst).
const CatchupWindow = time.Hour

// EnsureSchedule creates the location's schedule (every interval, overlap
// SKIP so one location never runs two imports at once, catch-up window), or
// updates the interval of an existing one. It is safe to call again.
func EnsureSchedule(ctx context.Context, c client.Client, taskQueue string, locationID int, every time.Duration) error {
	if every < time.Minute {
		return fmt.Errorf("import interval %s is below one minute", every)
	}
	spec := client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: every}}}
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID:            dmsimport.ScheduleID(locationID),
		Spec:          spec,
		Overlap:       enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		CatchupWindow: CatchupWindow,
		Note:          fmt.Sprintf("DMS import of dealer location %d", locationID),
		Action: &client.ScheduleWorkflowAction{
			ID: dmsimport.ScheduleID(locationID), Workflow: dmsimport.WorkflowName, TaskQueue: taskQueue,
			Args:          []any{dmsimport.ImportInput{LocationID: locationID}},
			StaticSummary: fmt.Sprintf("DMS import of dealer location %d", locationID),
		},
	})
	if errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		h := c.ScheduleClient().GetHandle(ctx, dmsimport.ScheduleID(locationID))
		return h.Update(ctx, client.ScheduleUpdateOptions{DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
			s := in.Description.Schedule
			s.Spec = &spec
			return &client.ScheduleUpdate{Schedule: &s}, nil
		}})
	}
	return err
}

func notFound(err error) error {
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		return dmsimport.ErrNoSchedule
	}
	return err
}

// PauseSchedule pauses (note says why).
func PauseSchedule(ctx context.Context, c client.Client, locationID int, note string) error {
	return notFound(c.ScheduleClient().GetHandle(ctx, dmsimport.ScheduleID(locationID)).Pause(ctx, client.SchedulePauseOptions{Note: note}))
}

// ResumeSchedule unpauses.
func ResumeSchedule(ctx context.Context, c client.Client, locationID int, note string) error {
	return notFound(c.ScheduleClient().GetHandle(ctx, dmsimport.ScheduleID(locationID)).Unpause(ctx, client.ScheduleUnpauseOptions{Note: note}))
}

// TriggerSchedule runs the import now (skipped if one is running).
func TriggerSchedule(ctx context.Context, c client.Client, locationID int) error {
	return notFound(c.ScheduleClient().GetHandle(ctx, dmsimport.ScheduleID(locationID)).Trigger(ctx, client.ScheduleTriggerOptions{
		Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
	}))
}

// DescribeSchedule reads the schedule's state.
func DescribeSchedule(ctx context.Context, c client.Client, locationID int) (dmsimport.ScheduleStatus, error) {
	d, err := c.ScheduleClient().GetHandle(ctx, dmsimport.ScheduleID(locationID)).Describe(ctx)
	if err != nil {
		return dmsimport.ScheduleStatus{}, notFound(err)
	}
	st := dmsimport.ScheduleStatus{Paused: d.Schedule.State.Paused, Note: d.Schedule.State.Note,
		NextRuns: d.Info.NextActionTimes, ActionCount: int64(d.Info.NumActions), Skipped: int64(d.Info.NumActionsSkippedOverlap)}
	if d.Schedule.Spec != nil && len(d.Schedule.Spec.Intervals) > 0 {
		st.Every = d.Schedule.Spec.Intervals[0].Every
	}
	for _, r := range d.Info.RecentActions {
		st.RecentRuns = append(st.RecentRuns, r.ActualTime)
	}
	for _, r := range d.Info.RunningWorkflows {
		st.RunningIDs = append(st.RunningIDs, r.WorkflowID)
	}
	return st, nil
}
