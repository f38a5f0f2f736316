package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// CheckInResult is the spec's CheckInResult Model: an extra item (service, offer)
// offered to the customer in a check-in, and what the customer answered.
type CheckInResult struct {
	ent.Schema
}

// Mixin of the CheckInResult.
func (CheckInResult) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CheckInResult.
func (CheckInResult) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_communication_id"),
		field.Int("appointment_id"),
		str("name"),
		text("description"),
		money("price"),
		str("info_url"),
		flag("accepted"),
		flag("receptionist_handled"),
		field.Int("tag_id").Optional(),
		str("notification_email"),
		field.Int("status").GoType(enums.CheckInResultStatus(0)).Default(int(enums.CheckInResultStatusNotSent)),
		text("reason"),
		str("mailgun_message_id"),
		flag("hide_for_lease_appointments"),
		field.Bool("visible").Default(true),
		flag("can_convert_to_intervention"),
	}
}

// Edges of the CheckInResult.
func (CheckInResult) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("communication", CustomerCommunication.Type).
			Ref("check_in_results").
			Field("customer_communication_id").
			Unique().
			Required(),
	}
}

// Indexes of the CheckInResult.
func (CheckInResult) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_communication_id"),
	}
}
