// Package seal encrypts the key-locker secrets kept in the database: the
// PINs of KeyLockerCommunication rows and the door codes of ACSES bookings.
// Both must be shown again (sent to the customer, handed to staff), so they
// are encrypted, not hashed (communication keys, which are only compared,
// are hashed: internal/keys). Both are also looked up by value (the PIN
// typed at the locker finds its row), so the encryption is deterministic:
// AES-256-GCM with a synthetic nonce, HMAC-SHA256(nonce key, purpose|value),
// as in SIV. Equal values of one purpose seal alike (nothing else is
// learned: a nonce is reused only for the same value), and a lookup by
// value compares sealed forms, never clear ones.
//
// Stored form: "s1:" + base64url(nonce || ciphertext+tag); "" stays "".
// A value without the prefix is a row written before sealing: it reads as
// is; SealLegacy (internal/keylocker) rewrites such rows sealed.
//
// The key is derived from PITSTOP_KEY_SECRET (SetSecret, called by
// package app before the database is used). A process that never calls it
// seals with a random key of its own: nothing is ever stored in clear, and
// tests need no wiring, but such values cannot be read by another process.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"entgo.io/ent/schema/field"
)

// Prefix marks a sealed value.
const Prefix = "s1:"

type keys struct {
	aead  cipher.AEAD
	nonce []byte
}

var (
	mu      sync.RWMutex
	current *keys
)

func derive(secret []byte, label string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("pitstop keylocker seal|" + label))
	return m.Sum(nil)
}

func newKeys(secret []byte) *keys {
	block, err := aes.NewCipher(derive(secret, "enc"))
	if err != nil {
		panic(err) // a 32-byte key never fails
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return &keys{aead: aead, nonce: derive(secret, "nonce")}
}

// SetSecret sets the secret the sealing key is derived from (the
// configuration's PITSTOP_KEY_SECRET).
func SetSecret(secret []byte) error {
	if len(secret) < 16 {
		return errors.New("seal: the secret needs at least 16 bytes")
	}
	mu.Lock()
	defer mu.Unlock()
	current = newKeys(secret)
	return nil
}

func get() *keys {
	mu.RLock()
	k := current
	mu.RUnlock()
	if k != nil {
		return k
	}
	mu.Lock()
	defer mu.Unlock()
	if current == nil {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			panic(err)
		}
		current = newKeys(b)
	}
	return current
}

// Seal encrypts v for purpose ("" stays "").
func Seal(purpose, v string) string {
	if v == "" {
		return ""
	}
	k := get()
	m := hmac.New(sha256.New, k.nonce)
	m.Write([]byte(purpose + "|" + v))
	nonce := m.Sum(nil)[:k.aead.NonceSize()]
	out := k.aead.Seal(append([]byte(nil), nonce...), nonce, []byte(v), []byte(purpose))
	return Prefix + base64.RawURLEncoding.EncodeToString(out)
}

// Open decrypts a stored value of purpose; a value without Prefix (written
// before sealing) is returned as is.
func Open(purpose, stored string) (string, error) {
	if !strings.HasPrefix(stored, Prefix) {
		return stored, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(stored[len(Prefix):])
	k := get()
	if err != nil || len(b) < k.aead.NonceSize() {
		return "", fmt.Errorf("seal: %s: not a sealed value", purpose)
	}
	n := k.aead.NonceSize()
	v, err := k.aead.Open(nil, b[:n], b[n:], []byte(purpose))
	if err != nil {
		return "", fmt.Errorf("seal: %s: cannot open (another PITSTOP_KEY_SECRET?)", purpose)
	}
	return string(v), nil
}

// Sealed is the ent ValueScanner of a sealed string column: the Go value
// is clear, the column holds Seal(Purpose, value), and predicates on the
// field compare sealed forms.
type Sealed struct{ Purpose string }

var _ field.TypeValueScanner[string] = Sealed{}

// Value implements field.TypeValueScanner.
func (s Sealed) Value(v string) (driver.Value, error) { return Seal(s.Purpose, v), nil }

// ScanValue implements field.TypeValueScanner.
func (Sealed) ScanValue() field.ValueScanner { return &sql.NullString{} }

// FromValue implements field.TypeValueScanner.
func (s Sealed) FromValue(v driver.Value) (string, error) {
	ns, ok := v.(*sql.NullString)
	if !ok {
		return "", fmt.Errorf("seal: unexpected %T", v)
	}
	if !ns.Valid {
		return "", nil
	}
	return Open(s.Purpose, ns.String)
}

// Purposes of the sealed columns.
const (
	PurposeKeyLockerPIN = "key_locker_communications.pin"
	PurposeBookingCode  = "bookings.code"
	// PurposeKioskCode: an appointment's kiosk code (internal/kioskcheckin).
	PurposeKioskCode = "appointments.kiosk_code"
)
