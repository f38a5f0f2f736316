package e2e

import (
	"github.com/pitstop-dev/pitstop/internal/rdaccount"

	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/api"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	rdfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
	dmsimportwf "github.com/pitstop-dev/pitstop/workflows/dmsimport"
)

// killed is what a crashing API process panics with: the handler stops
// there, as a killed process would, and nothing after that point runs (the
// API's recovery answers 500, which no caller waits for in a real crash).
const killed = "e2e: the API process was killed here"

// crashingTemporal is the Temporal client of an API process that dies at a
// chosen call: before a workflow start (or update-with-start) reaches
// Temporal, just after it did, or, for the DMS path, as soon as it would
// tell an appointment's workflow (or the DMS delivery workflow) about a
// stored change.
type crashingTemporal struct {
	client.Client
	mode crashMode
}

type crashMode int

const (
	crashBeforeStart crashMode = iota // every start dies before reaching Temporal
	crashAfterStart                   // every start reaches Temporal, then the process dies
	crashAfterStore                   // a DMS push dies after storing, at its first lifecycle message
)

func (c crashingTemporal) ExecuteWorkflow(ctx context.Context, o client.StartWorkflowOptions, wf any, args ...any) (client.WorkflowRun, error) {
	switch c.mode {
	case crashBeforeStart:
		panic(killed)
	case crashAfterStart:
		_, _ = c.Client.ExecuteWorkflow(ctx, o, wf, args...)
		panic(killed)
	}
	if wf == appointment.WorkflowName {
		panic(killed)
	}
	return c.Client.ExecuteWorkflow(ctx, o, wf, args...)
}

func (c crashingTemporal) UpdateWithStartWorkflow(ctx context.Context, o client.UpdateWithStartWorkflowOptions) (client.WorkflowUpdateHandle, error) {
	if c.mode == crashAfterStart {
		_, _ = c.Client.UpdateWithStartWorkflow(ctx, o)
	}
	panic(killed)
}

func (c crashingTemporal) SignalWorkflow(ctx context.Context, id, runID, name string, arg any) error {
	panic(killed)
}

func (c crashingTemporal) SignalWithStartWorkflow(ctx context.Context, id, name string, arg any, o client.StartWorkflowOptions, wf any, args ...any) (client.WorkflowRun, error) {
	panic(killed)
}

// crashingAPI is a second API process of the stack (same database, same
// Temporal namespace and worker) whose Temporal client dies as mode says.
func (s *stack) crashingAPI(mode crashMode) string {
	s.t.Helper()
	rdc, err := rdaccount.New(s.DB.Client, s.RD.URL())
	require.NoError(s.t, err)
	h := api.New(api.Deps{DB: s.DB, Temporal: crashingTemporal{Client: s.Temporal, mode: mode}, TaskQueue: s.Queue, Tokens: s.tokens,
		KeySecret: []byte(keySecret), PublicBaseURL: "http://customer.test/app", Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		RemoteDiag:  rdc,
		TicketWaits: api.TicketWaits{ServiceCenterDeadline: 30 * time.Second, RecheckEvery: 300 * time.Millisecond, CSATWindow: time.Minute}})
	srv := httptest.NewServer(h)
	s.t.Cleanup(srv.Close)
	return srv.URL
}

// The API dies while ordering a ticket, before and just after the call
// that starts its workflow: no connector stays blocked. Before, the handler
// wrote a "requested" row and then started the workflow; dying in between
// left the row, and every later order on the connector was refused as
// "already has a ticket in progress", for good.
func TestTicketOrderSurvivesAPICrash(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	path := fmt.Sprintf("/v1/appointments/%d/remote_diagnose/tickets", s.Demo.Appointments[0].AppointmentID)

	code, b := s.callAt(s.crashingAPI(crashBeforeStart), http.MethodPost, path, s.Token, ticketBody(rdfake.ConnectorOnlineID), nil)
	require.Equal(t, http.StatusInternalServerError, code, "%s", b)
	// The connector is free: the next order goes through and ends.
	id := s.orderTicket(ticketBody(rdfake.ConnectorOnlineID))
	require.Equal(t, "closed", s.waitTicket(id, ended).Status)

	// Dying after the start: the workflow records the order itself and
	// follows it to its end, which frees the connector.
	code, b = s.callAt(s.crashingAPI(crashAfterStart), http.MethodPost, path, s.Token, ticketBody(rdfake.ConnectorOnlineID), nil)
	require.Equal(t, http.StatusInternalServerError, code, "%s", b)
	var orphan string
	require.Eventually(t, func() bool {
		for _, tk := range s.appointmentTickets() {
			if tk.RequestID != id {
				orphan = tk.RequestID
			}
		}
		return orphan != ""
	}, 20*time.Second, 50*time.Millisecond, "the started workflow recorded its ticket")
	require.Equal(t, "closed", s.waitTicket(orphan, ended).Status)
	require.Len(t, s.RD.Tickets(), 2)
	if os.Getenv("PITSTOP_RECORD_HISTORIES") == "1" { // its history guards replay of the update-with-start path
		code, b = s.call(http.MethodPost, "/v1/remote_diagnose/tickets/"+id+"/csat", s.Token, map[string]any{"score": 1}, nil)
		require.Equal(t, http.StatusOK, code, "%s", b)
		require.NoError(t, s.Temporal.GetWorkflow(ctx, s.ticketWF(id), "").Get(ctx, nil))
		recordHistory(t, s, s.ticketWF(id), "ticket_ordered_by_update_with_start")
	}
	id = s.orderTicket(ticketBody(rdfake.ConnectorOnlineID))
	require.Equal(t, "closed", s.waitTicket(id, ended).Status)
}

// The API dies in the middle of a Carsys push, after the work orders are
// stored and before any lifecycle is steered: the new appointment's
// lifecycle still starts and its pending flag clears. Before, the handler
// steered the workflows itself; dying there left the appointment pending,
// with no workflow, until the work order was pushed again.
func TestCarsysPushSurvivesAPICrash(t *testing.T) {
	defer func(d time.Duration) { dmsimportwf.DeliverStoreWait = d }(dmsimportwf.DeliverStoreWait)
	dmsimportwf.DeliverStoreWait = time.Second
	s := dmsStack(t)
	ctx := context.Background()
	day := time.Now().Add(20 * 24 * time.Hour).UTC().Format("2006-01-02")
	push := `[{"wo_nr":"CS-CRASH","dms_nr":"88077","appointment_date":"` + day + `T08:30:00Z","car":{"registration":"ZZ-777-A"},"driver":{"id":"P7","last_name":"Bakker"}}]`
	code, b := s.callAt(s.crashingAPI(crashAfterStore), http.MethodPost, "/v1/carsys/workorders", "", push, nil,
		"Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("carsys-demo:s3cret")))
	require.Equal(t, http.StatusInternalServerError, code, "%s", b)
	ap, err := s.DB.Appointment.Query().Where(entappointment.WoNr("CS-CRASH")).Only(ctx)
	require.NoError(t, err, "the push stored the work order before it died")
	require.Eventually(t, func() bool {
		a, err := s.DB.Appointment.Get(ctx, ap.ID)
		if err != nil || a.DmsLifecyclePending != "" {
			return false
		}
		d, err := s.Temporal.DescribeWorkflowExecution(ctx, appointment.AppointmentWorkflowID(ap.ID), "")
		return err == nil && d.WorkflowExecutionInfo.Status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
	}, 20*time.Second, 100*time.Millisecond, "the stored change reached its lifecycle")
	if os.Getenv("PITSTOP_RECORD_HISTORIES") == "1" {
		// The lifecycle's start (handlers before the first activity), as far
		// as it got: it waits for its check-in date.
		require.Eventually(t, func() bool {
			var st appointment.AppointmentState
			v, err := s.Temporal.QueryWorkflow(ctx, appointment.AppointmentWorkflowID(ap.ID), "", appointment.QueryState)
			return err == nil && v.Get(&st) == nil && st.CommunicationID != 0
		}, 10*time.Second, 50*time.Millisecond)
		recordHistory(t, s, appointment.AppointmentWorkflowID(ap.ID), "appointment_started_by_carsys_delivery")
	}
}
