package mailgun_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/mailgun"
	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
)

// FuzzParseWebhook: any body parses or fails without a panic; what parses
// re-encodes and parses to the same signature; and a signature made as
// Mailgun makes it (the fake's Sign) for the parsed timestamp and token
// verifies at that timestamp, once, and not with another key. Seed corpus
// in testdata/fuzz/FuzzParseWebhook.
func FuzzParseWebhook(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		sig, ev, err := mailgun.ParseWebhook(body)
		if err != nil {
			return
		}
		if ev.UserVariables == nil {
			t.Fatal("UserVariables is nil after a successful parse")
		}
		again, err := json.Marshal(map[string]any{"signature": sig})
		if err != nil {
			t.Fatal(err)
		}
		sig2, _, err := mailgun.ParseWebhook(again)
		if err != nil || sig2 != sig {
			t.Fatalf("signature does not round-trip: %+v vs %+v (%v)", sig, sig2, err)
		}
		secs, err := strconv.ParseInt(sig.Timestamp, 10, 64)
		if err != nil || sig.Token == "" || secs < 0 || secs > 1<<40 {
			return
		}
		at := time.Unix(secs, 0)
		good := mailgun.Signature{Timestamp: sig.Timestamp, Token: sig.Token, Signature: mailgunfake.Sign("signing", sig.Timestamp, sig.Token)}
		other := good
		other.Signature = mailgunfake.Sign("another-key", sig.Timestamp, sig.Token)
		c, err := mailgun.New(mailgun.Config{Domain: "mg.example.com", APIKey: "key", From: "a@mg.example.com", WebhookSigningKey: "signing"})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.VerifyWebhook(other, at); !errors.Is(err, mailgun.ErrBadSignature) {
			t.Fatalf("signature of another key: %v", err)
		}
		if err := c.VerifyWebhook(good, at); err != nil {
			t.Fatalf("valid signature refused: %v", err)
		}
		if err := c.VerifyWebhook(good, at); !errors.Is(err, mailgun.ErrReplayedToken) {
			t.Fatalf("replayed token: %v", err)
		}
	})
}
