package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// DeskCommunication is the spec's DeskCommunication Model: a check-in (or
// check-out) shown on the counter tablet to a customer at the desk.
type DeskCommunication struct {
	ent.Schema
}

// Mixin of the DeskCommunication.
func (DeskCommunication) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the DeskCommunication.
func (DeskCommunication) Fields() []ent.Field {
	return []ent.Field{
		field.Int("appointment_id"),
		field.Int("status").GoType(enums.DeskCommunicationStatus(0)).Default(int(enums.DeskCommunicationStatusSent)),
		flag("is_checking_out"),
		optID("customer_id"),
		optID("car_id"),
		field.Int("dealer_location_id"),
		optID("receptionist_id"),
		// The counter tablet (a user with role 100) the check-in was sent to.
		field.Int("tablet_user_id"),
		str("customer_name"),
		text("customer_signature"),
		// The agreement versions (CommunicationAgreement IDs) shown on the
		// tablet, fixed when the desk check-in (or check-out) is sent, and
		// those the customer accepted: a later edit of an agreement never
		// changes what was agreed.
		field.JSON("presented_agreement_ids", []int{}).Optional(),
		field.JSON("accepted_agreement_ids", []int{}).Optional(),
		// The customer's decision per check result shown (the spec's
		// Results with their CommunicationResultStatus), fixed by the answer.
		field.JSON("result_decisions", []DeskResultDecision{}).Optional(),
		// The phone number (E.164) and e-mail address the customer corrected
		// at the desk; empty when not corrected.
		str("correct_phone"),
		str("correct_email"),
	}
}

// DeskResultDecision is the customer's answer at the desk to one check
// result (a CommunicationResult of the appointment).
type DeskResultDecision struct {
	ResultID int                             `json:"result_id"`
	Status   enums.CommunicationResultStatus `json:"status"`
}

// Edges of the DeskCommunication.
func (DeskCommunication) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("appointment", Appointment.Type).Ref("desk_communications").
			Field("appointment_id").Unique().Required(),
		edge.To("events", DeskCommunicationEvent.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("agreed_interventions", DeskAgreedIntervention.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("declined_interventions", DeskDeclinedIntervention.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the DeskCommunication.
func (DeskCommunication) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tablet_user_id", "status"), index.Fields("appointment_id")}
}

// DeskCommunicationEvent is the spec's DeskCommunicationEvent Model.
type DeskCommunicationEvent struct {
	ent.Schema
}

// Mixin of the DeskCommunicationEvent.
func (DeskCommunicationEvent) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the DeskCommunicationEvent.
func (DeskCommunicationEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("desk_communication_id"),
		field.Int("type").GoType(enums.DeskCommunicationEventType(0)),
		str("customer_name"),
		optID("user_id"),
		// The customer's signature (a PNG) with the answer: a file of the
		// appointment's communication (internal/files), served to staff and
		// the tablet by GET /v1/desk_checkin/{desk_id}/signature.
		field.UUID("signature_file_id", uuid.UUID{}).Optional().Nillable(),
	}
}

// Edges of the DeskCommunicationEvent.
func (DeskCommunicationEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("desk_communication", DeskCommunication.Type).Ref("events").
			Field("desk_communication_id").Unique().Required(),
		// The confirmation sent to the customer when they answered.
		edge.To("receivers", CommunicationReceiver.Type),
	}
}

// deskIntervention are the fields of the spec's DeskAgreedIntervention and
// DeskDeclinedIntervention: the intervention as the customer saw it.
func deskIntervention() []ent.Field {
	return []ent.Field{
		field.Int("desk_communication_id"),
		// The appointment's intervention it was copied from.
		field.Int("intervention_id"),
		str("title"),
		text("description"),
		// Price and VAT as shown; 0 where the price was hidden at the desk.
		money("price"),
		money("vat"),
	}
}

// DeskAgreedIntervention is the spec's DeskAgreedIntervention Model: an
// intervention the customer agreed to at the desk.
type DeskAgreedIntervention struct {
	ent.Schema
}

// Mixin of the DeskAgreedIntervention.
func (DeskAgreedIntervention) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the DeskAgreedIntervention.
func (DeskAgreedIntervention) Fields() []ent.Field { return deskIntervention() }

// Edges of the DeskAgreedIntervention.
func (DeskAgreedIntervention) Edges() []ent.Edge {
	return []ent.Edge{edge.From("desk_communication", DeskCommunication.Type).Ref("agreed_interventions").
		Field("desk_communication_id").Unique().Required()}
}

// Indexes of the DeskAgreedIntervention.
func (DeskAgreedIntervention) Indexes() []ent.Index {
	return []ent.Index{index.Fields("desk_communication_id", "intervention_id").Unique()}
}

// DeskDeclinedIntervention is the spec's DeskDeclinedIntervention Model: an
// intervention the customer declined at the desk.
type DeskDeclinedIntervention struct {
	ent.Schema
}

// Mixin of the DeskDeclinedIntervention.
func (DeskDeclinedIntervention) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the DeskDeclinedIntervention.
func (DeskDeclinedIntervention) Fields() []ent.Field { return deskIntervention() }

// Edges of the DeskDeclinedIntervention.
func (DeskDeclinedIntervention) Edges() []ent.Edge {
	return []ent.Edge{edge.From("desk_communication", DeskCommunication.Type).Ref("declined_interventions").
		Field("desk_communication_id").Unique().Required()}
}

// Indexes of the DeskDeclinedIntervention.
func (DeskDeclinedIntervention) Indexes() []ent.Index {
	return []ent.Index{index.Fields("desk_communication_id", "intervention_id").Unique()}
}
