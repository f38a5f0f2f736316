package api

import (
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/internal/auth"
)

// Context keys set by requireReceptionist.
const (
	ctxUserID = "pitstop.user_id"
	ctxClaims = "pitstop.claims"
)

// requireReceptionist accepts only a valid bearer token ("Authorization:
// Bearer <token>"); anything else answers 401 in the spec's shape.
func requireReceptionist(iss *auth.Issuer, now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.GetHeader("Authorization")
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			unauthorized(c, "missing bearer token")
			return
		}
		claims, err := iss.Verify(strings.TrimSpace(token), now())
		if err != nil {
			unauthorized(c, err.Error())
			return
		}
		c.Set(ctxUserID, claims.UserID)
		c.Set(ctxClaims, claims)
		c.Next()
	}
}

func claimsOf(c *gin.Context) auth.Claims {
	v, _ := c.Get(ctxClaims)
	cl, _ := v.(auth.Claims)
	return cl
}
