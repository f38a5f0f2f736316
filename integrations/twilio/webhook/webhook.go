// Package webhook checks Twilio's signed callbacks (X-Twilio-Signature)
// without the twilio-go SDK, so the API that receives them does not depend
// on the SDK that sends. The algorithm is the SDK's RequestValidator
// (v1.31.0, github.com/twilio/twilio-go/client/request_validator.go);
// integrations/twilio's tests compare the two on every case they try.
package webhook

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/url"
	"sort"
	"strings"
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
	keys := make([]string, 0, len(form))
	for k, v := range form {
		if len(v) > 0 { // the first value of each parameter, as the SDK
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var params strings.Builder
	for _, k := range keys {
		params.WriteString(k)
		params.WriteString(form[k][0])
	}
	// Twilio signs the URL with or without the default port, inconsistently:
	// accept either.
	return equal(sign(authToken, addPort(fullURL)+params.String()), signature) ||
		equal(sign(authToken, removePort(fullURL)+params.String()), signature)
}

func sign(authToken, s string) string {
	h := hmac.New(sha1.New, []byte(authToken))
	h.Write([]byte(s))
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

func equal(x, y string) bool { return subtle.ConstantTimeCompare([]byte(x), []byte(y)) == 1 }

func addPort(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Port() != "" {
		return raw
	}
	port := 80
	if u.Scheme == "https" {
		port = 443
	}
	u.Host = fmt.Sprintf("%s:%d", u.Host, port)
	return u.String()
}

func removePort(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Port() == "" {
		return raw
	}
	u.Host = strings.Split(u.Host, ":")[0]
	return u.String()
}
