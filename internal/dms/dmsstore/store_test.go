package dmsstore_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/interventionelement"
	"github.com/pitstop-dev/pitstop/internal/custerase"
	"github.com/pitstop-dev/pitstop/internal/dms"
	"github.com/pitstop-dev/pitstop/internal/dms/dmsstore"
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

// TestUpsertBatchSharedPartiesDuplicatesAndClears: one batch with a party
// shared by several work orders, a work order twice (the last wins, written
// once), then an update that drops optional dates and a party: they are
// cleared, while what the lifecycle set (stage) stays.
func TestUpsertBatchSharedPartiesDuplicatesAndClears(t *testing.T) {
	upsertBatch(t, storetest.New(t).Client)
}

// The same on SQLite (make run's embedded database): the bulk upserts and
// their RETURNING ids work there too.
func TestUpsertBatchSQLite(t *testing.T) {
	upsertBatch(t, storetest.NewSQLite(t).Client)
}

func upsertBatch(t *testing.T, db *ent.Client) {
	ctx := context.Background()
	loc := location(t, db)
	var batch []dms.WorkOrder
	for i := 0; i < 30; i++ {
		w := wo(fmt.Sprintf("WO-%d", i))
		w.Car = dms.Car{DMSNr: fmt.Sprintf("C%d", i), RegNr: fmt.Sprintf("AA-%02d-BB", i), APKDateDMS: "2031-01-01"}
		w.Driver = &dms.Party{DMSNr: fmt.Sprintf("D%d", i), Surname: "Driver"}
		w.Owner = &dms.Party{DMSNr: "LEASE", Company: "Lease BV", IsLeaseCompany: true}
		w.DueIn = "2030-06-10T08:00:00Z"
		batch = append(batch, w)
	}
	again := batch[3]
	again.CustomerWaiting = true
	batch = append(batch, again)
	ch, err := dmsstore.Upsert(ctx, db, loc, batch, "dms")
	require.NoError(t, err)
	require.Len(t, ch, 30, "the repeated work order is written once")
	require.Equal(t, 30, ch[len(ch)-1].Index, "from its last occurrence")
	require.Equal(t, 30, db.Appointment.Query().CountX(ctx))
	require.Equal(t, 31, db.Customer.Query().CountX(ctx), "30 drivers and one shared owner")
	require.Equal(t, 30, db.Car.Query().CountX(ctx))
	require.Equal(t, 60, db.Intervention.Query().CountX(ctx))
	ap := db.Appointment.GetX(ctx, ch[len(ch)-1].AppointmentID)
	require.Equal(t, "WO-3", ap.WoNr)
	require.True(t, ap.CustomerWaiting)
	require.NotNil(t, ap.DueIn)
	require.NotZero(t, ap.CustomerOwnerID)
	lease := db.Customer.GetX(ctx, ap.CustomerOwnerID)
	require.Equal(t, "Lease BV", lease.Company)
	for _, c := range ch {
		require.NoError(t, dmsstore.Delivered(ctx, db, c))
	}
	db.Appointment.UpdateOneID(ap.ID).SetLifecycleStage("check_in_sent").ExecX(ctx)

	w := batch[30]
	w.DueIn, w.Owner, w.Car.APKDateDMS = "", nil, ""
	w.Interventions = append(w.Interventions, dms.Intervention{DMSNr: "J3", Title: "Wipers", Price: 20,
		Elements: []dms.Element{{DMSNr: "P9", ElementType: enums.InterventionElementTypePart, Price: 20, Quantity: 2}}})
	ch, err = dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{w}, "dms")
	require.NoError(t, err)
	require.Equal(t, []dmsstore.Kind{dmsstore.KindChanged}, kinds(ch))
	ap = db.Appointment.GetX(ctx, ap.ID)
	require.Nil(t, ap.DueIn, "a date the DMS dropped is cleared")
	require.Zero(t, ap.CustomerOwnerID, "an owner the DMS dropped is unlinked")
	require.Equal(t, "check_in_sent", ap.LifecycleStage, "the lifecycle's columns are not the DMS's")
	require.Equal(t, "dms", ap.CreatedBy)
	require.Nil(t, db.Car.GetX(ctx, ap.CarID).ApkDateDms)
	require.Equal(t, 3, db.Intervention.Query().Where(intervention.AppointmentID(ap.ID)).CountX(ctx))
	require.Equal(t, 2, db.InterventionElement.Query().Where(interventionelement.HasInterventionWith(intervention.AppointmentID(ap.ID))).CountX(ctx))
}

// TestUpsertClearsCustomerDocuments: the batch writes with the readdoc hook
// off (readdoc.Bulk) and clears the documents itself: of a re-imported
// appointment, and of another appointment showing a party the batch changed.
func TestUpsertClearsCustomerDocuments(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	loc := location(t, db)
	a, b := wo("WO-1"), wo("WO-2")
	b.Driver = &dms.Party{DMSNr: "P2", Surname: "Other"}
	b.Owner = a.Owner // P1, shared with a
	b.Car = dms.Car{DMSNr: "C2", RegNr: "CC-22-DD"}
	ch, err := dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{a, b}, "dms")
	require.NoError(t, err)
	com := func(apID int, n string) int {
		c := db.CustomerCommunication.Create().SetAppointmentID(apID).SetDealerLocationID(loc.ID).
			SetCustomerKeyHash("ck" + n).SetCustomerKeySalt("s").SetReceptionistKeyHash("rk" + n).SetReceptionistKeySalt("s").
			SetDocument([]byte(`{}`)).SaveX(ctx)
		return c.ID
	}
	ca, cb := com(ch[0].AppointmentID, "a"), com(ch[1].AppointmentID, "b")
	unchanged := a
	_, err = dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{unchanged}, "dms")
	require.NoError(t, err)
	require.Equal(t, 0, db.CustomerCommunication.GetX(ctx, ca).DocumentVersion, "an unchanged work order writes nothing")

	a.Owner = &dms.Party{DMSNr: "P1", Surname: "Jansen", Insertion: "van", Place: "Utrecht"} // also b's owner
	_, err = dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{a}, "dms")
	require.NoError(t, err)
	for _, id := range []int{ca, cb} {
		c := db.CustomerCommunication.GetX(ctx, id)
		require.True(t, c.Document == nil || *c.Document == nil, "communication %d: document cleared", id)
		require.Equal(t, 1, c.DocumentVersion, "communication %d", id)
	}
}

// TestUpsertClearsDocumentsShowingItsCarOrParties: a re-imported work
// order whose car or party changed clears the documents of every other
// appointment that shows that car, or that party as driver, owner or
// contractor (each a path of its own in invalidate), and of no other.
func TestUpsertClearsDocumentsShowingItsCarOrParties(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	loc := location(t, db)
	p1 := &dms.Party{DMSNr: "P1", Surname: "Jansen"}
	x := wo("WO-X")
	x.Car, x.Driver, x.Owner = dms.Car{DMSNr: "C1", Make: "Peugeot", RegNr: "AB-123-C"}, p1, p1
	other := func(nr, car string, driver, owner, contractor *dms.Party) dms.WorkOrder {
		w := wo(nr)
		w.Car, w.Driver, w.Owner, w.Contractor = dms.Car{DMSNr: car, RegNr: "RG-" + car}, driver, owner, contractor
		return w
	}
	q := func(n string) *dms.Party { return &dms.Party{DMSNr: n, Surname: "Q" + n} }
	byCar := other("WO-CAR", "C1", q("Q1"), nil, nil)
	byCar.Car = x.Car
	batch := []dms.WorkOrder{x, byCar,
		other("WO-DRV", "C2", p1, nil, nil),
		other("WO-OWN", "C3", q("Q2"), p1, nil),
		other("WO-CON", "C4", q("Q3"), nil, p1),
		other("WO-NONE", "C5", q("Q4"), nil, nil)}
	ch, err := dmsstore.Upsert(ctx, db, loc, batch, "dms")
	require.NoError(t, err)
	require.Len(t, ch, len(batch))
	require.Equal(t, 5, db.Car.Query().CountX(ctx), "WO-CAR shows WO-X's car")
	coms := map[string]int{}
	for i, c := range ch {
		n := batch[i].WONr
		coms[n] = db.CustomerCommunication.Create().SetAppointmentID(c.AppointmentID).SetDealerLocationID(loc.ID).
			SetCustomerKeyHash("ck" + n).SetCustomerKeySalt("s").SetReceptionistKeyHash("rk" + n).SetReceptionistKeySalt("s").
			SetDocument([]byte(`{}`)).SaveX(ctx).ID
	}

	// Only WO-X is imported again, its car and its party changed.
	x.Car.Model = "208"
	x.Driver = &dms.Party{DMSNr: "P1", Surname: "Jansen", Place: "Utrecht"}
	x.Owner = x.Driver
	_, err = dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{x}, "dms")
	require.NoError(t, err)
	for n, id := range coms {
		c := db.CustomerCommunication.GetX(ctx, id)
		if n == "WO-NONE" {
			require.Equal(t, 0, c.DocumentVersion, "%s shows nothing that changed", n)
			require.NotNil(t, c.Document, n)
			continue
		}
		require.True(t, c.Document == nil || *c.Document == nil, "%s: document cleared", n)
		require.Equal(t, 1, c.DocumentVersion, n)
	}
}

// TestPostgresFastPathMatchesEnt: on PostgreSQL the page's rows are written
// with one unnest statement per table (pgbulk.go) instead of ent's bulk
// creates and upserts. The same work order written through both paths (new,
// then changed) gives rows equal in every field but ids, keys and times, so
// the fast path fills every defaulted column with ent's default (a column
// added later with a default fails here until the fast path gives it) and
// updates the same columns.
func TestPostgresFastPathMatchesEnt(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	loc := location(t, db)
	full := func(nr string, car, cancelled bool) dms.WorkOrder {
		w := wo(nr)
		w.DueIn, w.CarReturnTime, w.DMSCreatedAt, w.CustomerWaiting = "2030-06-10T08:00:00Z", "2030-06-10T17:00:00Z", "2030-06-01", true
		w.Canceled = cancelled
		w.Interventions[0].Description = "as agreed"
		w.Interventions[0].Elements = append(w.Interventions[0].Elements,
			dms.Element{DMSNr: "L2", ParentDMSNr: "L1", ElementType: enums.InterventionElementTypePart, Description: "oil",
				Price: 12.5, Quantity: 4.5, PrivateNote: "margin"})
		w.Interventions = append(w.Interventions, dms.Intervention{Title: "Wash", Price: 0})
		w.Car = dms.Car{DMSNr: "C-" + nr, Make: "Peugeot", Model: "208", RegNr: "AB-123-C", VIN: "VF3", Fuel: "diesel",
			DMSRegistration: "2020-01-15", APKDateDMS: "2031-03-01"}
		if !car {
			w.Car = dms.Car{Make: "Peugeot"}
		}
		w.Driver = &dms.Party{DMSNr: "D-" + nr, Title: "Dhr.", FirstName: "Jan", Surname: "Jansen", Insertion: "van",
			Street: "Dorpsstraat", HouseNr: "1", Postcode: "1234 AB", Place: "Utrecht", EmailPrivate: "jan@example.com",
			TelMobilePrivate: "+31612345678"}
		w.Owner = &dms.Party{DMSNr: "O-" + nr, Company: "Lease BV", IsLeaseCompany: true, EmailBusiness: "fleet@example.com"}
		w.Contractor = &dms.Party{Surname: "Contractor"} // no DMS id: its work order's own
		return w
	}
	// Rows with what must differ between the two writes masked.
	type written struct {
		ap, car, parties, ivs, elems any
		closed                       bool
	}
	var before time.Time
	write := func(w dms.WorkOrder) written {
		before = time.Now()
		ch, err := dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{w}, "dms")
		require.NoError(t, err)
		require.Len(t, ch, 1)
		ap := db.Appointment.GetX(ctx, ch[0].AppointmentID)
		requireWriteTime(t, before, ap.UpdatedAt, *ap.LastDmsUpdate, ap.LastTimestamp)
		var out written
		out.ap = exported(ap, "ID", "CreatedAt", "UpdatedAt", "DmsKey", "DmsNr", "WoNr", "DmsHash", "LastDmsUpdate", "LastTimestamp",
			"CarID", "CustomerDriverID", "CustomerOwnerID", "CustomerContractID", "ClosedAt")
		out.closed = ap.ClosedAt != nil // a row imported cancelled is closed at its first write (a time: compared by presence)
		if w.Car.DMSNr != "" {
			c := db.Car.GetX(ctx, ap.CarID)
			requireWriteTime(t, before, c.UpdatedAt)
			out.car = exported(c, "ID", "CreatedAt", "UpdatedAt", "DmsKey", "DmsNr")
		} else {
			require.Zero(t, ap.CarID)
		}
		var parties []any
		for _, id := range []int{ap.CustomerDriverID, ap.CustomerOwnerID, ap.CustomerContractID} {
			p := db.Customer.GetX(ctx, id)
			requireWriteTime(t, before, p.UpdatedAt)
			parties = append(parties, exported(p, "ID", "CreatedAt", "UpdatedAt", "DmsKey", "DmsNr"))
		}
		out.parties = parties
		ivs := db.Intervention.Query().Where(intervention.AppointmentID(ap.ID)).Order(ent.Asc(intervention.FieldID)).AllX(ctx)
		require.Len(t, ivs, len(w.Interventions))
		var elems []any
		for _, iv := range ivs {
			require.Equal(t, ap.CarID, iv.CarID)
			es := db.InterventionElement.Query().Where(interventionelement.InterventionID(iv.ID)).
				Order(ent.Asc(interventionelement.FieldID)).AllX(ctx)
			for _, e := range es {
				requireWriteTime(t, before, e.CreatedAt, e.UpdatedAt)
			}
			elems = append(elems, exported(es, "ID", "InterventionID", "CreatedAt", "UpdatedAt"))
		}
		out.ivs = exported(ivs, "ID", "AppointmentID", "CarID", "CreatedAt", "UpdatedAt")
		out.elems = elems
		return out
	}
	for _, c := range []struct{ car, cancelled bool }{{true, false}, {false, false}, {true, true}} {
		name := fmt.Sprintf("car %v cancelled %v", c.car, c.cancelled)
		fastWO, entWO := full("WO-FAST-"+name, c.car, c.cancelled), full("WO-ENT-"+name, c.car, c.cancelled)
		fast := write(fastWO)
		restore := dmsstore.UseEntOnly()
		viaEnt := write(entWO)
		restore()
		require.Equal(t, viaEnt, fast, name)
		// Changed: dates and a party dropped, an intervention changed and one added.
		for _, w := range []*dms.WorkOrder{&fastWO, &entWO} {
			w.DueIn, w.CarReturnTime, w.Contractor, w.CustomerWaiting = "", "", nil, false
			w.Car.APKDateDMS, w.Car.Model = "", "308"
			w.Owner.EmailBusiness = "lease@example.com"
			w.Interventions[1].Price = 350
			w.Interventions = append(w.Interventions, dms.Intervention{DMSNr: "J9", Title: "Wipers",
				Elements: []dms.Element{{DMSNr: "P9", ElementType: enums.InterventionElementTypePart, Price: 20, Quantity: 2}}})
			w.Contractor = &dms.Party{Surname: "Other"}
		}
		fast = write(fastWO)
		restore = dmsstore.UseEntOnly()
		viaEnt = write(entWO)
		restore()
		require.Equal(t, viaEnt, fast, name+", changed")
	}
}

// requireWriteTime: created_at and updated_at are the time of a write that
// started at before (ent takes time.Now per column, the fast path once per
// page).
func requireWriteTime(t *testing.T, before time.Time, ts ...time.Time) {
	t.Helper()
	for _, v := range ts {
		require.False(t, v.Before(before.Truncate(time.Microsecond)), "%v is before the write (%v)", v, before)
		require.False(t, v.After(time.Now()), "%v is after the write", v)
	}
}

// exported is every exported field (but Edges and skip) of the ent row v
// (a pointer to a row, or a slice of them), by name.
func exported(v any, skip ...string) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice {
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = exported(rv.Index(i).Interface(), skip...)
		}
		return out
	}
	rv = rv.Elem()
	m := map[string]any{}
	for i := 0; i < rv.NumField(); i++ {
		if f := rv.Type().Field(i); f.IsExported() && f.Name != "Edges" && !slices.Contains(skip, f.Name) {
			m[f.Name] = rv.Field(i).Interface()
		}
	}
	return m
}

// PendingChanges finds what an import stored and has not delivered, by the
// work orders' keys: what a delivery apart from the import (a Carsys
// push's workflow) hands on; a delivered change is no longer pending.
func TestPendingChanges(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	loc := location(t, db)
	a, b, c := wo("WO-1"), wo("WO-2"), wo("WO-3")
	ch, err := dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{a, b, c}, "dms")
	require.NoError(t, err)
	require.NoError(t, dmsstore.Delivered(ctx, db, ch[1]))
	keys := []string{dmsstore.Key(&c), dmsstore.Key(&b), dmsstore.Key(&a), "id-unknown"}
	got, err := dmsstore.PendingChanges(ctx, db, loc.ID, keys)
	require.NoError(t, err)
	require.Len(t, got, 2)
	byIndex := map[int]dmsstore.Change{}
	for _, g := range got {
		byIndex[g.Index] = g
	}
	require.Equal(t, ch[2].AppointmentID, byIndex[0].AppointmentID)
	require.Equal(t, ch[0].AppointmentID, byIndex[2].AppointmentID)
	require.Equal(t, dmsstore.KindNew, byIndex[2].Kind)
	require.Equal(t, "WO-1", byIndex[2].WONr)
	require.True(t, ch[0].AppointmentAt.Equal(byIndex[2].AppointmentAt))
	none, err := dmsstore.PendingChanges(ctx, db, loc.ID+1, keys)
	require.NoError(t, err)
	require.Empty(t, none, "another location's work orders are not ours")
}

// DeliverAll steers the changes (appointments in parallel) and clears
// their pending markers for the batch at once: when a steer fails, the
// changes steered are recorded (a cancellation no workflow took marks its
// appointment cancelled) and the rest stays pending; a marker a newer
// import replaced meanwhile is not cleared.
func TestDeliverAllRecordsWhatItSteered(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	loc := location(t, db)
	ch, err := dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{wo("WO-1"), wo("WO-2"), wo("WO-3"), wo("WO-4")}, "dms")
	require.NoError(t, err)
	require.Len(t, ch, 4)
	// A newer import replaced WO-2's marker after this batch read it.
	db.Appointment.UpdateOneID(ch[1].AppointmentID).SetDmsLifecyclePending(string(dmsstore.KindRescheduled)).ExecX(ctx)
	var mu sync.Mutex
	var steered []int
	var others sync.WaitGroup // the three that succeed, before the one that fails
	others.Add(3)
	boom := fmt.Errorf("temporal unavailable")
	steer := func(_ context.Context, c dmsstore.Change) (dmsstore.SteerOutcome, error) {
		switch c.AppointmentID {
		case ch[2].AppointmentID:
			others.Done()
			return dmsstore.SteerNoWorkflow, nil
		case ch[3].AppointmentID:
			others.Wait()
			return "", boom
		}
		mu.Lock()
		steered = append(steered, c.AppointmentID)
		mu.Unlock()
		others.Done()
		return dmsstore.SteerStarted, nil
	}
	var each int
	outs, err := dmsstore.DeliverAll(ctx, db, steer, ch, func(dmsstore.SteerOutcome) { each++ })
	require.ErrorIs(t, err, boom)
	require.Equal(t, []dmsstore.SteerOutcome{dmsstore.SteerStarted, dmsstore.SteerStarted, dmsstore.SteerNoWorkflow, ""}, outs)
	require.Equal(t, 3, each)
	require.ElementsMatch(t, []int{ch[0].AppointmentID, ch[1].AppointmentID}, steered)
	pendingOf := func(i int) string { return db.Appointment.GetX(ctx, ch[i].AppointmentID).DmsLifecyclePending }
	require.Empty(t, pendingOf(0), "delivered")
	require.Equal(t, string(dmsstore.KindRescheduled), pendingOf(1), "the newer import's message is still owed")
	require.Empty(t, pendingOf(2), "delivered (no workflow to take it)")
	require.Equal(t, string(dmsstore.KindNew), pendingOf(3), "the failed steer leaves its change pending")
	require.Equal(t, "cancelled", db.Appointment.GetX(ctx, ch[2].AppointmentID).LifecycleStage)
	require.NotEqual(t, "cancelled", db.Appointment.GetX(ctx, ch[0].AppointmentID).LifecycleStage)

	// The retry delivers the rest.
	rest, err := dmsstore.PendingChanges(ctx, db, loc.ID, []string{"id-WO-4"})
	require.NoError(t, err)
	outs, err = dmsstore.DeliverAll(ctx, db, func(context.Context, dmsstore.Change) (dmsstore.SteerOutcome, error) {
		return dmsstore.SteerStarted, nil
	}, rest, nil)
	require.NoError(t, err)
	require.Len(t, outs, 1)
	require.Empty(t, pendingOf(3))
}

// Changes of one appointment are steered in their order, one after the
// other, while other appointments go in parallel.
func TestDeliverAllKeepsEachAppointmentsOrder(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	loc := location(t, db)
	ch, err := dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{wo("WO-1"), wo("WO-2")}, "dms")
	require.NoError(t, err)
	first, later := ch[0], ch[0]
	later.Kind = dmsstore.KindRescheduled
	var mu sync.Mutex
	var order []dmsstore.Kind
	inFlight := map[int]bool{}
	steer := func(_ context.Context, c dmsstore.Change) (dmsstore.SteerOutcome, error) {
		mu.Lock()
		require.False(t, inFlight[c.AppointmentID], "two changes of one appointment at once")
		inFlight[c.AppointmentID] = true
		mu.Unlock()
		if c.Kind == dmsstore.KindNew {
			time.Sleep(50 * time.Millisecond) // a slow first steer must not be overtaken
		}
		mu.Lock()
		defer mu.Unlock()
		inFlight[c.AppointmentID] = false
		if c.AppointmentID == first.AppointmentID {
			order = append(order, c.Kind)
		}
		return dmsstore.SteerStarted, nil
	}
	outs, err := dmsstore.DeliverAll(ctx, db, steer, []dmsstore.Change{first, ch[1], later}, nil)
	require.NoError(t, err)
	require.Equal(t, []dmsstore.SteerOutcome{dmsstore.SteerStarted, dmsstore.SteerStarted, dmsstore.SteerStarted}, outs)
	require.Equal(t, []dmsstore.Kind{dmsstore.KindNew, dmsstore.KindRescheduled}, order)
}

// A price the receptionist edited (dms_price_edited) survives the next
// import; an intervention not edited takes the DMS's new price.
func TestUpsertKeepsAnEditedPrice(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	loc := location(t, db)
	w := wo("WO-1")
	_, err := dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{w}, "dms")
	require.NoError(t, err)
	db.Intervention.Update().Where(intervention.DmsNr("J1")).SetPrice(80).SetDmsPriceEdited(true).ExecX(ctx)

	w.Interventions[0].Price, w.Interventions[1].Price = 120, 320
	_, err = dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{w}, "dms")
	require.NoError(t, err)
	require.Equal(t, 80.0, db.Intervention.Query().Where(intervention.DmsNr("J1")).OnlyX(ctx).Price, "the receptionist's price stays")
	require.Equal(t, 320.0, db.Intervention.Query().Where(intervention.DmsNr("J2")).OnlyX(ctx).Price, "the DMS's new price")
}

// TestUpsertKeepsAnEditedCarOutOfShop: a car out of the shop the
// receptionist set (car_out_of_shop_edited) stays when the DMS sends
// another; one the DMS set follows the DMS. On both databases.
func TestUpsertKeepsAnEditedCarOutOfShop(t *testing.T) {
	t.Run("postgres", func(t *testing.T) { keepsEditedCarOut(t, storetest.New(t).Client) })
	t.Run("sqlite", func(t *testing.T) { keepsEditedCarOut(t, storetest.NewSQLite(t).Client) })
}

func keepsEditedCarOut(t *testing.T, db *ent.Client) {
	ctx := context.Background()
	loc := location(t, db)
	a, b := wo("WO-1"), wo("WO-2")
	a.CarOutOfShop, b.CarOutOfShop = "2030-06-10T15:00:00Z", "2030-06-10T15:00:00Z"
	_, err := dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{a, b}, "dms")
	require.NoError(t, err)
	set := time.Date(2030, 6, 10, 14, 0, 0, 0, time.UTC)
	db.Appointment.Update().Where(entappointment.WoNr("WO-1")).SetCarOutOfShop(set).SetCarOutOfShopEdited(true).ExecX(ctx)

	a.CarOutOfShop, b.CarOutOfShop = "2030-06-11T09:00:00Z", "2030-06-11T09:00:00Z"
	_, err = dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{a, b}, "dms")
	require.NoError(t, err)
	got := db.Appointment.Query().Where(entappointment.WoNr("WO-1")).OnlyX(ctx)
	require.True(t, got.CarOutOfShop.Equal(set), "the receptionist's time stays, got %v", got.CarOutOfShop)
	require.True(t, got.CarOutOfShopEdited)
	other := db.Appointment.Query().Where(entappointment.WoNr("WO-2")).OnlyX(ctx)
	require.True(t, other.CarOutOfShop.Equal(time.Date(2030, 6, 11, 9, 0, 0, 0, time.UTC)), "the DMS's new time, got %v", other.CarOutOfShop)
}

// Issue #26: a DMS that still sends a customer erased in Pitstop does not
// write them back, on the work order imported before the erasure nor on a
// new one: the customer row and their roles on the appointments stay
// blank; the work order itself (its date, jobs, car) is imported.
func TestUpsertDoesNotWriteAnErasedCustomerBack(t *testing.T) {
	t.Run("postgres", func(t *testing.T) { erasedStaysErased(t, storetest.New(t).Client) })
	t.Run("sqlite", func(t *testing.T) { erasedStaysErased(t, storetest.NewSQLite(t).Client) })
}

func erasedStaysErased(t *testing.T, db *ent.Client) {
	ctx := context.Background()
	loc := location(t, db)
	a := wo("WO-1")
	a.Driver.FirstName, a.Driver.EmailPrivate, a.Driver.TelMobilePrivate = "Els", "els@example.nl", "+31612345678"
	a.Contractor = &dms.Party{DMSNr: "P9", Surname: "Lease BV", Company: "Lease BV"}
	ch, err := dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{a}, "dms")
	require.NoError(t, err)
	ap := db.Appointment.GetX(ctx, ch[0].AppointmentID)
	require.Equal(t, "Els", ap.DriverFirstname)
	db.Appointment.UpdateOneID(ap.ID).SetLifecycleStage("completed").ExecX(ctx)
	_, err = custerase.Erase(ctx, db, custerase.Request{DealerID: db.DealerLocation.GetX(ctx, loc.ID).DealerID, KeySecret: []byte("k"), Selector: custerase.Selector{CustomerID: ap.CustomerDriverID},
		Via: custerase.ViaCLI})
	require.NoError(t, err)

	// The same work order, changed in the DMS, and a new one for the same customer.
	a.TimeCarApp = "2030-06-11T08:30:00Z"
	b := wo("WO-2")
	b.Driver, b.Owner, b.Contractor = a.Driver, a.Owner, a.Contractor
	_, err = dmsstore.Upsert(ctx, db, loc, []dms.WorkOrder{a, b}, "dms")
	require.NoError(t, err)
	cu := db.Customer.GetX(ctx, ap.CustomerDriverID)
	assert.NotNil(t, cu.ErasedAt)
	assert.Equal(t, []string{"", "", "", ""}, []string{cu.FirstName, cu.Surname, cu.EmailPrivate, cu.TelMobilePrivate}, "the customer row")
	for _, nr := range []string{"WO-1", "WO-2"} {
		got := db.Appointment.Query().Where(entappointment.WoNr(nr)).OnlyX(ctx)
		assert.Equal(t, ap.CustomerDriverID, got.CustomerDriverID, nr)
		assert.Equal(t, []string{"", "", "", "", ""}, []string{got.DriverFirstname, got.DriverSurname, got.OwnerSurname, got.RegNumber, got.RegNumberEscaped}, nr)
		assert.Equal(t, "Lease BV", got.ContractorSurname, "%s: the contractor was not erased", nr)
		assert.Equal(t, 2030, got.TimeCarApp.Year(), nr)
	}
	assert.Equal(t, 11, db.Appointment.Query().Where(entappointment.WoNr("WO-1")).OnlyX(ctx).TimeCarApp.Day(), "the change itself is imported")
}
