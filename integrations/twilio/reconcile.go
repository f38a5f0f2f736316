package twilio

import (
	"context"
	"strings"
	"time"

	openapi "github.com/twilio/twilio-go/rest/api/v2010"
)

// reconcileLimit bounds how many recent messages to one number we scan.
const reconcileLimit = 200

// FindSent answers "did an earlier, uncertain send reach Twilio?". Twilio has
// no idempotency key, so the caller puts a short marker (e.g. a reference
// code) in every body; FindSent lists messages to `to` sent after `since` and
// returns the newest outgoing one whose body contains the marker.
func (c *Client) FindSent(ctx context.Context, to string, since time.Time, marker string) (Result, bool, error) {
	if to == "" || strings.TrimSpace(marker) == "" {
		// An empty marker would match any message: refuse rather than guess.
		return Result{}, false, invalidInput("twilio: FindSent needs to and a non-empty marker")
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()

	p := &openapi.ListMessageParams{}
	p.SetTo(to)
	if !since.IsZero() {
		p.SetDateSentAfter(since.UTC())
	}
	p.SetPageSize(reconcileLimit)
	p.SetLimit(reconcileLimit)
	msgs, err := c.api(ctx).ListMessage(p)
	if err != nil {
		return Result{}, false, wrapCtx(ctx, err)
	}
	for _, m := range msgs {
		if m.Sid == nil || m.Body == nil || strings.HasPrefix(deref(m.Direction), "inbound") {
			continue
		}
		if strings.Contains(*m.Body, marker) {
			return Result{SID: *m.Sid, Status: deref(m.Status)}, true, nil
		}
	}
	return Result{}, false, nil
}
