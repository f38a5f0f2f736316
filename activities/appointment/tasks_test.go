package appointment_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent/communicationsetting"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
)

// On PostgreSQL: the lifecycle opens a task once (a retry answers the same
// task) with the task.opened dealer event in its transaction; marking it
// done writes who and when once (done again answers the first outcome, and
// one task.done event); another location's task is not found and stays open.
func TestOpenTaskOnceAndMarkItDoneOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	in := appointment.OpenTaskInput{AppointmentID: f.ap, Kind: contract.TaskDiagnoseUnanswered, Hours: 8, Items: 2, DedupeKey: "appointment-1-diagnose-task"}
	n0 := len(eventsOf(t, f.db, f.ap))
	var id, again int
	f.run(t, &id, f.acts.OpenTask, in)
	f.run(t, &again, f.acts.OpenTask, in)
	require.Equal(t, id, again)
	task := f.db.Task.GetX(ctx, id)
	loc := f.db.Appointment.GetX(ctx, f.ap).DealerLocationID
	require.Equal(t, loc, task.DealerLocationID)
	require.Equal(t, contract.TaskStateOpen, task.State)
	require.True(t, strings.HasPrefix(task.Text, "Call "), task.Text)
	require.True(t, strings.HasSuffix(task.Text, ": diagnose overview unanswered for 8 h after a reminder, 2 items to decide"), task.Text)
	evs := eventsOf(t, f.db, f.ap)
	require.Len(t, evs, n0+1, "one task.opened event")
	require.Equal(t, string(dealerevents.TypeTaskOpened), evs[n0].Type)
	var data dealerevents.Task
	require.NoError(t, json.Unmarshal(evs[n0].Data, &data))
	require.Equal(t, dealerevents.Task{TaskID: id, Kind: contract.TaskDiagnoseUnanswered}, data)

	var res contract.TaskDoneResult
	f.run(t, &res, f.acts.MarkTaskDone, contract.TaskDoneRequest{TaskID: id, LocationID: loc + 1000, UserID: 9})
	require.False(t, res.Found, "another location's task")
	require.Equal(t, contract.TaskStateOpen, f.db.Task.GetX(ctx, id).State)

	first := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	f.acts.Now = func() time.Time { return first }
	f.run(t, &res, f.acts.MarkTaskDone, contract.TaskDoneRequest{TaskID: id, LocationID: loc, UserID: 9})
	require.Equal(t, contract.TaskDoneResult{Found: true, TaskID: id, State: contract.TaskStateDone, DoneAt: first, DoneByUserID: 9}, res)
	f.acts.Now = func() time.Time { return first.Add(time.Hour) }
	var twice contract.TaskDoneResult
	f.run(t, &twice, f.acts.MarkTaskDone, contract.TaskDoneRequest{TaskID: id, LocationID: loc, UserID: 10})
	require.Equal(t, res, twice, "done twice answers the first outcome")
	evs = eventsOf(t, f.db, f.ap)
	require.Len(t, evs, n0+2, "one task.done event")
	require.Equal(t, string(dealerevents.TypeTaskDone), evs[n0+1].Type)
}

// The reminder hours come from the location's setting, or a new setting's
// defaults where the location has none yet.
func TestLoadFollowUpSettings(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	loc := f.db.Appointment.GetX(ctx, f.ap).DealerLocationID
	f.db.CommunicationSetting.Update().Where(communicationsetting.DealerLocationID(loc)).SetDiagnoseReminderHours(6).SetEscalationHours(0).ExecX(ctx)
	var set appointment.FollowUpSettings
	f.run(t, &set, f.acts.LoadFollowUpSettings, loc)
	require.Equal(t, appointment.FollowUpSettings{CheckInReminderHours: 24, DiagnoseReminderHours: 6, EscalationHours: 0, KeyPickupReminderHours: 24}, set)
	f.run(t, &set, f.acts.LoadFollowUpSettings, loc+1000)
	require.Equal(t, appointment.FollowUpSettings{CheckInReminderHours: 24, DiagnoseReminderHours: 4, EscalationHours: 4, KeyPickupReminderHours: 24}, set)
}
