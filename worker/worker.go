// Package worker runs Pitstop's Temporal worker: every workflow and activity
// on one task queue.
package worker

import (
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/pitstop-dev/pitstop/activities"
	"github.com/pitstop-dev/pitstop/workflows"
)

// New builds a worker with every workflow and activity registered.
func New(c client.Client, taskQueue string, acts *activities.Activities) sdkworker.Worker {
	w := sdkworker.New(c, taskQueue, sdkworker.Options{})
	w.RegisterWorkflow(workflows.AppointmentWorkflow)
	w.RegisterWorkflow(workflows.DeskConfirmationWorkflow)
	acts.Register(w)
	return w
}
