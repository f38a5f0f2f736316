// Package caller is how the worker starts the dealers' event stream
// delivery: the Temporal Schedule of contracts/dealerevents. It imports the
// contract and the Temporal SDK, never the workflow or its activities.
package caller

import (
	"context"
	"errors"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/dealerevents"
)

// Spec is the schedule's timing: every ScheduleEvery.
func Spec() client.ScheduleSpec {
	return client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: dealerevents.ScheduleEvery}}}
}

// EnsureSchedule creates the dispatch schedule (overlap SKIP), or sets the
// timing of the existing one. It is safe to call at every worker start.
func EnsureSchedule(ctx context.Context, c client.Client, taskQueue string) error {
	spec := Spec()
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID:      dealerevents.ScheduleID,
		Spec:    spec,
		Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		Note:    "dealers' event stream: start the delivery of every location with events to deliver",
		Action: &client.ScheduleWorkflowAction{
			ID: dealerevents.ScheduleID, Workflow: dealerevents.DispatchWorkflowName, TaskQueue: taskQueue,
			StaticSummary: "dispatch the dealers' event deliveries",
		},
	})
	if errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		h := c.ScheduleClient().GetHandle(ctx, dealerevents.ScheduleID)
		return h.Update(ctx, client.ScheduleUpdateOptions{DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
			s := in.Description.Schedule
			s.Spec = &spec
			return &client.ScheduleUpdate{Schedule: &s}, nil
		}})
	}
	if err != nil {
		return fmt.Errorf("dealer events schedule: %w", err)
	}
	return nil
}
