package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

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

// Every argon2id run takes its memory (64 MiB with our parameters) for about
// 60 ms, so the process bounds how many run at once: MaxConcurrentHashes
// slots, process-wide. A caller waits at most HashWait for a slot, then gets
// ErrBusy (the API answers 503, try again). With 4 slots the hashes hold at
// most 256 MiB; on a 2-core host more would only queue for the CPU anyway.
var (
	MaxConcurrentHashes = 4
	HashWait            = 3 * time.Second
)

// ErrBusy means every hashing slot stayed taken for HashWait.
var ErrBusy = errors.New("auth: too many password checks at once")

var (
	hashSlotsOnce sync.Once
	hashSlots     chan struct{}
)

// acquireHash takes a hashing slot (sized by MaxConcurrentHashes when first
// used), waiting at most HashWait or until ctx ends.
func acquireHash(ctx context.Context) error {
	hashSlotsOnce.Do(func() { hashSlots = make(chan struct{}, max(1, MaxConcurrentHashes)) })
	select {
	case hashSlots <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(HashWait)
	defer t.Stop()
	select {
	case hashSlots <- struct{}{}:
		return nil
	case <-t.C:
		return ErrBusy
	case <-ctx.Done():
		return ErrBusy
	}
}

func releaseHash() { <-hashSlots }

// Counters of the work done, for tests and metrics: argon2id runs (hashes
// and verifications), legacy SHA-256 comparisons, and the most argon2id runs
// seen at once.
var (
	argonRuns, legacyRuns, argonNow, argonPeak atomic.Int64
)

// Work is a snapshot of the counters.
type Work struct{ Argon2id, LegacySHA256, PeakConcurrentArgon2id int64 }

// WorkDone returns the counters.
func WorkDone() Work {
	return Work{Argon2id: argonRuns.Load(), LegacySHA256: legacyRuns.Load(), PeakConcurrentArgon2id: argonPeak.Load()}
}

// ResetPeak starts a new measurement of PeakConcurrentArgon2id.
func ResetPeak() { argonPeak.Store(argonNow.Load()) }

// idKey is argon2.IDKey inside a hashing slot, counted.
func idKey(ctx context.Context, pw, salt []byte, t, m uint32, p uint8, n uint32) ([]byte, error) {
	if err := acquireHash(ctx); err != nil {
		return nil, err
	}
	defer releaseHash()
	argonRuns.Add(1)
	now := argonNow.Add(1)
	defer argonNow.Add(-1)
	for {
		peak := argonPeak.Load()
		if now <= peak || argonPeak.CompareAndSwap(peak, now) {
			break
		}
	}
	return argon2.IDKey(pw, salt, t, m, p, n), nil
}

// HashPassword returns the PHC-encoded argon2id hash of pw with a fresh salt.
func HashPassword(pw string) (string, error) { return HashPasswordContext(context.Background(), pw) }

// HashPasswordContext is HashPassword; it gives up with ErrBusy when no
// hashing slot frees within HashWait or ctx ends first.
func HashPasswordContext(ctx context.Context, pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key, err := idKey(ctx, []byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	if err != nil {
		return "", err
	}
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword compares pw with a hash made by HashPassword in constant time.
func VerifyPassword(pw, encoded string) error {
	return VerifyPasswordContext(context.Background(), pw, encoded)
}

// VerifyPasswordContext is VerifyPassword; it returns ErrBusy when no
// hashing slot frees within HashWait or ctx ends first.
func VerifyPasswordContext(ctx context.Context, pw, encoded string) error {
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
	got, err := idKey(ctx, []byte(pw), salt, iters, mem, threads, uint32(len(want)))
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

// dummyHash is verified against when the e-mail is unknown, so an unknown
// account costs the same time as a wrong password (no account enumeration).
// It is made without a hashing slot (and uncounted) when the package loads.
var dummyHash = func() string {
	salt := make([]byte, saltLen)
	_, _ = rand.Read(salt)
	key := argon2.IDKey([]byte("pitstop-dummy-password"), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}()

// BurnTime spends one verification's worth of time.
func BurnTime(pw string) { _ = BurnTimeContext(context.Background(), pw) }

// BurnTimeContext spends one verification's worth of time and work (one
// argon2id run in a hashing slot); ErrBusy as VerifyPasswordContext.
func BurnTimeContext(ctx context.Context, pw string) error {
	if err := VerifyPasswordContext(ctx, pw, dummyHash); errors.Is(err, ErrBusy) {
		return err
	}
	return nil
}

// IsLegacySHA256 reports whether stored is a legacy hash: the hex SHA-256 of
// the password (64 hex digits), as the first release stored Carsys passwords.
func IsLegacySHA256(stored string) bool {
	if len(stored) != 64 {
		return false
	}
	_, err := hex.DecodeString(stored)
	return err == nil
}

// VerifyLegacySHA256 compares pw with a legacy hex SHA-256 hash in constant
// time; a stored value that is no such hash never matches, after the same work.
func VerifyLegacySHA256(pw, stored string) bool {
	legacyRuns.Add(1)
	h := sha256.Sum256([]byte(pw))
	got := []byte(hex.EncodeToString(h[:]))
	want := []byte(stored)
	if !IsLegacySHA256(stored) {
		want = make([]byte, len(got)) // compared all the same, never equal
	}
	return subtle.ConstantTimeCompare(got, want) == 1
}
