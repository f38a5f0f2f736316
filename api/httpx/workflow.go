package httpx

import (
	"context"
	"errors"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	apptcaller "github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// ErrClosed answers an action on an appointment whose workflow has ended.
const ErrClosed = "this appointment's communication is closed"

// UpdateWaitTimeout bounds how long a request waits for a workflow update's
// outcome. Without it a request whose update no worker picks up (all workers
// down) would hold its connection, and a graceful shutdown, forever; with it
// the caller gets a 503 and may retry (an update with an ID answers a retry
// with the first outcome).
var UpdateWaitTimeout = 30 * time.Second

// UpdateContext is the request's context bounded by UpdateWaitTimeout.
func UpdateContext(c *gin.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.Request.Context(), UpdateWaitTimeout)
}

// Update runs an appointment workflow update and waits for its outcome. A
// rejection becomes the spec's {"errors":[...]} (HTTP 200); a missing
// workflow means the lifecycle has ended; anything else is an outage (503).
func Update(c *gin.Context, tc client.Client, appointmentID int, name string, arg, out any) error {
	return UpdateOnce(c, tc, appointmentID, "", name, arg, out)
}

// UpdateOnce is Update with an update ID: Temporal runs an update with the
// same ID once and gives every caller the first one's outcome.
func UpdateOnce(c *gin.Context, tc client.Client, appointmentID int, updateID, name string, arg, out any) error {
	ctx, cancel := UpdateContext(c)
	defer cancel()
	h, err := tc.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: appointment.AppointmentWorkflowID(appointmentID), UpdateName: name, UpdateID: updateID,
		Args: []any{arg}, WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = h.Get(ctx, out)
	}
	return Outcome(err)
}

// Signal sends an appointment workflow a signal.
func Signal(c *gin.Context, tc client.Client, appointmentID int, name string, arg any) error {
	return Outcome(tc.SignalWorkflow(c.Request.Context(), appointment.AppointmentWorkflowID(appointmentID), "", name, arg))
}

// Outcome says what a call into the appointment workflow means to the
// caller: its rejection's problems, ErrClosed when it has ended, or an outage.
func Outcome(err error) error {
	if err == nil {
		return nil
	}
	if p := apptcaller.Problems(err); p != nil {
		return Invalid(p...)
	}
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) || IsWorkflowCompleted(err) {
		return Invalid(ErrClosed)
	}
	return Unavailable(err)
}

// IsWorkflowCompleted: Temporal refuses updates to a closed workflow this way.
func IsWorkflowCompleted(err error) bool {
	var fp *serviceerror.FailedPrecondition
	return errors.As(err, &fp)
}

// QueryState asks the appointment workflow for its live state.
func QueryState(c *gin.Context, tc client.Client, appointmentID int) (appointment.AppointmentState, error) {
	var st appointment.AppointmentState
	v, err := tc.QueryWorkflow(c.Request.Context(), appointment.AppointmentWorkflowID(appointmentID), "", appointment.QueryState)
	if err == nil {
		err = v.Get(&st)
	}
	if err != nil {
		var nf *serviceerror.NotFound
		if errors.As(err, &nf) {
			return st, NotFound("no lifecycle workflow for this appointment")
		}
		return st, Unavailable(err)
	}
	return st, nil
}
