package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Task states (ours, issue #25).
const (
	taskOpen = "open"
	taskDone = "done"
)

// Task is one thing a receptionist must do that the lifecycle could not
// (ours, issue #25): call a customer who left an online check-in or a
// diagnose overview unanswered after a reminder, see to a key left in a
// locker. Written only by activities (activities/appointment): the
// appointment workflow opens it, a small workflow marks it done.
type Task struct {
	ent.Schema
}

// Mixin of the Task.
func (Task) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Task.
func (Task) Fields() []ent.Field {
	return []ent.Field{
		field.Int("dealer_location_id").Immutable(),
		// Nil: an unmatched_reply, a customer's reply to one of the
		// location's numbers that matched no appointment.
		field.Int("appointment_id").Optional().Nillable().Immutable(),
		// What the task is about: check_in_unanswered, diagnose_unanswered,
		// key_not_collected, customer_reply, unmatched_reply,
		// locker_booking_expiring.
		field.String("kind").NotEmpty().Immutable(),
		// What to do, in the receptionist's words (may name the customer).
		text("text"),
		// The workflow's idempotency key: a retried activity finds its row.
		field.String("dedupe_key").NotEmpty().Immutable().Unique(),
		field.String("state").Default(taskOpen).Validate(oneOf(taskOpen, taskDone)),
		optTime("done_at"),
		// The staff user who marked it done.
		optID("done_by_user_id"),
	}
}

// Indexes of the Task.
func (Task) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("dealer_location_id", "state", "id"),
		index.Fields("appointment_id"),
	}
}
