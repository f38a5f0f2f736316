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
	"strconv"
	"strings"
	"unicode"
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
