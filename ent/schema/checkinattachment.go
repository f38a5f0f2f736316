package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CheckInAttachment is the spec's CheckInAttachment Model: a file attached to a
// check-in remark.
type CheckInAttachment struct {
	ent.Schema
}

// Mixin of the CheckInAttachment.
func (CheckInAttachment) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CheckInAttachment.
func (CheckInAttachment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("check_in_remark_id"),
		field.Int("customer_communication_id"),
		str("url"),
		str("name"),
	}
}

// Edges of the CheckInAttachment.
func (CheckInAttachment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("remark", CheckInRemark.Type).
			Ref("attachments").
			Field("check_in_remark_id").
			Unique().
			Required(),
	}
}

// Indexes of the CheckInAttachment.
func (CheckInAttachment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("check_in_remark_id"),
	}
}
