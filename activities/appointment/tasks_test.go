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
	"github.com/pitstop-dev/pitstop/internal/enums"
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
	require.Equal(t, appointment.FollowUpSettings{CheckInReminderHours: 24, DiagnoseReminderHours: 6, EscalationHours: 0, KeyPickupReminderHours: 24, LockerExpiryWarningHours: 24}, set)
	f.run(t, &set, f.acts.LoadFollowUpSettings, loc+1000)
	require.Equal(t, appointment.FollowUpSettings{CheckInReminderHours: 24, DiagnoseReminderHours: 4, EscalationHours: 4, KeyPickupReminderHours: 24, LockerExpiryWarningHours: 24}, set)
}

// An unmatched reply's task: at the location given, with no appointment,
// once per dedupe key; its text masks the sender's number, quotes the
// reply (clipped) and has no dealer event; marking it done writes who and
// when, with no event either.
func TestOpenUnmatchedReplyTaskOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	loc := f.db.Appointment.GetX(ctx, f.ap).DealerLocationID
	m := f.db.AppointmentMessage.Create().SetDirection("in").SetCommunicationChannelID(enums.CommunicationChannelIDSMS).
		SetText("is my car\nready? " + strings.Repeat("x", 400)).SetProviderID("twilio:SMu1").SetCustomerAddress("+31699999999").
		SetOurAddress("+3197010000031").SetDealerLocationID(loc).SaveX(ctx)
	events := f.db.DealerEvent.Query().CountX(ctx)
	in := appointment.OpenTaskInput{LocationID: loc, MessageID: m.ID, Kind: contract.TaskUnmatchedReply, DedupeKey: "unmatched-reply-1"}
	var id, again int
	f.run(t, &id, f.acts.OpenTask, in)
	f.run(t, &again, f.acts.OpenTask, in)
	require.Equal(t, id, again)
	task := f.db.Task.GetX(ctx, id)
	require.Equal(t, loc, task.DealerLocationID)
	require.Nil(t, task.AppointmentID)
	require.Equal(t, contract.TaskUnmatchedReply, task.Kind)
	require.True(t, strings.HasPrefix(task.Text, "A reply by SMS from +31******999 matched no appointment: "+
		"find the customer and answer in their appointment: “is my car ready? xxx"), task.Text)
	require.True(t, strings.HasSuffix(task.Text, "x…”"), task.Text)
	require.NotContains(t, task.Text, "+31699999999")
	var res contract.TaskDoneResult
	f.run(t, &res, f.acts.MarkTaskDone, contract.TaskDoneRequest{TaskID: id, LocationID: loc, UserID: 9})
	require.True(t, res.Found)
	require.Equal(t, contract.TaskStateDone, res.State)
	require.Equal(t, events, f.db.DealerEvent.Query().CountX(ctx), "the dealer event stream is per appointment")
}

// The locker warning names the customer and the booking's end in the
// location's zone (its abbreviation stated), or in UTC when the zone is not
// known.
func TestLockerBookingExpiringTaskText(t *testing.T) {
	ends := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	in := appointment.OpenTaskInput{Kind: contract.TaskLockerBookingExpiring, Hours: 24, Ends: &ends}
	ams, err := time.LoadLocation("Europe/Amsterdam")
	require.NoError(t, err)
	require.Equal(t, "Locker booking for Jan de Vries ends 21 Dec 2026 10:00 CET: key not yet collected",
		appointment.TaskText("Jan de Vries", in, ams))
	require.Equal(t, "Locker booking for Jan de Vries ends 21 Dec 2026 09:00 UTC: key not yet collected",
		appointment.TaskText("Jan de Vries", in, nil))
}

// On PostgreSQL: the task written names the booking's end in the
// location's zone.
func TestOpenLockerBookingExpiringTask(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ends := time.Date(2026, 7, 1, 8, 30, 0, 0, time.UTC)
	var id int
	f.run(t, &id, f.acts.OpenTask, appointment.OpenTaskInput{AppointmentID: f.ap, Kind: contract.TaskLockerBookingExpiring, Hours: 24,
		Ends: &ends, DedupeKey: "appointment-1-locker_booking_expiring-bkg@x"})
	task := f.db.Task.GetX(ctx, id)
	loc := f.db.DealerLocation.GetX(ctx, task.DealerLocationID)
	tz, err := time.LoadLocation(loc.TimeZone)
	require.NoError(t, err)
	require.Equal(t, contract.TaskLockerBookingExpiring, task.Kind)
	require.True(t, strings.HasPrefix(task.Text, "Locker booking for "), task.Text)
	require.True(t, strings.HasSuffix(task.Text, " ends "+ends.In(tz).Format("2 Jan 2006 15:04 MST")+": key not yet collected"), task.Text)
}
