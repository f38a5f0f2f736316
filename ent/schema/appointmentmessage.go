package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// AppointmentMessage is one message of an appointment's thread with its
// customer (ours, issue #25, two-way messages): a reply the customer sent
// by SMS or e-mail, or the receptionist's answer. Written only by the
// conversation activities (activities/notify/conversation.go). A reply
// that matches no conversation is kept with no appointment (unmatched),
// never dropped.
type AppointmentMessage struct {
	ent.Schema
}

// Mixin of the AppointmentMessage.
func (AppointmentMessage) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the AppointmentMessage.
func (AppointmentMessage) Fields() []ent.Field {
	return []ent.Field{
		// Nil: a reply that matched no conversation.
		optID("appointment_id"),
		optID("dealer_location_id"),
		// in: from the customer; out: the receptionist's answer.
		field.String("direction").Immutable().Validate(oneOf("in", "out")),
		field.Int("communication_channel_id").GoType(enums.CommunicationChannelID(0)).Immutable(),
		// Not immutable: an erasure blanks it (internal/custerase).
		field.Text("text"),
		// The provider's id of an inbound message (twilio:<MessageSid>,
		// mailgun:<hash of Message-Id>) or the request's key of an answer:
		// a repeated webhook or request finds its row.
		field.String("provider_id").NotEmpty().Immutable().Unique(),
		// The customer's number or address, and ours (the sender number or
		// the reply token) the message went through.
		str("customer_address"),
		str("our_address"),
		// The closed appointment a reply arrived for (stored without its workflow).
		flag("appointment_closed"),
		// The receiver that delivers an answer (outbound) and who wrote it.
		optID("communication_receiver_id"),
		optID("user_id"),
	}
}

// Indexes of the AppointmentMessage.
func (AppointmentMessage) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("appointment_id", "id"),
		// An erasure finds the threads that still hold an address by it
		// (internal/custerase).
		index.Fields("customer_address"),
	}
}
