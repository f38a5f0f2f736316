package dmsimport

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/pitstop-dev/pitstop/integrations/incadea"
	"github.com/pitstop-dev/pitstop/internal/dms"
	"github.com/pitstop-dev/pitstop/internal/dms/dmsstore"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// The import's speed and memory (issue #11, `make bench`): work orders with
// five interventions (two lines each), a vehicle, a driver and a lease
// company owner shared by benchOwnerEvery work orders, fed page by page
// (the activity's page size) as ImportChanges gets them from Incadea, through
// the real path (incadea.ToWorkOrder, Validate, dmsstore.Upsert: one
// transaction per page), into PostgreSQL. The baseline is a bulk COPY
// (lib/pq COPY FROM STDIN) of the same rows into the same tables of another fresh
// database, in the same run.

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

// importN runs n work orders through the import path, a page at a time,
// generating each page only when it is due (as the feed streams them).
func importN(b *testing.B, a *Activities, loc dmsstore.Location, n int) {
	ctx := context.Background()
	size := a.pageSize()
	page := make([]incadea.WorkOrder, 0, size)
	for i := 0; i < n; i += size {
		page = page[:0]
		for k := i; k < min(n, i+size); k++ {
			page = append(page, benchWire(k))
		}
		p, err := a.storePage(ctx, loc, page)
		if err != nil {
			b.Fatalf("page at %d: %v", i, err)
		}
		if len(p.good) != len(page) || len(p.changes) != len(page) {
			b.Fatalf("page at %d: %d valid, %d changes of %d", i, len(p.good), len(p.changes), len(page))
		}
	}
}

// copyN writes the rows the import writes for n work orders with COPY, ids
// assigned here (the database is fresh), in one transaction.
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
			row(i+1, now, now, locID, dmsstore.Key(w), "dms", int(w.DMSID), w.Hash(), "new", w.Canceled, w.DMSNr, w.WONr,
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

// BenchmarkDMSImportVsCopy imports 10,000 work orders (50,000
// interventions, 100,000 elements) through the import path and COPYs the
// same rows, each into a fresh database, and reports both rates and their
// ratio (goal: at least 0.5x COPY).
func BenchmarkDMSImportVsCopy(b *testing.B) {
	const n = 10000
	var importRate, copyRate float64
	for it := 0; it < b.N; it++ {
		b.StopTimer()
		idb := storetest.New(b)
		a := &Activities{DB: idb.Client}
		loc := benchLocation(b, idb)
		cdb := storetest.New(b)
		cloc := benchLocation(b, cdb)
		b.StartTimer()

		start := time.Now()
		importN(b, a, loc, n)
		importDur := time.Since(start)
		start = time.Now()
		copyN(b, cdb.SQL, cloc.ID, n)
		copyDur := time.Since(start)

		b.StopTimer()
		ic, cc := counts(b, idb.SQL), counts(b, cdb.SQL)
		if ic != cc {
			b.Fatalf("the import wrote %v rows (customers, cars, appointments, interventions, elements), COPY %v", ic, cc)
		}
		importRate, copyRate = n/importDur.Seconds(), n/copyDur.Seconds()
		b.StartTimer()
	}
	ratio := importRate / copyRate
	b.ReportMetric(importRate, "import_wo/s")
	b.ReportMetric(copyRate, "copy_wo/s")
	b.ReportMetric(ratio, "x_copy")
	verdict := "meets the goal (>= 0.5x COPY)"
	if ratio < 0.5 {
		verdict = "FALLS SHORT of the goal (>= 0.5x COPY)"
	}
	b.Logf("DMS import of %d work orders x %d interventions: %.0f work orders/s; COPY of the same rows: %.0f work orders/s; ratio %.2fx: %s",
		n, benchJobs, importRate, copyRate, ratio, verdict)
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

// Peak is the highest heap seen above the start's, in MiB.
func (h *heapSampler) Peak() float64 {
	close(h.stop)
	h.done.Wait()
	if h.peak < h.base {
		return 0
	}
	return float64(h.peak-h.base) / (1 << 20)
}

// BenchmarkDMSImportPeakHeap imports 2,500, 5,000 and 10,000 work orders,
// each into a fresh database, and reports the import's peak heap for each:
// pages are generated and written one at a time, so it must not grow with
// the number of work orders.
func BenchmarkDMSImportPeakHeap(b *testing.B) {
	sizes := []int{2500, 5000, 10000}
	peaks := make([]float64, len(sizes))
	for it := 0; it < b.N; it++ {
		for k, n := range sizes {
			b.StopTimer()
			db := storetest.New(b)
			a := &Activities{DB: db.Client}
			loc := benchLocation(b, db)
			b.StartTimer()
			h := startHeapSampler()
			importN(b, a, loc, n)
			peaks[k] = max(peaks[k], h.Peak())
		}
	}
	for k, n := range sizes {
		b.ReportMetric(peaks[k], fmt.Sprintf("peak_heap_MiB_%d", n))
	}
	growth := peaks[len(peaks)-1] / max(peaks[0], 0.001)
	verdict := "flat"
	// Allow for the GC's pacing (a heap may reach twice its live size
	// before a collection) but not for growth with the work orders.
	if growth > 2 {
		verdict = "GROWS with the number of work orders"
	}
	b.ReportMetric(growth, "heap_10k/2.5k")
	b.Logf("DMS import peak heap: %.1f MiB for %d, %.1f MiB for %d, %.1f MiB for %d work orders (x%.2f from smallest to largest): %s",
		peaks[0], sizes[0], peaks[1], sizes[1], peaks[2], sizes[2], growth, verdict)
}
