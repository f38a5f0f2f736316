package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// DiagnoseOverviewAttachment is the spec's DiagnoseOverviewAttachment Model: a file
// attached to a diagnose-overview remark.
type DiagnoseOverviewAttachment struct {
	ent.Schema
}

// Mixin of the DiagnoseOverviewAttachment.
func (DiagnoseOverviewAttachment) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the DiagnoseOverviewAttachment.
func (DiagnoseOverviewAttachment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("diagnose_overview_remark_id"),
		field.Int("customer_communication_id"),
		str("url"),
		str("name"),
	}
}

// Edges of the DiagnoseOverviewAttachment.
func (DiagnoseOverviewAttachment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("remark", DiagnoseOverviewRemark.Type).
			Ref("attachments").
			Field("diagnose_overview_remark_id").
			Unique().
			Required(),
	}
}

// Indexes of the DiagnoseOverviewAttachment.
func (DiagnoseOverviewAttachment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("diagnose_overview_remark_id"),
	}
}
