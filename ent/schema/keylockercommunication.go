package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keylocker/seal"
)

// KeyLockerCommunication is the spec's KeyLockerCommunication Model: the key-locker
// check-in of an appointment (the PIN sent to the customer and what followed).
type KeyLockerCommunication struct {
	ent.Schema
}

// Mixin of the KeyLockerCommunication.
func (KeyLockerCommunication) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the KeyLockerCommunication.
func (KeyLockerCommunication) Fields() []ent.Field {
	return []ent.Field{
		field.Int("appointment_id"),
		field.Int("dealer_location_id"),
		field.Int("customer_id").Optional(),
		field.Int("car_id").Optional(),
		field.Int("status").GoType(enums.KeyLockerCommunicationStatus(0)).Default(int(enums.KeyLockerCommunicationStatusDropPINSent)),
		// Sealed (AES-GCM, internal/keylocker/seal): sent again, looked up by value.
		field.String("pin").Default("").Sensitive().ValueScanner(seal.Sealed{Purpose: seal.PurposeKeyLockerPIN}),
		optTime("pin_expire_on"),
		// Idempotency key of a PIN issued on request at the locker (one per
		// request, so a retried activity finds its PIN instead of a second).
		field.String("request_key").Optional().Nillable().Unique().Sensitive(), // internal: never in an API answer
		// The spec's Agreements: the agreement versions (CommunicationAgreement
		// IDs) the customer accepted at the locker's screen, with the PIN
		// request or the answer. IDs, not an edge: one agreement version is
		// accepted by many customers.
		field.JSON("accepted_agreement_ids", []int{}).Optional(),
	}
}

// Edges of the KeyLockerCommunication.
func (KeyLockerCommunication) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("appointment", Appointment.Type).
			Ref("key_locker_communications").
			Field("appointment_id").
			Unique().
			Required(),
		edge.To("events", KeyLockerCommunicationEvent.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
		// The spec's AgreedInterventions and Remark.
		edge.To("agreed_interventions", KeyLockerAgreedIntervention.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("remark", KeyLockerRemark.Type).Unique().
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the KeyLockerCommunication.
func (KeyLockerCommunication) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("appointment_id"),
	}
}
