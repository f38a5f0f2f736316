package staff

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.temporal.io/api/serviceerror"

	"github.com/pitstop-dev/pitstop/ent"
)

// A ticket's workflow is found by its ID naming the appointment; a ticket
// ordered before that ID (ticket-<request>) under its old ID, only when
// the new one does not exist.
func TestTicketWorkflowFoundByNewThenOldID(t *testing.T) {
	tk := &ent.RemoteDiagTicket{AppointmentID: 7, RequestID: "5d7b2c1e-0000-4000-8000-000000000000"}
	var tried []string
	call := func(missing ...string) func(string) error {
		tried = nil
		return func(id string) error {
			tried = append(tried, id)
			for _, m := range missing {
				if m == id {
					return serviceerror.NewNotFound("workflow not found")
				}
			}
			return nil
		}
	}
	newID, oldID := "ticket-7-"+tk.RequestID, "ticket-"+tk.RequestID
	assert.NoError(t, onTicketWorkflow(tk, call()))
	assert.Equal(t, []string{newID}, tried)
	assert.NoError(t, onTicketWorkflow(tk, call(newID)))
	assert.Equal(t, []string{newID, oldID}, tried, "an old ticket")
	var nf *serviceerror.NotFound
	assert.True(t, errors.As(onTicketWorkflow(tk, call(newID, oldID)), &nf), "neither: not found")
	boom := errors.New("unavailable")
	tried = nil
	assert.ErrorIs(t, onTicketWorkflow(tk, func(id string) error { tried = append(tried, id); return boom }), boom)
	assert.Equal(t, []string{newID}, tried, "only a missing workflow is looked up again")
}
