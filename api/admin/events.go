package admin

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
)

// A location's signed event stream for the dealer (issue #25, ours):
// its endpoint and secret, set by a dealer admin, and the replay of its
// recorded events. Writes and reads are internal/dealerevents' (shared with
// `pitstop admin event-stream`).
func (h *Handlers) eventStreamRoutes(admin *gin.RouterGroup) {
	admin.GET("/locations/:location_id/event_stream", httpx.Handle(h.getEventStream))
	admin.PUT("/locations/:location_id/event_stream", httpx.Handle(h.putEventStream))
	admin.POST("/locations/:location_id/event_stream/secret", httpx.NoBody, httpx.Handle(h.rotateEventStreamSecret))
	admin.GET("/locations/:location_id/events", httpx.Handle(h.replayEvents))
}

// EventStreamRequest changes a location's stream; a field left out stays.
type EventStreamRequest struct {
	URL     *string `json:"url"`
	Enabled *bool   `json:"enabled"`
}

func (h *Handlers) getEventStream(c *gin.Context) error {
	l, err := h.locationParam(c)
	if err != nil {
		return err
	}
	st, err := dealerevents.Peek(c.Request.Context(), h.DB.Client, l.ID)
	if err != nil {
		return saved(err, "location")
	}
	c.JSON(http.StatusOK, dealerevents.ViewOf(st, "", time.Now()))
	return nil
}

// putEventStream: PUT /v1/admin/locations/{location_id}/event_stream
// {url, enabled}. The first endpoint gets a secret, in this answer only.
func (h *Handlers) putEventStream(c *gin.Context) error {
	l, err := h.locationParam(c)
	if err != nil {
		return err
	}
	var req EventStreamRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	st, secret, err := dealerevents.Configure(c.Request.Context(), h.DB, l.ID, dealerevents.Change{URL: req.URL, Enabled: req.Enabled})
	if err != nil {
		return saved(err, "location")
	}
	c.JSON(http.StatusOK, dealerevents.ViewOf(st, secret, time.Now()))
	return nil
}

// rotateEventStreamSecret: POST .../event_stream/secret makes a new secret
// (in this answer only); deliveries carry a signature with the previous
// one as well for a day.
func (h *Handlers) rotateEventStreamSecret(c *gin.Context) error {
	l, err := h.locationParam(c)
	if err != nil {
		return err
	}
	now := time.Now()
	st, secret, err := dealerevents.RotateSecret(c.Request.Context(), h.DB.Client, l.ID, now)
	if err != nil {
		return saved(err, "location")
	}
	c.JSON(http.StatusOK, dealerevents.ViewOf(st, secret, now))
	return nil
}

// replayEvents: GET /v1/admin/locations/{location_id}/events?after_seq=N
// [&appointment_id=A][&limit=L]: the events after N by the location's
// cursor (location_seq) or, with appointment_id, by that appointment's
// seq, oldest first, the same envelopes the endpoint receives.
func (h *Handlers) replayEvents(c *gin.Context) error {
	l, err := h.locationParam(c)
	if err != nil {
		return err
	}
	q := dealerevents.Query{LocationID: l.ID}
	var problems []string
	num := func(name string, dst *int, lo, hi int) {
		raw, ok := c.GetQuery(name)
		if !ok {
			return
		}
		n, err := strconv.Atoi(raw)
		if err != nil || n < lo || n > hi {
			problems = append(problems, name+": must be a whole number from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
			return
		}
		*dst = n
	}
	num("after_seq", &q.AfterSeq, 0, 1<<31-1)
	num("appointment_id", &q.AppointmentID, 1, 1<<31-1)
	num("limit", &q.Limit, 1, dealerevents.MaxLimit)
	if len(problems) > 0 {
		return httpx.Invalid(problems...)
	}
	page, err := dealerevents.Replay(c.Request.Context(), h.DB.Client, q)
	var future *dealerevents.FutureError
	var gone *dealerevents.GoneError
	switch {
	case errors.As(err, &gone):
		// Events after the cursor were deleted by retention: 410, naming
		// the cursor to start again from.
		return httpx.Fail(http.StatusGone, gone.Error())
	case errors.As(err, &future):
		// A cursor past the last event is the caller's mistake, and a
		// clear one: 409, so a consumer does not wait for it in silence.
		return httpx.Fail(http.StatusConflict, future.Error())
	case errors.Is(err, dealerevents.ErrAppointmentNotFound):
		return httpx.NotFound(err.Error())
	case err != nil:
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, page)
	return nil
}
