package appointment

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	inspacts "github.com/pitstop-dev/pitstop/activities/inspection"
	"github.com/pitstop-dev/pitstop/contracts/inspection"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/workflows/options"
)

// The workshop inspection (issue #22): a mechanic starts a check of a
// checklist, answers its questions and finishes it, each an update with an
// ID on the appointment's workflow, so the inspection is part of the car's
// story in the Temporal UI and a retried request is recorded once. The
// validators refuse, before history, an answer of the wrong shape or to a
// check that is finished or another mechanic's; from
// answer-written-after-update on also a question not in the check's
// checklist (its questions are loaded at the start), and the answer's row
// is written after the update is answered. Before it, the activities
// checked what only the database knew (the question is in the check's
// checklist version). New update handlers: no GetVersion (no recorded history has
// them); finishing a regular check moves the stage to "inspected".

var insp *inspacts.Activities

func (w *appointment) registerInspection(ctx workflow.Context) error {
	w.writeCtx = ctx
	if err := workflow.SetQueryHandler(ctx, inspection.QueryChecks, func() ([]inspection.CheckRef, error) {
		out := append([]inspection.CheckRef{}, w.checks...)
		for i := range out {
			out[i].Questions = nil // the workflow's own, for its validator
		}
		return out, nil
	}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, inspection.UpdateStartCheck, w.startCheck,
		workflow.UpdateHandlerOptions{Validator: w.validateStartCheck}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, inspection.UpdateAnswerQuestion, w.answerQuestion,
		workflow.UpdateHandlerOptions{Validator: w.validateAnswer}); err != nil {
		return err
	}
	return workflow.SetUpdateHandlerWithOptions(ctx, inspection.UpdateFinishCheck, w.finishCheck,
		workflow.UpdateHandlerOptions{Validator: w.validateFinish})
}

// refused turns the inspection's problems (from a rule or from an
// activity's refusal) into the update's rejection.
func refused(err error) error {
	if err == nil {
		return nil
	}
	if e, ok := inspection.AsError(err); ok {
		return Rejection(&ValidationError{Problems: e.Problems})
	}
	if p := Problems(err); p != nil {
		return Rejection(&ValidationError{Problems: p})
	}
	return err
}

func (w *appointment) validateStartCheck(s inspection.StartCheck) error {
	if err := inspection.ValidateStart(s); err != nil {
		return refused(err)
	}
	if w.st.Stage.Final() {
		return Rejection(errFinal)
	}
	return refused(inspection.AgainstStart(w.checks, s))
}

func (w *appointment) validateAnswer(a inspection.Answer) error {
	if err := inspection.ValidateAnswer(a); err != nil {
		return refused(err)
	}
	if err := inspection.AgainstCheck(w.checks, a.CheckID, a.MechanicID); err != nil {
		return refused(err)
	}
	if c, _ := inspection.Find(w.checks, a.CheckID); c.Questions != nil {
		_, err := inspection.AgainstQuestions(c.Questions, a)
		return refused(err)
	}
	return nil
}

func (w *appointment) validateFinish(f inspection.Finish) error {
	if err := inspection.ValidateFinish(f); err != nil {
		return refused(err)
	}
	return refused(inspection.AgainstCheck(w.checks, f.CheckID, f.MechanicID))
}

// startCheck starts a check, or gives the mechanic the check of this
// checklist they already have open.
func (w *appointment) startCheck(ctx workflow.Context, s inspection.StartCheck) (inspection.StartCheckResult, error) {
	var res inspection.StartCheckResult
	if err := w.mu.Lock(ctx); err != nil {
		return res, err
	}
	defer w.mu.Unlock()
	if err := w.validateStartCheck(s); err != nil {
		return res, err
	}
	if c, ok := inspection.OpenCheckOf(w.checks, s.ChecklistID); ok {
		return inspection.StartCheckResult{CheckID: c.CheckID, ChecklistID: c.ChecklistID, ChecklistType: c.ChecklistType}, nil
	}
	in := inspacts.StartInput{AppointmentID: w.st.AppointmentID, StartKey: inspection.StartUpdateID(s.MechanicID, s.ClientCheckID), Start: s}
	in.Rows = w.getVersion(ctx, versionAnswerAfterUpdate, workflow.DefaultVersion, 1) == 1
	var out inspacts.StartOutput
	if err := workflow.ExecuteActivity(options.Store(ctx, fmt.Sprintf("start checklist %d (mechanic %d)", s.ChecklistID, s.MechanicID)), insp.StartCheck, in).Get(ctx, &out); err != nil {
		return res, refused(err)
	}
	res = out.StartCheckResult
	w.checks = append(w.checks, inspection.CheckRef{CheckID: res.CheckID, ChecklistID: res.ChecklistID, ChecklistType: res.ChecklistType, MechanicID: s.MechanicID,
		Questions: out.Questions})
	w.inspectionNote(ctx, fmt.Sprintf("check %d started by mechanic %d", res.CheckID, s.MechanicID))
	return res, nil
}

func (w *appointment) answerQuestion(ctx workflow.Context, a inspection.Answer) (inspection.AnswerResult, error) {
	var res inspection.AnswerResult
	if err := w.mu.Lock(ctx); err != nil {
		return res, err
	}
	defer w.mu.Unlock()
	if err := w.validateAnswer(a); err != nil {
		return res, err
	}
	if c, _ := inspection.Find(w.checks, a.CheckID); c.Questions != nil { // found: validateAnswer
		// answer-written-after-update: the answer is the update's, durable
		// in history once this workflow task completes; its row is written
		// after, in order, by writeAnswers.
		id, err := inspection.AgainstQuestions(c.Questions, a)
		if err != nil {
			return res, refused(err)
		}
		w.queueAnswer(a.CheckID, inspacts.Written{QuestionResultID: id, Answer: a})
		return inspection.AnswerResult{QuestionResultID: id}, nil
	}
	in := inspacts.AnswerInput{AppointmentID: w.st.AppointmentID, Answer: a}
	if w.getVersion(ctx, versionAnswerCheckFromWorkflow, workflow.DefaultVersion, 1) == 1 {
		c, _ := inspection.Find(w.checks, a.CheckID) // found: validateAnswer
		in.ChecklistID = c.ChecklistID
	}
	summary := fmt.Sprintf("check %d: question %d is %s", a.CheckID, a.QuestionID, a.Status.Description())
	var f workflow.Future
	if w.getVersion(ctx, versionAnswerLocal, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		f = workflow.ExecuteActivity(options.Store(ctx, summary), insp.RecordAnswer, in)
	} else {
		f = workflow.ExecuteLocalActivity(options.StoreLocal(ctx, summary), insp.RecordAnswer, in)
	}
	if err := f.Get(ctx, &res); err != nil {
		return res, refused(err)
	}
	return res, nil
}

// versionAnswerLocal: from version 1 on, an answer is stored by a local
// activity (RecordAnswer is short and idempotent by the answer's ID), in
// the workflow task that accepted the update, which spares the activity
// task's round trips through the server (issue #22's answer figure).
// Histories recorded before it replay with the regular activity.
const versionAnswerLocal = "answer-as-local-activity"

// versionAnswerAfterUpdate: from version 1 on, a check's start writes its
// result rows (unanswered) and gives the workflow its questions with their
// rows' IDs (CheckRef.Questions). An answer to such a check is validated
// against them (question in the checklist, tyre position, options) and
// answered with its row's ID at once, in the workflow task that accepted
// the update, with no database write in the way; writeAnswers then writes
// the accepted answers in order, by a regular activity, idempotent by the
// answer's ID. A check's finish and continue-as-new wait until every
// accepted answer is written. Checks started before it (histories recorded
// before it) answer as before.
const versionAnswerAfterUpdate = "answer-written-after-update"

// queuedAnswer is an accepted answer not yet written.
type queuedAnswer struct {
	CheckID int
	Written inspacts.Written
}

// maxAnswersPerWrite bounds one WriteAnswers activity's input.
const maxAnswersPerWrite = 50

// queueAnswer queues an accepted answer for writeAnswers, starting it if
// it is not running.
func (w *appointment) queueAnswer(checkID int, a inspacts.Written) {
	w.answerQueue = append(w.answerQueue, queuedAnswer{CheckID: checkID, Written: a})
	if !w.answerWriting {
		w.answerWriting = true
		workflow.Go(w.writeCtx, w.writeAnswers)
	}
}

// answersPending: accepted answers of the check (any check: 0) not yet written.
func (w *appointment) answersPending(checkID int) bool {
	for _, q := range w.answerQueue {
		if checkID == 0 || q.CheckID == checkID {
			return true
		}
	}
	return false
}

// writeAnswers writes the queued answers in the order they were accepted,
// a run of one check's answers per activity. An answer leaves the queue
// once written; a write that fails for good is tried again (the mechanic
// has had the answer: it is never dropped).
func (w *appointment) writeAnswers(ctx workflow.Context) {
	defer func() { w.answerWriting = false }()
	for len(w.answerQueue) > 0 {
		checkID := w.answerQueue[0].CheckID
		in := inspacts.WriteInput{AppointmentID: w.st.AppointmentID, CheckID: checkID}
		for _, q := range w.answerQueue {
			if q.CheckID != checkID || len(in.Answers) == maxAnswersPerWrite {
				break
			}
			in.Answers = append(in.Answers, q.Written)
		}
		summary := fmt.Sprintf("write %d answers of check %d", len(in.Answers), checkID)
		if err := workflow.ExecuteActivity(options.Store(ctx, summary), insp.WriteAnswers, in).Get(ctx, nil); err != nil {
			if ctx.Err() != nil {
				return
			}
			workflow.GetLogger(ctx).Error("writing answers failed; trying again", "check", checkID, "error", err)
			if err := workflow.Sleep(ctx, time.Minute); err != nil {
				return
			}
			continue
		}
		w.answerQueue = w.answerQueue[len(in.Answers):]
	}
}

// versionAnswerCheckFromWorkflow: from version 1 on, the workflow gives
// RecordAnswer the check's checklist version from its own checks (it has
// just found the check open and the mechanic's), and the activity stores
// the answer in one statement instead of reading the check's row first.
const versionAnswerCheckFromWorkflow = "answer-check-from-workflow"

// finishCheck finishes the check, puts its customer-facing results into
// the communication and, for a regular check of a car not yet past the
// workshop, moves the lifecycle to "inspected".
func (w *appointment) finishCheck(ctx workflow.Context, f inspection.Finish) (inspection.FinishResult, error) {
	var res inspection.FinishResult
	if err := w.mu.Lock(ctx); err != nil {
		return res, err
	}
	defer w.mu.Unlock()
	if err := w.validateFinish(f); err != nil {
		return res, err
	}
	// Every answer accepted for the check is written before it is finished
	// (its count and the diagnose overview come from the rows).
	if err := workflow.Await(ctx, func() bool { return !w.answersPending(f.CheckID) }); err != nil {
		return res, err
	}
	var out inspacts.FinishOutput
	in := inspacts.FinishInput{AppointmentID: w.st.AppointmentID, Finish: f}
	if err := workflow.ExecuteActivity(options.Store(ctx, fmt.Sprintf("finish check %d", f.CheckID)), insp.FinishCheck, in).Get(ctx, &out); err != nil {
		return res, refused(err)
	}
	for i := range w.checks {
		if w.checks[i].CheckID == f.CheckID {
			w.checks[i].Finished = true
			w.checks[i].Questions = nil // a finished check takes no answers
		}
	}
	res = inspection.FinishResult{CheckID: out.CheckID, Results: out.Results}
	if w.st.CommunicationID != 0 {
		pub := inspacts.PublishInput{AppointmentID: w.st.AppointmentID, CommunicationID: w.st.CommunicationID, CheckID: f.CheckID}
		if err := workflow.ExecuteActivity(options.Store(ctx, fmt.Sprintf("put check %d's advised and necessary results in the diagnose overview", f.CheckID)), insp.PublishResults, pub).Get(ctx, &res.CommunicationResults); err != nil {
			return res, err
		}
	}
	note := fmt.Sprintf("check %d finished: %d results, %d for the customer", f.CheckID, res.Results, res.CommunicationResults)
	if out.ChecklistType == enums.ChecklistTypeRegular && beforeInspection(w.st.Stage) {
		if w.st.Stage == StageScheduled || w.st.Stage == StageCheckInSent {
			// The car is in the workshop: as at the desk, the online
			// check-in no longer goes out or is closed.
			w.st.CommunicationStatus = enums.CommunicationStatusCheckInClosed
		}
		if err := w.setStage(ctx, StageInspected, note); err != nil {
			return res, err
		}
		if err := w.autoSendDiagnose(ctx); err != nil {
			return res, err
		}
	} else {
		w.inspectionNote(ctx, note)
	}
	res.Stage = string(w.st.Stage)
	return res, nil
}

// beforeInspection: stages in which the car has not been inspected yet.
func beforeInspection(s Stage) bool {
	switch s {
	case StageScheduled, StageCheckInSent, StageAwaitingKeyDrop, StageInWorkshop:
		return true
	}
	return false
}

// inspectionNote adds a line to the lifecycle's history without a stage
// change and publishes it (the activity before it already wrote the
// database; the stage is unchanged).
func (w *appointment) inspectionNote(ctx workflow.Context, note string) {
	w.note(ctx, note)
	w.publish()
}

// versionAutoSendDiagnose guards the automatic diagnose overview after a
// regular check: histories recorded before it replay without it.
const versionAutoSendDiagnose = "auto-send-diagnose-overview"

// autoSendDiagnose sends the diagnose overview at once when the location
// says so (inspacts.AutoSendDiagnose); otherwise the receptionist sends it
// as before. The caller holds the mutex; the send is the receptionist's
// send (event 4, stage diagnose_sent) by no user.
func (w *appointment) autoSendDiagnose(ctx workflow.Context) error {
	if w.st.CommunicationID == 0 || w.st.DiagnoseSends > 0 ||
		w.getVersion(ctx, versionAutoSendDiagnose, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	var auto bool
	in := inspacts.AutoSendInput{AppointmentID: w.st.AppointmentID, CommunicationID: w.st.CommunicationID}
	if err := workflow.ExecuteActivity(options.Store(ctx, "does the location send the diagnose overview after the check"), insp.AutoSendDiagnose, in).Get(ctx, &auto); err != nil {
		return err
	}
	if !auto {
		return nil
	}
	_, err := w.sendDiagnoseLocked(ctx, SendRequest{Note: "sent automatically after the regular check"})
	return err
}
