package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CheckInRemark is the spec's CheckInRemark Model: a remark the customer wrote in
// the online check-in.
type CheckInRemark struct {
	ent.Schema
}

// Mixin of the CheckInRemark.
func (CheckInRemark) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CheckInRemark.
func (CheckInRemark) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_communication_id"),
		field.Int("appointment_id"),
		flag("receptionist_handled"),
		str("title"),
		text("description"),
		str("customer_name"),
		field.Bool("visible_in_dashboard").Default(true),
		flag("visible_to_mechanic"),
	}
}

// Edges of the CheckInRemark.
func (CheckInRemark) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("communication", CustomerCommunication.Type).
			Ref("check_in_remarks").
			Field("customer_communication_id").
			Unique().
			Required(),
		edge.To("attachments", CheckInAttachment.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the CheckInRemark.
func (CheckInRemark) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_communication_id"),
	}
}
