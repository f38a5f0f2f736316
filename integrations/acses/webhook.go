package acses

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
)

// The vendor signs events the way Pitstop signs its own dealer webhooks
// (Standard Webhooks, see NOTES.md), so the signing code is dealerhook's:
// one implementation, tested against the specification's published vector.

// Standard Webhooks header names on each event delivery.
const (
	HeaderID        = dealerhook.HeaderID        // the event's tablekey
	HeaderTimestamp = dealerhook.HeaderTimestamp // unix seconds of this attempt
	HeaderSignature = dealerhook.HeaderSignature // "v1,<base64>" [ " v1,<base64>" ...]
)

// Tolerance is how far a delivery's timestamp may be from now (Stripe's
// 300 s): it bounds replays of a captured delivery.
const Tolerance = 300 * time.Second

// Verification failures, for errors.Is.
var (
	ErrMissingHeaders   = dealerhook.ErrMissingHeaders
	ErrInvalidTimestamp = dealerhook.ErrInvalidTimestamp
	ErrTimestampTooOld  = dealerhook.ErrTimestampTooOld
	ErrTimestampTooNew  = dealerhook.ErrTimestampTooNew
	ErrInvalidSignature = dealerhook.ErrInvalidSignature
	ErrNoSecret         = dealerhook.ErrNoSecret
)

// Sign returns the webhook-signature value for one secret:
// "v1,<base64 HMAC-SHA256 of id.timestamp.body>". A "whsec_<base64>"
// secret is decoded first; any other secret is used as raw bytes.
func Sign(secret []byte, id string, ts time.Time, body []byte) string {
	return dealerhook.Sign(secret, id, ts, body)
}

// Verify checks a delivery against the locker system's secrets (several
// during a rotation) and any of the space-separated signatures in the
// header, with a timestamp tolerance of Tolerance around now.
func Verify(secrets [][]byte, header http.Header, body []byte, now time.Time) error {
	return dealerhook.Verify(secrets, header, body, now, Tolerance)
}

// BearerMatches reports whether header carries "Authorization: Bearer t"
// with t one of tokens (two during a rotation), compared in constant time
// with each; present reports whether a bearer token was sent at all.
func BearerMatches(tokens []string, header http.Header) (match, present bool) {
	got, ok := strings.CutPrefix(header.Get("Authorization"), "Bearer ")
	if !ok || got == "" {
		return false, false
	}
	for _, t := range tokens {
		if t != "" && subtle.ConstantTimeCompare([]byte(t), []byte(got)) == 1 {
			match = true
		}
	}
	return match, true
}

// ParseEvent decodes an event delivered with a bearer token (no signature
// to check); a webhook-id header, when sent, must be the event's tablekey.
func ParseEvent(header http.Header, body []byte) (Event, error) {
	var ev Event
	if err := json.Unmarshal(body, &ev); err != nil {
		return Event{}, fmt.Errorf("acses: event body: %w", err)
	}
	if id := header.Get(HeaderID); ev.ID == "" || (id != "" && id != ev.ID) {
		return Event{}, fmt.Errorf("acses: event tablekey %q does not match %s %q", ev.ID, HeaderID, id)
	}
	return ev, nil
}

// VerifyEvent verifies a delivery, decodes its body and checks that the
// webhook-id header is the event's tablekey, as the protocol promises, so a
// receiver may dedupe on either.
func VerifyEvent(secrets [][]byte, header http.Header, body []byte, now time.Time) (Event, error) {
	if err := Verify(secrets, header, body, now); err != nil {
		return Event{}, err
	}
	var ev Event
	if err := json.Unmarshal(body, &ev); err != nil {
		return Event{}, fmt.Errorf("acses: event body: %w", err)
	}
	if ev.ID == "" || ev.ID != header.Get(HeaderID) {
		return Event{}, fmt.Errorf("acses: event tablekey %q does not match %s %q", ev.ID, HeaderID, header.Get(HeaderID))
	}
	return ev, nil
}
