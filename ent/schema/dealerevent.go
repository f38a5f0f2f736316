package schema

import (
	"encoding/json"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// DealerEvent is one row of the dealers' event stream (ours, issue #25;
// internal/dealerevents): the transactional outbox of every appointment
// event a dealer location can receive at its endpoint and replay. The
// activity (or store function) that writes the fact writes this row in the
// same transaction. It holds no personal data in clear: IDs, stage names,
// event kinds and times only.
type DealerEvent struct {
	ent.Schema
}

// Fields of the DealerEvent.
func (DealerEvent) Fields() []ent.Field {
	return []ent.Field{
		// The event's unique ID ("evt_..."), the webhook-id of every
		// delivery attempt: the receiver's dedupe key.
		field.String("event_id").NotEmpty().Immutable().Unique(),
		field.Int("dealer_location_id").Immutable(),
		field.Int("appointment_id").Immutable(),
		// Per-appointment sequence number, 1, 2, 3 ... without gaps.
		field.Int("seq").Immutable(),
		// Location-wide sequence number (the replay's location cursor and
		// the delivery's order), 1, 2, 3 ... without gaps.
		field.Int("location_seq").Immutable(),
		field.String("type").NotEmpty().Immutable(),
		// The event's own fields (no personal data).
		field.JSON("data", json.RawMessage{}).Immutable(),
		field.Time("occurred_at").Immutable(),
		// When the row was written: delivery gives up three days after it.
		field.Time("recorded_at").Default(time.Now).Immutable(),
	}
}

// Indexes of the DealerEvent.
func (DealerEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("appointment_id", "seq").Unique(),
		index.Fields("dealer_location_id", "location_seq").Unique(),
	}
}
