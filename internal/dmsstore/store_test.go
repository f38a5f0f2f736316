package dmsstore_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/dms"
	"github.com/pitstop-dev/pitstop/internal/dmsstore"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

func location(t *testing.T, db *ent.Client) dmsstore.Location {
	ctx := context.Background()
	d := db.Dealer.Create().SetName("D").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("L").SetDmsLocationID("BR-1").SaveX(ctx)
	return dmsstore.LocationOf(l)
}

func wo(nr string) dms.WorkOrder {
	km := 1000
	return dms.WorkOrder{
		DMSID: enums.DMSIDIncadea, DMSLocationID: "BR-1", DMSNr: "id-" + nr, WONr: nr,
		TimeCarApp: "2030-06-10T08:30:00Z", DMSKM: &km,
		Interventions: []dms.Intervention{
			{DMSNr: "J1", Title: "Service", Price: 100, Elements: []dms.Element{{DMSNr: "L1", ElementType: enums.InterventionElementTypeLabor, Price: 50, Quantity: 1}}},
			{DMSNr: "J2", Title: "Tyres", Price: 300},
		},
		Car:    dms.Car{DMSNr: "C1", Make: "Peugeot", RegNr: "AB-123-C"},
		Driver: &dms.Party{DMSNr: "P1", Surname: "Jansen", Insertion: "van"},
		Owner:  &dms.Party{DMSNr: "P1", Surname: "Jansen", Insertion: "van"},
	}
}

func TestUpsertIsIdempotent(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	loc := location(t, db)
	a, b := wo("WO-1"), wo("WO-2")
	ch, err := dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{a, b}, "dms")
	require.NoError(t, err)
	require.Len(t, ch, 2)
	require.Equal(t, dmsstore.KindNew, ch[0].Kind)
	require.Equal(t, 2, db.Appointment.Query().CountX(ctx))
	require.Equal(t, 1, db.Customer.Query().CountX(ctx), "driver and owner are one DMS party")
	require.Equal(t, 1, db.Car.Query().CountX(ctx))
	require.Equal(t, 4, db.Intervention.Query().CountX(ctx))
	require.Equal(t, 2, db.InterventionElement.Query().CountX(ctx))
	ap := db.Appointment.GetX(ctx, ch[0].AppointmentID)
	require.Equal(t, "van Jansen", ap.DriverSurname)

	// Pending until delivered: the same data again returns the owed change.
	ch2, err := dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{a}, "dms")
	require.NoError(t, err)
	require.Equal(t, []dmsstore.Kind{dmsstore.KindNew}, kinds(ch2))
	for _, c := range ch {
		require.NoError(t, dmsstore.Delivered(ctx, db, c))
	}
	// Delivered: the same data changes nothing.
	ap = db.Appointment.GetX(ctx, ap.ID)
	ch3, err := dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{a, b}, "dms")
	require.NoError(t, err)
	require.Empty(t, ch3)
	require.Equal(t, ap.UpdatedAt, db.Appointment.GetX(ctx, ap.ID).UpdatedAt)

	// A date change is a reschedule; a dropped job is marked, not deleted.
	a.TimeCarApp = "2030-06-12"
	a.Interventions = a.Interventions[:1]
	ch4, err := dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{a}, "dms")
	require.NoError(t, err)
	require.Equal(t, []dmsstore.Kind{dmsstore.KindRescheduled}, kinds(ch4))
	require.Equal(t, 4, db.Intervention.Query().CountX(ctx))
	require.Equal(t, 2, db.InterventionElement.Query().CountX(ctx), "elements replaced, not added")
	// A cancellation before delivery wins over the reschedule.
	a.Canceled = true
	ch5, err := dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{a}, "dms")
	require.NoError(t, err)
	require.Equal(t, []dmsstore.Kind{dmsstore.KindCancelled}, kinds(ch5))

	// Invalid input is refused whole, nothing written.
	bad := wo("WO-3")
	bad.TimeCarApp = "10/6/2019"
	_, err = dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{wo("WO-4"), bad}, "dms")
	require.Error(t, err)
	require.Equal(t, 2, db.Appointment.Query().CountX(ctx))
}

func kinds(cs []dmsstore.Change) []dmsstore.Kind {
	var out []dmsstore.Kind
	for _, c := range cs {
		out = append(out, c.Kind)
	}
	return out
}
