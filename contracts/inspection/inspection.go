// Package inspection is the contract of the workshop inspection (issue
// #22): the appointment workflow's update names and IDs for a mechanic's
// check, the payloads the API, the workflow and activities/inspection
// exchange, and the pure rules of an answer. It imports only the standard
// library and internal/enums. The JSON names are recorded in workflow
// histories: never rename one.
package inspection

import (
	"fmt"
	"slices"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Update names on the AppointmentWorkflow. Each is an update with an ID
// (see the *UpdateID functions), so a phone that retries on a bad network
// records its action once.
const (
	UpdateStartCheck     = "start-check"
	UpdateAnswerQuestion = "answer-question"
	UpdateFinishCheck    = "finish-check"
	// QueryChecks answers the appointment's checks ([]CheckRef).
	QueryChecks = "inspection-checks"
)

// StartUpdateID is the ID of a start: the phone's own ID for the check it
// is starting (client_check_id), per mechanic.
func StartUpdateID(mechanicID int, clientCheckID string) string {
	return fmt.Sprintf("start-check-%d-%s", mechanicID, clientCheckID)
}

// AnswerUpdateID is the ID of an answer: the phone's answer ID, per check.
func AnswerUpdateID(checkID int, answerID string) string {
	return fmt.Sprintf("answer-%d-%s", checkID, answerID)
}

// FinishUpdateID: a check is finished once, whoever retries.
func FinishUpdateID(checkID int) string { return fmt.Sprintf("finish-check-%d", checkID) }

// Limits of an answer. MaxPrice: a single inspection item above 100,000
// (euros) is a typo, not a repair.
const (
	MaxPrice       = 100_000.0
	MaxNotes       = 2000
	MaxOptions     = 20
	MaxOptionLen   = 200
	MaxClientIDLen = 64
	// MaxTyreProfile in millimetres: new tyres have about 8-10, winter 12-16.
	MaxTyreProfile = 30.0
)

// StartCheck asks to start a check of a checklist on the appointment.
type StartCheck struct {
	ChecklistID int `json:"checklist_id"`
	MechanicID  int `json:"mechanic_id"`
	// ClientCheckID is the phone's ID of this start (its update ID).
	ClientCheckID string `json:"client_check_id"`
}

// StartCheckResult names the check.
type StartCheckResult struct {
	CheckID       int                 `json:"check_id"`
	ChecklistID   int                 `json:"checklist_id"`
	ChecklistType enums.ChecklistType `json:"checklist_type"`
}

// Answer is a mechanic's answer to one question of a check.
type Answer struct {
	CheckID    int `json:"check_id"`
	QuestionID int `json:"question_id"`
	MechanicID int `json:"mechanic_id"`
	// AnswerID is the phone's ID of this answer (its update ID).
	AnswerID      string                     `json:"answer_id"`
	Status        enums.QuestionResultStatus `json:"status"`
	MechanicNotes string                     `json:"mechanic_notes"`
	MechanicFixed bool                       `json:"mechanic_fixed"`
	// Price nil: the question's default price.
	Price        *float64           `json:"price,omitempty"`
	Options      []string           `json:"options,omitempty"`
	TyrePosition enums.TyrePosition `json:"tyre_position"`
	TyreProfile  float64            `json:"tyre_profile"`
}

// AnswerResult names the stored result.
type AnswerResult struct {
	QuestionResultID int `json:"question_result_id"`
}

// Finish asks to finish a check.
type Finish struct {
	CheckID    int `json:"check_id"`
	MechanicID int `json:"mechanic_id"`
}

// FinishResult says what finishing did.
type FinishResult struct {
	CheckID int `json:"check_id"`
	Results int `json:"results"`
	// CommunicationResults is how many results became customer-facing rows.
	CommunicationResults int `json:"communication_results"`
	// Stage is the lifecycle's stage afterwards.
	Stage string `json:"stage"`
}

// CheckRef is what the appointment's workflow keeps of each check, so its
// validators can refuse an answer to a finished or someone else's check
// before anything is written.
type CheckRef struct {
	CheckID       int                 `json:"check_id"`
	ChecklistID   int                 `json:"checklist_id"`
	ChecklistType enums.ChecklistType `json:"checklist_type"`
	MechanicID    int                 `json:"mechanic_id"`
	Finished      bool                `json:"finished,omitempty"`
	// Questions of an open check started from answer-written-after-update
	// on (nil before it, and once the check is finished): the workflow
	// validates and names an answer from them, and writes it after.
	Questions []Question `json:"questions,omitempty"`
}

// Find returns the check with this ID.
func Find(checks []CheckRef, checkID int) (CheckRef, bool) {
	i := slices.IndexFunc(checks, func(c CheckRef) bool { return c.CheckID == checkID })
	if i < 0 {
		return CheckRef{}, false
	}
	return checks[i], true
}

// Question is what the workflow keeps of one question of an open check
// (from answer-written-after-update on): enough for the answer's validator
// to refuse what the database would (a question not in the checklist, a
// tyre position the question does not take, an option it does not offer)
// and to name the answer's result without a write. The results are the
// check's rows written when it started: one per question, or one per car
// tyre position for a tyre question.
type Question struct {
	QuestionID int      `json:"question_id"`
	Tyre       bool     `json:"tyre,omitempty"`
	Options    []string `json:"options,omitempty"`
	Results    []Slot   `json:"results"`
}

// Slot is a result row of a question: its tyre position (none for a
// question that is not a tyre question) and the row's ID.
type Slot struct {
	TyrePosition     enums.TyrePosition `json:"tyre_position,omitempty"`
	QuestionResultID int                `json:"question_result_id"`
}

// CarTyrePositions are the positions a tyre question is answered at
// (TyreAnswer): the car's four wheels and its spare.
var CarTyrePositions = []enums.TyrePosition{enums.TyrePositionCarFrontLeft, enums.TyrePositionCarFrontRight,
	enums.TyrePositionCarRearLeft, enums.TyrePositionCarRearRight, enums.TyrePositionCarSpare}
