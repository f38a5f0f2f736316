// Package console is the read side of the receptionist's console (issue
// #23, the /desk/ screen in api/deskpage): the location's day with what
// needs a person first (GET /v1/desk/day), and a stream of what changed
// since (GET /v1/desk/events). Both read the database read model the
// workflows and activities keep; neither writes anything. Which
// appointment needs a person, and why, is contracts/console's rule.
//
// Paths are Pitstop's own (the spec has no receptionist's screen):
// api/openapi.yaml marks them x-pitstop-extension.
package console

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
)

// Handlers serve the console's reads.
type Handlers struct {
	core    *httpx.Core
	streams chan struct{} // a slot per open event stream
}

// Bounds of the event stream, variables so tests can tighten them (read
// when a stream opens).
var (
	// PollEvery is how often a stream looks for changes: a change shows on
	// the console within this plus a page's reload of the appointment.
	PollEvery = time.Second
	// StreamFor is how long one stream stays open before it ends and the
	// console reconnects from its last event ID: under the server's write
	// timeout and any proxy's idle timeout.
	StreamFor = 45 * time.Second
	// MaxStreams are open at once on an instance; more get a 503.
	MaxStreams = 200
)

// Routes mounts GET /v1/desk/day and GET /v1/desk/events on the staff
// group: whoever may read the location's appointments.
func Routes(core *httpx.Core, staff *gin.RouterGroup) {
	h := &Handlers{core: core, streams: make(chan struct{}, MaxStreams)}
	read := staff.Group("", httpx.Allow(httpx.PermAppointmentsRead))
	read.GET("/desk/day", httpx.Handle(h.day))
	read.GET("/desk/events", h.events)
}

// location answers the caller's location location_id with its zone, or the
// error to answer (404 for a location the caller may not see).
func (h *Handlers) location(c *gin.Context, id int) (*ent.DealerLocation, *time.Location, error) {
	if id <= 0 || !httpx.Claims(c).CanAccess(id) {
		return nil, nil, httpx.Fail(http.StatusNotFound, "location not found")
	}
	loc, err := h.core.DB.DealerLocation.Get(c.Request.Context(), id)
	if ent.IsNotFound(err) {
		return nil, nil, httpx.Fail(http.StatusNotFound, "location not found")
	}
	if err != nil {
		return nil, nil, httpx.Internal(err)
	}
	zone, err := time.LoadLocation(loc.TimeZone)
	if err != nil {
		zone = time.UTC // onboarding validates zones; an old row falls back rather than failing the day
	}
	return loc, zone, nil
}
