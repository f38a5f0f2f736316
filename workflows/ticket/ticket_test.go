package ticket

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	acts "github.com/pitstop-dev/pitstop/activities/ticket"
	"github.com/pitstop-dev/pitstop/contracts/ticket"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
)

type recorder struct {
	mu       sync.Mutex
	marks    []acts.Status
	creates  int
	readyN   int
	csat     []acts.CSATInput
	stored   []acts.StoreInput
	followed []acts.FollowInput
	notices  []string // "flag <request id>", "webhook <request id>"
	// recordErr is what RecordRequest answers, after recordAfter.
	recordErr   error
	recordAfter time.Duration
}

func (r *recorder) add(f func()) { r.mu.Lock(); defer r.mu.Unlock(); f() }

// quote is the price calculation every test's PriceProducts answers.
var quote = acts.Price{Currency: "EUR", TotalNet: 100, TotalGross: 121}

func input() Input {
	return Input{Request: acts.Request{RequestID: "0b9a3c1e-0000-4000-8000-000000000001", AppointmentID: 3, DealerLocationID: 1,
		ConnectorID: 910329423, VIN: "WF0AXXGCDA1234567", VehicleModelID: 23423, VehicleModelVariantID: 34234, ProductIDs: []int64{52351}},
		WONr: "WO-1003", RegNumber: "AB-123-C", ServiceCenterDeadline: time.Hour, RecheckEvery: time.Minute, CSATWindow: time.Hour}
}

// newEnv mocks every ticket activity; ready answers the readiness checks in
// turn (the last one repeats), final is the state the follow activity ends in.
func newEnv(t *testing.T, rec *recorder, ready []acts.Readiness, create acts.CreateOutput, final int, followAfter ...time.Duration) *testsuite.TestWorkflowEnvironment {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	e := s.NewTestWorkflowEnvironment()
	e.RegisterWorkflow(TicketWorkflow)
	e.RegisterActivity(&acts.Activities{})
	e.OnActivity(ta.RecordRequest, mock.Anything, mock.Anything).Return(func(context.Context, acts.Request) error { return rec.recordErr }).
		AfterFn(func() time.Duration { return rec.recordAfter })
	e.OnActivity(ta.MarkStatus, mock.Anything, mock.Anything).Return(func(_ context.Context, in acts.MarkInput) error {
		rec.add(func() { rec.marks = append(rec.marks, in.Status) })
		return nil
	})
	e.OnActivity(ta.CheckReadiness, mock.Anything, mock.Anything).Return(func(_ context.Context, in acts.ReadinessInput) (acts.Readiness, error) {
		var r acts.Readiness
		rec.add(func() {
			r = ready[min(rec.readyN, len(ready)-1)]
			rec.readyN++
		})
		return r, nil
	})
	e.OnActivity(ta.PriceProducts, mock.Anything, mock.Anything).Return(quote, nil).Maybe()
	e.OnActivity(ta.CreateTicket, mock.Anything, mock.Anything).Return(func(_ context.Context, in acts.Request) (acts.CreateOutput, error) {
		rec.add(func() { rec.creates++ })
		return create, nil
	}).Maybe()
	fc := e.OnActivity(ta.FollowTicket, mock.Anything, mock.Anything).Return(func(_ context.Context, in acts.FollowInput) (acts.FollowOutput, error) {
		rec.add(func() { rec.followed = append(rec.followed, in) })
		return acts.FollowOutput{ProviderState: final, Status: acts.StatusOfState(final)}, nil
	}).Maybe()
	for _, d := range followAfter {
		fc.After(d)
	}
	e.OnActivity(ta.StoreResult, mock.Anything, mock.Anything).Return(func(_ context.Context, in acts.StoreInput) (acts.StoreOutput, error) {
		rec.add(func() { rec.stored = append(rec.stored, in) })
		return acts.StoreOutput{InterventionID: 55, Notes: 1, Attachments: 1, TotalNet: 100, Currency: "EUR"}, nil
	}).Maybe()
	e.OnActivity(ta.ForwardCSAT, mock.Anything, mock.Anything).Return(func(_ context.Context, in acts.CSATInput) error {
		rec.add(func() { rec.csat = append(rec.csat, in) })
		return nil
	}).Maybe()
	e.OnActivity(ta.MarkToHandle, mock.Anything, mock.Anything).Return(func(_ context.Context, in acts.NoticeInput) error {
		rec.add(func() { rec.notices = append(rec.notices, "flag "+in.RequestID) })
		return nil
	}).Maybe()
	e.OnActivity(ta.NotifyDealerWebhook, mock.Anything, mock.Anything).Return(func(_ context.Context, in acts.NoticeInput) (acts.NoticeOutput, error) {
		rec.add(func() { rec.notices = append(rec.notices, "webhook "+in.RequestID) })
		return acts.NoticeOutput{Webhook: "delivered"}, nil
	}).Maybe()
	return e
}

func query(t *testing.T, e *testsuite.TestWorkflowEnvironment) State {
	v, err := e.QueryWorkflow(QueryState)
	require.NoError(t, err)
	var st State
	require.NoError(t, v.Get(&st))
	return st
}

type updateCB struct {
	rejected func(error)
	done     func(any, error)
}

func (u updateCB) Accept()                         {}
func (u updateCB) Reject(err error)                { u.rejected(err) }
func (u updateCB) Complete(success any, err error) { u.done(success, err) }

// Closed, then opened: the workflow waits (saying so in its state), looks
// again every minute, then creates the ticket once, follows it, stores the
// intervention and forwards a CSAT score.
func TestTicketWaitsForClosedServiceCenter(t *testing.T) {
	rec := &recorder{}
	closed := acts.Readiness{ConnectorOnline: true, Message: "Closed until 14:00"}
	e := newEnv(t, rec, []acts.Readiness{closed, closed, closed, {ConnectorOnline: true, ServiceCenterOpen: true}},
		acts.CreateOutput{Outcome: acts.CreateCreated, TicketID: 7100001, ProviderState: 1}, 7)
	var waiting State
	e.RegisterDelayedCallback(func() { waiting = query(t, e) }, 90*time.Second)
	var csatErr, badErr error = nil, nil
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(UpdateCSAT, "bad", updateCB{rejected: func(err error) { badErr = err }, done: func(any, error) {}}, CSATRequest{Score: 2})
		comment := "quick"
		e.UpdateWorkflow(UpdateCSAT, "csat-1", updateCB{rejected: func(err error) { csatErr = err }, done: func(_ any, err error) { csatErr = err }},
			CSATRequest{Score: 1, Comment: &comment})
	}, 10*time.Minute)
	e.ExecuteWorkflow(TicketWorkflow, input())
	require.True(t, e.IsWorkflowCompleted())
	require.NoError(t, e.GetWorkflowError())
	var st State
	require.NoError(t, e.GetWorkflowResult(&st))

	require.Equal(t, acts.StatusWaiting, waiting.Status)
	require.NotNil(t, waiting.WaitingSince)
	require.Equal(t, "Closed until 14:00", waiting.ServiceMessage)
	require.Equal(t, 4, rec.readyN)
	require.Equal(t, 1, rec.creates)
	require.Equal(t, acts.StatusClosed, st.Status)
	require.Equal(t, int64(7100001), st.ProviderTicketID)
	require.Equal(t, 55, st.InterventionID)
	require.Equal(t, []acts.StoreInput{{RequestID: input().RequestID, TicketID: 7100001, Status: acts.StatusClosed, Quote: &quote}}, rec.stored)
	require.Equal(t, []acts.Status{acts.StatusWaiting}, rec.marks)
	require.Error(t, badErr)
	require.NoError(t, csatErr)
	require.Len(t, rec.csat, 1)
	require.Equal(t, 1.0, rec.csat[0].Score)
	require.Equal(t, int64(7100001), rec.csat[0].TicketID)
	require.NotNil(t, st.CSATScore)
}

// The service center never opens: the deadline ends the wait.
func TestTicketServiceCenterDeadline(t *testing.T) {
	rec := &recorder{}
	e := newEnv(t, rec, []acts.Readiness{{ConnectorOnline: true, Message: "closed"}}, acts.CreateOutput{}, 7)
	e.ExecuteWorkflow(TicketWorkflow, input())
	require.NoError(t, e.GetWorkflowError())
	var st State
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, acts.StatusExpired, st.Status)
	require.Equal(t, 0, rec.creates)
	require.Equal(t, 61, rec.readyN) // at 0, every minute, and once more at the deadline
	require.Equal(t, []acts.Status{acts.StatusWaiting, acts.StatusExpired}, rec.marks)
}

// An offline connector refuses the ticket at once; nothing is ordered.
func TestTicketConnectorOffline(t *testing.T) {
	rec := &recorder{}
	e := newEnv(t, rec, []acts.Readiness{{ConnectorOnline: false, ServiceCenterOpen: true}}, acts.CreateOutput{}, 7)
	e.ExecuteWorkflow(TicketWorkflow, input())
	require.NoError(t, e.GetWorkflowError())
	var st State
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, acts.StatusRefused, st.Status)
	require.Contains(t, st.Reason, "connector 910329423 is offline")
	require.Equal(t, 0, rec.creates)
	require.Equal(t, []acts.Status{acts.StatusRefused}, rec.marks)

	// Offline found only when ordering (it went offline in between).
	rec = &recorder{}
	e = newEnv(t, rec, []acts.Readiness{{ConnectorOnline: true, ServiceCenterOpen: true}}, acts.CreateOutput{Outcome: acts.CreateOffline}, 7)
	e.ExecuteWorkflow(TicketWorkflow, input())
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, acts.StatusRefused, st.Status)
	require.Equal(t, 1, rec.creates)
	require.Empty(t, rec.followed)
}

// A ticket the provider fails is still stored (the operator's notes say
// why), as failed; a status signal moves the state on the way.
func TestTicketFails(t *testing.T) {
	rec := &recorder{}
	e := newEnv(t, rec, []acts.Readiness{{ConnectorOnline: true, ServiceCenterOpen: true}},
		acts.CreateOutput{Outcome: acts.CreateCreated, TicketID: 7100002, ProviderState: 1}, 9)
	e.ExecuteWorkflow(TicketWorkflow, input())
	require.NoError(t, e.GetWorkflowError())
	var st State
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, acts.StatusFailed, st.Status)
	require.Equal(t, []acts.StoreInput{{RequestID: input().RequestID, TicketID: 7100002, Status: acts.StatusFailed, Quote: &quote}}, rec.stored)
	require.Equal(t, []acts.FollowInput{{RequestID: input().RequestID, ConnectorID: 910329423, TicketID: 7100002}}, rec.followed)
}

// Cancel while waiting for the service center ends the ticket before it
// is ordered; a cancel after the end is refused.
func TestTicketCancel(t *testing.T) {
	rec := &recorder{}
	e := newEnv(t, rec, []acts.Readiness{{ConnectorOnline: true, Message: "closed"}}, acts.CreateOutput{}, 7)
	var cancelErr error
	var cancelled bool
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(UpdateCancel, "c1", updateCB{rejected: func(err error) { cancelErr = err },
			done: func(_ any, err error) { cancelErr, cancelled = err, err == nil }})
	}, 150*time.Second)
	e.ExecuteWorkflow(TicketWorkflow, input())
	require.NoError(t, e.GetWorkflowError())
	require.NoError(t, cancelErr)
	require.True(t, cancelled)
	var st State
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, acts.StatusCancelled, st.Status)
	require.Equal(t, 0, rec.creates)
	require.Equal(t, []acts.Status{acts.StatusWaiting, acts.StatusCancelled}, rec.marks)
	require.Empty(t, rec.notices, "staff cancelled it themselves")
}

// Status signals (from a listener) move the state while the ticket runs;
// cancel is refused once the ticket exists.
func TestTicketStatusSignalsAndLateCancel(t *testing.T) {
	rec := &recorder{}
	e := newEnv(t, rec, []acts.Readiness{{ConnectorOnline: true, ServiceCenterOpen: true}},
		acts.CreateOutput{Outcome: acts.CreateCreated, TicketID: 7100003, ProviderState: 1}, 7, 10*time.Minute) // the signals come first
	var mid State
	var lateCancel error
	e.RegisterDelayedCallback(func() {
		e.SignalWorkflow(SignalStatus, acts.StatusUpdate{TicketID: 999, ProviderState: 2, Status: acts.StatusInProgress}) // another ticket: ignored
		e.SignalWorkflow(SignalStatus, acts.StatusUpdate{TicketID: 7100003, ProviderState: 2, Status: acts.StatusInProgress, Source: "listener"})
	}, time.Minute)
	e.RegisterDelayedCallback(func() {
		mid = query(t, e)
		e.UpdateWorkflow(UpdateCancel, "c2", updateCB{rejected: func(err error) { lateCancel = err }, done: func(any, error) {}})
	}, 2*time.Minute)
	e.ExecuteWorkflow(TicketWorkflow, input())
	require.NoError(t, e.GetWorkflowError())
	require.Equal(t, acts.StatusInProgress, mid.Status)
	require.Equal(t, 2, mid.ProviderState)
	require.Len(t, mid.Updates, 1)
	require.ErrorContains(t, lateCancel, "has no operation to cancel or close a ticket")
	var st State
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, acts.StatusClosed, st.Status)
}

// An ended ticket tells the receptionist: the appointment is flagged once
// the intervention is stored, and the dealer webhook is sent; a refused
// ticket has only the webhook; a cancelled one tells nobody (TestTicketCancel).
func TestTicketTellsTheReceptionist(t *testing.T) {
	rec := &recorder{}
	e := newEnv(t, rec, []acts.Readiness{{ConnectorOnline: true, ServiceCenterOpen: true}},
		acts.CreateOutput{Outcome: acts.CreateCreated, TicketID: 7100004, ProviderState: 1}, 7)
	var during State
	e.RegisterDelayedCallback(func() { during = query(t, e) }, 30*time.Minute) // in the CSAT window
	e.ExecuteWorkflow(TicketWorkflow, input())
	require.NoError(t, e.GetWorkflowError())
	var st State
	require.NoError(t, e.GetWorkflowResult(&st))
	id := input().RequestID
	require.Equal(t, []string{"flag " + id, "webhook " + id}, rec.notices)
	require.True(t, during.ReceptionistNotified)
	require.Equal(t, "delivered", during.DealerWebhook)
	require.True(t, st.ReceptionistNotified)

	rec = &recorder{}
	e = newEnv(t, rec, []acts.Readiness{{ConnectorOnline: false, ServiceCenterOpen: true}}, acts.CreateOutput{}, 7)
	e.ExecuteWorkflow(TicketWorkflow, input())
	require.NoError(t, e.GetWorkflowError())
	st = State{}
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, []string{"webhook " + id}, rec.notices, "refused: the dealer's webhook hears of it; no intervention to flag")
	require.False(t, st.ReceptionistNotified)
	require.Equal(t, "delivered", st.DealerWebhook)
}

// The order's update (sent with the start) answers once the request is
// recorded; a request the database refuses (a busy connector) ends the
// ticket refused, with nothing to mark, and the update answers the
// refusal (VersionOrderUpdate).
func TestTicketOrderUpdate(t *testing.T) {
	for _, busy := range []bool{false, true} {
		rec := &recorder{recordAfter: time.Minute}
		if busy {
			rec.recordErr = temporal.NewNonRetryableApplicationError("connector 910329423 already has a ticket in progress (request x): wait for it to end", errtypes.Rejected, nil)
		}
		e := newEnv(t, rec, []acts.Readiness{{ConnectorOnline: false}}, acts.CreateOutput{}, 7)
		var got any
		var uerr error
		done := false
		e.RegisterDelayedCallback(func() {
			e.UpdateWorkflow(UpdateRecorded, "recorded-1", updateCB{rejected: func(err error) { uerr, done = err, true },
				done: func(v any, err error) { got, uerr, done = v, err, true }})
		}, time.Second)
		e.ExecuteWorkflow(TicketWorkflow, input())
		require.NoError(t, e.GetWorkflowError())
		var st State
		require.NoError(t, e.GetWorkflowResult(&st))
		require.True(t, done, "the update was answered")
		if busy {
			require.ErrorContains(t, uerr, "already has a ticket in progress")
			require.Equal(t, acts.StatusRefused, st.Status)
			require.Empty(t, rec.marks, "no row to mark")
			require.Zero(t, rec.readyN, "nothing asked of the provider")
			continue
		}
		require.NoError(t, uerr)
		require.Equal(t, acts.StatusRequested, got.(State).Status)
		require.Equal(t, acts.StatusRefused, st.Status, "then refused: the connector is offline")
	}
}

// The receptionist's decision on the result is an update: refused before
// there is a result and, for the diagnose overview, once the repair
// overview went out (the workflow's rule); a CSAT score given early ends
// the ticket only once the result is decided (VersionResultWait).
func TestTicketResultDecision(t *testing.T) {
	for _, c := range []struct {
		name   string
		update string
		status enums.CommunicationStatus
		refuse string
	}{
		{"added before any overview", ticket.UpdateAddToDiagnoseOverview, 0, ""},
		{"added after the diagnose overview", ticket.UpdateAddToDiagnoseOverview, enums.CommunicationStatusDiagnoseOverviewSent, ""},
		{"added after the repair overview", ticket.UpdateAddToDiagnoseOverview, enums.CommunicationStatusRepairOverviewSent, msgRepairSent},
		{"dismissed", ticket.UpdateDismissResult, enums.CommunicationStatusRepairOverviewSent, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := &recorder{}
			e := newEnv(t, rec, []acts.Readiness{{ConnectorOnline: true, ServiceCenterOpen: true}},
				acts.CreateOutput{Outcome: acts.CreateCreated, TicketID: 7100004, ProviderState: 1}, 7)
			var writes []string
			e.OnActivity(ta.CommunicationStatus, mock.Anything, mock.Anything).Return(c.status, nil).Maybe()
			e.OnActivity(ta.ShowResult, mock.Anything, mock.Anything).Return(func(context.Context, acts.NoticeInput) (acts.ResultOutput, error) {
				rec.add(func() { writes = append(writes, "show") })
				return acts.ResultOutput{}, nil
			}).Maybe()
			e.OnActivity(ta.DismissResult, mock.Anything, mock.Anything).Return(func(context.Context, acts.NoticeInput) (acts.ResultOutput, error) {
				rec.add(func() { writes = append(writes, "dismiss") })
				return acts.ResultOutput{}, nil
			}).Maybe()
			var early, got error
			var out ticket.ResultHandled
			e.RegisterDelayedCallback(func() { // before the result is stored
				e.UpdateWorkflow(c.update, "early", updateCB{rejected: func(err error) { early = err }, done: func(any, error) {}})
			}, 0)
			e.RegisterDelayedCallback(func() {
				e.UpdateWorkflow(UpdateCSAT, "csat", updateCB{rejected: func(error) {}, done: func(any, error) {}}, CSATRequest{Score: 1})
			}, 10*time.Minute)
			var endedBefore bool
			e.RegisterDelayedCallback(func() {
				endedBefore = e.IsWorkflowCompleted()
				e.UpdateWorkflow(c.update, "decide", updateCB{rejected: func(err error) { got = err },
					done: func(v any, err error) {
						got = err
						if err == nil {
							out = v.(ticket.ResultHandled)
						}
					}})
			}, 20*time.Minute)
			e.ExecuteWorkflow(TicketWorkflow, input())
			require.NoError(t, e.GetWorkflowError())
			require.ErrorContains(t, early, "the ticket has no result on the appointment yet")
			require.False(t, endedBefore, "the CSAT score alone does not end the ticket")
			if c.refuse != "" {
				require.ErrorContains(t, got, c.refuse)
				require.Empty(t, writes)
				return
			}
			require.NoError(t, got)
			require.Equal(t, 55, out.InterventionID)
			if c.update == ticket.UpdateDismissResult {
				require.Equal(t, []string{"dismiss"}, writes)
				require.True(t, out.ResultDismissed)
				return
			}
			require.Equal(t, []string{"show"}, writes)
			require.True(t, out.VisibleToCustomer)
			require.Equal(t, c.status == enums.CommunicationStatusDiagnoseOverviewSent, out.ResendNeeded)
		})
	}
}
