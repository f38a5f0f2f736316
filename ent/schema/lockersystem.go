package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// LockerSystem is the ACSES spec's LockerSystem Model: one ACSES key locker at a
// location. Its ID is the ACSES identifier.
type LockerSystem struct {
	ent.Schema
}

// Mixin of the LockerSystem.
func (LockerSystem) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the LockerSystem.
func (LockerSystem) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").NotEmpty().Immutable(),
		field.Int("dealer_location_id"),
		str("name"),
		field.Bool("active").Default(true),
		// The secret this locker system's events are signed with (several,
		// space-separated, during a rotation). Empty: the account-wide
		// PITSTOP_ACSES_WEBHOOK_SECRET. Never shown in an API answer.
		field.String("webhook_secret").Optional().Sensitive(),
	}
}

// Edges of the LockerSystem.
func (LockerSystem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("location", DealerLocation.Type).
			Ref("locker_systems").
			Field("dealer_location_id").
			Unique().
			Required(),
		edge.To("bookings", Booking.Type),
	}
}

// Indexes of the LockerSystem.
func (LockerSystem) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("dealer_location_id"),
	}
}
