package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Intervention is the spec's Intervention Model: one job on a work order.
type Intervention struct {
	ent.Schema
}

// Mixin of the Intervention.
func (Intervention) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Intervention.
func (Intervention) Fields() []ent.Field {
	return []ent.Field{
		field.Int("appointment_id"),
		field.Int("dealer_location_id"),
		field.Int("car_id").Optional(),
		str("dms_nr"),
		str("title"),
		text("description"),
		// Part of the cost the customer pays.
		money("price"),
		flag("dms_price_edited"),
		flag("dms_deleted"),
		text("mechanic_notes"),
		flag("pinned"),
		flag("snoozed"),
		flag("is_declined_by_customer"),
		flag("is_signed_by_customer"),
		num("status"),
		str("solution_value"),
		str("solution_unit"),
		str("solution_type"),
		flag("mechanic_fixed"),
		flag("customer_ok"),
		flag("is_local"),
		flag("is_maintenance"),
		flag("is_internal_in_dms"),
		flag("is_warranty_in_dms"),
		field.Bool("visible_to_customer").Default(true),
		field.Int("communication_result_status").GoType(enums.CommunicationResultStatus(0)).Default(int(enums.CommunicationResultStatusUnanswered)),
		// Set when the intervention was converted from a check result, a remark or a
		// check-in result.
		optID("question_result_id"),
		optID("check_in_remark_id"),
		optID("diagnose_overview_remark_id"),
		optID("check_in_result_id"),
	}
}

// Edges of the Intervention.
func (Intervention) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("appointment", Appointment.Type).
			Ref("interventions").
			Field("appointment_id").
			Unique().
			Required(),
		edge.To("elements", InterventionElement.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the Intervention.
func (Intervention) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("appointment_id", "dms_nr"),
	}
}
