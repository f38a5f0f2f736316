package remotediagfake_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
	fake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
)

// Each account sees its own connectors, tickets, history and websocket
// updates only; the pool keeps one client per account.
func TestAccountsSeeOnlyTheirOwn(t *testing.T) {
	sim := fake.New()
	defer sim.Close()
	pool, err := rd.NewPool(sim.URL())
	require.NoError(t, err)
	ctx := context.Background()
	main, err := pool.Client("a", fake.ConnectorOnlineUUID, fake.DefaultPincode)
	require.NoError(t, err)
	other, err := pool.Client("b", fake.OtherConnectorUUID, fake.OtherPincode)
	require.NoError(t, err)
	again, err := pool.Client("a2", fake.ConnectorSecondUUID, fake.DefaultPincode)
	require.NoError(t, err)
	require.NotSame(t, main, again, "another login is another client, even of the same customer")
	same, _ := pool.Client("a", fake.ConnectorOnlineUUID, fake.DefaultPincode)
	require.Same(t, main, same)
	require.Error(t, pool.Verify(ctx, fake.OtherConnectorUUID, "0000"))
	require.NoError(t, pool.Verify(ctx, fake.OtherConnectorUUID, fake.OtherPincode))

	pm, err := main.ListConnectors(ctx, rd.PageParams{})
	require.NoError(t, err)
	require.Equal(t, fake.SeedConnectors, pm.Total)
	po, err := other.ListConnectors(ctx, rd.PageParams{})
	require.NoError(t, err)
	require.Equal(t, 1, po.Total)
	require.Equal(t, fake.OtherConnectorID, po.Result[0].ID)
	_, err = other.Connector(ctx, fake.ConnectorOnlineID)
	require.True(t, rd.IsNotFound(err), "%v", err)
	_, err = other.ActiveTicket(ctx, fake.ConnectorOnlineID)
	require.True(t, rd.IsNotFound(err), "%v", err)
	_, err = other.HistoricalTicket(ctx, fake.HistoricalTicketID)
	require.True(t, rd.IsNotFound(err), "%v", err)
	_, err = other.TicketNotes(ctx, fake.HistoricalTicketID)
	require.True(t, rd.IsNotFound(err), "%v", err)
	hm, err := main.HistoricalTickets(ctx, rd.HistoricalQuery{VIN: fake.VINFord})
	require.NoError(t, err)
	require.Len(t, hm.Result, 1)
	require.Equal(t, fake.HistoricalTicketID, hm.Result[0].ID)
	ho, err := other.HistoricalTickets(ctx, rd.HistoricalQuery{VIN: fake.VINFord})
	require.NoError(t, err)
	require.Len(t, ho.Result, 1)
	require.Equal(t, fake.OtherHistoricalTicketID, ho.Result[0].ID)

	// An order on another customer's connector is "not found", not "busy".
	req := rd.CreateTicketRequest{VIN: fake.VINFord, VehicleModelID: fake.ModelFocusII, VehicleModelVariantID: fake.VariantFocus14,
		ConnectorID: fake.ConnectorOnlineID, ProductIDs: []int64{fake.ProductNavigation}, Metadata: rd.TicketMetadata{AppName: "t"}}
	_, err = other.CreateTicket(ctx, req)
	require.True(t, rd.IsNotFound(err), "%v", err)

	// The other account's websocket hears nothing of the main account's ticket.
	sub, err := other.Subscribe(ctx)
	require.NoError(t, err)
	defer sub.Close()
	subMain, err := main.Subscribe(ctx)
	require.NoError(t, err)
	defer subMain.Close()
	tk, err := main.CreateTicket(ctx, req)
	require.NoError(t, err)
	select {
	case u := <-subMain.Updates():
		require.Equal(t, rd.UpdateTicket, u.Type)
		require.Equal(t, tk.IDInt(), u.Ticket.IDInt())
	case <-time.After(5 * time.Second):
		t.Fatal("the main account heard nothing of its ticket")
	}
	select {
	case u := <-sub.Updates():
		t.Fatalf("the other account heard of the main account's ticket: %+v", u)
	case <-time.After(200 * time.Millisecond): // the main account heard its update first (above)
	}
}
