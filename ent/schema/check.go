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

// Check is the spec's Check Model: one run of a checklist version on an
// appointment by a mechanic, who owns it until it is finished. Written only
// by activities/inspection (through the appointment's workflow).
type Check struct {
	ent.Schema
}

// Mixin of the Check.
func (Check) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Check.
func (Check) Fields() []ent.Field {
	return []ent.Field{
		field.Int("appointment_id"),
		field.Int("dealer_location_id"),
		field.Int("checklist_id"),
		field.Int("checklist_type").GoType(enums.ChecklistType(0)).Default(int(enums.ChecklistTypeRegular)),
		field.Int("mechanic_id"),
		// start_key is the workflow update's ID: a retried start finds its row.
		field.String("start_key").Unique(),
		field.Time("started_at"),
		optTime("finished_at"),
		// Duration in seconds, set when finished.
		num("duration"),
	}
}

// Edges of the Check.
func (Check) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("results", QuestionResult.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the Check.
func (Check) Indexes() []ent.Index {
	return []ent.Index{index.Fields("appointment_id")}
}

// QuestionResult is the spec's QuestionResult Model: a mechanic's answer
// to one question (per tyre position for a tyre question). A later answer
// to the same question and position replaces it while the check is open;
// answer_key is the last answer's ID, so a phone's retry changes nothing.
type QuestionResult struct {
	ent.Schema
}

// Mixin of the QuestionResult.
func (QuestionResult) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the QuestionResult.
func (QuestionResult) Fields() []ent.Field {
	return []ent.Field{
		field.Int("check_id"),
		field.Int("question_id"),
		field.Int("appointment_id"),
		str("answer_key"),
		field.Int("status").GoType(enums.QuestionResultStatus(0)).Default(int(enums.QuestionResultStatusOK)),
		str("title"),
		str("group_name"),
		num("group_order"),
		num("question_order"),
		flag("completed"),
		text("mechanic_notes"),
		flag("mechanic_fixed"),
		money("price"),
		num("labour_minutes"),
		field.JSON("options", []string{}).Optional(),
		field.Int("tyre_position").GoType(enums.TyrePosition(0)).Default(int(enums.TyrePositionNone)),
		money("tyre_profile"),
	}
}

// Edges of the QuestionResult.
func (QuestionResult) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("check", Check.Type).Ref("results").Field("check_id").Unique().Required(),
		edge.To("images", QuestionResultImage.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("videos", QuestionResultVideo.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the QuestionResult.
func (QuestionResult) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("check_id", "question_id", "tyre_position").Unique(),
	}
}

// QuestionResultImage is the spec's QuestionResultImage Model: a photo of a
// result, its bytes an UploadedFile of the appointment's communication
// (stored in chunks by internal/files, like a customer's upload).
type QuestionResultImage struct {
	ent.Schema
}

// Mixin of the QuestionResultImage.
func (QuestionResultImage) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the QuestionResultImage.
func (QuestionResultImage) Fields() []ent.Field {
	return []ent.Field{
		field.Int("question_result_id"),
		field.UUID("uploaded_file_id", uuid.UUID{}),
		// upload_key: the phone's ID of the photo, so a retried upload is stored once.
		field.String("upload_key"),
		field.Bool("active").Default(true),
		field.Bool("visible_in_pdf").Default(true),
		field.Int("tyre_position").GoType(enums.TyrePosition(0)).Default(int(enums.TyrePositionNone)),
	}
}

// Edges of the QuestionResultImage.
func (QuestionResultImage) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("question_result", QuestionResult.Type).Ref("images").Field("question_result_id").Unique().Required(),
	}
}

// Indexes of the QuestionResultImage.
func (QuestionResultImage) Indexes() []ent.Index {
	return []ent.Index{index.Fields("question_result_id", "upload_key").Unique()}
}

// QuestionResultVideo is the spec's QuestionResultVideo Model: a short
// video of a result, its bytes an UploadedFile of the appointment's
// communication (stored in chunks by internal/files, like a photo). The
// spec's URL is the file's attachment URL, signed when read; its
// IsFinalCheck and InterventionIndex belong to final-check videos, which a
// mechanic's check does not take (served false and 0).
type QuestionResultVideo struct {
	ent.Schema
}

// Mixin of the QuestionResultVideo.
func (QuestionResultVideo) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the QuestionResultVideo.
func (QuestionResultVideo) Fields() []ent.Field {
	return []ent.Field{
		field.Int("question_result_id"),
		// check_id (the result's) lets the per-check byte cap be summed without a join.
		field.Int("check_id"),
		field.UUID("uploaded_file_id", uuid.UUID{}),
		// size is the file's, kept here for the per-check byte cap.
		field.Int64("size"),
		// upload_key: the phone's ID of the video, so a retried upload is stored once.
		field.String("upload_key"),
		field.Bool("active").Default(true),
		field.Bool("visible").Default(true),
	}
}

// Edges of the QuestionResultVideo.
func (QuestionResultVideo) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("question_result", QuestionResult.Type).Ref("videos").Field("question_result_id").Unique().Required(),
	}
}

// Indexes of the QuestionResultVideo.
func (QuestionResultVideo) Indexes() []ent.Index {
	return []ent.Index{index.Fields("question_result_id", "upload_key").Unique(), index.Fields("check_id")}
}
