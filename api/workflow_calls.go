package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	apptcaller "github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// errClosed answers an action on an appointment whose workflow has ended.
const errClosed = "this appointment's communication is closed"

// UpdateWaitTimeout bounds how long a request waits for a workflow update's
// outcome. Without it a request whose update no worker picks up (all workers
// down) would hold its connection, and a graceful shutdown, forever; with it
// the caller gets a 503 and may retry (an update with an ID answers a retry
// with the first outcome).
var UpdateWaitTimeout = 30 * time.Second

// updateContext is the request's context bounded by UpdateWaitTimeout.
func updateContext(c *gin.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.Request.Context(), UpdateWaitTimeout)
}

// update runs a workflow update and waits for its outcome. A rejection
// becomes the spec's {"errors":[...]} (HTTP 200); a missing workflow means the
// lifecycle has ended; anything else is an outage (503).
func (s *Server) update(c *gin.Context, appointmentID int, name string, arg, out any) bool {
	return s.updateOnce(c, appointmentID, "", name, arg, out)
}

// updateOnce is update with an update ID: Temporal runs an update with the
// same ID once and gives every caller the first one's outcome.
func (s *Server) updateOnce(c *gin.Context, appointmentID int, updateID, name string, arg, out any) bool {
	ctx, cancel := updateContext(c)
	defer cancel()
	h, err := s.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: appointment.AppointmentWorkflowID(appointmentID), UpdateName: name, UpdateID: updateID,
		Args: []any{arg}, WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = h.Get(ctx, out)
	}
	return s.temporalOutcome(c, err)
}

func (s *Server) signal(c *gin.Context, appointmentID int, name string, arg any) bool {
	err := s.Temporal.SignalWorkflow(c.Request.Context(), appointment.AppointmentWorkflowID(appointmentID), "", name, arg)
	return s.temporalOutcome(c, err)
}

func (s *Server) temporalOutcome(c *gin.Context, err error) bool {
	if err == nil {
		return true
	}
	if p := apptcaller.Problems(err); p != nil {
		invalid(c, p...)
		return false
	}
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) || isWorkflowCompleted(err) {
		invalid(c, errClosed)
		return false
	}
	unavailable(c, err)
	return false
}

// isWorkflowCompleted: Temporal refuses updates to a closed workflow this way.
func isWorkflowCompleted(err error) bool {
	var fp *serviceerror.FailedPrecondition
	return errors.As(err, &fp)
}

// queryState asks the workflow for its live state.
func (s *Server) queryState(c *gin.Context, appointmentID int) (appointment.AppointmentState, bool) {
	var st appointment.AppointmentState
	v, err := s.Temporal.QueryWorkflow(c.Request.Context(), appointment.AppointmentWorkflowID(appointmentID), "", appointment.QueryState)
	if err == nil {
		err = v.Get(&st)
	}
	if err != nil {
		var nf *serviceerror.NotFound
		if errors.As(err, &nf) {
			fail(c, http.StatusNotFound, "no lifecycle workflow for this appointment")
			return st, false
		}
		unavailable(c, err)
		return st, false
	}
	return st, true
}
