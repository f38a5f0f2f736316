package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
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

// refuseCounterTablets answers 403 to a counter tablet's token: the device
// is in customers' hands, so it sees no appointment lists and sends nothing.
func refuseCounterTablets(c *gin.Context) {
	if claimsOf(c).RoleID == enums.RoleIDCounterTablet {
		fail(c, http.StatusForbidden, "a counter tablet may only use the desk check-in endpoints")
		return
	}
	c.Next()
}

func claimsOf(c *gin.Context) auth.Claims {
	v, _ := c.Get(ctxClaims)
	cl, _ := v.(auth.Claims)
	return cl
}
