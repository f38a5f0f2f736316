package dmsimport

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lib/pq"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/pitstop-dev/pitstop/contracts/appointment"

	"github.com/pitstop-dev/pitstop/integrations/incadea"
	"github.com/pitstop-dev/pitstop/internal/dms"
	"github.com/pitstop-dev/pitstop/internal/dms/dmsstore"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// The import's speed and memory (issues #11 and #27, `make bench`): work
// orders with five interventions (two lines each), a vehicle, a driver and
// a lease company owner shared by benchOwnerEvery work orders, fed page by
// page (the activity's page size) as ImportChanges gets them from Incadea,
// through the whole path of a run (importWire's two steps: storePage, with
// incadea.ToWorkOrder, Validate and dmsstore.Upsert, one transaction per
// page; then deliverPage, dmsstore.DeliverAll) into PostgreSQL. The
// baselines, in the same run: a bulk COPY (lib/pq COPY FROM STDIN) of the
// same rows into the same tables of another fresh database, and bare
// signal-with-start calls on the same Temporal dev server.

const (
	benchJobs       = 5
	benchLines      = 2
	benchOwnerEvery = 20
	benchBranch     = "BR-1"
)

// benchWire is work order i as Incadea sends it.
func benchWire(i int) incadea.WorkOrder {
	km := 10000 + i
	w := incadea.WorkOrder{
		ID: fmt.Sprintf("WO-ID-%07d", i), BranchID: benchBranch, Number: fmt.Sprintf("WO-%07d", i),
		AppointmentDate: time.Date(2031, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute).Format(time.RFC3339),
		CreatedAt:       "2030-12-01", ScheduledIn: "2031-01-01T07:45:00Z", Mileage: &km,
		Vehicle: &incadea.Vehicle{ID: fmt.Sprintf("V-%07d", i), Make: "Peugeot", Model: "208",
			LicensePlate: fmt.Sprintf("AB-%03d-%c%c", i%1000, 'A'+i/1000%26, 'A'+i/26000%26), VIN: fmt.Sprintf("VF3AAAAAA%08d", i),
			FirstRegistration: "2020-01-15", APKDate: "2031-03-01", DriverID: fmt.Sprintf("K-%07d", i)},
		Driver: &incadea.Customer{ID: fmt.Sprintf("K-%07d", i), FirstName: "Jan", LastName: fmt.Sprintf("Jansen %d", i),
			Street: "Dorpsstraat 1", PostalCode: "1234 AB", City: "Utrecht",
			EmailPrivate: fmt.Sprintf("jan%d@example.com", i), MobilePrivate: "+31612345678"},
		Owner: &incadea.Customer{ID: fmt.Sprintf("L-%05d", i/benchOwnerEvery), Company: "Lease BV", IsLeaseCompany: true,
			EmailBusiness: "fleet@lease.example", PhoneBusiness: "+31301234567"},
	}
	for j := 0; j < benchJobs; j++ {
		job := incadea.Job{ID: fmt.Sprintf("J%d", j), Title: fmt.Sprintf("Job %d", j), Description: "as agreed", Price: 100 + float64(j)}
		for k := 0; k < benchLines; k++ {
			kind := incadea.KindLabour
			if k%2 == 1 {
				kind = incadea.KindPart
			}
			job.Lines = append(job.Lines, incadea.Line{ID: fmt.Sprintf("J%dL%d", j, k), Kind: kind, Description: "line", Quantity: 1, Price: 50})
		}
		w.Jobs = append(w.Jobs, job)
	}
	return w
}

func benchLocation(b *testing.B, db *store.DB) dmsstore.Location {
	ctx := context.Background()
	d := db.Dealer.Create().SetName("Bench").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("Bench").SetDmsLocationID(benchBranch).SaveX(ctx)
	return dmsstore.LocationOf(l)
}

// nopSteer is steering off: the delivery step without any Temporal cost.
func nopSteer(context.Context, dmsstore.Change) (dmsstore.SteerOutcome, error) {
	return dmsstore.SteerStarted, nil
}

// steps is how long each step of an import run took.
type steps struct{ store, deliver time.Duration }

func (s steps) whole() time.Duration { return s.store + s.deliver }

// runImport runs n work orders through the import activity's page path
// (importWire: storePage, then deliverPage with a.Steer), a page at a
// time, generating each page only when it is due (as the feed streams
// them), and times both steps. before (if not nil) runs, untimed by the
// steps, before each page's delivery (a baseline interleaved page by page).
func runImport(b *testing.B, a *Activities, loc dmsstore.Location, n int, before func(first, count int)) steps {
	ctx := context.Background()
	size := a.pageSize()
	page := make([]incadea.WorkOrder, 0, size)
	var st steps
	for i := 0; i < n; i += size {
		page = page[:0]
		for k := i; k < min(n, i+size); k++ {
			page = append(page, benchWire(k))
		}
		t0 := time.Now()
		p, err := a.storePage(ctx, loc, page)
		st.store += time.Since(t0)
		if err != nil {
			b.Fatalf("page at %d: %v", i, err)
		}
		if len(p.good) != len(page) || len(p.changes) != len(page) {
			b.Fatalf("page at %d: %d valid, %d changes of %d", i, len(p.good), len(p.changes), len(page))
		}
		if before != nil {
			before(i, len(page))
		}
		t0 = time.Now()
		res, err := a.deliverPage(ctx, loc, p, nil)
		st.deliver += time.Since(t0)
		if err != nil {
			b.Fatalf("page at %d: delivery: %v", i, err)
		}
		for k, r := range res {
			if r.Kind != "new" || r.AppointmentID == 0 || r.Lifecycle == "" {
				b.Fatalf("page at %d, item %d: %+v", i, k, r)
			}
		}
	}
	return st
}

// pending counts the appointments whose lifecycle message is undelivered.
func pending(b *testing.B, db *sql.DB) int {
	var n int
	if err := db.QueryRow("SELECT count(*) FROM appointments WHERE dms_lifecycle_pending <> ''").Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}

// copyN writes the rows the import writes for n work orders with COPY, ids
// assigned here (the database is fresh), in one transaction, in the state
// a run leaves them: every lifecycle message delivered.
func copyN(b *testing.B, db *sql.DB, locID int, n int) {
	ctx := context.Background()
	wos := make([]dms.WorkOrder, n)
	for i := range wos {
		w := benchWire(i)
		wos[i], _ = incadea.ToWorkOrder(&w)
	}
	tz := time.UTC
	ts := func(t dms.Timestamp) any {
		v, err := t.Time(tz)
		if err != nil {
			return nil
		}
		return v
	}
	now := time.Now()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	copyRows := func(table string, cols []string, each func(row func(...any))) {
		// lib/pq's COPY FROM STDIN (what its deprecated pq.CopyIn builds).
		quoted := make([]string, len(cols))
		for i, c := range cols {
			quoted[i] = pq.QuoteIdentifier(c)
		}
		stmt, err := tx.Prepare("COPY " + pq.QuoteIdentifier(table) + " (" + strings.Join(quoted, ", ") + ") FROM STDIN")
		if err != nil {
			b.Fatalf("copy %s: %v", table, err)
		}
		each(func(vals ...any) {
			if _, err := stmt.Exec(vals...); err != nil {
				b.Fatalf("copy %s: %v", table, err)
			}
		})
		if _, err := stmt.Exec(); err != nil {
			b.Fatalf("copy %s: %v", table, err)
		}
		if err := stmt.Close(); err != nil {
			b.Fatalf("copy %s: %v", table, err)
		}
	}
	partyID := map[string]int{}
	copyRows("customers", []string{"id", "created_at", "updated_at", "dealer_location_id", "dms_key", "dms_nr", "company", "is_lease_company",
		"title", "first_name", "surname", "street", "house_nr", "postcode", "place", "email_private", "email_business",
		"tel_private_nr", "tel_business_nr", "tel_mobile_private", "tel_mobile_business"}, func(row func(...any)) {
		for i := range wos {
			for _, p := range []*dms.Party{wos[i].Driver, wos[i].Owner} {
				k := "p:" + p.DMSNr
				if _, ok := partyID[k]; ok {
					continue
				}
				partyID[k] = len(partyID) + 1
				row(partyID[k], now, now, locID, k, p.DMSNr, p.Company, p.IsLeaseCompany, p.Title, p.FirstName, p.FullSurname(),
					p.Street, p.HouseNr, p.Postcode, p.Place, p.EmailPrivate, p.EmailBusiness, p.TelPrivateNr, p.TelBusinessNr,
					p.TelMobilePrivate, p.TelMobileBusiness)
			}
		}
	})
	copyRows("cars", []string{"id", "created_at", "updated_at", "dealer_location_id", "dms_key", "dms_nr", "make", "model", "fuel",
		"reg_nr", "reg_nr_escaped", "vin", "dms_registration", "apk_date_dms", "warranty_date_start", "warranty_date_end"}, func(row func(...any)) {
		for i := range wos {
			c := &wos[i].Car
			row(i+1, now, now, locID, "c:"+c.DMSNr, c.DMSNr, c.Make, c.Model, c.Fuel, c.RegNr, dmsstore.EscapeReg(c.RegNr), c.VIN,
				ts(c.DMSRegistration), ts(c.APKDateDMS), ts(c.WarrantyDateStart), ts(c.WarrantyDateEnd))
		}
	})
	copyRows("appointments", []string{"id", "created_at", "updated_at", "dealer_location_id", "dms_key", "created_by", "dms_id", "dms_hash",
		"dms_lifecycle_pending", "dms_canceled", "dms_nr", "wo_nr", "time_car_app", "dms_created_at", "due_in", "car_return_time",
		"car_in_shop", "car_out_of_shop", "car_apk_date", "customer_waiting", "dms_km", "is_lease_company", "vin", "car_make", "car_model",
		"reg_number", "reg_number_escaped", "driver_title", "driver_firstname", "driver_surname", "owner_title", "owner_firstname",
		"owner_surname", "contractor_title", "contractor_firstname", "contractor_surname", "company", "importer_version",
		"last_dms_update", "last_timestamp", "car_id", "customer_driver_id", "customer_owner_id", "lifecycle_stage",
		"appointment_status_identifier"}, func(row func(...any)) {
		for i := range wos {
			w := &wos[i]
			row(i+1, now, now, locID, dmsstore.Key(w), "dms", int(w.DMSID), w.Hash(), "", w.Canceled, w.DMSNr, w.WONr,
				ts(w.TimeCarApp), ts(w.DMSCreatedAt), ts(w.DueIn), ts(w.CarReturnTime), ts(w.CarInShop), ts(w.CarOutOfShop),
				ts(w.Car.APKDateDMS), w.CustomerWaiting, *w.DMSKM, w.IsLeaseCompany(), w.Car.VIN, w.Car.Make, w.Car.Model,
				w.Car.RegNr, dmsstore.EscapeReg(w.Car.RegNr), w.Driver.Title, w.Driver.FirstName, w.Driver.FullSurname(),
				w.Owner.Title, w.Owner.FirstName, w.Owner.FullSurname(), "", "", "", w.Owner.Company, "copy",
				now, now, i+1, partyID["p:"+w.Driver.DMSNr], partyID["p:"+w.Owner.DMSNr], "scheduled", 1)
		}
	})
	copyRows("interventions", []string{"id", "created_at", "updated_at", "appointment_id", "dealer_location_id", "car_id", "dms_nr",
		"title", "description", "price"}, func(row func(...any)) {
		id := 0
		for i := range wos {
			for _, iv := range wos[i].Interventions {
				id++
				row(id, now, now, i+1, locID, i+1, iv.DMSNr, iv.Title, iv.Description, iv.Price)
			}
		}
	})
	copyRows("intervention_elements", []string{"id", "created_at", "updated_at", "intervention_id", "dms_nr", "parent_dms_nr",
		"element_type", "description", "price", "quantity", "private_note"}, func(row func(...any)) {
		id, ivID := 0, 0
		for i := range wos {
			for _, iv := range wos[i].Interventions {
				ivID++
				for _, e := range iv.Elements {
					id++
					row(id, now, now, ivID, e.DMSNr, e.ParentDMSNr, int(e.ElementType), e.Description, e.Price, e.Quantity, e.PrivateNote)
				}
			}
		}
	})
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// counts is what both paths must have written.
func counts(b *testing.B, db *sql.DB) [5]int {
	var out [5]int
	for i, t := range []string{"customers", "cars", "appointments", "interventions", "intervention_elements"} {
		if err := db.QueryRow("SELECT count(*) FROM " + t).Scan(&out[i]); err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// verdict is "meets" or "short of" a goal of at least goal, computed.
func verdict(ratio, goal float64) string {
	if ratio >= goal {
		return fmt.Sprintf("meets the goal (>= %.1fx)", goal)
	}
	return fmt.Sprintf("short of the goal (>= %.1fx)", goal)
}

// BenchmarkDMSImportVsCopy runs 10,000 work orders (50,000 interventions,
// 100,000 elements) through the whole import path with steering off
// (storing each page, then delivering every changed appointment through a
// no-op Steer: the pending markers cleared, no Temporal cost), and COPYs
// the same rows in their delivered state, each into a fresh database. It
// prints the store step against COPY (goal >= 0.7x), the whole run against
// COPY (goal >= 0.5x) and the whole run's work orders per second.
func BenchmarkDMSImportVsCopy(b *testing.B) {
	const n = 10000
	var st steps
	var copyDur time.Duration
	for it := 0; it < b.N; it++ {
		b.StopTimer()
		idb := storetest.New(b)
		a := &Activities{DB: idb.Client, Steer: nopSteer}
		loc := benchLocation(b, idb)
		cdb := storetest.New(b)
		cloc := benchLocation(b, cdb)
		b.StartTimer()

		st = runImport(b, a, loc, n, nil)
		start := time.Now()
		copyN(b, cdb.SQL, cloc.ID, n)
		copyDur = time.Since(start)

		b.StopTimer()
		ic, cc := counts(b, idb.SQL), counts(b, cdb.SQL)
		if ic != cc {
			b.Fatalf("the import wrote %v rows (customers, cars, appointments, interventions, elements), COPY %v", ic, cc)
		}
		if p := pending(b, idb.SQL); p != 0 {
			b.Fatalf("%d appointments still owe their workflow a message after the run", p)
		}
		b.StartTimer()
	}
	rate := func(d time.Duration) float64 { return n / d.Seconds() }
	storeRatio := rate(st.store) / rate(copyDur)
	wholeRatio := rate(st.whole()) / rate(copyDur)
	b.ReportMetric(rate(st.whole()), "import_wo/s")
	b.ReportMetric(rate(st.store), "store_wo/s")
	b.ReportMetric(rate(copyDur), "copy_wo/s")
	b.ReportMetric(storeRatio, "store_x_copy")
	b.ReportMetric(wholeRatio, "whole_x_copy")
	b.Logf("DMS import of %d work orders x %d interventions, steering off: store step %.0f work orders/s = %.2fx COPY (%.0f/s): %s; "+
		"delivery step %.1f s; whole run %.0f work orders/s = %.2fx COPY: %s",
		n, benchJobs, rate(st.store), storeRatio, rate(copyDur), verdict(storeRatio, 0.7),
		st.deliver.Seconds(), rate(st.whole()), wholeRatio, verdict(wholeRatio, 0.5))
}

// benchQueue has no worker: both the delivery and the bare calls leave
// their workflows' first task unpicked, so the server does the same work
// for each.
const benchQueue = "dms-import-bench-no-worker"

// signalSteer steers as the lifecycle's caller does a rescheduled change
// (workflows/appointment/caller.SteerFromDMS, which this layer may not
// import): one signal-with-start of the appointment's workflow.
func signalSteer(c client.Client) dmsstore.Steer {
	return func(ctx context.Context, ch dmsstore.Change) (dmsstore.SteerOutcome, error) {
		_, err := c.SignalWithStartWorkflow(ctx, appointment.AppointmentWorkflowID(ch.AppointmentID), appointment.SignalRescheduled,
			appointment.RescheduledSignal{AppointmentAt: ch.AppointmentAt},
			client.StartWorkflowOptions{ID: appointment.AppointmentWorkflowID(ch.AppointmentID), TaskQueue: benchQueue},
			appointment.WorkflowName, appointment.AppointmentInput{AppointmentID: ch.AppointmentID})
		if err != nil {
			return "", err
		}
		return dmsstore.SteerSignalled, nil
	}
}

// BenchmarkDMSImportDeliveryVsBareCalls runs 1,000 work orders through the
// whole import path with steering on (one signal-with-start per changed
// appointment, on a Temporal dev server) and, interleaved page by page on
// the same server, makes the same number of bare signal-with-start calls
// from one loop. It prints the delivery step against the bare calls (goal
// >= 0.8x): what the delivery adds to the calls Temporal must get anyway.
func BenchmarkDMSImportDeliveryVsBareCalls(b *testing.B) {
	const n = 1000
	cli := os.Getenv("PITSTOP_TEMPORAL_CLI")
	if cli == "" {
		b.Fatal("PITSTOP_TEMPORAL_CLI is not set (make bench sets it): this benchmark needs a Temporal dev server")
	}
	ctx := context.Background()
	srv, err := testsuite.StartDevServer(ctx, testsuite.DevServerOptions{ExistingPath: cli, LogLevel: "error",
		ClientOptions: &client.Options{Logger: log.NewStructuredLogger(slog.New(slog.DiscardHandler))}})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = srv.Stop() }()
	c := srv.Client()
	var st steps
	var bareDur time.Duration
	for it := 0; it < b.N; it++ {
		b.StopTimer()
		db := storetest.New(b)
		a := &Activities{DB: db.Client, Steer: signalSteer(c)}
		loc := benchLocation(b, db)
		b.StartTimer()
		bareDur = 0
		st = runImport(b, a, loc, n, func(first, count int) {
			start := time.Now()
			for k := first; k < first+count; k++ {
				id := fmt.Sprintf("bare-%d-%d", it, k)
				if _, err := c.SignalWithStartWorkflow(ctx, id, appointment.SignalRescheduled,
					appointment.RescheduledSignal{AppointmentAt: time.Now()}, client.StartWorkflowOptions{ID: id, TaskQueue: benchQueue},
					appointment.WorkflowName, appointment.AppointmentInput{AppointmentID: k}); err != nil {
					b.Fatal(err)
				}
			}
			bareDur += time.Since(start)
		})
		b.StopTimer()
		if p := pending(b, db.SQL); p != 0 {
			b.Fatalf("%d appointments still owe their workflow a message after the run", p)
		}
		b.StartTimer()
	}
	rate := func(d time.Duration) float64 { return n / d.Seconds() }
	ratio := rate(st.deliver) / rate(bareDur)
	b.ReportMetric(rate(st.deliver), "delivery_wo/s")
	b.ReportMetric(rate(bareDur), "bare_calls/s")
	b.ReportMetric(ratio, "delivery_x_bare")
	b.ReportMetric(rate(st.whole()), "import_wo/s")
	b.Logf("DMS import of %d work orders, steering on: delivery step %.0f work orders/s = %.2fx the same number of bare signal-with-start calls (%.0f/s): %s; "+
		"whole run %.0f work orders/s (store step %.1f s, delivery step %.1f s)",
		n, rate(st.deliver), ratio, rate(bareDur), verdict(ratio, 0.8), rate(st.whole()), st.store.Seconds(), st.deliver.Seconds())
}

// heapSampler records the peak of live-and-unswept heap objects while it
// runs (runtime/metrics: no stop-the-world), relative to the heap after a GC
// at its start.
type heapSampler struct {
	stop chan struct{}
	done sync.WaitGroup
	base uint64
	peak uint64
}

const heapMetric = "/memory/classes/heap/objects:bytes"

func heapNow() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func startHeapSampler() *heapSampler {
	runtime.GC()
	h := &heapSampler{stop: make(chan struct{}), base: heapNow()}
	h.done.Add(1)
	go func() {
		defer h.done.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if v := heapNow(); v > h.peak {
				h.peak = v
			}
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

// Peak is the highest heap seen above the start's, in MiB; it stops the
// sampler.
func (h *heapSampler) Peak() float64 {
	close(h.stop)
	h.done.Wait()
	if h.peak < h.base {
		return 0
	}
	return float64(h.peak-h.base) / (1 << 20)
}

// heapSlopeGoal bounds the peak heap's growth per work order: a page at a
// time is written, so only what a run keeps per work order may grow it.
const heapSlopeGoal = 64.0

// slope is the least-squares slope of ys over xs.
func slope(xs, ys []float64) float64 {
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx /= float64(len(xs))
	my /= float64(len(ys))
	var num, den float64
	for i := range xs {
		num += (xs[i] - mx) * (ys[i] - my)
		den += (xs[i] - mx) * (xs[i] - mx)
	}
	return num / den
}

// Retained is the heap above the start's after a collection, in MiB
// (negative when smaller).
func (h *heapSampler) Retained() float64 {
	runtime.GC()
	return (float64(heapNow()) - float64(h.base)) / (1 << 20)
}

// BenchmarkDMSImportPeakHeap runs 2,500, 5,000 and 10,000 work orders
// through the whole import path (steering off), each into a fresh
// database, and records for each the peak heap and the heap still in use
// after a collection at the end of the run (the activity and its client
// alive). It fits bytes per work order to both by least squares. Pages are
// generated, written and delivered one at a time, so what a run keeps per
// work order must stay at most heapSlopeGoal bytes: the verdict is the
// retained heap's slope, which a leak moves byte for byte; the peak's level
// moves with the GC's pacing by about half a MiB between runs (a slope of
// tens of bytes over these sizes), so its slope is printed beside it.
func BenchmarkDMSImportPeakHeap(b *testing.B) {
	sizes := []int{2500, 5000, 10000}
	peaks := make([]float64, len(sizes))
	kept := make([]float64, len(sizes))
	for it := 0; it < b.N; it++ {
		for k, n := range sizes {
			b.StopTimer()
			db := storetest.New(b)
			a := &Activities{DB: db.Client, Steer: nopSteer}
			loc := benchLocation(b, db)
			b.StartTimer()
			h := startHeapSampler()
			runImport(b, a, loc, n, nil)
			peaks[k] = max(peaks[k], h.Peak())
			kept[k] = max(kept[k], h.Retained())
			runtime.KeepAlive(a)
		}
	}
	xs, ys, ks := make([]float64, len(sizes)), make([]float64, len(sizes)), make([]float64, len(sizes))
	for k, n := range sizes {
		b.ReportMetric(peaks[k], fmt.Sprintf("peak_heap_MiB_%d", n))
		xs[k], ys[k], ks[k] = float64(n), peaks[k]*(1<<20), kept[k]*(1<<20)
	}
	peakSlope, keptSlope := slope(xs, ys), slope(xs, ks)
	v := fmt.Sprintf("within the bound (<= %.0f B per work order)", heapSlopeGoal)
	if keptSlope > heapSlopeGoal {
		v = fmt.Sprintf("GROWS with the number of work orders (bound <= %.0f B per work order)", heapSlopeGoal)
	}
	b.ReportMetric(keptSlope, "retained_B/wo")
	b.ReportMetric(peakSlope, "peak_B/wo")
	b.Logf("DMS import heap: peak %.1f / %.1f / %.1f MiB, retained after the run %.2f / %.2f / %.2f MiB for %d / %d / %d work orders; "+
		"least-squares slope: retained %.1f B per work order: %s (peak's slope %.1f B per work order)",
		peaks[0], peaks[1], peaks[2], kept[0], kept[1], kept[2], sizes[0], sizes[1], sizes[2], keptSlope, v, peakSlope)
}
