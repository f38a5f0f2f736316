package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// KeyLockerAgreedIntervention is the spec's KeyLockerAgreedIntervention
// Model: an intervention the customer agreed to at the dealer's key locker.
type KeyLockerAgreedIntervention struct {
	ent.Schema
}

// Mixin of the KeyLockerAgreedIntervention.
func (KeyLockerAgreedIntervention) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the KeyLockerAgreedIntervention.
func (KeyLockerAgreedIntervention) Fields() []ent.Field {
	return []ent.Field{
		field.Int("key_locker_communication_id"),
		// The "answered" event that carried it (the spec's
		// KeyLockerCommunicationEvent.KeyLockerAgreedInterventions).
		optID("key_locker_communication_event_id"),
		str("title"),
		text("description"),
		money("price"),
		money("vat"),
	}
}

// Edges of the KeyLockerAgreedIntervention.
func (KeyLockerAgreedIntervention) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("key_locker_communication", KeyLockerCommunication.Type).
			Ref("agreed_interventions").
			Field("key_locker_communication_id").
			Unique().
			Required(),
	}
}

// Indexes of the KeyLockerAgreedIntervention.
func (KeyLockerAgreedIntervention) Indexes() []ent.Index {
	return []ent.Index{index.Fields("key_locker_communication_id")}
}
