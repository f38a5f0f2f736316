package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Conversation ties what a customer replies to back to one appointment
// (ours, issue #25): for SMS the pair (customer number, our sender number)
// the appointment's messages went out with, for e-mail the unguessable
// token of the Reply-To address reply+<token>@<mail domain>. Written when
// the first message of a channel goes out (activities/notify).
type Conversation struct {
	ent.Schema
}

// Mixin of the Conversation.
func (Conversation) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Conversation.
func (Conversation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("appointment_id").Immutable(),
		field.Int("communication_channel_id").GoType(enums.CommunicationChannelID(0)).Immutable(),
		field.String("customer_address").NotEmpty().Immutable(),
		// SMS: our sender number; e-mail: the reply token.
		field.String("our_address").NotEmpty().Immutable(),
	}
}

// Indexes of the Conversation.
func (Conversation) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("appointment_id", "communication_channel_id", "customer_address").Unique(),
		index.Fields("communication_channel_id", "customer_address", "our_address"),
		index.Fields("communication_channel_id", "our_address"),
	}
}
