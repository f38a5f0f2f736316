package twilio

import (
	"net/url"

	twclient "github.com/twilio/twilio-go/client"
)

// ValidateCallback checks the X-Twilio-Signature of a status callback or an
// incoming-message webhook. fullURL must be the exact public URL Twilio
// called (scheme, host, path and query), not the one seen behind a proxy.
// The signature has no timestamp: dedupe on MessageSid + status.
func ValidateCallback(authToken, fullURL string, form url.Values, signature string) bool {
	if authToken == "" || signature == "" {
		// An empty key would make the HMAC forgeable by anyone.
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
