package api

import (
	"github.com/pitstop-dev/pitstop/internal/rdaccount"

	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	appointmentacts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/app/seed"
	remotediagfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// killedAtStart is the Temporal client of an API process killed as it
// starts a workflow: the handler stops there (a panic, answered 500 by the
// recovery), and nothing after that point runs. Any other call panics too.
type killedAtStart struct{ client.Client }

func (killedAtStart) ExecuteWorkflow(context.Context, client.StartWorkflowOptions, any, ...any) (client.WorkflowRun, error) {
	panic("killed while starting the workflow")
}

func (killedAtStart) NewWithStartWorkflowOperation(client.StartWorkflowOptions, any, ...any) client.WithStartWorkflowOperation {
	return nil
}

func (killedAtStart) UpdateWithStartWorkflow(context.Context, client.UpdateWithStartWorkflowOptions) (client.WorkflowUpdateHandle, error) {
	panic("killed while starting the workflow")
}

// The API killed mid-order leaves no ticket row that blocks the connector:
// the row is written by the ticket workflow's first activity, started in
// the same call (update-with-start). Before, the handler wrote a
// "requested" row first and a crash before the start left it for good
// (every later order on the connector refused as in progress).
func TestTicketOrderKilledAtStartLeavesNoRow(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	demo, err := seed.Run(ctx, db.Client, &appointmentacts.Activities{DB: db.Client, KeySecret: []byte("k")}, time.Now())
	require.NoError(t, err)
	rd := remotediagfake.New()
	t.Cleanup(rd.Close)
	rdc, err := rdaccount.New(db.Client, rd.URL())
	require.NoError(t, err)
	require.NoError(t, db.DealerLocation.UpdateOneID(demo.LocationID).SetRemoteDiagConnectorUUID(remotediagfake.ConnectorOnlineUUID).
		SetRemoteDiagPincode(remotediagfake.DefaultPincode).Exec(ctx))
	iss, err := auth.NewIssuer("ticket-crash-secret-0123456789")
	require.NoError(t, err)
	tok, err := iss.Mint(demo.ReceptionistID, []int{demo.LocationID}, enums.RoleIDReceptionist, time.Hour, time.Now())
	require.NoError(t, err)
	router := New(Deps{DB: db, Tokens: iss, KeySecret: []byte("k"), Temporal: killedAtStart{}, TaskQueue: "q", RemoteDiag: rdc,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	body := fmt.Sprintf(`{"connector_id":%d,"vin":%q,"product_ids":[%d],"prerequisites":[{"definition_id":1,"value":"true"}]}`,
		remotediagfake.ConnectorOnlineID, remotediagfake.VINFord, remotediagfake.ProductDiagnostic)
	req := httptest.NewRequest(http.MethodPost, fmt.Sprintf("/v1/appointments/%d/remote_diagnose/tickets", demo.Appointments[0].AppointmentID),
		strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	rec := httptest.NewRecorder()
	router.ServeHTTP(rec, req)
	require.Equal(t, http.StatusInternalServerError, rec.Code, rec.Body.String())
	n, err := db.RemoteDiagTicket.Query().Count(ctx)
	require.NoError(t, err)
	require.Zero(t, n, "no ticket row without its workflow: the connector is free")
}
