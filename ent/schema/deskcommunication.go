package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// DeskCommunication is the spec's DeskCommunication Model: a check-in (or
// check-out) shown on the counter tablet to a customer at the desk.
type DeskCommunication struct {
	ent.Schema
}

// Mixin of the DeskCommunication.
func (DeskCommunication) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the DeskCommunication.
func (DeskCommunication) Fields() []ent.Field {
	return []ent.Field{
		field.Int("appointment_id"),
		field.Int("status").GoType(enums.DeskCommunicationStatus(0)).Default(int(enums.DeskCommunicationStatusSent)),
		flag("is_checking_out"),
		optID("customer_id"),
		optID("car_id"),
		field.Int("dealer_location_id"),
		optID("receptionist_id"),
		// The counter tablet (a user with role 100) the check-in was sent to.
		field.Int("tablet_user_id"),
		str("customer_name"),
		text("customer_signature"),
		// The agreement versions (CommunicationAgreement IDs) shown on the
		// tablet, fixed when the desk check-in (or check-out) is sent, and
		// those the customer accepted: a later edit of an agreement never
		// changes what was agreed.
		field.JSON("presented_agreement_ids", []int{}).Optional(),
		field.JSON("accepted_agreement_ids", []int{}).Optional(),
	}
}

// Edges of the DeskCommunication.
func (DeskCommunication) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("appointment", Appointment.Type).Ref("desk_communications").
			Field("appointment_id").Unique().Required(),
		edge.To("events", DeskCommunicationEvent.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the DeskCommunication.
func (DeskCommunication) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tablet_user_id", "status"), index.Fields("appointment_id")}
}

// DeskCommunicationEvent is the spec's DeskCommunicationEvent Model.
type DeskCommunicationEvent struct {
	ent.Schema
}

// Mixin of the DeskCommunicationEvent.
func (DeskCommunicationEvent) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the DeskCommunicationEvent.
func (DeskCommunicationEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("desk_communication_id"),
		field.Int("type").GoType(enums.DeskCommunicationEventType(0)),
		str("customer_name"),
		optID("user_id"),
	}
}

// Edges of the DeskCommunicationEvent.
func (DeskCommunicationEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("desk_communication", DeskCommunication.Type).Ref("events").
			Field("desk_communication_id").Unique().Required(),
		// The confirmation sent to the customer when they answered.
		edge.To("receivers", CommunicationReceiver.Type),
	}
}
