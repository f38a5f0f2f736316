package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Dealer is the spec's Dealer Model: a dealer company owning one or more locations.
type Dealer struct {
	ent.Schema
}

// Mixin of the Dealer.
func (Dealer) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Dealer.
func (Dealer) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty(),
		str("country_code"),
		field.Bool("active").Default(true),
		str("domain_name"),
		str("website_url"),
		str("phone_nr"),
		str("street"),
		str("city"),
		str("region"),
		str("postal_code"),
		flag("enable_car_ready"),
		num("customer_data_retention_in_years"),
		// How many months a closed (completed or cancelled) appointment keeps
		// its personal data before the nightly retention run anonymises it
		// (extension, issue #26; bounds in internal/onboard).
		field.Int("personal_data_retention_months").Default(24),
		// Which SMS service the dealer uses; 0 (unset) means the server's default.
		field.Int("sms_gateway_id").GoType(enums.SMSGateway(0)).Optional(),
		str("twilio_phone_number"),
	}
}

// Edges of the Dealer.
func (Dealer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("locations", DealerLocation.Type),
		edge.To("agreements", CommunicationAgreement.Type),
		edge.To("users", User.Type),
	}
}
