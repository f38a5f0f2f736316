package appointment

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	acts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/notify"
	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
)

// Reminders and escalations (followup.go), on the time-skipping test
// environment: the check-in goes out at checkInAt (t0 + 2 days), the
// appointment is at t0 + 5 days.

func TestCheckInUnansweredRemindsThenOpensATaskThenStops(t *testing.T) {
	e := newLifecycleEnv(t, snapshot())
	e.followUp = acts.FollowUpSettings{CheckInReminderHours: 24, EscalationHours: 4}
	sent := checkInAt - time.Minute // the check-in's send time
	e.at(sent+24*time.Hour-time.Minute, func() {
		require.Empty(t, e.reminders, "no reminder before 24 h")
		require.Equal(t, 24, e.state(t).FollowUp.ReminderHours)
	})
	e.at(sent+24*time.Hour+time.Minute, func() {
		require.Len(t, e.reminders, 1)
		require.Equal(t, notify.ReminderInput{AppointmentID: 7, CommunicationID: 70, Kind: notify.KindAnswerReminder,
			For: notify.KindOnlineCheckIn, DedupeKey: e.reminders[0].DedupeKey}, e.reminders[0])
		require.Contains(t, e.deliv, 901, "the reminder is delivered")
		require.Empty(t, e.tasks, "no task before a further 4 h")
	})
	e.at(sent+28*time.Hour+time.Minute, func() {
		require.Equal(t, []acts.OpenTaskInput{{AppointmentID: 7, Kind: contract.TaskCheckInUnanswered, Hours: 28,
			DedupeKey: e.reminders[0].DedupeKey + "-task"}}, e.tasks)
		st := e.state(t)
		require.True(t, st.FollowUp.Done)
		require.Equal(t, 501, st.FollowUp.TaskID)
	})
	// The check-in then closes at the appointment; nothing more is sent.
	e.at(5*24*time.Hour+time.Hour, func() { e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "test done"}) })
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Len(t, e.reminders, 1, "one reminder, then stop")
	require.Len(t, e.tasks, 1, "one task, then stop")
}

func TestCheckInAnswerCancelsTheReminder(t *testing.T) {
	e := newLifecycleEnv(t, snapshot())
	e.followUp = acts.FollowUpSettings{CheckInReminderHours: 24, EscalationHours: 4}
	var answer *outcome
	e.at(checkInAt+23*time.Hour, func() { answer = e.update(UpdateAnswerCheckIn, goodCheckIn()) })
	e.at(checkInAt+23*time.Hour+time.Minute, func() { ok(t, answer) })
	e.at(4*24*time.Hour, func() { e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "test done"}) })
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Empty(t, e.reminders, "answered before the reminder: none")
	require.Empty(t, e.tasks)
}

func TestDeskCheckInCancelsTheTask(t *testing.T) {
	e := newLifecycleEnv(t, snapshot())
	e.followUp = acts.FollowUpSettings{CheckInReminderHours: 2, EscalationHours: 10}
	e.at(checkInAt+3*time.Hour, func() {
		require.Len(t, e.reminders, 1)
		e.SignalWorkflow(SignalCheckedInAtDesk, DeskCheckInSignal{DeskCommunicationID: 3})
	})
	e.at(4*24*time.Hour, func() { e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "test done"}) })
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Len(t, e.reminders, 1)
	require.Empty(t, e.tasks, "checked in at the desk before the escalation: no task")
}

// diagnoseAt is when the tests send the diagnose overview (the car is in
// the workshop after the appointment).
const diagnoseAt = 5*24*time.Hour + 2*time.Hour

func sendDiagnoseAndAnswerAt(t *testing.T, e *lifecycleEnv, answerAfter time.Duration) {
	var diag, answer *outcome
	e.at(diagnoseAt, func() { diag = e.update(UpdateSendDiagnoseOverview, SendRequest{UserID: 3}) })
	e.at(diagnoseAt+time.Minute, func() { ok(t, diag) })
	e.at(diagnoseAt+answerAfter, func() {
		answer = e.update(UpdateAnswerDiagnose, DiagnoseAnswer{CustomerName: "Jan", Interventions: []InterventionDecision{
			{ID: 21, Status: 2}, {ID: 22, Status: 2}, {ID: 23, Status: 3}}})
	})
	e.at(diagnoseAt+answerAfter+time.Minute, func() {
		ok(t, answer)
		e.SignalWorkflow(SignalCompleted, nil)
	})
}

func TestDiagnoseUnansweredRemindsThenOpensATask(t *testing.T) {
	snap := snapshot()
	snap.CheckInEnabled = false
	e := newLifecycleEnv(t, snap)
	e.followUp = acts.FollowUpSettings{CheckInReminderHours: 24, DiagnoseReminderHours: 4, EscalationHours: 4}
	sendDiagnoseAndAnswerAt(t, e, 30*time.Hour)
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Len(t, e.reminders, 1)
	require.Equal(t, notify.KindDiagnoseOverview, e.reminders[0].For)
	require.Equal(t, []acts.OpenTaskInput{{AppointmentID: 7, Kind: contract.TaskDiagnoseUnanswered, Hours: 8, Items: 3,
		DedupeKey: e.reminders[0].DedupeKey + "-task"}}, e.tasks, "4 h + 4 h, three interventions to decide")
}

func TestDiagnoseAnswerBeforeTheEscalationCancelsTheTask(t *testing.T) {
	snap := snapshot()
	snap.CheckInEnabled = false
	e := newLifecycleEnv(t, snap)
	e.followUp = acts.FollowUpSettings{DiagnoseReminderHours: 4, EscalationHours: 4}
	sendDiagnoseAndAnswerAt(t, e, 5*time.Hour)
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Len(t, e.reminders, 1, "reminded at 4 h")
	require.Empty(t, e.tasks, "answered at 5 h: no task")
}

func TestDiagnoseAnswerBeforeTheReminderCancelsBoth(t *testing.T) {
	snap := snapshot()
	snap.CheckInEnabled = false
	e := newLifecycleEnv(t, snap)
	e.followUp = acts.FollowUpSettings{DiagnoseReminderHours: 4, EscalationHours: 4}
	sendDiagnoseAndAnswerAt(t, e, 3*time.Hour)
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Empty(t, e.reminders)
	require.Empty(t, e.tasks)
}

func TestRemindersOffSendNothing(t *testing.T) {
	snap := snapshot()
	snap.CheckInEnabled = false
	e := newLifecycleEnv(t, snap)
	sendDiagnoseAndAnswerAt(t, e, 100*time.Hour)
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Empty(t, e.reminders)
	require.Empty(t, e.tasks)
}

func TestEscalationWithoutReminderOpensTheTaskOnly(t *testing.T) {
	snap := snapshot()
	snap.CheckInEnabled = false
	e := newLifecycleEnv(t, snap)
	e.followUp = acts.FollowUpSettings{EscalationHours: 6}
	sendDiagnoseAndAnswerAt(t, e, 10*time.Hour)
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Empty(t, e.reminders, "the reminder is off")
	require.Len(t, e.tasks, 1)
	require.Equal(t, 6, e.tasks[0].Hours)
}

// The key of the dealer's own key locker is dropped back and the customer
// gets the pick-up PIN; the key is not collected: one reminder, then a
// task. A key collected in time cancels both.
func TestKeyNotCollectedRemindsThenOpensATask(t *testing.T) {
	for _, collectAfter := range []time.Duration{30 * time.Hour, 10 * time.Hour, time.Hour} {
		t.Run(collectAfter.String(), func(t *testing.T) {
			e := newLifecycleEnv(t, snapshot())
			e.followUp = acts.FollowUpSettings{KeyPickupReminderHours: 8, EscalationHours: 4}
			e.OnActivity(lc.IssueKeyLockerPickUpPIN, mock.Anything, mock.Anything).Return(func(context.Context, acts.PickUpPINInput) error { return nil })
			e.OnActivity(nt.SendKeyLockerPickUpPIN, mock.Anything, mock.Anything).Return(func(context.Context, notify.KeyLockerPickUpPINInput) (notify.SendOutput, error) {
				return notify.SendOutput{EventID: 3, ReceiverIDs: []int{501}}, nil
			})
			var answer *outcome
			e.at(checkInAt, func() { answer = e.update(UpdateAnswerCheckIn, goodCheckIn()) })
			e.at(checkInAt+time.Minute, func() {
				ok(t, answer)
				e.SignalWorkflow(SignalKeyLockerDroppedBack, KeyLockerDropBackSignal{KeyLockerCommunicationID: 55, KeyLockerName: "Front desk locker", KeyLockerBoxNumber: 4})
			})
			e.at(checkInAt+time.Minute+collectAfter, func() { e.SignalWorkflow(SignalKeyPickedUp, KeySignal{LockerName: "Front desk locker"}) })
			e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
			require.NoError(t, e.GetWorkflowError())
			switch {
			case collectAfter > 12*time.Hour:
				require.Len(t, e.reminders, 1)
				require.Equal(t, notify.ReminderInput{AppointmentID: 7, CommunicationID: 70, Kind: notify.KindKeyPickupReminder,
					For: notify.KindKeyLockerPickUpPIN, DedupeKey: e.reminders[0].DedupeKey}, e.reminders[0])
				require.Len(t, e.tasks, 1)
				require.Equal(t, contract.TaskKeyNotCollected, e.tasks[0].Kind)
				require.Equal(t, 12, e.tasks[0].Hours)
			case collectAfter > 8*time.Hour:
				require.Len(t, e.reminders, 1)
				require.Empty(t, e.tasks, "collected before the escalation")
			default:
				require.Empty(t, e.reminders, "collected before the reminder")
				require.Empty(t, e.tasks)
			}
		})
	}
}

func TestFollowUpDue(t *testing.T) {
	since := t0
	rem := since.Add(5 * time.Hour)
	for _, c := range []struct {
		name string
		f    *FollowUp
		due  time.Time
		ok   bool
	}{
		{"nil", nil, time.Time{}, false},
		{"reminder first", &FollowUp{Since: since, ReminderHours: 4, EscalationHours: 2}, since.Add(4 * time.Hour), true},
		{"then the task after the reminder", &FollowUp{Since: since, ReminderHours: 4, EscalationHours: 2, RemindedAt: &rem}, rem.Add(2 * time.Hour), true},
		{"task only", &FollowUp{Since: since, EscalationHours: 2}, since.Add(2 * time.Hour), true},
		{"reminder only, sent", &FollowUp{Since: since, ReminderHours: 4, RemindedAt: &rem}, time.Time{}, false},
		{"done", &FollowUp{Since: since, ReminderHours: 4, EscalationHours: 2, Done: true}, time.Time{}, false},
	} {
		due, ok := c.f.Due()
		require.Equal(t, c.ok, ok, c.name)
		require.Equal(t, c.due, due, c.name)
	}
}
