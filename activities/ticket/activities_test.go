package ticket_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"

	"github.com/pitstop-dev/pitstop/activities/ticket"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/remotediagticket"
	"github.com/pitstop-dev/pitstop/ent/webhookhistory"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
	rdfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
)

// These tests run the real ticket Activities inside the SDK's activity test
// environment (payloads through the data converter, errors through the
// failure converter, heartbeats through the SDK), on a fresh PostgreSQL
// database (fixture in ticket_test.go), against the remote-diagnose
// simulator with our real client.

// actEnv is a fresh activity environment with the ticket activities.
func actEnv(a *ticket.Activities) *testsuite.TestActivityEnvironment {
	env := (&testsuite.WorkflowTestSuite{}).NewTestActivityEnvironment()
	env.RegisterActivity(a)
	return env
}

// run executes an activity and decodes its result.
func run[T any](t *testing.T, env *testsuite.TestActivityEnvironment, fn, in any) (T, error) {
	t.Helper()
	var out T
	v, err := env.ExecuteActivity(fn, in)
	if err != nil {
		return out, err
	}
	require.NoError(t, v.Get(&out))
	return out, nil
}

// requireRetryable: the error reached Temporal as one it retries.
func requireRetryable(t *testing.T, err error) {
	t.Helper()
	require.Error(t, err)
	var ae *temporal.ApplicationError
	require.True(t, errors.As(err, &ae), "an application error: %v", err)
	require.False(t, ae.NonRetryable(), "a retry may fix it: %v", err)
}

// requireFinal: the error reached Temporal as final, of the given type.
func requireFinal(t *testing.T, err error, typ string) {
	t.Helper()
	require.Error(t, err)
	var ae *temporal.ApplicationError
	require.True(t, errors.As(err, &ae), "an application error: %v", err)
	require.True(t, ae.NonRetryable(), "final: %v", err)
	require.Equal(t, typ, ae.Type(), "%v", err)
}

// lossy stands between our client and the simulator. It can lose the
// answer to the next ticket creation after the simulator has acted on it,
// as a timeout or a connection cut on the way back would: the activity
// sees a 502 while the provider's ticket exists.
// It can also hide the historical tickets (404), as a provider that has
// not yet filed a just-ended ticket would.
type lossy struct {
	loseCreate     atomic.Bool
	hideHistorical atomic.Bool
	srv            *httptest.Server
}

func newLossy(t *testing.T, target string) *lossy {
	u, err := url.Parse(target)
	require.NoError(t, err)
	l := &lossy{}
	p := httputil.NewSingleHostReverseProxy(u)
	p.ModifyResponse = func(r *http.Response) error {
		if r.Request.Method == http.MethodPost && r.Request.URL.Path == rd.PathTickets && r.StatusCode == http.StatusCreated &&
			l.loseCreate.CompareAndSwap(true, false) {
			return errors.New("answer lost")
		}
		return nil
	}
	p.ErrorHandler = func(w http.ResponseWriter, _ *http.Request, _ error) { w.WriteHeader(http.StatusBadGateway) }
	hidden := strings.TrimSuffix(rd.PathHistoricalTicket, "{historicalTicketId}")
	l.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if l.hideHistorical.Load() && r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, hidden) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"status":404,"type":"not_found","title":"Not Found","detail":"historical ticket not found"}`))
			return
		}
		p.ServeHTTP(w, r)
	}))
	t.Cleanup(l.srv.Close)
	return l
}

// viaLossy points the activities' client at a lossy proxy of sim.
func viaLossy(t *testing.T, a *ticket.Activities, sim *rdfake.Server) *lossy {
	l := newLossy(t, sim.URL())
	c, err := rd.New(l.srv.URL, rd.WithCredentials(rdfake.ConnectorOnlineUUID, rdfake.DefaultPincode))
	require.NoError(t, err)
	a.Accounts = oneAccount{c}
	return l
}

func TestActivityCheckReadiness(t *testing.T) {
	a, sim, req := fixture(t)
	env := actEnv(a)
	check := func(id int64) (ticket.Readiness, error) {
		return run[ticket.Readiness](t, env, a.CheckReadiness, ticket.ReadinessInput{ConnectorID: id, RequestID: req.RequestID})
	}
	r, err := check(rdfake.ConnectorOnlineID)
	require.NoError(t, err)
	require.True(t, r.ConnectorOnline)
	require.True(t, r.ServiceCenterOpen)

	r, err = check(rdfake.ConnectorOfflineID)
	require.NoError(t, err)
	require.False(t, r.ConnectorOnline, "the seeded offline connector")
	require.True(t, r.ServiceCenterOpen)

	sim.SetServiceCenter(false, "Closed until Monday 08:00")
	r, err = check(rdfake.ConnectorOnlineID)
	require.NoError(t, err)
	require.True(t, r.ConnectorOnline)
	require.False(t, r.ServiceCenterOpen)
	require.Equal(t, "Closed until Monday 08:00", r.Message)

	sim.SetServiceCenter(true, "")
	require.True(t, sim.SetConnectorOnline(rdfake.ConnectorOnlineID, false))
	r, err = check(rdfake.ConnectorOnlineID)
	require.NoError(t, err)
	require.False(t, r.ConnectorOnline, "switched offline")
	require.True(t, r.ServiceCenterOpen)

	// Failure classification: an outage is retried; an unknown connector
	// (404) or a refused request (4xx) is final.
	sim.FailNext(1, http.StatusServiceUnavailable)
	_, err = check(rdfake.ConnectorOnlineID)
	requireRetryable(t, err)
	sim.FailNext(1, http.StatusInternalServerError)
	_, err = check(rdfake.ConnectorOnlineID)
	requireRetryable(t, err)
	_, err = check(424242)
	requireFinal(t, err, errtypes.NotFound)
	sim.FailNext(1, http.StatusForbidden)
	_, err = check(rdfake.ConnectorOnlineID)
	requireFinal(t, err, errtypes.Rejected)
	sim.FailNext(1, http.StatusBadRequest)
	_, err = check(rdfake.ConnectorOnlineID)
	requireFinal(t, err, errtypes.Validation)

	// Remote diagnosis switched off: final, whatever the activity.
	off := *a
	off.Accounts = nil
	envOff := actEnv(&off)
	_, err = run[ticket.Readiness](t, envOff, off.CheckReadiness, ticket.ReadinessInput{ConnectorID: rdfake.ConnectorOnlineID})
	requireFinal(t, err, errtypes.Rejected)
}

func TestActivityPriceProducts(t *testing.T) {
	a, sim, req := fixture(t)
	env := actEnv(a)
	price := func(r ticket.Request) (ticket.Price, error) { return run[ticket.Price](t, env, a.PriceProducts, r) }

	p, err := price(req)
	require.NoError(t, err)
	require.Equal(t, "EUR", p.Currency)
	require.InDelta(t, 100.0, p.TotalNet, 0.001)
	require.InDelta(t, 121.0, p.TotalGross, 0.001)
	require.False(t, p.NeedsUnattendedConfirmation)
	require.Len(t, p.Items, 1)
	require.Equal(t, ticket.PriceItem{ProductID: rdfake.ProductDiagnostic, Name: "Remote Diagnostic Support", Net: 100, Gross: 121}, p.Items[0])

	withVoucher := req
	withVoucher.Voucher = rdfake.Voucher10
	p, err = price(withVoucher)
	require.NoError(t, err)
	require.InDelta(t, 90.0, p.TotalNet, 0.001, "10% off")

	unattended := req
	unattended.ProductIDs = []int64{rdfake.ProductDiagnostic, rdfake.ProductTowBar}
	p, err = price(unattended)
	require.NoError(t, err)
	require.True(t, p.NeedsUnattendedConfirmation, "the tow bar coding runs unattended")
	require.Len(t, p.Items, 2)
	require.Greater(t, p.TotalNet, 175.0)

	bad := req
	bad.Voucher = "NOT-A-VOUCHER"
	_, err = price(bad)
	requireFinal(t, err, errtypes.Validation)
	sim.FailNext(1, http.StatusBadGateway)
	_, err = price(req)
	requireRetryable(t, err)
	require.Empty(t, sim.Tickets(), "pricing orders nothing")
}

// The answer to the creation is lost after the provider made the ticket:
// the attempt fails (retryable), the retry with the same request id finds
// the provider's ticket and adopts it; no second ticket is ordered, however
// often it runs.
func TestActivityCreateTicketOnceWhenTheAnswerIsLost(t *testing.T) {
	a, sim, req := fixture(t, rdfake.WithStepInterval(time.Hour))
	l := viaLossy(t, a, sim)
	env := actEnv(a)
	create := func() (ticket.CreateOutput, error) { return run[ticket.CreateOutput](t, env, a.CreateTicket, req) }

	l.loseCreate.Store(true)
	_, err := create()
	requireRetryable(t, err)
	require.Len(t, sim.Tickets(), 1, "the provider made it")
	made := sim.Tickets()[0]
	r := row(t, a, req.RequestID)
	require.True(t, r.Creating, "uncertain: the retry looks first")
	require.Nil(t, r.ProviderTicketID)

	out, err := create()
	require.NoError(t, err)
	require.Equal(t, ticket.CreateCreated, out.Outcome)
	require.True(t, out.Adopted)
	require.Equal(t, made.Ticket.IDInt(), out.TicketID)
	require.Equal(t, int(rd.TicketStatePending), out.ProviderState)
	again, err := create()
	require.NoError(t, err)
	require.Equal(t, out.TicketID, again.TicketID)
	require.Len(t, sim.Tickets(), 1, "created exactly once")

	r = row(t, a, req.RequestID)
	require.Equal(t, out.TicketID, *r.ProviderTicketID)
	require.False(t, r.Creating)
	require.Equal(t, string(ticket.StatusPending), r.Status)
	// What the provider got: our reference, metadata and answers.
	require.Equal(t, ticket.Reference(req.RequestID), made.Request.Reference)
	require.Equal(t, ticket.AppName, made.Request.Metadata.AppName)
	require.Equal(t, req.VIN, made.Request.VIN)
	require.Equal(t, []int64{rdfake.ProductDiagnostic}, made.Request.ProductIDs)
	require.Equal(t, []rd.PrerequisiteAnswer{{DefinitionID: 1, Value: "true"}}, made.Request.ProductPrerequisites)
}

// The lost answer's ticket finished before the retry (the connector is free
// again): the retry finds it by our reference among the historical tickets
// instead of ordering a second one.
func TestActivityCreateTicketOnceWhenTheLostTicketFinished(t *testing.T) {
	a, sim, req := fixture(t, rdfake.WithStepInterval(10*time.Millisecond))
	l := viaLossy(t, a, sim)
	env := actEnv(a)
	l.loseCreate.Store(true)
	_, err := run[ticket.CreateOutput](t, env, a.CreateTicket, req)
	requireRetryable(t, err)
	require.Len(t, sim.Tickets(), 1)
	id := sim.Tickets()[0].Ticket.IDInt()
	require.Eventually(t, func() bool { return sim.Tickets()[0].Ticket.State == rd.TicketStateClosed }, 5*time.Second, 10*time.Millisecond)
	require.Eventually(t, func() bool {
		_, err := rdOf(a).HistoricalTicket(context.Background(), id)
		return err == nil
	}, 5*time.Second, 10*time.Millisecond)

	out, err := run[ticket.CreateOutput](t, env, a.CreateTicket, req)
	require.NoError(t, err)
	require.True(t, out.Adopted)
	require.Equal(t, id, out.TicketID)
	require.Equal(t, int(rd.TicketStateClosed), out.ProviderState)
	require.Len(t, sim.Tickets(), 1, "no second ticket on the freed connector")
}

// A 5xx the provider did not act on is retried and the retry orders the
// ticket; a 4xx is final and leaves nothing half done; the provider's
// refusals (closed, offline, busy) are outcomes for the workflow.
func TestActivityCreateTicketFailuresAndRefusals(t *testing.T) {
	a, sim, req := fixture(t, rdfake.WithStepInterval(time.Hour))
	env := actEnv(a)
	create := func(r ticket.Request) (ticket.CreateOutput, error) {
		return run[ticket.CreateOutput](t, env, a.CreateTicket, r)
	}

	// 4xx: the tow bar coding runs unattended and was not confirmed.
	bad := req
	bad.ProductIDs = []int64{rdfake.ProductTowBar}
	_, err := create(bad)
	requireFinal(t, err, errtypes.Validation)
	require.Empty(t, sim.Tickets())
	require.False(t, row(t, a, req.RequestID).Creating)

	sim.SetServiceCenter(false, "closed for the night")
	out, err := create(req)
	require.NoError(t, err)
	require.Equal(t, ticket.CreateCenterClosed, out.Outcome)
	require.Equal(t, "closed for the night", out.Message)
	sim.SetServiceCenter(true, "")
	require.True(t, sim.SetConnectorOnline(rdfake.ConnectorOnlineID, false))
	out, err = create(req)
	require.NoError(t, err)
	require.Equal(t, ticket.CreateOffline, out.Outcome)
	require.True(t, sim.SetConnectorOnline(rdfake.ConnectorOnlineID, true))
	require.Empty(t, sim.Tickets())
	require.False(t, row(t, a, req.RequestID).Creating)

	// 5xx before acting: retryable; the retry orders it once.
	sim.FailNext(1, http.StatusInternalServerError)
	_, err = create(req)
	requireRetryable(t, err)
	require.Empty(t, sim.Tickets())
	out, err = create(req)
	require.NoError(t, err)
	require.Equal(t, ticket.CreateCreated, out.Outcome)
	require.False(t, out.Adopted)
	require.Len(t, sim.Tickets(), 1)

	// Another system's ticket runs on the second connector: a request for
	// it is told "busy", and that ticket is not taken for ours (another
	// car, no reference of ours).
	_, err = rdOf(a).CreateTicket(context.Background(), rd.CreateTicketRequest{VIN: rdfake.VINRenault, VehicleModelID: rdfake.ModelLagunaIII,
		VehicleModelVariantID: rdfake.VariantLaguna, ConnectorID: rdfake.ConnectorSecondID, ProductIDs: []int64{rdfake.ProductNavigation},
		Metadata: rd.TicketMetadata{AppName: "another system"}})
	require.NoError(t, err)
	other := req
	other.RequestID = req.RequestID + "-other"
	other.ConnectorID = rdfake.ConnectorSecondID
	require.NoError(t, a.RecordRequest(context.Background(), other))
	out, err = create(other)
	require.NoError(t, err)
	require.Equal(t, ticket.CreateConnectorBusy, out.Outcome)
	require.Contains(t, out.Message, "another ticket runs on it at the provider", "the busy refusal names no other ticket")
	require.Nil(t, row(t, a, other.RequestID).ProviderTicketID)
	require.False(t, row(t, a, other.RequestID).Creating)
	require.Len(t, sim.Tickets(), 2, "ours and the other system's")
}

// signals records the status updates the follow activity signals.
type signals struct {
	mu  sync.Mutex
	got []ticket.StatusUpdate
}

func (s *signals) SignalWorkflow(_ context.Context, _, _, name string, arg interface{}) error {
	if name != ticket.SignalStatus {
		return errors.New("unexpected signal " + name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, arg.(ticket.StatusUpdate))
	return nil
}

func (s *signals) take() []ticket.StatusUpdate {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.got
	s.got = nil
	return out
}

func (s *signals) states() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []int
	for _, u := range s.got {
		out = append(out, u.ProviderState)
	}
	return out
}

// beats counts every heartbeat the activity records (the SDK batches what
// it sends on, so a heartbeat listener alone sees few of them).
type beats struct {
	interceptor.WorkerInterceptorBase
	mu      sync.Mutex
	details []int
}

func (b *beats) InterceptActivity(_ context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	i := &beatsIn{b: b}
	i.Next = next
	return i
}

func (b *beats) record(details ...interface{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, d := range details {
		if n, ok := d.(int); ok {
			b.details = append(b.details, n)
		}
	}
}

func (b *beats) since(n int) []int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]int(nil), b.details[min(n, len(b.details)):]...)
}

func (b *beats) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.details)
}

type beatsIn struct {
	interceptor.ActivityInboundInterceptorBase
	b *beats
}

func (i *beatsIn) Init(outbound interceptor.ActivityOutboundInterceptor) error {
	o := &beatsOut{b: i.b}
	o.Next = outbound
	return i.Next.Init(o)
}

type beatsOut struct {
	interceptor.ActivityOutboundInterceptorBase
	b *beats
}

func (o *beatsOut) RecordHeartbeat(ctx context.Context, details ...interface{}) {
	o.b.record(details...)
	o.Next.RecordHeartbeat(ctx, details...)
}

// Following a ticket: the activity heartbeats while nothing happens, is
// cancelled mid-ticket, and the retry resumes from the heartbeat details
// the SDK kept (the state already told is not told again), then follows
// the ticket to its end.
func TestActivityFollowTicketHeartbeatsAndResumes(t *testing.T) {
	// A step of a second: room to pause the ticket at in progress.
	a, sim, req := fixture(t, rdfake.WithStepInterval(time.Second))
	sig := &signals{}
	a.Signal = sig
	sim.PauseTickets(true)
	created, err := run[ticket.CreateOutput](t, actEnv(a), a.CreateTicket, req)
	require.NoError(t, err)
	in := ticket.FollowInput{RequestID: req.RequestID, ConnectorID: req.ConnectorID, TicketID: created.TicketID}

	// Attempt 1, on a worker whose activity context we can cancel.
	hb := &beats{}
	bg, cancel := context.WithCancel(context.Background())
	defer cancel()
	env1 := actEnv(a)
	env1.SetWorkerOptions(worker.Options{BackgroundActivityContext: bg, Interceptors: []interceptor.WorkerInterceptor{hb}})
	var sentMu sync.Mutex
	var sent []int // heartbeat details the SDK sent to the (test) server
	env1.SetOnActivityHeartbeatListener(func(_ *activity.Info, d converter.EncodedValues) {
		var n int
		if d.Get(&n) == nil {
			sentMu.Lock()
			sent = append(sent, n)
			sentMu.Unlock()
		}
	})
	done := make(chan error, 1)
	go func() {
		_, err := env1.ExecuteActivity(a.FollowTicket, in)
		done <- err
	}()

	// The ticket waits at pending: the activity keeps heartbeating it.
	require.Eventually(t, func() bool { return len(sig.states()) == 1 }, 5*time.Second, 10*time.Millisecond)
	require.Equal(t, []int{int(rd.TicketStatePending)}, sig.states())
	n := hb.count()
	time.Sleep(600 * time.Millisecond) // HeartbeatEvery is 100ms in the fixture
	quiet := hb.since(n)
	require.GreaterOrEqual(t, len(quiet), 3, "heartbeats while nothing happens")
	for _, d := range quiet {
		require.Equal(t, int(rd.TicketStatePending), d)
	}

	// It moves to in progress; the worker then cancels the attempt.
	sim.PauseTickets(false)
	require.Eventually(t, func() bool { return len(sig.states()) == 2 }, 5*time.Second, 10*time.Millisecond)
	sim.PauseTickets(true)
	require.Equal(t, []int{int(rd.TicketStatePending), int(rd.TicketStateInProgress)}, sig.states())
	require.Equal(t, string(ticket.StatusInProgress), row(t, a, req.RequestID).Status)
	cancel()
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the cancelled follow activity did not return")
	}
	require.Error(t, err)
	require.ErrorContains(t, err, "canceled")
	sentMu.Lock()
	require.NotEmpty(t, sent)
	last := sent[len(sent)-1]
	sentMu.Unlock()
	require.Equal(t, int(rd.TicketStateInProgress), last, "the last heartbeat reached the server when the attempt ended")
	sig.take()

	// Attempt 2 gets the kept heartbeat details.
	env2 := actEnv(a)
	env2.SetHeartbeatDetails(last)
	sim.PauseTickets(false)
	out, err := run[ticket.FollowOutput](t, env2, a.FollowTicket, in)
	require.NoError(t, err)
	require.Equal(t, ticket.StatusClosed, out.Status)
	require.Equal(t, int(rd.TicketStateClosed), out.ProviderState)
	got := sig.take()
	require.Len(t, got, 1, "in progress was told by the first attempt: only the end is new (%+v)", got)
	require.Equal(t, int(rd.TicketStateClosed), got[0].ProviderState)
	require.Equal(t, ticket.StatusClosed, got[0].Status)
	require.Equal(t, created.TicketID, got[0].TicketID)
	r := row(t, a, req.RequestID)
	require.Equal(t, string(ticket.StatusInProgress), r.Status, "the final status waits for the stored result")
	require.Equal(t, int(rd.TicketStateClosed), r.ProviderState)
	require.Nil(t, r.FinishedAt)
}

// A provider outage while following is waited out (the ticket runs on at
// the provider), not raised.
func TestActivityFollowTicketWaitsOutAnOutage(t *testing.T) {
	a, sim, req := fixture(t, rdfake.WithStepInterval(300*time.Millisecond))
	sim.PauseTickets(true)
	env := actEnv(a)
	created, err := run[ticket.CreateOutput](t, env, a.CreateTicket, req)
	require.NoError(t, err)
	go func() {
		time.Sleep(100 * time.Millisecond)
		sim.SetDown(true) // every call, login and websocket: 503
		sim.DropWebsockets()
		sim.PauseTickets(false)
		time.Sleep(time.Second)
		sim.SetDown(false)
	}()
	out, err := run[ticket.FollowOutput](t, env, a.FollowTicket,
		ticket.FollowInput{RequestID: req.RequestID, ConnectorID: req.ConnectorID, TicketID: created.TicketID})
	require.NoError(t, err)
	require.Equal(t, ticket.StatusClosed, out.Status)
	require.True(t, out.Polled)
}

// closedTicket orders a ticket and waits until it is historical.
func closedTicket(t *testing.T, a *ticket.Activities, sim *rdfake.Server, req ticket.Request) int64 {
	t.Helper()
	env := actEnv(a)
	created, err := run[ticket.CreateOutput](t, env, a.CreateTicket, req)
	require.NoError(t, err)
	out, err := run[ticket.FollowOutput](t, env, a.FollowTicket,
		ticket.FollowInput{RequestID: req.RequestID, ConnectorID: req.ConnectorID, TicketID: created.TicketID})
	require.NoError(t, err)
	require.True(t, out.ProviderState == int(rd.TicketStateClosed) || out.ProviderState == int(rd.TicketStateFailed))
	require.Eventually(t, func() bool {
		_, err := rdOf(a).HistoricalTicket(context.Background(), created.TicketID)
		return err == nil
	}, 5*time.Second, 10*time.Millisecond)
	return created.TicketID
}

// The result goes on the appointment as one hidden intervention: notes,
// attachments and final prices, however often the activity runs; an
// outage before it is retried and leaves nothing behind; an unknown ticket
// is final.
func TestActivityStoreResultOnce(t *testing.T) {
	a, sim, req := fixture(t)
	ctx := context.Background()
	id := closedTicket(t, a, sim, req)
	sim.AddNote(id, "Battery voltage low during the session.",
		rd.Attachment{FileName: "voltage.csv", FileReference: "/channel/x/voltage.csv"},
		rd.Attachment{FileName: "dtc.txt", FileReference: "/channel/x/dtc.txt"})
	env := actEnv(a)
	in := ticket.StoreInput{RequestID: req.RequestID, TicketID: id, Status: ticket.StatusClosed}
	count := func() int {
		n, err := a.DB.Intervention.Query().Where(intervention.AppointmentID(req.AppointmentID), intervention.DmsNrHasPrefix("RD-")).Count(ctx)
		require.NoError(t, err)
		return n
	}

	sim.FailNext(1, http.StatusBadGateway)
	_, err := run[ticket.StoreOutput](t, env, a.StoreResult, in)
	requireRetryable(t, err)
	require.Zero(t, count())
	require.Nil(t, row(t, a, req.RequestID).InterventionID)

	var first ticket.StoreOutput
	for i := 0; i < 3; i++ {
		out, err := run[ticket.StoreOutput](t, env, a.StoreResult, in)
		require.NoError(t, err)
		if i == 0 {
			first = out
		}
		require.Equal(t, first, out, "a retry finds the stored result")
	}
	require.NotZero(t, first.InterventionID)
	require.Equal(t, 2, first.Notes)
	require.Equal(t, 3, first.Attachments)
	require.InDelta(t, 100.0, first.TotalNet, 0.001)
	require.Equal(t, "EUR", first.Currency)
	require.Equal(t, 1, count(), "one intervention")

	iv, err := a.DB.Intervention.Get(ctx, first.InterventionID)
	require.NoError(t, err)
	require.Equal(t, req.AppointmentID, iv.AppointmentID)
	require.Equal(t, "Remote diagnosis: Remote Diagnostic Support", iv.Title)
	require.Contains(t, iv.Description, "Diagnosis finished")
	require.Contains(t, iv.Description, "Battery voltage low")
	require.Contains(t, iv.MechanicNotes, "report.pdf")
	require.Contains(t, iv.MechanicNotes, "voltage.csv (/channel/x/voltage.csv)")
	require.InDelta(t, 100.0, iv.Price, 0.001)
	require.False(t, iv.VisibleToCustomer, "hidden until the receptionist puts it in the diagnose overview")

	r := row(t, a, req.RequestID)
	require.Equal(t, first.InterventionID, *r.InterventionID)
	require.Equal(t, string(ticket.StatusClosed), r.Status)
	require.Equal(t, int(rd.TicketStateClosed), r.ProviderState)
	require.InDelta(t, 121.0, r.TotalGross, 0.001)
	require.NotNil(t, r.FinishedAt)
	require.Len(t, r.Notes, 2)

	// An unknown ticket (404 at the provider) is final.
	other := req
	other.RequestID = req.RequestID + "-unknown"
	require.NoError(t, a.RecordRequest(ctx, other))
	_, err = run[ticket.StoreOutput](t, env, a.StoreResult, ticket.StoreInput{RequestID: other.RequestID, TicketID: 99999999, Status: ticket.StatusClosed})
	requireFinal(t, err, errtypes.NotFound)
	// An unrecorded request is final too.
	_, err = run[ticket.StoreOutput](t, env, a.StoreResult, ticket.StoreInput{RequestID: "never-recorded", TicketID: id, Status: ticket.StatusClosed})
	requireFinal(t, err, errtypes.NotFound)
}

// The provider has not filed the ended ticket among its historical ones
// yet: the notes are stored; the provider state the follow activity
// recorded is kept, not overwritten with an unknown one.
func TestActivityStoreResultWithoutTheHistoricalTicket(t *testing.T) {
	a, sim, req := fixture(t)
	id := closedTicket(t, a, sim, req)
	require.Equal(t, int(rd.TicketStateClosed), row(t, a, req.RequestID).ProviderState)
	l := viaLossy(t, a, sim)
	l.hideHistorical.Store(true)
	out, err := run[ticket.StoreOutput](t, actEnv(a), a.StoreResult, ticket.StoreInput{RequestID: req.RequestID, TicketID: id, Status: ticket.StatusClosed})
	require.NoError(t, err)
	require.NotZero(t, out.InterventionID)
	require.Equal(t, 1, out.Notes)
	r := row(t, a, req.RequestID)
	require.Equal(t, string(ticket.StatusClosed), r.Status)
	require.Equal(t, int(rd.TicketStateClosed), r.ProviderState, "the known end state stays")
	require.Zero(t, r.TotalNet, "no quote given: nothing to show but zero")
}

// Closed but not yet historical, with the quote the workflow priced before
// ordering: the intervention carries the quoted prices, and says so.
func TestActivityStoreResultUsesTheQuoteUntilListed(t *testing.T) {
	a, sim, req := fixture(t)
	id := closedTicket(t, a, sim, req)
	l := viaLossy(t, a, sim)
	l.hideHistorical.Store(true)
	quote := &ticket.Price{Currency: "EUR", TotalNet: 100, TotalGross: 121, Items: []ticket.PriceItem{{ProductID: 52351, Name: "Remote Diagnostic Support", Net: 100, Gross: 121}}}
	env := actEnv(a)
	out, err := run[ticket.StoreOutput](t, env, a.StoreResult, ticket.StoreInput{RequestID: req.RequestID, TicketID: id, Status: ticket.StatusClosed, Quote: quote})
	require.NoError(t, err)
	r := row(t, a, req.RequestID)
	require.Equal(t, 100.0, r.TotalNet)
	require.Equal(t, 121.0, r.TotalGross)
	require.Equal(t, "EUR", r.Currency)
	iv, err := a.DB.Intervention.Get(context.Background(), out.InterventionID)
	require.NoError(t, err)
	require.Equal(t, 100.0, iv.Price)
	require.Equal(t, "Remote diagnosis: Remote Diagnostic Support", iv.Title)
	require.Contains(t, iv.MechanicNotes, "as quoted")
}

// A ticket the provider ended without the service: stored, titled so.
func TestActivityStoreResultOfAFailedTicket(t *testing.T) {
	a, sim, req := fixture(t)
	sim.FailNextTicket(1)
	id := closedTicket(t, a, sim, req)
	out, err := run[ticket.StoreOutput](t, actEnv(a), a.StoreResult, ticket.StoreInput{RequestID: req.RequestID, TicketID: id, Status: ticket.StatusFailed})
	require.NoError(t, err)
	iv, err := a.DB.Intervention.Get(context.Background(), out.InterventionID)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(iv.Title, "Remote diagnosis (not completed)"), iv.Title)
	require.Contains(t, iv.Description, "could not be completed")
	require.Equal(t, string(ticket.StatusFailed), row(t, a, req.RequestID).Status)
}

// The receptionist's notice once the result is stored: the appointment
// flag (set once, left alone once the intervention is shown), and the
// dealer's webhook: an outage retried, a retry after delivery carrying the
// same webhook-id (the dealer keeps one), a refusal answered.
func TestActivityNoticeFlagAndWebhookOnce(t *testing.T) {
	a, sim, req := fixture(t)
	ctx := context.Background()
	id := closedTicket(t, a, sim, req)
	env := actEnv(a)
	stored, err := run[ticket.StoreOutput](t, env, a.StoreResult, ticket.StoreInput{RequestID: req.RequestID, TicketID: id, Status: ticket.StatusClosed})
	require.NoError(t, err)
	in := ticket.NoticeInput{RequestID: req.RequestID}
	flag := func() bool {
		ap, err := a.DB.Appointment.Get(ctx, req.AppointmentID)
		require.NoError(t, err)
		return ap.RemoteDiagnosisToHandle
	}
	require.False(t, flag())
	for i := 0; i < 2; i++ {
		_, err = env.ExecuteActivity(a.MarkToHandle, in)
		require.NoError(t, err)
		require.True(t, flag())
	}
	// The receptionist shows it to the customer and clears the flag; a
	// late retry of the notice does not raise it again.
	require.NoError(t, a.DB.Intervention.UpdateOneID(stored.InterventionID).SetVisibleToCustomer(true).Exec(ctx))
	require.NoError(t, a.DB.Appointment.UpdateOneID(req.AppointmentID).SetRemoteDiagnosisToHandle(false).Exec(ctx))
	_, err = env.ExecuteActivity(a.MarkToHandle, in)
	require.NoError(t, err)
	require.False(t, flag())
	// Nor once the receptionist dismissed the result, shown or not.
	require.NoError(t, a.DB.Intervention.UpdateOneID(stored.InterventionID).SetVisibleToCustomer(false).Exec(ctx))
	require.NoError(t, a.DB.RemoteDiagTicket.Update().Where(remotediagticket.RequestID(req.RequestID)).SetResultDismissed(true).Exec(ctx))
	_, err = env.ExecuteActivity(a.MarkToHandle, in)
	require.NoError(t, err)
	require.False(t, flag(), "a dismissed result raises nothing")

	notify := func() (ticket.NoticeOutput, error) {
		return run[ticket.NoticeOutput](t, env, a.NotifyDealerWebhook, in)
	}
	out, err := notify()
	require.NoError(t, err)
	require.Equal(t, "none", out.Webhook, "the location has no webhook")

	hook := dealerHook(t, a, req.DealerLocationID)
	hook.FailNext(1, http.StatusServiceUnavailable)
	_, err = notify()
	requireRetryable(t, err)
	require.Empty(t, hook.Received())
	hook.FailNext(1, http.StatusGone)
	out, err = notify()
	require.NoError(t, err, "a refusal is answered, not retried")
	require.Equal(t, "refused: 410", out.Webhook)
	require.Empty(t, hook.Received())

	// Delivered, then run again (as when the activity's completion is lost):
	// the second run sends nothing.
	for i := 0; i < 2; i++ {
		out, err = notify()
		require.NoError(t, err)
		require.Equal(t, "delivered", out.Webhook)
	}
	got := hook.Received()
	require.Len(t, got, 1, "the dealer keeps one")
	require.Zero(t, hook.Duplicates(), "a run after the recorded delivery sends nothing")
	require.Equal(t, ticket.FinishedWebhookID(req.RequestID), got[0].ID)
	var p ticket.FinishedWebhook
	require.NoError(t, json.Unmarshal(got[0].Body, &p))
	ap, err := a.DB.Appointment.Get(ctx, req.AppointmentID)
	require.NoError(t, err)
	require.Equal(t, ticket.FinishedWebhook{Type: ticket.FinishedWebhookType, AppointmentID: req.AppointmentID, DealerLocationID: req.DealerLocationID,
		WONr: ap.WoNr, RegNumber: ap.RegNumber, RequestID: req.RequestID, ProviderTicketID: id, Status: ticket.StatusClosed,
		InterventionID: stored.InterventionID, Title: "Remote diagnosis: Remote Diagnostic Support", Currency: "EUR", TotalNet: 100,
		Notes: 1, Attachments: 1, ProviderName: rdfake.SeedBrandingName, ProviderPortalURL: rdfake.SeedPortalURL}, p)
	require.NotContains(t, string(got[0].Body), req.VIN, "the VIN is not sent")
	n, err := a.DB.WebhookHistory.Query().Where(webhookhistory.WebhookEventID(got[0].ID), webhookhistory.Direction("out")).Count(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n, "one history row per attempt number")

}
