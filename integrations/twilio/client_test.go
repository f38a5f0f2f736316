package twilio_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/twilio"
	twiliofake "github.com/pitstop-dev/pitstop/integrations/twilio/fake"
)

const sender = "+15005550006"

func newPair(t *testing.T, opts ...twiliofake.Option) (*twiliofake.Server, *twilio.Client) {
	t.Helper()
	fake := twiliofake.New(opts...)
	t.Cleanup(fake.Close)
	c, err := twilio.New(twilio.Config{
		AccountSID: fake.AccountSID(), AuthToken: fake.AuthToken(),
		From: sender, BaseURL: fake.URL(), Timeout: 2 * time.Second,
	})
	require.NoError(t, err)
	return fake, c
}

func TestSendSMSRecordsWhatTheSDKPosted(t *testing.T) {
	fake, c := newPair(t)
	fake.SetCallbacks(false)

	res, err := c.SendSMS(context.Background(), twilio.SMS{
		To: "+4915112345678", Body: "Your car is ready. Ref PS-1234", StatusCallback: "http://127.0.0.1:1/status",
	})
	require.NoError(t, err)
	assert.Regexp(t, `^SM[0-9a-f]{32}$`, res.SID)
	assert.Equal(t, "queued", res.Status)

	msgs := fake.Messages()
	require.Len(t, msgs, 1)
	m := msgs[0]
	assert.Equal(t, res.SID, m.SID)
	assert.Equal(t, "+4915112345678", m.Form.Get("To"))
	assert.Equal(t, sender, m.Form.Get("From"))
	assert.Equal(t, "Your car is ready. Ref PS-1234", m.Form.Get("Body"))
	assert.Equal(t, "http://127.0.0.1:1/status", m.Form.Get("StatusCallback"))
	assert.Equal(t, "outbound-api", m.Direction)
}

func TestSendSMSViaMessagingService(t *testing.T) {
	fake := twiliofake.New()
	t.Cleanup(fake.Close)
	svc := "MG" + strings.Repeat("a", 32)
	c, err := twilio.New(twilio.Config{AccountSID: fake.AccountSID(), AuthToken: fake.AuthToken(), From: svc, BaseURL: fake.URL()})
	require.NoError(t, err)
	res, err := c.SendSMS(context.Background(), twilio.SMS{To: "+15551234567", Body: "hi"})
	require.NoError(t, err)
	assert.Equal(t, "accepted", res.Status)
	assert.Equal(t, svc, fake.Messages()[0].Form.Get("MessagingServiceSid"))
	assert.Empty(t, fake.Messages()[0].Form.Get("From"))
}

func TestAuthFailureIsPermanent(t *testing.T) {
	fake := twiliofake.New()
	t.Cleanup(fake.Close)
	c, err := twilio.New(twilio.Config{AccountSID: fake.AccountSID(), AuthToken: "wrongtoken", From: sender, BaseURL: fake.URL()})
	require.NoError(t, err)

	_, err = c.SendSMS(context.Background(), twilio.SMS{To: "+15551234567", Body: "hi"})
	require.Error(t, err)
	assert.Equal(t, twilio.CodeAuthenticate, twilio.ErrorCode(err))
	assert.Equal(t, http.StatusUnauthorized, twilio.HTTPStatus(err))
	assert.True(t, twilio.IsPermanent(err))
	assert.NotContains(t, err.Error(), "wrongtoken")
	assert.Empty(t, fake.Messages())
}

func TestInvalidNumberIsPermanentWithTwilioCode(t *testing.T) {
	fake, c := newPair(t)
	_, err := c.SendSMS(context.Background(), twilio.SMS{To: "0151-123", Body: "hi"})
	require.Error(t, err)
	assert.Equal(t, twilio.CodeInvalidToNumber, twilio.ErrorCode(err))
	assert.Equal(t, http.StatusBadRequest, twilio.HTTPStatus(err))
	assert.True(t, twilio.IsPermanent(err))
	assert.Contains(t, err.Error(), "is not a valid phone number")
	assert.Empty(t, fake.Messages())
}

func TestMissingInputIsPermanentWithoutCallingTwilio(t *testing.T) {
	fake, c := newPair(t)
	_, err := c.SendSMS(context.Background(), twilio.SMS{To: "+15551234567"})
	require.Error(t, err)
	assert.True(t, twilio.IsPermanent(err))
	assert.Empty(t, fake.Messages())
}

func TestServerErrorsAreTransient(t *testing.T) {
	for _, status := range []int{500, 503, 429} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			fake, c := newPair(t)
			fake.FailNext(1, status)

			_, err := c.SendSMS(context.Background(), twilio.SMS{To: "+15551234567", Body: "hi"})
			require.Error(t, err)
			assert.Equal(t, status, twilio.HTTPStatus(err))
			assert.False(t, twilio.IsPermanent(err))
			assert.Empty(t, fake.Messages())

			// The fault is used up: a retry goes through.
			_, err = c.SendSMS(context.Background(), twilio.SMS{To: "+15551234567", Body: "hi"})
			require.NoError(t, err)
			assert.Len(t, fake.Messages(), 1)
		})
	}
}

func TestDownIsTransient(t *testing.T) {
	fake, c := newPair(t)
	fake.SetDown(true)
	_, err := c.SendSMS(context.Background(), twilio.SMS{To: "+15551234567", Body: "hi"})
	require.Error(t, err)
	assert.False(t, twilio.IsPermanent(err))

	fake.SetDown(false)
	_, err = c.SendSMS(context.Background(), twilio.SMS{To: "+15551234567", Body: "hi"})
	require.NoError(t, err)
}

func TestUnreachableIsTransient(t *testing.T) {
	fake := twiliofake.New()
	url := fake.URL()
	fake.Close() // nothing listens there any more
	c, err := twilio.New(twilio.Config{AccountSID: fake.AccountSID(), AuthToken: fake.AuthToken(), From: sender, BaseURL: url})
	require.NoError(t, err)
	_, err = c.SendSMS(context.Background(), twilio.SMS{To: "+15551234567", Body: "hi"})
	require.Error(t, err)
	assert.False(t, twilio.IsPermanent(err))
}

func TestCallerContextBoundsTheCall(t *testing.T) {
	// A server that never answers: only the caller's deadline can end the call.
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(hang.Close)
	t.Cleanup(func() { close(release) }) // runs first: frees the handler so Close returns
	c, err := twilio.New(twilio.Config{AccountSID: "AC1", AuthToken: "tok", From: sender, BaseURL: hang.URL, Timeout: time.Minute})
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.SendSMS(ctx, twilio.SMS{To: "+15551234567", Body: "hi"})
	require.Error(t, err)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.False(t, twilio.IsPermanent(err))
}

func TestBaseURLWithPathPrefix(t *testing.T) {
	// A dev process mounts the fake's handler under a prefix.
	fake := twiliofake.NewHandler()
	t.Cleanup(fake.Close)
	mux := http.NewServeMux()
	mux.Handle("/twilio/", http.StripPrefix("/twilio", fake))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	c, err := twilio.New(twilio.Config{AccountSID: fake.AccountSID(), AuthToken: fake.AuthToken(), From: sender, BaseURL: srv.URL + "/twilio"})
	require.NoError(t, err)
	res, err := c.SendSMS(context.Background(), twilio.SMS{To: "+15551234567", Body: "ref PS-77"})
	require.NoError(t, err)
	got, found, err := c.FindSent(context.Background(), "+15551234567", time.Now().Add(-time.Hour), "PS-77")
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, res.SID, got.SID)
}

func TestNewValidatesConfig(t *testing.T) {
	good := twilio.Config{AccountSID: "AC123", AuthToken: "tok", From: sender}
	_, err := twilio.New(good)
	require.NoError(t, err)

	for name, mut := range map[string]func(*twilio.Config){
		"sid not alphanumeric":   func(c *twilio.Config) { c.AccountSID = "AC-1" },
		"empty sid":              func(c *twilio.Config) { c.AccountSID = "" },
		"token not alphanumeric": func(c *twilio.Config) { c.AuthToken = "tok!" },
		"no from":                func(c *twilio.Config) { c.From = " " },
		"relative base url":      func(c *twilio.Config) { c.BaseURL = "/twilio" },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := good
			mut(&cfg)
			_, err := twilio.New(cfg)
			assert.Error(t, err)
		})
	}
}

func TestConfigStringRedactsToken(t *testing.T) {
	cfg := twilio.Config{AccountSID: "AC1", AuthToken: "supersecrettoken", From: sender}
	assert.NotContains(t, cfg.String(), "supersecrettoken")
}
