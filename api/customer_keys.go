package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/internal/keys"
)

// keyRequest carries a communication key. The spec names it "key" in some
// payloads and "communication_key" in others; both are accepted everywhere.
type keyRequest struct {
	Key              string `json:"key" form:"key"`
	CommunicationKey string `json:"communication_key" form:"communication_key"`
}

func (k keyRequest) value() string {
	if k.Key != "" {
		return strings.TrimSpace(k.Key)
	}
	return strings.TrimSpace(k.CommunicationKey)
}

// byKey finds the communication a key opens and whether it is the
// receptionist's key. It answers the request itself (and returns ok false)
// for a missing, wrong or rate-limited key. Keys are never logged.
func (s *Server) byKey(c *gin.Context, key string) (com *ent.CustomerCommunication, receptionist, ok bool) {
	ip := c.ClientIP()
	// Only failures count, and a valid key always opens its communication:
	// a customer behind the same address as a guesser (a shared NAT, a
	// proxy not configured as trusted) is never locked out. A blocked
	// client's wrong keys answer 429 instead of 401.
	wrongKey := func() {
		if s.keyFailures.Blocked(ip) {
			fail(c, http.StatusTooManyRequests, "too many requests with invalid keys, try again later")
			return
		}
		s.keyFailures.Fail(ip)
		unauthorized(c, "invalid communication key")
	}
	if key == "" {
		invalid(c, "key: required")
		return nil, false, false
	}
	if !keys.WellFormed(key) {
		wrongKey()
		return nil, false, false
	}
	h := keys.Hash(key)
	com, err := s.DB.CustomerCommunication.Query().Where(customercommunication.Or(
		customercommunication.CustomerKeyHash(h), customercommunication.ReceptionistKeyHash(h))).Only(c.Request.Context())
	if ent.IsNotFound(err) {
		wrongKey()
		return nil, false, false
	}
	if err != nil {
		internal(c, err)
		return nil, false, false
	}
	return com, com.ReceptionistKeyHash == h, true
}
