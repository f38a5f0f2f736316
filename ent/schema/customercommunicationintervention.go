package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// CustomerCommunicationIntervention is the spec's CustomerCommunicationIntervention
// Model: an intervention as the customer saw it (title, description, price and VAT
// at that moment) and what the customer decided for it.
type CustomerCommunicationIntervention struct {
	ent.Schema
}

// Mixin of the CustomerCommunicationIntervention.
func (CustomerCommunicationIntervention) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CustomerCommunicationIntervention.
func (CustomerCommunicationIntervention) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_communication_id"),
		field.Int("intervention_id"),
		// The answering CommunicationEvent.
		field.Int("communication_event_id"),
		field.Int("appointment_id"),
		str("title"),
		text("description"),
		money("price"),
		money("vat"),
		field.Int("communication_result_status").GoType(enums.CommunicationResultStatus(0)).Default(int(enums.CommunicationResultStatusUnanswered)),
	}
}

// Edges of the CustomerCommunicationIntervention.
func (CustomerCommunicationIntervention) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("communication", CustomerCommunication.Type).
			Ref("interventions").
			Field("customer_communication_id").
			Unique().
			Required(),
	}
}

// Indexes of the CustomerCommunicationIntervention.
func (CustomerCommunicationIntervention) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_communication_id"),
		index.Fields("communication_event_id"),
	}
}
