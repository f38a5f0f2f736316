package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// CustomerDataKey is one customer's data key for their workflow payloads
// (ours, issue #26; internal/custkeys): a random AES-256 key wrapped by a
// payload master key (PITSTOP_PAYLOAD_KEYS); or one contact address's
// (subject, set instead of customer_id: a keyed hash of a phone number or
// e-mail address, internal/keys.ContactSubject) for the workflows that hold
// a message from that address. Erasing the customer deletes
// the wrapped key and sets erased_at, in the erasure's transaction: every
// payload sealed with it can then no longer be read (crypto-shredding).
type CustomerDataKey struct {
	ent.Schema
}

// Fields of the CustomerDataKey.
func (CustomerDataKey) Fields() []ent.Field {
	return []ent.Field{
		// One of customer_id and subject is set.
		field.Int("customer_id").Optional().Unique().Immutable(),
		// subject is the contact's keyed hash (no number or address in
		// clear); cleared when its key is erased, so a later message from
		// the same address gets a new key.
		field.String("subject").Optional().Nillable().Unique().MaxLen(64),
		// key_id is opaque (random), so a payload's metadata names nobody.
		field.String("key_id").Unique().Immutable().MaxLen(64),
		// The master key that wraps wrapped_key; rotation re-wraps.
		field.String("master_key_id").MaxLen(64),
		// nonce || AES-256-GCM(master, data key); nil once erased.
		field.Bytes("wrapped_key").Optional().Nillable(),
		field.Time("created_at").Immutable(),
		field.Time("erased_at").Optional().Nillable(),
	}
}
