package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	rdfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
	pitenums "github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// Two dealers, each location with its own account at the remote-diagnose
// simulator: the demo dealer's location has the main account, dealer B's
// location the other one. Through the real API and worker, B sees and
// orders on its own connector only, its ticket runs to its end on B's
// account (readiness, price, creation, websocket, notes), and an order on
// the demo dealer's connector is refused without naming anything of it.
func TestRemoteDiagnosePerLocation(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	d, err := s.DB.Dealer.Create().SetName("Other Motors").SetCountryCode("NL").Save(ctx)
	require.NoError(t, err)
	locB, err := s.DB.DealerLocation.Create().SetDealerID(d.ID).SetName("Other").SetCountry("NL").
		SetLanguageCode(pitenums.LanguageCodeEnGB).SetActive(true).Save(ctx)
	require.NoError(t, err)
	_, err = onboard.SetRemoteDiagAccount(ctx, s.DB.Client, locB.ID,
		&onboard.RemoteDiagAccount{ConnectorUUID: rdfake.OtherConnectorUUID, Pincode: rdfake.OtherPincode})
	require.NoError(t, err)
	u, err := s.DB.User.Create().SetFirstName("Bea").SetLastName("B").SetEmail("bea@other.e2e.pitstop.local").
		SetRoleID(pitenums.RoleIDReceptionist).SetDealerID(d.ID).SetDealerLocationID(locB.ID).SetLocationIds([]int{locB.ID}).Save(ctx)
	require.NoError(t, err)
	tokB := s.token(u.ID, []int{locB.ID}, pitenums.RoleIDReceptionist, time.Hour, time.Now())
	cu, err := s.DB.Customer.Create().SetLocationID(locB.ID).SetFirstName("Bob").SetSurname("B").Save(ctx)
	require.NoError(t, err)
	apB, err := s.DB.Appointment.Create().SetLocationID(locB.ID).SetCustomerDriverID(cu.ID).SetWoNr("WO-B1").
		SetTimeCarApp(time.Now().Add(24 * time.Hour).Truncate(time.Minute)).SetRegNumber("BB-123-B").SetCreatedBy("e2e").Save(ctx)
	require.NoError(t, err)

	ids := func(tok string) []int64 {
		var p staffapi.PageView[staffapi.ConnectorView]
		code, b := s.call("GET", "/v1/remote_diagnose/connectors", tok, nil, &p)
		require.Equal(t, http.StatusOK, code, string(b))
		out := []int64{}
		for _, c := range p.Result {
			out = append(out, c.ID)
		}
		return out
	}
	require.Equal(t, []int64{rdfake.OtherConnectorID}, ids(tokB))
	require.NotContains(t, ids(s.Token), rdfake.OtherConnectorID)

	// B orders on the demo dealer's connector: refused, nothing of it shown.
	order := fmt.Sprintf("/v1/appointments/%d/remote_diagnose/tickets", apB.ID)
	code, b := s.call("POST", order, tokB, map[string]any{"connector_id": rdfake.ConnectorOnlineID, "vin": rdfake.VINRenault,
		"product_ids": []int64{rdfake.ProductNavigation}}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Contains(t, strings.Join(errorsOf(t, b), " "), "is not one of this location's remote-diagnose connectors")
	require.NotContains(t, string(b), rdfake.VINFord)

	// B's own ticket runs to its end on B's account.
	var created staffapi.CreatedTicketView
	code, b = s.call("POST", order, tokB, map[string]any{"connector_id": rdfake.OtherConnectorID, "vin": rdfake.VINRenault,
		"product_ids": []int64{rdfake.ProductNavigation}}, &created)
	require.Equal(t, http.StatusOK, code, string(b))
	require.NotEmpty(t, created.RequestID, string(b))
	var st staffapi.TicketStateView
	require.Eventually(t, func() bool {
		st = staffapi.TicketStateView{}
		code, _ := s.call("GET", "/v1/remote_diagnose/tickets/"+created.RequestID+"/state", tokB, nil, &st)
		return code == http.StatusOK && ended(st)
	}, 20*time.Second, 50*time.Millisecond, "last state: %+v", st)
	require.Equal(t, "closed", st.Status, "%+v", st)
	require.Equal(t, 1, st.Notes)
	tickets := s.RD.Tickets()
	require.Len(t, tickets, 1)
	require.Equal(t, rdfake.OtherConnectorID, tickets[0].Ticket.ConnectorID)
	require.Equal(t, tickets[0].Ticket.IDInt(), st.ProviderTicketID)

	// The demo receptionist cannot read B's ticket.
	code, _ = s.call("GET", "/v1/remote_diagnose/tickets/"+created.RequestID+"/state", s.Token, nil, nil)
	require.Equal(t, http.StatusNotFound, code)
}
