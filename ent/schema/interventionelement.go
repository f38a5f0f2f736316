package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// InterventionElement is the spec's InterventionElement Model: a task, labour, part,
// fee... line of an intervention.
type InterventionElement struct {
	ent.Schema
}

// Mixin of the InterventionElement.
func (InterventionElement) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the InterventionElement.
func (InterventionElement) Fields() []ent.Field {
	return []ent.Field{
		field.Int("intervention_id"),
		str("dms_nr"),
		text("description"),
		money("price"),
		money("quantity"),
		// Never shown to customers: kept out of JSON; the customer-facing views must
		// not copy it either.
		field.Text("private_note").Default("").StructTag(`json:"-"`),
		flag("is_local"),
		field.Int("element_type").GoType(enums.InterventionElementType(0)),
		field.Int("status").GoType(enums.InterventionElementStatus(0)).Default(int(enums.InterventionElementStatusActive)),
		str("parent_dms_nr"),
	}
}

// Edges of the InterventionElement.
func (InterventionElement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("intervention", Intervention.Type).
			Ref("elements").
			Field("intervention_id").
			Unique().
			Required(),
	}
}

// Indexes of the InterventionElement.
func (InterventionElement) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("intervention_id"),
	}
}
