package twilio

import (
	"net/url"

	"github.com/pitstop-dev/pitstop/integrations/twilio/webhook"
)

// ValidateCallback is webhook.ValidateCallback: the check lives in the
// SDK-free subpackage so the API can import it without twilio-go.
func ValidateCallback(authToken, fullURL string, form url.Values, signature string) bool {
	return webhook.ValidateCallback(authToken, fullURL, form, signature)
}
