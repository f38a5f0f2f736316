package customer

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/readdoc"
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

// byKey finds the communication a key opens (its whole row) and whether it
// is the receptionist's key; a missing, wrong or rate-limited key is the
// error answered. Keys are never logged.
func (h *Handlers) byKey(c *gin.Context, key string) (com *ent.CustomerCommunication, receptionist bool, err error) {
	return h.lookUpKey(c, key, func(ctx context.Context, hash string) (*ent.CustomerCommunication, error) {
		return h.DB.CustomerCommunication.Query().Where(customercommunication.Or(
			customercommunication.CustomerKeyHash(hash), customercommunication.ReceptionistKeyHash(hash))).Only(ctx)
	})
}

// byKeyForRead is byKey for the read: the same key rules, only the fields
// the read uses (ID, AppointmentID, Status, Document, DocumentVersion,
// ReceptionistKeyHash, ReceptionistKeySalt), by readdoc.ByKeyHash's
// constant statement, the customer's key hash first.
func (h *Handlers) byKeyForRead(c *gin.Context, key string) (com *ent.CustomerCommunication, receptionist bool, err error) {
	return h.lookUpKey(c, key, func(ctx context.Context, hash string) (*ent.CustomerCommunication, error) {
		r, found, err := readdoc.ByKeyHash(ctx, h.DB.SQL, hash)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, &ent.NotFoundError{}
		}
		com := &ent.CustomerCommunication{ID: r.ID, AppointmentID: r.AppointmentID, Status: enums.CommunicationStatus(r.Status),
			DocumentVersion: r.DocumentVersion, ReceptionistKeyHash: r.ReceptionistKeyHash, ReceptionistKeySalt: r.ReceptionistKeySalt}
		if r.Document != nil {
			com.Document = &r.Document
		}
		return com, nil
	})
}

// lookUpKey is the one home of the key rules: find reads the row of a
// well-formed key's hash (ent's not-found error when none).
func (h *Handlers) lookUpKey(c *gin.Context, key string, find func(ctx context.Context, hash string) (*ent.CustomerCommunication, error)) (com *ent.CustomerCommunication, receptionist bool, err error) {
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
	com, err = find(c.Request.Context(), hash)
	if ent.IsNotFound(err) {
		return nil, false, wrongKey()
	}
	if err != nil {
		return nil, false, httpx.Internal(err)
	}
	return com, com.ReceptionistKeyHash == hash, nil
}
