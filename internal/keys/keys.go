// Package keys makes the secrets customers and receptionists hold: the
// communication keys in links and locker PINs.
//
// A communication key is never stored. It is derived as
// HMAC-SHA256(server secret, kind|communication id|salt), so the database holds
// only a random salt and the key's SHA-256 hash: a leaked database reveals no
// working link, yet the server can rebuild the same key for every resend (the
// spec wants one key per appointment for its whole life).
package keys

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"net/mail"
	"strconv"
	"strings"
	"unicode"

	"github.com/pitstop-dev/pitstop/internal/phone"
)

// Kind separates the customer's key from the receptionist's.
type Kind string

const (
	Customer     Kind = "customer"
	Receptionist Kind = "receptionist"
)

// KeyLength is the length of a derived key: 43 URL-safe characters (256 bits).
const KeyLength = 43

// NewSalt returns a fresh random salt to store beside a communication.
func NewSalt() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("keys: random salt: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// Derive rebuilds the key of one communication from the server secret.
func Derive(secret []byte, kind Kind, communicationID int, salt string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(string(kind) + "|" + strconv.Itoa(communicationID) + "|" + salt))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Hash is what the database stores and looks keys up by.
func Hash(key string) string {
	s := sha256.Sum256([]byte(key))
	return hex.EncodeToString(s[:])
}

// WellFormed rejects obviously wrong keys before any database look-up.
func WellFormed(key string) bool {
	if len(key) != KeyLength {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(key)
	return err == nil
}

// NewPIN returns a uniformly random numeric PIN of n digits.
func NewPIN(n int) (string, error) {
	out := make([]byte, n)
	for i := range out {
		d, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil {
			return "", fmt.Errorf("keys: random PIN: %w", err)
		}
		out[i] = byte('0' + d.Int64())
	}
	return string(out), nil
}

// Redact shortens a key for logs: enough to correlate, useless to an attacker.
func Redact(key string) string {
	if len(key) <= 4 {
		return "****"
	}
	return key[:4] + "…"
}

// RegNumberHashLength is the length of a RegNumberHash: 32 hex digits
// (128 bits of HMAC-SHA256).
const RegNumberHashLength = 32

// RegNumberHash is what Temporal's visibility store holds for a car's
// registration (the RegNumber search attribute, issue #26) instead of the
// plate, which an erasure could not reach there: HMAC-SHA256 with the
// server secret (PITSTOP_KEY_SECRET) over the normalised plate, truncated,
// in hex. The same plate, however typed ("ab-12 cd", "AB12CD"), gives the
// same hash, so ops still find a car (`pitstop admin regnumber-hash`); a
// hash names no plate without the secret. "" for a plate with no letter
// or digit (no attribute, rather than one hash shared by every car without
// a plate).
func RegNumberHash(secret []byte, plate string) string {
	p := NormalisePlate(plate)
	if p == "" {
		return ""
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("reg-number|" + p))
	return hex.EncodeToString(m.Sum(nil))[:RegNumberHashLength]
}

// NormalisePlate is a registration without separators, upper case: the
// same rule as contracts/kiosk.NormalisePlate (which this layer may not
// import), which the DMS import stores as reg_number_escaped.
func NormalisePlate(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// SubjectLength is the length of a ContactSubject: 24 hex digits (96 bits
// of HMAC-SHA256).
const SubjectLength = 24

// ContactSubject is the opaque name of one contact address (a phone number
// or an e-mail address, issue #26) in the workflow IDs of the messages it
// sends us (inbound-message-<subject>-..., sms-keyword-<subject>-...):
// HMAC-SHA256 with the server secret (PITSTOP_KEY_SECRET) over
// NormaliseContact(contact), truncated, in hex. Those workflows' payloads
// are sealed with the subject's data key (internal/custkeys), and erasing a
// customer erases the keys of the subjects of their numbers and addresses.
// Without the secret a subject names nobody. "" for an empty contact.
func ContactSubject(secret []byte, contact string) string {
	c := NormaliseContact(contact)
	if c == "" {
		return ""
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("contact|" + c))
	return hex.EncodeToString(m.Sum(nil))[:SubjectLength]
}

// NormaliseContact is the one spelling of a contact address: a phone
// number in E.164 (as Twilio sends it, and as phone.Normalize stores a
// customer's), an e-mail address in lower case without its display name
// ("Jan <Jan@Example.com>" is "jan@example.com"); anything else trimmed,
// in lower case.
func NormaliseContact(contact string) string {
	s := strings.TrimSpace(contact)
	if s == "" {
		return ""
	}
	if strings.Contains(s, "@") {
		if a, err := mail.ParseAddress(s); err == nil {
			s = a.Address
		}
		return strings.ToLower(strings.TrimSpace(s))
	}
	if n, err := phone.Normalize(s, ""); err == nil {
		return n
	}
	return strings.ToLower(s)
}

// IsSubject reports whether s has the shape of a ContactSubject.
func IsSubject(s string) bool {
	if len(s) != SubjectLength {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return false
		}
	}
	return true
}
