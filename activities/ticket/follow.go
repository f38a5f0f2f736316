package ticket

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"

	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// resubscribeEvery: while polling, try the websocket again after this many
// polls.
const resubscribeEvery = 3

// FollowTicket follows a ticket until it reaches a final state. It listens
// on the provider's websocket and heartbeats; when the socket drops (or
// cannot be opened) it polls LookupTicket, still heartbeating, and tries
// the socket again now and then. Every new state is written to the read
// model and signalled to the workflow. A provider outage while following
// is waited out, not raised: the ticket runs on at the provider.
func (a *Activities) FollowTicket(ctx context.Context, in FollowInput) (FollowOutput, error) {
	rdc, _, err := a.clientOfRequest(ctx, in.RequestID)
	if err != nil {
		return FollowOutput{}, err
	}
	last := 0
	if activity.HasHeartbeatDetails(ctx) {
		_ = activity.GetHeartbeatDetails(ctx, &last)
	}
	polled := false
	report := func(state rd.TicketState, source string) (FollowOutput, bool) {
		if int(state) != last && state != 0 {
			last = int(state)
			rd.LogIfUnknown(a.log(), state)
			st := StatusOf(state)
			if err := a.MarkStatus(ctx, MarkInput{RequestID: in.RequestID, Status: nonFinalStatus(st), ProviderState: last}); err != nil {
				a.log().Warn("ticket state not recorded", "request_id", in.RequestID, "error", err)
			}
			a.signal(ctx, in, StatusUpdate{TicketID: in.TicketID, ProviderState: last, Status: st, Source: source, Polled: polled})
		}
		activity.RecordHeartbeat(ctx, last)
		return FollowOutput{ProviderState: last, Status: StatusOf(state), Polled: polled}, state.IsFinal()
	}
	lookup := func() (FollowOutput, bool, error) {
		st, err := rdc.LookupTicket(ctx, in.ConnectorID, in.TicketID)
		if err != nil {
			activity.RecordHeartbeat(ctx, last)
			if ctx.Err() != nil {
				return FollowOutput{}, false, ctx.Err()
			}
			if rd.IsRetryable(err) || rd.IsNotFound(err) {
				return FollowOutput{}, false, nil // outage, or between active and historical: look again
			}
			return FollowOutput{}, false, providerErr("look up ticket", err)
		}
		out, final := report(st.State, "poll")
		return out, final, nil
	}
	beat := time.NewTicker(a.heartbeatEvery())
	defer beat.Stop()
	for {
		sub, err := rdc.Subscribe(ctx)
		if err != nil && ctx.Err() != nil {
			return FollowOutput{}, ctx.Err()
		}
		// The state now, in case it moved before the socket was open.
		if out, final, err := lookup(); err != nil || final {
			if sub != nil {
				_ = sub.Close()
			}
			return out, err
		}
		if sub != nil {
			out, final, err := a.listen(ctx, in, sub, beat, func() { activity.RecordHeartbeat(ctx, last) }, report)
			_ = sub.Close()
			if err != nil || final {
				return out, err
			}
			a.log().Info("ticket websocket dropped; polling", "request_id", in.RequestID, "ticket_id", in.TicketID, "error", sub.Err())
		}
		polled = true
		for i := 0; i < resubscribeEvery; i++ {
			select {
			case <-ctx.Done():
				return FollowOutput{}, ctx.Err()
			case <-time.After(a.pollInterval()):
			}
			if out, final, err := lookup(); err != nil || final {
				return out, err
			}
		}
	}
}

// listen takes the socket's updates of this ticket until it ends or the
// socket drops (final false, err nil).
func (a *Activities) listen(ctx context.Context, in FollowInput, sub *rd.Subscription, beat *time.Ticker, hb func(),
	report func(rd.TicketState, string) (FollowOutput, bool)) (FollowOutput, bool, error) {
	for {
		select {
		case <-ctx.Done():
			return FollowOutput{}, false, ctx.Err()
		case <-beat.C:
			hb()
		case u, ok := <-sub.Updates():
			if !ok {
				return FollowOutput{}, false, nil
			}
			if u.Type == rd.UpdateTicket && u.Ticket != nil && u.Ticket.IDInt() == in.TicketID {
				if out, final := report(u.Ticket.State, "websocket"); final {
					return out, true, nil
				}
			}
		}
	}
}

// nonFinalStatus: the follow activity records running states only; the
// final status is written by StoreResult with the notes and prices, so the
// read model never says "closed" without them.
func nonFinalStatus(s Status) Status {
	if s.Final() {
		return StatusInProgress
	}
	return s
}

func (a *Activities) signal(ctx context.Context, in FollowInput, u StatusUpdate) {
	if a.Signal == nil {
		return
	}
	info := activity.GetInfo(ctx)
	if err := a.Signal.SignalWorkflow(ctx, info.WorkflowExecution.ID, "", SignalStatus, u); err != nil {
		a.log().Warn("ticket status not signalled", "request_id", in.RequestID, "error", err)
	}
}
