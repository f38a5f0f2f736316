package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// RemoteDiagTicket is one remote-diagnose ticket ordered for an appointment's
// car from the remote-diagnose provider (spec 003), as our ticket workflow
// (`ticket-<request_id>`) records it. request_id is our idempotency key: the
// workflow writes the row before it asks the provider for a ticket, so a
// retried creation finds it (and the provider's ticket id once known)
// instead of ordering a second ticket.
type RemoteDiagTicket struct {
	ent.Schema
}

// Mixin of the RemoteDiagTicket.
func (RemoteDiagTicket) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the RemoteDiagTicket.
func (RemoteDiagTicket) Fields() []ent.Field {
	return []ent.Field{
		field.String("request_id").NotEmpty().Immutable().Unique(),
		field.Int("appointment_id"),
		field.Int("dealer_location_id"),
		field.Int64("connector_id"),
		str("vin"),
		field.Int64("vehicle_model_id").Default(0),
		field.Int64("vehicle_model_variant_id").Default(0),
		field.JSON("product_ids", []int64{}).Optional(),
		str("voucher"),
		// reference sent to the provider: lets a retry recognise its own
		// ticket among the connector's finished tickets.
		str("reference"),
		// status is ours (see activities/ticket.Status); provider_state the
		// provider's numeric ticket state.
		str("status"),
		num("provider_state"),
		text("status_reason"),
		// creating is set just before the provider is asked for a ticket: a
		// retry that finds it set looks at the connector before ordering again.
		flag("creating"),
		field.Int64("provider_ticket_id").Optional().Nillable(),
		field.JSON("notes", []TicketNote{}).Optional(),
		money("total_net"),
		money("total_gross"),
		str("currency"),
		optID("intervention_id"),
		// result_dismissed: the receptionist decided not to show the
		// result to the customer; it no longer raises the appointment's
		// remote_diagnosis_to_handle flag.
		flag("result_dismissed"),
		field.Float("csat_score").Optional().Nillable(),
		text("csat_comment"),
		optTime("finished_at"),
	}
}

// TicketNote is a provider's note on a ticket with its attachments, kept
// as the provider sent them.
type TicketNote struct {
	ID          string             `json:"id"`
	Value       string             `json:"value"`
	CreatedAt   string             `json:"created_at"`
	Attachments []TicketAttachment `json:"attachments"`
}

// TicketAttachment is a note's attachment (a file reference at the
// provider). State says what the provider's channel-attachment operation
// answered for it when the result was stored: "available", "missing" (not
// found on its channel), or empty (not asked: stored before it was, or a
// reference that names no channel).
type TicketAttachment struct {
	FileName      string `json:"file_name"`
	FileReference string `json:"file_reference"`
	Channel       string `json:"channel,omitempty"`
	State         string `json:"state,omitempty"`
}

// Edges of the RemoteDiagTicket.
func (RemoteDiagTicket) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("appointment", Appointment.Type).Field("appointment_id").Unique().Required(),
	}
}

// Indexes of the RemoteDiagTicket.
func (RemoteDiagTicket) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("appointment_id"),
		// One running ticket per connector (the provider refuses a second
		// pending one): a second order is refused by the database too.
		index.Fields("connector_id").Unique().
			Annotations(entsql.IndexWhere("status IN ('requested', 'waiting', 'pending', 'in_progress')")),
		index.Fields("vin"),
		index.Fields("provider_ticket_id"),
	}
}
