package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// SmsSender is one number of a location's own SMS sender pool (ours, issue
// #25, two-way messages): a dealer group's locations each send from their
// own Twilio numbers, and the number a customer wrote to tells the location
// of a reply that matches no conversation. A number belongs to one
// location only (unique). Written by the location's settings
// (internal/onboard.UpdateSenderPool), each change in the settings' change
// log; a location without rows sends from PITSTOP_TWILIO_SENDER_POOL.
type SmsSender struct {
	ent.Schema
}

// Mixin of the SmsSender.
func (SmsSender) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the SmsSender.
func (SmsSender) Fields() []ent.Field {
	return []ent.Field{
		field.Int("dealer_location_id"),
		// E.164, e.g. +3197010000001.
		field.String("number").NotEmpty().Unique(),
		// The pool's order: the first number is the one shared once the
		// pool is exhausted for a customer.
		field.Int("position").Default(0),
	}
}

// Indexes of the SmsSender.
func (SmsSender) Indexes() []ent.Index {
	return []ent.Index{index.Fields("dealer_location_id", "position")}
}
