package httpx

import (
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/remotediagticket"
)

// One authorization check per resource, used by every staff route that
// names one. What the caller may not see answers 404, the same as what does
// not exist: a caller learns nothing about another dealer's IDs.

// Location checks that the caller may act on locationID (field names the
// request field or parameter, for the message).
func Location(c *gin.Context, field string, locationID int) error {
	if locationID <= 0 {
		return Invalid(field + ": must be a positive location ID")
	}
	if !Claims(c).CanAccess(locationID) {
		return NotFound("location not found")
	}
	return nil
}

// Appointment loads appointment id if the caller may act on its location.
func Appointment(c *gin.Context, db *ent.Client, field string, id int) (*ent.Appointment, error) {
	if id <= 0 {
		return nil, Invalid(field + ": must be a positive appointment ID")
	}
	ap, err := db.Appointment.Get(c.Request.Context(), id)
	if ent.IsNotFound(err) || (err == nil && !Claims(c).CanAccess(ap.DealerLocationID)) {
		return nil, NotFound("appointment not found")
	}
	if err != nil {
		return nil, Internal(err)
	}
	return ap, nil
}

// AppointmentParam is Appointment of the path parameter "id".
func AppointmentParam(c *gin.Context, db *ent.Client) (*ent.Appointment, error) {
	id, err := IDParam(c, "id")
	if err != nil {
		return nil, Invalid("id: must be a positive appointment ID")
	}
	return Appointment(c, db, "id", id)
}

// Ticket loads the remote-diagnose ticket of the path parameter
// "request_id" if the caller may act on its location.
func Ticket(c *gin.Context, db *ent.Client) (*ent.RemoteDiagTicket, error) {
	id := c.Param("request_id")
	if _, err := uuid.Parse(id); err != nil {
		return nil, Invalid("request_id: must be a UUID")
	}
	t, err := db.RemoteDiagTicket.Query().Where(remotediagticket.RequestID(id)).Only(c.Request.Context())
	if ent.IsNotFound(err) || (err == nil && !Claims(c).CanAccess(t.DealerLocationID)) {
		return nil, NotFound("ticket not found")
	}
	if err != nil {
		return nil, Internal(err)
	}
	return t, nil
}

// LocationMemo answers Appointment's authorization from memory after an
// appointment's first look-up: its location is written once, when it is
// created (appointments are never deleted or moved), so a remembered one
// never goes stale. It spares the mechanic's every answer a database round
// trip (issue #22's answer figure). One per API instance: tests open many
// databases whose appointment IDs repeat.
type LocationMemo struct {
	mu        sync.Mutex
	locations map[int]int
}

// maxLocationsRemembered bounds a LocationMemo (a few days of a dealer
// group's appointments); past it, it starts afresh.
const maxLocationsRemembered = 100_000

// AppointmentID is Appointment of the path parameter "id" for a caller that
// needs only the appointment's ID.
func (lm *LocationMemo) AppointmentID(c *gin.Context, db *ent.Client) (int, error) {
	id, err := IDParam(c, "id")
	if err != nil || id <= 0 {
		return 0, Invalid("id: must be a positive appointment ID")
	}
	lm.mu.Lock()
	loc, ok := lm.locations[id]
	lm.mu.Unlock()
	if !ok {
		ap, err := Appointment(c, db, "id", id)
		if err != nil {
			return 0, err
		}
		lm.mu.Lock()
		if lm.locations == nil || len(lm.locations) >= maxLocationsRemembered {
			lm.locations = map[int]int{}
		}
		lm.locations[id] = ap.DealerLocationID
		lm.mu.Unlock()
		return id, nil
	}
	if !Claims(c).CanAccess(loc) {
		return 0, NotFound("appointment not found")
	}
	return id, nil
}
