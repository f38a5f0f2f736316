package appointment

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	acts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/contracts/quiethours"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Quiet hours (quiethours.go) on the time-skipping test environment, in
// Amsterdam around the end of summer time: Sunday 25 October 2026 at 03:00
// CEST the clocks go back to 02:00 CET.

// weekdays open 08:00-18:00, messages until 21:00.
func amsterdamQuiet(holidays ...string) *quiethours.Window {
	open := []string{"08:00-18:00"}
	return &quiethours.Window{TimeZone: "Europe/Amsterdam", QuietFrom: "21:00", Holidays: holidays,
		OpeningHours: map[string][]string{"mon": open, "tue": open, "wed": open, "thu": open, "fri": open}}
}

var (
	// qStart: Saturday 24 October, 14:00 CEST.
	qStart = time.Date(2026, 10, 24, 12, 0, 0, 0, time.UTC)
	// qMonday: Monday 26 October, 08:00 CET (07:00 UTC; 06:00 UTC a week earlier).
	qMonday = time.Date(2026, 10, 26, 7, 0, 0, 0, time.UTC)
)

// quietEnv starts at qStart with an appointment whose online check-in is
// due at checkIn (three days before it).
func quietEnv(t *testing.T, checkIn time.Time) *lifecycleEnv {
	snap := snapshot()
	snap.AppointmentAt = checkIn.Add(3 * 24 * time.Hour)
	e := newLifecycleEnv(t, snap)
	e.SetStartTime(qStart)
	e.quiet = amsterdamQuiet()
	return e
}

// after is the test clock's offset of an instant.
func after(at time.Time) time.Duration { return at.Sub(qStart) }

// The check-in due at 02:30 on the night the clocks go back (a Sunday:
// closed) waits for Monday's opening at 08:00 CET, not CEST; shown as
// scheduled in the state and the timeline meanwhile.
func TestQuietHoursHoldTheCheckInAcrossTheDSTChangeUntilMondayOpening(t *testing.T) {
	checkIn := time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC) // 02:30 CET, the second time
	e := quietEnv(t, checkIn)
	e.at(after(qMonday)-time.Hour-time.Minute, func() { // 07:59 CEST would have been 06:00 UTC
		st := e.state(t)
		require.Equal(t, StageCheckInSent, st.Stage)
		require.Equal(t, []HeldMessage{{ReceiverID: 101, Message: "the online check-in", Until: qMonday}}, st.HeldMessages)
		require.Contains(t, notes(st), "the online check-in scheduled for Mon 2026-10-26 08:00 CET by quiet hours")
		require.Empty(t, e.deliv, "nothing at night, on Sunday, or at 08:00 summer time")
	})
	e.at(after(qMonday)-time.Minute, func() { require.Empty(t, e.deliv) })
	e.at(after(qMonday)+time.Minute, func() {
		require.Equal(t, []int{101}, e.deliv, "sent at the opening")
		st := e.state(t)
		require.Empty(t, st.HeldMessages)
		require.Contains(t, notes(st), "1 held message(s) sent at the opening")
	})
	e.at(after(qMonday)+time.Hour, func() { e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "test done"}) })
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Equal(t, []int{101}, e.deliv)
}

// Held messages go in the order they were planned: the check-in held on
// Friday night, its reminder an hour later, both at Monday's opening; a
// holiday on Monday moves both to Tuesday.
func TestQuietHoursReleaseHeldMessagesInOrderAfterAHoliday(t *testing.T) {
	checkIn := time.Date(2026, 10, 23, 20, 30, 0, 0, time.UTC) // Friday 22:30 CEST
	snap := snapshot()
	snap.AppointmentAt = checkIn.Add(3 * 24 * time.Hour)
	e := newLifecycleEnv(t, snap)
	e.SetStartTime(time.Date(2026, 10, 23, 12, 0, 0, 0, time.UTC))
	e.quiet = amsterdamQuiet("2026-10-26")
	e.followUp = acts.FollowUpSettings{CheckInReminderHours: 1}
	tuesday := time.Date(2026, 10, 27, 7, 0, 0, 0, time.UTC)
	start := time.Date(2026, 10, 23, 12, 0, 0, 0, time.UTC)
	e.at(tuesday.Sub(start)-time.Minute, func() {
		st := e.state(t)
		require.Len(t, e.reminders, 1, "the reminder was planned on Friday night")
		require.Equal(t, []HeldMessage{{ReceiverID: 101, Message: "the online check-in", Until: tuesday},
			{ReceiverID: 901, Message: "the reminder", Until: tuesday}}, st.HeldMessages)
		require.Empty(t, e.deliv, "Monday is a holiday")
	})
	e.at(tuesday.Sub(start)+time.Minute, func() {
		require.Equal(t, []int{101, 901}, e.deliv, "in the order planned")
		e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "test done"})
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
}

// What a receptionist sends by hand goes at once, at night too; a check-in
// planned in the sending window goes at once.
func TestQuietHoursLetManualSendsGoAtOnce(t *testing.T) {
	checkIn := time.Date(2026, 10, 23, 10, 0, 0, 0, time.UTC) // Friday 12:00 CEST: open
	snap := snapshot()
	snap.AppointmentAt = checkIn.Add(3 * 24 * time.Hour)
	e := newLifecycleEnv(t, snap)
	start := time.Date(2026, 10, 23, 9, 0, 0, 0, time.UTC)
	e.SetStartTime(start)
	e.quiet = amsterdamQuiet()
	night := time.Date(2026, 10, 24, 21, 0, 0, 0, time.UTC) // Saturday 23:00
	var sent *outcome
	e.at(checkIn.Sub(start)+time.Minute, func() { require.Equal(t, []int{101}, e.deliv, "in the window: at once") })
	e.at(night.Sub(start), func() {
		e.SignalWorkflow(SignalCheckedInAtDesk, DeskCheckInSignal{DeskCommunicationID: 3})
	})
	e.at(night.Sub(start)+time.Minute, func() { sent = e.update(UpdateSendDiagnoseOverview, SendRequest{UserID: 5}) })
	e.at(night.Sub(start)+2*time.Minute, func() {
		ok(t, sent)
		require.Equal(t, []int{101, 102}, e.deliv, "sent by a person: at once")
		require.Empty(t, e.state(t).HeldMessages)
		e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "test done"})
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
}

// An appointment cancelled while its check-in is held: the check-in is
// never sent, and the lifecycle ends at the opening time.
func TestQuietHoursDropHeldMessagesOfACancelledAppointment(t *testing.T) {
	checkIn := time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)
	e := quietEnv(t, checkIn)
	e.at(after(checkIn)+time.Hour, func() {
		require.Len(t, e.state(t).HeldMessages, 1)
		e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "cancelled by the DMS"})
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Empty(t, e.deliv)
	var st AppointmentState
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, StageCancelled, st.Stage)
	require.Contains(t, notes(st), "1 held message(s) not sent: the appointment was cancelled")
	require.Equal(t, enums.CommunicationStatusCheckInClosed, st.CommunicationStatus)
}

// Held messages survive a continue-as-new: the new run carries the queue
// and sends it at the opening (its timer is set again from the state).
func TestQuietHoursHeldMessagesSurviveContinueAsNew(t *testing.T) {
	checkIn := time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)
	next := quietEnv(t, checkIn)
	st := AppointmentState{AppointmentID: 7, DealerLocationID: 1, Stage: StageCheckInSent, CommunicationID: 70,
		AppointmentAt: checkIn.Add(3 * 24 * time.Hour), CheckInEnabled: true, CheckInDaysPrior: 3,
		History:      []StageChange{{Stage: StageCheckInSent, At: checkIn, Note: noteCheckInSent}},
		HeldMessages: []HeldMessage{{ReceiverID: 101, Message: "the online check-in", Until: qMonday}}}
	next.at(after(qMonday)-time.Minute, func() { require.Empty(t, next.deliv) })
	next.at(after(qMonday)+time.Minute, func() {
		require.Equal(t, []int{101}, next.deliv)
		next.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "test done"})
	})
	next.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7, State: &st})
	require.NoError(t, next.GetWorkflowError())
}

func notes(st AppointmentState) string {
	var b strings.Builder
	for _, h := range st.History {
		b.WriteString(h.Note + "\n")
	}
	return b.String()
}
