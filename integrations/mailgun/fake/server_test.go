package mailgunfake_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	mg "github.com/mailgun/mailgun-go/v4"
	"github.com/mailgun/mailgun-go/v4/events"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
)

func sdk(s *mailgunfake.Server) *mg.MailgunImpl {
	c := mg.NewMailgun(s.Domain(), s.APIKey())
	c.SetAPIBase(s.URL() + "/v3")
	return c
}

func postForm(t *testing.T, s *mailgunfake.Server, form url.Values) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL()+"/v3/"+s.Domain()+"/messages", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("api", s.APIKey())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var body map[string]string
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return resp.StatusCode, body["message"]
}

func TestURLEncodedSendAndValidation(t *testing.T) {
	s := mailgunfake.New()
	defer s.Close()
	ok := url.Values{"from": {"a@mg.pitstop.test"}, "to": {"Kunde <k@example.com>, b@example.com"}, "subject": {"s"}, "text": {"t"}, "v:ref": {"R"}}
	code, msg := postForm(t, s, ok)
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "Queued. Thank you.", msg)
	require.Len(t, s.Messages(), 1)
	assert.Equal(t, []string{"k@example.com", "b@example.com"}, s.Messages()[0].To)
	assert.Equal(t, "R", s.Messages()[0].Variables["ref"])

	for field, want := range map[string]string{"from": "from parameter is missing", "to": "to parameter is missing", "subject": "subject parameter is missing", "text": "Need at least one"} {
		f := url.Values{}
		for k, v := range ok {
			f[k] = v
		}
		f.Del(field)
		code, msg := postForm(t, s, f)
		assert.Equal(t, http.StatusBadRequest, code, field)
		assert.Contains(t, msg, want)
	}
	bad := url.Values{"from": {"a@mg.pitstop.test"}, "to": {"k@localhost"}, "subject": {"s"}, "text": {"t"}}
	code, msg = postForm(t, s, bad)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, msg, "not a valid address")
	assert.Len(t, s.Messages(), 1)
}

func TestEventsPageThroughTheSDK(t *testing.T) {
	s := mailgunfake.New()
	defer s.Close()
	c := sdk(s)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		m := mg.NewMessage("a@mg.pitstop.test", "s", "t", "k@example.com")
		require.NoError(t, m.AddVariable("batch", "one"))
		_, _, err := c.Send(ctx, m)
		require.NoError(t, err)
	}
	other := mg.NewMessage("a@mg.pitstop.test", "s", "t", "k@example.com")
	require.NoError(t, other.AddVariable("batch", "two"))
	_, _, err := c.Send(ctx, other)
	require.NoError(t, err)

	it := c.ListEvents(&mg.ListEventOptions{Limit: 2, Filter: map[string]string{"event": "accepted", "user-variables": `{"batch":"one"}`}})
	var page []mg.Event
	seen := map[string]bool{}
	pages := 0
	for it.Next(ctx, &page) {
		pages++
		for _, e := range page {
			a, ok := e.(*events.Accepted)
			require.True(t, ok)
			assert.Equal(t, "one", a.UserVariables.(map[string]any)["batch"])
			seen[a.Message.Headers.MessageID] = true
		}
	}
	require.NoError(t, it.Err())
	assert.Len(t, seen, 5)
	assert.Equal(t, 3, pages)
}

func TestFailNextThenRecover(t *testing.T) {
	s := mailgunfake.New()
	defer s.Close()
	c := sdk(s)
	s.FailNext(1, http.StatusInternalServerError)
	_, _, err := c.Send(context.Background(), mg.NewMessage("a@mg.pitstop.test", "s", "t", "k@example.com"))
	var ue *mg.UnexpectedResponseError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, 500, ue.Actual)
	_, id, err := c.Send(context.Background(), mg.NewMessage("a@mg.pitstop.test", "s", "t", "k@example.com"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(id, "<") && strings.HasSuffix(id, "@"+s.Domain()+">"))
}

func TestSignMatchesSDKVerification(t *testing.T) {
	c := mg.NewMailgun("d", "k")
	c.SetWebhookSigningKey("signing-key")
	ok, err := c.VerifyWebhookSignature(mg.Signature{TimeStamp: "1700000000", Token: "abc", Signature: mailgunfake.Sign("signing-key", "1700000000", "abc")})
	require.NoError(t, err)
	assert.True(t, ok)
}

// Forget deletes the messages named (with or without angle brackets), and
// only them (an erasure's dev outbox).
func TestForgetDeletesOnlyTheNamedMessages(t *testing.T) {
	s := mailgunfake.New()
	defer s.Close()
	for _, to := range []string{"erased@example.com", "other@example.com"} {
		code, _ := postForm(t, s, url.Values{"from": {"a@mg.pitstop.test"}, "to": {to}, "subject": {"s"}, "text": {"t"}})
		require.Equal(t, http.StatusOK, code)
	}
	msgs := s.Messages()
	require.Len(t, msgs, 2)
	require.Equal(t, 1, s.Forget("<"+msgs[0].ID+">", "unknown@mg.pitstop.test"))
	left := s.Messages()
	require.Len(t, left, 1)
	assert.Equal(t, []string{"other@example.com"}, left[0].To)
}
