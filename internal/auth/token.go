// Package auth mints and checks receptionist bearer tokens: HS256 JWTs that
// carry the user, the locations the user may act on, and the user's role.
package auth

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

const issuer = "pitstop"

// Claims is what a token asserts about its bearer.
type Claims struct {
	UserID      int          `json:"uid"`
	LocationIDs []int        `json:"loc"`
	RoleID      enums.RoleID `json:"role"`
	// DealerID is the dealer the user belongs to (0 for platform users and
	// for tokens minted before it existed); dealer admins administer it.
	DealerID int `json:"dlr,omitempty"`
	// CredentialVersion is the user's credential_version when the token was
	// minted: a password change raises it and so ends the older tokens.
	CredentialVersion int `json:"cv,omitempty"`
	jwt.RegisteredClaims
}

// CanAccess reports whether the bearer may act on a location. Top-level and
// Claire admin roles see every location, as the spec's RoleID table says.
func (c Claims) CanAccess(locationID int) bool {
	if c.RoleID == enums.RoleIDTopLevel || c.RoleID == enums.RoleIDClaireAdmin || c.RoleID == enums.RoleIDSupportAdmin {
		return true
	}
	return slices.Contains(c.LocationIDs, locationID)
}

// Issuer signs tokens with one secret.
type Issuer struct{ secret []byte }

// NewIssuer wants a secret of at least 16 bytes.
func NewIssuer(secret string) (*Issuer, error) {
	if len(secret) < 16 {
		return nil, errors.New("auth: token secret must be at least 16 bytes")
	}
	return &Issuer{secret: []byte(secret)}, nil
}

// Mint returns a signed token valid for ttl.
func (i *Issuer) Mint(userID int, locationIDs []int, role enums.RoleID, ttl time.Duration, now time.Time) (string, error) {
	return i.MintFor(Subject{UserID: userID, LocationIDs: locationIDs, RoleID: role}, ttl, now)
}

// Subject is who a token is for.
type Subject struct {
	UserID      int
	DealerID    int
	LocationIDs []int
	RoleID      enums.RoleID
	// CredentialVersion: the user's credential_version (see Claims).
	CredentialVersion int
}

// MintFor returns a signed token for s valid for ttl.
func (i *Issuer) MintFor(s Subject, ttl time.Duration, now time.Time) (string, error) {
	userID, role := s.UserID, s.RoleID
	if userID <= 0 || !role.Valid() {
		return "", fmt.Errorf("auth: need a user id and a valid role (got %d, %d)", userID, role)
	}
	c := Claims{UserID: userID, LocationIDs: s.LocationIDs, RoleID: role, DealerID: s.DealerID,
		CredentialVersion: s.CredentialVersion, RegisteredClaims: jwt.RegisteredClaims{
			Issuer: issuer, Subject: fmt.Sprint(userID),
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
		}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(i.secret)
}

// ErrInvalidToken is returned for any token that must be refused.
var ErrInvalidToken = errors.New("invalid or expired token")

// Verify checks signature, algorithm, issuer and expiry.
func (i *Issuer) Verify(token string, now time.Time) (Claims, error) {
	var c Claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return i.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithIssuer(issuer),
		jwt.WithExpirationRequired(), jwt.WithTimeFunc(func() time.Time { return now }))
	if err != nil || c.UserID <= 0 {
		return Claims{}, ErrInvalidToken
	}
	return c, nil
}
