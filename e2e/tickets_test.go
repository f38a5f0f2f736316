package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	rdacts "github.com/pitstop-dev/pitstop/activities/ticket"
	"github.com/pitstop-dev/pitstop/api/commread"
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/webhookhistory"
	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
	dealerhookfake "github.com/pitstop-dev/pitstop/integrations/dealerhook/fake"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
	rdfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
	pitenums "github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	wfticket "github.com/pitstop-dev/pitstop/workflows/ticket"
)

// rdStep is the simulator's time between two ticket states.
const rdStep = 250 * time.Millisecond

func init() {
	// Retries of provider calls come quickly, so an outage test ends in
	// seconds (activity options are not part of replay).
	wfticket.ProviderInitialInterval = 200 * time.Millisecond
	wfticket.ProviderMaximumInterval = 500 * time.Millisecond
	wfticket.FollowHeartbeatTimeout = 5 * time.Second
}

func ticketBody(connector int64) map[string]any {
	return map[string]any{"connector_id": connector, "vin": rdfake.VINFord, "product_ids": []int64{rdfake.ProductDiagnostic},
		"prerequisites": []map[string]any{{"definition_id": 1, "value": "true"}}}
}

// orderTicket orders a ticket for the first demo appointment and returns
// its request id.
func (s *stack) orderTicket(body map[string]any) string {
	s.t.Helper()
	var out staffapi.CreatedTicketView
	code, b := s.call("POST", fmt.Sprintf("/v1/appointments/%d/remote_diagnose/tickets", s.Demo.Appointments[0].AppointmentID), s.Token, body, &out)
	require.Equal(s.t, http.StatusOK, code, string(b))
	require.NotEmpty(s.t, out.RequestID, string(b))
	require.Equal(s.t, s.ticketWF(out.RequestID), out.WorkflowID)
	require.Equal(s.t, fmt.Sprintf("ticket-%d-%s", s.Demo.Appointments[0].AppointmentID, out.RequestID), out.WorkflowID,
		"the ID names the appointment, whose customers' keys seal the ticket's payloads")
	return out.RequestID
}

// ticketWF is the workflow ID of a ticket orderTicket ordered.
func (s *stack) ticketWF(requestID string) string {
	return wfticket.WorkflowID(s.Demo.Appointments[0].AppointmentID, requestID)
}

// waitTicket polls the ticket's live state over HTTP until cond holds.
func (s *stack) waitTicket(requestID string, cond func(staffapi.TicketStateView) bool) staffapi.TicketStateView {
	s.t.Helper()
	var st staffapi.TicketStateView
	require.Eventually(s.t, func() bool {
		st = staffapi.TicketStateView{}
		code, _ := s.call("GET", "/v1/remote_diagnose/tickets/"+requestID+"/state", s.Token, nil, &st)
		return code == http.StatusOK && cond(st)
	}, 20*time.Second, 50*time.Millisecond, "last state: %+v", st)
	return st
}

func ended(st staffapi.TicketStateView) bool {
	switch st.Status {
	case "closed", "failed":
		return st.InterventionID != 0
	case "refused", "expired", "cancelled":
		return true
	}
	return false
}

func (s *stack) appointmentTickets() []staffapi.TicketView {
	s.t.Helper()
	var out []staffapi.TicketView
	code, b := s.call("GET", fmt.Sprintf("/v1/appointments/%d/remote_diagnose/tickets", s.Demo.Appointments[0].AppointmentID), s.Token, nil, &out)
	require.Equal(s.t, http.StatusOK, code, string(b))
	return out
}

// The whole path: connectors, vehicle, products with prices and
// prerequisites, the order, the ticket followed to its end, its notes,
// attachment and final price on the appointment as an intervention, the
// CSAT score at the provider, and the car's history.
func TestTicketWholePath(t *testing.T) {
	s := newStack(t)
	var conns staffapi.PageView[staffapi.ConnectorView]
	code, b := s.call("GET", "/v1/remote_diagnose/connectors?limit=2", s.Token, nil, &conns)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Len(t, conns.Result, 2)
	require.Equal(t, rdfake.SeedConnectors, conns.Total)
	require.Equal(t, rdfake.ConnectorOnlineID, conns.Result[0].ID)

	var veh staffapi.VehicleView
	code, b = s.call("GET", "/v1/remote_diagnose/vehicles?vin="+rdfake.VINFord, s.Token, nil, &veh)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, rdfake.ModelFocusII, veh.VehicleModelID)
	require.Equal(t, rdfake.VariantFocus14, veh.VehicleModelVariantID)
	require.Equal(t, "Ford", veh.MakeName)

	var prods staffapi.ProductsView
	code, b = s.call("GET", fmt.Sprintf("/v1/remote_diagnose/products?vin=%s&product_group_id=%d", rdfake.VINFord, rdfake.GroupDiagnostics), s.Token, nil, &prods)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Len(t, prods.Products, 1, string(b))
	require.Equal(t, rdfake.ProductDiagnostic, prods.Products[0].ID)
	require.Equal(t, 100.0, prods.Products[0].NetPrice.Value)
	require.Equal(t, []int64{1}, prods.Products[0].PrerequisiteIDs)
	require.Len(t, prods.Prerequisites, 1)
	require.Equal(t, "Did you secure the vehicle's power supply?", prods.Prerequisites[0].Question)

	id := s.orderTicket(ticketBody(rdfake.ConnectorOnlineID))
	st := s.waitTicket(id, ended)
	require.Equal(t, "closed", st.Status, "%+v", st)
	require.Equal(t, 1, st.Notes)
	require.Equal(t, 1, st.Attachments)
	require.NotNil(t, st.Price)
	require.Equal(t, 100.0, st.Price.Value)

	created := s.RD.Tickets()
	require.Len(t, created, 1, "exactly one ticket ordered")
	tid := created[0].Ticket.IDInt()
	require.Equal(t, tid, st.ProviderTicketID)
	require.Equal(t, "pitstop-"+id, created[0].Request.Reference)
	require.Equal(t, []rd.PrerequisiteAnswer{{DefinitionID: 1, Value: "true"}}, created[0].Request.ProductPrerequisites)

	iv, err := s.DB.Intervention.Get(context.Background(), st.InterventionID)
	require.NoError(t, err)
	require.Equal(t, s.Demo.Appointments[0].AppointmentID, iv.AppointmentID)
	require.Equal(t, fmt.Sprintf("RD-%d", tid), iv.DmsNr)
	require.Equal(t, 100.0, iv.Price)
	require.False(t, iv.VisibleToCustomer, "the receptionist decides whether it goes in the diagnose overview")
	require.Contains(t, iv.Description, "fault codes read and cleared")
	require.Contains(t, iv.MechanicNotes, "report.pdf")
	n, err := s.DB.Intervention.Query().Where(intervention.DmsNr(iv.DmsNr)).Count(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, n)

	list := s.appointmentTickets()
	require.Len(t, list, 1)
	require.Equal(t, "closed", list[0].Status)
	require.Equal(t, st.InterventionID, *list[0].InterventionID)
	require.Len(t, list[0].Notes, 1)
	require.Equal(t, []string{"report.pdf"}, list[0].Notes[0].Attachments)
	require.Equal(t, 100.0, list[0].TotalNet.Value)

	// The receptionist decides on the result (an update of the ticket's
	// workflow): until then a CSAT score does not end the ticket.
	var dismissed staffapi.DismissedResultView
	code, b = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/dismiss", s.Token, nil, &dismissed)
	require.Equal(t, http.StatusOK, code, string(b))
	require.True(t, dismissed.ResultDismissed, string(b))

	// CSAT, forwarded to the provider; out of range refused.
	code, b = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/csat", s.Token, map[string]any{"score": 2}, nil)
	refused(t, code, b, "score: must be between -1 and 1")
	var after staffapi.TicketStateView
	code, b = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/csat", s.Token, map[string]any{"score": 0.5, "comment": "Very friendly operator"}, &after)
	require.Equal(t, http.StatusOK, code, string(b))
	require.NotNil(t, after.CSATScore, string(b))
	csat, ok := s.RD.CSAT(tid)
	require.True(t, ok)
	require.Equal(t, 0.5, csat.Score)
	require.Equal(t, "Very friendly operator", *csat.Comment)

	// The score ends the workflow; its history guards replay.
	require.NoError(t, s.Temporal.GetWorkflow(context.Background(), s.ticketWF(id), "").Get(context.Background(), nil))
	recordHistory(t, s, s.ticketWF(id), "ticket_whole_path")
	// The same on the location's own provider account (remote-diag-account).
	recordHistory(t, s, s.ticketWF(id), "ticket_whole_path_own_account")

	// Cancel after the end is refused.
	code, b = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/cancel", s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, string(b), `"errors"`)

	var hist staffapi.PageView[staffapi.HistoricalTicketView]
	code, b = s.call("GET", "/v1/remote_diagnose/historical_tickets?vin="+rdfake.VINFord, s.Token, nil, &hist)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, 2, hist.Total, string(b)) // the seeded one and ours
	require.Equal(t, tid, hist.Result[0].ID)
	require.Equal(t, "pitstop-"+id, hist.Result[0].Reference)

	// Another location's token sees none of it.
	other := s.elsewhereToken()
	code, _ = s.call("GET", "/v1/remote_diagnose/tickets/"+id+"/state", other, nil, nil)
	require.Equal(t, http.StatusNotFound, code)
	code, _ = s.call("GET", fmt.Sprintf("/v1/appointments/%d/remote_diagnose/tickets", s.Demo.Appointments[0].AppointmentID), other, nil, nil)
	require.Equal(t, http.StatusNotFound, code)
	for _, op := range []string{"cancel", "csat"} {
		code, _ = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/"+op, other, map[string]any{"score": 1}, nil)
		require.Equal(t, http.StatusNotFound, code, op)
	}
}

// The provider down: reads answer 503; a ticket ordered just before the
// outage waits it out and ends normally.
func TestTicketProviderDown(t *testing.T) {
	s := newStack(t)
	s.RD.SetDown(true)
	code, b := s.call("GET", "/v1/remote_diagnose/connectors", s.Token, nil, nil)
	failed(t, code, b, http.StatusServiceUnavailable)
	code, b = s.call("POST", fmt.Sprintf("/v1/appointments/%d/remote_diagnose/tickets", s.Demo.Appointments[0].AppointmentID), s.Token, ticketBody(rdfake.ConnectorOnlineID), nil)
	failed(t, code, b, http.StatusServiceUnavailable)
	s.RD.SetDown(false)

	s.RD.PauseTickets(true)
	id := s.orderTicket(ticketBody(rdfake.ConnectorOnlineID))
	s.waitTicket(id, func(st staffapi.TicketStateView) bool { return st.ProviderTicketID != 0 })
	s.RD.SetDown(true)
	time.Sleep(time.Second) // the follow activity polls into the outage
	s.RD.PauseTickets(false)
	time.Sleep(time.Second)
	s.RD.SetDown(false)
	st := s.waitTicket(id, ended)
	require.Equal(t, "closed", st.Status, "%+v", st)
	require.Len(t, s.RD.Tickets(), 1)
}

// The service center closed: the ticket waits, saying why and since when,
// and is ordered once it opens.
func TestTicketServiceCenterClosedThenOpened(t *testing.T) {
	s := newStack(t)
	s.RD.SetServiceCenter(false, "Closed until 14:00")
	id := s.orderTicket(ticketBody(rdfake.ConnectorOnlineID))
	st := s.waitTicket(id, func(st staffapi.TicketStateView) bool { return st.Status == "waiting" })
	require.Equal(t, "Closed until 14:00", st.ServiceMessage)
	require.NotNil(t, st.WaitingSince)
	require.Empty(t, s.RD.Tickets())
	require.Equal(t, "waiting", s.appointmentTickets()[0].Status)
	// Two more re-checks of the closed center (completed activities) order nothing.
	checks := s.activitiesDone(s.ticketWF(id), "CheckReadiness")
	require.Eventually(t, func() bool { return s.activitiesDone(s.ticketWF(id), "CheckReadiness") >= checks+2 },
		20*time.Second, 50*time.Millisecond, "the ticket re-checks the service center")
	require.Empty(t, s.RD.Tickets())
	s.RD.SetServiceCenter(true, "We are open for service")
	st = s.waitTicket(id, ended)
	require.Equal(t, "closed", st.Status, "%+v", st)
	require.Len(t, s.RD.Tickets(), 1)
}

// Cancelled while the service center is closed: nothing is ordered.
func TestTicketCancelWhileClosed(t *testing.T) {
	s := newStack(t)
	s.RD.SetServiceCenter(false, "Closed for the weekend")
	id := s.orderTicket(ticketBody(rdfake.ConnectorOnlineID))
	s.waitTicket(id, func(st staffapi.TicketStateView) bool { return st.Status == "waiting" })
	var st staffapi.TicketStateView
	code, b := s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/cancel", s.Token, nil, &st)
	require.Equal(t, http.StatusOK, code, string(b))
	st = s.waitTicket(id, ended)
	require.Equal(t, "cancelled", st.Status)
	require.Eventually(t, func() bool { return s.appointmentTickets()[0].Status == "cancelled" }, 5*time.Second, 50*time.Millisecond)
	require.NoError(t, s.Temporal.GetWorkflow(context.Background(), s.ticketWF(id), "").Get(context.Background(), nil))
	recordHistory(t, s, s.ticketWF(id), "ticket_cancelled_while_closed")
	// The workflow has completed (above): nothing can order a ticket any more.
	s.RD.SetServiceCenter(true, "open")
	require.Empty(t, s.RD.Tickets())
}

// An offline connector: the ticket is refused, saying why.
func TestTicketConnectorOffline(t *testing.T) {
	s := newStack(t)
	id := s.orderTicket(ticketBody(rdfake.ConnectorOfflineID))
	st := s.waitTicket(id, func(st staffapi.TicketStateView) bool { return ended(st) && st.DealerWebhook != "" })
	require.Equal(t, "refused", st.Status)
	require.Equal(t, "none", st.DealerWebhook, "the demo location has no dealer webhook")
	require.False(t, st.ReceptionistNotified, "no intervention to handle")
	require.Contains(t, st.Reason, fmt.Sprintf("connector %d is offline", rdfake.ConnectorOfflineID))
	require.Empty(t, s.RD.Tickets())
	require.Eventually(t, func() bool { return s.appointmentTickets()[0].Status == "refused" }, 5*time.Second, 50*time.Millisecond)
	recordHistory(t, s, s.ticketWF(id), "ticket_refused_connector_offline")
}

// A ticket the provider fails: its notes still reach the appointment.
func TestTicketFailing(t *testing.T) {
	s := newStack(t)
	s.RD.FailNextTicket(1)
	id := s.orderTicket(ticketBody(rdfake.ConnectorOnlineID))
	st := s.waitTicket(id, ended)
	require.Equal(t, "failed", st.Status, "%+v", st)
	iv, err := s.DB.Intervention.Get(context.Background(), st.InterventionID)
	require.NoError(t, err)
	require.Contains(t, iv.Title, "not completed")
	require.Contains(t, iv.Description, "no communication with the vehicle")
	require.Equal(t, "failed", s.appointmentTickets()[0].Status)
}

// The websocket drops mid-ticket: polling finishes it.
func TestTicketWebsocketDrop(t *testing.T) {
	s := newStack(t)
	s.RD.PauseTickets(true)
	id := s.orderTicket(ticketBody(rdfake.ConnectorOnlineID))
	s.waitTicket(id, func(st staffapi.TicketStateView) bool { return st.ProviderTicketID != 0 })
	// Every socket is cut until the ticket ends (resubscriptions too); the
	// ticket moves on after the follow activity has surely subscribed once.
	stop := make(chan struct{})
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			s.RD.DropWebsockets()
			if i == 10 {
				s.RD.PauseTickets(false)
			}
		}
	}()
	st := s.waitTicket(id, ended)
	close(stop)
	require.Equal(t, "closed", st.Status, "%+v", st)
	require.True(t, st.Polled, "the end was found after the socket dropped")
	require.Len(t, s.RD.Tickets(), 1)
}

// Expired tokens: the client logs in again and the ticket goes through.
func TestTicketTokenExpiry(t *testing.T) {
	s := newStack(t)
	code, b := s.call("GET", "/v1/remote_diagnose/connectors", s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	logins := s.RD.Logins()
	s.RD.ExpireTokens()
	id := s.orderTicket(ticketBody(rdfake.ConnectorOnlineID))
	st := s.waitTicket(id, ended)
	require.Equal(t, "closed", st.Status, "%+v", st)
	require.Greater(t, s.RD.Logins(), logins)
}

// Bad inputs: each a clear error in the spec's body.
func TestTicketBadInputs(t *testing.T) {
	s := newStack(t)
	get := func(path string) (int, []byte) { return s.call("GET", path, s.Token, nil, nil) }
	for _, vin := range []string{"SHORT", rdfake.VINFord + "X", "WF0AXXGCDA12345-7"} {
		code, b := get("/v1/remote_diagnose/vehicles?vin=" + vin)
		refused(t, code, b, "vin: must be 17 letters or digits")
	}
	code, b := get(fmt.Sprintf("/v1/remote_diagnose/products?vin=%s&product_group_id=%d&product_bundle_id=%s", rdfake.VINFord, rdfake.GroupMultimedia, rdfake.BundleNavigation))
	refused(t, code, b, "product_group_id and product_bundle_id cannot be combined")
	code, b = get("/v1/remote_diagnose/products?vin=" + rdfake.VINFord + "&limit=201")
	refused(t, code, b, "limit: must be an integer between 0 and 200")
	code, b = get("/v1/remote_diagnose/connectors?limit=201")
	refused(t, code, b, "limit: must be an integer between 0 and 200")
	code, b = get("/v1/remote_diagnose/historical_tickets?vin=" + rdfake.VINFord + "&offset=-1")
	refused(t, code, b, "offset: must be an integer >= 0")

	apPath := fmt.Sprintf("/v1/appointments/%d/remote_diagnose/tickets", s.Demo.Appointments[0].AppointmentID)
	bad := ticketBody(rdfake.ConnectorOnlineID)
	bad["vin"] = "NOTAVIN"
	code, b = s.call("POST", apPath, s.Token, bad, nil)
	refused(t, code, b, "vin: must be 17 letters or digits")
	code, b = s.call("POST", apPath, s.Token, `{"connector_id":1,"connector_id":2}`, nil)
	refused(t, code, b, "invalid JSON payload")
	bad = ticketBody(rdfake.ConnectorOnlineID)
	bad["voucher"] = "A\x00B"
	code, b = s.call("POST", apPath, s.Token, bad, nil)
	refused(t, code, b, "voucher")

	// A second ticket on a busy connector.
	s.RD.PauseTickets(true)
	id := s.orderTicket(ticketBody(rdfake.ConnectorOnlineID))
	code, b = s.call("POST", apPath, s.Token, ticketBody(rdfake.ConnectorOnlineID), nil)
	refused(t, code, b, fmt.Sprintf("connector %d already has a ticket in progress", rdfake.ConnectorOnlineID))
	s.waitTicket(id, func(st staffapi.TicketStateView) bool { return st.ProviderTicketID != 0 })

	// CSAT out of range, and malformed.
	for _, body := range []string{`{"score":1.5}`, `{"score":-2}`, `{"score":"1"}`, `{}`} {
		code, b = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/csat", s.Token, body, nil)
		require.Equal(t, http.StatusOK, code, string(b))
		require.True(t, strings.Contains(string(b), "score"), string(b))
	}
	s.RD.PauseTickets(false)
	require.Equal(t, "closed", s.waitTicket(id, ended).Status)
	require.Len(t, s.RD.Tickets(), 1)
}

// customerInterventions are the intervention ids the customer's read of
// the communication shows.
func (s *stack) customerInterventions(ap int) []int {
	s.t.Helper()
	var view commread.CommunicationView
	code, b := s.call("POST", "/v1/communication/read", "", map[string]string{"key": s.keyOf(ap, keys.Customer)}, &view)
	require.Equal(s.t, http.StatusOK, code, string(b))
	ids := []int{}
	for _, iv := range view.Appointment.Interventions {
		ids = append(ids, iv.ID)
	}
	return ids
}

// An ended ticket tells the receptionist (the appointment's
// remote_diagnosis_to_handle flag; the dealer's webhook, signed, where the
// location has one); the receptionist then puts its intervention in the
// diagnose overview, which the customer sees and decides on only from then.
func TestTicketTellsReceptionistAndGoesInTheDiagnoseOverview(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	const secret = "whsec_ZGVhbGVyLXNlY3JldC0wMTIzNDU2Nzg5"
	hook := dealerhookfake.New([]byte(secret))
	t.Cleanup(hook.Close)
	// The location has a webhook but sends its customers' messages itself
	// (third-party control off): the customer still gets our e-mails.
	require.NoError(t, s.DB.DealerLocation.UpdateOneID(s.Demo.LocationID).SetThirdPartyWebhookURL(hook.URL()+"/pitstop").
		SetThirdPartyWebhookSecret(secret).Exec(ctx))
	hook.FailNext(1, http.StatusServiceUnavailable) // an outage is retried
	s.start()
	s.waitEvents(ap, pitenums.CommunicationEventTypeOnlineCheckInSent)

	appointmentFlag := func() bool {
		var out struct {
			Appointment struct {
				RemoteDiagnosisToHandle bool `json:"remote_diagnosis_to_handle"` // omitted when false
			} `json:"appointment"`
		}
		code, b := s.call("GET", fmt.Sprintf("/v1/appointments/%d", ap), s.Token, nil, &out)
		require.Equal(t, http.StatusOK, code, string(b))
		return out.Appointment.RemoteDiagnosisToHandle
	}
	require.False(t, appointmentFlag())

	// Before the ticket has a result there is nothing to show.
	s.RD.PauseTickets(true)
	id := s.orderTicket(ticketBody(rdfake.ConnectorOnlineID))
	code, b := s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/add_to_diagnose_overview", s.Token, nil, nil)
	refused(t, code, b, "the ticket has no result on the appointment yet")
	s.RD.PauseTickets(false)

	st := s.waitTicket(id, func(st staffapi.TicketStateView) bool { return ended(st) && st.DealerWebhook != "" })
	require.Equal(t, "closed", st.Status, "%+v", st)
	require.True(t, st.ReceptionistNotified)
	require.Equal(t, "delivered", st.DealerWebhook)
	require.True(t, appointmentFlag(), "the receptionist sees the ended ticket on the appointment")
	var list struct {
		Appointments []struct {
			ID                      int  `json:"id"`
			RemoteDiagnosisToHandle bool `json:"remote_diagnosis_to_handle"`
		} `json:"appointments"`
	}
	code, b = s.call("GET", fmt.Sprintf("/v1/appointments?dealer_location_id=%d", s.Demo.LocationID), s.Token, nil, &list)
	require.Equal(t, http.StatusOK, code, string(b))
	for _, a := range list.Appointments {
		require.Equal(t, a.ID == ap, a.RemoteDiagnosisToHandle, "appointment %d", a.ID)
	}

	// The dealer's webhook: signed, once, no personal data, each attempt kept.
	got := hook.Received()
	require.Len(t, got, 1)
	require.NoError(t, dealerhook.Verify([][]byte{[]byte(secret)}, got[0].Headers, got[0].Body, time.Now(), 0))
	require.Equal(t, rdacts.FinishedWebhookID(id), got[0].ID)
	var p rdacts.FinishedWebhook
	require.NoError(t, json.Unmarshal(got[0].Body, &p))
	require.Equal(t, rdacts.FinishedWebhook{Type: "remote_diagnosis.finished", AppointmentID: ap, DealerLocationID: s.Demo.LocationID,
		WONr: s.Demo.Appointments[0].WONr, RegNumber: p.RegNumber, RequestID: id, ProviderTicketID: st.ProviderTicketID, Status: "closed",
		InterventionID: st.InterventionID, Title: p.Title, Currency: "EUR", TotalNet: 100, Notes: 1, Attachments: 1,
		ProviderName: rdfake.SeedBrandingName, ProviderPortalURL: rdfake.SeedPortalURL}, p)
	require.Contains(t, p.Title, "Remote diagnosis")
	require.NotContains(t, string(got[0].Body), "Jan", "no customer data")
	hist, err := s.DB.WebhookHistory.Query().Where(webhookhistory.WebhookEventID(rdacts.FinishedWebhookID(id))).
		Order(ent.Asc(webhookhistory.FieldAttempt)).All(ctx)
	require.NoError(t, err)
	require.Len(t, hist, 2, "the failed attempt and the retry")
	require.Equal(t, []string{"503", "204"}, []string{hist[0].ResponseStatus, hist[1].ResponseStatus})

	// A diagnose overview sent now does not show it: the receptionist has
	// not put it there.
	s.sendDiagnose(ap)
	require.NotContains(t, s.customerInterventions(ap), st.InterventionID)

	// Scoped and role-checked: another location's user does not find the
	// ticket; a mechanic may not change what the customer sees.
	code, _ = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/add_to_diagnose_overview", s.elsewhereToken(), nil, nil)
	require.Equal(t, http.StatusNotFound, code)
	code, _ = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/add_to_diagnose_overview", s.staffToken(pitenums.RoleIDMechanic, s.Demo.LocationID), nil, nil)
	require.Equal(t, http.StatusForbidden, code)
	require.NotContains(t, s.customerInterventions(ap), st.InterventionID)

	var added staffapi.AddedToOverviewView
	code, b = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/add_to_diagnose_overview", s.Token, nil, &added)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, staffapi.AddedToOverviewView{RequestID: id, AppointmentID: ap, InterventionID: st.InterventionID, VisibleToCustomer: true,
		ResendNeeded: true}, added, string(b))
	require.False(t, appointmentFlag(), "handled")
	code, b = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/add_to_diagnose_overview", s.Token, nil, &added)
	require.Equal(t, http.StatusOK, code, string(b))
	require.True(t, added.VisibleToCustomer)

	// The next diagnose overview offers it, and the customer decides on it.
	s.sendDiagnose(ap)
	require.Contains(t, s.customerInterventions(ap), st.InterventionID)
	code, b = s.call("POST", "/v2/diagnose_overview/answer", "", map[string]any{"key": s.keyOf(ap, keys.Customer), "customer_name": "Jan de Vries",
		"interventions": []map[string]any{{"id": st.InterventionID, "communication_result_status": 2}}, "agreement_ids": []int{}}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.NotContains(t, string(b), `"errors"`)
	require.Eventually(t, func() bool {
		iv, err := s.DB.Intervention.Get(ctx, st.InterventionID)
		return err == nil && iv.CommunicationResultStatus == pitenums.CommunicationResultStatusAgree
	}, 10*time.Second, 50*time.Millisecond)
	require.Len(t, hook.Received(), 1, "the webhook went once")
	recordHistory(t, s, s.ticketWF(id), "ticket_tells_receptionist")
	// The same with the result decided by an update of the ticket's
	// workflow, which waits for that decision (wait-for-result-decision).
	recordHistory(t, s, s.ticketWF(id), "ticket_result_added_by_update")
}

// Cancel once the ticket exists at the provider: spec 003 has no operation
// to cancel or close a ticket, so the caller is told so and the ticket
// runs to its end.
func TestTicketCancelAfterCreated(t *testing.T) {
	s := newStack(t)
	s.RD.PauseTickets(true)
	id := s.orderTicket(ticketBody(rdfake.ConnectorOnlineID))
	s.waitTicket(id, func(st staffapi.TicketStateView) bool { return st.ProviderTicketID != 0 })
	code, b := s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/cancel", s.Token, nil, nil)
	refused(t, code, b, "has no operation to cancel or close a ticket")
	st := s.waitTicket(id, func(staffapi.TicketStateView) bool { return true })
	require.NotEqual(t, "cancelled", st.Status)
	s.RD.PauseTickets(false)
	require.Equal(t, "closed", s.waitTicket(id, ended).Status)
	code, b = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/cancel", s.Token, nil, nil)
	refused(t, code, b, "the ticket has already ended (closed)")
}

// The receptionist may decide not to show a ticket's result: dismissed, it
// stays hidden from the customer and the appointment no longer waits for
// the receptionist. The list filters on the flag.
func TestTicketResultDismissed(t *testing.T) {
	s := newStack(t)
	ap := s.Demo.Appointments[0].AppointmentID
	toHandle := func(filter string) []int {
		var list struct {
			Appointments []struct {
				ID int `json:"id"`
			} `json:"appointments"`
		}
		code, b := s.call("GET", fmt.Sprintf("/v1/appointments?dealer_location_id=%d&remote_diagnosis_to_handle=%s", s.Demo.LocationID, filter), s.Token, nil, &list)
		require.Equal(t, http.StatusOK, code, string(b))
		var ids []int
		for _, a := range list.Appointments {
			ids = append(ids, a.ID)
		}
		return ids
	}
	code, b := s.call("GET", fmt.Sprintf("/v1/appointments?dealer_location_id=%d&remote_diagnosis_to_handle=yes", s.Demo.LocationID), s.Token, nil, nil)
	refused(t, code, b, "remote_diagnosis_to_handle: true or false")

	s.RD.PauseTickets(true)
	id := s.orderTicket(ticketBody(rdfake.ConnectorOnlineID))
	code, b = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/dismiss", s.Token, nil, nil)
	refused(t, code, b, "the ticket has no result on the appointment yet")
	s.RD.PauseTickets(false)
	st := s.waitTicket(id, func(st staffapi.TicketStateView) bool { return ended(st) && st.ReceptionistNotified })
	require.Equal(t, "closed", st.Status, "%+v", st)
	require.Equal(t, []int{ap}, toHandle("true"))
	require.NotContains(t, toHandle("false"), ap)

	code, _ = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/dismiss", s.elsewhereToken(), nil, nil)
	require.Equal(t, http.StatusNotFound, code, "another location's user does not find it")
	code, _ = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/dismiss", s.staffToken(pitenums.RoleIDMechanic, s.Demo.LocationID), nil, nil)
	require.Equal(t, http.StatusForbidden, code, "a mechanic does not decide what the customer sees")
	require.Equal(t, []int{ap}, toHandle("true"))

	for range 2 { // doing it again changes nothing
		var out staffapi.DismissedResultView
		code, b = s.call("POST", "/v1/remote_diagnose/tickets/"+id+"/dismiss", s.Token, nil, &out)
		require.Equal(t, http.StatusOK, code, string(b))
		require.Equal(t, staffapi.DismissedResultView{RequestID: id, AppointmentID: ap, InterventionID: st.InterventionID, ResultDismissed: true}, out, string(b))
	}
	require.Empty(t, toHandle("true"))
	require.Contains(t, toHandle("false"), ap)
	tickets := s.appointmentTickets()
	require.Len(t, tickets, 1)
	require.True(t, tickets[0].ResultDismissed)
	iv, err := s.DB.Intervention.Get(context.Background(), st.InterventionID)
	require.NoError(t, err)
	require.False(t, iv.VisibleToCustomer, "the dismissed result stays hidden")
}
