package twilio_test

import (
	"net/url"
	"testing"

	twclient "github.com/twilio/twilio-go/client"

	twiliofake "github.com/pitstop-dev/pitstop/integrations/twilio/fake"
	"github.com/pitstop-dev/pitstop/integrations/twilio/webhook"
)

// sdkValidate is the check as twilio-go does it (what ValidateCallback
// called before it moved to the SDK-free webhook package).
func sdkValidate(authToken, fullURL string, form url.Values, signature string) bool {
	if authToken == "" || signature == "" {
		return false
	}
	params := make(map[string]string, len(form))
	for k, v := range form {
		if len(v) > 0 {
			params[k] = v[0]
		}
	}
	v := twclient.NewRequestValidator(authToken)
	return v.Validate(fullURL, params, signature)
}

// FuzzWebhookMatchesSDK: the API's SDK-free check of X-Twilio-Signature
// answers as twilio-go's RequestValidator on signatures made for the URL
// with and without its default port, on tampered ones and on garbage.
func FuzzWebhookMatchesSDK(f *testing.F) {
	for _, u := range []string{
		"https://api.example.com/v1/notifications/twilio/status?x=1",
		"https://api.example.com:443/v1/notifications/twilio/status",
		"http://127.0.0.1:8080/v1/notifications/twilio/inbound",
		"http://localhost/cb",
		"://bad url",
		"",
	} {
		f.Add("tok3n", u, "MessageSid", "SM123", "MessageStatus", "delivered", "")
		f.Add("tok3n", u, "", "", "Body", "STOP", "garbage")
	}
	f.Fuzz(func(t *testing.T, token, rawURL, k1, v1, k2, v2, sig string) {
		form := url.Values{}
		if k1 != "" {
			form.Add(k1, v1)
		}
		if k2 != "" {
			form.Add(k2, v2)
		}
		cands := []string{sig, twiliofake.Sign(token, rawURL, form)}
		if u, err := url.Parse(rawURL); err == nil {
			if u.Port() == "" {
				u.Host += ":443"
			} else {
				u.Host = u.Hostname()
			}
			cands = append(cands, twiliofake.Sign(token, u.String(), form))
		}
		for _, s := range cands {
			for _, c := range []string{s, s + "x"} {
				if got, want := webhook.ValidateCallback(token, rawURL, form, c), sdkValidate(token, rawURL, form, c); got != want {
					t.Fatalf("ValidateCallback(%q, %q, %v, %q) = %v, the SDK says %v", token, rawURL, form, c, got, want)
				}
			}
		}
	})
}

// The fuzz seeds above include signatures both checks accept.
func TestWebhookAcceptsWhatTheSDKAccepts(t *testing.T) {
	form := url.Values{"MessageSid": {"SM123"}, "MessageStatus": {"delivered"}}
	for _, signed := range []string{"https://api.example.com/cb?x=1", "https://api.example.com:443/cb?x=1"} {
		sig := twiliofake.Sign("tok3n", signed, form)
		for _, called := range []string{"https://api.example.com/cb?x=1", "https://api.example.com:443/cb?x=1"} {
			if !webhook.ValidateCallback("tok3n", called, form, sig) || !sdkValidate("tok3n", called, form, sig) {
				t.Fatalf("signed for %s, called as %s: not accepted by both", signed, called)
			}
		}
	}
}
