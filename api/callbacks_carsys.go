package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/internal/dms/carsys"
	"github.com/pitstop-dev/pitstop/internal/dmsstore"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
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

// HashCarsysPassword is how carsys_password_hash is stored (hex SHA-256; the
// password is a random secret we issue, so a slow hash adds nothing).
func HashCarsysPassword(pw string) string {
	h := sha256.Sum256([]byte(pw))
	return hex.EncodeToString(h[:])
}

// carsysLocation authenticates the push: HTTP Basic with the location's
// Carsys user name and password. Anything wrong answers 401 without saying
// what.
func (s *Server) carsysLocation(c *gin.Context) (*ent.DealerLocation, bool) {
	user, pw, ok := c.Request.BasicAuth()
	if ok && user != "" && pw != "" {
		loc, err := s.DB.DealerLocation.Query().Where(dealerlocation.CarsysUsername(user)).Only(c.Request.Context())
		if err != nil && !ent.IsNotFound(err) {
			unavailable(c, err)
			return nil, false
		}
		want := ""
		if loc != nil {
			want = loc.CarsysPasswordHash
		}
		got := HashCarsysPassword(pw)
		if loc != nil && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1 && loc.DmsLocationID != nil {
			return loc, true
		}
	}
	c.Header("WWW-Authenticate", `Basic realm="carsys"`)
	unauthorized(c, "wrong Carsys credentials")
	return nil, false
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
	changes, err := dmsstore.Upsert(ctx, s.DB.Client, dmsstore.LocationOf(loc), accepted, "carsys")
	if err != nil {
		unavailable(c, err)
		return
	}
	// Steer the workflows. A failure here leaves the change pending in the
	// read model; the items stay accepted (they are stored) and the next
	// push of the same work order delivers it.
	apByIndex := map[int]int{}
	for _, ch := range changes {
		apByIndex[ch.Index] = ch.AppointmentID
		if _, err := dmsstore.Deliver(ctx, s.DB.Client, appointment.Steerer(s.Temporal, s.TaskQueue), ch); err != nil {
			s.Log.Warn("carsys push: lifecycle not steered yet", "appointment_id", ch.AppointmentID, "error", err)
		}
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
