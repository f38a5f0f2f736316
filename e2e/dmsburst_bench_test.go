package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/integrations/incadea"
	"github.com/pitstop-dev/pitstop/workflows/dmsimport"
)

// The burst after an import (issue #11, `make bench`): burstN work orders
// whose online check-in is due at once (the demo location sends it
// CheckInDaysPrior = 3 days ahead; they are two days away) are put in the
// Incadea simulator, one import run (the dmsimport workflow, as the
// schedule starts it) imports them and starts their lifecycles, and the
// clock stops when the fake Twilio and Mailgun have accepted every message
// of their check-ins. The baseline, on the same dev server in the same run,
// starts burstN bare workflows of the same shape (one no-op activity each)
// from one loop and waits for all of them to complete.

const burstN = 1000

func bareLifecycle(ctx workflow.Context) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
	return workflow.ExecuteActivity(ctx, bareActivity).Get(ctx, nil)
}

func bareActivity(context.Context) error { return nil }

// messages is how many messages both fakes have accepted.
func (s *stack) messages() int { return len(s.Twilio.Messages()) + len(s.Mailgun.Messages()) }

// waitMessages waits until the fakes hold want messages (or fails after limit).
func (s *stack) waitMessages(b *testing.B, want int, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for s.messages() < want {
		if time.Now().After(deadline) {
			b.Fatalf("the fakes accepted %d of %d messages within %s", s.messages(), want, limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func BenchmarkDMSBurstVsBareWorkflows(b *testing.B) {
	s := dmsStack(b)
	ctx := context.Background()
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

	// Pilot (not timed): how many messages one imported check-in sends.
	before := s.messages()
	s.Incadea.PutWorkOrder(wo(99, 0))
	importRun("pilot")
	time.Sleep(3 * time.Second)
	s.waitMessages(b, before+1, time.Minute)
	time.Sleep(2 * time.Second) // a second channel follows within moments
	perAppointment := s.messages() - before
	b.Logf("one imported check-in sends %d message(s)", perAppointment)

	// The baseline's worker, on its own task queue of the same namespace.
	bareQueue := s.Queue + "-bare"
	bw := sdkworker.New(s.Temporal, bareQueue, sdkworker.Options{})
	bw.RegisterWorkflow(bareLifecycle)
	bw.RegisterActivity(bareActivity)
	if err := bw.Start(); err != nil {
		b.Fatal(err)
	}
	defer bw.Stop()

	var burst, bare, imported time.Duration
	b.ResetTimer()
	for run := 0; run < b.N; run++ {
		b.StopTimer()
		for i := 0; i < burstN; i++ {
			s.Incadea.PutWorkOrder(wo(run, i))
		}
		before := s.messages()
		b.StartTimer()

		start := time.Now()
		importRun(fmt.Sprintf("burst-%d", run))
		imported = time.Since(start)
		s.waitMessages(b, before+burstN*perAppointment, 30*time.Minute)
		burst = time.Since(start)

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
				ID: fmt.Sprintf("bare-%d-%d", run, i), TaskQueue: bareQueue}, bareLifecycle)
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
	ratio := burst.Seconds() / bare.Seconds()
	b.ReportMetric(burst.Seconds(), "burst_s")
	b.ReportMetric(imported.Seconds(), "import_run_s")
	b.ReportMetric(bare.Seconds(), "bare_s")
	b.ReportMetric(ratio, "x_bare")
	b.Logf("burst of %d imported check-ins (%d messages): %.1fs (import run %.1fs) until the fakes accepted all; "+
		"%d bare one-activity workflows on the same dev server: %.1fs; ratio %.2fx",
		burstN, burstN*perAppointment, burst.Seconds(), imported.Seconds(), burstN, bare.Seconds(), ratio)
}
