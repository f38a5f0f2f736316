package ticket_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	appointmentacts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/ticket"
	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/remotediagticket"
	"github.com/pitstop-dev/pitstop/ent/webhookhistory"
	dealerhookfake "github.com/pitstop-dev/pitstop/integrations/dealerhook/fake"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
	rdfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// fixture: a fresh PostgreSQL database with the demo data, the simulator
// and the activities with the real client.
func fixture(t *testing.T, opts ...rdfake.Option) (*ticket.Activities, *rdfake.Server, ticket.Request) {
	db := storetest.New(t)
	demo, err := seed.Run(context.Background(), db.Client, &appointmentacts.Activities{DB: db.Client, KeySecret: []byte("test-key-secret-0123456789")}, time.Now())
	require.NoError(t, err)
	sim := rdfake.New(opts...)
	t.Cleanup(sim.Close)
	c, err := rd.New(sim.URL(), rd.WithCredentials(rdfake.ConnectorOnlineUUID, rdfake.DefaultPincode), rd.WithPingInterval(200*time.Millisecond))
	require.NoError(t, err)
	a := &ticket.Activities{DB: db.Client, Accounts: oneAccount{c}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		PollInterval: 50 * time.Millisecond, HeartbeatEvery: 100 * time.Millisecond}
	req := ticket.Request{RequestID: uuid.NewString(), AppointmentID: demo.Appointments[0].AppointmentID, DealerLocationID: demo.LocationID,
		ConnectorID: rdfake.ConnectorOnlineID, VIN: rdfake.VINFord, VehicleModelID: rdfake.ModelFocusII, VehicleModelVariantID: rdfake.VariantFocus14,
		ProductIDs: []int64{rdfake.ProductDiagnostic}, Prerequisites: []ticket.PrerequisiteAnswer{{DefinitionID: 1, Value: "true"}}}
	require.NoError(t, a.RecordRequest(context.Background(), req))
	require.NoError(t, a.RecordRequest(context.Background(), req), "recording again does nothing")
	return a, sim, req
}

// dealerHook gives the location a dealer webhook: the signature-checking
// receiver that dedupes on webhook-id.
func dealerHook(t *testing.T, a *ticket.Activities, locationID int) *dealerhookfake.Receiver {
	const secret = "whsec_ZGVhbGVyLXNlY3JldC0wMTIzNDU2Nzg5"
	hook := dealerhookfake.New([]byte(secret))
	t.Cleanup(hook.Close)
	require.NoError(t, a.DB.DealerLocation.UpdateOneID(locationID).SetThirdPartyWebhookURL(hook.URL()).
		SetThirdPartyWebhookSecret(secret).Exec(context.Background()))
	return hook
}

func row(t *testing.T, a *ticket.Activities, id string) *ent.RemoteDiagTicket {
	r, err := a.DB.RemoteDiagTicket.Query().Where(remotediagticket.RequestID(id)).Only(context.Background())
	require.NoError(t, err)
	return r
}

// Created once: a second call returns the same ticket without ordering.
func TestCreateTicketOnce(t *testing.T) {
	a, sim, req := fixture(t, rdfake.WithStepInterval(time.Hour))
	ctx := context.Background()
	first, err := a.CreateTicket(ctx, req)
	require.NoError(t, err)
	require.Equal(t, ticket.CreateCreated, first.Outcome)
	again, err := a.CreateTicket(ctx, req)
	require.NoError(t, err)
	require.Equal(t, first.TicketID, again.TicketID)
	require.True(t, again.Adopted)
	require.Len(t, sim.Tickets(), 1)
	r := row(t, a, req.RequestID)
	require.Equal(t, first.TicketID, *r.ProviderTicketID)
	require.Equal(t, "pending", r.Status)
	require.False(t, r.Creating)
}

// An attempt that ordered the ticket and died before saving its answer:
// the retry finds the connector's active ticket and adopts it.
func TestCreateTicketAdoptsLostAnswer(t *testing.T) {
	a, sim, req := fixture(t, rdfake.WithStepInterval(time.Hour))
	ctx := context.Background()
	// The lost attempt: marked "creating", ordered, answer never saved.
	require.NoError(t, a.DB.RemoteDiagTicket.Update().Where(remotediagticket.RequestID(req.RequestID)).SetCreating(true).Exec(ctx))
	lost, err := rdOf(a).CreateTicket(ctx, rd.CreateTicketRequest{VIN: req.VIN, VehicleModelID: req.VehicleModelID, VehicleModelVariantID: req.VehicleModelVariantID,
		ConnectorID: req.ConnectorID, ProductIDs: req.ProductIDs, Metadata: rd.TicketMetadata{AppName: "Pitstop"}, Reference: ticket.Reference(req.RequestID)})
	require.NoError(t, err)
	out, err := a.CreateTicket(ctx, req)
	require.NoError(t, err)
	require.True(t, out.Adopted)
	require.Equal(t, lost.IDInt(), out.TicketID)
	require.Len(t, sim.Tickets(), 1, "no second ticket")
}

// The lost attempt's ticket already finished: found by our reference
// among the connector's historical tickets.
func TestCreateTicketAdoptsFinishedByReference(t *testing.T) {
	a, sim, req := fixture(t, rdfake.WithStepInterval(10*time.Millisecond))
	ctx := context.Background()
	require.NoError(t, a.DB.RemoteDiagTicket.Update().Where(remotediagticket.RequestID(req.RequestID)).SetCreating(true).Exec(ctx))
	lost, err := rdOf(a).CreateTicket(ctx, rd.CreateTicketRequest{VIN: req.VIN, VehicleModelID: req.VehicleModelID, VehicleModelVariantID: req.VehicleModelVariantID,
		ConnectorID: req.ConnectorID, ProductIDs: req.ProductIDs, Metadata: rd.TicketMetadata{AppName: "Pitstop"}, Reference: ticket.Reference(req.RequestID)})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		_, err := rdOf(a).HistoricalTicket(ctx, lost.IDInt())
		return err == nil
	}, 5*time.Second, 10*time.Millisecond)
	out, err := a.CreateTicket(ctx, req)
	require.NoError(t, err)
	require.True(t, out.Adopted)
	require.Equal(t, lost.IDInt(), out.TicketID)
	require.Len(t, sim.Tickets(), 1)
}

// Refusals are outcomes: a busy connector (someone else's ticket), an
// offline connector, a closed service center; none leaves "creating" set.
func TestCreateTicketRefusals(t *testing.T) {
	a, sim, req := fixture(t, rdfake.WithStepInterval(time.Hour))
	ctx := context.Background()
	other, err := rdOf(a).CreateTicket(ctx, rd.CreateTicketRequest{VIN: rdfake.VINRenault, VehicleModelID: rdfake.ModelLagunaIII, VehicleModelVariantID: rdfake.VariantLaguna,
		ConnectorID: req.ConnectorID, ProductIDs: []int64{rdfake.ProductNavigation}, Metadata: rd.TicketMetadata{AppName: "other"}})
	require.NoError(t, err)
	out, err := a.CreateTicket(ctx, req)
	require.NoError(t, err)
	require.Equal(t, ticket.CreateConnectorBusy, out.Outcome)
	// The provider's detail names the other ticket; the outcome does not.
	require.Equal(t, "another ticket runs on it at the provider; wait for it to end", out.Message)
	require.NotContains(t, out.Message, string(other.ID))
	require.False(t, row(t, a, req.RequestID).Creating)

	sim.SetServiceCenter(false, "closed")
	req.ConnectorID = rdfake.ConnectorSecondID
	out, err = a.CreateTicket(ctx, req)
	require.NoError(t, err)
	require.Equal(t, ticket.CreateCenterClosed, out.Outcome)
	sim.SetServiceCenter(true, "open")
	sim.SetConnectorOnline(rdfake.ConnectorSecondID, false)
	out, err = a.CreateTicket(ctx, req)
	require.NoError(t, err)
	require.Equal(t, ticket.CreateOffline, out.Outcome)
	require.Len(t, sim.Tickets(), 1)
}

// Following a ticket whose websocket drops: polling finds its end; then the
// result goes on the appointment once.
func TestFollowFallsBackToPollingAndStoresOnce(t *testing.T) {
	a, sim, req := fixture(t, rdfake.WithStepInterval(300*time.Millisecond))
	ctx := context.Background()
	sim.PauseTickets(true)
	created, err := a.CreateTicket(ctx, req)
	require.NoError(t, err)
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(a)
	// Every socket is cut for the whole ticket (a resubscription too); the
	// ticket moves on only after the first cut.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			sim.DropWebsockets()
			if i == 5 {
				sim.PauseTickets(false)
			}
		}
	}()
	v, err := env.ExecuteActivity(a.FollowTicket, ticket.FollowInput{RequestID: req.RequestID, ConnectorID: req.ConnectorID, TicketID: created.TicketID})
	require.NoError(t, err)
	var out ticket.FollowOutput
	require.NoError(t, v.Get(&out))
	require.Equal(t, ticket.StatusClosed, out.Status)
	require.Equal(t, 7, out.ProviderState)
	require.True(t, out.Polled)
	require.Equal(t, "in_progress", row(t, a, req.RequestID).Status, "the final status waits for the stored result")

	for i := 0; i < 2; i++ {
		st, err := a.StoreResult(ctx, ticket.StoreInput{RequestID: req.RequestID, TicketID: created.TicketID, Status: out.Status})
		require.NoError(t, err)
		require.NotZero(t, st.InterventionID)
		require.Equal(t, 1, st.Notes)
		require.Equal(t, 1, st.Attachments)
		require.Equal(t, 100.0, st.TotalNet)
	}
	n, err := a.DB.Intervention.Query().Where(intervention.AppointmentID(req.AppointmentID), intervention.DmsNrHasPrefix("RD-")).Count(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	r := row(t, a, req.RequestID)
	require.Equal(t, "closed", r.Status)
	require.NotNil(t, r.FinishedAt)

	// CSAT reaches the provider and our row.
	comment := "ok"
	require.NoError(t, a.ForwardCSAT(ctx, ticket.CSATInput{RequestID: req.RequestID, TicketID: created.TicketID, Score: -1, Comment: &comment}))
	c, ok := sim.CSAT(created.TicketID)
	require.True(t, ok)
	require.Equal(t, -1.0, c.Score)
	require.Equal(t, -1.0, *row(t, a, req.RequestID).CsatScore)
}

// The receptionist's notice: the appointment flag only while the
// intervention is hidden; the dealer webhook only where the location has
// one, an outage an error (retried), a refusal an answer (not retried).
func TestNoticeFlagAndDealerWebhook(t *testing.T) {
	a, _, req := fixture(t)
	ctx := context.Background()
	iv, err := a.DB.Intervention.Create().SetAppointmentID(req.AppointmentID).SetDealerLocationID(req.DealerLocationID).
		SetTitle("Remote diagnosis").SetVisibleToCustomer(true).Save(ctx)
	require.NoError(t, err)
	require.NoError(t, a.DB.RemoteDiagTicket.Update().Where(remotediagticket.RequestID(req.RequestID)).
		SetInterventionID(iv.ID).SetStatus("closed").Exec(ctx))
	in := ticket.NoticeInput{RequestID: req.RequestID}
	flag := func() bool {
		ap, err := a.DB.Appointment.Get(ctx, req.AppointmentID)
		require.NoError(t, err)
		return ap.RemoteDiagnosisToHandle
	}
	require.NoError(t, a.MarkToHandle(ctx, in))
	require.False(t, flag(), "already in the diagnose overview: nothing to handle")
	require.NoError(t, iv.Update().SetVisibleToCustomer(false).Exec(ctx))
	require.NoError(t, a.MarkToHandle(ctx, in))
	require.True(t, flag())

	out, err := a.NotifyDealerWebhook(ctx, in)
	require.NoError(t, err)
	require.Equal(t, "none", out.Webhook)

	hook := dealerHook(t, a, req.DealerLocationID)
	hook.FailNext(1, http.StatusBadGateway)
	_, err = a.NotifyDealerWebhook(ctx, in)
	require.Error(t, err, "an outage is retried")
	hook.FailNext(1, http.StatusGone)
	out, err = a.NotifyDealerWebhook(ctx, in)
	require.NoError(t, err)
	require.Equal(t, "refused: 410", out.Webhook)
	out, err = a.NotifyDealerWebhook(ctx, in)
	require.NoError(t, err)
	require.Equal(t, "delivered", out.Webhook)
	got := hook.Received()
	require.Len(t, got, 1)
	require.Equal(t, ticket.FinishedWebhookID(req.RequestID), got[0].ID)
	var p ticket.FinishedWebhook
	require.NoError(t, json.Unmarshal(got[0].Body, &p))
	require.Equal(t, ticket.FinishedWebhookType, p.Type)
	require.Equal(t, iv.ID, p.InterventionID)
	require.Equal(t, "Remote diagnosis", p.Title)
	n, err := a.DB.WebhookHistory.Query().Where(webhookhistory.WebhookEventID(got[0].ID)).Count(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n, "outside an activity every call is attempt 1: the first row stays")
}
