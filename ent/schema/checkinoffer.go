package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CheckInOffer is an extra item (a car wash, a replacement car ...) a dealer
// location offers with every online check-in (ours, not the spec's: the spec
// has only the per-communication CheckInResult). A dealer admin manages them
// (api/admin/offers.go, `pitstop admin location offer`); a new
// communication copies the active ones into its CheckInResult rows
// (activities/appointment.EnsureCommunication), so editing an offer later
// never changes what a customer was already shown or answered.
type CheckInOffer struct {
	ent.Schema
}

// Mixin of the CheckInOffer.
func (CheckInOffer) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CheckInOffer.
func (CheckInOffer) Fields() []ent.Field {
	return []ent.Field{
		field.Int("dealer_location_id"),
		str("name"),
		text("description"),
		money("price"),
		str("info_url"),
		// Not shown to a lease car's customer (CheckInResult.hide_for_lease_appointments).
		flag("hide_for_lease_appointments"),
		// Order among the location's offers (lower first, then by ID).
		num("position"),
		field.Bool("active").Default(true),
	}
}

// Edges of the CheckInOffer.
func (CheckInOffer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("location", DealerLocation.Type).
			Ref("check_in_offers").
			Field("dealer_location_id").
			Unique().
			Required(),
	}
}

// Indexes of the CheckInOffer.
func (CheckInOffer) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("dealer_location_id", "position"),
	}
}
