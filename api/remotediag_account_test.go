package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	adminapi "github.com/pitstop-dev/pitstop/api/admin"
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	rdfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/rdaccount"
)

// rdAccountFixture: the admin fixture's two dealers (A and B, a location
// each) against the remote-diagnose simulator, whose main account has five
// connectors and a finished ticket of the Ford and whose other account one
// connector and another finished ticket of the same Ford. Location A is
// given the main account; B starts without one. No Temporal: every call
// here is answered before a workflow would start.
type rdAccountFixture struct {
	*adminFixture
	sim    *rdfake.Server
	tokA   string // receptionist of dealer A
	tokB   string // receptionist of dealer B
	adminB string // dealer admin of dealer B
	apB    int    // an appointment at location B
}

func newRDAccountFixture(t *testing.T) *rdAccountFixture {
	f := &rdAccountFixture{adminFixture: newAdminFixture(t)}
	ctx := context.Background()
	f.sim = rdfake.New()
	t.Cleanup(f.sim.Close)
	res, err := rdaccount.New(f.db, f.sim.URL())
	require.NoError(t, err)
	f.router = New(Deps{DB: f.store, Tokens: f.iss, KeySecret: []byte("k"), RemoteDiag: res, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, f.db.DealerLocation.UpdateOneID(f.locA).SetRemoteDiagConnectorUUID(rdfake.ConnectorOnlineUUID).
		SetRemoteDiagPincode(rdfake.DefaultPincode).Exec(ctx))
	f.tokA = f.token(enums.RoleIDReceptionist)
	f.tokB = f.userToken(enums.RoleIDReceptionist, f.dealerB, f.locB)
	f.adminB = f.userToken(enums.RoleIDDealerAdmin, f.dealerB, f.locB)
	cu := f.db.Customer.Create().SetLocationID(f.locB).SetFirstName("Bea").SetSurname("Bakker").SaveX(ctx)
	f.apB = f.db.Appointment.Create().SetLocationID(f.locB).SetCustomerDriverID(cu.ID).SetWoNr("WO-B1").
		SetTimeCarApp(time.Now().Add(24 * time.Hour)).SetRegNumber("BB-123-B").SetCreatedBy("test").SaveX(ctx).ID
	return f
}

// userToken makes a real user of a dealer and location and mints its token.
func (f *rdAccountFixture) userToken(role enums.RoleID, dealer, loc int) string {
	f.t.Helper()
	u := f.db.User.Create().SetFirstName("B").SetLastName(fmt.Sprint(role)).SetEmail(fmt.Sprintf("role%d@b.example", role)).
		SetRoleID(role).SetDealerID(dealer).SetDealerLocationID(loc).SetLocationIds([]int{loc}).SaveX(context.Background())
	tok, err := f.iss.MintFor(auth.Subject{UserID: u.ID, DealerID: dealer, LocationIDs: []int{loc}, RoleID: role}, time.Hour, f.now)
	require.NoError(f.t, err)
	return tok
}

func connectorIDs(p staffapi.PageView[staffapi.ConnectorView]) []int64 {
	ids := []int64{}
	for _, c := range p.Result {
		ids = append(ids, c.ID)
	}
	return ids
}

// A receptionist of dealer B sees none of dealer A's connectors, VINs or
// tickets: without an account B gets "not set up" and no data; with its own
// account it sees its own connector and its own history of the car only.
func TestRemoteDiagListsAreTheLocationsOwn(t *testing.T) {
	f := newRDAccountFixture(t)
	var pa staffapi.PageView[staffapi.ConnectorView]
	code, b := f.call("GET", "/v1/remote_diagnose/connectors", f.tokA, nil, &pa)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, rdfake.SeedConnectors, pa.Total, string(b))
	require.NotContains(t, connectorIDs(pa), rdfake.OtherConnectorID)

	// B has no account yet: a clear error and no data.
	for _, path := range []string{"/v1/remote_diagnose/connectors", "/v1/remote_diagnose/historical_tickets?vin=" + rdfake.VINFord,
		"/v1/remote_diagnose/vehicles?vin=" + rdfake.VINFord} {
		code, b = f.call("GET", path, f.tokB, nil, nil)
		require.Equal(t, http.StatusOK, code, "%s: %s", path, b)
		require.Len(t, errorsIn(b), 1, "%s: %s", path, b)
		require.Contains(t, errorsIn(b)[0], "remote diagnosis is not set up for this location", path)
		require.NotContains(t, string(b), fmt.Sprint(rdfake.ConnectorOnlineID), path)
		require.NotContains(t, string(b), "result", path)
	}
	// Nor may B name A's location.
	code, b = f.call("GET", fmt.Sprintf("/v1/remote_diagnose/connectors?dealer_location_id=%d", f.locA), f.tokB, nil, nil)
	require.Equal(t, http.StatusNotFound, code, string(b))

	// B's admin sets B's own account (a wrong pincode is refused first);
	// the pincode never comes back.
	path := fmt.Sprintf("/v1/admin/locations/%d/remote_diagnose_account", f.locB)
	code, b = f.call("PUT", path, f.adminB, map[string]any{"connector_uuid": rdfake.OtherConnectorUUID, "pincode": "0000"}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, []string{"the remote-diagnose provider refused this connector UUID and pincode"}, errorsIn(b))
	code, _ = f.call("PUT", path, f.token(enums.RoleIDDealerAdmin), map[string]any{"connector_uuid": rdfake.OtherConnectorUUID, "pincode": rdfake.OtherPincode}, nil)
	require.Equal(t, http.StatusNotFound, code, "dealer A's admin cannot set B's account")
	var view adminapi.RDAccountView
	code, b = f.call("PUT", path, f.adminB, map[string]any{"connector_uuid": rdfake.OtherConnectorUUID, "pincode": rdfake.OtherPincode}, &view)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Empty(t, errorsIn(b), string(b))
	require.Equal(t, adminapi.RDAccountView{LocationID: f.locB, SetUp: true, ConnectorUUID: rdfake.OtherConnectorUUID, HasPincode: true}, view)
	require.NotContains(t, string(b), rdfake.OtherPincode)
	code, b = f.call("GET", fmt.Sprintf("/v1/admin/locations/%d", f.locB), f.adminB, nil, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.NotContains(t, string(b), rdfake.OtherPincode)

	var pb staffapi.PageView[staffapi.ConnectorView]
	code, b = f.call("GET", "/v1/remote_diagnose/connectors", f.tokB, nil, &pb)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, []int64{rdfake.OtherConnectorID}, connectorIDs(pb), string(b))
	require.Equal(t, 1, pb.Total)
	require.NotContains(t, string(b), rdfake.VINFord, "A's connector carries the Ford's VIN")

	// The same Ford was serviced by both: each sees its own ticket only.
	hist := func(tok string) []int64 {
		var h staffapi.PageView[staffapi.HistoricalTicketView]
		code, b := f.call("GET", "/v1/remote_diagnose/historical_tickets?vin="+rdfake.VINFord, tok, nil, &h)
		require.Equal(t, http.StatusOK, code, string(b))
		require.Empty(t, errorsIn(b), string(b))
		require.Equal(t, len(h.Result), h.Total, string(b))
		ids := []int64{}
		for _, x := range h.Result {
			ids = append(ids, x.ID)
		}
		return ids
	}
	require.Equal(t, []int64{rdfake.HistoricalTicketID}, hist(f.tokA))
	require.Equal(t, []int64{rdfake.OtherHistoricalTicketID}, hist(f.tokB))

	// Removing the account turns remote diagnosis off for B again.
	code, b = f.call("DELETE", path, f.adminB, nil, &view)
	require.Equal(t, http.StatusOK, code, string(b))
	require.False(t, view.SetUp)
	code, b = f.call("GET", "/v1/remote_diagnose/connectors", f.tokB, nil, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Contains(t, strings.Join(errorsIn(b), " "), "remote diagnosis is not set up for this location")
}

// An order of dealer B naming dealer A's busy connector never shows A's
// request id: the connector is not one of B's.
func TestRemoteDiagBusyConnectorHidesAnotherDealersRequest(t *testing.T) {
	f := newRDAccountFixture(t)
	ctx := context.Background()
	require.NoError(t, f.db.DealerLocation.UpdateOneID(f.locB).SetRemoteDiagConnectorUUID(rdfake.OtherConnectorUUID).
		SetRemoteDiagPincode(rdfake.OtherPincode).Exec(ctx))
	// A ticket of dealer A runs on A's connector.
	cu := f.db.Customer.Create().SetLocationID(f.locA).SetFirstName("Ad").SetSurname("A").SaveX(ctx)
	apA := f.db.Appointment.Create().SetLocationID(f.locA).SetCustomerDriverID(cu.ID).SetWoNr("WO-A1").
		SetTimeCarApp(time.Now().Add(24 * time.Hour)).SetRegNumber("AA-123-A").SetCreatedBy("test").SaveX(ctx)
	const requestA = "0a0a0a0a-1111-4222-8333-444444444444"
	f.db.RemoteDiagTicket.Create().SetRequestID(requestA).SetAppointmentID(apA.ID).SetDealerLocationID(f.locA).
		SetConnectorID(rdfake.ConnectorOnlineID).SetVin(rdfake.VINFord).SetStatus("pending").ExecX(ctx)

	body := map[string]any{"connector_id": rdfake.ConnectorOnlineID, "vin": rdfake.VINRenault, "product_ids": []int64{rdfake.ProductDiagnostic}}
	code, b := f.call("POST", fmt.Sprintf("/v1/appointments/%d/remote_diagnose/tickets", f.apB), f.tokB, body, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.NotContains(t, string(b), requestA)
	require.Equal(t, []string{fmt.Sprintf("connector_id: connector %d is not one of this location's remote-diagnose connectors", rdfake.ConnectorOnlineID)},
		errorsIn(b))

	// A's own receptionist is told which request holds the connector.
	apA2 := f.db.Appointment.Create().SetLocationID(f.locA).SetCustomerDriverID(cu.ID).SetWoNr("WO-A2").
		SetTimeCarApp(time.Now().Add(24 * time.Hour)).SetRegNumber("AA-124-A").SetCreatedBy("test").SaveX(ctx)
	body["vin"] = rdfake.VINFord
	code, b = f.call("POST", fmt.Sprintf("/v1/appointments/%d/remote_diagnose/tickets", apA2.ID), f.tokA, body, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Contains(t, strings.Join(errorsIn(b), " "), "(request "+requestA+")")
	n, err := f.db.RemoteDiagTicket.Query().Count(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n, "nothing ordered")
	require.Empty(t, f.sim.Tickets())
}
