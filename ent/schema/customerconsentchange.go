package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CustomerConsentChange is one change of a customer's block_communication
// (ours, not the spec's): when, by what source (an SMS keyword, ...), and
// by which inbound message, so a dealer can show when a customer opted out
// or back in. It holds no phone number: the customer row has it.
type CustomerConsentChange struct {
	ent.Schema
}

// Fields of the CustomerConsentChange.
func (CustomerConsentChange) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_id"),
		field.Bool("block_communication"),
		// Was the flag different before (false: the customer repeated a
		// word, recorded all the same).
		flag("changed"),
		field.String("source"),
		str("keyword"),
		// The provider's id of the inbound message: one message changes a
		// customer once, however often its webhook is retried.
		str("message_sid"),
		field.Time("changed_at").Immutable(),
	}
}

// Indexes of the CustomerConsentChange.
func (CustomerConsentChange) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_id", "changed_at"),
		index.Fields("message_sid", "customer_id").Unique(),
	}
}
