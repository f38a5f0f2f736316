package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// CustomerCommunication is the spec's CustomerCommunication Model: the one online
// conversation (check-in, diagnose overview, repair overview) of an appointment.
//
// The communication keys are never stored: the app derives each key with an HMAC of
// a server secret and the salt, and stores only the salt and a hash of the key (the
// unique hash is what a key lookup matches). The spec's UserKey (deprecated) and
// IsReceptionist (per request) are not stored.
type CustomerCommunication struct {
	ent.Schema
}

// Mixin of the CustomerCommunication.
func (CustomerCommunication) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CustomerCommunication.
func (CustomerCommunication) Fields() []ent.Field {
	return []ent.Field{
		field.Int("appointment_id"),
		field.Int("dealer_location_id"),
		// The location's CommunicationSetting as it was when a message of
		// this communication was last sent (JSON of the ent model; ours, not
		// the spec's): the customer page shows what was sent, so a later
		// settings change applies to communications sent afterwards only.
		field.Text("settings_snapshot").Optional(),
		optTime("settings_snapshot_at"),
		optID("customer_id"),
		optID("car_id"),
		// Receptionist who last interacted with the communication.
		optID("receptionist_id"),
		field.Int("status").GoType(enums.CommunicationStatus(0)).Default(int(enums.CommunicationStatusCheckInSent)),
		// Version of the online check-in at creation time.
		field.Int("version").Default(1),
		str("correct_phone"),
		str("correct_email"),
		text("note"),
		str("customer_name"),
		field.Int("preferred_communication_channel").GoType(enums.CommunicationChannelID(0)).Optional().Nillable(),
		flag("drop_in_acses_locker"),
		field.String("customer_key_hash").NotEmpty().Unique().Sensitive(),
		field.String("customer_key_salt").NotEmpty().Sensitive(),
		field.String("receptionist_key_hash").NotEmpty().Unique().Sensitive(),
		field.String("receptionist_key_salt").NotEmpty().Sensitive(),
		// The read model's precomputed answer of /v1/communication/read (the
		// API's CommunicationDocument as JSON, without the per-reader fields):
		// NULL when stale. internal/readdoc's hook clears it and bumps
		// document_version in the same statement sequence (and transaction)
		// as every change it depends on; the API rebuilds it on the next read
		// and stores it only if document_version did not move meanwhile.
		field.Bytes("document").Optional().Nillable().Sensitive(),
		field.Int("document_version").Default(0),
	}
}

// Edges of the CustomerCommunication.
func (CustomerCommunication) Edges() []ent.Edge {
	cascade := entsql.OnDelete(entsql.Cascade)
	return []ent.Edge{
		edge.From("appointment", Appointment.Type).
			Ref("communication").
			Field("appointment_id").
			Unique().
			Required(),
		edge.To("events", CommunicationEvent.Type).Annotations(cascade),
		edge.To("check_in_results", CheckInResult.Type).Annotations(cascade),
		edge.To("check_in_remarks", CheckInRemark.Type).Annotations(cascade),
		edge.To("results", CommunicationResult.Type).Annotations(cascade),
		edge.To("diagnose_overview_remarks", DiagnoseOverviewRemark.Type).Annotations(cascade),
		edge.To("agreements", CustomerCommunicationAgreement.Type).Annotations(cascade),
		edge.To("interventions", CustomerCommunicationIntervention.Type).Annotations(cascade),
		edge.To("uploaded_files", UploadedFile.Type).Annotations(cascade),
	}
}

// Indexes of the CustomerCommunication.
func (CustomerCommunication) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("dealer_location_id", "status"),
	}
}
