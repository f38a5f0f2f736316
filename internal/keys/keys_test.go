package keys

import (
	"strings"
	"testing"
)

func TestDeriveIsStableAndSeparated(t *testing.T) {
	secret := []byte("0123456789abcdef0123")
	a := Derive(secret, Customer, 7, "salt")
	if a != Derive(secret, Customer, 7, "salt") {
		t.Fatal("same inputs must give the same key (resends reuse it)")
	}
	for name, other := range map[string]string{
		"kind":   Derive(secret, Receptionist, 7, "salt"),
		"id":     Derive(secret, Customer, 8, "salt"),
		"salt":   Derive(secret, Customer, 7, "pepper"),
		"secret": Derive([]byte("another-secret-value"), Customer, 7, "salt"),
	} {
		if other == a {
			t.Errorf("changing the %s must change the key", name)
		}
	}
	if len(a) != KeyLength || !WellFormed(a) {
		t.Fatalf("key %q: want %d URL-safe characters", a, KeyLength)
	}
	if Hash(a) == a || len(Hash(a)) != 64 {
		t.Fatal("hash must be a hex SHA-256, not the key")
	}
}

func TestWellFormedRejectsJunk(t *testing.T) {
	for _, k := range []string{"", "short", strings.Repeat("*", KeyLength), strings.Repeat("a", KeyLength+1)} {
		if WellFormed(k) {
			t.Errorf("%q accepted", k)
		}
	}
}

func TestNewPINAndSalt(t *testing.T) {
	pin, err := NewPIN(6)
	if err != nil || len(pin) != 6 || strings.Trim(pin, "0123456789") != "" {
		t.Fatalf("pin %q err %v", pin, err)
	}
	s1, _ := NewSalt()
	s2, _ := NewSalt()
	if s1 == s2 || len(s1) != 32 {
		t.Fatalf("salts %q %q", s1, s2)
	}
	if Redact("abcdefgh") != "abcd…" || Redact("ab") != "****" {
		t.Fatal("redact")
	}
}

func TestRegNumberHashHidesThePlateAndFindsItHoweverTyped(t *testing.T) {
	secret := []byte("0123456789abcdef0123")
	h := RegNumberHash(secret, "AB-123-C")
	if len(h) != RegNumberHashLength || strings.Trim(h, "0123456789abcdef") != "" {
		t.Fatalf("want %d lower-case hex digits, got %q", RegNumberHashLength, h)
	}
	if strings.Contains(strings.ToUpper(h), "AB123C") {
		t.Fatalf("the hash %q shows the plate", h)
	}
	for _, typed := range []string{"ab-123-c", " AB 123 C ", "AB123C", "ab.123.c"} {
		if got := RegNumberHash(secret, typed); got != h {
			t.Errorf("%q hashes to %q, want %q (the same plate)", typed, got, h)
		}
	}
	if RegNumberHash(secret, "AB-123-D") == h {
		t.Error("another plate hashes the same")
	}
	if RegNumberHash([]byte("another-secret-value"), "AB-123-C") == h {
		t.Error("the hash does not depend on the secret")
	}
	if got := RegNumberHash(secret, " - "); got != "" {
		t.Errorf("a plate without letters or digits hashes to %q, want none", got)
	}
}

// A contact's subject is the same however its number or address is
// written, differs between contacts and secrets, and has the shape the
// workflow IDs and custkeys.SubjectOf expect.
func TestContactSubject(t *testing.T) {
	secret := []byte("k")
	jan := ContactSubject(secret, "+31612345678")
	for _, same := range []string{" +31 6 1234 5678", "+31-6-12345678", "+31 (6) 12345678"} {
		if got := ContactSubject(secret, same); got != jan {
			t.Errorf("%q: %s, want %s", same, got, jan)
		}
	}
	mail := ContactSubject(secret, "jan@example.com")
	for _, same := range []string{"Jan@Example.COM ", "Jan de Vries <jan@example.com>"} {
		if got := ContactSubject(secret, same); got != mail {
			t.Errorf("%q: %s, want %s", same, got, mail)
		}
	}
	if jan == mail || jan == ContactSubject(secret, "+31612345679") || jan == ContactSubject([]byte("other"), "+31612345678") {
		t.Error("two contacts, or two secrets, share a subject")
	}
	if !IsSubject(jan) || !IsSubject(mail) || len(jan) != SubjectLength {
		t.Errorf("%q %q: not a subject's shape", jan, mail)
	}
	if ContactSubject(secret, "  ") != "" || IsSubject("SM0123") || IsSubject(strings.ToUpper(jan)) {
		t.Error("an empty contact has no subject; a message SID is none")
	}
}
