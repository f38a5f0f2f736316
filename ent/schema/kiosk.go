package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// KioskCommunication is the spec's KioskCommunication Model: a customer's
// check-in at a self-service kiosk in the showroom (issue #23). It is
// written by internal/kioskcheckin on the kiosk's requests.
type KioskCommunication struct {
	ent.Schema
}

// Mixin of the KioskCommunication.
func (KioskCommunication) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the KioskCommunication.
func (KioskCommunication) Fields() []ent.Field {
	return []ent.Field{
		field.Int("appointment_id"),
		field.Int("status").GoType(enums.KioskCommunicationStatus(0)).Default(int(enums.KioskCommunicationStatusOpened)),
		optID("customer_id"),
		optID("car_id"),
		field.Int("dealer_location_id"),
		// The kiosk account (a user with RoleID 120) it was opened on.
		field.Int("kiosk_user_id"),
		// The agreement versions (CommunicationAgreement IDs) shown when it
		// was opened, and those the customer accepted (the spec's Agreements).
		field.JSON("presented_agreement_ids", []int{}).Optional(),
		field.JSON("accepted_agreement_ids", []int{}).Optional(),
	}
}

// Edges of the KioskCommunication.
func (KioskCommunication) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("appointment", Appointment.Type).Ref("kiosk_communications").
			Field("appointment_id").Unique().Required(),
		edge.To("events", KioskCommunicationEvent.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("agreed_interventions", KioskAgreedIntervention.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("remark", KioskRemark.Type).Unique().Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the KioskCommunication.
func (KioskCommunication) Indexes() []ent.Index {
	return []ent.Index{index.Fields("appointment_id"), index.Fields("dealer_location_id", "status")}
}

// KioskCommunicationEvent is the spec's KioskCommunicationEvent Model.
type KioskCommunicationEvent struct {
	ent.Schema
}

// Mixin of the KioskCommunicationEvent.
func (KioskCommunicationEvent) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the KioskCommunicationEvent.
func (KioskCommunicationEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("kiosk_communication_id"),
		field.Int("type").GoType(enums.KioskCommunicationEventType(0)),
		str("correct_phone"),
		str("customer_name"),
		// The customer's signature (a PNG checked by internal/kioskcheckin,
		// at most kioskcheckin.MaxSignatureBytes). Kept on the event rather
		// than in internal/files, whose files belong to a customer
		// communication that a kiosk check-in may not have.
		field.Bytes("customer_signature").Optional().Sensitive(),
		str("kiosk_name"),
		field.Int("kiosk_label_number").Optional().Nillable(),
		optID("user_id"),
	}
}

// Edges of the KioskCommunicationEvent.
func (KioskCommunicationEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("kiosk_communication", KioskCommunication.Type).Ref("events").
			Field("kiosk_communication_id").Unique().Required(),
	}
}

// KioskAgreedIntervention is the spec's KioskAgreedIntervention Model: an
// intervention offered on the kiosk that the customer agreed to.
type KioskAgreedIntervention struct {
	ent.Schema
}

// Mixin of the KioskAgreedIntervention.
func (KioskAgreedIntervention) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the KioskAgreedIntervention.
func (KioskAgreedIntervention) Fields() []ent.Field {
	return []ent.Field{
		field.Int("kiosk_communication_id"),
		// The intervention it copies (title and price as shown then).
		optID("intervention_id"),
		str("title"),
		text("description"),
		money("price"),
		money("vat"),
	}
}

// Edges of the KioskAgreedIntervention.
func (KioskAgreedIntervention) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("kiosk_communication", KioskCommunication.Type).Ref("agreed_interventions").
			Field("kiosk_communication_id").Unique().Required(),
	}
}

// Indexes of the KioskAgreedIntervention.
func (KioskAgreedIntervention) Indexes() []ent.Index {
	return []ent.Index{index.Fields("kiosk_communication_id")}
}

// KioskRemark is the spec's KioskRemark Model.
type KioskRemark struct {
	ent.Schema
}

// Mixin of the KioskRemark.
func (KioskRemark) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the KioskRemark.
func (KioskRemark) Fields() []ent.Field {
	return []ent.Field{
		field.Int("kiosk_communication_id").Unique(),
		field.Int("appointment_id"),
		text("description"),
		flag("receptionist_handled"),
		field.Bool("visible_in_dashboard").Default(true),
		flag("visible_to_mechanic"),
	}
}

// Edges of the KioskRemark.
func (KioskRemark) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("kiosk_communication", KioskCommunication.Type).Ref("remark").
			Field("kiosk_communication_id").Unique().Required(),
	}
}

// Indexes of the KioskRemark.
func (KioskRemark) Indexes() []ent.Index {
	return []ent.Index{index.Fields("appointment_id")}
}

// KioskLabel is the spec's KioskLabel Model: a numbered label the customer
// attaches to the key. One row per number of a location; it is attached
// (appointment_id and kiosk_communication_id set) from the kiosk answer
// until a receptionist detaches it, then free for the next customer. The
// unique (dealer_location_id, number) index makes two attachments of one
// number impossible.
type KioskLabel struct {
	ent.Schema
}

// Mixin of the KioskLabel.
func (KioskLabel) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the KioskLabel.
func (KioskLabel) Fields() []ent.Field {
	return []ent.Field{
		field.Int("dealer_location_id"),
		field.Int("number"),
		optID("appointment_id"),
		optID("kiosk_communication_id"),
		// The kiosk (its account's user ID) that handed the label out last.
		optID("kiosk_id"),
	}
}

// Indexes of the KioskLabel.
func (KioskLabel) Indexes() []ent.Index {
	return []ent.Index{index.Fields("dealer_location_id", "number").Unique(), index.Fields("kiosk_communication_id")}
}
