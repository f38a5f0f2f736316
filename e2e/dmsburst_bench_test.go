package e2e

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/integrations/incadea"
	"github.com/pitstop-dev/pitstop/worker"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
	"github.com/pitstop-dev/pitstop/workflows/dmsimport"
)

// The burst after an import (issue #11, `make bench`): burstN work orders
// whose online check-in is due at once (the demo location sends it
// CheckInDaysPrior = 3 days ahead; they are two days away) are put in the
// Incadea simulator, one import run (the dmsimport workflow, as the
// schedule starts it) imports them and starts their lifecycles, and the
// clock stops when the fake Twilio and Mailgun have accepted every message
// of their check-ins. The baseline, on the same dev server in the same run,
// starts burstN bare workflows of the same shape and waits for all of them
// to complete: as many no-op activities as the pilot check-in's history
// holds (local ones as local activities), batched as its workflow tasks
// scheduled them (those of one task run together, the next batch after),
// with the same payload codec. The bare workflows do none of the work
// (database, templates, providers): the ratio is what that work and our
// workflow code cost on top of Temporal's own round trips.

// (PITSTOP_DMS_BURST overrides burstN for a quicker look, e.g. 200.)
const burstN = 1000

// burstCount is burstN or PITSTOP_DMS_BURST.
func burstCount(b *testing.B) int {
	v := os.Getenv("PITSTOP_DMS_BURST")
	if v == "" {
		return burstN
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("PITSTOP_DMS_BURST=%q: want a positive count", v)
	}
	return n
}

// burstShape is a check-in's activities by workflow task: one entry per
// activity, true for a local one.
type burstShape [][]bool

func bareLifecycle(ctx workflow.Context, shape burstShape) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
	ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: time.Minute})
	for _, batch := range shape {
		futures := make([]workflow.Future, len(batch))
		for i, local := range batch {
			if local {
				futures[i] = workflow.ExecuteLocalActivity(ctx, bareActivity)
			} else {
				futures[i] = workflow.ExecuteActivity(ctx, bareActivity)
			}
		}
		for _, f := range futures {
			if err := f.Get(ctx, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

func bareActivity(context.Context) error { return nil }

// shapeOf reads a workflow's history into its burstShape: the activities
// (ActivityTaskScheduled) and local activities (their markers) each
// completed workflow task recorded.
func (s *stack) shapeOf(b *testing.B, workflowID string) (burstShape, int) {
	var shape burstShape
	var batch []bool
	n := 0
	it := s.Temporal.GetWorkflowHistory(context.Background(), workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			b.Fatal(err)
		}
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			if len(batch) > 0 {
				shape = append(shape, batch)
				batch = nil
			}
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			batch, n = append(batch, false), n+1
		case enumspb.EVENT_TYPE_MARKER_RECORDED:
			if ev.GetMarkerRecordedEventAttributes().GetMarkerName() == "LocalActivity" {
				batch, n = append(batch, true), n+1
			}
		}
	}
	if len(batch) > 0 {
		shape = append(shape, batch)
	}
	return shape, n
}

// received is how many messages each recipient (phone number or email
// address) has been sent, over both fakes.
func (s *stack) received() map[string]int {
	got := map[string]int{}
	for _, m := range s.Twilio.Messages() {
		if m.Direction != "inbound" {
			got[m.To]++
		}
	}
	for _, m := range s.Mailgun.Messages() {
		for _, to := range m.To {
			got[to]++
		}
	}
	return got
}

// burstRecipient is one imported appointment's driver as the fakes see it.
type burstRecipient struct{ phone, email string }

// waitEach waits until every recipient got exactly sms text messages and
// emails emails, failing at once when one got more (a duplicate is not
// progress) and after limit when some still lack theirs.
func (s *stack) waitEach(b *testing.B, rs []burstRecipient, sms, emails int, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for {
		got, done := s.received(), 0
		for _, r := range rs {
			switch {
			case got[r.phone] > sms || got[r.email] > emails:
				b.Fatalf("%s / %s got %d text messages and %d emails, want %d and %d: a duplicate", r.phone, r.email, got[r.phone], got[r.email], sms, emails)
			case got[r.phone] == sms && got[r.email] == emails:
				done++
			}
		}
		if done == len(rs) {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d appointments got all their messages within %s", done, len(rs), limit)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// burstLimit is how long the burst may take before the benchmark fails;
// `make bench` gives the e2e package's benchmarks a test timeout above it.
const burstLimit = 30 * time.Minute

func BenchmarkDMSBurstVsBareWorkflows(b *testing.B) {
	s := dmsStack(b)
	ctx := context.Background()
	burstN := burstCount(b)
	at := time.Now().Add(2 * 24 * time.Hour).Truncate(time.Minute)
	wo := func(run, i int) incadea.WorkOrder {
		id := fmt.Sprintf("7%02d%04d", run, i)
		w := demoWO(id, "WO-B"+id, fmt.Sprintf("BB-%02d-%04d", run, i), at, 1000)
		w.Driver.EmailPrivate = fmt.Sprintf("burst-%s@example.com", id)
		w.Driver.MobilePrivate = fmt.Sprintf("+316%08s", id)
		return w
	}
	importRun := func(name string) {
		r, err := s.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: dmsimport.ImportWorkflowID(s.Demo.LocationID, name), TaskQueue: s.Queue},
			dmsimport.WorkflowName, dmsimport.ImportInput{LocationID: s.Demo.LocationID})
		if err != nil {
			b.Fatal(err)
		}
		var out dmsimport.ImportOutput
		if err := r.Get(ctx, &out); err != nil {
			b.Fatal(err)
		}
	}

	// Pilot (not timed): how many text messages and emails one imported
	// check-in sends (its lifecycle handled and quiet, so nothing follows).
	pilot := wo(99, 0)
	s.Incadea.PutWorkOrder(pilot)
	importRun("pilot")
	pilotAp := s.DB.Appointment.Query().Where(entappointment.WoNr(pilot.Number)).OnlyX(ctx)
	s.waitState(pilotAp.ID, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	s.waitQuiet(appointment.AppointmentWorkflowID(pilotAp.ID))
	got := s.received()
	sms, emails := got[pilot.Driver.MobilePrivate], got[pilot.Driver.EmailPrivate]
	if sms+emails == 0 {
		b.Fatal("the pilot's check-in sent no message")
	}
	shape, steps := s.shapeOf(b, appointment.AppointmentWorkflowID(pilotAp.ID))
	b.Logf("one imported check-in sends %d text message(s) and %d email(s) and runs %d activities in %d batches", sms, emails, steps, len(shape))

	// The baseline's worker, on its own task queue of the same namespace.
	bareQueue := s.Queue + "-bare"
	// Its pollers as the app's worker has them (worker.New): the ratio is
	// the work's cost, not the worker's settings'.
	bw := sdkworker.New(s.Temporal, bareQueue, worker.WithPollers(sdkworker.Options{}))
	bw.RegisterWorkflow(bareLifecycle)
	bw.RegisterActivity(bareActivity)
	if err := bw.Start(); err != nil {
		b.Fatal(err)
	}
	defer bw.Stop()

	var burst, bare, imported time.Duration
	var last []burstRecipient
	b.ResetTimer()
	for run := 0; run < b.N; run++ {
		b.StopTimer()
		rs := make([]burstRecipient, burstN)
		for i := range rs {
			w := wo(run, i)
			s.Incadea.PutWorkOrder(w)
			rs[i] = burstRecipient{w.Driver.MobilePrivate, w.Driver.EmailPrivate}
		}
		b.StartTimer()

		start := time.Now()
		importRun(fmt.Sprintf("burst-%d", run))
		imported = time.Since(start)
		s.waitEach(b, rs, sms, emails, burstLimit)
		burst = time.Since(start)
		last = rs

		b.StopTimer()
		if n := s.DB.Appointment.Query().Where(entappointment.WoNrHasPrefix(fmt.Sprintf("WO-B7%02d", run))).CountX(ctx); n != burstN {
			b.Fatalf("imported %d of %d", n, burstN)
		}
		b.StartTimer()

		start = time.Now()
		runs := make([]client.WorkflowRun, burstN)
		for i := range runs {
			var err error
			runs[i], err = s.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
				ID: fmt.Sprintf("bare-%d-%d", run, i), TaskQueue: bareQueue}, bareLifecycle, shape)
			if err != nil {
				b.Fatal(err)
			}
		}
		for _, r := range runs {
			if err := r.Get(ctx, nil); err != nil {
				b.Fatal(err)
			}
		}
		bare = time.Since(start)
	}
	// No late duplicate: after the baseline's minutes, each still has
	// exactly its messages.
	s.waitEach(b, last, sms, emails, 0)
	// As a rate against the baseline's: higher is better, 1 is the bare pace.
	ratio := bare.Seconds() / burst.Seconds()
	b.ReportMetric(burst.Seconds(), "burst_s")
	b.ReportMetric(imported.Seconds(), "import_run_s")
	b.ReportMetric(bare.Seconds(), "bare_s")
	b.ReportMetric(ratio, "rate_x_bare")
	b.Logf("burst of %d imported check-ins (%d text messages and %d emails each): %.1fs (import run %.1fs) until every appointment got exactly its messages; "+
		"%d bare workflows of the same shape (%d no-op activities in %d batches) on the same dev server: %.1fs; ratio %.2fx (%.1f against %.1f check-ins/s; goal: at least 0.9x): %s",
		burstN, sms, emails, burst.Seconds(), imported.Seconds(), burstN, steps, len(shape), bare.Seconds(), ratio,
		float64(burstN)/burst.Seconds(), float64(burstN)/bare.Seconds(), burstVerdict(ratio))
}

func burstVerdict(ratio float64) string {
	if ratio >= 0.9 {
		return "goal met"
	}
	return "short of the goal"
}
