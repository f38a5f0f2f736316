package callbacks_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/integrations/mailgun"
	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
	twiliofake "github.com/pitstop-dev/pitstop/integrations/twilio/fake"
	"github.com/pitstop-dev/pitstop/internal/routes"
)

// Refusals happen before any database access: these run without one. The
// accepted paths are covered end to end in e2e/notifications_test.go.

const testBase = "https://api.pitstop.example"

func callbackServer(t *testing.T, mg *mailgun.Client) http.Handler {
	t.Helper()
	return api.New(api.Deps{APIBaseURL: testBase, TwilioAuthToken: "twiliotoken", Mailgun: mg.Webhooks(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

func post(h http.Handler, path, contentType, body string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func errorBody(t *testing.T, w *httptest.ResponseRecorder) []string {
	t.Helper()
	var e httpx.ErrorBody
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &e), w.Body.String())
	return e.Errors
}

func TestTwilioCallbacksRefuseBadSignatures(t *testing.T) {
	h := callbackServer(t, nil)
	form := url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"delivered"}, "From": {"+31612345678"}, "Body": {"STOP"}}
	for _, path := range []string{routes.TwilioStatusPath, routes.TwilioInboundPath} {
		for name, sig := range map[string]string{
			"missing":       "",
			"other token":   twiliofake.Sign("othertoken", testBase+path, form),
			"other URL":     twiliofake.Sign("twiliotoken", "http://127.0.0.1:8080"+path, form),
			"other params":  twiliofake.Sign("twiliotoken", testBase+path, url.Values{"MessageSid": {"SM1"}}),
			"not even b64!": "%%%",
		} {
			w := post(h, path, "application/x-www-form-urlencoded", form.Encode(), map[string]string{"X-Twilio-Signature": sig})
			require.Equal(t, http.StatusForbidden, w.Code, "%s %s", path, name)
			require.Equal(t, []string{"invalid Twilio signature"}, errorBody(t, w))
		}
	}
}

func TestTwilioCallbacksNeedAToken(t *testing.T) {
	h := api.New(api.Deps{APIBaseURL: testBase, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	form := url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"delivered"}}
	w := post(h, routes.TwilioStatusPath, "application/x-www-form-urlencoded", form.Encode(),
		map[string]string{"X-Twilio-Signature": twiliofake.Sign("", testBase+routes.TwilioStatusPath, form)})
	require.Equal(t, http.StatusForbidden, w.Code, "an empty token would make signatures forgeable")
}

func TestInboundWithoutKeywordRepliesEmptyTwiML(t *testing.T) {
	h := callbackServer(t, nil)
	form := url.Values{"MessageSid": {"SM1"}, "From": {"+31612345678"}, "Body": {"See you tomorrow"}}
	path := routes.TwilioInboundPath
	w := post(h, path, "application/x-www-form-urlencoded", form.Encode(),
		map[string]string{"X-Twilio-Signature": twiliofake.Sign("twiliotoken", testBase+path, form)})
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "text/xml; charset=utf-8", w.Header().Get("Content-Type"))
	require.Equal(t, `<?xml version="1.0" encoding="UTF-8"?><Response/>`, w.Body.String())
}

// A keyword without a usable MessageSid cannot be applied once per message:
// it is refused (Twilio's SIDs are 34 characters), and no workflow starts
// (the server here has no Temporal client: a start would answer 503).
func TestInboundKeywordNeedsAMessageSid(t *testing.T) {
	h := callbackServer(t, nil)
	path := routes.TwilioInboundPath
	for _, sid := range []string{"", strings.Repeat("S", 65)} {
		form := url.Values{"MessageSid": {sid}, "From": {"+31612345678"}, "Body": {"Afmelden"}}
		w := post(h, path, "application/x-www-form-urlencoded", form.Encode(),
			map[string]string{"X-Twilio-Signature": twiliofake.Sign("twiliotoken", testBase+path, form)})
		require.Equal(t, http.StatusOK, w.Code, "a validation problem answers 200 with errors, as the spec says")
		require.JSONEq(t, `{"errors":["MessageSid: required, at most 64 characters"]}`, w.Body.String())
	}
}

func mailgunWebhook(key string, at time.Time, token string) string {
	ts := strconv.FormatInt(at.Unix(), 10)
	b, _ := json.Marshal(map[string]any{
		"signature":  map[string]string{"timestamp": ts, "token": token, "signature": mailgunfake.Sign(key, ts, token)},
		"event-data": map[string]any{"event": "opened", "id": "e1", "message": map[string]any{"headers": map[string]any{"message-id": "m1"}}},
	})
	return string(b)
}

func TestMailgunEventsRefuseForgedStaleAndReplayed(t *testing.T) {
	mg, err := mailgun.New(mailgun.Config{Domain: "mg.example.com", APIKey: "key", From: "a@mg.example.com", WebhookSigningKey: "signing"})
	require.NoError(t, err)
	h := callbackServer(t, mg)
	now := time.Now()
	for name, tc := range map[string]struct {
		body string
		want string
	}{
		"forged":      {mailgunWebhook("not-the-key", now, "t-forged"), "invalid Mailgun signature: webhook signature does not match"},
		"stale":       {mailgunWebhook("signing", now.Add(-time.Hour), "t-stale"), "invalid Mailgun signature: webhook timestamp outside tolerance"},
		"future":      {mailgunWebhook("signing", now.Add(time.Hour), "t-future"), "invalid Mailgun signature: webhook timestamp outside tolerance"},
		"no envelope": {`{"event-data":{"event":"delivered"}}`, "invalid Mailgun signature: webhook signature does not match"},
		"not JSON":    {`event=delivered`, "invalid Mailgun webhook payload"},
	} {
		w := post(h, routes.MailgunEventsPath, "application/json", tc.body, nil)
		require.Equal(t, http.StatusNotAcceptable, w.Code, name)
		require.Equal(t, []string{tc.want}, errorBody(t, w), name)
	}
	// An event that changes no status is acknowledged without the database;
	// the same token again is a replay.
	body := mailgunWebhook("signing", now, "t-once")
	require.Equal(t, http.StatusOK, post(h, routes.MailgunEventsPath, "application/json", body, nil).Code)
	w := post(h, routes.MailgunEventsPath, "application/json", body, nil)
	require.Equal(t, http.StatusNotAcceptable, w.Code)
	require.Equal(t, []string{"invalid Mailgun signature: webhook token already used"}, errorBody(t, w))
}

func TestMailgunEventsWithoutClientAreUnavailable(t *testing.T) {
	w := post(callbackServer(t, nil), routes.MailgunEventsPath, "application/json", mailgunWebhook("k", time.Now(), "t"), nil)
	require.Equal(t, http.StatusServiceUnavailable, w.Code)
}
