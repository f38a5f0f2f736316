package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Directions of a WebhookHistory row.
const (
	webhookIn  = "in"  // an ACSES event we received
	webhookOut = "out" // a dealer webhook we sent
	// an inbound delivery that failed authentication (each attempt kept;
	// apart from "in" so a forged tablekey never blocks the real event)
	webhookRejected = "rejected"
)

// WebhookHistory is the ACSES spec's WebhookHistory Model, widened to both
// directions: every ACSES event received ("in") and every attempt at a dealer webhook
// we send ("out"). (direction, webhook_event_id, attempt) is unique: a redelivered
// inbound event (attempt 1 again) is a duplicate, and each outbound retry is its own
// row.
type WebhookHistory struct {
	ent.Schema
}

// Mixin of the WebhookHistory.
func (WebhookHistory) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the WebhookHistory.
func (WebhookHistory) Fields() []ent.Field {
	return []ent.Field{
		field.String("webhook_event_id").NotEmpty(),
		// "in" or "out".
		field.String("direction").Validate(oneOf(webhookIn, webhookOut, webhookRejected)),
		field.Int("dealer_location_id"),
		field.String("target_url").Optional(),
		text("sent_content"),
		str("response_status"),
		text("response_content"),
		field.Time("sent_date"),
		field.Int("attempt").Default(1),
	}
}

// Indexes of the WebhookHistory.
func (WebhookHistory) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("direction", "webhook_event_id", "attempt").Unique(),
		index.Fields("dealer_location_id", "sent_date"),
	}
}
