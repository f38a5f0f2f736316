// Package dmsimport holds the DMS import activities: pulling work orders
// from Incadea (changes since the last run, a search, one refresh), writing
// them into the read model (internal/dms/dmsstore: idempotent by DMS ids and a
// content hash, one transaction per page) and starting or steering each
// changed appointment's lifecycle workflow; and writing the mileage back.
//
// Starting or steering the appointment workflows is their side effect,
// through the Steer function the composition root wires
// (workflows/appointment/caller.Steerer: activities do not import workflows),
// made idempotent by the workflow ID conflict policy (USE_EXISTING) and the
// pending marker dmsstore keeps.
package dmsimport

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/dmsimport"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/integrations/incadea"
	"github.com/pitstop-dev/pitstop/internal/dms"
	"github.com/pitstop-dev/pitstop/internal/dms/dmsstore"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Activities holds what the import activities use.
type Activities struct {
	DB *ent.Client
	// Incadea is nil when none is configured (PITSTOP_INCADEA_BASE_URL
	// empty): its activities then fail, final, as not configured.
	Incadea *incadea.Client
	// Steer starts or steers a changed appointment's lifecycle workflow
	// (caller.Steerer with the worker's client and task queue).
	Steer dmsstore.Steer
	Log   *slog.Logger
	// PageSize of the changes feed (0: incadea.MaxPageSize: each page is
	// one transaction of a fixed number of statements, so larger pages mean
	// fewer round trips to Incadea and PostgreSQL).
	PageSize int
	Now      func() time.Time
}

// Check (a function, so it is not registered as an activity) refuses a
// worker without the dependencies these activities need.
func Check(a *Activities) error {
	switch {
	case a == nil || a.DB == nil:
		return errors.New("dmsimport activities: no database client")
	case a.Steer == nil:
		return errors.New("dmsimport activities: nothing to start or steer appointment workflows with (Steer)")
	}
	return nil
}

func (a *Activities) incadea() (*incadea.Client, error) {
	if a.Incadea == nil {
		return nil, temporal.NewNonRetryableApplicationError("no Incadea DMS is configured (PITSTOP_INCADEA_BASE_URL)", errtypes.Rejected, nil)
	}
	return a.Incadea, nil
}

func (a *Activities) pageSize() int {
	if a.PageSize > 0 {
		return a.PageSize
	}
	return incadea.MaxPageSize
}

func (a *Activities) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

func (a *Activities) log() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return slog.Default()
}

// Overlap is how far before the previous run's start the next run asks for
// changes: the DMS's clock and ours differ, and asking twice costs only a
// hash comparison (the feed is inclusive and the importer dedupes).
const Overlap = 5 * time.Minute

// ImportChangesInput is one scheduled run for a location.
type ImportChangesInput struct {
	LocationID int
}

// ImportChangesOutput counts what a run did.
type ImportChangesOutput struct {
	Since     time.Time `json:"since"`
	Pages     int       `json:"pages"`
	Seen      int       `json:"seen"`
	Imported  int       `json:"imported"` // new or changed appointments
	Unchanged int       `json:"unchanged"`
	Refused   int       `json:"refused"`
	Watermark time.Time `json:"watermark"`
}

// progress is the heartbeat: a retried attempt resumes at Cursor with the
// same RunStart and counts.
type progress struct {
	RunStart time.Time
	Cursor   string
	Done     bool
	Out      ImportChangesOutput
}

// ImportChanges pages through the work orders Incadea changed since the
// location's watermark, imports each page in one transaction, steers the
// changed appointments' workflows, heartbeats the cursor after every page,
// and moves the watermark when the last page is in. A failed page (500,
// timeout) fails the attempt; the retry resumes from the heartbeat's cursor,
// and the page that failed was never half-written (its transaction was not
// committed, or was committed whole and dedupes by hash).
func (a *Activities) ImportChanges(ctx context.Context, in ImportChangesInput) (ImportChangesOutput, error) {
	inc, err := a.incadea()
	if err != nil {
		return ImportChangesOutput{}, err
	}
	loc, since, err := a.location(ctx, in.LocationID)
	if err != nil {
		return ImportChangesOutput{}, err
	}
	var p progress
	if activity.HasHeartbeatDetails(ctx) && activity.GetHeartbeatDetails(ctx, &p) == nil && !p.RunStart.IsZero() {
		a.log().Info("dms import resumes", "location_id", in.LocationID, "pages", p.Out.Pages)
	} else {
		p = progress{RunStart: a.now().UTC(), Out: ImportChangesOutput{Since: since}}
	}
	// A slow DMS page or a long page write must not look like a dead worker:
	// beat the last completed page's progress every second while alive.
	var alive pulse
	alive.set(p)
	defer alive.run(ctx, time.Second)()
	for !p.Done {
		page, err := inc.ChangedSince(ctx, p.Out.Since, p.Cursor, a.pageSize())
		if err != nil {
			return p.Out, incadeaErr(err)
		}
		var mine []incadea.WorkOrder
		for _, w := range page.Items {
			// The feed covers the whole Incadea dealer; each location's run
			// imports its own branch.
			if w.BranchID == loc.DMSLocationID {
				mine = append(mine, w)
			}
		}
		// Starting a page's workflows takes a while on a busy server: beat
		// after each, with the cursor of this page (a retry redoes it: the
		// stored work orders dedupe by hash, the undelivered changes are
		// still pending and are delivered then).
		res, err := a.importWire(ctx, loc, mine, func() { alive.beat(ctx) })
		if err != nil {
			return p.Out, err
		}
		p.Out.Pages++
		p.Out.Seen += len(mine)
		for _, r := range res {
			switch r.Kind {
			case "refused":
				p.Out.Refused++
			case "unchanged":
				p.Out.Unchanged++
			default:
				p.Out.Imported++
			}
		}
		p.Cursor, p.Done = page.NextCursor, page.NextCursor == ""
		alive.set(p)
		alive.beat(ctx)
	}
	wm := p.RunStart.Add(-Overlap)
	if wm.After(since) {
		if err := a.DB.DealerLocation.UpdateOneID(loc.ID).SetDmsImportWatermark(wm).Exec(ctx); err != nil {
			return p.Out, err
		}
		p.Out.Watermark = wm
	} else {
		p.Out.Watermark = since
	}
	countWorkOrders(ctx, p.Out)
	return p.Out, nil
}

// countWorkOrders adds a finished run's work orders to the worker's
// Prometheus registry (pitstop_dms_work_orders_total{outcome,...}) through
// the activity's metrics handler: once per run, when it ends.
func countWorkOrders(ctx context.Context, out ImportChangesOutput) {
	if !activity.IsActivity(ctx) {
		return
	}
	h := activity.GetMetricsHandler(ctx)
	for outcome, n := range map[string]int{"imported": out.Imported, "unchanged": out.Unchanged, "refused": out.Refused} {
		h.WithTags(map[string]string{"outcome": outcome}).Counter("pitstop_dms_work_orders").Inc(int64(n))
	}
}

func (a *Activities) location(ctx context.Context, id int) (dmsstore.Location, time.Time, error) {
	l, err := a.DB.DealerLocation.Get(ctx, id)
	if err != nil {
		return dmsstore.Location{}, time.Time{}, store.WrapNotFound(err, "dealer location", id)
	}
	if l.DmsLocationID == nil || *l.DmsLocationID == "" {
		return dmsstore.Location{}, time.Time{}, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("dealer location %d has no DMS location id: nothing to import", id), errtypes.Validation, nil)
	}
	since := time.Unix(0, 0).UTC()
	if l.DmsImportWatermark != nil {
		since = l.DmsImportWatermark.UTC()
	}
	return dmsstore.LocationOf(l), since, nil
}

// incadeaErr keeps retryable errors retryable and makes the rest final.
func incadeaErr(err error) error {
	if incadea.IsRetryable(err) {
		return err
	}
	typ := errtypes.Rejected
	if errors.Is(err, incadea.ErrNotFound) {
		typ = errtypes.NotFound
	}
	return temporal.NewNonRetryableApplicationError(err.Error(), typ, nil)
}

// storedPage is a page of work orders written to the read model, its
// lifecycle messages not yet delivered.
type storedPage struct {
	res     []ItemResult
	good    []dms.WorkOrder // the valid work orders, in order
	at      []int           // good[k] is wire item at[k]
	changes []dmsstore.Change
}

// storePage maps, validates and writes work orders of one location in one
// transaction (dmsstore.Upsert). Refused ones are reported, never written.
func (a *Activities) storePage(ctx context.Context, loc dmsstore.Location, wire []incadea.WorkOrder) (storedPage, error) {
	p := storedPage{res: make([]ItemResult, len(wire))}
	for i := range wire {
		w, ps := incadea.ToWorkOrder(&wire[i])
		ps = append(ps, w.Validate()...)
		p.res[i] = ItemResult{DMSNr: w.DMSNr, WONr: w.WONr, Kind: "unchanged"}
		if len(ps) > 0 {
			p.res[i].Kind, p.res[i].Errors = "refused", ps.Strings()
			a.log().Warn("dms work order refused", "wo_nr", w.WONr, "problems", len(ps))
			continue
		}
		p.good = append(p.good, w)
		p.at = append(p.at, i)
	}
	var err error
	p.changes, err = dmsstore.Upsert(ctx, a.DB, loc, p.good, "dms")
	return p, err
}

// importWire stores a page (storePage), then steers the changed
// appointments' workflows, calling beat (if not nil) after each.
func (a *Activities) importWire(ctx context.Context, loc dmsstore.Location, wire []incadea.WorkOrder, beat func()) ([]ItemResult, error) {
	p, err := a.storePage(ctx, loc, wire)
	if err != nil {
		return nil, err
	}
	res, good, at := p.res, p.good, p.at
	for _, ch := range p.changes {
		outcome, err := dmsstore.Deliver(ctx, a.DB, a.Steer, ch)
		if err != nil {
			return nil, err
		}
		r := &res[at[ch.Index]]
		r.AppointmentID, r.Kind, r.Lifecycle = ch.AppointmentID, string(ch.Kind), string(outcome)
		if beat != nil {
			beat()
		}
	}
	// Unchanged ones still name their appointment (one query for all).
	var keys []string
	for k, i := range at {
		if res[i].AppointmentID == 0 {
			keys = append(keys, dmsstore.Key(&good[k]))
		}
	}
	if len(keys) == 0 {
		return res, nil
	}
	ids, err := a.appointmentsOf(ctx, loc.ID, keys)
	if err != nil {
		return nil, err
	}
	for k, i := range at {
		if res[i].AppointmentID == 0 {
			res[i].AppointmentID = ids[dmsstore.Key(&good[k])]
		}
	}
	return res, nil
}

// pulse heartbeats the latest completed progress: on each page, after each
// workflow start, and every second from a goroutine while the activity runs.
// A worker that dies is then noticed within the heartbeat timeout, however
// slow the DMS is.
type pulse struct {
	mu sync.Mutex
	p  progress
}

func (h *pulse) set(p progress) {
	h.mu.Lock()
	h.p = p
	h.mu.Unlock()
}

func (h *pulse) beat(ctx context.Context) {
	h.mu.Lock()
	p := h.p
	h.mu.Unlock()
	activity.RecordHeartbeat(ctx, p)
}

// run beats every interval until the returned stop is called.
func (h *pulse) run(ctx context.Context, every time.Duration) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				h.beat(ctx)
			}
		}
	}()
	return func() { close(done) }
}

// The delivery's input and output are the contract's (contracts/dmsimport).
type (
	DeliverInput  = dmsimport.DeliverInput
	Delivered     = dmsimport.Delivered
	DeliverOutput = dmsimport.DeliverOutput
)

// DeliverPending hands the changes still pending among the given work
// orders to their lifecycle workflows, through the same dmsstore.Deliver
// and Steer as the Incadea import. It is the durable half of a Carsys push
// (workflows/dmsimport.DMSDeliverWorkflow): the push stores, this steers,
// so a push that dies after storing strands nothing. Safe to run again:
// a delivered change is no longer pending, and steering is idempotent.
func (a *Activities) DeliverPending(ctx context.Context, in DeliverInput) (DeliverOutput, error) {
	changes, err := dmsstore.PendingChanges(ctx, a.DB, in.LocationID, in.Keys)
	if err != nil {
		return DeliverOutput{}, err
	}
	out := DeliverOutput{Items: []Delivered{}}
	for _, ch := range changes {
		outcome, err := dmsstore.Deliver(ctx, a.DB, a.Steer, ch)
		if err != nil {
			return out, err // the rest stays pending; the retry delivers it
		}
		out.Items = append(out.Items, Delivered{AppointmentID: ch.AppointmentID, Kind: string(ch.Kind), Lifecycle: string(outcome)})
		if activity.IsActivity(ctx) {
			activity.RecordHeartbeat(ctx, len(out.Items))
		}
	}
	return out, nil
}
