package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// The spec's DiagnoseOverviewAgreedResult, DiagnoseOverviewDeclinedResult and
// DiagnoseOverviewContactResult Models: one check result of a diagnose overview
// as the customer saw it (title, mechanic's notes, price and VAT at that
// moment) when they answered fix (2), do not fix (3) or contact me (4) with
// the v1 answer. Written once, in the answering event's transaction; the
// answering CommunicationEvent owns them (deleted with it).
type (
	// DiagnoseOverviewAgreedResult is a result the customer had fixed.
	DiagnoseOverviewAgreedResult struct{ ent.Schema }
	// DiagnoseOverviewDeclinedResult is a result the customer declined.
	DiagnoseOverviewDeclinedResult struct{ ent.Schema }
	// DiagnoseOverviewContactResult is a result the customer wants to be contacted about.
	DiagnoseOverviewContactResult struct{ ent.Schema }
)

func diagnoseResultFields() []ent.Field {
	return []ent.Field{
		str("title"),
		text("mechanic_notes"),
		money("price"),
		money("vat"),
		field.Int("communication_event_id"),
		field.Int("appointment_id"),
	}
}

func diagnoseResultEdge(ref string) []ent.Edge {
	return []ent.Edge{
		edge.From("communication_event", CommunicationEvent.Type).Ref(ref).
			Field("communication_event_id").Unique().Required(),
	}
}

func diagnoseResultIndexes() []ent.Index {
	return []ent.Index{index.Fields("communication_event_id"), index.Fields("appointment_id")}
}

// Mixin of the DiagnoseOverviewAgreedResult.
func (DiagnoseOverviewAgreedResult) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the DiagnoseOverviewAgreedResult.
func (DiagnoseOverviewAgreedResult) Fields() []ent.Field { return diagnoseResultFields() }

// Edges of the DiagnoseOverviewAgreedResult.
func (DiagnoseOverviewAgreedResult) Edges() []ent.Edge {
	return diagnoseResultEdge("diagnose_overview_agreed_results")
}

// Indexes of the DiagnoseOverviewAgreedResult.
func (DiagnoseOverviewAgreedResult) Indexes() []ent.Index { return diagnoseResultIndexes() }

// Mixin of the DiagnoseOverviewDeclinedResult.
func (DiagnoseOverviewDeclinedResult) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the DiagnoseOverviewDeclinedResult.
func (DiagnoseOverviewDeclinedResult) Fields() []ent.Field { return diagnoseResultFields() }

// Edges of the DiagnoseOverviewDeclinedResult.
func (DiagnoseOverviewDeclinedResult) Edges() []ent.Edge {
	return diagnoseResultEdge("diagnose_overview_declined_results")
}

// Indexes of the DiagnoseOverviewDeclinedResult.
func (DiagnoseOverviewDeclinedResult) Indexes() []ent.Index { return diagnoseResultIndexes() }

// Mixin of the DiagnoseOverviewContactResult.
func (DiagnoseOverviewContactResult) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the DiagnoseOverviewContactResult.
func (DiagnoseOverviewContactResult) Fields() []ent.Field { return diagnoseResultFields() }

// Edges of the DiagnoseOverviewContactResult.
func (DiagnoseOverviewContactResult) Edges() []ent.Edge {
	return diagnoseResultEdge("diagnose_overview_contact_results")
}

// Indexes of the DiagnoseOverviewContactResult.
func (DiagnoseOverviewContactResult) Indexes() []ent.Index { return diagnoseResultIndexes() }
