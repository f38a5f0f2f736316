// Package worker runs Pitstop's Temporal worker: every workflow and every
// domain's activities on one task queue.
package worker

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/dealerevents"
	"github.com/pitstop-dev/pitstop/activities/dmsimport"
	"github.com/pitstop-dev/pitstop/activities/inspection"
	"github.com/pitstop-dev/pitstop/activities/locker"
	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/activities/retention"
	"github.com/pitstop-dev/pitstop/activities/ticket"
	"github.com/pitstop-dev/pitstop/workflows"
)

// Activities are the domains' activity structs, each holding only what its
// activities use.
type Activities struct {
	Appointment *appointment.Activities
	Notify      *notify.Activities
	DMSImport   *dmsimport.Activities
	Ticket      *ticket.Activities
	Locker      *locker.Activities
	Inspection  *inspection.Activities
	Retention   *retention.Activities
	// DealerEvents delivers the dealers' event stream (issue #25).
	DealerEvents *dealerevents.Activities
}

// domains lists every struct to register.
func (a Activities) domains() []any {
	return []any{a.Appointment, a.Notify, a.DMSImport, a.Ticket, a.Locker, a.Inspection, a.Retention, a.DealerEvents}
}

// Check refuses a worker missing a dependency: it would otherwise take tasks
// and fail them forever (a notifier-less worker retrying every delivery).
func (a Activities) Check() error {
	return errors.Join(
		appointment.Check(a.Appointment),
		notify.Check(a.Notify),
		dmsimport.Check(a.DMSImport),
		ticket.Check(a.Ticket),
		locker.Check(a.Locker),
		inspection.Check(a.Inspection),
		retention.Check(a.Retention),
		dealerevents.Check(a.DealerEvents),
	)
}

// Register adds every workflow under its pinned name and every activity
// under its method's name, which is what the workflows' typed references
// call and what recorded histories carry (workflows/replay_test.go
// replays them against these names).
func Register(r sdkworker.Registry, a Activities) {
	workflows.Register(r)
	RegisterActivities(r, a)
}

// RegisterActivities adds the activities only (for an activity-only worker).
func RegisterActivities(r sdkworker.ActivityRegistry, a Activities) {
	for _, d := range a.domains() {
		r.RegisterActivity(d)
	}
}

// StickyScheduleToStartTimeout bounds how long a workflow task waits on the
// sticky queue of the worker that last ran the workflow.
const StickyScheduleToStartTimeout = 2 * time.Second

// MaxPollers bounds the worker's pollers of each kind (workflow tasks,
// activity tasks): it starts with a few and adds more while the server
// has tasks waiting (issue #24).
const MaxPollers = 16

// WithPollers gives o the worker's pollers (the benchmarks' bare workers
// take them too, so a ratio compares the work, not the settings).
func WithPollers(o sdkworker.Options) sdkworker.Options {
	o.WorkflowTaskPollerBehavior = sdkworker.NewPollerBehaviorAutoscaling(sdkworker.PollerBehaviorAutoscalingOptions{MaximumNumberOfPollers: MaxPollers})
	o.ActivityTaskPollerBehavior = sdkworker.NewPollerBehaviorAutoscaling(sdkworker.PollerBehaviorAutoscalingOptions{MaximumNumberOfPollers: MaxPollers})
	return o
}

// New builds a worker with every workflow and activity registered, or says
// which dependency is missing.
func New(c client.Client, taskQueue string, a Activities) (sdkworker.Worker, error) {
	if err := a.Check(); err != nil {
		return nil, fmt.Errorf("worker cannot start: %w", err)
	}
	opts := sdkworker.Options{Interceptors: []interceptor.WorkerInterceptor{&finalErrors{}},
		// A workflow task waiting for a worker that died goes to another one
		// after this (SDK default 5 s), so work resumes within 10 s of a crash
		// (issue #14; options.StoreStartToClose is the other half).
		StickyScheduleToStartTimeout: StickyScheduleToStartTimeout}
	w := sdkworker.New(c, taskQueue, WithPollers(opts))
	Register(w, a)
	return w, nil
}
