// Package lockerevents keeps the ACSES locker events received: the
// webhook_history rows of authentic and refused deliveries (their door codes
// sealed or masked) and the booking state an event moves. It is the one
// writer of these for the vendor's webhook (api/callbacks), which calls it
// once per step of a delivery; the staff's event history reads the rows
// with doorcodes.Open or doorcodes.Redact (internal/keylocker/doorcodes).
package lockerevents

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/webhookhistory"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keylocker/doorcodes"
)

// Directions of the rows written here (the schema's values).
const (
	DirectionIn       = "in"       // an authentic ACSES event, stored once per tablekey
	DirectionRejected = "rejected" // a delivery that failed authentication, every attempt
)

// MaxRejectedContent bytes of a refused delivery's body are kept: enough to
// see what was sent (anyone can post to the handler).
const MaxRejectedContent = 2 << 10

// Insert stores an authentic event once (its tablekey is unique); dup
// reports a redelivery, which stores nothing.
func Insert(ctx context.Context, c *ent.Client, id string, raw []byte, locationID int, at time.Time) (row *ent.WebhookHistory, dup bool, err error) {
	row, err = c.WebhookHistory.Create().SetDirection(DirectionIn).SetWebhookEventID(id).SetDealerLocationID(locationID).
		SetSentContent(doorcodes.Seal(raw)).SetResponseStatus("200").SetSentDate(at).SetAttempt(1).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, true, nil
	}
	return row, false, err
}

// Finish notes what became of a stored event.
func Finish(ctx context.Context, c *ent.Client, row *ent.WebhookHistory, content string) error {
	return c.WebhookHistory.UpdateOne(row).SetResponseContent(content).Exec(ctx)
}

// Undo forgets a stored event that could not be passed on, so the vendor's
// retry is not taken for a duplicate.
func Undo(ctx context.Context, c *ent.Client, row *ent.WebhookHistory) error {
	return c.WebhookHistory.DeleteOne(row).Exec(ctx)
}

// Reject records a refused delivery as the attempt after the ones already
// recorded under the same webhook id (retried on a race for the number).
// Rejected rows have their own direction, so a forged delivery that reuses
// a real tablekey never blocks the real event as a "duplicate".
func Reject(ctx context.Context, c *ent.Client, id string, raw []byte, locationID, status int, why string, at time.Time) error {
	content := rejectedContent(raw)
	var err error
	for range 3 {
		var n int
		n, err = c.WebhookHistory.Query().Where(webhookhistory.Direction(DirectionRejected), webhookhistory.WebhookEventID(id)).Count(ctx)
		if err == nil {
			err = c.WebhookHistory.Create().SetDirection(DirectionRejected).SetWebhookEventID(id).SetDealerLocationID(locationID).
				SetSentContent(content).SetResponseStatus(strconv.Itoa(status)).SetResponseContent(why).SetSentDate(at).SetAttempt(n + 1).Exec(ctx)
		}
		if err == nil || !ent.IsConstraintError(err) {
			return err
		}
	}
	return nil
}

// rejectedContent is what a refused delivery's row keeps of its body:
// storable text (no NUL, valid UTF-8), at most MaxRejectedContent bytes,
// door codes masked (a refused delivery's code is not to be trusted, nor
// kept).
func rejectedContent(raw []byte) string {
	n := len(raw)
	raw = []byte(doorcodes.Redact(string(raw)))
	if len(raw) > MaxRejectedContent {
		raw = raw[:MaxRejectedContent]
	}
	content := strings.ToValidUTF8(string(bytes.ReplaceAll(raw, []byte{0}, nil)), "?")
	if n > MaxRejectedContent {
		content += fmt.Sprintf("…[truncated: %d bytes received]", n)
	}
	return content
}

// actionRank orders a booking's last actions, so a late (reordered) event
// never moves the stored booking backwards.
func actionRank(a enums.ObjectStatus) int {
	switch a {
	case enums.ObjectStatusRegistered:
		return 1
	case enums.ObjectStatusDropoff:
		return 2
	case enums.ObjectStatusCheckout, enums.ObjectStatusExpired:
		return 3
	}
	return 0
}

// AdvanceBooking moves booking b to the event's state and action, unless b
// has already seen a later action.
func AdvanceBooking(ctx context.Context, c *ent.Client, b *ent.Booking, state enums.BookingState, action enums.ObjectStatus) error {
	if actionRank(action) <= actionRank(b.LastAction) {
		return nil
	}
	return c.Booking.UpdateOne(b).SetState(state).SetLastAction(action).Exec(ctx)
}
