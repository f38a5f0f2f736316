package auth

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

func TestMintVerify(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	iss, err := NewIssuer("0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := iss.Mint(5, []int{1, 2}, enums.RoleIDReceptionist, time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	c, err := iss.Verify(tok, now.Add(time.Minute))
	if err != nil || c.UserID != 5 || !c.CanAccess(2) || c.CanAccess(3) {
		t.Fatalf("claims %+v err %v", c, err)
	}
	if _, err := iss.Verify(tok, now.Add(2*time.Hour)); err == nil {
		t.Fatal("expired token accepted")
	}
	other, _ := NewIssuer("another-secret-0000")
	if _, err := other.Verify(tok, now); err == nil {
		t.Fatal("token of another secret accepted")
	}
	none := jwt.NewWithClaims(jwt.SigningMethodNone, Claims{UserID: 5, RegisteredClaims: jwt.RegisteredClaims{Issuer: issuer, ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))}})
	s, _ := none.SignedString(jwt.UnsafeAllowNoneSignatureType)
	if _, err := iss.Verify(s, now); err == nil {
		t.Fatal("alg=none accepted")
	}
	if _, err := iss.Mint(0, nil, enums.RoleIDReceptionist, time.Hour, now); err == nil {
		t.Fatal("user 0 minted")
	}
	if _, err := NewIssuer("short"); err == nil {
		t.Fatal("short secret accepted")
	}
	admin := Claims{UserID: 1, RoleID: enums.RoleIDTopLevel}
	if !admin.CanAccess(99) {
		t.Fatal("top level role must see every location")
	}
}
