package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Kinds of CommunicationResult.
const (
	resultDiagnose = "diagnose" // sent in the diagnose overview
	resultRepair   = "repair"   // sent in the repair overview
)

// CommunicationResult is the spec's CommunicationResult Model: a check result (a
// question answered by the mechanic) as sent to the customer in a diagnose or repair
// overview, with the customer's answer. The spec splits them in DiagnoseOverviewResults
// and RepairOverviewResults; kind says which.
type CommunicationResult struct {
	ent.Schema
}

// Mixin of the CommunicationResult.
func (CommunicationResult) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CommunicationResult.
func (CommunicationResult) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_communication_id"),
		field.Int("appointment_id"),
		// "diagnose" or "repair".
		field.String("kind").Validate(oneOf(resultDiagnose, resultRepair)),
		field.Int("question_result_id").Optional(),
		// The spec's CheckID: the check whose result this is (0 for none).
		field.Int("check_id").Optional(),
		field.JSON("question_options", []string{}).Optional(),
		field.Int("tyre_position").GoType(enums.TyrePosition(0)).Default(int(enums.TyrePositionNone)),
		money("tyre_profile"),
		field.Int("status").GoType(enums.CommunicationResultStatus(0)).Default(int(enums.CommunicationResultStatusUnanswered)),
		field.Int("checklist_type").GoType(enums.ChecklistType(0)).Optional(),
		str("checklist_name"),
		num("checklist_order"),
		str("group_name"),
		num("group_order"),
		num("question_order"),
		str("title"),
		money("price"),
		money("vat"),
		flag("mechanic_fixed"),
		text("mechanic_notes"),
		field.Int("question_status").GoType(enums.QuestionResultStatus(0)).Default(int(enums.QuestionResultStatusOK)),
		flag("customer_approved"),
	}
}

// Edges of the CommunicationResult.
func (CommunicationResult) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("communication", CustomerCommunication.Type).
			Ref("results").
			Field("customer_communication_id").
			Unique().
			Required(),
	}
}

// Indexes of the CommunicationResult.
func (CommunicationResult) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_communication_id", "kind"),
		// A result is sent once per overview kind (NULLs, the interventions' rows, never clash).
		index.Fields("customer_communication_id", "kind", "question_result_id").Unique(),
	}
}
