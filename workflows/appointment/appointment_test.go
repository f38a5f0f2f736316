package appointment

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"

	acts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/internal/errtypes"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/pitstop-dev/pitstop/contracts/quiethours"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// lifecycleEnv is a test environment with every activity mocked the way a
// healthy database and providers would answer.
type lifecycleEnv struct {
	*testsuite.TestWorkflowEnvironment
	saved []acts.LifecycleSnapshot
	sends []notify.SendInput
	deliv []int
	// delivTogether is each DeliverNotifications' receivers.
	delivTogether [][]int
	// failSave, when set, may fail a SaveLifecycle.
	failSave func(acts.LifecycleSnapshot) error
	// checkInResult is what RecordCheckInAnswer answers (e.g. a key-locker PIN).
	checkInResult CheckInAnswerResult
	// loadDelay is how long LoadAppointment takes (workflow clock).
	loadDelay time.Duration
	// resultIDs are the check results a diagnose send reports; with
	// resultsOnly it reports no interventions.
	resultIDs   []int
	resultsOnly bool
	// diagnoseAnswers are the answers RecordDiagnoseAnswer stored.
	diagnoseAnswers []acts.RecordDiagnoseInput
	// quiet is the location's quiet hours every plan carries (nil: off).
	quiet *quiethours.Window
	// followUp is the location's reminder hours (zero: all off).
	followUp acts.FollowUpSettings
	// reminders and tasks are what SendReminder and OpenTask were asked.
	reminders []notify.ReminderInput
	tasks     []acts.OpenTaskInput
	// aftersales are what SendAftersales was asked; with aftersalesOn it
	// plans one receiver each (off: none, as a location with both off).
	aftersales   []notify.AftersalesInput
	aftersalesOn bool
	// hashed are the plates HashRegNumber was asked to hash.
	hashed []string
}

func newLifecycleEnv(t *testing.T, snap acts.AppointmentSnapshot) *lifecycleEnv {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	e := &lifecycleEnv{TestWorkflowEnvironment: s.NewTestWorkflowEnvironment()}
	e.SetStartTime(t0)
	e.RegisterWorkflow(AppointmentWorkflow)
	e.RegisterActivity(&acts.Activities{})
	e.RegisterActivity(&notify.Activities{})
	// Mocked through the same typed references the workflow calls.
	reg := func(act, fn any) { e.OnActivity(act, mock.Anything, mock.Anything).Return(fn).Maybe() }
	e.OnActivity(lc.LoadAppointment, mock.Anything, mock.Anything).Return(func(context.Context, int) (acts.AppointmentSnapshot, error) { return snap, nil }).
		AfterFn(func() time.Duration { return e.loadDelay }).Maybe()
	reg(lc.EnsureCommunication, func(context.Context, int) (acts.CommunicationRef, error) {
		return acts.CommunicationRef{CommunicationID: 70, Status: enums.CommunicationStatusCheckInSent}, nil
	})
	reg(lc.SaveLifecycle, func(_ context.Context, l acts.LifecycleSnapshot) error {
		if e.failSave != nil {
			if err := e.failSave(l); err != nil {
				return err
			}
		}
		e.saved = append(e.saved, l)
		return nil
	})
	reg(lc.RecordEvent, func(context.Context, acts.EventInput) error { return nil })
	reg(lc.HashRegNumber, func(_ context.Context, plate string) (string, error) {
		e.hashed = append(e.hashed, plate)
		return testRegNumberHash, nil
	})
	reg(nt.SendCommunication, func(_ context.Context, in notify.SendInput) (notify.SendOutput, error) {
		e.sends = append(e.sends, in)
		ids := []int{11, 12}
		if in.Kind != notify.KindOnlineCheckIn {
			ids = []int{21, 22, 23}
		}
		out := notify.SendOutput{EventID: len(e.sends), ReceiverIDs: []int{100 + len(e.sends)}, ItemIDs: ids, AgreementIDs: []int{5}, Quiet: e.quiet}
		if in.Kind == notify.KindDiagnoseOverview {
			out.ResultIDs = e.resultIDs
			if e.resultsOnly {
				out.ItemIDs = nil
			}
		}
		return out, nil
	})
	reg(nt.DeliverNotification, func(_ context.Context, id int) (notify.DeliveryOutput, error) {
		e.deliv = append(e.deliv, id)
		return notify.DeliveryOutput{Status: enums.CommunicationReceiverStatusSent}, nil
	})
	reg(nt.DeliverNotifications, func(_ context.Context, ids []int) ([]notify.DeliveryOutput, error) {
		e.deliv = append(e.deliv, ids...)
		e.delivTogether = append(e.delivTogether, ids)
		return make([]notify.DeliveryOutput, len(ids)), nil
	})
	reg(lc.RecordCheckInAnswer, func(context.Context, acts.RecordCheckInInput) (CheckInAnswerResult, error) {
		return e.checkInResult, nil
	})
	reg(lc.RecordDiagnoseAnswer, func(_ context.Context, in acts.RecordDiagnoseInput) error {
		e.diagnoseAnswers = append(e.diagnoseAnswers, in)
		return nil
	})
	reg(lc.LoadFollowUpSettings, func(context.Context, int) (acts.FollowUpSettings, error) { return e.followUp, nil })
	reg(nt.SendReminder, func(_ context.Context, in notify.ReminderInput) (notify.SendOutput, error) {
		e.reminders = append(e.reminders, in)
		return notify.SendOutput{ReceiverIDs: []int{900 + len(e.reminders)}, Quiet: e.quiet}, nil
	})
	reg(nt.SendAftersales, func(_ context.Context, in notify.AftersalesInput) (notify.SendOutput, error) {
		e.aftersales = append(e.aftersales, in)
		if !e.aftersalesOn {
			return notify.SendOutput{}, nil
		}
		return notify.SendOutput{ReceiverIDs: []int{800 + len(e.aftersales)}}, nil
	})
	reg(lc.OpenTask, func(_ context.Context, in acts.OpenTaskInput) (int, error) {
		e.tasks = append(e.tasks, in)
		return 500 + len(e.tasks), nil
	})
	return e
}

func snapshot() acts.AppointmentSnapshot {
	return acts.AppointmentSnapshot{AppointmentID: 7, DealerLocationID: 1, WONr: "WO-7", RegNumber: "AB-123-C", RegNumberHash: testRegNumberHash,
		AppointmentAt: t0.Add(5 * 24 * time.Hour), StatusIdentifier: enums.StatusIdentifierNew,
		CheckInEnabled: true, CheckInDaysPrior: 3}
}

func (e *lifecycleEnv) state(t *testing.T) AppointmentState {
	t.Helper()
	v, err := e.QueryWorkflow(QueryState)
	require.NoError(t, err)
	var st AppointmentState
	require.NoError(t, v.Get(&st))
	return st
}

// outcome is filled in when the test environment has run the update, which
// happens after the callback that sent it returns.
type outcome struct {
	done bool
	err  error
	val  any
}

func (e *lifecycleEnv) update(name string, arg any) *outcome {
	o := &outcome{}
	e.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
		OnAccept:   func() {},
		OnReject:   func(err error) { o.done, o.err = true, err },
		OnComplete: func(v any, err error) { o.done, o.val, o.err = true, v, err },
	}, arg)
	return o
}

// at runs fn at offset from the start; steps of one scenario chain by offset.
func (e *lifecycleEnv) at(offset time.Duration, fn func()) { e.RegisterDelayedCallback(fn, offset) }

func ok(t *testing.T, o *outcome) {
	t.Helper()
	require.True(t, o.done, "update not run")
	require.NoError(t, o.err)
}

func rejected(t *testing.T, o *outcome) []string {
	t.Helper()
	require.True(t, o.done, "update not run")
	require.Error(t, o.err)
	return Problems(o.err)
}

func goodCheckIn() CheckInAnswer {
	return CheckInAnswer{CustomerName: "Jan de Vries", Results: []CheckInResultAnswer{{ID: 11, Accepted: true}},
		AgreementIDs: []int{5}, Remarks: []RemarkAnswer{{Title: "Noise", Description: "Rattles at 80 km/h"}}}
}

func TestFullLifecycle(t *testing.T) {
	e := newLifecycleEnv(t, snapshot())
	day2 := 2*24*time.Hour + time.Minute // 3 days before the appointment: check-in goes out
	var bad, good, again, diag, resend, badDiag, goodDiag, repair, lateDiag *outcome
	e.at(day2, func() {
		st := e.state(t)
		require.Equal(t, StageCheckInSent, st.Stage)
		require.Equal(t, t0.Add(2*24*time.Hour), st.CheckInSendAt)
		e.SignalWorkflow(SignalCommunicationOpened, OpenedSignal{IP: "10.0.0.1"})
	})
	e.at(day2+time.Minute, func() {
		require.Equal(t, enums.CommunicationStatusCheckInOpened, e.state(t).CommunicationStatus)
		a := goodCheckIn()
		a.Results = []CheckInResultAnswer{{ID: 999}}
		a.CustomerName = ""
		bad = e.update(UpdateAnswerCheckIn, a)
	})
	e.at(day2+2*time.Minute, func() {
		require.ElementsMatch(t, []string{"customer_name: required", "results[0]: check-in result 999 is not part of this communication"}, rejected(t, bad))
		good = e.update(UpdateAnswerCheckIn, goodCheckIn())
	})
	e.at(day2+3*time.Minute, func() {
		ok(t, good)
		st := e.state(t)
		require.Equal(t, StageInWorkshop, st.Stage)
		require.Equal(t, enums.StatusIdentifierCustomerAnsweredOnline, st.StatusIdentifier)
		again = e.update(UpdateAnswerCheckIn, goodCheckIn())
	})
	e.at(day2+4*time.Minute, func() {
		require.Equal(t, []string{"the online check-in is closed"}, rejected(t, again))
	})
	day5 := 5*24*time.Hour + 2*time.Hour
	e.at(day5, func() { diag = e.update(UpdateSendDiagnoseOverview, SendRequest{UserID: 3}) })
	e.at(day5+time.Minute, func() {
		ok(t, diag)
		require.Equal(t, StageDiagnoseSent, e.state(t).Stage)
		resend = e.update(UpdateSendDiagnoseOverview, SendRequest{UserID: 3})
	})
	e.at(day5+2*time.Minute, func() {
		ok(t, resend)
		badDiag = e.update(UpdateAnswerDiagnose, DiagnoseAnswer{CustomerName: "Jan", Interventions: []InterventionDecision{{ID: 21, Status: 9}}})
	})
	e.at(day5+3*time.Minute, func() {
		require.Equal(t, []string{"interventions[0]: communication_result_status 9 is not 2 (agree), 3 (decline) or 4 (contact me)"}, rejected(t, badDiag))
		goodDiag = e.update(UpdateAnswerDiagnose, DiagnoseAnswer{CustomerName: "Jan", Interventions: []InterventionDecision{
			{ID: 21, Status: enums.CommunicationResultStatusAgree}, {ID: 22, Status: enums.CommunicationResultStatusDecline},
			{ID: 23, Status: enums.CommunicationResultStatusContactMe}}})
	})
	e.at(day5+4*time.Minute, func() {
		ok(t, goodDiag)
		require.Equal(t, StageDiagnoseAnswered, e.state(t).Stage)
		repair = e.update(UpdateSendRepairOverview, SendRequest{UserID: 3})
	})
	e.at(day5+5*time.Minute, func() {
		ok(t, repair)
		lateDiag = e.update(UpdateSendDiagnoseOverview, SendRequest{UserID: 3})
	})
	e.at(day5+6*time.Minute, func() {
		require.NotEmpty(t, rejected(t, lateDiag), "diagnose after repair is refused")
		e.SignalWorkflow(SignalKeyPickedUp, KeySignal{LockerName: "L1"})
	})

	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.True(t, e.IsWorkflowCompleted())
	require.NoError(t, e.GetWorkflowError())
	var st AppointmentState
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, StageCompleted, st.Stage)
	require.Equal(t, 2, st.DiagnoseSends)
	var kinds []enums.CommunicationEventType
	for _, s := range e.sends {
		kinds = append(kinds, s.Event.Type)
	}
	require.Equal(t, []enums.CommunicationEventType{1, 4, 7, 8}, kinds, "sent, diagnose created, resent, repair created")
	require.Len(t, e.deliv, 4, "every planned receiver delivered once")
	last := e.saved[len(e.saved)-1]
	require.Equal(t, enums.CommunicationStatusRepairOverviewSent, last.CommunicationStatus)
	require.True(t, last.CheckInAnswered)
	require.Equal(t, string(StageCompleted), last.Stage)
}

func TestUnansweredCheckInClosesAtAppointment(t *testing.T) {
	e := newLifecycleEnv(t, snapshot())
	var late *outcome
	e.at(5*24*time.Hour+time.Minute, func() {
		st := e.state(t)
		require.Equal(t, StageInWorkshop, st.Stage)
		require.Equal(t, enums.CommunicationStatusCheckInClosed, st.CommunicationStatus)
		late = e.update(UpdateAnswerCheckIn, goodCheckIn())
	})
	e.at(5*24*time.Hour+2*time.Minute, func() {
		require.Equal(t, []string{"the online check-in is closed"}, rejected(t, late))
		e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "test done"})
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
}

func TestCancelClosesCommunication(t *testing.T) {
	e := newLifecycleEnv(t, snapshot())
	e.at(2*24*time.Hour+time.Hour, func() {
		e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "customer called"})
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	var st AppointmentState
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, StageCancelled, st.Stage)
	require.Equal(t, enums.StatusIdentifierCancelled, st.StatusIdentifier)
	require.Equal(t, enums.CommunicationStatusCheckInClosed, st.CommunicationStatus)
	require.Equal(t, "customer called", st.CancelReason)
}

func TestRescheduleRearmsTheTimer(t *testing.T) {
	e := newLifecycleEnv(t, snapshot())
	e.at(24*time.Hour, func() {
		e.SignalWorkflow(SignalRescheduled, RescheduledSignal{AppointmentAt: t0.Add(10 * 24 * time.Hour)})
	})
	e.at(3*24*time.Hour, func() {
		require.Equal(t, StageScheduled, e.state(t).Stage, "old send time passed but the appointment moved")
	})
	e.at(7*24*time.Hour+time.Minute, func() {
		st := e.state(t)
		require.Equal(t, StageCheckInSent, st.Stage, "sent 3 days before the new date")
		require.Equal(t, t0.Add(7*24*time.Hour), st.CheckInSendAt)
		e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "done"})
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Len(t, e.sends, 1)
}

func TestCheckInDisabledGoesStraightToWorkshop(t *testing.T) {
	snap := snapshot()
	snap.CheckInEnabled = false
	e := newLifecycleEnv(t, snap)
	var repair *outcome
	e.at(5*24*time.Hour+time.Minute, func() {
		require.Equal(t, StageInWorkshop, e.state(t).Stage)
		repair = e.update(UpdateSendRepairOverview, SendRequest{UserID: 1})
	})
	e.at(5*24*time.Hour+2*time.Minute, func() {
		ok(t, repair)
		e.SignalWorkflow(SignalCompleted, nil)
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	var st AppointmentState
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, StageCompleted, st.Stage)
	require.Len(t, e.sends, 1, "no check-in was sent, only the repair overview")
}

func TestRepairOverviewCompletesAfterQuietPeriod(t *testing.T) {
	snap := snapshot()
	snap.CheckInEnabled = false
	e := newLifecycleEnv(t, snap)
	e.at(6*24*time.Hour, func() { e.update(UpdateSendRepairOverview, SendRequest{UserID: 1}) })
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	var st AppointmentState
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, StageCompleted, st.Stage)
	require.Equal(t, "no pick-up reported; closed after the repair overview", st.History[len(st.History)-1].Note)
}

func TestContinueAsNewCarriesState(t *testing.T) {
	old := stepLimit
	stepLimit = 1
	t.Cleanup(func() { stepLimit = old })
	e := newLifecycleEnv(t, snapshot())
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	var can *workflow.ContinueAsNewError
	require.ErrorAs(t, e.GetWorkflowError(), &can)
	var next AppointmentInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	require.NotNil(t, next.State)
	require.Equal(t, StageCheckInSent, next.State.Stage, "the first step sent the check-in")
	require.Equal(t, []int{11, 12}, next.State.CheckInResultIDs)

	// The next run carries on from that state: no reload, the answer is accepted.
	stepLimit = old
	e2 := newLifecycleEnv(t, snapshot())
	var answer *outcome
	e2.at(time.Hour, func() { answer = e2.update(UpdateAnswerCheckIn, goodCheckIn()) })
	e2.at(time.Hour+time.Minute, func() {
		ok(t, answer)
		e2.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "end of test"})
	})
	e2.ExecuteWorkflow(AppointmentWorkflow, next)
	var st AppointmentState
	require.NoError(t, e2.GetWorkflowResult(&st))
	require.Equal(t, 1, st.Runs)
	require.True(t, e2.saved[0].CheckInSent)
}

func TestCancelledBeforeStart(t *testing.T) {
	snap := snapshot()
	snap.StatusIdentifier = enums.StatusIdentifierCancelled
	e := newLifecycleEnv(t, snap)
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	var st AppointmentState
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, StageCancelled, st.Stage)
	require.Empty(t, e.sends)
}

// A desk check-in before the online one goes out: it never goes out. One
// that went out unanswered is closed, and its answer refused. After the
// online answer, a desk check-in moves nothing.
func TestDeskCheckInClosesTheOnlineCheckIn(t *testing.T) {
	day := 24 * time.Hour
	for name, tc := range map[string]struct {
		at        time.Duration
		wantSends int
	}{
		"before the online check-in is sent": {at: day, wantSends: 0},
		"while the online check-in is open":  {at: 3 * day, wantSends: 1},
	} {
		t.Run(name, func(t *testing.T) {
			e := newLifecycleEnv(t, snapshot())
			var late *outcome
			e.at(tc.at, func() {
				e.SignalWorkflow(SignalCheckedInAtDesk, DeskCheckInSignal{DeskCommunicationID: 4, CustomerName: "Jan"})
			})
			e.at(tc.at+time.Minute, func() {
				st := e.state(t)
				require.Equal(t, StageInWorkshop, st.Stage)
				require.Equal(t, enums.CommunicationStatusCheckInClosed, st.CommunicationStatus)
				require.Equal(t, noteCheckedInAtDesk, st.History[len(st.History)-1].Note)
				late = e.update(UpdateAnswerCheckIn, goodCheckIn())
			})
			e.at(4*day, func() {
				require.Contains(t, rejected(t, late), "the online check-in is closed")
				require.Equal(t, StageInWorkshop, e.state(t).Stage, "the check-in's own deadlines passed without effect")
				e.SignalWorkflow(SignalCompleted, nil)
			})
			e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
			require.NoError(t, e.GetWorkflowError())
			require.Len(t, e.sends, tc.wantSends)
			last := e.saved[len(e.saved)-1]
			require.Equal(t, enums.CommunicationStatusCheckInClosed, last.CommunicationStatus)
		})
	}

	e := newLifecycleEnv(t, snapshot())
	var good *outcome
	e.at(2*day+time.Minute, func() { good = e.update(UpdateAnswerCheckIn, goodCheckIn()) })
	e.at(2*day+2*time.Minute, func() {
		ok(t, good)
		e.SignalWorkflow(SignalCheckedInAtDesk, DeskCheckInSignal{DeskCommunicationID: 4})
	})
	e.at(2*day+3*time.Minute, func() {
		st := e.state(t)
		require.Equal(t, StageInWorkshop, st.Stage)
		require.Equal(t, enums.CommunicationStatusCheckInAnswered, st.CommunicationStatus, "an answered check-in stays answered")
		e.SignalWorkflow(SignalCompleted, nil)
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
}

// The state query shows only what reached the read model: a transition
// whose save failed is not shown, so receptionists never see a stage the
// database (and the appointment list) does not have.
func TestStateQueryIsNeverAheadOfTheReadModel(t *testing.T) {
	e := newLifecycleEnv(t, snapshot())
	e.failSave = func(l acts.LifecycleSnapshot) error {
		if Stage(l.Stage) == StageDiagnoseSent {
			return temporal.NewNonRetryableApplicationError("database gone", errtypes.NotFound, nil)
		}
		return nil
	}
	var good, diag *outcome
	e.at(2*24*time.Hour+time.Minute, func() { good = e.update(UpdateAnswerCheckIn, goodCheckIn()) })
	e.at(2*24*time.Hour+2*time.Minute, func() {
		ok(t, good)
		diag = e.update(UpdateSendDiagnoseOverview, SendRequest{UserID: 3})
	})
	e.at(2*24*time.Hour+3*time.Minute, func() {
		require.True(t, diag.done)
		require.Error(t, diag.err)
		st := e.state(t)
		require.Equal(t, StageInWorkshop, st.Stage, "the unsaved stage is not shown")
		require.Equal(t, enums.CommunicationStatusCheckInAnswered, st.CommunicationStatus)
		require.Equal(t, Stage(e.saved[len(e.saved)-1].Stage), st.Stage)
		e.SignalWorkflow(SignalCompleted, nil)
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
}

// A query and an update sent while a new lifecycle still loads its
// appointment are answered (versionHandlersFirst): the query with the
// scheduled stage, the update once the load is done, against the loaded
// state. Before, both failed: no handler was registered until two
// activities had run.
func TestQueryAndUpdateRightAfterStart(t *testing.T) {
	e := newLifecycleEnv(t, snapshot())
	e.loadDelay = time.Minute
	var early AppointmentState
	var qerr error
	var sent *outcome
	e.at(time.Second, func() {
		v, err := e.QueryWorkflow(QueryState)
		if qerr = err; err == nil {
			qerr = v.Get(&early)
		}
		sent = e.update(UpdateSendDiagnoseOverview, SendRequest{UserID: 3})
	})
	e.at(2*time.Minute, func() {
		st := e.state(t)
		require.Equal(t, StageDiagnoseSent, st.Stage, "the early update ran after the load")
		require.Equal(t, "WO-7", st.WONr)
		require.Equal(t, 1, st.DiagnoseSends)
		e.CancelWorkflow()
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, qerr, "the state query answers while the appointment loads")
	require.Equal(t, 7, early.AppointmentID)
	require.Equal(t, StageScheduled, early.Stage)
	ok(t, sent)
}
