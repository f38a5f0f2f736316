package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/mocks"

	appointmentacts "github.com/pitstop-dev/pitstop/activities/appointment"
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// withTaskWorkflow gives the router a Temporal client that runs the
// TaskDoneWorkflow's one activity (the real MarkTaskDone, on the fixture's
// PostgreSQL database) in place of the workflow, and counts the starts.
func (f *adminFixture) withTaskWorkflow(now func() time.Time) *[]client.StartWorkflowOptions {
	acts := &appointmentacts.Activities{DB: f.db, KeySecret: []byte("k"), Now: now}
	var starts []client.StartWorkflowOptions
	tc := &mocks.Client{}
	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(
		func(ctx context.Context, o client.StartWorkflowOptions, name any, args ...any) (client.WorkflowRun, error) {
			require.Equal(f.t, contract.TaskDoneWorkflowName, name)
			starts = append(starts, o)
			res, err := acts.MarkTaskDone(ctx, args[0].(contract.TaskDoneRequest))
			run := &mocks.WorkflowRun{}
			run.On("Get", mock.Anything, mock.Anything).Return(func(_ context.Context, out any) error {
				if err != nil {
					return err
				}
				b, _ := json.Marshal(res)
				return json.Unmarshal(b, out)
			})
			return run, nil
		}).Maybe()
	f.router = New(Deps{DB: f.store, Temporal: tc, TaskQueue: "test", Tokens: f.iss, KeySecret: []byte("k"),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return &starts
}

// openTask opens a task at a location the way the lifecycle does (the
// OpenTask activity), for an appointment of a customer named Jan de Vries.
func (f *adminFixture) openTask(loc int, kind string, key string) int {
	f.t.Helper()
	ctx := context.Background()
	cu := f.db.Customer.Create().SetLocationID(loc).SetFirstName("Jan").SetSurname("de Vries").SaveX(ctx)
	ap := f.db.Appointment.Create().SetLocationID(loc).SetCustomerDriverID(cu.ID).SetWoNr("WO-" + key).SetTimeCarApp(time.Now()).
		SetRegNumber("AB-12-CD").SetCreatedBy("test").SaveX(ctx)
	acts := &appointmentacts.Activities{DB: f.db, KeySecret: []byte("k")}
	id, err := acts.OpenTask(ctx, appointmentacts.OpenTaskInput{AppointmentID: ap.ID, Kind: kind, Hours: 8, Items: 2, DedupeKey: key})
	require.NoError(f.t, err)
	again, err := acts.OpenTask(ctx, appointmentacts.OpenTaskInput{AppointmentID: ap.ID, Kind: kind, Hours: 8, Items: 2, DedupeKey: key})
	require.NoError(f.t, err)
	require.Equal(f.t, id, again, "a retried OpenTask finds its task")
	return id
}

// A receptionist lists the location's open tasks, marks one done (done
// again answers the first outcome, by whom and when), and cannot see or
// close another location's task.
func TestTasksListAndDoneOnce(t *testing.T) {
	f := newAdminFixture(t)
	clock := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	starts := f.withTaskWorkflow(func() time.Time { return clock })
	rec, mech := f.token(enums.RoleIDReceptionist), f.token(enums.RoleIDMechanic)
	diag := f.openTask(f.locA, contract.TaskDiagnoseUnanswered, "k1")
	key := f.openTask(f.locA, contract.TaskKeyNotCollected, "k2")
	other := f.openTask(f.locB, contract.TaskCheckInUnanswered, "k3")

	var list struct {
		Tasks []staffapi.TaskView `json:"tasks"`
	}
	code, b := f.call("GET", fmt.Sprintf("/v1/tasks?location_id=%d", f.locA), mech, nil, &list)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Len(t, list.Tasks, 2, "open by default, this location's only")
	require.Equal(t, diag, list.Tasks[0].ID)
	require.Equal(t, "Call Jan de Vries: diagnose overview unanswered for 8 h after a reminder, 2 items to decide", list.Tasks[0].Text)
	require.Equal(t, contract.TaskStateOpen, list.Tasks[0].State)
	require.Nil(t, list.Tasks[0].DoneAt)

	code, _ = f.call("POST", fmt.Sprintf("/v1/tasks/%d/done", diag), mech, nil, nil)
	require.Equal(t, http.StatusForbidden, code, "a mechanic reads tasks but does not close them")

	var first, second staffapi.TaskView
	code, b = f.call("POST", fmt.Sprintf("/v1/tasks/%d/done", diag), rec, nil, &first)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, contract.TaskStateDone, first.State)
	require.Equal(t, clock, *first.DoneAt)
	require.Equal(t, f.users[enums.RoleIDReceptionist], *first.DoneByUserID)
	clock = clock.Add(time.Hour)
	manager := f.token(enums.RoleIDDealerManager)
	code, b = f.call("POST", fmt.Sprintf("/v1/tasks/%d/done", diag), manager, nil, &second)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, first, second, "done twice answers the first outcome")

	code, b = f.call("POST", fmt.Sprintf("/v1/tasks/%d/done", other), rec, nil, nil)
	require.Equal(t, http.StatusNotFound, code, string(b))
	require.Equal(t, contract.TaskStateOpen, f.db.Task.GetX(context.Background(), other).State, "another location's task stays open")
	code, _ = f.call("GET", fmt.Sprintf("/v1/tasks?location_id=%d", f.locB), rec, nil, nil)
	require.Equal(t, http.StatusNotFound, code, "another location's list")
	code, _ = f.call("POST", "/v1/tasks/999999/done", rec, nil, nil)
	require.Equal(t, http.StatusNotFound, code)
	require.Len(t, *starts, 2, "no workflow for a task the caller may not see")
	require.NotEqual(t, (*starts)[0].ID, "", "the workflow ID names the task")

	code, b = f.call("GET", fmt.Sprintf("/v1/tasks?location_id=%d&state=done", f.locA), rec, nil, &list)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Len(t, list.Tasks, 1)
	require.Equal(t, diag, list.Tasks[0].ID)
	code, b = f.call("GET", fmt.Sprintf("/v1/tasks?location_id=%d&page_size=1&page=2", f.locA), rec, nil, &list)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Empty(t, list.Tasks, "one open task left: page 2 of size 1 is empty")
	code, b = f.call("GET", fmt.Sprintf("/v1/tasks?location_id=%d&page_size=1", f.locA), rec, nil, &list)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, key, list.Tasks[0].ID)

	// Bad input: every problem in the error body, nothing started.
	for q, want := range map[string]string{
		fmt.Sprintf("?location_id=%d&state=closed", f.locA):  "state: open or done",
		fmt.Sprintf("?location_id=%d&page_size=201", f.locA): "page_size: at most 200",
		fmt.Sprintf("?location_id=%d&page=100001", f.locA):   "page: at most 100000",
	} {
		code, b = f.call("GET", "/v1/tasks"+q, rec, nil, nil)
		require.Equal(t, http.StatusOK, code, string(b))
		require.Equal(t, []string{want}, errorsIn(b), q)
	}
	for _, q := range []string{"", "?location_id=0", "?location_id=x", "?location_id=99999999999999999999999"} {
		code, b = f.call("GET", "/v1/tasks"+q, rec, nil, nil)
		require.Equal(t, http.StatusOK, code, string(b))
		require.NotEmpty(t, errorsIn(b), q)
	}
	for _, id := range []string{"0", "-1", "x", "99999999999999999999999"} {
		code, b = f.call("POST", "/v1/tasks/"+id+"/done", rec, nil, nil)
		require.Equal(t, http.StatusOK, code, string(b))
		require.Equal(t, []string{"id: must be a positive task ID"}, errorsIn(b), id)
	}
	require.Len(t, *starts, 2)
}
