package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Checklist is the spec's Checklist Model as a versioned template: the
// questions a mechanic walks on a car, for a dealer (every location) or one
// of its locations. Like CommunicationAgreement, an edit is a new row whose
// parent_id is the version it replaces (which is marked deleted) and whose
// questions are copied: a Check keeps pointing at the version it used, so a
// check already done never changes. root_id names the first version, so
// every version of one checklist shares it.
type Checklist struct {
	ent.Schema
}

// Mixin of the Checklist.
func (Checklist) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Checklist.
func (Checklist) Fields() []ent.Field {
	return []ent.Field{
		field.Int("dealer_id"),
		// 0: every location of the dealer.
		num("dealer_location_id"),
		str("name"),
		field.Int("checklist_type").GoType(enums.ChecklistType(0)).Default(int(enums.ChecklistTypeRegular)),
		field.Bool("active").Default(true),
		num("display_order"),
		field.Int("parent_id").Optional(),
		// root_id: the first version's ID (its own for version 1).
		num("root_id"),
		field.Int("version").Default(1),
		flag("deleted"),
		// Which QuestionResultStatus values make a result customer-facing
		// (become a CommunicationResult): by default advised and necessary.
		field.JSON("customer_statuses", []int{}).Optional(),
	}
}

// Edges of the Checklist.
func (Checklist) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("questions", ChecklistQuestion.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the Checklist.
func (Checklist) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("dealer_id", "deleted"),
		index.Fields("root_id"),
	}
}

// ChecklistQuestion is the spec's Question Model inside one checklist
// version, with its QuestionGroup flattened in (group_name, group_order) and
// its QuestionOptions as names. Rows never change: an edit of the checklist
// copies them into the new version.
type ChecklistQuestion struct {
	ent.Schema
}

// Mixin of the ChecklistQuestion.
func (ChecklistQuestion) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the ChecklistQuestion.
func (ChecklistQuestion) Fields() []ent.Field {
	return []ent.Field{
		field.Int("checklist_id"),
		str("group_name"),
		num("group_order"),
		num("question_order"),
		str("title"),
		// The price and labour (minutes) a result starts with.
		money("default_price"),
		num("default_labour_minutes"),
		field.Int("default_status").GoType(enums.QuestionResultStatus(0)).Default(int(enums.QuestionResultStatusOK)),
		// A tyre question is answered once per TyrePosition, with a profile.
		flag("contains_tyre_element"),
		field.JSON("options", []string{}).Optional(),
	}
}

// Edges of the ChecklistQuestion.
func (ChecklistQuestion) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("checklist", Checklist.Type).Ref("questions").Field("checklist_id").Unique().Required(),
	}
}

// Indexes of the ChecklistQuestion.
func (ChecklistQuestion) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("checklist_id", "group_order", "question_order"),
	}
}
