package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// DiagnoseOverviewRemark is the spec's DiagnoseOverviewRemark Model: a remark the
// customer wrote in the diagnose overview.
type DiagnoseOverviewRemark struct {
	ent.Schema
}

// Mixin of the DiagnoseOverviewRemark.
func (DiagnoseOverviewRemark) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the DiagnoseOverviewRemark.
func (DiagnoseOverviewRemark) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_communication_id"),
		field.Int("appointment_id"),
		str("title"),
		text("description"),
		str("customer_name"),
		flag("receptionist_handled"),
		flag("visible_to_mechanic"),
	}
}

// Edges of the DiagnoseOverviewRemark.
func (DiagnoseOverviewRemark) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("communication", CustomerCommunication.Type).
			Ref("diagnose_overview_remarks").
			Field("customer_communication_id").
			Unique().
			Required(),
		edge.To("attachments", DiagnoseOverviewAttachment.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the DiagnoseOverviewRemark.
func (DiagnoseOverviewRemark) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_communication_id"),
	}
}
