package twilio_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/twilio"
	twiliofake "github.com/pitstop-dev/pitstop/integrations/twilio/fake"
)

// hook is what our webhook endpoint saw in one request.
type hook struct {
	url       string
	form      url.Values
	signature string
}

// receiver is a stand-in for Pitstop's callback endpoint.
func receiver(t *testing.T) (*httptest.Server, <-chan hook) {
	t.Helper()
	ch := make(chan hook, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		ch <- hook{url: "http://" + r.Host + r.URL.RequestURI(), form: r.PostForm, signature: r.Header.Get("X-Twilio-Signature")}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return srv, ch
}

func next(t *testing.T, ch <-chan hook) hook {
	t.Helper()
	select {
	case h := <-ch:
		return h
	case <-time.After(5 * time.Second):
		t.Fatal("no callback arrived")
		return hook{}
	}
}

func TestStatusCallbacksAreSignedLikeTwilio(t *testing.T) {
	fake, c := newPair(t)
	srv, hooks := receiver(t)
	cbURL := srv.URL + "/webhooks/twilio/status?dealer=42"

	res, err := c.SendSMS(context.Background(), twilio.SMS{To: "+15551234567", Body: "hi", StatusCallback: cbURL})
	require.NoError(t, err)

	sent, delivered := next(t, hooks), next(t, hooks)
	assert.Equal(t, "sent", sent.form.Get("MessageStatus"))
	assert.Equal(t, "delivered", delivered.form.Get("MessageStatus"))
	for _, h := range []hook{sent, delivered} {
		assert.Equal(t, cbURL, h.url)
		assert.Equal(t, res.SID, h.form.Get("MessageSid"))
		assert.True(t, twilio.ValidateCallback(fake.AuthToken(), h.url, h.form, h.signature))
	}

	tampered := url.Values{}
	for k, v := range delivered.form {
		tampered[k] = v
	}
	tampered.Set("MessageStatus", "failed")
	assert.False(t, twilio.ValidateCallback(fake.AuthToken(), delivered.url, tampered, delivered.signature), "tampered form")
	assert.False(t, twilio.ValidateCallback(fake.AuthToken(), srv.URL+"/other", delivered.form, delivered.signature), "other URL")
	assert.False(t, twilio.ValidateCallback("othertoken", delivered.url, delivered.form, delivered.signature), "other token")
	assert.False(t, twilio.ValidateCallback("", delivered.url, delivered.form, delivered.signature), "empty token")
	assert.False(t, twilio.ValidateCallback(fake.AuthToken(), delivered.url, delivered.form, ""), "no signature")

	// The fake's list reflects the final status too.
	assert.Eventually(t, func() bool { return fake.Messages()[0].Status == "delivered" }, time.Second, 5*time.Millisecond)
}

func TestUndeliveredCallbackCarriesErrorCode(t *testing.T) {
	fake, c := newPair(t)
	fake.DeliverAs("undelivered")
	srv, hooks := receiver(t)

	_, err := c.SendSMS(context.Background(), twilio.SMS{To: "+15551234567", Body: "hi", StatusCallback: srv.URL})
	require.NoError(t, err)
	assert.Equal(t, "sent", next(t, hooks).form.Get("MessageStatus"))
	final := next(t, hooks)
	assert.Equal(t, "undelivered", final.form.Get("MessageStatus"))
	assert.Equal(t, "30003", final.form.Get("ErrorCode"))
}

func TestCallbacksCanBeTurnedOff(t *testing.T) {
	fake, c := newPair(t)
	fake.SetCallbacks(false)
	srv, hooks := receiver(t)

	_, err := c.SendSMS(context.Background(), twilio.SMS{To: "+15551234567", Body: "hi", StatusCallback: srv.URL})
	require.NoError(t, err)
	assert.Eventually(t, func() bool { return fake.Messages()[0].Status == "delivered" }, time.Second, 5*time.Millisecond)
	select {
	case h := <-hooks:
		t.Fatalf("unexpected callback %v", h.form.Get("MessageStatus"))
	default:
	}
}

func TestInboundStopOptsOut(t *testing.T) {
	fake, c := newPair(t)
	srv, hooks := receiver(t)
	ctx := context.Background()

	require.NoError(t, fake.SendInbound(ctx, srv.URL+"/webhooks/twilio/inbound", "+15551234567", "Stop"))
	in := next(t, hooks)
	assert.True(t, twilio.ValidateCallback(fake.AuthToken(), in.url, in.form, in.signature))
	assert.Equal(t, "Stop", in.form.Get("Body"))
	assert.Equal(t, "+15551234567", in.form.Get("From"))
	assert.Equal(t, fake.PhoneNumber(), in.form.Get("To"))
	assert.Equal(t, fake.AccountSID(), in.form.Get("AccountSid"))
	assert.Regexp(t, `^SM[0-9a-f]{32}$`, in.form.Get("MessageSid"))
	assert.Equal(t, "STOP", in.form.Get("OptOutType"))

	_, err := c.SendSMS(ctx, twilio.SMS{To: "+15551234567", Body: "promo"})
	require.Error(t, err)
	assert.Equal(t, twilio.CodeUnsubscribed, twilio.ErrorCode(err))
	assert.True(t, twilio.IsPermanent(err))

	require.NoError(t, fake.SendInbound(ctx, srv.URL, "+15551234567", "START"))
	next(t, hooks)
	_, err = c.SendSMS(ctx, twilio.SMS{To: "+15551234567", Body: "welcome back"})
	require.NoError(t, err)
}

func TestSendInboundReportsWebhookFailure(t *testing.T) {
	fake := twiliofake.New()
	t.Cleanup(fake.Close)
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusForbidden) }))
	t.Cleanup(bad.Close)
	assert.Error(t, fake.SendInbound(context.Background(), bad.URL, "+15551234567", "hello"))
}
