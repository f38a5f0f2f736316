package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// DealerEventStream is a dealer location's event stream (ours, issue #25;
// internal/dealerevents): its counter and, when a dealer admin set one up,
// the endpoint events are delivered to. The row is created by the first
// event of the location (or by the admin); writing an event takes the row's
// lock (last_seq + 1), so location_seq follows commit order and a replay by
// location cursor never skips an event committed late.
type DealerEventStream struct {
	ent.Schema
}

// Mixin of the DealerEventStream.
func (DealerEventStream) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the DealerEventStream.
func (DealerEventStream) Fields() []ent.Field {
	return []ent.Field{
		field.Int("dealer_location_id").Unique().Immutable(),
		// Delivery is off by default; events are recorded (and replayable)
		// either way.
		flag("enabled"),
		// The endpoint (https; http only to localhost in dev).
		field.String("url").Optional(),
		// The signing secret ("whsec_<base64>"), shown once when made.
		field.String("secret").Optional().Sensitive(),
		// After a rotation, deliveries are signed with the new and the
		// previous secret until previous_secret_until.
		field.String("previous_secret").Optional().Sensitive(),
		optTime("previous_secret_until"),
		// The last location_seq assigned.
		num("last_seq"),
		// Events up to this location_seq are delivered (or given up after
		// three days); turning delivery on moves it to last_seq, so a
		// dealer gets new events and replays the older ones.
		num("delivered_seq"),
		// Events given up on (undelivered after three days).
		num("expired"),
		// Retention (activities/dealerevents.Prune): events up to this
		// location_seq may have been deleted (a replay from before it is
		// 410 Gone), and when the location was last pruned.
		num("pruned_seq"),
		optTime("pruned_at"),
		// The last failed attempt: when and what (status code or error), no body.
		optTime("last_failure_at"),
		str("last_failure"),
	}
}
