package ticket

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	acts "github.com/pitstop-dev/pitstop/activities/ticket"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/workflows/options"
)

// ta is the typed reference to the ticket activities.
var ta *acts.Activities

// Tunables of the provider calls (production values; e2e tests shorten
// them). Activity options are not part of replay.
var (
	// ProviderStartToClose is short (the provider answers in well under a
	// second) so a crashed call is retried on another worker within 10 s.
	ProviderStartToClose    = 8 * time.Second
	ProviderInitialInterval = time.Second
	ProviderMaximumInterval = time.Minute
	// FollowHeartbeatTimeout: a follow activity silent this long (its worker
	// died) is retried on another worker, which resumes from the ticket's
	// current state.
	FollowHeartbeatTimeout = 6 * time.Second
	FollowStartToClose     = 24 * time.Hour
)

// provider: a call of the remote-diagnose provider, retried without limit
// while it is down (the ticket waits), never for a refusal.
func provider(ctx workflow.Context, summary string) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: ProviderStartToClose,
		Summary:             summary,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: ProviderInitialInterval, BackoffCoefficient: 2, MaximumInterval: ProviderMaximumInterval,
			NonRetryableErrorTypes: append([]string{errtypes.Rejected}, errtypes.NonRetryable...),
		},
	})
}

func follow(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: FollowStartToClose,
		HeartbeatTimeout:    FollowHeartbeatTimeout,
		WaitForCancellation: true,
		Summary:             "follow the ticket until it ends (websocket, polling when it drops)",
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: ProviderInitialInterval, BackoffCoefficient: 2, MaximumInterval: ProviderMaximumInterval,
			NonRetryableErrorTypes: append([]string{errtypes.Rejected}, errtypes.NonRetryable...),
		},
	})
}

type run struct {
	in       Input
	st       State
	cancel   workflow.Channel // the cancel update was accepted
	creating bool
	csatDone bool
	// webhookPending: the dealer webhook of the ended ticket is on its way.
	webhookPending bool
	// recorded: RecordRequest wrote our row; unrecorded: it refused to
	// (why), and the ticket ended without one (VersionOrderUpdate).
	recorded   bool
	unrecorded string
	// resultHandled: the receptionist put the result in the diagnose
	// overview or dismissed it (result.go).
	resultHandled bool
}

// TicketWorkflow orders one remote-diagnose ticket: it records the request,
// waits (with a deadline, saying why) while the service center is closed,
// gives up on an offline or busy connector, prices the products, creates
// the provider's ticket exactly once, follows it to its end (status
// updates arrive as signals; the follow activity heartbeats and polls when
// the websocket drops), stores notes, attachments and final prices on the
// appointment as an intervention, tells the receptionist (appointment flag,
// dealer webhook; VersionNotice), and then takes the mechanic's CSAT score
// for a while. Staff may cancel it until the ticket is being created (spec
// 003 has no operation to cancel or close a ticket; later the cancel is
// refused saying so).
func TicketWorkflow(ctx workflow.Context, in Input) (State, error) {
	r := &run{in: in, cancel: workflow.NewBufferedChannel(ctx, 1), st: State{
		RequestID: in.RequestID, AppointmentID: in.AppointmentID, DealerLocationID: in.DealerLocationID,
		ConnectorID: in.ConnectorID, Status: acts.StatusRequested,
	}}
	if err := r.setup(ctx); err != nil {
		return r.st, err
	}
	err := r.run(ctx)
	if err != nil {
		return r.st, err
	}
	_ = workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
	return r.st, nil
}

// VersionOrderUpdate: from version 1 on, the API orders a ticket by
// update-with-start (Order): the workflow answers UpdateRecorded once its
// first activity recorded the request, and a request the database refuses
// (the connector has a running ticket) ends the ticket as refused, with no
// row, instead of failing the workflow. Before it the API wrote the row
// itself and then started the workflow; a crash in between left a
// "requested" row that blocked the connector for good.
const VersionOrderUpdate = "order-by-update-with-start"

func (r *run) setup(ctx workflow.Context) error {
	if workflow.GetVersion(ctx, VersionOrderUpdate, workflow.DefaultVersion, 1) == 1 {
		if err := workflow.SetUpdateHandler(ctx, UpdateRecorded, func(ctx workflow.Context) (State, error) {
			if err := workflow.Await(ctx, func() bool { return r.recorded || r.unrecorded != "" }); err != nil {
				return r.st, err
			}
			if r.unrecorded != "" {
				return r.st, temporal.NewApplicationError(r.unrecorded, errtypes.Rejected)
			}
			return r.st, nil
		}); err != nil {
			return err
		}
	}
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (State, error) { return r.st, nil }); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateCancel, func(ctx workflow.Context) (State, error) {
		r.st.Reason = "cancelled by staff"
		r.cancel.SendAsync(true)
		return r.st, nil
	}, workflow.UpdateHandlerOptions{Validator: func() error {
		switch {
		case r.st.Status.Final():
			return temporal.NewApplicationError("the ticket has already ended ("+string(r.st.Status)+")", errtypes.Rejected)
		case r.st.ProviderTicketID != 0:
			return temporal.NewApplicationError(fmt.Sprintf("ticket %d exists at the remote-diagnose provider, whose API "+
				"has no operation to cancel or close a ticket: it runs until the provider's operator ends it "+
				"(ask the provider's service center to stop the work)", r.st.ProviderTicketID), errtypes.Rejected)
		case r.creating:
			return temporal.NewApplicationError("the ticket is being created at the remote-diagnose provider, whose API "+
				"has no operation to cancel or close a ticket: once created it runs until the provider's operator ends it", errtypes.Rejected)
		}
		return nil
	}}); err != nil {
		return err
	}
	if err := r.resultHandlers(ctx); err != nil {
		return err
	}
	return workflow.SetUpdateHandlerWithOptions(ctx, UpdateCSAT, func(ctx workflow.Context, req CSATRequest) (State, error) {
		err := workflow.ExecuteActivity(provider(ctx, "forward the CSAT score"), ta.ForwardCSAT, acts.CSATInput{
			RequestID: r.in.RequestID, TicketID: r.st.ProviderTicketID, Score: req.Score, Comment: req.Comment}).Get(ctx, nil)
		if err != nil {
			return r.st, err
		}
		s := req.Score
		r.st.CSATScore = &s
		r.csatDone = true
		return r.st, nil
	}, workflow.UpdateHandlerOptions{Validator: func(req CSATRequest) error {
		if p := ValidateCSAT(req); p != nil {
			return temporal.NewApplicationError(p[0], errtypes.Validation)
		}
		if r.st.ProviderTicketID == 0 {
			return temporal.NewApplicationError("the ticket was never created at the provider: nothing to score", errtypes.Rejected)
		}
		return nil
	}})
}

func (r *run) details(ctx workflow.Context, format string, args ...any) {
	workflow.SetCurrentDetails(ctx, fmt.Sprintf(format, args...))
}

// mark records a status in the workflow's state, the read model and the
// search attributes.
func (r *run) mark(ctx workflow.Context, s acts.Status, reason string) error {
	// The state moves after the database: the query is never ahead of the
	// read model.
	if err := workflow.ExecuteActivity(options.Store(ctx, "record ticket status "+string(s)), ta.MarkStatus,
		acts.MarkInput{RequestID: r.in.RequestID, Status: s, ProviderState: r.st.ProviderState, Reason: reason}).Get(ctx, nil); err != nil {
		return err
	}
	r.st.Status, r.st.Reason = s, reason
	_ = workflow.UpsertTypedSearchAttributes(ctx, SATicketStatus.ValueSet(string(s)))
	return nil
}

// finish ends a ticket that has no result to store (refused, expired,
// cancelled, or failed on an error). From VersionNotice on, the dealer
// webhook hears of every such end but a cancel (staff did that themselves).
func (r *run) finish(ctx workflow.Context, s acts.Status, reason string) error {
	r.details(ctx, "%s: %s", s, reason)
	if err := r.mark(ctx, s, reason); err != nil || s == acts.StatusCancelled {
		return err
	}
	if workflow.GetVersion(ctx, VersionNotice, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	var out acts.NoticeOutput
	if err := workflow.ExecuteActivity(options.Delivery(ctx, "tell the dealer's webhook the ticket ended"), ta.NotifyDealerWebhook,
		acts.NoticeInput{RequestID: r.in.RequestID}).Get(ctx, &out); err != nil {
		r.st.DealerWebhook = "failed: " + err.Error()
		return nil
	}
	r.st.DealerWebhook = out.Webhook
	return nil
}

func (r *run) run(ctx workflow.Context) error {
	r.details(ctx, "recording the ticket request")
	if err := workflow.ExecuteActivity(options.Store(ctx, "record the ticket request"), ta.RecordRequest, r.in.Request).Get(ctx, nil); err != nil {
		var ae *temporal.ApplicationError
		if workflow.GetVersion(ctx, VersionOrderUpdate, workflow.DefaultVersion, 1) == workflow.DefaultVersion ||
			!errors.As(err, &ae) || !ae.NonRetryable() {
			return err
		}
		// Refused by the database (a busy connector, a deleted
		// appointment): nothing was recorded, so nothing to mark.
		r.unrecorded = ae.Message()
		r.st.Status, r.st.Reason = acts.StatusRefused, ae.Message()
		_ = workflow.UpsertTypedSearchAttributes(ctx, SATicketStatus.ValueSet(string(acts.StatusRefused)))
		r.details(ctx, "refused: %s", ae.Message())
		return nil
	}
	r.recorded = true
	deadline := orDefault(r.in.ServiceCenterDeadline, DefaultServiceCenterDeadline)
	every := orDefault(r.in.RecheckEvery, DefaultRecheckEvery)
	for {
		r.details(ctx, "checking the connector and the service center")
		var ready acts.Readiness
		if err := workflow.ExecuteActivity(provider(ctx, "check connector and service center"), ta.CheckReadiness,
			r.readinessInput(ctx)).Get(ctx, &ready); err != nil {
			return r.failOn(ctx, err)
		}
		if r.cancelled() {
			return r.finish(ctx, acts.StatusCancelled, "cancelled by staff")
		}
		if !ready.ConnectorOnline {
			return r.finish(ctx, acts.StatusRefused, fmt.Sprintf("connector %d is offline: plug it into the car and order again", r.in.ConnectorID))
		}
		if !ready.ServiceCenterOpen {
			done, err := r.waitForCenter(ctx, ready.Message, deadline, every)
			if err != nil || done {
				return err
			}
			continue
		}
		if r.st.Price == nil {
			var p acts.Price
			if err := workflow.ExecuteActivity(provider(ctx, "price the products"), ta.PriceProducts, r.in.Request).Get(ctx, &p); err != nil {
				return r.failOn(ctx, err)
			}
			r.st.Price = &p
		}
		if r.cancelled() {
			return r.finish(ctx, acts.StatusCancelled, "cancelled by staff")
		}
		r.details(ctx, "creating the ticket")
		r.creating = true
		var out acts.CreateOutput
		err := workflow.ExecuteActivity(provider(ctx, "create the ticket (once)"), ta.CreateTicket, r.in.Request).Get(ctx, &out)
		r.creating = false
		if err != nil {
			return r.failOn(ctx, err)
		}
		switch out.Outcome {
		case acts.CreateCenterClosed: // closed between the check and the order
			done, err := r.waitForCenter(ctx, out.Message, deadline, every)
			if err != nil || done {
				return err
			}
			continue
		case acts.CreateOffline:
			return r.finish(ctx, acts.StatusRefused, fmt.Sprintf("connector %d is offline: plug it into the car and order again", r.in.ConnectorID))
		case acts.CreateConnectorBusy:
			return r.finish(ctx, acts.StatusRefused, fmt.Sprintf("connector %d already has a pending ticket: %s", r.in.ConnectorID, out.Message))
		}
		r.st.ProviderTicketID, r.st.ProviderState, r.st.Adopted = out.TicketID, out.ProviderState, out.Adopted
		r.st.Status, r.st.WaitingSince, r.st.ServiceMessage = acts.StatusOfState(out.ProviderState), nil, ""
		_ = workflow.UpsertTypedSearchAttributes(ctx, SATicketStatus.ValueSet(string(r.st.Status)))
		break
	}
	final, err := r.follow(ctx)
	if err != nil {
		return r.failOn(ctx, err)
	}
	r.details(ctx, "storing the ticket's notes and prices on the appointment")
	var stored acts.StoreOutput
	if err := workflow.ExecuteActivity(provider(ctx, "store notes, attachments and prices as an intervention"), ta.StoreResult,
		acts.StoreInput{RequestID: r.in.RequestID, TicketID: r.st.ProviderTicketID, Status: final, Quote: r.st.Price}).Get(ctx, &stored); err != nil {
		return r.failOn(ctx, err)
	}
	r.st.Status, r.st.InterventionID, r.st.Notes, r.st.Attachments = final, stored.InterventionID, stored.Notes, stored.Attachments
	_ = workflow.UpsertTypedSearchAttributes(ctx, SATicketStatus.ValueSet(string(final)))
	if err := r.tellReceptionist(ctx); err != nil {
		return err
	}
	r.details(ctx, "ticket %s; intervention %d is on the appointment for the diagnose overview; waiting for a CSAT score", final, stored.InterventionID)
	// From VersionResultWait on, the ticket also stays open for the
	// receptionist's decision on its result (within the CSAT window).
	waitResult := workflow.GetVersion(ctx, VersionResultWait, workflow.DefaultVersion, 1) == 1
	if _, err := workflow.AwaitWithTimeout(ctx, orDefault(r.in.CSATWindow, DefaultCSATWindow), func() bool {
		return r.csatDone && (!waitResult || r.resultHandled)
	}); err != nil {
		return err
	}
	scored := r.csatDone
	// The dealer webhook may still be retrying through an outage.
	if err := workflow.Await(ctx, func() bool { return !r.webhookPending }); err != nil {
		return err
	}
	if scored {
		r.details(ctx, "ticket %s; CSAT score forwarded", final)
	} else {
		r.details(ctx, "ticket %s; no CSAT score given", final)
	}
	return nil
}

// VersionNotice: from version 1 on, an ended ticket tells the receptionist
// (the appointment's remote_diagnosis_to_handle flag when it stored an
// intervention, and the dealer webhook where the location has one, for
// every end but a cancel). Histories recorded before it replay without.
const VersionNotice = "notify-receptionist"

// tellReceptionist flags the appointment (at once) and starts the dealer
// webhook, retried through outages while the CSAT window runs; its outcome
// goes in the state when known. Nothing on histories from before
// VersionNotice.
func (r *run) tellReceptionist(ctx workflow.Context) error {
	if workflow.GetVersion(ctx, VersionNotice, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	in := acts.NoticeInput{RequestID: r.in.RequestID}
	if err := workflow.ExecuteActivity(options.Store(ctx, "tell the receptionist: remote diagnosis to handle"), ta.MarkToHandle, in).Get(ctx, nil); err != nil {
		return err
	}
	r.st.ReceptionistNotified = true
	fut := workflow.ExecuteActivity(options.Delivery(ctx, "tell the dealer's webhook the ticket ended"), ta.NotifyDealerWebhook, in)
	r.webhookPending = true
	workflow.Go(ctx, func(ctx workflow.Context) {
		var out acts.NoticeOutput
		if err := fut.Get(ctx, &out); err != nil {
			r.st.DealerWebhook = "failed: " + err.Error()
		} else {
			r.st.DealerWebhook = out.Webhook
		}
		r.webhookPending = false
	})
	return nil
}

// waitForCenter waits one recheck interval for a closed service center,
// saying since when and why; done when the deadline passed or staff
// cancelled (then the status is final).
func (r *run) waitForCenter(ctx workflow.Context, message string, deadline, every time.Duration) (bool, error) {
	now := workflow.Now(ctx)
	if r.st.WaitingSince == nil {
		if err := r.mark(ctx, acts.StatusWaiting, "service center closed: "+message); err != nil {
			return true, err
		}
		since := now
		r.st.WaitingSince = &since
	}
	r.st.ServiceMessage = message
	left := r.st.WaitingSince.Add(deadline).Sub(now)
	if left <= 0 {
		return true, r.finish(ctx, acts.StatusExpired, fmt.Sprintf("the service center stayed closed for %s", deadline))
	}
	r.details(ctx, "waiting for the service center to open since %s UTC (%s)", r.st.WaitingSince.UTC().Format("15:04"), message)
	tctx, stop := workflow.WithCancel(ctx)
	defer stop()
	timer := workflow.NewTimerWithOptions(tctx, min(every, left), workflow.TimerOptions{Summary: "re-check the closed service center"})
	cancelled := false
	sel := workflow.NewSelector(ctx)
	sel.AddFuture(timer, func(workflow.Future) {})
	sel.AddReceive(r.cancel, func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, nil); cancelled = true })
	sel.Select(ctx)
	if cancelled {
		return true, r.finish(ctx, acts.StatusCancelled, "cancelled by staff while the service center was closed")
	}
	return false, nil
}

func (r *run) cancelled() bool {
	var v bool
	return r.cancel.ReceiveAsync(&v)
}

// follow runs the follow activity and takes status signals meanwhile; it
// returns the final status, from whichever reports it first.
func (r *run) follow(ctx workflow.Context) (acts.Status, error) {
	r.details(ctx, "ticket %d %s", r.st.ProviderTicketID, r.st.Status)
	fctx, stop := workflow.WithCancel(ctx)
	fut := workflow.ExecuteActivity(follow(fctx), ta.FollowTicket, acts.FollowInput{
		RequestID: r.in.RequestID, ConnectorID: r.in.ConnectorID, TicketID: r.st.ProviderTicketID})
	signals := workflow.GetSignalChannel(ctx, SignalStatus)
	var final acts.Status
	var ferr error
	for final == "" && ferr == nil {
		sel := workflow.NewSelector(ctx)
		sel.AddFuture(fut, func(f workflow.Future) {
			var out acts.FollowOutput
			if ferr = f.Get(ctx, &out); ferr == nil {
				r.st.Polled = r.st.Polled || out.Polled
				r.apply(ctx, acts.StatusUpdate{TicketID: r.st.ProviderTicketID, ProviderState: out.ProviderState, Status: out.Status, Source: "follow"})
				final = out.Status
			}
		})
		sel.AddReceive(signals, func(c workflow.ReceiveChannel, _ bool) {
			var u acts.StatusUpdate
			c.Receive(ctx, &u)
			if r.apply(ctx, u) && u.Status.Final() {
				final = u.Status
			}
		})
		sel.Select(ctx)
	}
	if ferr != nil {
		return "", ferr
	}
	stop()
	_ = fut.Get(ctx, nil) // wait for the cancelled activity, so it stops writing
	return final, nil
}

// apply takes a status update of our ticket; an update of another ticket
// or one that would move a final state back is ignored.
func (r *run) apply(ctx workflow.Context, u acts.StatusUpdate) bool {
	if u.TicketID != r.st.ProviderTicketID || u.ProviderState == 0 || r.st.Status.Final() {
		return false
	}
	if len(r.st.Updates) < 20 {
		r.st.Updates = append(r.st.Updates, u)
	}
	r.st.ProviderState = u.ProviderState
	r.st.Polled = r.st.Polled || u.Polled
	if u.Status.Final() {
		r.details(ctx, "ticket %d ended (%s)", u.TicketID, u.Status)
		return true
	}
	r.st.Status = u.Status
	switch u.Status {
	case acts.StatusInProgress:
		r.details(ctx, "ticket in progress")
	default:
		r.details(ctx, "ticket %d %s", u.TicketID, u.Status)
	}
	return true
}

// failOn ends the ticket on an error retrying cannot fix (the provider
// refused, the appointment is gone), recording why; other errors fail the
// workflow.
func (r *run) failOn(ctx workflow.Context, err error) error {
	var ae *temporal.ApplicationError
	if errors.As(err, &ae) && ae.NonRetryable() || errors.As(err, &ae) && (ae.Type() == errtypes.Rejected || ae.Type() == errtypes.Validation || ae.Type() == errtypes.NotFound) {
		status := acts.StatusRefused
		if r.st.ProviderTicketID != 0 {
			status = acts.StatusFailed
		}
		return r.finish(ctx, status, ae.Error())
	}
	return err
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
