package auth

import (
	"strings"
	"testing"
)

func TestPasswordHashVerify(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=2,p=1$") {
		t.Fatalf("unexpected encoding %q", h)
	}
	if err := VerifyPassword("correct horse battery", h); err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	if err := VerifyPassword("correct horse batterY", h); err != ErrMismatch {
		t.Fatalf("wrong password: got %v", err)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password must differ (salt)")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=99999999,t=1,p=1$AA$AA"} {
		if VerifyPassword("x", bad) == nil {
			t.Fatalf("%q accepted", bad)
		}
	}
	if CheckPasswordPolicy("short") == "" || CheckPasswordPolicy("long enough pw") != "" || CheckPasswordPolicy("abcdefghij\x00") == "" {
		t.Fatal("policy")
	}
}
