package callbacks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/api/serviceerror"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	entbooking "github.com/pitstop-dev/pitstop/ent/booking"
	"github.com/pitstop-dev/pitstop/integrations/acses"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/lockerevents"
	"github.com/pitstop-dev/pitstop/internal/routes"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// The ACSES service (spec 001): the locker vendor's events come in at
// /v1/events/handler; in development /v1/events/simulate opens a simulated
// door. (The staff's ACSES endpoints belong to the staff group.) What an
// event records is written by internal/lockerevents.

// acsesRoutes registers the vendor's webhook (signed, no token) and, only
// when PITSTOP_ACSES_SIMULATE is on, the simulated door.
func (h *Handlers) acsesRoutes(v1 *gin.RouterGroup) {
	v1.POST(strings.TrimPrefix(routes.ACSESEventsPath, "/v1"), httpx.Handle(h.acsesEvent))
	if h.ACSESSimulate {
		v1.GET("/events/simulate", httpx.Handle(h.acsesSimulate))
	}
}

// eventSignals maps a booking's purpose and the event to the appointment
// workflow's signal ("" for none: "registered" only confirms our booking).
func eventSignal(purpose string, ev enums.ObjectStatus) string {
	switch {
	case ev == enums.ObjectStatusExpired:
		return appointment.SignalLockerBookingExpired
	case purpose == "drop" && ev == enums.ObjectStatusDropoff:
		return appointment.SignalKeyDropped
	case purpose == "drop" && ev == enums.ObjectStatusCheckout:
		return appointment.SignalKeyPickedUpByMechanic
	case purpose == "drop_back" && ev == enums.ObjectStatusDropoff:
		return appointment.SignalKeyDroppedBack
	case purpose == "drop_back" && ev == enums.ObjectStatusCheckout:
		return appointment.SignalKeyPickedUp
	}
	return ""
}

// acsesEvent: POST /v1/events/handler. The body is the spec's payload; the
// delivery is signed per locker system (Standard Webhooks headers, see
// integrations/acses). Unsigned, forged, stale or unreadable deliveries get
// 401 and a "rejected" history row. An authentic event is stored once (its
// tablekey is unique): a redelivery answers 200 and changes nothing. An
// event for a booking we do not know is stored and answered 200 so the
// vendor stops retrying. Otherwise the event becomes a signal to the
// appointment's workflow, which applies each step once in any order; if
// Temporal cannot take it, the row is removed and 503 makes the vendor
// deliver again.
func (h *Handlers) acsesEvent(c *gin.Context) error {
	ctx := c.Request.Context()
	raw, err := io.ReadAll(io.LimitReader(c.Request.Body, httpx.MaxJSONBody+1))
	if err != nil || len(raw) > httpx.MaxJSONBody {
		return h.rejectEvent(c, raw, 0, "unreadable or oversized body")
	}
	var head struct {
		LockerSystem string `json:"lockersystem"`
	}
	if err := json.Unmarshal(raw, &head); err != nil || head.LockerSystem == "" || len(textcheck.Line("lockersystem", head.LockerSystem, 200)) > 0 {
		return h.rejectEvent(c, raw, 0, "no locker system in the body")
	}
	ls, err := h.DB.LockerSystem.Get(ctx, head.LockerSystem)
	if ent.IsNotFound(err) {
		return h.rejectEvent(c, raw, 0, "unknown locker system")
	}
	if err != nil {
		return httpx.Unavailable(err)
	}
	ev, err := h.authenticEvent(ls, c.Request.Header, raw)
	if err != nil {
		return h.rejectEvent(c, raw, ls.DealerLocationID, err.Error())
	}
	if p := eventProblems(ev, ls.ID); len(p) > 0 {
		// Authentic but not an event we can apply: kept and answered, as
		// retrying the same body cannot make it valid.
		return h.storeEvent(c, ev.ID, raw, ls.DealerLocationID, "refused: "+strings.Join(p, "; "))
	}
	// The booking must be the signer's: a secret of one locker system
	// never moves another's booking (or another location's appointment).
	b, err := h.DB.Booking.Query().Where(entbooking.ID(ev.Booking.ID)).WithAppointment().Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return httpx.Unavailable(err)
	}
	if b != nil {
		if why := bookingMismatch(b, ls, ev); why != "" {
			return h.refuseEvent(c, raw, ls.DealerLocationID, http.StatusForbidden, why, "event refused: its booking is not this locker system's")
		}
	}
	row, dup, err := lockerevents.Insert(ctx, h.DB.Client, ev.ID, raw, ls.DealerLocationID, h.Now())
	if err != nil {
		return httpx.Unavailable(err)
	}
	if dup {
		c.Status(http.StatusOK)
		return nil
	}
	if b == nil || b.AppointmentID == nil {
		return h.finishEvent(c, row, "unknown booking: kept")
	}
	if err := lockerevents.AdvanceBooking(ctx, h.DB.Client, b, ev.Booking.State, ev.EventName); err != nil {
		return h.undoEvent(c, row, err)
	}
	name := eventSignal(b.Purpose, ev.EventName)
	if name == "" {
		return h.finishEvent(c, row, "recorded")
	}
	sig := appointment.KeySignal{LockerName: ls.Name, At: ev.EventDate, EventID: ev.ID, BookingID: b.ID,
		LockerSystemID: ls.ID, Cell: ev.LockerCellNumber}
	err = h.Temporal.SignalWorkflow(ctx, appointment.AppointmentWorkflowID(*b.AppointmentID), "", name, sig)
	var nf *serviceerror.NotFound
	switch {
	case errors.As(err, &nf):
		return h.finishEvent(c, row, "the appointment's lifecycle has ended: kept")
	case err != nil:
		return h.undoEvent(c, row, err)
	}
	return h.finishEvent(c, row, "signalled "+name)
}

// eventProblems checks an authentic event before it touches the database.
func eventProblems(ev acses.Event, lockerSystemID string) []string {
	var p []string
	if !ev.EventName.Valid() {
		p = append(p, fmt.Sprintf("eventName: %q is not registered, dropoff, checkout or expired", ev.EventName))
	}
	if ev.LockerSystemID != lockerSystemID {
		p = append(p, "lockersystem: does not match")
	}
	if ev.Booking.ID == "" {
		p = append(p, "booking.tablekey: required")
	}
	if ev.Booking.State != "" && !ev.Booking.State.Valid() {
		p = append(p, fmt.Sprintf("booking.state: %q is not BOOKED, USED or EXPIRED", ev.Booking.State))
	}
	if ev.EventDate.IsZero() {
		p = append(p, "eventDate: required")
	}
	for name, v := range map[string]string{"tablekey": ev.ID, "cellnumber": ev.LockerCellNumber, "booking.tablekey": ev.Booking.ID} {
		p = append(p, textcheck.Line(name, v, 200)...)
	}
	return p
}

// bookingMismatch says why a booking we know may not be moved by an event
// signed for locker system ls ("" when it may): the booking is another
// locker system's, names another site, or its appointment is at another
// location than the locker system.
func bookingMismatch(b *ent.Booking, ls *ent.LockerSystem, ev acses.Event) string {
	switch {
	case b.LockerSystemID != ls.ID:
		return "booking.tablekey: the booking belongs to another locker system"
	case ev.Booking.LockerSystemID != "" && ev.Booking.LockerSystemID != ls.ID:
		return "booking.siteTablekey: does not match the locker system"
	case b.Edges.Appointment != nil && b.Edges.Appointment.DealerLocationID != ls.DealerLocationID:
		return "booking.tablekey: the booking's appointment is at another location than the locker system"
	}
	return ""
}

// authenticEvent checks who sent an event. The spec's ACSES calls with
// "Authorization: Bearer $token": a configured token (two during a
// rotation, each compared in constant time) authenticates it, and a
// signature sent with it must verify too (a vendor that signs gets both
// checks). Without a bearer token the event must be signed, as before; a
// wrong bearer token is refused whatever else the delivery carries.
func (h *Handlers) authenticEvent(ls *ent.LockerSystem, header http.Header, raw []byte) (acses.Event, error) {
	match, present := acses.BearerMatches(h.ACSESEventTokens, header)
	switch {
	case present && !match:
		return acses.Event{}, errors.New("bearer token: not one this API was given (PITSTOP_ACSES_EVENT_TOKEN)")
	case match && header.Get(acses.HeaderSignature) == "":
		ev, err := acses.ParseEvent(header, raw)
		if err != nil {
			return acses.Event{}, fmt.Errorf("body: %w", err)
		}
		return ev, nil
	}
	ev, err := acses.VerifyEvent(h.acsesSecrets(ls), header, raw, h.Now())
	if err != nil {
		return acses.Event{}, fmt.Errorf("signature: %w", err)
	}
	return ev, nil
}

// acsesSecrets: the locker system's own secrets, else the account's.
func (h *Handlers) acsesSecrets(ls *ent.LockerSystem) [][]byte {
	list := h.ACSESWebhookSecrets
	if own := strings.Fields(ls.WebhookSecret); len(own) > 0 {
		list = own
	}
	out := make([][]byte, 0, len(list))
	for _, v := range list {
		out = append(out, []byte(v))
	}
	return out
}

// storeEvent keeps an authentic event that cannot be applied, once, and
// answers 200.
func (h *Handlers) storeEvent(c *gin.Context, id string, raw []byte, locationID int, content string) error {
	row, dup, err := lockerevents.Insert(c.Request.Context(), h.DB.Client, id, raw, locationID, h.Now())
	if err != nil {
		return httpx.Unavailable(err)
	}
	if !dup {
		return h.finishEvent(c, row, content)
	}
	c.Status(http.StatusOK)
	return nil
}

// finishEvent notes what became of the event and answers 200.
func (h *Handlers) finishEvent(c *gin.Context, row *ent.WebhookHistory, content string) error {
	if err := lockerevents.Finish(c.Request.Context(), h.DB.Client, row, content); err != nil {
		h.Log.Warn("acses event: history not updated", "event", row.WebhookEventID, "error", err)
	}
	c.Status(http.StatusOK)
	return nil
}

// undoEvent forgets an event we could not pass on, so the vendor's retry is
// not taken for a duplicate, and answers 503.
func (h *Handlers) undoEvent(c *gin.Context, row *ent.WebhookHistory, err error) error {
	if derr := lockerevents.Undo(context.WithoutCancel(c.Request.Context()), h.DB.Client, row); derr != nil {
		h.Log.Error("acses event: could not undo", "event", row.WebhookEventID, "error", derr)
	}
	return httpx.Unavailable(err)
}

// rejectEvent records a delivery that failed authentication and answers
// 401 (see lockerevents.Reject).
func (h *Handlers) rejectEvent(c *gin.Context, raw []byte, locationID int, why string) error {
	return h.refuseEvent(c, raw, locationID, http.StatusUnauthorized, why, "event not authenticated")
}

// Caps on what refused deliveries store: anyone can post to the handler,
// so an unsigned flood must not fill the database or a location's history.
// Decision: the first lockerevents.MaxRejectedContent bytes of a body are
// enough to see what was sent; a client gets RejectedPerSource rows per
// rejectedWindow and a location RejectedPerLocation (the vendor's own
// misconfigured deliveries stay visible, a flood from many addresses stops
// too). Past a cap the delivery is still refused, and logged, but not stored.
const (
	RejectedPerSource   = 20
	RejectedPerLocation = 100
	rejectedWindow      = 10 * time.Minute
)

// rejectCaps counts the refused deliveries stored per client and location.
type rejectCaps struct {
	once                 sync.Once
	bySource, byLocation *httpx.FailureLimiter
}

// take reports whether one more refused delivery from source for the
// location may be stored, and counts it.
func (r *rejectCaps) take(source string, locationID int) bool {
	r.once.Do(func() {
		r.bySource = httpx.NewFailureLimiter(RejectedPerSource, rejectedWindow)
		r.byLocation = httpx.NewFailureLimiter(RejectedPerLocation, rejectedWindow)
	})
	loc := strconv.Itoa(locationID)
	if r.bySource.Blocked(source) || r.byLocation.Blocked(loc) {
		return false
	}
	r.bySource.Fail(source)
	r.byLocation.Fail(loc)
	return true
}

// refuseEvent records a refused delivery (direction "rejected", within the
// caps above) and answers status with msg.
func (h *Handlers) refuseEvent(c *gin.Context, raw []byte, locationID, status int, why, msg string) error {
	id := c.GetHeader(acses.HeaderID)
	if id == "" || len(textcheck.Line("webhook-id", id, 200)) > 0 {
		id = "-"
	}
	if !h.acsesRejects.take(c.ClientIP(), locationID) {
		h.Log.Warn("acses event refused; not recorded (too many refused deliveries)", "reason", why, "remote", c.ClientIP())
		return httpx.Fail(status, msg)
	}
	if err := lockerevents.Reject(c.Request.Context(), h.DB.Client, id, raw, locationID, status, why, h.Now()); err != nil {
		h.Log.Error("acses event: rejected delivery not recorded", "error", err)
	}
	h.Log.Warn("acses event refused", "reason", why, "remote", c.ClientIP())
	return httpx.Fail(status, msg)
}

// acsesSimulate: GET /v1/events/simulate (development only) opens a
// simulator door with a code, as the spec's dev link does: action dropoff
// or checkout. It answers 200 when the door opened; the event then comes
// back to /v1/events/handler from the simulator like any other.
func (h *Handlers) acsesSimulate(c *gin.Context) error {
	q := c.Request.URL.Query()
	var p []string
	for _, k := range []string{"location_id", "locker_system_id", "code", "action"} {
		if q.Get(k) == "" {
			p = append(p, k+": required")
		}
		p = append(p, textcheck.Line(k, q.Get(k), 100)...)
	}
	action := enums.ObjectStatus(q.Get("action"))
	if action != enums.ObjectStatusDropoff && action != enums.ObjectStatusCheckout {
		p = append(p, "action: must be dropoff or checkout")
	}
	if len(p) > 0 {
		return httpx.Invalid(p...)
	}
	ls, err := h.DB.LockerSystem.Get(c.Request.Context(), q.Get("locker_system_id"))
	if err != nil || fmt.Sprint(ls.DealerLocationID) != q.Get("location_id") {
		return httpx.NotFound("no such locker system at this location")
	}
	body, _ := json.Marshal(map[string]string{"lockersystem": ls.ID, "code": q.Get("code"), "action": string(action)})
	ctx, cancel := context.WithTimeout(c.Request.Context(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.ACSESBaseURL+"/sim/doors/use", bytes.NewReader(body))
	if err != nil {
		return httpx.Internal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return httpx.Unavailable(err)
	}
	defer res.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	if res.StatusCode != http.StatusOK {
		var e struct {
			Error struct{ Message string } `json:"error"`
		}
		_ = json.Unmarshal(msg, &e)
		return httpx.Invalid("the door did not open: " + e.Error.Message)
	}
	c.Status(http.StatusOK)
	return nil
}
