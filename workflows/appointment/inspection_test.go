package appointment

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	inspacts "github.com/pitstop-dev/pitstop/activities/inspection"
	"github.com/pitstop-dev/pitstop/contracts/inspection"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
)

// inspectionEnv mocks the inspection's activities as the database would
// answer: checklist 40 is regular, 41 quality control; question 999 is in
// neither.
type inspectionEnv struct {
	*lifecycleEnv
	started   []inspacts.StartInput
	answers   []inspacts.AnswerInput
	published []inspacts.PublishInput
	// autoSend is what AutoSendDiagnose answers (the location's setting).
	autoSend bool
}

func newInspectionEnv(t *testing.T) *inspectionEnv {
	snap := snapshot()
	snap.CheckInEnabled = false
	e := &inspectionEnv{lifecycleEnv: newLifecycleEnv(t, snap)}
	e.RegisterActivity(&inspacts.Activities{})
	types := map[int]enums.ChecklistType{40: enums.ChecklistTypeRegular, 41: enums.ChecklistTypeQualityControl}
	e.OnActivity(insp.StartCheck, mock.Anything, mock.Anything).Return(func(_ context.Context, in inspacts.StartInput) (inspection.StartCheckResult, error) {
		e.started = append(e.started, in)
		return inspection.StartCheckResult{CheckID: 500 + len(e.started), ChecklistID: in.Start.ChecklistID, ChecklistType: types[in.Start.ChecklistID]}, nil
	}).Maybe()
	e.OnActivity(insp.RecordAnswer, mock.Anything, mock.Anything).Return(func(_ context.Context, in inspacts.AnswerInput) (inspection.AnswerResult, error) {
		if in.Answer.QuestionID == 999 {
			return inspection.AnswerResult{}, temporal.NewNonRetryableApplicationError("refused", errtypes.Validation, nil, []string{inspection.ErrNotInChecklist})
		}
		e.answers = append(e.answers, in)
		return inspection.AnswerResult{QuestionResultID: 900 + len(e.answers)}, nil
	}).Maybe()
	e.OnActivity(insp.FinishCheck, mock.Anything, mock.Anything).Return(func(_ context.Context, in inspacts.FinishInput) (inspacts.FinishOutput, error) {
		typ := enums.ChecklistTypeRegular
		if in.Finish.CheckID == 502 {
			typ = enums.ChecklistTypeQualityControl
		}
		return inspacts.FinishOutput{CheckID: in.Finish.CheckID, ChecklistType: typ, Results: len(e.answers)}, nil
	}).Maybe()
	e.OnActivity(insp.AutoSendDiagnose, mock.Anything, mock.Anything).Return(func(context.Context, inspacts.AutoSendInput) (bool, error) {
		return e.autoSend, nil
	}).Maybe()
	e.OnActivity(insp.PublishResults, mock.Anything, mock.Anything).Return(func(_ context.Context, in inspacts.PublishInput) (int, error) {
		e.published = append(e.published, in)
		return 1, nil
	}).Maybe()
	return e
}

func TestInspectionLifecycle(t *testing.T) {
	e := newInspectionEnv(t)
	day5 := 5*24*time.Hour + time.Hour // after the appointment time: in the workshop
	price := 120.0
	good := inspection.Answer{CheckID: 501, QuestionID: 7, MechanicID: 60, AnswerID: "a1", Status: enums.QuestionResultStatusNecessary, Price: &price}
	var start, startOther, badStatus, answer, otherMech, notInList, finishOther, finish, late, qcStart, qcFinish *outcome
	step := func(i int, fn func()) { e.at(day5+time.Duration(i)*time.Minute, fn) }
	step(0, func() {
		require.Equal(t, StageInWorkshop, e.state(t).Stage)
		start = e.update(inspection.UpdateStartCheck, inspection.StartCheck{ChecklistID: 40, MechanicID: 60, ClientCheckID: "phone-1"})
	})
	step(1, func() {
		ok(t, start)
		require.Equal(t, inspection.StartCheckResult{CheckID: 501, ChecklistID: 40}, start.val.(inspection.StartCheckResult))
		startOther = e.update(inspection.UpdateStartCheck, inspection.StartCheck{ChecklistID: 40, MechanicID: 61, ClientCheckID: "phone-2"})
		bad := good
		bad.Status = 5
		badStatus = e.update(inspection.UpdateAnswerQuestion, bad)
	})
	step(2, func() {
		require.Equal(t, []string{inspection.ErrOtherMechanic(60)}, rejected(t, startOther), "the first mechanic owns the check")
		require.Len(t, rejected(t, badStatus), 1)
		answer = e.update(inspection.UpdateAnswerQuestion, good)
		o := good
		o.MechanicID, o.AnswerID = 61, "b1"
		otherMech = e.update(inspection.UpdateAnswerQuestion, o)
		n := good
		n.QuestionID, n.AnswerID = 999, "a2"
		notInList = e.update(inspection.UpdateAnswerQuestion, n)
	})
	step(3, func() {
		ok(t, answer)
		require.Equal(t, 901, answer.val.(inspection.AnswerResult).QuestionResultID)
		require.Equal(t, []string{inspection.ErrOtherMechanic(60)}, rejected(t, otherMech))
		require.Equal(t, []string{inspection.ErrNotInChecklist}, rejected(t, notInList), "the activity's refusal reaches the caller")
		finishOther = e.update(inspection.UpdateFinishCheck, inspection.Finish{CheckID: 501, MechanicID: 61})
	})
	step(4, func() {
		require.Equal(t, []string{inspection.ErrOtherMechanic(60)}, rejected(t, finishOther))
		require.Equal(t, StageInWorkshop, e.state(t).Stage)
		finish = e.update(inspection.UpdateFinishCheck, inspection.Finish{CheckID: 501, MechanicID: 60})
	})
	step(5, func() {
		ok(t, finish)
		res := finish.val.(inspection.FinishResult)
		require.Equal(t, inspection.FinishResult{CheckID: 501, Results: 1, CommunicationResults: 1, Stage: string(StageInspected)}, res)
		st := e.state(t)
		require.Equal(t, StageInspected, st.Stage)
		v, err := e.QueryWorkflow(inspection.QueryChecks)
		require.NoError(t, err)
		var checks []inspection.CheckRef
		require.NoError(t, v.Get(&checks))
		require.Equal(t, []inspection.CheckRef{{CheckID: 501, ChecklistID: 40, MechanicID: 60, Finished: true}}, checks)
		late = e.update(inspection.UpdateAnswerQuestion, inspection.Answer{CheckID: 501, QuestionID: 8, MechanicID: 60, AnswerID: "a9", Status: 0})
		// A quality-control check does not move the stage.
		qcStart = e.update(inspection.UpdateStartCheck, inspection.StartCheck{ChecklistID: 41, MechanicID: 62, ClientCheckID: "qc"})
	})
	step(6, func() {
		require.Equal(t, []string{inspection.ErrCheckFinished}, rejected(t, late))
		ok(t, qcStart)
		qcFinish = e.update(inspection.UpdateFinishCheck, inspection.Finish{CheckID: 502, MechanicID: 62})
	})
	step(7, func() {
		ok(t, qcFinish)
		require.Equal(t, StageInspected, e.state(t).Stage)
		e.SignalWorkflow(SignalCompleted, nil)
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.True(t, e.IsWorkflowCompleted())
	require.NoError(t, e.GetWorkflowError())
	require.Len(t, e.started, 2)
	require.Equal(t, inspection.StartUpdateID(60, "phone-1"), e.started[0].StartKey)
	require.Len(t, e.answers, 1, "only the valid answer reached the database")
	require.Equal(t, 40, e.answers[0].ChecklistID, "the check's checklist, from the workflow's own checks")
	require.Equal(t, []inspacts.PublishInput{{AppointmentID: 7, CommunicationID: 70, CheckID: 501}, {AppointmentID: 7, CommunicationID: 70, CheckID: 502}}, e.published)
	var saved []string
	for _, s := range e.saved {
		saved = append(saved, s.Stage)
	}
	require.Contains(t, saved, string(StageInspected), "the read model got the stage")
}

// The checks travel across continue-as-new: the next run still knows who
// owns an open check.
func TestInspectionChecksSurviveContinueAsNew(t *testing.T) {
	old := stepLimit
	stepLimit = 1
	t.Cleanup(func() { stepLimit = old })
	e := newInspectionEnv(t)
	var start *outcome
	e.at(time.Hour, func() {
		start = e.update(inspection.UpdateStartCheck, inspection.StartCheck{ChecklistID: 40, MechanicID: 60, ClientCheckID: "p"})
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	ok(t, start)
	var can *workflow.ContinueAsNewError
	require.ErrorAs(t, e.GetWorkflowError(), &can)
	var next AppointmentInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	want := []inspection.CheckRef{{CheckID: 501, ChecklistID: 40, MechanicID: 60}}
	require.Equal(t, want, next.Checks)

	stepLimit = old
	e2 := newInspectionEnv(t)
	var other *outcome
	e2.at(time.Minute, func() {
		other = e2.update(inspection.UpdateAnswerQuestion, inspection.Answer{CheckID: 501, QuestionID: 7, MechanicID: 61, AnswerID: "x", Status: 0})
		v, err := e2.QueryWorkflow(inspection.QueryChecks)
		require.NoError(t, err)
		var checks []inspection.CheckRef
		require.NoError(t, v.Get(&checks))
		require.Equal(t, want, checks)
	})
	e2.at(2*time.Minute, func() {
		require.Equal(t, []string{inspection.ErrOtherMechanic(60)}, rejected(t, other))
		e2.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "end of test"})
	})
	e2.ExecuteWorkflow(AppointmentWorkflow, next)
	require.NoError(t, e2.GetWorkflowError())
}

// TestInspectionAutoSendsDiagnoseOverview: where the location says so,
// finishing the regular check sends the diagnose overview (event 4, stage
// diagnose_sent) with its check results, which the customer then answers
// with v1: results it was not sent, a v2 answer to an overview of results
// only, and a second answer are refused; the good one reaches the
// recording activity whole and moves the stage.
func TestInspectionAutoSendsDiagnoseOverview(t *testing.T) {
	e := newInspectionEnv(t)
	e.autoSend = true
	e.resultIDs, e.resultsOnly = []int{901}, true
	day5 := 5*24*time.Hour + time.Hour
	var start, answer, finish, unknown, v2, good, twice *outcome
	step := func(i int, fn func()) { e.at(day5+time.Duration(i)*time.Minute, fn) }
	step(0, func() {
		start = e.update(inspection.UpdateStartCheck, inspection.StartCheck{ChecklistID: 40, MechanicID: 60, ClientCheckID: "p1"})
	})
	step(1, func() {
		ok(t, start)
		answer = e.update(inspection.UpdateAnswerQuestion, inspection.Answer{CheckID: 501, QuestionID: 7, MechanicID: 60, AnswerID: "a1",
			Status: enums.QuestionResultStatusAdvised})
	})
	step(2, func() {
		ok(t, answer)
		finish = e.update(inspection.UpdateFinishCheck, inspection.Finish{CheckID: 501, MechanicID: 60})
	})
	step(3, func() {
		ok(t, finish)
		require.Equal(t, string(StageDiagnoseSent), finish.val.(inspection.FinishResult).Stage)
		st := e.state(t)
		require.Equal(t, StageDiagnoseSent, st.Stage)
		require.Equal(t, []int{901}, st.ResultIDs)
		require.Equal(t, 1, st.DiagnoseSends)
		unknown = e.update(UpdateAnswerDiagnose, DiagnoseAnswer{Endpoint: 1, CustomerName: "Jan", Results: []ResultDecision{{QuestionResultID: 902, Status: 2}}})
		v2 = e.update(UpdateAnswerDiagnose, DiagnoseAnswer{CustomerName: "Jan", Interventions: []InterventionDecision{{ID: 21, Status: 2}}})
	})
	step(4, func() {
		require.Equal(t, []string{"results[0]: check result 902 is not part of this diagnose overview"}, rejected(t, unknown))
		require.Contains(t, rejected(t, v2), "interventions: this diagnose overview has only check results; answer them with POST /v1/diagnose_overview/answer")
		good = e.update(UpdateAnswerDiagnose, DiagnoseAnswer{Endpoint: 1, CustomerName: "Jan", Results: []ResultDecision{{QuestionResultID: 901, Status: 2}}})
	})
	step(5, func() {
		ok(t, good)
		require.Equal(t, StageDiagnoseAnswered, e.state(t).Stage)
		twice = e.update(UpdateAnswerDiagnose, DiagnoseAnswer{Endpoint: 1, CustomerName: "Jan", Results: []ResultDecision{{QuestionResultID: 901, Status: 3}}})
	})
	step(6, func() {
		require.Equal(t, []string{"there is no open diagnose overview to answer"}, rejected(t, twice))
		e.SignalWorkflow(SignalCompleted, nil)
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	var kinds []string
	for _, s := range e.sends {
		kinds = append(kinds, s.Kind)
	}
	require.Equal(t, []string{"diagnose_overview"}, kinds, "the overview went out once, by itself")
	require.Len(t, e.diagnoseAnswers, 1)
	require.Equal(t, []ResultDecision{{QuestionResultID: 901, Status: 2}}, e.diagnoseAnswers[0].Answer.Results)
}

// Without the setting the receptionist sends it, as before.
func TestInspectionWithoutAutoSendWaitsForTheReceptionist(t *testing.T) {
	e := newInspectionEnv(t)
	day5 := 5*24*time.Hour + time.Hour
	var start, finish *outcome
	e.at(day5, func() {
		start = e.update(inspection.UpdateStartCheck, inspection.StartCheck{ChecklistID: 40, MechanicID: 60, ClientCheckID: "p1"})
	})
	e.at(day5+time.Minute, func() {
		ok(t, start)
		finish = e.update(inspection.UpdateFinishCheck, inspection.Finish{CheckID: 501, MechanicID: 60})
	})
	e.at(day5+2*time.Minute, func() {
		ok(t, finish)
		require.Equal(t, StageInspected, e.state(t).Stage)
		e.SignalWorkflow(SignalCompleted, nil)
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Empty(t, e.sends)
}
