package mailgun_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	mg "github.com/mailgun/mailgun-go/v4"

	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
	"github.com/pitstop-dev/pitstop/integrations/mailgun/webhook"
)

// FuzzWebhookHMACMatchesSDK: the API's SDK-free webhook check accepts a
// signature exactly when mailgun-go's VerifyWebhookSignature does (at a
// fresh timestamp and with a token never used, so only the HMAC decides).
func FuzzWebhookHMACMatchesSDK(f *testing.F) {
	f.Add("key-1", int64(1700000000), "tok", "", true)
	f.Add("key-1", int64(1700000000), "tok", "00ff", false)
	f.Add("key-1", int64(1700000000), "tok", "not hex", false)
	f.Fuzz(func(t *testing.T, key string, secs int64, token, sig string, signIt bool) {
		if key == "" || token == "" {
			return // refused before the HMAC (no key, no token)
		}
		ts := strconv.FormatInt(secs, 10)
		if signIt {
			sig = mailgunfake.Sign(key, ts, token)
		}
		if sig == "" {
			return
		}
		sdk := mg.NewMailgun("mg.example.com", "api-key")
		sdk.SetWebhookSigningKey(key)
		want, _ := sdk.VerifyWebhookSignature(mg.Signature{TimeStamp: ts, Token: token, Signature: sig})
		err := webhook.NewVerifier(key, nil).VerifyWebhook(webhook.Signature{Timestamp: ts, Token: token, Signature: sig}, time.Unix(secs, 0))
		if got := err == nil; got != want || (err != nil && !errors.Is(err, webhook.ErrBadSignature)) {
			t.Fatalf("key %q ts %s token %q sig %q: webhook says %v, the SDK says %v", key, ts, token, sig, err, want)
		}
		if signIt && !want {
			t.Fatal("the SDK refused the fake's signature")
		}
	})
}
