package mailgun_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/mailgun"
	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
)

func TestMemoryReplayCacheExpiresAndIsBounded(t *testing.T) {
	c := mailgun.NewMemoryReplayCache(2)
	now := time.Unix(1_700_000_000, 0)
	exp := now.Add(time.Minute)

	for _, tok := range []string{"a", "b"} {
		ok, err := c.Claim(tok, exp, now)
		require.NoError(t, err)
		assert.True(t, ok)
	}
	ok, _ := c.Claim("a", exp, now)
	assert.False(t, ok, "replay inside the window")

	ok, _ = c.Claim("c", exp, now)
	assert.True(t, ok)
	assert.Equal(t, 2, c.Len(), "bounded: the oldest token was dropped")

	ok, _ = c.Claim("b", exp, now.Add(2*time.Minute))
	assert.True(t, ok, "expired tokens may be claimed again")
	assert.LessOrEqual(t, c.Len(), 2)
}

// failingCache stands in for a database-backed cache that is unavailable.
type failingCache struct{}

func (failingCache) Claim(string, time.Time, time.Time) (bool, error) {
	return false, errors.New("db down")
}

func TestReplayCacheErrorsAreNotRejections(t *testing.T) {
	fake := mailgunfake.New()
	t.Cleanup(fake.Close)
	c, err := mailgun.New(mailgun.Config{
		Domain: fake.Domain(), APIKey: fake.APIKey(), From: sender, BaseURL: fake.URL(),
		WebhookSigningKey: fake.WebhookSigningKey(), Replay: failingCache{},
	})
	require.NoError(t, err)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	err = c.VerifyWebhook(mailgun.Signature{Timestamp: ts, Token: "t", Signature: mailgunfake.Sign(fake.WebhookSigningKey(), ts, "t")}, time.Now())
	require.Error(t, err)
	assert.NotErrorIs(t, err, mailgun.ErrReplayedToken)
	assert.NotErrorIs(t, err, mailgun.ErrBadSignature)
}
