// Package webhook verifies and parses Mailgun's event webhooks without the
// mailgun-go SDK, so the API that receives them does not depend on the SDK
// that sends. The HMAC is the SDK's VerifyWebhookSignature (v4.23.0,
// webhooks.go); integrations/mailgun's tests compare the two.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// WebhookTolerance is how far a webhook's timestamp may be from now.
const WebhookTolerance = 300 * time.Second

// Distinct verification failures, so handlers can log why they said 401/406.
var (
	ErrNoSigningKey   = errors.New("mailgun: no webhook signing key configured")
	ErrBadSignature   = errors.New("mailgun: webhook signature does not match")
	ErrStaleTimestamp = errors.New("mailgun: webhook timestamp outside tolerance")
	ErrReplayedToken  = errors.New("mailgun: webhook token already used")
)

// Signature is the "signature" object of a Mailgun webhook body.
type Signature struct {
	Timestamp string `json:"timestamp"`
	Token     string `json:"token"`
	Signature string `json:"signature"`
}

// Verifier checks webhooks with the signing key and remembers used tokens.
type Verifier struct {
	signingKey string
	replay     ReplayCache
}

// NewVerifier verifies with signingKey (empty: every webhook is refused
// with ErrNoSigningKey); a nil replay is a MemoryReplayCache of
// DefaultReplayEntries.
func NewVerifier(signingKey string, replay ReplayCache) *Verifier {
	if replay == nil {
		replay = NewMemoryReplayCache(DefaultReplayEntries)
	}
	return &Verifier{signingKey: signingKey, replay: replay}
}

// VerifyWebhook checks the HMAC (as mailgun-go's VerifyWebhookSignature), then that the timestamp is
// within WebhookTolerance of now, then that the token is new. The HMAC alone
// has no freshness, hence the other two. A ReplayCache failure is returned
// as is: answer 5xx so Mailgun retries.
func (v *Verifier) VerifyWebhook(sig Signature, now time.Time) error {
	if v == nil || v.signingKey == "" {
		// The SDK would fall back to the API key; we never want that.
		return ErrNoSigningKey
	}
	if sig.Timestamp == "" || sig.Token == "" || sig.Signature == "" {
		return ErrBadSignature
	}
	if !v.signed(sig) {
		return ErrBadSignature
	}
	secs, err := strconv.ParseInt(sig.Timestamp, 10, 64)
	if err != nil {
		return ErrStaleTimestamp
	}
	ts := time.Unix(secs, 0)
	if d := now.Sub(ts); d > WebhookTolerance || d < -WebhookTolerance {
		return ErrStaleTimestamp
	}
	// After ts+tolerance the timestamp check rejects the token anyway.
	fresh, err := v.replay.Claim(sig.Token, ts.Add(WebhookTolerance+time.Second), now)
	if err != nil {
		return fmt.Errorf("mailgun: replay cache: %w", err)
	}
	if !fresh {
		return ErrReplayedToken
	}
	return nil
}

// signed: the signature is the hex HMAC-SHA256 of timestamp + token.
func (v *Verifier) signed(sig Signature) bool {
	h := hmac.New(sha256.New, []byte(v.signingKey))
	h.Write([]byte(sig.Timestamp))
	h.Write([]byte(sig.Token))
	got, err := hex.DecodeString(sig.Signature)
	return err == nil && hmac.Equal(got, h.Sum(nil))
}

// WebhookEvent is the part of a webhook's "event-data" Pitstop acts on.
// Dedupe on ID: Mailgun retries webhooks that did not get a 2xx.
type WebhookEvent struct {
	Event         string // delivered, failed, opened, complained, ...
	ID            string
	Timestamp     time.Time
	Recipient     string
	MessageID     string // as returned by SendEmail
	Severity      string // failed only: permanent or temporary
	Reason        string
	DeliveryCode  int
	DeliveryText  string
	UserVariables map[string]string
}

// ParseWebhook decodes a webhook body into its signature and event.
func ParseWebhook(body []byte) (Signature, WebhookEvent, error) {
	var raw struct {
		Signature Signature `json:"signature"`
		Event     struct {
			Event     string  `json:"event"`
			ID        string  `json:"id"`
			Timestamp float64 `json:"timestamp"`
			Recipient string  `json:"recipient"`
			Severity  string  `json:"severity"`
			Reason    string  `json:"reason"`
			Message   struct {
				Headers struct {
					MessageID string `json:"message-id"`
				} `json:"headers"`
			} `json:"message"`
			DeliveryStatus struct {
				Code        int    `json:"code"`
				Message     string `json:"message"`
				Description string `json:"description"`
			} `json:"delivery-status"`
			UserVariables map[string]any `json:"user-variables"`
		} `json:"event-data"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return Signature{}, WebhookEvent{}, fmt.Errorf("mailgun: webhook body: %w", err)
	}
	e := raw.Event
	text := e.DeliveryStatus.Description
	if text == "" {
		text = e.DeliveryStatus.Message
	}
	out := WebhookEvent{
		Event: e.Event, ID: e.ID, Recipient: e.Recipient, Severity: e.Severity, Reason: e.Reason,
		MessageID:    TrimID(e.Message.Headers.MessageID),
		Timestamp:    time.UnixMicro(int64(e.Timestamp * 1e6)).UTC(),
		DeliveryCode: e.DeliveryStatus.Code, DeliveryText: text,
		UserVariables: make(map[string]string, len(e.UserVariables)),
	}
	for k, v := range e.UserVariables {
		if s, ok := v.(string); ok {
			out.UserVariables[k] = s
		} else if b, err := json.Marshal(v); err == nil {
			out.UserVariables[k] = string(b)
		}
	}
	return raw.Signature, out, nil
}

// TrimID strips the angle brackets (and spaces) Mailgun puts around a
// message id.
func TrimID(id string) string { return strings.Trim(strings.TrimSpace(id), "<>") }
