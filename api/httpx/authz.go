package httpx

import (
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
