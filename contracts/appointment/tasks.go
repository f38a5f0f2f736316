package appointment

import (
	"fmt"
	"time"
)

// Tasks for the receptionist (issue #25): the lifecycle opens one when a
// reminder went unanswered or a key stays in a locker; a receptionist marks
// it done through TaskDoneWorkflow (one small workflow per task, so a task
// can be closed after its lifecycle ended), whose activity is the one
// writer of the "done" state.

// Task kinds.
const (
	TaskCheckInUnanswered  = "check_in_unanswered"
	TaskDiagnoseUnanswered = "diagnose_unanswered"
	TaskKeyNotCollected    = "key_not_collected"
	// TaskCustomerReply: a customer replied by SMS or e-mail (two-way
	// messages); one task per reply, opened also for a closed appointment.
	TaskCustomerReply = "customer_reply"
	// TaskUnmatchedReply: a customer's SMS to one of the location's own
	// sender numbers matched no appointment (an unknown number, or a
	// conversation that is no more); the task has no appointment.
	TaskUnmatchedReply = "unmatched_reply"
	// TaskLockerBookingExpiring: a locker booking ends within the
	// location's locker_expiry_warning_hours with the key not where it
	// should end (not dropped, still inside, or dropped back and not
	// collected); one task per booking end.
	TaskLockerBookingExpiring = "locker_booking_expiring"
)

// Task states, the ?state= of the task list.
const (
	TaskStateOpen = "open"
	TaskStateDone = "done"
)

// TaskDoneWorkflowName is the workflow type that marks a task done.
const TaskDoneWorkflowName = "TaskDoneWorkflow"

// TaskDoneWorkflowID is one ID per task: a second "done" while the first
// runs joins it, a later one finds the task done.
func TaskDoneWorkflowID(taskID int) string { return fmt.Sprintf("task-done-%d", taskID) }

// TaskDoneRequest marks a task of a location done by a staff user.
type TaskDoneRequest struct {
	TaskID     int `json:"task_id"`
	LocationID int `json:"location_id"`
	UserID     int `json:"user_id"`
}

// TaskDoneResult is the task's state after the request: the first outcome
// when it was already done (DoneAt and DoneByUserID of the first "done").
// Found is false when the location has no such task.
type TaskDoneResult struct {
	Found        bool      `json:"found"`
	TaskID       int       `json:"task_id"`
	State        string    `json:"state"`
	DoneAt       time.Time `json:"done_at"`
	DoneByUserID int       `json:"done_by_user_id"`
}

// FollowUp is a reminder and escalation the lifecycle waits to act on:
// started when a communication is sent, over once it is answered (its
// stage left) or the task is open.
type FollowUp struct {
	// Kind is the task kind it may open (TaskCheckInUnanswered ...).
	Kind string `json:"kind"`
	// Stage is the stage it belongs to: leaving it ends the follow-up.
	Stage Stage     `json:"stage"`
	Since time.Time `json:"since"`
	// ReminderHours and EscalationHours as the location had them at Since (0 = off).
	ReminderHours   int `json:"reminder_hours"`
	EscalationHours int `json:"escalation_hours"`
	// RemindedAt is set once the reminder was sent.
	RemindedAt *time.Time `json:"reminded_at,omitempty"`
	// Done: the task is open (or nothing is left to do).
	Done bool `json:"done,omitempty"`
	// Items is how many items await the customer's answer (task text).
	Items int `json:"items,omitempty"`
	// TaskID is the task opened for the receptionist (0: none yet).
	TaskID int `json:"task_id,omitempty"`
}

// Due is when the follow-up acts next, and whether it does at all.
func (f *FollowUp) Due() (time.Time, bool) {
	switch {
	case f == nil || f.Done:
		return time.Time{}, false
	case f.RemindedAt == nil && f.ReminderHours > 0:
		return f.Since.Add(time.Duration(f.ReminderHours) * time.Hour), true
	case f.EscalationHours > 0:
		from := f.Since
		if f.RemindedAt != nil {
			from = *f.RemindedAt
		}
		return from.Add(time.Duration(f.EscalationHours) * time.Hour), true
	}
	return time.Time{}, false
}

// RemindNext reports whether the next step is the reminder (else the task).
func (f *FollowUp) RemindNext() bool { return f.RemindedAt == nil && f.ReminderHours > 0 }
