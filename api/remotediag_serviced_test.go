package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	rdfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
)

// The car's page asks whether the remote-diagnose provider serviced the
// appointment's car: matched by VIN in the location's own account's
// serviced vehicles (each account sees its own service of the same Ford),
// "not_set_up" without an account, "no_vin" without a VIN, and
// "unavailable" (HTTP 200, never a broken page) when the provider is down.
func TestRemoteDiagServicedVehicleOnTheCarsPage(t *testing.T) {
	f := newRDAccountFixture(t)
	ctx := context.Background()
	cu := f.db.Customer.Create().SetLocationID(f.locA).SetFirstName("Ada").SetSurname("Aalders").SaveX(ctx)
	appointment := func(loc int, vin string) int {
		return f.db.Appointment.Create().SetLocationID(loc).SetCustomerDriverID(cu.ID).SetWoNr("WO-" + vin).SetVin(vin).
			SetTimeCarApp(time.Now().Add(24 * time.Hour)).SetRegNumber("AA-1").SetCreatedBy("test").SaveX(ctx).ID
	}
	ford, renault, none := appointment(f.locA, rdfake.VINFord), appointment(f.locA, rdfake.VINRenault), appointment(f.locA, "")
	fordB := appointment(f.locB, rdfake.VINFord)
	get := func(tok string, id int) (int, staffapi.ServicedVehicleView, string) {
		var v staffapi.ServicedVehicleView
		code, b := f.call("GET", fmt.Sprintf("/v1/appointments/%d/remote_diagnose/serviced_vehicle", id), tok, nil, &v)
		return code, v, string(b)
	}

	code, v, b := get(f.tokA, ford)
	require.Equal(t, http.StatusOK, code, b)
	require.Equal(t, staffapi.ServicedYes, v.Status, b)
	require.NotNil(t, v.LastServicedAt, b)
	require.Equal(t, "2021-09-08T10:43:29+00:00", *v.LastServicedAt, "the main account's ticket finished 40 minutes after its start")
	require.Equal(t, rdfake.VINFord, v.VIN)
	require.NotEmpty(t, v.ModelVariantName, b)
	require.True(t, v.Complete)

	code, v, b = get(f.tokA, renault)
	require.Equal(t, http.StatusOK, code, b)
	require.Equal(t, staffapi.ServicedNo, v.Status, b)
	require.Nil(t, v.LastServicedAt)
	require.True(t, v.Complete, "the account's whole (short) list was searched")

	code, v, b = get(f.tokA, none)
	require.Equal(t, http.StatusOK, code, b)
	require.Equal(t, staffapi.ServicedNoVIN, v.Status, b)

	// B has no account: said so, no data; B may not read A's appointment.
	code, v, b = get(f.tokB, fordB)
	require.Equal(t, http.StatusOK, code, b)
	require.Equal(t, staffapi.ServicedNotSetUp, v.Status, b)
	require.Nil(t, v.LastServicedAt, b)
	code, _, _ = get(f.tokB, ford)
	require.Equal(t, http.StatusNotFound, code)

	// With its own account B sees its own service of the same Ford (a day
	// later at the other garage), not A's.
	require.NoError(t, f.db.DealerLocation.UpdateOneID(f.locB).SetRemoteDiagConnectorUUID(rdfake.OtherConnectorUUID).
		SetRemoteDiagPincode(rdfake.OtherPincode).Exec(ctx))
	code, v, b = get(f.tokB, fordB)
	require.Equal(t, http.StatusOK, code, b)
	require.Equal(t, staffapi.ServicedYes, v.Status, b)
	require.Equal(t, "2021-09-09T11:03:29+00:00", *v.LastServicedAt, b)

	// The provider answers 503: a clear "unavailable", HTTP 200.
	f.sim.FailNext(1, http.StatusServiceUnavailable)
	code, v, b = get(f.tokA, ford)
	require.Equal(t, http.StatusOK, code, b)
	require.Equal(t, staffapi.ServicedUnavailable, v.Status, b)
	require.Contains(t, v.Message, "unavailable")
	require.Nil(t, v.LastServicedAt)

	// The provider is gone altogether: the same.
	f.sim.Close()
	code, v, b = get(f.tokA, ford)
	require.Equal(t, http.StatusOK, code, b)
	require.Equal(t, staffapi.ServicedUnavailable, v.Status, b)
}
