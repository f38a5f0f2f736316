package appointment_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/checkinresult"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// A new communication carries the location's active check-in offers, as a
// dealer admin set them (internal/onboard, behind the admin API and
// `pitstop admin location offer`), in their order; an inactive offer is
// not carried; an offer hidden for lease cars is carried hidden for a lease
// company's appointment and visible for another. A later edit changes no
// communication made before.
func TestNewCommunicationCarriesTheLocationsActiveOffers(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	loc := f.db.Appointment.GetX(ctx, f.ap).DealerLocationID
	// The seed's two offers are the location's, positions 1 and 2.
	p := func(v float64) *float64 { return &v }
	s := func(v string) *string { return &v }
	b := func(v bool) *bool { return &v }
	i := func(v int) *int { return &v }
	first, err := onboard.CreateOffer(ctx, f.db, loc, onboard.OfferInput{Name: s("Tyre check"), Price: p(0), Position: i(0),
		InfoURL: s("https://dealer.example/tyres")})
	require.NoError(t, err)
	_, err = onboard.CreateOffer(ctx, f.db, loc, onboard.OfferInput{Name: s("Old offer"), Price: p(5), Active: b(false)})
	require.NoError(t, err)
	_, err = onboard.CreateOffer(ctx, f.db, loc, onboard.OfferInput{Name: s("Lease-free loan car"), Price: p(25), Position: i(3),
		HideForLeaseAppointments: b(true)})
	require.NoError(t, err)

	carried := func(lease bool) []*ent.CheckInResult {
		t.Helper()
		ap := f.db.Appointment.Create().SetLocationID(loc).SetWoNr("WO-OFFERS").SetTimeCarApp(time.Now().Add(48 * time.Hour)).
			SetIsLeaseCompany(lease).SetCreatedBy("test").SaveX(ctx)
		var ref appointment.CommunicationRef
		f.run(t, &ref, f.acts.EnsureCommunication, ap.ID)
		return f.db.CheckInResult.Query().Where(checkinresult.CustomerCommunicationID(ref.CommunicationID)).
			Order(ent.Asc(checkinresult.FieldID)).AllX(ctx)
	}
	type row struct {
		name    string
		price   float64
		url     string
		hide    bool
		visible bool
	}
	rows := func(rs []*ent.CheckInResult) []row {
		out := []row{}
		for _, r := range rs {
			out = append(out, row{r.Name, r.Price, r.InfoURL, r.HideForLeaseAppointments, r.Visible})
		}
		return out
	}
	require.Equal(t, []row{{"Tyre check", 0, "https://dealer.example/tyres", false, true}, {"Car wash", 19.5, "", false, true},
		{"Replacement car", 35, "", false, true}, {"Lease-free loan car", 25, "", true, true}}, rows(carried(false)))
	leased := rows(carried(true))
	require.Equal(t, row{"Lease-free loan car", 25, "", true, false}, leased[3], "hidden for a lease company's car")

	// An edit reaches new communications only.
	before := f.db.CheckInResult.Query().Where(checkinresult.Name("Tyre check")).CountX(ctx)
	_, err = onboard.UpdateOffer(ctx, f.db, loc, first.ID, onboard.OfferInput{Name: s("Tyre check and pressure"), Active: b(false)})
	require.NoError(t, err)
	require.Equal(t, before, f.db.CheckInResult.Query().Where(checkinresult.Name("Tyre check")).CountX(ctx))
	require.Len(t, carried(false), 3)

	// The demo appointments got the seed's offers the same way.
	require.Equal(t, []row{{"Car wash", 19.5, "", false, true}, {"Replacement car", 35, "", false, true}},
		rows(f.db.CheckInResult.Query().Where(checkinresult.CustomerCommunicationID(f.com.CommunicationID)).
			Order(ent.Asc(checkinresult.FieldID)).AllX(ctx)))
}
