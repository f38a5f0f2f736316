package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Car is the spec's Car Model.
type Car struct {
	ent.Schema
}

// Mixin of the Car.
func (Car) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Car.
func (Car) Fields() []ent.Field {
	return []ent.Field{
		field.Int("dealer_location_id"),
		flag("is_truck"),
		str("make"),
		str("model"),
		str("fuel"),
		str("reg_nr"),
		// reg_nr without separators, upper case: what a lookup by plate matches.
		str("reg_nr_escaped"),
		str("vin"),
		str("dms_nr"),
		str("engine_nr"),
		str("profile_picture"),
		optTime("dms_registration"),
		optTime("apk_date_dms"),
		optTime("hu_date_dms"),
		optTime("warranty_date_start"),
		optTime("warranty_date_end"),
		// dms_key (ours) identifies the row in the DMS import: the DMS's id, or
		// a derived key when it gives none; NULL for rows made by hand.
		field.String("dms_key").Optional().Nillable(),
	}
}

// Edges of the Car.
func (Car) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("location", DealerLocation.Type).
			Ref("cars").
			Field("dealer_location_id").
			Unique().
			Required(),
		edge.To("appointments", Appointment.Type),
	}
}

// Indexes of the Car.
func (Car) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("dealer_location_id", "reg_nr_escaped"),
		index.Fields("dealer_location_id", "dms_nr"),
		index.Fields("dealer_location_id", "dms_key").Unique(),
		index.Fields("vin"),
	}
}
