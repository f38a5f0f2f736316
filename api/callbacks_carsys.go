package api

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/dms/carsys"
	"github.com/pitstop-dev/pitstop/internal/dmsstore"
	dmsimportwf "github.com/pitstop-dev/pitstop/workflows/dmsimport"
)

// carsysRoutes: Carsys pushes its work orders (spec 004).
func (s *Server) carsysRoutes(v1 *gin.RouterGroup) {
	v1.POST("/carsys/workorders", s.carsysPush)
}

// CarsysPushResponse is the per-item answer (internal/dms/carsys/PROTOCOL.md).
type CarsysPushResponse struct {
	Results []CarsysItemResult `json:"results"`
}

// CarsysItemResult is one item: accepted, or refused with reasons.
type CarsysItemResult struct {
	Index         int      `json:"index"`
	WONr          string   `json:"wo_nr"`
	Accepted      bool     `json:"accepted"`
	AppointmentID int      `json:"appointment_id,omitempty"`
	Errors        []string `json:"errors"`
}

// HashCarsysPassword is how carsys_password_hash is stored: argon2id in the
// PHC format, as staff passwords (internal/auth). Older rows hold the hex
// SHA-256 of the password; carsysLocation still accepts those and rewrites
// them as argon2id on the first successful push (see carsysLegacyHash).
func HashCarsysPassword(pw string) (string, error) { return auth.HashPassword(pw) }

// carsysVerified remembers which (user, password, stored hash) triples were
// verified recently, so a Carsys integration pushing work order after work
// order does not pay argon2id's ~60 ms and 64 MiB on every request. Only
// successes are remembered: a wrong password always costs the full hash.
// Entries are keyed by an HMAC under a per-process random key (no
// password-derived value that could be brute-forced quickly is kept), and
// the stored hash is part of the key, so a changed password takes effect at
// once.
var carsysVerified = newCredCache(carsysCacheTTL, carsysCacheMax)

const (
	carsysCacheTTL = 10 * time.Minute
	carsysCacheMax = 1024
)

// carsysVerify checks pw against a stored hash (argon2id, or a legacy hex
// SHA-256); a var so tests can count the slow verifications.
var carsysVerify = func(pw, stored string) (ok, legacy bool) {
	if carsysLegacyHash(stored) {
		h := sha256.Sum256([]byte(pw))
		return subtle.ConstantTimeCompare([]byte(hex.EncodeToString(h[:])), []byte(stored)) == 1, true
	}
	return auth.VerifyPassword(pw, stored) == nil, false
}

// carsysLegacyHash: the first release stored hex SHA-256 (64 hex digits).
func carsysLegacyHash(stored string) bool {
	if len(stored) != 64 {
		return false
	}
	_, err := hex.DecodeString(stored)
	return err == nil
}

// carsysLocation authenticates the push: HTTP Basic with the location's
// Carsys user name and password. Anything wrong answers 401 without saying
// what, after the same work (an unknown user costs one verification too).
func (s *Server) carsysLocation(c *gin.Context) (*ent.DealerLocation, bool) {
	user, pw, ok := c.Request.BasicAuth()
	if ok && user != "" && pw != "" && len(pw) <= auth.MaxPasswordLen {
		ctx := c.Request.Context()
		loc, err := s.DB.DealerLocation.Query().Where(dealerlocation.CarsysUsername(user)).Only(ctx)
		if err != nil && !ent.IsNotFound(err) {
			unavailable(c, err)
			return nil, false
		}
		if loc == nil || loc.CarsysPasswordHash == "" || loc.DmsLocationID == nil {
			auth.BurnTime(pw)
		} else if s.carsysCheck(ctx, loc, user, pw) {
			return loc, true
		}
	}
	c.Header("WWW-Authenticate", `Basic realm="carsys"`)
	unauthorized(c, "wrong Carsys credentials")
	return nil, false
}

// carsysCheck verifies pw for loc, from the cache when it can, and upgrades
// a legacy SHA-256 hash to argon2id once the password is known right.
func (s *Server) carsysCheck(ctx context.Context, loc *ent.DealerLocation, user, pw string) bool {
	stored := loc.CarsysPasswordHash
	key := carsysVerified.key(user, pw, stored)
	if carsysVerified.hit(key) {
		return true
	}
	ok, legacy := carsysVerify(pw, stored)
	if !ok {
		return false
	}
	if legacy {
		if h, err := HashCarsysPassword(pw); err == nil {
			// Only if no one changed it meanwhile; a failure keeps the old
			// hash, which still works.
			err = s.DB.DealerLocation.Update().
				Where(dealerlocation.ID(loc.ID), dealerlocation.CarsysPasswordHash(stored)).
				SetCarsysPasswordHash(h).Exec(ctx)
			if err == nil {
				loc.CarsysPasswordHash = h
				key = carsysVerified.key(user, pw, h)
			}
		}
	}
	carsysVerified.put(key)
	return true
}

// credCache is a small TTL set of verified credential keys.
type credCache struct {
	mu     sync.Mutex
	secret [32]byte
	ttl    time.Duration
	max    int
	until  map[string]time.Time
	now    func() time.Time
}

func newCredCache(ttl time.Duration, limit int) *credCache {
	c := &credCache{ttl: ttl, max: limit, until: map[string]time.Time{}, now: time.Now}
	if _, err := rand.Read(c.secret[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return c
}

func (c *credCache) key(parts ...string) string {
	m := hmac.New(sha256.New, c.secret[:])
	for _, p := range parts {
		m.Write([]byte(strconv.Itoa(len(p))))
		m.Write([]byte{0})
		m.Write([]byte(p))
	}
	return string(m.Sum(nil))
}

func (c *credCache) hit(k string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.until[k]
	if ok && c.now().Before(t) {
		return true
	}
	delete(c.until, k)
	return false
}

func (c *credCache) put(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if len(c.until) >= c.max {
		for k2, t := range c.until {
			if !now.Before(t) {
				delete(c.until, k2)
			}
		}
		if len(c.until) >= c.max {
			c.until = map[string]time.Time{}
		}
	}
	c.until[k] = now.Add(c.ttl)
}

// carsysPush stores every valid work order of the push and answers per
// item. Valid items are stored in one transaction, refused ones never
// touch the database; an unchanged repeat changes nothing (content hash).
// Decision: a body that cannot be read at all answers the API's error
// contract (HTTP 200 {"errors":[...]}) rather than 400.
func (s *Server) carsysPush(c *gin.Context) {
	loc, ok := s.carsysLocation(c)
	if !ok {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, carsys.MaxBodyBytes))
	if err != nil {
		invalid(c, "body is larger than 8 MiB")
		return
	}
	push, err := carsys.Parse(body, carsys.Options{LocationID: *loc.DmsLocationID, DMSID: loc.DmsID})
	var be *carsys.BodyError
	if errors.As(err, &be) {
		invalid(c, be.Error())
		return
	}
	if err != nil {
		internal(c, err)
		return
	}
	ctx := c.Request.Context()
	accepted := push.Accepted()
	// The lifecycles are steered by a workflow (dmsimport.DMSDeliverWorkflow,
	// through the same activity path as the Incadea import), started before
	// anything is stored: if this process dies after storing, the workflow
	// still delivers every stored change; nothing stays pending until the
	// work order happens to be pushed again.
	var delivery client.WorkflowRun
	if len(accepted) > 0 {
		keys := make([]string, len(accepted))
		for i := range accepted {
			keys[i] = dmsstore.Key(&accepted[i])
		}
		var err error
		if delivery, err = dmsimportwf.StartDelivery(ctx, s.Temporal, s.TaskQueue, dmsimportwf.DeliverInput{LocationID: loc.ID, Keys: keys}); err != nil {
			unavailable(c, err)
			return
		}
	}
	changes, err := dmsstore.Upsert(ctx, s.DB.Client, dmsstore.LocationOf(loc), accepted, "carsys")
	if delivery != nil {
		// Stored (or not): deliver now. The answer waits for the delivery,
		// bounded; a failure here leaves it to the workflow, which delivers
		// after its wait (the items stay accepted: they are stored).
		wctx, cancel := updateContext(c)
		if serr := dmsimportwf.Stored(wctx, s.Temporal, delivery); serr != nil {
			s.Log.Warn("carsys push: delivery not told; it delivers after its wait", "workflow_id", delivery.GetID(), "error", serr)
		} else if err == nil {
			if werr := delivery.Get(wctx, nil); werr != nil {
				s.Log.Warn("carsys push: lifecycles not steered yet", "workflow_id", delivery.GetID(), "error", werr)
			}
		}
		cancel()
	}
	if err != nil {
		unavailable(c, err)
		return
	}
	apByIndex := map[int]int{}
	for _, ch := range changes {
		apByIndex[ch.Index] = ch.AppointmentID
	}
	resp := CarsysPushResponse{Results: make([]CarsysItemResult, len(push.Results))}
	k := 0
	for i, r := range push.Results {
		resp.Results[i] = CarsysItemResult{Index: r.Index, WONr: r.WONr, Accepted: r.Accepted, Errors: r.Errors}
		if r.Accepted {
			resp.Results[i].AppointmentID = apByIndex[k]
			k++
		}
	}
	c.JSON(http.StatusOK, resp)
}
