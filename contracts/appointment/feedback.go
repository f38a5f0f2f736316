package appointment

import (
	"fmt"
	"time"

	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// Feedback after the pick-up (issue #25): the lifecycle sends one feedback
// question when the key is picked up; the customer's answer (a score 0-10
// and a comment) goes to FeedbackWorkflow, one small workflow per
// appointment started with update-with-start, whose activity writes the
// one Feedback row. It does not need the lifecycle, which has ended.

// FeedbackWorkflowName is the workflow type that records a customer's feedback.
const FeedbackWorkflowName = "FeedbackWorkflow"

// UpdateAnswerFeedback is FeedbackWorkflow's update carrying the answer.
const UpdateAnswerFeedback = "answer-feedback"

// FeedbackWorkflowID is one ID per appointment: a retried answer joins the
// running workflow or, after it ended, starts one that finds the row.
func FeedbackWorkflowID(appointmentID int) string { return fmt.Sprintf("feedback-%d", appointmentID) }

// Bounds of a feedback answer.
const (
	FeedbackScoreMax      = 10
	MaxFeedbackCommentLen = 2000
)

// FeedbackInput starts a FeedbackWorkflow.
type FeedbackInput struct {
	AppointmentID int `json:"appointment_id"`
}

// FeedbackAnswer is the customer's answer.
type FeedbackAnswer struct {
	AppointmentID int    `json:"appointment_id"`
	Score         int    `json:"score"`
	Comment       string `json:"comment"`
}

// FeedbackResult is the recorded answer: the first one, also for a repeat.
type FeedbackResult struct {
	AppointmentID int       `json:"appointment_id"`
	Score         int       `json:"score"`
	Comment       string    `json:"comment"`
	AnsweredAt    time.Time `json:"answered_at"`
	// Refused says why the answer was not taken ("" when it was): the
	// car is not picked up yet, or another answer was given before.
	Refused string `json:"refused,omitempty"`
}

// Same reports whether r records answer a.
func (r FeedbackResult) Same(a FeedbackAnswer) bool {
	return r.AppointmentID == a.AppointmentID && r.Score == a.Score && r.Comment == a.Comment
}

// Refusals of a feedback answer, in the spec's {"errors":[...]} words.
const (
	FeedbackNotPickedUp     = "feedback: the car has not been picked up yet"
	FeedbackAlreadyAnswered = "feedback: a different answer was already given for this appointment"
)

// FeedbackShape checks an answer on its own: the score 0-10, the comment
// text PostgreSQL can store, within its length.
func FeedbackShape(a FeedbackAnswer) error {
	var p problems
	if a.AppointmentID <= 0 {
		p.add("appointment_id: required")
	}
	if a.Score < 0 || a.Score > FeedbackScoreMax {
		p.add("score: must be a whole number between 0 and %d", FeedbackScoreMax)
	}
	p.text(textcheck.Field("comment", a.Comment, MaxFeedbackCommentLen))
	return p.err()
}
