package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Feedback is a customer's one answer to the feedback question sent after
// the pick-up (ours, issue #25): a score 0-10 and an optional comment.
// Written once per appointment, only by the feedback workflow's activity
// (activities/feedback); dealers list and export it per location and period.
type Feedback struct {
	ent.Schema
}

// Fields of the Feedback.
func (Feedback) Fields() []ent.Field {
	return []ent.Field{
		field.Int("appointment_id").Immutable().Unique(),
		field.Int("dealer_location_id").Immutable(),
		field.Int("score").Immutable().Min(0).Max(10),
		field.Text("comment").Default("").Immutable(),
		field.Time("answered_at").Immutable(),
	}
}

// Indexes of the Feedback: the dealer's list is per location and period.
func (Feedback) Indexes() []ent.Index {
	return []ent.Index{index.Fields("dealer_location_id", "answered_at")}
}
