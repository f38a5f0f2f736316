// Package inspection holds the workshop inspection's activities: start a
// check, record a mechanic's answer, finish a check and turn its
// customer-facing results into CommunicationResult rows. The appointment's
// workflow runs them from its StartCheck / AnswerQuestion / FinishCheck
// updates. Each is idempotent: a retry (Temporal's, or a phone's update
// sent again) finds what the first attempt wrote and changes nothing.
package inspection

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/inspection"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/check"
	"github.com/pitstop-dev/pitstop/ent/checklistquestion"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/questionresult"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Activities are the inspection's activities.
type Activities struct {
	DB  *ent.Client
	Log *slog.Logger
	// Now is the clock (time.Now when nil).
	Now func() time.Time

	questionsMu sync.Mutex
	questions   map[int]*ent.ChecklistQuestion // see question
}

// Check (a function, not a method, so it is not registered as an activity)
// refuses a worker without the dependencies these activities need.
func Check(a *Activities) error {
	if a == nil || a.DB == nil {
		return errors.New("inspection activities: no database client")
	}
	return nil
}

func (a *Activities) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// refuse is a final refusal the API shows as {"errors":[...]}.
func refuse(problems ...string) error {
	return temporal.NewNonRetryableApplicationError("inspection refused", errtypes.Validation, nil, problems)
}

// StartInput starts a check on an appointment.
type StartInput struct {
	AppointmentID int                   `json:"appointment_id"`
	StartKey      string                `json:"start_key"`
	Start         inspection.StartCheck `json:"start"`
	// Rows (from answer-written-after-update on): write the check's result
	// rows at the start, unanswered, and answer its questions (StartOutput),
	// so the workflow can name and validate an answer without a write.
	Rows bool `json:"rows,omitempty"`
}

// StartOutput is the started check and, when the start wrote its rows,
// its questions with their rows' IDs.
type StartOutput struct {
	inspection.StartCheckResult
	Questions []inspection.Question `json:"questions,omitempty"`
}

// StartCheck creates the check of the given checklist version, which must
// be the current version of an active checklist of the appointment's
// dealer (for all its locations or the appointment's). The start key makes
// it idempotent.
//
// With Rows it also writes the check's result rows, unanswered
// (completed false: no read shows them until an answer is written), one
// per question or per car tyre position of a tyre question, and answers
// the questions with their rows. A retry writes the rows still missing.
func (a *Activities) StartCheck(ctx context.Context, in StartInput) (StartOutput, error) {
	var out StartOutput
	// The update's ID is unique per workflow only: the stored key names the appointment too.
	key := fmt.Sprintf("appointment-%d/%s", in.AppointmentID, in.StartKey)
	if c, err := a.DB.Check.Query().Where(check.StartKey(key)).Only(ctx); err == nil {
		out.StartCheckResult = inspection.StartCheckResult{CheckID: c.ID, ChecklistID: c.ChecklistID, ChecklistType: c.ChecklistType}
		if in.Rows {
			out.Questions, err = a.resultRows(ctx, c)
		}
		return out, err
	} else if !ent.IsNotFound(err) {
		return out, err
	}
	ap, err := a.DB.Appointment.Query().Where(appointment.ID(in.AppointmentID)).WithLocation().Only(ctx)
	if err != nil {
		return out, store.WrapNotFound(err, "appointment", in.AppointmentID)
	}
	cl, err := a.DB.Checklist.Get(ctx, in.Start.ChecklistID)
	if ent.IsNotFound(err) {
		return out, refuse(inspection.ErrChecklistGone)
	}
	if err != nil {
		return out, err
	}
	if cl.Deleted || !cl.Active || cl.DealerID != ap.Edges.Location.DealerID ||
		(cl.DealerLocationID != 0 && cl.DealerLocationID != ap.DealerLocationID) {
		return out, refuse(inspection.ErrChecklistGone)
	}
	c, err := a.DB.Check.Create().SetAppointmentID(ap.ID).SetDealerLocationID(ap.DealerLocationID).
		SetChecklistID(cl.ID).SetChecklistType(cl.ChecklistType).SetMechanicID(in.Start.MechanicID).
		SetStartKey(key).SetStartedAt(a.now()).Save(ctx)
	if ent.IsConstraintError(err) { // a concurrent retry won: take its row
		return a.StartCheck(ctx, in)
	}
	if err != nil {
		return out, err
	}
	out.StartCheckResult = inspection.StartCheckResult{CheckID: c.ID, ChecklistID: cl.ID, ChecklistType: cl.ChecklistType}
	if in.Rows {
		out.Questions, err = a.resultRows(ctx, c)
	}
	return out, err
}

// resultRows writes the check's missing result rows (unanswered) and
// answers its checklist's questions with their rows' IDs.
func (a *Activities) resultRows(ctx context.Context, c *ent.Check) ([]inspection.Question, error) {
	qs, err := a.DB.ChecklistQuestion.Query().Where(checklistquestion.ChecklistID(c.ChecklistID)).
		Order(ent.Asc(checklistquestion.FieldGroupOrder), ent.Asc(checklistquestion.FieldQuestionOrder), ent.Asc(checklistquestion.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	var creates []*ent.QuestionResultCreate
	for _, q := range qs {
		positions := []enums.TyrePosition{enums.TyrePositionNone}
		if q.ContainsTyreElement {
			positions = inspection.CarTyrePositions
		}
		for _, pos := range positions {
			creates = append(creates, a.DB.QuestionResult.Create().SetCheckID(c.ID).SetQuestionID(q.ID).SetAppointmentID(c.AppointmentID).
				SetStatus(q.DefaultStatus).SetTitle(q.Title).SetGroupName(q.GroupName).SetGroupOrder(q.GroupOrder).
				SetQuestionOrder(q.QuestionOrder).SetCompleted(false).SetPrice(q.DefaultPrice).
				SetLabourMinutes(q.DefaultLabourMinutes).SetTyrePosition(pos))
		}
	}
	if len(creates) > 0 {
		err := a.DB.QuestionResult.CreateBulk(creates...).
			OnConflictColumns(questionresult.FieldCheckID, questionresult.FieldQuestionID, questionresult.FieldTyrePosition).
			DoNothing().Exec(ctx)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	rows, err := a.DB.QuestionResult.Query().Where(questionresult.CheckID(c.ID)).All(ctx)
	if err != nil {
		return nil, err
	}
	ids := map[[2]int]int{}
	for _, r := range rows {
		ids[[2]int{r.QuestionID, int(r.TyrePosition)}] = r.ID
	}
	out := make([]inspection.Question, 0, len(qs))
	for _, q := range qs {
		iq := inspection.Question{QuestionID: q.ID, Tyre: q.ContainsTyreElement, Options: q.Options}
		positions := []enums.TyrePosition{enums.TyrePositionNone}
		if q.ContainsTyreElement {
			positions = inspection.CarTyrePositions
		}
		for _, pos := range positions {
			id, ok := ids[[2]int{q.ID, int(pos)}]
			if !ok {
				return nil, fmt.Errorf("check %d: no result row for question %d at tyre position %d", c.ID, q.ID, pos)
			}
			iq.Results = append(iq.Results, inspection.Slot{TyrePosition: pos, QuestionResultID: id})
		}
		out = append(out, iq)
	}
	return out, nil
}

// WriteInput is a run of answers the workflow has accepted (and answered)
// in this order, to write to their rows (from answer-written-after-update on).
type WriteInput struct {
	AppointmentID int       `json:"appointment_id"`
	CheckID       int       `json:"check_id"`
	Answers       []Written `json:"answers"`
}

// Written is an accepted answer and the row the workflow named for it.
type Written struct {
	QuestionResultID int               `json:"question_result_id"`
	Answer           inspection.Answer `json:"answer"`
}

// WriteAnswers writes accepted answers to the rows their check's start
// wrote, in order, in one transaction. The workflow has validated them
// and answered the mechanic already: nothing is refused here. A row that
// holds the answer's ID already is left alone, so a retry applies nothing
// twice; a later answer to the same row replaces an earlier one (as
// RecordAnswer's upsert does).
func (a *Activities) WriteAnswers(ctx context.Context, in WriteInput) error {
	prices := make([]float64, len(in.Answers))
	for i, w := range in.Answers {
		if w.Answer.Price != nil {
			prices[i] = *w.Answer.Price
			continue
		}
		q, err := a.question(ctx, w.Answer.QuestionID)
		if err != nil {
			return err
		}
		prices[i] = q.DefaultPrice
	}
	return store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		for i, w := range in.Answers {
			ans := w.Answer
			n, err := tx.QuestionResult.Update().Where(questionresult.ID(w.QuestionResultID), questionresult.CheckID(in.CheckID),
				questionresult.AnswerKeyNEQ(ans.AnswerID)).
				SetAnswerKey(ans.AnswerID).SetStatus(ans.Status).SetCompleted(true).SetMechanicNotes(ans.MechanicNotes).
				SetMechanicFixed(ans.MechanicFixed).SetPrice(prices[i]).SetOptions(ans.Options).SetTyreProfile(ans.TyreProfile).Save(ctx)
			if err != nil {
				return err
			}
			if n == 0 { // written before, or no such row (a bug: retried until seen)
				if ok, err := tx.QuestionResult.Query().Where(questionresult.ID(w.QuestionResultID), questionresult.CheckID(in.CheckID)).Exist(ctx); err != nil || !ok {
					return errors.Join(err, fmt.Errorf("check %d: no result row %d for answer %s", in.CheckID, w.QuestionResultID, ans.AnswerID))
				}
			}
		}
		return nil
	})
}

// AnswerInput is one answer to record.
type AnswerInput struct {
	AppointmentID int               `json:"appointment_id"`
	Answer        inspection.Answer `json:"answer"`
	// ChecklistID is the check's checklist version as the workflow holds
	// it (from answer-check-from-workflow on): the workflow, the check's one
	// owner, has found the check open, this appointment's and the
	// mechanic's, so the activity need not read the check's row. Zero in
	// histories recorded before it: the row is read.
	ChecklistID int `json:"checklist_id,omitempty"`
}

// The appointment's workflow runs one inspection activity at a time (its
// mutex), so these writes need no row locks.

// RecordAnswer stores (or, for the same question and tyre position,
// replaces) a result of an open check. The question must be in the
// check's checklist version and the options among the question's. An
// answer whose ID is already stored is not applied again.
//
// The mechanic waits for it (issue #22's answer figure), so the usual
// answer is one statement, an upsert that commits on its own: the
// workflow names the check's checklist version (ChecklistID) and the
// question comes from memory (a checklist version never changes).
func (a *Activities) RecordAnswer(ctx context.Context, in AnswerInput) (inspection.AnswerResult, error) {
	var out inspection.AnswerResult
	ans := in.Answer
	checklistID := in.ChecklistID
	if checklistID == 0 {
		var done bool
		var err error
		if checklistID, done, out, err = a.openCheck(ctx, in); err != nil || done {
			return out, err
		}
	}
	q, err := a.question(ctx, ans.QuestionID)
	if ent.IsNotFound(err) || (err == nil && q.ChecklistID != checklistID) {
		return out, refuse(inspection.ErrNotInChecklist)
	}
	if err != nil {
		return out, err
	}
	if err := inspection.TyreAnswer(q.ContainsTyreElement, ans.TyrePosition); err != nil {
		e, _ := inspection.AsError(err)
		return out, refuse(e.Problems...)
	}
	for i, o := range ans.Options {
		if !slices.Contains(q.Options, o) {
			return out, refuse(fmt.Sprintf("options[%d]: %q is not an option of this question", i, o))
		}
	}
	price := q.DefaultPrice
	if ans.Price != nil {
		price = *ans.Price
	}
	// A later answer to the same question and tyre position replaces the
	// earlier one's answer fields; the question's copy stays as first taken.
	out.QuestionResultID, err = a.DB.QuestionResult.Create().SetCheckID(ans.CheckID).SetQuestionID(q.ID).SetAppointmentID(in.AppointmentID).
		SetAnswerKey(ans.AnswerID).SetStatus(ans.Status).SetTitle(q.Title).SetGroupName(q.GroupName).
		SetGroupOrder(q.GroupOrder).SetQuestionOrder(q.QuestionOrder).SetCompleted(true).
		SetMechanicNotes(ans.MechanicNotes).SetMechanicFixed(ans.MechanicFixed).SetPrice(price).
		SetLabourMinutes(q.DefaultLabourMinutes).SetOptions(ans.Options).SetTyrePosition(ans.TyrePosition).
		SetTyreProfile(ans.TyreProfile).
		OnConflictColumns(questionresult.FieldCheckID, questionresult.FieldQuestionID, questionresult.FieldTyrePosition).
		Update(func(u *ent.QuestionResultUpsert) {
			u.UpdateUpdatedAt().UpdateAnswerKey().UpdateStatus().UpdateCompleted().UpdateMechanicNotes().
				UpdateMechanicFixed().UpdatePrice().UpdateOptions().UpdateTyreProfile()
		}).ID(ctx)
	return out, err
}

// openCheck is RecordAnswer's check of the check's row, for an answer
// whose workflow did not name the checklist version (recorded before
// answer-check-from-workflow): the check's checklist version, or done with
// the stored result of this very answer, or a refusal.
func (a *Activities) openCheck(ctx context.Context, in AnswerInput) (int, bool, inspection.AnswerResult, error) {
	var out inspection.AnswerResult
	ans := in.Answer
	c, err := a.DB.Check.Query().Where(check.ID(ans.CheckID), check.AppointmentID(in.AppointmentID)).Only(ctx)
	if ent.IsNotFound(err) {
		return 0, false, out, refuse(inspection.ErrUnknownCheck)
	}
	if err != nil {
		return 0, false, out, err
	}
	if c.FinishedAt == nil && c.MechanicID == ans.MechanicID {
		return c.ChecklistID, false, out, nil
	}
	prev, err := a.DB.QuestionResult.Query().Where(questionresult.CheckID(c.ID), questionresult.QuestionID(ans.QuestionID),
		questionresult.TyrePositionEQ(ans.TyrePosition), questionresult.AnswerKey(ans.AnswerID)).Only(ctx)
	switch {
	case err == nil:
		out.QuestionResultID = prev.ID // this answer, again
		return 0, true, out, nil
	case !ent.IsNotFound(err):
		return 0, false, out, err
	case c.FinishedAt != nil:
		return 0, false, out, refuse(inspection.ErrCheckFinished)
	default:
		return 0, false, out, refuse(inspection.ErrOtherMechanic(c.MechanicID))
	}
}

// question is a checklist question, from memory after its first use: a
// checklist version's questions are written once and never changed (an
// edit makes a new version), so a remembered one is never stale.
func (a *Activities) question(ctx context.Context, id int) (*ent.ChecklistQuestion, error) {
	a.questionsMu.Lock()
	q, ok := a.questions[id]
	a.questionsMu.Unlock()
	if ok {
		return q, nil
	}
	q, err := a.DB.ChecklistQuestion.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	a.questionsMu.Lock()
	defer a.questionsMu.Unlock()
	if a.questions == nil || len(a.questions) >= maxQuestionsRemembered {
		a.questions = map[int]*ent.ChecklistQuestion{}
	}
	a.questions[id] = q
	return q, nil
}

// maxQuestionsRemembered bounds question's memory (a dealer group's
// checklists hold a few hundred questions; past this it starts afresh).
const maxQuestionsRemembered = 20_000

// FinishInput finishes a check.
type FinishInput struct {
	AppointmentID int               `json:"appointment_id"`
	Finish        inspection.Finish `json:"finish"`
}

// FinishOutput says what was finished.
type FinishOutput struct {
	CheckID       int                 `json:"check_id"`
	ChecklistType enums.ChecklistType `json:"checklist_type"`
	Results       int                 `json:"results"`
}

// FinishCheck marks the check finished (once: a finished check stays as
// it was, and finishing it again answers the same).
func (a *Activities) FinishCheck(ctx context.Context, in FinishInput) (FinishOutput, error) {
	var out FinishOutput
	err := store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		c, err := tx.Check.Query().Where(check.ID(in.Finish.CheckID), check.AppointmentID(in.AppointmentID)).Only(ctx)
		if ent.IsNotFound(err) {
			return refuse(inspection.ErrUnknownCheck)
		}
		if err != nil {
			return err
		}
		if c.MechanicID != in.Finish.MechanicID {
			return refuse(inspection.ErrOtherMechanic(c.MechanicID))
		}
		n, err := tx.QuestionResult.Query().Where(questionresult.CheckID(c.ID), questionresult.Completed(true)).Count(ctx)
		if err != nil {
			return err
		}
		out = FinishOutput{CheckID: c.ID, ChecklistType: c.ChecklistType, Results: n}
		if c.FinishedAt != nil {
			return nil
		}
		now := a.now()
		return c.Update().SetFinishedAt(now).SetDuration(int(now.Sub(c.StartedAt).Seconds())).Exec(ctx)
	})
	return out, err
}

// PublishInput names a finished check and the communication its results go to.
type PublishInput struct {
	AppointmentID   int `json:"appointment_id"`
	CommunicationID int `json:"communication_id"`
	CheckID         int `json:"check_id"`
}

// PublishResults writes a diagnose CommunicationResult for each result of
// the finished check whose status its checklist makes customer-facing
// (advised and necessary by default), with the location's VAT. A result
// already published is left as it is (the unique index on communication,
// kind and result backs this up).
func (a *Activities) PublishResults(ctx context.Context, in PublishInput) (int, error) {
	n := 0
	err := store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		n = 0
		c, err := tx.Check.Query().Where(check.ID(in.CheckID), check.AppointmentID(in.AppointmentID)).Only(ctx)
		if err != nil {
			return store.WrapNotFound(err, "check", in.CheckID)
		}
		if c.FinishedAt == nil {
			return refuse("check_id: the check is not finished")
		}
		cl, err := tx.Checklist.Get(ctx, c.ChecklistID)
		if err != nil {
			return err
		}
		statuses := customerStatuses(cl.CustomerStatuses)
		ap, err := tx.Appointment.Query().Where(appointment.ID(in.AppointmentID)).WithLocation().Only(ctx)
		if err != nil {
			return err
		}
		results, err := tx.QuestionResult.Query().Where(questionresult.CheckID(c.ID), questionresult.Completed(true)).
			Order(ent.Asc(questionresult.FieldGroupOrder), ent.Asc(questionresult.FieldQuestionOrder), ent.Asc(questionresult.FieldTyrePosition)).All(ctx)
		if err != nil {
			return err
		}
		done, err := tx.CommunicationResult.Query().Where(communicationresult.CustomerCommunicationID(in.CommunicationID),
			communicationresult.Kind(KindDiagnose)).Select(communicationresult.FieldQuestionResultID).Ints(ctx)
		if err != nil {
			return err
		}
		var creates []*ent.CommunicationResultCreate
		for _, r := range results {
			if !inspection.CustomerFacing(r.Status, statuses) {
				continue
			}
			n++
			if slices.Contains(done, r.ID) {
				continue
			}
			creates = append(creates, tx.CommunicationResult.Create().SetCustomerCommunicationID(in.CommunicationID).
				SetAppointmentID(in.AppointmentID).SetKind(KindDiagnose).SetQuestionResultID(r.ID).SetCheckID(c.ID).
				SetStatus(enums.CommunicationResultStatusUnanswered).SetChecklistType(cl.ChecklistType).
				SetChecklistName(cl.Name).SetChecklistOrder(cl.DisplayOrder).SetGroupName(r.GroupName).
				SetGroupOrder(r.GroupOrder).SetQuestionOrder(r.QuestionOrder).SetTitle(r.Title).SetPrice(r.Price).
				SetVat(ap.Edges.Location.Vat).SetMechanicFixed(r.MechanicFixed).SetMechanicNotes(r.MechanicNotes).
				SetQuestionStatus(r.Status).SetQuestionOptions(r.Options).SetTyrePosition(r.TyrePosition).
				SetTyreProfile(r.TyreProfile))
		}
		if len(creates) == 0 {
			return nil
		}
		return tx.CommunicationResult.CreateBulk(creates...).Exec(ctx)
	})
	return n, err
}

// KindDiagnose is CommunicationResult.kind for the diagnose overview.
const KindDiagnose = "diagnose"

func customerStatuses(v []int) []enums.QuestionResultStatus {
	if v == nil {
		return nil
	}
	out := make([]enums.QuestionResultStatus, 0, len(v))
	for _, s := range v {
		out = append(out, enums.QuestionResultStatus(s))
	}
	return out
}

// AutoSendInput names the appointment whose regular check just finished.
type AutoSendInput struct {
	AppointmentID   int `json:"appointment_id"`
	CommunicationID int `json:"communication_id"`
}

// AutoSendDiagnose says whether finishing the regular check sends the
// diagnose overview at once: the location sends it itself
// (diagnose_overview_auto_send, our extension) and has the diagnose
// overview on, the overview has check results to show, and the location
// does not block automated messages to a lease company's car. Otherwise
// the receptionist sends it, as before.
func (a *Activities) AutoSendDiagnose(ctx context.Context, in AutoSendInput) (bool, error) {
	ap, err := a.DB.Appointment.Query().Where(appointment.ID(in.AppointmentID)).
		WithLocation(func(q *ent.DealerLocationQuery) { q.WithSetting() }).Only(ctx)
	if err != nil {
		return false, store.WrapNotFound(err, "appointment", in.AppointmentID)
	}
	loc := ap.Edges.Location
	if !loc.DiagnoseOverviewAutoSend || !loc.DiagnoseOverviewEnabled {
		return false, nil
	}
	if s := loc.Edges.Setting; s != nil && s.BlockAutomatedCommunicationForLeaseCustomer && ap.IsLeaseCompany {
		return false, nil
	}
	return a.DB.CommunicationResult.Query().Where(communicationresult.CustomerCommunicationID(in.CommunicationID),
		communicationresult.Kind(KindDiagnose)).Exist(ctx)
}
