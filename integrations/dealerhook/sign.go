// Package dealerhook delivers Pitstop's events to dealers' own webhook URLs,
// signed per the Standard Webhooks convention so dealers can verify them with
// existing libraries. Retries are Temporal's job: Deliver makes one attempt.
package dealerhook

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Standard Webhooks header names.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// DefaultTolerance is used when Verify gets a tolerance <= 0.
const DefaultTolerance = 5 * time.Minute

// SecretPrefix marks a base64-encoded secret, as Standard Webhooks prints them.
const SecretPrefix = "whsec_"

// Distinct verification failures.
var (
	ErrNoSecret         = errors.New("dealerhook: no usable secret")
	ErrMissingHeaders   = errors.New("dealerhook: missing webhook-id, webhook-timestamp or webhook-signature")
	ErrInvalidTimestamp = errors.New("dealerhook: webhook-timestamp is not unix seconds")
	ErrTimestampTooOld  = errors.New("dealerhook: webhook-timestamp too old")
	ErrTimestampTooNew  = errors.New("dealerhook: webhook-timestamp too far in the future")
	ErrInvalidSignature = errors.New("dealerhook: no matching signature")
)

// key turns a secret into HMAC key bytes: "whsec_<base64>" is decoded,
// anything else is used raw.
func key(secret []byte) []byte {
	if rest, ok := bytes.CutPrefix(secret, []byte(SecretPrefix)); ok {
		if k, err := base64.StdEncoding.DecodeString(string(rest)); err == nil {
			return k
		}
	}
	return secret
}

func mac(k []byte, id string, ts int64, body []byte) []byte {
	h := hmac.New(sha256.New, k)
	h.Write([]byte(id + "." + strconv.FormatInt(ts, 10) + "."))
	h.Write(body)
	return h.Sum(nil)
}

// Sign returns the webhook-signature value "v1,<base64 HMAC-SHA256 of
// id.timestamp.body>".
func Sign(secret []byte, id string, ts time.Time, body []byte) string {
	return "v1," + base64.StdEncoding.EncodeToString(mac(key(secret), id, ts.Unix(), body))
}

// Verify checks a delivery's headers against any of several secrets (key
// rotation) and any of the space-separated v1 signatures in the header.
func Verify(secrets [][]byte, headers http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	id, rawTS, sigs := headers.Get(HeaderID), headers.Get(HeaderTimestamp), headers.Get(HeaderSignature)
	if id == "" || rawTS == "" || sigs == "" {
		return ErrMissingHeaders
	}
	ts, err := strconv.ParseInt(rawTS, 10, 64)
	if err != nil {
		return ErrInvalidTimestamp
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	sent := time.Unix(ts, 0)
	if now.Sub(sent) > tolerance {
		return ErrTimestampTooOld
	}
	if sent.Sub(now) > tolerance {
		return ErrTimestampTooNew
	}
	var keys [][]byte
	for _, s := range secrets {
		// An empty key would make signatures forgeable by anyone.
		if k := key(s); len(k) > 0 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return ErrNoSecret
	}
	for _, sig := range strings.Fields(sigs) {
		version, value, ok := strings.Cut(sig, ",")
		if !ok || version != "v1" {
			continue // other schemes (e.g. v1a) are not ours to check
		}
		got, err := base64.StdEncoding.DecodeString(value)
		if err != nil {
			continue
		}
		for _, k := range keys {
			if hmac.Equal(got, mac(k, id, ts, body)) {
				return nil
			}
		}
	}
	return ErrInvalidSignature
}

// GenerateSecret makes a new "whsec_" secret with 32 random bytes.
func GenerateSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return SecretPrefix + base64.StdEncoding.EncodeToString(b), nil
}
