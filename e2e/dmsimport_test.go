package e2e

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/pitstop-dev/pitstop/api/callbacks"
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/integrations/incadea"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
	"github.com/pitstop-dev/pitstop/workflows/dmsimport"
)

const branch = "BR-1"

func intp(v int) *int { return &v }

// upsertedSearchAttributes lists the search attributes a workflow's
// history upserted, in order, less the SDK's TemporalChangeVersion.
func (s *stack) upsertedSearchAttributes(workflowID string) []string {
	s.t.Helper()
	var out []string
	it := s.Temporal.GetWorkflowHistory(context.Background(), workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		require.NoError(s.t, err)
		for name := range ev.GetUpsertWorkflowSearchAttributesEventAttributes().GetSearchAttributes().GetIndexedFields() {
			if name != "TemporalChangeVersion" {
				out = append(out, name)
			}
		}
	}
	return out
}

func demoWO(id, number, plate string, at time.Time, km int) incadea.WorkOrder {
	return incadea.WorkOrder{
		ID: id, BranchID: branch, Number: number, AppointmentDate: at.UTC().Format(time.RFC3339),
		CreatedAt: "2026-01-01", Mileage: intp(km),
		Jobs: []incadea.Job{{ID: "J1", Title: "Service", Price: 249.5, Lines: []incadea.Line{
			{ID: "L1", Kind: "labour", Description: "labour", Quantity: 1, Price: 100},
			{ID: "L2", Kind: "part", Description: "oil filter", Quantity: 1, Price: 20, InternalNote: "stock"},
		}}},
		Vehicle: &incadea.Vehicle{ID: "V-" + id, Make: "Peugeot", Model: "208", LicensePlate: plate, VIN: "VF3ABCDEF1234" + id[len(id)-4:],
			FirstRegistration: "2020-01-15", DriverID: "K-" + id},
		Driver: &incadea.Customer{ID: "K-" + id, FirstName: "Jan", LastName: "Jansen", MobilePrivate: "+31612345678", EmailPrivate: "jan@example.com"},
	}
}

// dmsStack is a stack whose demo location imports from Incadea branch BR-1
// and takes Carsys pushes with user "carsys-demo".
func dmsStack(t testing.TB) *stack {
	s := newStack(t)
	hash, err := callbacks.HashCarsysPassword("s3cret")
	require.NoError(t, err)
	require.NoError(t, s.DB.DealerLocation.UpdateOneID(s.Demo.LocationID).SetDmsLocationID(branch).
		SetCarsysUsername("carsys-demo").SetCarsysPasswordHash(hash).SetDmsImportIntervalMinutes(1).Exec(context.Background()))
	return s
}

func (s *stack) workflowStatus(appointmentID int) enumspb.WorkflowExecutionStatus {
	d, err := s.Temporal.DescribeWorkflowExecution(context.Background(), appointment.AppointmentWorkflowID(appointmentID), "")
	require.NoError(s.t, err)
	return d.WorkflowExecutionInfo.Status
}

func TestDMSImportManualRefreshMileage(t *testing.T) {
	s := dmsStack(t)
	ctx := context.Background()
	at := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Minute)
	s.Incadea.PutWorkOrder(demoWO("900001", "WO-9001", "AB-123-C", at, 45000))
	s.Incadea.PutWorkOrder(demoWO("900002", "WO-9002", "XY-987-Z", at, 1000))

	// Import by WO number: new, lifecycle started.
	var res staffapi.DMSImportResponse
	code, body := s.call(http.MethodPost, "/v1/dms/import", s.Token, map[string]any{"wo_nr": "WO-9001"}, &res)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Len(t, res.Items, 1, "%s", body)
	item := res.Items[0]
	require.Equal(t, "new", item.Result, "%s", body)
	require.Equal(t, "started", item.Lifecycle)
	apID := item.AppointmentID
	require.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, s.workflowStatus(apID))
	ap := s.DB.Appointment.GetX(ctx, apID)
	require.Equal(t, "WO-9001", ap.WoNr)
	require.Equal(t, 45000, ap.DmsKm)
	require.Equal(t, "AB-123-C", ap.RegNumber)
	require.Equal(t, 1, s.DB.Intervention.Query().Where().CountX(ctx)-s.demoInterventions(ctx, apID))

	// Importing the same again changes nothing and starts nothing.
	code, body = s.call(http.MethodPost, "/v1/dms/import", s.Token, map[string]any{"wo_nr": "WO-9001"}, &res)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "unchanged", res.Items[0].Result, "%s", body)
	require.Equal(t, apID, res.Items[0].AppointmentID)
	require.Equal(t, ap.UpdatedAt, s.DB.Appointment.GetX(ctx, apID).UpdatedAt)

	// Import by registration (separators and case ignored).
	code, body = s.call(http.MethodPost, "/v1/dms/import", s.Token, map[string]any{"reg_nr": "xy987z"}, &res)
	require.Equal(t, http.StatusOK, code)
	require.Len(t, res.Items, 1, "%s", body)
	require.Equal(t, "new", res.Items[0].Result)

	// Bad input: both or neither.
	code, body = s.call(http.MethodPost, "/v1/dms/import", s.Token, map[string]any{"wo_nr": "A", "reg_nr": "B"}, nil)
	refused(t, code, body, "exactly one")

	// Refresh with a date change: the workflow is rescheduled.
	later := at.Add(48 * time.Hour)
	s.Incadea.UpdateWorkOrder("900001", func(w *incadea.WorkOrder) { w.AppointmentDate = later.UTC().Format(time.RFC3339) })
	var one staffapi.DMSItemResult
	code, body = s.call(http.MethodPost, fmt.Sprintf("/v1/appointments/%d/dms/refresh", apID), s.Token, nil, &one)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Equal(t, "rescheduled", one.Result, "%s", body)
	require.Equal(t, "signalled", one.Lifecycle)
	require.Eventually(t, func() bool {
		var st appointment.AppointmentState
		v, err := s.Temporal.QueryWorkflow(ctx, appointment.AppointmentWorkflowID(apID), "", appointment.QueryState)
		return err == nil && v.Get(&st) == nil && st.AppointmentAt.Equal(later)
	}, 10*time.Second, 100*time.Millisecond, "the workflow took the new date")
	// The import's start carried every search attribute, the plate's hash
	// too: the lifecycle upserted none of them (issue #24's epoch).
	desc, err := s.Temporal.DescribeWorkflowExecution(ctx, appointment.AppointmentWorkflowID(apID), "")
	require.NoError(t, err)
	var reg string
	require.NoError(t, converter.GetDefaultDataConverter().FromPayload(desc.GetWorkflowExecutionInfo().GetSearchAttributes().GetIndexedFields()["RegNumber"], &reg))
	require.Equal(t, regNumberHash("AB-123-C"), reg)
	require.Empty(t, s.upsertedSearchAttributes(appointment.AppointmentWorkflowID(apID)), "nothing upserted while still scheduled")

	// Mileage write-back: never lower, never twice.
	var mil staffapi.DMSMileageResponse
	path := fmt.Sprintf("/v1/appointments/%d/dms/mileage", apID)
	s.call(http.MethodPost, path, s.Token, map[string]any{"mileage": 44000}, &mil)
	require.False(t, mil.Written)
	require.Contains(t, mil.Reason, "not higher")
	s.call(http.MethodPost, path, s.Token, map[string]any{"mileage": 46000}, &mil)
	require.True(t, mil.Written, "%+v", mil)
	mil = staffapi.DMSMileageResponse{}
	s.call(http.MethodPost, path, s.Token, map[string]any{"mileage": 46000}, &mil)
	require.False(t, mil.Written)
	accepted := 0
	for _, w := range s.Incadea.MileageWrites() {
		if w.Accepted {
			accepted++
			require.Equal(t, 46000, w.Mileage)
		}
	}
	require.Equal(t, 1, accepted, "written once")
	wo, _ := s.Incadea.WorkOrder("900001")
	require.Equal(t, 46000, *wo.Mileage)

	// Cancelled in the DMS: the refresh ends the lifecycle.
	s.Incadea.Cancel("900001")
	code, body = s.call(http.MethodPost, fmt.Sprintf("/v1/appointments/%d/dms/refresh", apID), s.Token, nil, &one)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Equal(t, "cancelled", one.Result, "%s", body)
	require.Eventually(t, func() bool {
		return s.workflowStatus(apID) == enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED
	}, 10*time.Second, 100*time.Millisecond)
	require.Equal(t, "cancelled", s.DB.Appointment.GetX(ctx, apID).LifecycleStage)

	// A re-import after the lifecycle closed updates the read model and
	// does not restart it.
	s.Incadea.UpdateWorkOrder("900001", func(w *incadea.WorkOrder) { w.Canceled = false })
	s.call(http.MethodPost, fmt.Sprintf("/v1/appointments/%d/dms/refresh", apID), s.Token, nil, &one)
	require.Equal(t, "closed", one.Lifecycle, "%+v", one)
	require.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED, s.workflowStatus(apID))
	require.False(t, s.DB.Appointment.GetX(ctx, apID).DmsCanceled)
	recordHistory(t, s, appointment.AppointmentWorkflowID(apID), "appointment_dms_rescheduled_and_cancelled")
}

func (s *stack) demoInterventions(ctx context.Context, except int) int {
	n, err := s.DB.Intervention.Query().Where().Count(ctx)
	require.NoError(s.t, err)
	own, err := s.DB.Appointment.QueryInterventions(s.DB.Appointment.GetX(ctx, except)).Count(ctx)
	require.NoError(s.t, err)
	return n - own
}

func (s *stack) carsys(user, pw string, body string) (int, []byte) {
	h := []string{}
	if user != "" {
		h = append(h, "Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+pw)))
	}
	return s.callAt(s.API.URL, http.MethodPost, "/v1/carsys/workorders", "", body, nil, h...)
}

func TestDMSImportCarsysPush(t *testing.T) {
	s := dmsStack(t)
	ctx := context.Background()
	day := time.Now().Add(20 * 24 * time.Hour).UTC().Format("2006-01-02")
	good := `{"wo_nr":"CS-1","dms_nr":"88001","appointment_date":"` + day + `T08:30:00Z","interventions":[{"title":"APK","price":49.95}],"car":{"registration":"ZZ-111-A","fuel":"Benzine"},"driver":{"id":"P1","last_name":"Bakker"}}`
	badDate := `{"wo_nr":"CS-2","appointment_date":"10/6/2019"}`
	dup := `{"wo_nr":"CS-3","appointment_date":"` + day + `"}`
	noWO := `{"appointment_date":"` + day + `"}`
	otherLoc := `{"wo_nr":"CS-4","location_id":"ELSEWHERE","appointment_date":"` + day + `"}`
	batch := "[" + good + "," + badDate + "," + dup + "," + dup + "," + noWO + "," + otherLoc + "]"

	code, _ := s.carsys("carsys-demo", "wrong", batch)
	require.Equal(t, http.StatusUnauthorized, code)
	code, _ = s.carsys("", "", batch)
	require.Equal(t, http.StatusUnauthorized, code)
	code, body := s.carsys("carsys-demo", "s3cret", `{"wo_nr": garbage`)
	require.Equal(t, http.StatusBadRequest, code, "an unreadable push is a 400 (PROTOCOL.md)")
	require.Contains(t, string(body), "not JSON")

	before := s.DB.Appointment.Query().CountX(ctx)
	var res callbacks.CarsysPushResponse
	code, body = s.callAt(s.API.URL, http.MethodPost, "/v1/carsys/workorders", "", batch, &res,
		"Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("carsys-demo:s3cret")))
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Len(t, res.Results, 6)
	require.True(t, res.Results[0].Accepted, "%s", body)
	require.NotZero(t, res.Results[0].AppointmentID)
	for i, want := range map[int]string{1: "ISO 8601", 2: "more than once", 3: "more than once", 4: "wo_nr", 5: "location_id"} {
		require.False(t, res.Results[i].Accepted, "%d: %s", i, body)
		require.Contains(t, fmt.Sprint(res.Results[i].Errors), want, "%d", i)
	}
	require.Equal(t, before+1, s.DB.Appointment.Query().CountX(ctx))
	apID := res.Results[0].AppointmentID
	// The answer comes once the item is stored and its delivery told; the
	// delivery workflow steers the lifecycle right after (PROTOCOL.md).
	require.Eventually(t, func() bool {
		return s.DB.Appointment.GetX(ctx, apID).DmsLifecyclePending == ""
	}, 20*time.Second, 50*time.Millisecond, "the push's delivery steered the lifecycle")
	require.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, s.workflowStatus(apID))
	ap := s.DB.Appointment.GetX(ctx, apID)

	// The same push again changes nothing.
	code, body = s.carsys("carsys-demo", "s3cret", batch)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Equal(t, before+1, s.DB.Appointment.Query().CountX(ctx))
	require.Equal(t, ap.UpdatedAt, s.DB.Appointment.GetX(ctx, apID).UpdatedAt)
	require.Equal(t, 1, s.DB.Appointment.Query().Where(entappointment.WoNr("CS-1")).CountX(ctx))
}

func TestDMSImportScheduleAndRetries(t *testing.T) {
	dmsimport.ImportInitialInterval = 100 * time.Millisecond
	s := dmsStack(t)
	s.Acts.DMSImport.PageSize = 1
	ctx := context.Background()
	at := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Minute)
	for i := 1; i <= 3; i++ {
		s.Incadea.PutWorkOrder(demoWO(fmt.Sprintf("91000%d", i), fmt.Sprintf("WO-S%d", i), fmt.Sprintf("SC-00%d-X", i), at, 1000))
	}
	// The second page times out, the third answers 500: the activity
	// retries from its heartbeat cursor and imports each work order once.
	s.Incadea.SlowAfter(1, 1, 5*time.Second)
	run, err := s.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: dmsimport.ImportWorkflowID(s.Demo.LocationID, "retry"), TaskQueue: s.Queue},
		dmsimport.WorkflowName, dmsimport.ImportInput{LocationID: s.Demo.LocationID})
	require.NoError(t, err)
	var out dmsimport.ImportOutput
	require.NoError(t, run.Get(ctx, &out))
	require.Equal(t, 3, out.Imported, "%+v", out)
	require.Equal(t, 3, s.DB.Appointment.Query().Where(entappointment.WoNrHasPrefix("WO-S")).CountX(ctx))
	loc := s.DB.DealerLocation.GetX(ctx, s.Demo.LocationID)
	require.NotNil(t, loc.DmsImportWatermark)
	recordHistory(t, s, dmsimport.ImportWorkflowID(s.Demo.LocationID, "retry"), "dmsimport_scheduled_with_retries")

	// A 500 on the first page: retried, nothing half-written, nothing twice.
	s.Incadea.UpdateWorkOrder("910001", func(w *incadea.WorkOrder) { w.CustomerWaiting = true })
	s.Incadea.FailNext(1, 500)
	run, err = s.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: dmsimport.ImportWorkflowID(s.Demo.LocationID, "500"), TaskQueue: s.Queue},
		dmsimport.WorkflowName, dmsimport.ImportInput{LocationID: s.Demo.LocationID})
	require.NoError(t, err)
	require.NoError(t, run.Get(ctx, &out))
	require.Equal(t, 1, out.Imported, "%+v", out) // only the changed one; the overlap re-reads the rest as unchanged
	require.Equal(t, 3, s.DB.Appointment.Query().Where(entappointment.WoNrHasPrefix("WO-S")).CountX(ctx))

	// The schedule: create, pause, resume, trigger.
	base := fmt.Sprintf("/v1/dms/schedules/%d", s.Demo.LocationID)
	var st staffapi.DMSScheduleStatus
	code, body := s.call(http.MethodGet, base, s.Token, nil, nil)
	require.Equal(t, http.StatusNotFound, code, "%s", body)
	code, body = s.call(http.MethodPut, base, s.Token, nil, &st)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Equal(t, 1, st.IntervalMinutes)
	require.False(t, st.Paused)
	s.call(http.MethodPost, base+"/pause", s.Token, nil, &st)
	require.True(t, st.Paused)
	s.call(http.MethodPost, base+"/resume", s.Token, nil, &st)
	require.False(t, st.Paused)

	s.Incadea.PutWorkOrder(demoWO("910009", "WO-S9", "SC-009-X", at, 1000))
	code, body = s.call(http.MethodPost, base+"/trigger", s.Token, nil, &st)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Eventually(t, func() bool {
		return s.DB.Appointment.Query().Where(entappointment.WoNr("WO-S9")).CountX(ctx) == 1
	}, 20*time.Second, 200*time.Millisecond, "the triggered run imported the new work order")

	// Another location's token cannot touch it.
	other := s.elsewhereToken()
	code, _ = s.call(http.MethodPost, base+"/pause", other, nil, nil)
	require.Equal(t, http.StatusNotFound, code)
}
