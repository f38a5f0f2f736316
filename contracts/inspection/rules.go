package inspection

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Problems lists every problem of one request, for the spec's
// {"errors":[...]} reply.
type Problems []string

func (p *Problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// Err is nil without problems.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Problems: p}
}

// Error is a refused inspection request.
type Error struct{ Problems []string }

func (e *Error) Error() string { return strings.Join(e.Problems, "; ") }

// AsError unwraps an Error.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Refusals a caller may meet, worded once.
const (
	ErrCheckFinished   = "check_id: this check is finished and takes no more answers"
	ErrUnknownCheck    = "check_id: no such check on this appointment"
	ErrNotInChecklist  = "question_id: this question is not in the check's checklist"
	ErrChecklistGone   = "checklist_id: no such active checklist for this appointment's location"
	ErrTyreNeeded      = "tyre_position: a tyre question needs a car tyre position (1-4, or 9 for the spare)"
	ErrTyreNotExpected = "tyre_position: only a tyre question takes a tyre position"
)

// ErrOtherMechanic: the first mechanic owns a check until it is finished;
// a second one gets this instead of silently overwriting the first's work.
func ErrOtherMechanic(owner int) string {
	return fmt.Sprintf("check_id: this check belongs to mechanic %d until it is finished; start your own check or ask them to finish", owner)
}

// ValidateStart checks a start's shape.
func ValidateStart(s StartCheck) error {
	var p Problems
	if s.ChecklistID <= 0 {
		p.add("checklist_id: must be a positive checklist ID")
	}
	if s.MechanicID <= 0 {
		p.add("mechanic_id: must be a positive user ID")
	}
	clientID(&p, "client_check_id", s.ClientCheckID)
	return p.Err()
}

// ValidateAnswer checks an answer's shape: the status is one of 0-4, the
// price is not negative and not absurd, the notes and options are
// bounded, a tyre position and profile are plausible.
func ValidateAnswer(a Answer) error {
	var p Problems
	if a.CheckID <= 0 {
		p.add("check_id: must be a positive check ID")
	}
	if a.QuestionID <= 0 {
		p.add("question_id: must be a positive question ID")
	}
	if a.MechanicID <= 0 {
		p.add("mechanic_id: must be a positive user ID")
	}
	clientID(&p, "answer_id", a.AnswerID)
	if !a.Status.Valid() {
		p.add("status: must be a QuestionResultStatus 0-4 (OK, OK with remarks, advised, necessary, not worked on)")
	}
	if a.Price != nil {
		if err := ValidPrice(*a.Price); err != nil {
			p.add("price: %v", err)
		}
	}
	if utf8.RuneCountInString(a.MechanicNotes) > MaxNotes {
		p.add("mechanic_notes: at most %d characters", MaxNotes)
	}
	if len(a.Options) > MaxOptions {
		p.add("options: at most %d options", MaxOptions)
	}
	for i, o := range a.Options {
		if o == "" || utf8.RuneCountInString(o) > MaxOptionLen {
			p.add("options[%d]: must be 1-%d characters", i, MaxOptionLen)
		}
	}
	if !a.TyrePosition.Valid() {
		p.add("tyre_position: must be a TyrePosition 0-16")
	}
	if math.IsNaN(a.TyreProfile) || a.TyreProfile < 0 || a.TyreProfile > MaxTyreProfile {
		p.add("tyre_profile: must be 0-%g mm", MaxTyreProfile)
	}
	if a.TyrePosition == enums.TyrePositionNone && a.TyreProfile != 0 {
		p.add("tyre_profile: needs a tyre_position")
	}
	return p.Err()
}

// ValidPrice: not negative, not NaN, at most MaxPrice.
func ValidPrice(v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return errors.New("must be a number")
	case v < 0:
		return errors.New("must not be negative")
	case v > MaxPrice:
		return fmt.Errorf("must be at most %g", MaxPrice)
	}
	return nil
}

// ValidateFinish checks a finish's shape.
func ValidateFinish(f Finish) error {
	var p Problems
	if f.CheckID <= 0 {
		p.add("check_id: must be a positive check ID")
	}
	if f.MechanicID <= 0 {
		p.add("mechanic_id: must be a positive user ID")
	}
	return p.Err()
}

// AgainstCheck checks an answer or a finish against the check as the
// workflow knows it: it exists, is still open and is the caller's.
func AgainstCheck(checks []CheckRef, checkID, mechanicID int) error {
	c, ok := Find(checks, checkID)
	switch {
	case !ok:
		return Problems{ErrUnknownCheck}.Err()
	case c.Finished:
		return Problems{ErrCheckFinished}.Err()
	case c.MechanicID != mechanicID:
		return Problems{ErrOtherMechanic(c.MechanicID)}.Err()
	}
	return nil
}

// AgainstQuestions checks an answer against the open check's questions as
// the workflow holds them (what the database used to check when it stored
// the answer): the question is in the checklist, the tyre position fits
// the question, the options are the question's. It returns the ID of the
// result row the answer goes to.
func AgainstQuestions(questions []Question, a Answer) (int, error) {
	i := slices.IndexFunc(questions, func(q Question) bool { return q.QuestionID == a.QuestionID })
	if i < 0 {
		return 0, Problems{ErrNotInChecklist}.Err()
	}
	q := questions[i]
	if err := TyreAnswer(q.Tyre, a.TyrePosition); err != nil {
		return 0, err
	}
	var p Problems
	for j, o := range a.Options {
		if !slices.Contains(q.Options, o) {
			p.add("options[%d]: %q is not an option of this question", j, o)
		}
	}
	if err := p.Err(); err != nil {
		return 0, err
	}
	for _, s := range q.Results {
		if s.TyrePosition == a.TyrePosition {
			return s.QuestionResultID, nil
		}
	}
	return 0, Problems{ErrNotInChecklist}.Err() // a row the start did not write: refused, never guessed
}

// OpenCheckOf returns an unfinished check of the checklist (any version
// of it is the caller's to compare), if any.
func OpenCheckOf(checks []CheckRef, checklistID int) (CheckRef, bool) {
	for _, c := range checks {
		if c.ChecklistID == checklistID && !c.Finished {
			return c, true
		}
	}
	return CheckRef{}, false
}

// AgainstStart: a mechanic may not start a checklist another mechanic is
// still running on this appointment (the same mechanic gets their open
// check back).
func AgainstStart(checks []CheckRef, s StartCheck) error {
	if c, ok := OpenCheckOf(checks, s.ChecklistID); ok && c.MechanicID != s.MechanicID {
		return Problems{ErrOtherMechanic(c.MechanicID)}.Err()
	}
	return nil
}

// DefaultCustomerStatuses: advised and necessary results go to the customer.
var DefaultCustomerStatuses = []enums.QuestionResultStatus{enums.QuestionResultStatusAdvised, enums.QuestionResultStatusNecessary}

// CustomerFacing reports whether a result with this status is shown to the
// customer under the checklist's statuses (nil: DefaultCustomerStatuses).
// OK (0) and not worked on (4) never are: there is nothing to decide.
func CustomerFacing(status enums.QuestionResultStatus, statuses []enums.QuestionResultStatus) bool {
	if status == enums.QuestionResultStatusOK || status == enums.QuestionResultStatusNotWorkedOn {
		return false
	}
	if statuses == nil {
		statuses = DefaultCustomerStatuses
	}
	return slices.Contains(statuses, status)
}

// TyreAnswer checks the tyre position against the question: a tyre
// question needs a car position, any other question none.
func TyreAnswer(isTyreQuestion bool, pos enums.TyrePosition) error {
	carPos := pos >= enums.TyrePositionCarFrontLeft && pos <= enums.TyrePositionCarRearRight || pos == enums.TyrePositionCarSpare
	switch {
	case isTyreQuestion && !carPos:
		return Problems{ErrTyreNeeded}.Err()
	case !isTyreQuestion && pos != enums.TyrePositionNone:
		return Problems{ErrTyreNotExpected}.Err()
	}
	return nil
}

// clientID: a phone's ID is 1-64 characters of [A-Za-z0-9_-.], so it can
// sit in an update ID.
func clientID(p *Problems, field, v string) {
	if v == "" || len(v) > MaxClientIDLen {
		p.add("%s: must be 1-%d characters", field, MaxClientIDLen)
		return
	}
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			p.add("%s: only letters, digits, '-', '_' and '.'", field)
			return
		}
	}
}
