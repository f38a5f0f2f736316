package callbacks

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/dmsimport"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/dms/carsys"
	"github.com/pitstop-dev/pitstop/internal/dms/dmsstore"
	dmscaller "github.com/pitstop-dev/pitstop/workflows/dmsimport/caller"
)

// carsysRoutes: Carsys pushes its work orders (spec 004).
func (h *Handlers) carsysRoutes(v1 *gin.RouterGroup) {
	v1.POST("/carsys/workorders", httpx.Handle(h.carsysPush))
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

// Handlers.carsysVerified remembers which (user, password, stored hash)
// triples were verified recently, so a Carsys integration pushing work order
// after work order does not pay argon2id's ~60 ms and 64 MiB on every
// request. Only successes are remembered: a wrong password always costs the
// full hash. Entries are keyed by an HMAC under a per-process random key (no
// password-derived value that could be brute-forced quickly is kept), and
// the stored hash is part of the key, so a changed password takes effect at
// once.
const (
	carsysCacheTTL = 10 * time.Minute
	carsysCacheMax = 1024
)

// Carsys guessing limits (an httpx.GuessGuard), as at sign-in: five
// wrong passwords for one user name from one client, or fifty from one
// client (Carsys pushes for many locations from the same addresses), within
// fifteen minutes answer 429; after five for one user name from anywhere its
// checks run one at a time after carsysHotDelay.
const (
	CarsysFailuresPerUser   = 5
	carsysFailuresPerClient = 50
	carsysFailureWindow     = 15 * time.Minute
)

var carsysHotDelay = 2 * time.Second

// Longest Carsys user name we look up (a location's carsys_username).
const carsysMaxUserLen = 255

// carsysVerify checks pw against a stored hash (argon2id, or a legacy hex
// SHA-256; "" for an unknown user) with the same work whatever it is: one
// SHA-256 comparison and one argon2id run, against dummies where stored is
// not of that kind, so no answer is faster for an unknown user name or a
// legacy location. A var so tests can count the calls. err is auth.ErrBusy
// when no hashing slot was free in time.
var carsysVerify = func(ctx context.Context, pw, stored string) (ok, legacy bool, err error) {
	legacy = carsysLegacyHash(stored)
	legacyOK := auth.VerifyLegacySHA256(pw, stored) // false unless stored is legacy
	if legacy || stored == "" {
		if err := auth.BurnTimeContext(ctx, pw); err != nil {
			return false, legacy, err
		}
		return legacy && legacyOK, legacy, nil
	}
	err = auth.VerifyPasswordContext(ctx, pw, stored)
	if errors.Is(err, auth.ErrBusy) {
		return false, false, err
	}
	return err == nil, false, nil
}

// carsysLegacyHash: the first release stored hex SHA-256 (64 hex digits).
func carsysLegacyHash(stored string) bool { return auth.IsLegacySHA256(stored) }

// carsysCredentials parses the Authorization header of a push: HTTP Basic
// with a user name (at most carsysMaxUserLen bytes) and a password (at most
// auth.MaxPasswordLen), both non-empty valid UTF-8 without NUL bytes
// (PostgreSQL stores none: such a name cannot be a location's).
func carsysCredentials(header string) (user, pw string, ok bool) {
	r := http.Request{Header: http.Header{"Authorization": {header}}}
	user, pw, ok = r.BasicAuth()
	if !ok || user == "" || pw == "" || len(user) > carsysMaxUserLen || len(pw) > auth.MaxPasswordLen ||
		!utf8.ValidString(user) || strings.ContainsRune(user, 0) || strings.ContainsRune(pw, 0) {
		return "", "", false
	}
	return user, pw, true
}

// carsysLocation authenticates the push: HTTP Basic with the location's
// Carsys user name and password. Anything wrong answers 401 without saying
// what, after the same work (an unknown user costs one verification too).
// Guessing is limited (carsysGuesses: 429), and so is hashing (503 when
// every hashing slot stays busy, internal/auth).
func (h *Handlers) carsysLocation(c *gin.Context) (*ent.DealerLocation, error) {
	user, pw, ok := carsysCredentials(c.GetHeader("Authorization"))
	if ok {
		ctx := c.Request.Context()
		try, err := h.carsysGuesses.Reserve(user, c.ClientIP())
		if err != nil {
			return nil, httpx.Fail(http.StatusTooManyRequests, "too many failed Carsys sign-ins, try again later")
		}
		loc, err := h.DB.DealerLocation.Query().Where(dealerlocation.CarsysUsername(user)).Only(ctx)
		if err != nil && !ent.IsNotFound(err) {
			try.End(false)
			return nil, httpx.Unavailable(err)
		}
		if loc == nil || loc.CarsysPasswordHash == "" || loc.DmsLocationID == nil {
			loc = nil
		}
		if loc != nil && h.carsysVerified.hit(h.carsysVerified.key(user, pw, loc.CarsysPasswordHash)) {
			try.End(false)
			return loc, nil
		}
		if err := try.Wait(ctx); err != nil {
			if errors.Is(err, httpx.ErrTooManyGuesses) {
				return nil, httpx.Fail(http.StatusTooManyRequests, "too many failed Carsys sign-ins, try again later")
			}
			return nil, httpx.Unavailable(err)
		}
		good, err := h.carsysCheck(ctx, loc, user, pw)
		if errors.Is(err, auth.ErrBusy) {
			try.End(false) // nothing was checked: not a failure
			return nil, httpx.Fail(http.StatusServiceUnavailable, "too many Carsys sign-ins at once, try again in a moment")
		}
		try.End(!good)
		if good {
			return loc, nil
		}
	}
	c.Header("WWW-Authenticate", `Basic realm="carsys"`)
	return nil, httpx.Unauthorized("wrong Carsys credentials")
}

// carsysCheck verifies pw for loc (nil: an unknown user, checked against
// nothing with the same work), and upgrades a legacy SHA-256 hash to
// argon2id once the password is known right (dmsstore.UpgradeCarsysHash).
// The caller has looked in the cache.
func (h *Handlers) carsysCheck(ctx context.Context, loc *ent.DealerLocation, user, pw string) (bool, error) {
	stored := ""
	if loc != nil {
		stored = loc.CarsysPasswordHash
	}
	ok, legacy, err := carsysVerify(ctx, pw, stored)
	if err != nil || !ok || loc == nil {
		return false, err
	}
	key := h.carsysVerified.key(user, pw, stored)
	if legacy {
		if upgraded, err := auth.HashPasswordContext(ctx, pw); err == nil {
			// Only if no one changed it meanwhile; a failure keeps the old
			// hash, which still works.
			if err := dmsstore.UpgradeCarsysHash(ctx, h.DB.Client, loc.ID, stored, upgraded); err == nil {
				loc.CarsysPasswordHash = upgraded
				key = h.carsysVerified.key(user, pw, upgraded)
			}
		}
	}
	h.carsysVerified.put(key)
	return true, nil
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
// A body that cannot be read at all (not JSON, empty, too large, an empty
// or too large batch) answers 400 with the error body, as PROTOCOL.md says:
// the push is machine to machine, and a 4xx is what a pusher's retry logic
// expects (a bad item is judged alone, in the 200 answer's results).
func (h *Handlers) carsysPush(c *gin.Context) error {
	loc, err := h.carsysLocation(c)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, carsys.MaxBodyBytes))
	if err != nil {
		return httpx.Fail(http.StatusBadRequest, "body is larger than 8 MiB")
	}
	push, err := carsys.Parse(body, carsys.Options{LocationID: *loc.DmsLocationID, DMSID: loc.DmsID})
	var be *carsys.BodyError
	if errors.As(err, &be) {
		return httpx.Fail(http.StatusBadRequest, be.Error())
	}
	if err != nil {
		return httpx.Internal(err)
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
		if delivery, err = dmscaller.StartDelivery(ctx, h.Temporal, h.TaskQueue, dmsimport.DeliverInput{LocationID: loc.ID, Keys: keys}); err != nil {
			return httpx.Unavailable(err)
		}
	}
	changes, err := dmsstore.Upsert(ctx, h.DB.Client, dmsstore.LocationOf(loc), accepted, "carsys")
	if delivery != nil {
		// Stored (or not): the delivery may go. The answer does not wait
		// for it to steer the lifecycles (a batch of 50 held the pusher
		// while 50 workflows started, #24's cluster burst): an accepted
		// item is stored and its delivery is a workflow already. If this
		// signal fails, the workflow delivers after its wait.
		wctx, cancel := httpx.UpdateContext(c)
		if serr := dmscaller.Stored(wctx, h.Temporal, delivery); serr != nil {
			h.Log.Warn("carsys push: delivery not told; it delivers after its wait", "workflow_id", delivery.GetID(), "error", serr)
		}
		cancel()
	}
	if err != nil {
		return httpx.Unavailable(err)
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
	return nil
}
