package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// PATCH /v1/appointments/{id}/interventions/{intervention_id}: the
// receptionist re-prices or hides an item before (re)sending the diagnose
// overview; a new price is marked dms_price_edited. Bad input changes
// nothing; another appointment's intervention or another location's
// appointment is not found.
func TestReceptionistRepricesAndHidesAnIntervention(t *testing.T) {
	f := newAdminFixture(t)
	ctx := context.Background()
	ap := f.consoleAppointment(f.locA, "RP-01", time.Now().Add(time.Hour))
	other := f.consoleAppointment(f.locA, "RP-02", time.Now().Add(time.Hour))
	iv := f.db.Intervention.Create().SetAppointmentID(ap.ID).SetDealerLocationID(f.locA).SetTitle("Brake pads").SetPrice(100).SaveX(ctx)
	tok := f.token(enums.RoleIDReceptionist)
	path := fmt.Sprintf("/v1/appointments/%d/interventions/%d", ap.ID, iv.ID)

	var out map[string]any
	code, body := f.call("PATCH", path, tok, map[string]any{"price": 79.5}, &out)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, map[string]any{"id": float64(iv.ID), "price": 79.5, "dms_price_edited": true, "visible_to_customer": true}, out)
	code, body = f.call("PATCH", path, tok, map[string]any{"visible_to_customer": false}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	got := f.db.Intervention.GetX(ctx, iv.ID)
	require.Equal(t, 79.5, got.Price)
	require.True(t, got.DmsPriceEdited)
	require.False(t, got.VisibleToCustomer)

	// The receptionist's list still holds the hidden item; the customer's
	// read would not.
	var list struct {
		Interventions []map[string]any `json:"interventions"`
	}
	code, body = f.call("GET", fmt.Sprintf("/v1/appointments/%d/interventions", ap.ID), tok, nil, &list)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, list.Interventions, 1)
	require.Equal(t, false, list.Interventions[0]["visible_to_customer"])
	require.Equal(t, 79.5, list.Interventions[0]["price"])

	for _, bad := range []struct {
		body any
		want string
	}{
		{map[string]any{}, "give at least one"},
		{map[string]any{"price": -1}, "price: must be between 0 and"},
		{map[string]any{"price": 2e6}, "price: must be between 0 and"},
		{map[string]any{"price": "free"}, ""},
		{map[string]any{"title": "x"}, ""},
	} {
		code, body := f.call("PATCH", path, tok, bad.body, nil)
		require.Equal(t, http.StatusOK, code, string(body))
		errs := strings.Join(errorsIn(body), " ")
		require.NotEmpty(t, errs, "%v is refused", bad.body)
		require.Contains(t, errs, bad.want)
	}
	require.Equal(t, got.Price, f.db.Intervention.GetX(ctx, iv.ID).Price, "refused edits change nothing")

	code, _ = f.call("PATCH", fmt.Sprintf("/v1/appointments/%d/interventions/%d", other.ID, iv.ID), tok, map[string]any{"price": 1}, nil)
	require.Equal(t, http.StatusNotFound, code, "another appointment's intervention")
	theirs := f.consoleAppointment(f.locB, "RP-03", time.Now().Add(time.Hour))
	ivB := f.db.Intervention.Create().SetAppointmentID(theirs.ID).SetDealerLocationID(f.locB).SetTitle("Tyres").SetPrice(300).SaveX(ctx)
	code, _ = f.call("PATCH", fmt.Sprintf("/v1/appointments/%d/interventions/%d", theirs.ID, ivB.ID), tok, map[string]any{"price": 1}, nil)
	require.Contains(t, []int{http.StatusNotFound, http.StatusForbidden}, code, "another location's appointment")
	require.Equal(t, 300.0, f.db.Intervention.GetX(ctx, ivB.ID).Price)
}
