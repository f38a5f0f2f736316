package mailgun

import (
	"context"
	"encoding/json"
	"fmt"

	mg "github.com/mailgun/mailgun-go/v4"
	"github.com/mailgun/mailgun-go/v4/events"
)

// Bounds on the reconciliation scan: Mailgun pages hold at most 300 events.
const (
	eventsPageSize = 300
	eventsMaxPages = 10
)

// FindSent answers "did an earlier, uncertain send reach Mailgun?" by asking
// the Events API for an "accepted" event whose user variable `name` equals
// `value` (set it through Email.Variables on every send). It returns the
// message id in the form SendEmail returns.
func (c *Client) FindSent(ctx context.Context, name, value string) (string, bool, error) {
	if name == "" || value == "" {
		return "", false, invalidInput("mailgun: FindSent needs a variable name and value")
	}
	filter, err := json.Marshal(map[string]string{name: value})
	if err != nil {
		return "", false, invalidInput("mailgun: " + err.Error())
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()

	it := c.mg.ListEvents(&mg.ListEventOptions{
		Limit:           eventsPageSize,
		ForceDescending: true,
		Filter:          map[string]string{"event": "accepted", "user-variables": string(filter)},
	})
	var page []mg.Event
	for i := 0; i < eventsMaxPages && it.Next(ctx, &page); i++ {
		for _, e := range page {
			if a, ok := e.(*events.Accepted); ok && hasVariable(a.UserVariables, name, value) {
				return trimID(a.Message.Headers.MessageID), true, nil
			}
		}
	}
	if err := it.Err(); err != nil {
		return "", false, err
	}
	return "", false, nil
}

// hasVariable re-checks the filter locally: never trust a match we did not see.
func hasVariable(vars any, name, value string) bool {
	m, ok := vars.(map[string]any)
	if !ok {
		return false
	}
	v, ok := m[name]
	return ok && fmt.Sprint(v) == value
}
