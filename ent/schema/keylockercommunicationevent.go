package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// KeyLockerCommunicationEvent is the spec's KeyLockerCommunicationEvent Model.
type KeyLockerCommunicationEvent struct {
	ent.Schema
}

// Mixin of the KeyLockerCommunicationEvent.
func (KeyLockerCommunicationEvent) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the KeyLockerCommunicationEvent.
func (KeyLockerCommunicationEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("key_locker_communication_id"),
		field.Int("type").GoType(enums.KeyLockerCommunicationEventType(0)),
		str("correct_phone"),
		str("customer_name"),
		field.Int("pin_request_type").GoType(enums.KeylockerPinRequestType(0)).Optional(),
		field.Int("user_id").Optional(),
		str("key_locker_name"),
		num("key_locker_box_number"),
	}
}

// Edges of the KeyLockerCommunicationEvent.
func (KeyLockerCommunicationEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("key_locker_communication", KeyLockerCommunication.Type).
			Ref("events").
			Field("key_locker_communication_id").
			Unique().
			Required(),
		// The spec's KeyLockerCommunicationReceiver: PIN sends are CommunicationReceivers.
		edge.To("receivers", CommunicationReceiver.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the KeyLockerCommunicationEvent.
func (KeyLockerCommunicationEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("key_locker_communication_id"),
	}
}
