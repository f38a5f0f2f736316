package ticket_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/activities/ticket"
	"github.com/pitstop-dev/pitstop/ent/dealerevent"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
)

// On PostgreSQL: a ticket that ends without a result (refused, expired,
// failed) writes the dealers' stream's ticket.finished once, in the status
// write's transaction (a retried MarkStatus writes no second one); a
// status on the way and a cancel by staff write none, as the dealer
// webhook hears of no cancel.
func TestMarkStatusFinishedWithoutAResultIsInTheDealerStream(t *testing.T) {
	a, _, req := fixture(t)
	ctx := context.Background()
	finished := func() []dealerevents.Envelope {
		rows := a.DB.DealerEvent.Query().Where(dealerevent.AppointmentID(req.AppointmentID),
			dealerevent.Type(string(dealerevents.TypeTicketFinished))).Order(dealerevent.ByLocationSeq()).AllX(ctx)
		var out []dealerevents.Envelope
		for _, r := range rows {
			out = append(out, dealerevents.EnvelopeOf(r))
		}
		return out
	}
	mark := func(id string, s ticket.Status) {
		require.NoError(t, a.MarkStatus(ctx, ticket.MarkInput{RequestID: id, Status: s, Reason: "because"}))
	}
	mark(req.RequestID, ticket.StatusWaiting)
	assert.Empty(t, finished())
	mark(req.RequestID, ticket.StatusRefused)
	mark(req.RequestID, ticket.StatusRefused) // a retry
	mark(req.RequestID, ticket.StatusExpired) // a final status is never overwritten
	got := finished()
	require.Len(t, got, 1)
	assert.JSONEq(t, fmt.Sprintf(`{"ticket_id":%d,"status":"refused"}`, row(t, a, req.RequestID).ID), string(got[0].Data))
	assert.Equal(t, req.DealerLocationID, got[0].LocationID)

	next := func() ticket.Request {
		r := req
		r.RequestID = uuid.NewString()
		require.NoError(t, a.RecordRequest(ctx, r))
		return r
	}
	cancelled := next()
	mark(cancelled.RequestID, ticket.StatusCancelled)
	assert.Len(t, finished(), 1, "a cancel writes no event")

	for _, s := range []ticket.Status{ticket.StatusExpired, ticket.StatusFailed} {
		r := next()
		mark(r.RequestID, ticket.StatusPending)
		mark(r.RequestID, s)
		got = finished()
		last := got[len(got)-1]
		assert.JSONEq(t, fmt.Sprintf(`{"ticket_id":%d,"status":%q}`, row(t, a, r.RequestID).ID, s), string(last.Data))
		assert.Equal(t, last.Seq, got[len(got)-2].Seq+1, "the appointment's seq counts on")
	}
	assert.Len(t, finished(), 3)
}
