package customer

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
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
// receptionist's key; a missing, wrong or rate-limited key is the error
// answered. Keys are never logged.
func (h *Handlers) byKey(c *gin.Context, key string) (com *ent.CustomerCommunication, receptionist bool, err error) {
	ip := c.ClientIP()
	// Only failures count, and a valid key always opens its communication:
	// a customer behind the same address as a guesser (a shared NAT, a
	// proxy not configured as trusted) is never locked out. A blocked
	// client's wrong keys answer 429 instead of 401.
	wrongKey := func() error {
		if h.keyFailures.Blocked(ip) {
			return httpx.Fail(http.StatusTooManyRequests, "too many requests with invalid keys, try again later")
		}
		h.keyFailures.Fail(ip)
		return httpx.Unauthorized("invalid communication key")
	}
	if key == "" {
		return nil, false, httpx.Invalid("key: required")
	}
	if !keys.WellFormed(key) {
		return nil, false, wrongKey()
	}
	hash := keys.Hash(key)
	com, err = h.DB.CustomerCommunication.Query().Where(customercommunication.Or(
		customercommunication.CustomerKeyHash(hash), customercommunication.ReceptionistKeyHash(hash))).Only(c.Request.Context())
	if ent.IsNotFound(err) {
		return nil, false, wrongKey()
	}
	if err != nil {
		return nil, false, httpx.Internal(err)
	}
	return com, com.ReceptionistKeyHash == hash, nil
}
