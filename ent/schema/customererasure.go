package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CustomerErasure records one erasure of a customer's personal data (ours,
// issue #26; internal/custerase): who asked, when, by what kind of key and
// how many rows of each kind it touched. It holds no personal data: not the
// phone number or e-mail address asked for, only the kind of key and the
// customer rows' IDs (which name nobody once the rows are anonymised).
type CustomerErasure struct {
	ent.Schema
}

// Fields of the CustomerErasure.
func (CustomerErasure) Fields() []ent.Field {
	return []ent.Field{
		field.Int("dealer_id"),
		// The user who asked (nil from the command line, which has no user).
		optID("requested_by_user_id"),
		// How it was asked: "api" or "cli", or "retention" (the nightly run).
		field.String("via").Validate(oneOf("api", "cli", "retention")),
		// The kind of key the customer was found by: "customer_id", "phone" or
		// "email", or "retention" (every appointment past the dealer's retention).
		field.String("found_by").Validate(oneOf("customer_id", "phone", "email", "retention")),
		field.JSON("customer_ids", []int{}),
		// Rows touched per kind (customers, appointments, files, messages, ...).
		field.JSON("touched", map[string]int{}),
		field.Time("erased_at").Immutable(),
	}
}

// Indexes of the CustomerErasure.
func (CustomerErasure) Indexes() []ent.Index {
	return []ent.Index{index.Fields("dealer_id", "erased_at")}
}
