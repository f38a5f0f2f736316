package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Passwords are hashed with argon2id and stored in the PHC string format
// ($argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>), so the parameters can be
// raised later without invalidating stored hashes: each hash names its own.
// The parameters follow RFC 9106's second recommended option scaled to a
// 2-core API host (64 MiB, 2 passes): about 60 ms per sign-in.
const (
	argonTime    = 2
	argonMemory  = 64 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
	// MinPasswordLen follows NIST SP 800-63B (at least 8 characters); we
	// ask for 10 since these are staff accounts with access to customer data.
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// ErrMismatch means the password does not match the hash.
var ErrMismatch = errors.New("auth: password does not match")

// CheckPasswordPolicy returns a problem sentence, or "" when the password is acceptable.
func CheckPasswordPolicy(pw string) string {
	n := len([]rune(pw))
	switch {
	case n < MinPasswordLen:
		return fmt.Sprintf("password: must be at least %d characters", MinPasswordLen)
	case n > MaxPasswordLen:
		return fmt.Sprintf("password: must be at most %d characters", MaxPasswordLen)
	case strings.ContainsRune(pw, 0):
		return "password: must not contain NUL bytes"
	}
	return ""
}

// HashPassword returns the PHC-encoded argon2id hash of pw with a fresh salt.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword compares pw with a hash made by HashPassword in constant time.
func VerifyPassword(pw, encoded string) error {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return errors.New("auth: not an argon2id hash")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return errors.New("auth: unsupported argon2 version")
	}
	var mem, iters uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &iters, &threads); err != nil {
		return errors.New("auth: bad argon2 parameters")
	}
	if mem > 1<<20 || iters > 16 || threads == 0 {
		return errors.New("auth: argon2 parameters out of range")
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return errors.New("auth: bad salt")
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return errors.New("auth: bad hash")
	}
	got := argon2.IDKey([]byte(pw), salt, iters, mem, threads, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

// dummyHash is verified against when the e-mail is unknown, so an unknown
// account costs the same time as a wrong password (no account enumeration).
var dummyHash, _ = HashPassword("pitstop-dummy-password")

// BurnTime spends one verification's worth of time.
func BurnTime(pw string) { _ = VerifyPassword(pw, dummyHash) }
