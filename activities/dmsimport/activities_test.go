package dmsimport_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/pitstop-dev/pitstop/activities/dmsimport"
	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/integrations/incadea"
	incadeafake "github.com/pitstop-dev/pitstop/integrations/incadea/fake"
	"github.com/pitstop-dev/pitstop/internal/dms/dmsstore"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/metrics"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

const branch = "BR-1"

// steerer records what the import asked of the lifecycle workflows and
// answers like appointment.SteerFromDMS would: a cancellation without a
// running workflow is SteerNoWorkflow.
type steerer struct {
	mu      sync.Mutex
	got     []dmsstore.Change
	running map[int]bool
	fail    error
}

func (s *steerer) steer(_ context.Context, ch dmsstore.Change) (dmsstore.SteerOutcome, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return "", s.fail
	}
	s.got = append(s.got, ch)
	switch {
	case ch.Kind == dmsstore.KindCancelled && !s.running[ch.AppointmentID]:
		return dmsstore.SteerNoWorkflow, nil
	case ch.Kind == dmsstore.KindCancelled:
		s.running[ch.AppointmentID] = false
		return dmsstore.SteerSignalled, nil
	}
	s.running[ch.AppointmentID] = true
	return dmsstore.SteerStarted, nil
}

type fixture struct {
	env   *testsuite.TestActivityEnvironment
	db    *ent.Client
	acts  *dmsimport.Activities
	fake  *incadeafake.Server
	steer *steerer
	loc   int
	// metrics receives what the activities count.
	metrics *metrics.Metrics
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := storetest.New(t).Client
	fake := incadeafake.New()
	t.Cleanup(fake.Close)
	c, err := incadea.New(incadea.Config{BaseURL: fake.URL(), APIKey: incadeafake.DefaultAPIKey, Timeout: 2 * time.Second})
	require.NoError(t, err)
	d := db.Dealer.Create().SetName("D").SetCountryCode("NL").SaveX(ctx)
	loc := db.DealerLocation.Create().SetDealer(d).SetName("L").SetActive(true).SetDmsLocationID(branch).SaveX(ctx)
	st := &steerer{running: map[int]bool{}}
	f := &fixture{db: db, fake: fake, steer: st, loc: loc.ID,
		acts: &dmsimport.Activities{DB: db, Incadea: c, Steer: st.steer, PageSize: 2}}
	require.NoError(t, dmsimport.Check(f.acts))
	f.metrics = metrics.New()
	suite := &testsuite.WorkflowTestSuite{}
	suite.SetMetricsHandler(f.metrics.Temporal())
	f.env = suite.NewTestActivityEnvironment()
	f.env.RegisterActivity(f.acts)
	return f
}

// counted reads pitstop_dms_work_orders_total by outcome.
func (f *fixture) counted(t *testing.T) map[string]float64 {
	t.Helper()
	fams, err := f.metrics.Registry.Gather()
	require.NoError(t, err)
	out := map[string]float64{}
	for _, fam := range fams {
		if fam.GetName() == "pitstop_dms_work_orders_total" {
			for _, m := range fam.GetMetric() {
				for _, l := range m.GetLabel() {
					if l.GetName() == "outcome" {
						out[l.GetValue()] += m.GetCounter().GetValue()
					}
				}
			}
		}
	}
	return out
}

func (f *fixture) put(id, nr, plate string, at time.Time) {
	f.fake.PutWorkOrder(incadea.WorkOrder{ID: id, BranchID: branch, Number: nr, AppointmentDate: at.UTC().Format(time.RFC3339),
		Vehicle: &incadea.Vehicle{ID: "V" + id, Make: "Toyota", Model: "Yaris", LicensePlate: plate, DriverID: "K" + id},
		Driver:  &incadea.Customer{ID: "K" + id, FirstName: "Test", LastName: "Driver " + id, MobilePrivate: "+31612340000"}})
}

func (f *fixture) importChanges(t *testing.T) dmsimport.ImportChangesOutput {
	t.Helper()
	v, err := f.env.ExecuteActivity(f.acts.ImportChanges, dmsimport.ImportChangesInput{LocationID: f.loc})
	require.NoError(t, err)
	var out dmsimport.ImportChangesOutput
	require.NoError(t, v.Get(&out))
	return out
}

func TestImportChangesStoresAndSteersOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	at := time.Now().Add(96 * time.Hour).Truncate(time.Hour)
	f.put("800001", "WO-8001", "AA-111-B", at)
	f.put("800002", "WO-8002", "CC-222-D", at.Add(time.Hour))
	f.put("800003", "WO-8003", "EE-333-F", at.Add(2*time.Hour))
	f.fake.PutWorkOrder(incadea.WorkOrder{ID: "800009", BranchID: "OTHER", Number: "WO-8009", AppointmentDate: at.UTC().Format(time.RFC3339)})

	out := f.importChanges(t)
	require.Equal(t, 3, out.Seen, "the other branch's work order is not this location's")
	require.Equal(t, 3, out.Imported)
	require.GreaterOrEqual(t, out.Pages, 2, "page size 2")
	require.Len(t, f.steer.got, 3)
	for _, ch := range f.steer.got {
		require.Equal(t, dmsstore.KindNew, ch.Kind)
		require.Equal(t, f.loc, ch.DealerLocationID)
	}
	aps := f.db.Appointment.Query().Where(entappointment.DealerLocationID(f.loc)).Order(ent.Asc(entappointment.FieldWoNr)).AllX(ctx)
	require.Len(t, aps, 3)
	require.Equal(t, "WO-8001", aps[0].WoNr)
	require.Equal(t, "AA-111-B", aps[0].RegNumber)
	require.True(t, aps[0].TimeCarApp.Equal(at))
	for _, ap := range aps {
		require.Empty(t, ap.DmsLifecyclePending, "delivered: the pending marker is cleared")
	}
	require.NotNil(t, f.db.DealerLocation.GetX(ctx, f.loc).DmsImportWatermark)

	// Nothing changed: the next run steers nothing.
	again := f.importChanges(t)
	require.Equal(t, 0, again.Imported)
	require.Len(t, f.steer.got, 3)
	require.Equal(t, map[string]float64{"imported": 3, "unchanged": float64(again.Unchanged), "refused": 0}, f.counted(t), "counted for ops, once per run")

	// A cancellation reaches the running lifecycle.
	require.True(t, f.fake.Cancel("800002"))
	f.importChanges(t)
	require.Len(t, f.steer.got, 4)
	require.Equal(t, dmsstore.KindCancelled, f.steer.got[3].Kind)
	require.Equal(t, "WO-8002", f.steer.got[3].WONr)
}

// A change the workflows could not take stays pending in the read model and
// is delivered by the next run; a cancellation without a workflow marks the
// appointment cancelled in the read model.
func TestUndeliveredChangesStayPending(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.put("800001", "WO-8001", "AA-111-B", time.Now().Add(96*time.Hour).Truncate(time.Hour))
	f.steer.fail = errors.New("temporal unreachable")
	_, err := f.env.ExecuteActivity(f.acts.ImportChanges, dmsimport.ImportChangesInput{LocationID: f.loc})
	require.ErrorContains(t, err, "temporal unreachable")
	ap := f.db.Appointment.Query().OnlyX(ctx)
	require.Equal(t, string(dmsstore.KindNew), ap.DmsLifecyclePending)
	require.NotEqual(t, "cancelled", ap.LifecycleStage)

	// The workflow never started; the DMS cancels before the next run.
	f.steer.fail = nil
	require.True(t, f.fake.Cancel("800001"))
	f.importChanges(t)
	require.Len(t, f.steer.got, 1)
	require.Equal(t, dmsstore.KindCancelled, f.steer.got[0].Kind, "a cancellation wins over the undelivered start")
	ap = f.db.Appointment.GetX(ctx, ap.ID)
	require.Equal(t, "cancelled", ap.LifecycleStage)
	require.Empty(t, ap.DmsLifecyclePending)
}

func TestImportRefusesALocationWithoutDMSAndAnUnconfiguredIncadea(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	d := f.db.Dealer.Create().SetName("E").SetCountryCode("NL").SaveX(ctx)
	bare := f.db.DealerLocation.Create().SetDealer(d).SetName("No DMS").SetActive(true).SaveX(ctx)
	_, err := f.env.ExecuteActivity(f.acts.ImportChanges, dmsimport.ImportChangesInput{LocationID: bare.ID})
	requireFinal(t, err, errtypes.Validation)
	_, err = f.env.ExecuteActivity(f.acts.ImportChanges, dmsimport.ImportChangesInput{LocationID: f.loc + 1000})
	requireFinal(t, err, errtypes.NotFound)

	f.acts.Incadea = nil
	_, err = f.env.ExecuteActivity(f.acts.ImportChanges, dmsimport.ImportChangesInput{LocationID: f.loc})
	requireFinal(t, err, errtypes.Rejected)

	require.ErrorContains(t, dmsimport.Check(&dmsimport.Activities{DB: f.db}), "Steer")
}

func requireFinal(t *testing.T, err error, typ string) {
	t.Helper()
	var ae *temporal.ApplicationError
	require.True(t, errors.As(err, &ae), "an application error: %v", err)
	require.Equal(t, typ, ae.Type())
	require.True(t, ae.NonRetryable())
}
