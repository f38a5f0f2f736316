package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CustomerCommunicationAgreement is an agreement as presented in one customer
// communication, and whether the customer accepted it (the answer half of the spec's
// CommunicationAgreement Model).
type CustomerCommunicationAgreement struct {
	ent.Schema
}

// Mixin of the CustomerCommunicationAgreement.
func (CustomerCommunicationAgreement) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CustomerCommunicationAgreement.
func (CustomerCommunicationAgreement) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_communication_id"),
		field.Int("communication_agreement_id"),
		field.Int("appointment_id"),
		flag("accepted"),
		// The answering CommunicationEvent, once answered.
		optID("communication_event_id"),
	}
}

// Edges of the CustomerCommunicationAgreement.
func (CustomerCommunicationAgreement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("communication", CustomerCommunication.Type).
			Ref("agreements").
			Field("customer_communication_id").
			Unique().
			Required(),
		edge.To("agreement", CommunicationAgreement.Type).
			Field("communication_agreement_id").
			Unique().
			Required(),
	}
}

// Indexes of the CustomerCommunicationAgreement.
func (CustomerCommunicationAgreement) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_communication_id"),
	}
}
