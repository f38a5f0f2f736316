package twiliofake_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	twiliofake "github.com/pitstop-dev/pitstop/integrations/twilio/fake"
)

func post(t *testing.T, s *twiliofake.Server, user, pass string, form url.Values) (*http.Response, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL()+"/2010-04-01/Accounts/"+s.AccountSID()+"/Messages.json", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(user, pass)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var body map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return resp, body
}

func TestUnauthenticatedGetsTwilioErrorShape(t *testing.T) {
	s := twiliofake.New()
	defer s.Close()
	resp, body := post(t, s, s.AccountSID(), "nope", url.Values{"To": {"+15551234567"}, "From": {"+15005550006"}, "Body": {"x"}})
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.EqualValues(t, 20003, body["code"])
	assert.Equal(t, "Authenticate", body["message"])
	assert.EqualValues(t, 401, body["status"])
	assert.Contains(t, body["more_info"], "20003")
}

func TestCreateReplyLooksLikeTwilio(t *testing.T) {
	s := twiliofake.New()
	defer s.Close()
	s.SetCallbacks(false)
	resp, body := post(t, s, s.AccountSID(), s.AuthToken(), url.Values{"To": {"+15551234567"}, "From": {"+15005550006"}, "Body": {"hello"}})
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Regexp(t, `^SM[0-9a-f]{32}$`, body["sid"])
	assert.Equal(t, "queued", body["status"])
	assert.Equal(t, "+15551234567", body["to"])
	assert.Equal(t, "+15005550006", body["from"])
	assert.Equal(t, "hello", body["body"])
	assert.Equal(t, "outbound-api", body["direction"])
	assert.Nil(t, body["date_sent"])
	assert.Regexp(t, `^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$`, body["date_created"])
}

func TestCreateValidations(t *testing.T) {
	s := twiliofake.New()
	defer s.Close()
	for name, tc := range map[string]struct {
		form url.Values
		code float64
	}{
		"missing to":   {url.Values{"From": {"+15005550006"}, "Body": {"x"}}, 21604},
		"missing from": {url.Values{"To": {"+15551234567"}, "Body": {"x"}}, 21603},
		"missing body": {url.Values{"To": {"+15551234567"}, "From": {"+15005550006"}}, 21602},
		"not e164":     {url.Values{"To": {"5551234567"}, "From": {"+15005550006"}, "Body": {"x"}}, 21211},
		"bad callback": {url.Values{"To": {"+15551234567"}, "From": {"+15005550006"}, "Body": {"x"}, "StatusCallback": {"ftp://x"}}, 21609},
	} {
		t.Run(name, func(t *testing.T) {
			resp, body := post(t, s, s.AccountSID(), s.AuthToken(), tc.form)
			assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
			assert.Equal(t, tc.code, body["code"])
		})
	}
	assert.Empty(t, s.Messages())
}

func TestSignMatchesTwilioGoTestVector(t *testing.T) {
	// The vector twilio-go checks against in its own test,
	// github.com/twilio/twilio-go/client/request_validator_test.go.
	form := url.Values{
		"Digits": {"1234"}, "CallSid": {"CA1234567890ABCDE"}, "To": {"+18005551212"},
		"Caller": {"+14158675309"}, "From": {"+14158675309"},
		"ReasonConferenceEnded": {"test"}, "Reason": {"Participant"},
	}
	got := twiliofake.Sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", form)
	assert.Equal(t, "vOEb5UThFn24KEfnOFLQY2AE5FY=", got)
}

// Forget deletes the messages named, and only them (an erasure's dev outbox).
func TestForgetDeletesOnlyTheNamedMessages(t *testing.T) {
	s := twiliofake.New()
	defer s.Close()
	s.SetCallbacks(false)
	_, a := post(t, s, s.AccountSID(), s.AuthToken(), url.Values{"To": {"+15551234567"}, "From": {"+15005550006"}, "Body": {"for the erased"}})
	_, b := post(t, s, s.AccountSID(), s.AuthToken(), url.Values{"To": {"+15557654321"}, "From": {"+15005550006"}, "Body": {"for another"}})
	require.Equal(t, 1, s.Forget(a["sid"].(string), "SMunknown"))
	left := s.Messages()
	require.Len(t, left, 1)
	assert.Equal(t, b["sid"], left[0].SID)
	assert.Equal(t, 0, s.Forget(a["sid"].(string)), "forgotten once")
}
