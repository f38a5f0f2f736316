package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// KeyLockerRemark is the spec's KeyLockerRemark Model: the remark a customer
// wrote at the dealer's key locker.
type KeyLockerRemark struct {
	ent.Schema
}

// Mixin of the KeyLockerRemark.
func (KeyLockerRemark) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the KeyLockerRemark.
func (KeyLockerRemark) Fields() []ent.Field {
	return []ent.Field{
		field.Int("key_locker_communication_id").Unique(), // one remark per communication (the spec's Remark)
		field.Int("appointment_id"),
		text("description"),
		str("customer_name"),
		flag("receptionist_handled"),
		flag("visible_to_mechanic"),
	}
}

// Edges of the KeyLockerRemark.
func (KeyLockerRemark) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("key_locker_communication", KeyLockerCommunication.Type).
			Ref("remark").
			Field("key_locker_communication_id").
			Unique().
			Required(),
	}
}

// Indexes of the KeyLockerRemark.
func (KeyLockerRemark) Indexes() []ent.Index {
	return []ent.Index{index.Fields("appointment_id")}
}
