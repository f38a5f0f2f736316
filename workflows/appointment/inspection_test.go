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
// answer: checklist 40 is regular (questions 7 and 8, and tyre question 9),
// 41 quality control (question 20); question 999 is in neither. A start
// writes the rows 901 (question 7), 902 (8), 911-915 (9, per car tyre
// position) and 920 (20).
type inspectionEnv struct {
	*lifecycleEnv
	started []inspacts.StartInput
	answers []inspacts.AnswerInput
	// writes are WriteAnswers' calls, in order; finishedAfter the number
	// of writes done when each FinishCheck ran.
	writes        []inspacts.WriteInput
	finishedAfter []int
	published     []inspacts.PublishInput
	// autoSend is what AutoSendDiagnose answers (the location's setting).
	autoSend bool
}

func newInspectionEnv(t *testing.T) *inspectionEnv { return newInspectionEnvWriting(t, 0) }

// newInspectionEnvWriting: the first WriteAnswers takes firstWrite on the
// test's clock.
func newInspectionEnvWriting(t *testing.T, firstWrite time.Duration) *inspectionEnv {
	snap := snapshot()
	snap.CheckInEnabled = false
	e := &inspectionEnv{lifecycleEnv: newLifecycleEnv(t, snap)}
	e.RegisterActivity(&inspacts.Activities{})
	types := map[int]enums.ChecklistType{40: enums.ChecklistTypeRegular, 41: enums.ChecklistTypeQualityControl}
	questions := map[int][]inspection.Question{
		40: {{QuestionID: 7, Options: []string{"Oil change"}, Results: []inspection.Slot{{QuestionResultID: 901}}},
			{QuestionID: 8, Results: []inspection.Slot{{QuestionResultID: 902}}},
			{QuestionID: 9, Tyre: true, Results: []inspection.Slot{{TyrePosition: 1, QuestionResultID: 911}, {TyrePosition: 2, QuestionResultID: 912},
				{TyrePosition: 3, QuestionResultID: 913}, {TyrePosition: 4, QuestionResultID: 914}, {TyrePosition: 9, QuestionResultID: 915}}}},
		41: {{QuestionID: 20, Results: []inspection.Slot{{QuestionResultID: 920}}}},
	}
	e.OnActivity(insp.StartCheck, mock.Anything, mock.Anything).Return(func(_ context.Context, in inspacts.StartInput) (inspacts.StartOutput, error) {
		e.started = append(e.started, in)
		out := inspacts.StartOutput{StartCheckResult: inspection.StartCheckResult{CheckID: 500 + len(e.started), ChecklistID: in.Start.ChecklistID, ChecklistType: types[in.Start.ChecklistID]}}
		if in.Rows {
			out.Questions = questions[in.Start.ChecklistID]
		}
		return out, nil
	}).Maybe()
	write := func(_ context.Context, in inspacts.WriteInput) error {
		e.writes = append(e.writes, in)
		return nil
	}
	if firstWrite > 0 {
		e.OnActivity(insp.WriteAnswers, mock.Anything, mock.Anything).Return(write).After(firstWrite).Once()
	}
	e.OnActivity(insp.WriteAnswers, mock.Anything, mock.Anything).Return(write).Maybe()
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
		e.finishedAfter = append(e.finishedAfter, len(e.writes))
		return inspacts.FinishOutput{CheckID: in.Finish.CheckID, ChecklistType: typ, Results: len(e.answers) + len(e.written(in.Finish.CheckID))}, nil
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

// written is the distinct rows written for the check.
func (e *inspectionEnv) written(checkID int) map[int]bool {
	rows := map[int]bool{}
	for _, w := range e.writes {
		for _, a := range w.Answers {
			if w.CheckID == checkID {
				rows[a.QuestionResultID] = true
			}
		}
	}
	return rows
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
		require.Equal(t, []string{inspection.ErrNotInChecklist}, rejected(t, notInList), "refused from the questions the start loaded")
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
	require.True(t, e.started[0].Rows, "the start writes the check's rows (answer-written-after-update)")
	require.Empty(t, e.answers, "no answer waits for RecordAnswer")
	require.Len(t, e.writes, 1, "only the valid answer reached the database")
	require.Equal(t, inspacts.WriteInput{AppointmentID: 7, CheckID: 501, Answers: []inspacts.Written{{QuestionResultID: 901, Answer: good}}}, e.writes[0])
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
	require.Len(t, next.Checks, 1)
	require.Len(t, next.Checks[0].Questions, 3, "the open check's questions travel with it")
	require.Equal(t, want[0], withoutQuestions(next.Checks[0]))

	stepLimit = old
	e2 := newInspectionEnv(t)
	var other *outcome
	e2.at(time.Minute, func() {
		other = e2.update(inspection.UpdateAnswerQuestion, inspection.Answer{CheckID: 501, QuestionID: 7, MechanicID: 61, AnswerID: "x", Status: 0})
		v, err := e2.QueryWorkflow(inspection.QueryChecks)
		require.NoError(t, err)
		var checks []inspection.CheckRef
		require.NoError(t, v.Get(&checks))
		require.Equal(t, want, checks, "the query leaves the questions out")
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

func withoutQuestions(c inspection.CheckRef) inspection.CheckRef {
	c.Questions = nil
	return c
}

// TestInspectionAnswerIsAnsweredBeforeItsRowIsWritten: the answer's update
// completes with its row's ID while its write is still running (an hour,
// on the test's clock); the check's finish waits for the write, which ran
// once, and counts the answer. Answers the start's questions refuse never
// reach the queue.
func TestInspectionAnswerIsAnsweredBeforeItsRowIsWritten(t *testing.T) {
	e := newInspectionEnvWriting(t, time.Hour) // the first write takes an hour; later ones return at once
	day5 := 5*24*time.Hour + time.Hour
	var start, answer, tyre, wrongTyre, wrongOption, finish *outcome
	step := func(d time.Duration, fn func()) { e.at(day5+d, fn) }
	step(0, func() {
		start = e.update(inspection.UpdateStartCheck, inspection.StartCheck{ChecklistID: 40, MechanicID: 60, ClientCheckID: "p1"})
	})
	a := inspection.Answer{CheckID: 501, QuestionID: 7, MechanicID: 60, AnswerID: "a1", Status: enums.QuestionResultStatusAdvised, Options: []string{"Oil change"}}
	tyreAnswer := inspection.Answer{CheckID: 501, QuestionID: 9, MechanicID: 60, AnswerID: "t3", Status: enums.QuestionResultStatusAdvised,
		TyrePosition: enums.TyrePositionCarRearLeft, TyreProfile: 2.4}
	step(time.Minute, func() {
		ok(t, start)
		answer = e.update(inspection.UpdateAnswerQuestion, a)
		w := tyreAnswer
		w.AnswerID, w.TyrePosition, w.TyreProfile = "t0", enums.TyrePositionNone, 0
		wrongTyre = e.update(inspection.UpdateAnswerQuestion, w)
		o := a
		o.AnswerID, o.Options = "o1", []string{"Wipers"}
		wrongOption = e.update(inspection.UpdateAnswerQuestion, o)
	})
	step(2*time.Minute, func() {
		ok(t, answer)
		require.Equal(t, inspection.AnswerResult{QuestionResultID: 901}, answer.val, "the row's ID, known without the write")
		require.Equal(t, []string{inspection.ErrTyreNeeded}, rejected(t, wrongTyre))
		require.Equal(t, []string{`options[0]: "Wipers" is not an option of this question`}, rejected(t, wrongOption))
		tyre = e.update(inspection.UpdateAnswerQuestion, tyreAnswer)
	})
	step(3*time.Minute, func() {
		ok(t, tyre)
		require.Equal(t, inspection.AnswerResult{QuestionResultID: 913}, tyre.val, "the rear left tyre's row")
		finish = e.update(inspection.UpdateFinishCheck, inspection.Finish{CheckID: 501, MechanicID: 60})
	})
	step(30*time.Minute, func() {
		require.False(t, finish.done, "the finish waits for the answers' writes")
		require.Empty(t, e.finishedAfter)
	})
	step(2*time.Hour, func() {
		ok(t, finish)
		require.Equal(t, 2, finish.val.(inspection.FinishResult).Results, "the finish counts both answers")
		e.SignalWorkflow(SignalCompleted, nil)
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	var written []inspacts.Written
	for _, w := range e.writes {
		written = append(written, w.Answers...)
	}
	require.Equal(t, []inspacts.Written{{QuestionResultID: 901, Answer: a}, {QuestionResultID: 913, Answer: tyreAnswer}}, written,
		"each accepted answer written once, in order; the refused ones never")
	require.Equal(t, []int{2}, e.finishedAfter, "the finish ran after both writes")
}
