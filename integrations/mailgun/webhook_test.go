package mailgun_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/mailgun"
	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
)

// bodies is a stand-in for Pitstop's webhook endpoint: it hands over raw bodies.
func bodies(t *testing.T) (*httptest.Server, <-chan []byte) {
	t.Helper()
	ch := make(chan []byte, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ch <- b
	}))
	t.Cleanup(srv.Close)
	return srv, ch
}

func nextBody(t *testing.T, ch <-chan []byte) []byte {
	t.Helper()
	select {
	case b := <-ch:
		return b
	case <-time.After(5 * time.Second):
		t.Fatal("no webhook arrived")
		return nil
	}
}

func TestDeliveredWebhookVerifiesOnceOnly(t *testing.T) {
	fake, c := newPair(t)
	srv, ch := bodies(t)
	fake.SetWebhookURL(srv.URL)

	id, err := c.SendEmail(context.Background(), mailgun.Email{To: "kunde@example.com", Subject: "s", Text: "t", Variables: map[string]string{"pitstop_ref": "PS-9"}})
	require.NoError(t, err)

	sig, ev, err := mailgun.ParseWebhook(nextBody(t, ch))
	require.NoError(t, err)
	assert.Equal(t, "delivered", ev.Event)
	assert.Equal(t, id, ev.MessageID)
	assert.Equal(t, "kunde@example.com", ev.Recipient)
	assert.Equal(t, "PS-9", ev.UserVariables["pitstop_ref"])
	assert.Equal(t, 250, ev.DeliveryCode)
	assert.NotEmpty(t, ev.ID)
	assert.WithinDuration(t, time.Now(), ev.Timestamp, time.Minute)

	now := time.Now()
	require.NoError(t, c.VerifyWebhook(sig, now))
	assert.ErrorIs(t, c.VerifyWebhook(sig, now.Add(time.Second)), mailgun.ErrReplayedToken)
}

func TestFailedWebhookIsPermanentBounce(t *testing.T) {
	fake, c := newPair(t)
	srv, ch := bodies(t)
	fake.SetWebhookURL(srv.URL)
	fake.DeliverAs("failed")

	_, err := c.SendEmail(context.Background(), mailgun.Email{To: "kunde@example.com", Subject: "s", Text: "t"})
	require.NoError(t, err)
	sig, ev, err := mailgun.ParseWebhook(nextBody(t, ch))
	require.NoError(t, err)
	assert.Equal(t, "failed", ev.Event)
	assert.Equal(t, "permanent", ev.Severity)
	assert.Equal(t, 550, ev.DeliveryCode)
	require.NoError(t, c.VerifyWebhook(sig, time.Now()))
}

func TestSendEventDrivesWebhooksOnDemand(t *testing.T) {
	fake, c := newPair(t)
	srv, ch := bodies(t)
	id, err := c.SendEmail(context.Background(), mailgun.Email{To: "kunde@example.com", Subject: "s", Text: "t"})
	require.NoError(t, err)

	require.NoError(t, fake.SendEvent(context.Background(), srv.URL, id, "opened"))
	sig, ev, err := mailgun.ParseWebhook(nextBody(t, ch))
	require.NoError(t, err)
	assert.Equal(t, "opened", ev.Event)
	require.NoError(t, c.VerifyWebhook(sig, time.Now()))
}

func TestVerifyWebhookRejections(t *testing.T) {
	fake, c := newPair(t)
	key := fake.WebhookSigningKey()
	now := time.Now()
	signed := func(ts time.Time, token string) mailgun.Signature {
		s := strconv.FormatInt(ts.Unix(), 10)
		return mailgun.Signature{Timestamp: s, Token: token, Signature: mailgunfake.Sign(key, s, token)}
	}

	require.NoError(t, c.VerifyWebhook(signed(now, "tok-good"), now))

	bad := signed(now, "tok-bad")
	bad.Signature = mailgunfake.Sign("another-key", bad.Timestamp, bad.Token)
	assert.ErrorIs(t, c.VerifyWebhook(bad, now), mailgun.ErrBadSignature)

	tampered := signed(now, "tok-tamper")
	tampered.Token = "tok-other"
	assert.ErrorIs(t, c.VerifyWebhook(tampered, now), mailgun.ErrBadSignature)

	assert.ErrorIs(t, c.VerifyWebhook(mailgun.Signature{}, now), mailgun.ErrBadSignature)
	assert.ErrorIs(t, c.VerifyWebhook(signed(now.Add(-301*time.Second), "tok-old"), now), mailgun.ErrStaleTimestamp)
	assert.ErrorIs(t, c.VerifyWebhook(signed(now.Add(301*time.Second), "tok-future"), now), mailgun.ErrStaleTimestamp)
	require.NoError(t, c.VerifyWebhook(signed(now.Add(-299*time.Second), "tok-edge"), now))

	// A bad signature must not burn the token: the genuine one still passes.
	forged := signed(now, "tok-race")
	forged.Signature = mailgunfake.Sign("x", forged.Timestamp, forged.Token)
	assert.ErrorIs(t, c.VerifyWebhook(forged, now), mailgun.ErrBadSignature)
	require.NoError(t, c.VerifyWebhook(signed(now, "tok-race"), now))
}

func TestVerifyWebhookNeedsSigningKey(t *testing.T) {
	fake := mailgunfake.New()
	t.Cleanup(fake.Close)
	c, err := mailgun.New(mailgun.Config{Domain: fake.Domain(), APIKey: fake.APIKey(), From: sender, BaseURL: fake.URL()})
	require.NoError(t, err)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	// Signed with the API key, which the SDK would fall back to: still refused.
	sig := mailgun.Signature{Timestamp: ts, Token: "t", Signature: mailgunfake.Sign(fake.APIKey(), ts, "t")}
	assert.ErrorIs(t, c.VerifyWebhook(sig, time.Now()), mailgun.ErrNoSigningKey)
}
