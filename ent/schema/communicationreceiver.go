package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Delivery states of a CommunicationReceiver (ours, not the spec's).
const (
	deliveryQueued   = "queued"   // recorded, not yet handed to the provider
	deliverySending  = "sending"  // a send attempt is under way
	deliveryAccepted = "accepted" // the provider accepted it (status then follows provider callbacks)
	deliveryFailed   = "failed"   // given up (reason says why)
)

// CommunicationReceiver is the spec's CommunicationReceiver Model: one destination
// (an email address, a phone number, a webhook) of a communication event, of a
// key-locker PIN or of a desk check-in confirmation, and the state of the send to it.
type CommunicationReceiver struct {
	ent.Schema
}

// Mixin of the CommunicationReceiver.
func (CommunicationReceiver) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CommunicationReceiver.
func (CommunicationReceiver) Fields() []ent.Field {
	return []ent.Field{
		// Set for a customer-communication send; unset for a key-locker PIN.
		optID("communication_event_id"),
		// Set for a key-locker PIN send.
		optID("key_locker_communication_event_id"),
		// Set for a desk check-in confirmation.
		optID("desk_communication_event_id"),
		// Set for a reminder or an aftersales message (ours, issue #25):
		// answer_reminder, key_pickup_reminder, car_ready, feedback_invitation,
		// sent for the appointment's communication.
		field.String("reminder_kind").Optional().Nillable(),
		// Set for a receptionist's answer in the appointment's thread
		// (ours, issue #25): the AppointmentMessage it delivers.
		optID("appointment_message_id"),
		// The sender number an SMS went out with (ours, issue #25): the
		// conversation's, so a reply finds the appointment.
		str("sms_sender"),
		field.Int("appointment_id"),
		field.Int("communication_channel_id").GoType(enums.CommunicationChannelID(0)),
		str("destination"),
		field.Int("status").GoType(enums.CommunicationReceiverStatus(0)).Default(int(enums.CommunicationReceiverStatusSent)),
		text("reason"),
		field.Int("sms_gateway_id").GoType(enums.SMSGateway(0)).Optional(),
		str("twilio_message_sid"),
		str("mailgun_message_id"),
		str("webhook_id"),
		// The exactly-once key of the send: a retried send finds its row by it.
		field.String("idempotency_key").NotEmpty().Unique(),
		// Our delivery state machine: "queued", "sending", "accepted", "failed".
		field.String("delivery_state").
			Default(deliveryQueued).
			Validate(oneOf(deliveryQueued, deliverySending, deliveryAccepted, deliveryFailed)),
		num("attempts"),
	}
}

// Edges of the CommunicationReceiver.
func (CommunicationReceiver) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("communication_event", CommunicationEvent.Type).
			Ref("receivers").
			Field("communication_event_id").
			Unique(),
		edge.From("key_locker_communication_event", KeyLockerCommunicationEvent.Type).
			Ref("receivers").
			Field("key_locker_communication_event_id").
			Unique(),
		edge.From("desk_communication_event", DeskCommunicationEvent.Type).
			Ref("receivers").
			Field("desk_communication_event_id").
			Unique(),
	}
}

// Indexes of the CommunicationReceiver.
func (CommunicationReceiver) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("communication_event_id"),
		index.Fields("appointment_id"),
		// Provider callbacks find the receiver by the provider's message id.
		index.Fields("twilio_message_sid"),
		index.Fields("mailgun_message_id"),
		index.Fields("delivery_state"),
	}
}
