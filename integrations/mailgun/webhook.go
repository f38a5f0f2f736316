package mailgun

import (
	"time"

	"github.com/pitstop-dev/pitstop/integrations/mailgun/webhook"
)

// The webhook side lives in the SDK-free subpackage webhook (the API
// imports it without mailgun-go); these are its names as this package
// spelled them.
type (
	Signature         = webhook.Signature
	WebhookEvent      = webhook.WebhookEvent
	ReplayCache       = webhook.ReplayCache
	MemoryReplayCache = webhook.MemoryReplayCache
)

// WebhookTolerance is webhook.WebhookTolerance.
const WebhookTolerance = webhook.WebhookTolerance

// DefaultReplayEntries is webhook.DefaultReplayEntries.
const DefaultReplayEntries = webhook.DefaultReplayEntries

// The verification failures (the same values as webhook's).
var (
	ErrNoSigningKey   = webhook.ErrNoSigningKey
	ErrBadSignature   = webhook.ErrBadSignature
	ErrStaleTimestamp = webhook.ErrStaleTimestamp
	ErrReplayedToken  = webhook.ErrReplayedToken
)

// ParseWebhook is webhook.ParseWebhook.
func ParseWebhook(body []byte) (Signature, WebhookEvent, error) { return webhook.ParseWebhook(body) }

// NewMemoryReplayCache is webhook.NewMemoryReplayCache.
func NewMemoryReplayCache(maxEntries int) *MemoryReplayCache {
	return webhook.NewMemoryReplayCache(maxEntries)
}

// VerifyWebhook checks a webhook's signature, timestamp and token (see
// webhook.Verifier).
func (c *Client) VerifyWebhook(sig Signature, now time.Time) error {
	return c.hooks.VerifyWebhook(sig, now)
}

// Webhooks is the client's webhook verifier (nil for a nil client): what
// the API is given.
func (c *Client) Webhooks() *webhook.Verifier {
	if c == nil {
		return nil
	}
	return c.hooks
}
