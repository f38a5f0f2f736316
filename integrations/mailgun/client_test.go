package mailgun_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/mailgun"
	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
)

const sender = "Autohaus Muster <service@mg.pitstop.test>"

func newPair(t *testing.T, opts ...mailgunfake.Option) (*mailgunfake.Server, *mailgun.Client) {
	t.Helper()
	fake := mailgunfake.New(opts...)
	t.Cleanup(fake.Close)
	c, err := mailgun.New(mailgun.Config{
		Domain: fake.Domain(), APIKey: fake.APIKey(), From: sender, BaseURL: fake.URL(),
		WebhookSigningKey: fake.WebhookSigningKey(), Timeout: 2 * time.Second,
	})
	require.NoError(t, err)
	return fake, c
}

func TestSendEmailRecordsWhatTheSDKPosted(t *testing.T) {
	fake, c := newPair(t)
	id, err := c.SendEmail(context.Background(), mailgun.Email{
		To: "kunde@example.com", Subject: "Ihr Fahrzeug ist fertig", Text: "Hallo", HTML: "<p>Hallo</p>",
		Tags:      []string{"ready"},
		Variables: map[string]string{"pitstop_ref": "PS-1234", "dealer": "42"},
		Headers:   map[string]string{"Reply-To": "werkstatt@example.com"},
	})
	require.NoError(t, err)
	require.NotEmpty(t, id)
	assert.NotContains(t, id, "<")

	msgs := fake.Messages()
	require.Len(t, msgs, 1)
	m := msgs[0]
	assert.Equal(t, id, m.ID)
	assert.Equal(t, sender, m.From)
	assert.Equal(t, []string{"kunde@example.com"}, m.To)
	assert.Equal(t, "Ihr Fahrzeug ist fertig", m.Subject)
	assert.Equal(t, "Hallo", m.Text)
	assert.Equal(t, "<p>Hallo</p>", m.HTML)
	assert.Equal(t, []string{"ready"}, m.Tags)
	assert.Equal(t, map[string]string{"pitstop_ref": "PS-1234", "dealer": "42"}, m.Variables)
	assert.Equal(t, "werkstatt@example.com", m.Headers["Reply-To"])
}

func TestAuthFailureIsPermanent(t *testing.T) {
	fake := mailgunfake.New()
	t.Cleanup(fake.Close)
	c, err := mailgun.New(mailgun.Config{Domain: fake.Domain(), APIKey: "key-wrong-secret", From: sender, BaseURL: fake.URL()})
	require.NoError(t, err)

	_, err = c.SendEmail(context.Background(), mailgun.Email{To: "kunde@example.com", Subject: "s", Text: "t"})
	require.Error(t, err)
	assert.Equal(t, http.StatusUnauthorized, mailgun.StatusCode(err))
	assert.Equal(t, "Invalid private key", mailgun.ProviderMessage(err))
	assert.True(t, mailgun.IsPermanent(err))
	assert.NotContains(t, err.Error(), "key-wrong-secret")
}

func TestInvalidEmailIsPermanent(t *testing.T) {
	fake, c := newPair(t)
	_, err := c.SendEmail(context.Background(), mailgun.Email{To: "kunde-at-example", Subject: "s", Text: "t"})
	require.Error(t, err)
	assert.Equal(t, http.StatusBadRequest, mailgun.StatusCode(err))
	assert.Contains(t, mailgun.ProviderMessage(err), "not a valid address")
	assert.True(t, mailgun.IsPermanent(err))
	assert.Empty(t, fake.Messages())
}

func TestUnknownDomainIsPermanent(t *testing.T) {
	fake := mailgunfake.New()
	t.Cleanup(fake.Close)
	c, err := mailgun.New(mailgun.Config{Domain: "other.example.com", APIKey: fake.APIKey(), From: sender, BaseURL: fake.URL()})
	require.NoError(t, err)
	_, err = c.SendEmail(context.Background(), mailgun.Email{To: "kunde@example.com", Subject: "s", Text: "t"})
	assert.Equal(t, http.StatusNotFound, mailgun.StatusCode(err))
	assert.True(t, mailgun.IsPermanent(err))
}

func TestMissingInputIsPermanentWithoutCallingMailgun(t *testing.T) {
	fake, c := newPair(t)
	_, err := c.SendEmail(context.Background(), mailgun.Email{To: "kunde@example.com", Subject: "no body"})
	require.Error(t, err)
	assert.True(t, mailgun.IsPermanent(err))
	assert.Empty(t, fake.Messages())
}

func TestServerErrorsAreTransient(t *testing.T) {
	for _, status := range []int{500, 502, 503, 429} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			fake, c := newPair(t)
			fake.FailNext(1, status)
			_, err := c.SendEmail(context.Background(), mailgun.Email{To: "kunde@example.com", Subject: "s", Text: "t"})
			require.Error(t, err)
			assert.Equal(t, status, mailgun.StatusCode(err))
			assert.False(t, mailgun.IsPermanent(err))
			assert.Empty(t, fake.Messages())

			_, err = c.SendEmail(context.Background(), mailgun.Email{To: "kunde@example.com", Subject: "s", Text: "t"})
			require.NoError(t, err)
		})
	}
}

func TestDownAndUnreachableAreTransient(t *testing.T) {
	fake, c := newPair(t)
	fake.SetDown(true)
	_, err := c.SendEmail(context.Background(), mailgun.Email{To: "kunde@example.com", Subject: "s", Text: "t"})
	require.Error(t, err)
	assert.False(t, mailgun.IsPermanent(err))

	gone := mailgunfake.New()
	url := gone.URL()
	gone.Close()
	c2, err := mailgun.New(mailgun.Config{Domain: gone.Domain(), APIKey: gone.APIKey(), From: sender, BaseURL: url})
	require.NoError(t, err)
	_, err = c2.SendEmail(context.Background(), mailgun.Email{To: "kunde@example.com", Subject: "s", Text: "t"})
	require.Error(t, err)
	assert.False(t, mailgun.IsPermanent(err))
}

func TestCallerContextBoundsTheCall(t *testing.T) {
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(hang.Close)
	t.Cleanup(func() { close(release) })
	c, err := mailgun.New(mailgun.Config{Domain: "mg.example.com", APIKey: "k", From: sender, BaseURL: hang.URL, Timeout: time.Minute})
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = c.SendEmail(ctx, mailgun.Email{To: "kunde@example.com", Subject: "s", Text: "t"})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.False(t, mailgun.IsPermanent(err))
}

func TestNewValidatesConfig(t *testing.T) {
	good := mailgun.Config{Domain: "mg.example.com", APIKey: "k", From: sender}
	_, err := mailgun.New(good)
	require.NoError(t, err)
	for name, mut := range map[string]func(*mailgun.Config){
		"no domain":       func(c *mailgun.Config) { c.Domain = "" },
		"domain with url": func(c *mailgun.Config) { c.Domain = "https://mg.example.com" },
		"no key":          func(c *mailgun.Config) { c.APIKey = "" },
		"bad from":        func(c *mailgun.Config) { c.From = "nobody" },
		"bad base url":    func(c *mailgun.Config) { c.BaseURL = "mailgun.local" },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := good
			mut(&cfg)
			_, err := mailgun.New(cfg)
			assert.Error(t, err)
		})
	}
}

func TestBaseURLMayAlreadyNameTheVersion(t *testing.T) {
	fake := mailgunfake.New()
	t.Cleanup(fake.Close)
	c, err := mailgun.New(mailgun.Config{Domain: fake.Domain(), APIKey: fake.APIKey(), From: sender, BaseURL: fake.URL() + "/v3/"})
	require.NoError(t, err)
	_, err = c.SendEmail(context.Background(), mailgun.Email{To: "kunde@example.com", Subject: "s", Text: "t"})
	require.NoError(t, err)
}

func TestConfigStringRedactsKeys(t *testing.T) {
	s := mailgun.Config{Domain: "d", APIKey: "key-secret", WebhookSigningKey: "whsk-secret"}.String()
	assert.NotContains(t, s, "key-secret")
	assert.NotContains(t, s, "whsk-secret")
}
