package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Customer is the spec's Customer Model: a driver, owner or contractor known at a
// location, usually imported from the DMS.
type Customer struct {
	ent.Schema
}

// Mixin of the Customer.
func (Customer) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Customer.
func (Customer) Fields() []ent.Field {
	return []ent.Field{
		field.Int("dealer_location_id"),
		str("dms_nr"),
		str("meta_dms_nr"),
		str("company"),
		flag("is_lease_company"),
		flag("is_internal"),
		flag("is_internal_edited"),
		flag("passant"),
		str("title"),
		str("initials"),
		str("first_name"),
		str("surname"),
		str("street"),
		str("house_nr"),
		str("postcode"),
		str("place"),
		str("country"),
		flag("block_communication"),
		field.Int("preferred_communication_channel").GoType(enums.CommunicationChannelID(0)).Optional().Nillable(),
		str("email_private"),
		str("email_business"),
		str("tel_mobile_private"),
		str("tel_mobile_business"),
		str("tel_private_nr"),
		str("tel_business_nr"),
		field.String("language_code").GoType(enums.LanguageCode("")).Optional(),
		optTime("last_appointment_date"),
		// dms_key (ours) identifies the row in the DMS import: the DMS's id, or
		// a derived key when it gives none; NULL for rows made by hand.
		field.String("dms_key").Optional().Nillable(),
		// erased_at (ours, issue #26): when internal/custerase anonymised the
		// row; its CustomerErasure names it.
		optTime("erased_at"),
	}
}

// Edges of the Customer.
func (Customer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("location", DealerLocation.Type).
			Ref("customers").
			Field("dealer_location_id").
			Unique().
			Required(),
	}
}

// Indexes of the Customer.
func (Customer) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("dealer_location_id", "dms_nr"),
		index.Fields("dealer_location_id", "dms_key").Unique(),
	}
}
