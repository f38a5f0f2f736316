package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CommunicationAgreement is the spec's CommunicationAgreement Model, as a definition:
// a text a dealer asks customers to agree to, and in which flows it is shown and
// whether it is optional there. An edited agreement is a new row whose parent_id is
// the old one (the old one is marked deleted), so what a customer agreed to stays
// as it was.
//
// The spec's answer fields (Accepted, CustomerCommunicationID, CommunicationEventID,
// ...) live in CustomerCommunicationAgreement.
type CommunicationAgreement struct {
	ent.Schema
}

// Mixin of the CommunicationAgreement.
func (CommunicationAgreement) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CommunicationAgreement.
func (CommunicationAgreement) Fields() []ent.Field {
	return []ent.Field{
		field.Int("dealer_id"),
		str("name"),
		text("text"),
		field.Int("parent_id").Optional(),
		// Version counts the edits: 1 for a new agreement, parent's + 1 for an
		// edit (ours, not the spec's). Deleted marks both a retired agreement
		// and a superseded version; retired says which.
		field.Int("version").Default(1),
		flag("retired"),
		flag("deleted"),
		flag("optional_online_check_in"),
		flag("optional_kiosk_check_in"),
		flag("optional_key_locker_check_in"),
		flag("optional_desk_check_in"),
		flag("optional_desk_check_out"),
		flag("optional_customcom"),
		flag("visible_online_check_in"),
		flag("visible_kiosk_check_in"),
		flag("visible_key_locker_check_in"),
		flag("visible_desk_check_in"),
		flag("visible_desk_check_out"),
		flag("visible_customcom"),
	}
}

// Edges of the CommunicationAgreement.
func (CommunicationAgreement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("dealer", Dealer.Type).
			Ref("agreements").
			Field("dealer_id").
			Unique().
			Required(),
	}
}

// Indexes of the CommunicationAgreement.
func (CommunicationAgreement) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("dealer_id", "deleted"),
	}
}
