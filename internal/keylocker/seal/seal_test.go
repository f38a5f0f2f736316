package seal

import (
	"strings"
	"testing"
)

func TestSealIsDeterministicPerPurposeAndOpens(t *testing.T) {
	if err := SetSecret([]byte("0123456789abcdef-seal-test")); err != nil {
		t.Fatal(err)
	}
	a := Seal(PurposeKeyLockerPIN, "123456")
	if !strings.HasPrefix(a, Prefix) || strings.Contains(a, "123456") {
		t.Fatalf("sealed %q", a)
	}
	if a != Seal(PurposeKeyLockerPIN, "123456") {
		t.Fatal("the same PIN must seal alike (look-ups compare sealed forms)")
	}
	if a == Seal(PurposeBookingCode, "123456") || a == Seal(PurposeKeyLockerPIN, "123457") {
		t.Fatal("another purpose or value must seal differently")
	}
	if v, err := Open(PurposeKeyLockerPIN, a); err != nil || v != "123456" {
		t.Fatalf("open: %q %v", v, err)
	}
	if _, err := Open(PurposeBookingCode, a); err == nil {
		t.Fatal("a value of another purpose must not open")
	}
	if Seal(PurposeKeyLockerPIN, "") != "" {
		t.Fatal("empty stays empty")
	}
	if v, err := Open(PurposeKeyLockerPIN, "654321"); err != nil || v != "654321" {
		t.Fatal("a value stored in clear before sealing reads as is")
	}
	if err := SetSecret([]byte("another-secret-0123456789")); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(PurposeKeyLockerPIN, a); err == nil {
		t.Fatal("another secret must not open it")
	}
	if SetSecret([]byte("short")) == nil {
		t.Fatal("a short secret is refused")
	}
}
