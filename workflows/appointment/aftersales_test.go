package appointment

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	acts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/notify"
	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
)

// Car ready and feedback (aftersales.go, feedback.go), on the time-skipping
// test environment.

// The first repair overview is followed by one car-ready message (a resend
// is not); the pick-up by one feedback question, both delivered before the
// lifecycle completes.
func TestCarReadyWithTheRepairOverviewAndFeedbackAfterThePickUp(t *testing.T) {
	snap := snapshot()
	snap.CheckInEnabled = false
	e := newLifecycleEnv(t, snap)
	e.aftersalesOn = true
	repairAt := 5*24*time.Hour + time.Hour
	var first, again *outcome
	e.at(repairAt, func() { first = e.update(UpdateSendRepairOverview, SendRequest{UserID: 1}) })
	e.at(repairAt+time.Minute, func() {
		ok(t, first)
		require.Len(t, e.aftersales, 1)
		require.Equal(t, notify.KindCarReady, e.aftersales[0].Kind)
		require.Equal(t, 7, e.aftersales[0].AppointmentID)
		require.Equal(t, 70, e.aftersales[0].CommunicationID)
		require.Contains(t, e.deliv, 801, "the car-ready message is delivered")
		again = e.update(UpdateSendRepairOverview, SendRequest{UserID: 1})
	})
	e.at(repairAt+2*time.Minute, func() {
		ok(t, again)
		require.Len(t, e.aftersales, 1, "a resent repair overview sends no second car-ready message")
		e.SignalWorkflow(SignalKeyPickedUp, KeySignal{LockerName: "desk"})
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	var st AppointmentState
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, StageCompleted, st.Stage)
	require.Len(t, e.aftersales, 2)
	require.Equal(t, notify.KindFeedbackInvitation, e.aftersales[1].Kind)
	require.NotEqual(t, e.aftersales[0].DedupeKey, e.aftersales[1].DedupeKey)
	require.Contains(t, e.deliv, 802, "the feedback question is delivered before the workflow closes")
}

// A lifecycle closed without a pick-up (30 days after the repair overview)
// asks no feedback.
func TestNoFeedbackQuestionWithoutAPickUp(t *testing.T) {
	snap := snapshot()
	snap.CheckInEnabled = false
	e := newLifecycleEnv(t, snap)
	e.at(6*24*time.Hour, func() { e.update(UpdateSendRepairOverview, SendRequest{UserID: 1}) })
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Len(t, e.aftersales, 1)
	require.Equal(t, notify.KindCarReady, e.aftersales[0].Kind)
}

// feedbackEnv runs FeedbackWorkflow with RecordFeedback answering from
// a stored answer, as the activity does on the database.
func feedbackEnv(t *testing.T, pickedUp bool) (*testsuite.TestWorkflowEnvironment, *int) {
	var s testsuite.WorkflowTestSuite
	e := s.NewTestWorkflowEnvironment()
	e.RegisterWorkflow(FeedbackWorkflow)
	e.RegisterActivity(&acts.Activities{})
	var stored *contract.FeedbackResult
	calls := 0
	e.OnActivity(lc.RecordFeedback, mock.Anything, mock.Anything).Return(func(_ context.Context, a contract.FeedbackAnswer) (contract.FeedbackResult, error) {
		calls++
		if !pickedUp {
			return contract.FeedbackResult{AppointmentID: a.AppointmentID, Refused: contract.FeedbackNotPickedUp}, nil
		}
		if stored == nil {
			stored = &contract.FeedbackResult{AppointmentID: a.AppointmentID, Score: a.Score, Comment: a.Comment, AnsweredAt: t0}
		}
		out := *stored
		if !out.Same(a) {
			out.Refused = contract.FeedbackAlreadyAnswered
		}
		return out, nil
	}).Maybe()
	return e, &calls
}

type feedbackCB struct {
	res contract.FeedbackResult
	err error
}

func (f *feedbackCB) Accept()                 {}
func (f *feedbackCB) Reject(err error)        { f.err = err }
func (f *feedbackCB) Complete(v any, e error) { f.err = e; f.res, _ = v.(contract.FeedbackResult) }

// One answer recorded once; the same answer again gets it, a different
// one and a bad shape are refused in the spec's words.
func TestFeedbackWorkflowRecordsOnceAndRefusesAnotherAnswer(t *testing.T) {
	e, calls := feedbackEnv(t, true)
	first, same, other, bad := &feedbackCB{}, &feedbackCB{}, &feedbackCB{}, &feedbackCB{}
	ans := contract.FeedbackAnswer{AppointmentID: 7, Score: 9, Comment: "Quick and friendly"}
	// All at once: the workflow ends once its first answer is handled (a
	// later repeat starts a new run, whose activity finds the row).
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(contract.UpdateAnswerFeedback, "u1", first, ans)
		e.UpdateWorkflow(contract.UpdateAnswerFeedback, "u2", same, ans)
		e.UpdateWorkflow(contract.UpdateAnswerFeedback, "u3", other, contract.FeedbackAnswer{AppointmentID: 7, Score: 2})
		e.UpdateWorkflow(contract.UpdateAnswerFeedback, "u4", bad, contract.FeedbackAnswer{AppointmentID: 7, Score: 11, Comment: "a\x00b"})
	}, 0)
	e.ExecuteWorkflow(FeedbackWorkflow, contract.FeedbackInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.NoError(t, first.err)
	require.Equal(t, 9, first.res.Score)
	require.NoError(t, same.err)
	require.Equal(t, first.res, same.res)
	require.Equal(t, []string{contract.FeedbackAlreadyAnswered}, problemsOf(other.err))
	require.Equal(t, []string{"score: must be a whole number between 0 and 10", "comment contains a NUL byte"}, problemsOf(bad.err))
	require.Equal(t, 3, *calls, "answers arriving while the first is recorded are each judged by the activity; the bad one never reaches it")
}

func TestFeedbackBeforeThePickUpIsRefused(t *testing.T) {
	e, _ := feedbackEnv(t, false)
	cb := &feedbackCB{}
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(contract.UpdateAnswerFeedback, "u1", cb, contract.FeedbackAnswer{AppointmentID: 7, Score: 5})
	}, 0)
	e.ExecuteWorkflow(FeedbackWorkflow, contract.FeedbackInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError(), "a refusal ends the workflow, it does not fail it")
	require.Equal(t, []string{contract.FeedbackNotPickedUp}, problemsOf(cb.err))
}

func problemsOf(err error) []string {
	if err == nil {
		return nil
	}
	return Problems(err)
}
