package httpx

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Context keys set by RequireStaff.
const (
	UserIDKey = "pitstop.user_id"
	ctxClaims = "pitstop.claims"
)

// Token users are looked up at most this long ago: disabling a user, changing
// its role or locations, or its password, refuses its tokens within a minute on every
// API instance (at once on the instance that made the change).
const (
	DefaultTokenUserTTL = 30 * time.Second
	maxTokenUserTTL     = time.Minute
	maxTokenUsersCached = 10_000
)

// RequireStaff accepts only a valid bearer token ("Authorization:
// Bearer <token>") whose user exists, is active and really has the role and
// the locations the token claims; anything else answers 401 in the spec's
// shape. A signature alone proves only that we minted the token once.
func RequireStaff(tokens *auth.Issuer, users *TokenUserCache, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.GetHeader("Authorization")
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			Write(c, Unauthorized("missing bearer token"))
			return
		}
		claims, err := tokens.Verify(strings.TrimSpace(token), now())
		if err != nil {
			Write(c, Unauthorized(err.Error()))
			return
		}
		u, err := users.get(c.Request.Context(), claims.UserID)
		if err != nil {
			Write(c, Internal(err))
			return
		}
		if msg := tokenMismatch(claims, u); msg != "" {
			Write(c, Unauthorized(msg))
			return
		}
		c.Set(UserIDKey, claims.UserID)
		c.Set(ctxClaims, claims)
		c.Next()
	}
}

// tokenMismatch says why a token's claims are not its user's ("" when they are).
func tokenMismatch(cl auth.Claims, u *tokenUser) string {
	switch {
	case u == nil:
		return "the token's user does not exist"
	case u.status != enums.UserStatusIDActive:
		return "this user is disabled"
	case u.role != cl.RoleID:
		return "the token's role is not the user's"
	case u.credentialVersion != cl.CredentialVersion:
		return "the user's password changed since this token was issued"
	// A token without a dealer grants less (no dealer administration).
	case cl.DealerID != 0 && cl.DealerID != u.dealerID:
		return "the token's dealer is not the user's"
	}
	for _, l := range cl.LocationIDs {
		if !slices.Contains(u.locationIDs, l) {
			return "the token names a location the user may not act on"
		}
	}
	return ""
}

// tokenUser is what a token is checked against.
type tokenUser struct {
	status      enums.UserStatusID
	role        enums.RoleID
	dealerID    int
	locationIDs []int
	// credentialVersion is raised by a password change (tokens name theirs).
	credentialVersion int
}

// TokenUserCache remembers users (and users that do not exist) for ttl.
type TokenUserCache struct {
	db  *ent.Client
	ttl time.Duration
	mu  sync.Mutex
	m   map[int]cachedTokenUser
}

type cachedTokenUser struct {
	u  *tokenUser // nil: no such user
	at time.Time
}

func NewTokenUserCache(db *ent.Client, ttl time.Duration) *TokenUserCache {
	if ttl <= 0 {
		ttl = DefaultTokenUserTTL
	}
	return &TokenUserCache{db: db, ttl: min(ttl, maxTokenUserTTL), m: map[int]cachedTokenUser{}}
}

func (t *TokenUserCache) get(ctx context.Context, id int) (*tokenUser, error) {
	if t == nil {
		return nil, errors.New("no user database to check tokens against")
	}
	t.mu.Lock()
	e, ok := t.m[id]
	t.mu.Unlock()
	if ok && time.Since(e.at) < t.ttl {
		return e.u, nil
	}
	at := time.Now()
	row, err := t.db.User.Get(ctx, id)
	var u *tokenUser
	switch {
	case err == nil:
		u = &tokenUser{status: row.Status, role: row.RoleID, dealerID: row.DealerID, locationIDs: row.LocationIds,
			credentialVersion: row.CredentialVersion}
	case !ent.IsNotFound(err):
		return nil, err
	}
	t.mu.Lock()
	if len(t.m) >= maxTokenUsersCached {
		clear(t.m)
	}
	t.m[id] = cachedTokenUser{u: u, at: at}
	t.mu.Unlock()
	return u, nil
}

// Forget drops a user whose row this instance just changed.
func (t *TokenUserCache) Forget(id int) {
	if t == nil {
		return
	}
	t.mu.Lock()
	delete(t.m, id)
	t.mu.Unlock()
}

// Claims are the signed-in caller's (set by RequireStaff).
func Claims(c *gin.Context) auth.Claims {
	v, _ := c.Get(ctxClaims)
	cl, _ := v.(auth.Claims)
	return cl
}
