package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// CommunicationEvent is the spec's CommunicationEvent Model: something that happened
// to a customer communication (sent, opened, answered, resent...).
type CommunicationEvent struct {
	ent.Schema
}

// Mixin of the CommunicationEvent.
func (CommunicationEvent) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CommunicationEvent.
func (CommunicationEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_communication_id"),
		field.Int("appointment_id"),
		field.Int("type").GoType(enums.CommunicationEventType(0)),
		// IP from which the customer answered.
		str("ip"),
		// An answered check-in may have sent the customer a key-locker PIN.
		flag("key_locker_pin_sent"),
		optID("user_id"),
		optID("customer_id"),
		str("customer_name"),
		// The customer's signature (an image data URL); can be large.
		text("customer_signature"),
		flag("is_parking_gate_code_sent"),
		str("mailgun_message_id"),
		// dedupe_key makes recording an event idempotent: a retried activity
		// finds the event it already wrote (ours, not the spec's).
		field.String("dedupe_key").Optional().Nillable().Unique(),
	}
}

// Edges of the CommunicationEvent.
func (CommunicationEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("communication", CustomerCommunication.Type).
			Ref("events").
			Field("customer_communication_id").
			Unique().
			Required(),
		edge.To("receivers", CommunicationReceiver.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
		// The v1 diagnose answer's result snapshots (answered events only).
		edge.To("diagnose_overview_agreed_results", DiagnoseOverviewAgreedResult.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("diagnose_overview_declined_results", DiagnoseOverviewDeclinedResult.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("diagnose_overview_contact_results", DiagnoseOverviewContactResult.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the CommunicationEvent.
func (CommunicationEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_communication_id"),
		index.Fields("appointment_id"),
	}
}
