package api

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

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	entbooking "github.com/pitstop-dev/pitstop/ent/booking"
	"github.com/pitstop-dev/pitstop/ent/webhookhistory"
	"github.com/pitstop-dev/pitstop/integrations/acses"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keylocker/doorcodes"
	"github.com/pitstop-dev/pitstop/internal/routes"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// The ACSES service (spec 001): the locker vendor's events come in at
// /v1/events/handler; staff read the history and get door codes
// (api/staff); in
// development /v1/events/simulate opens a simulated door.

// Directions of WebhookHistory rows written here (the schema's values).
const (
	historyIn       = "in"       // an authentic ACSES event, stored once per tablekey
	historyRejected = "rejected" // a delivery that failed authentication, every attempt
)

// acsesRoutes registers the ACSES endpoints: the vendor's webhook (signed,
// no token) and, only when PITSTOP_ACSES_SIMULATE is on, the simulated
// door (the staff endpoints are api/staff/acses.go).
func (s *Server) acsesRoutes(v1 *gin.RouterGroup) {
	v1.POST(strings.TrimPrefix(routes.ACSESEventsPath, "/v1"), s.acsesEvent)
	if s.ACSESSimulate {
		v1.GET("/events/simulate", s.acsesSimulate)
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

// actionRank orders a booking's last actions, so a late (reordered) event
// never moves the stored booking backwards.
func actionRank(a enums.ObjectStatus) int {
	switch a {
	case enums.ObjectStatusRegistered:
		return 1
	case enums.ObjectStatusDropoff:
		return 2
	case enums.ObjectStatusCheckout, enums.ObjectStatusExpired:
		return 3
	}
	return 0
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
func (s *Server) acsesEvent(c *gin.Context) {
	ctx := c.Request.Context()
	raw, err := io.ReadAll(io.LimitReader(c.Request.Body, MaxJSONBody+1))
	if err != nil || len(raw) > MaxJSONBody {
		s.rejectEvent(c, raw, 0, "unreadable or oversized body")
		return
	}
	var head struct {
		LockerSystem string `json:"lockersystem"`
	}
	if err := json.Unmarshal(raw, &head); err != nil || head.LockerSystem == "" || len(textcheck.Line("lockersystem", head.LockerSystem, 200)) > 0 {
		s.rejectEvent(c, raw, 0, "no locker system in the body")
		return
	}
	ls, err := s.DB.LockerSystem.Get(ctx, head.LockerSystem)
	if ent.IsNotFound(err) {
		s.rejectEvent(c, raw, 0, "unknown locker system")
		return
	}
	if err != nil {
		unavailable(c, err)
		return
	}
	ev, err := acses.VerifyEvent(s.acsesSecrets(ls), c.Request.Header, raw, s.Now())
	if err != nil {
		s.rejectEvent(c, raw, ls.DealerLocationID, "signature: "+err.Error())
		return
	}
	if p := eventProblems(ev, ls.ID); len(p) > 0 {
		// Authentic but not an event we can apply: kept and answered, as
		// retrying the same body cannot make it valid.
		s.storeEvent(c, ev.ID, raw, ls.DealerLocationID, "200", "refused: "+strings.Join(p, "; "))
		return
	}
	// The booking must be the signer's: a secret of one locker system
	// never moves another's booking (or another location's appointment).
	b, err := s.DB.Booking.Query().Where(entbooking.ID(ev.Booking.ID)).WithAppointment().Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		unavailable(c, err)
		return
	}
	if b != nil {
		if why := bookingMismatch(b, ls, ev); why != "" {
			s.refuseEvent(c, raw, ls.DealerLocationID, http.StatusForbidden, why, "event refused: its booking is not this locker system's")
			return
		}
	}
	row, dup, err := s.insertEvent(ctx, ev.ID, raw, ls.DealerLocationID)
	if err != nil {
		unavailable(c, err)
		return
	}
	if dup {
		c.Status(http.StatusOK)
		return
	}
	if b == nil || b.AppointmentID == nil {
		s.finishEvent(c, row, "unknown booking: kept")
		return
	}
	if actionRank(ev.EventName) > actionRank(b.LastAction) {
		if err := b.Update().SetState(ev.Booking.State).SetLastAction(ev.EventName).Exec(ctx); err != nil {
			s.undoEvent(c, row, err)
			return
		}
	}
	name := eventSignal(b.Purpose, ev.EventName)
	if name == "" {
		s.finishEvent(c, row, "recorded")
		return
	}
	sig := appointment.KeySignal{LockerName: ls.Name, At: ev.EventDate, EventID: ev.ID, BookingID: b.ID,
		LockerSystemID: ls.ID, Cell: ev.LockerCellNumber}
	err = s.Temporal.SignalWorkflow(ctx, appointment.AppointmentWorkflowID(*b.AppointmentID), "", name, sig)
	var nf *serviceerror.NotFound
	switch {
	case errors.As(err, &nf):
		s.finishEvent(c, row, "the appointment's lifecycle has ended: kept")
	case err != nil:
		s.undoEvent(c, row, err)
	default:
		s.finishEvent(c, row, "signalled "+name)
	}
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

// acsesSecrets: the locker system's own secrets, else the account's.
func (s *Server) acsesSecrets(ls *ent.LockerSystem) [][]byte {
	list := s.ACSESWebhookSecrets
	if own := strings.Fields(ls.WebhookSecret); len(own) > 0 {
		list = own
	}
	out := make([][]byte, 0, len(list))
	for _, v := range list {
		out = append(out, []byte(v))
	}
	return out
}

// insertEvent stores an authentic event once; dup reports a redelivery.
func (s *Server) insertEvent(ctx context.Context, id string, raw []byte, locationID int) (*ent.WebhookHistory, bool, error) {
	row, err := s.DB.WebhookHistory.Create().SetDirection(historyIn).SetWebhookEventID(id).SetDealerLocationID(locationID).
		SetSentContent(doorcodes.Seal(raw)).SetResponseStatus("200").SetSentDate(s.Now()).SetAttempt(1).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, true, nil
	}
	return row, false, err
}

func (s *Server) storeEvent(c *gin.Context, id string, raw []byte, locationID int, status, content string) {
	row, dup, err := s.insertEvent(c.Request.Context(), id, raw, locationID)
	if err != nil {
		unavailable(c, err)
		return
	}
	if !dup {
		s.finishEvent(c, row, content)
		return
	}
	c.Status(http.StatusOK)
}

// finishEvent notes what became of the event and answers 200.
func (s *Server) finishEvent(c *gin.Context, row *ent.WebhookHistory, content string) {
	if err := row.Update().SetResponseContent(content).Exec(c.Request.Context()); err != nil {
		s.Log.Warn("acses event: history not updated", "event", row.WebhookEventID, "error", err)
	}
	c.Status(http.StatusOK)
}

// undoEvent forgets an event we could not pass on, so the vendor's retry is
// not taken for a duplicate, and answers 503.
func (s *Server) undoEvent(c *gin.Context, row *ent.WebhookHistory, err error) {
	if derr := s.DB.WebhookHistory.DeleteOne(row).Exec(context.WithoutCancel(c.Request.Context())); derr != nil {
		s.Log.Error("acses event: could not undo", "event", row.WebhookEventID, "error", derr)
	}
	unavailable(c, err)
}

// rejectEvent records a delivery that failed authentication and answers
// 401. Rejected rows have their own direction, so a forged delivery that
// reuses a real tablekey never blocks the real event as a "duplicate".
func (s *Server) rejectEvent(c *gin.Context, raw []byte, locationID int, why string) {
	s.refuseEvent(c, raw, locationID, http.StatusUnauthorized, why, "event not authenticated")
}

// Caps on what refused deliveries store: anyone can post to the handler,
// so an unsigned flood must not fill the database or a location's history.
// Decision: the first maxRejectedContent bytes of a body are enough to see
// what was sent; a client gets rejectedPerSource rows per rejectedWindow
// and a location rejectedPerLocation (the vendor's own misconfigured
// deliveries stay visible, a flood from many addresses stops too). Past a
// cap the delivery is still refused, and logged, but not stored.
const (
	maxRejectedContent  = 2 << 10
	rejectedPerSource   = 20
	rejectedPerLocation = 100
	rejectedWindow      = 10 * time.Minute
)

// rejectCaps counts the refused deliveries stored per client and location.
type rejectCaps struct {
	once                 sync.Once
	bySource, byLocation *failureLimiter
}

// take reports whether one more refused delivery from source for the
// location may be stored, and counts it.
func (r *rejectCaps) take(source string, locationID int) bool {
	r.once.Do(func() {
		r.bySource = newFailureLimiter(rejectedPerSource, rejectedWindow)
		r.byLocation = newFailureLimiter(rejectedPerLocation, rejectedWindow)
	})
	loc := strconv.Itoa(locationID)
	if r.bySource.Blocked(source) || r.byLocation.Blocked(loc) {
		return false
	}
	r.bySource.Fail(source)
	r.byLocation.Fail(loc)
	return true
}

// rejectedContent is what a refused delivery's row keeps of its body:
// storable text (no NUL, valid UTF-8), at most maxRejectedContent bytes,
// door codes masked (a refused delivery's code is not to be trusted, nor
// kept).
func rejectedContent(raw []byte) string {
	n := len(raw)
	raw = []byte(doorcodes.Redact(string(raw)))
	if len(raw) > maxRejectedContent {
		raw = raw[:maxRejectedContent]
	}
	content := strings.ToValidUTF8(string(bytes.ReplaceAll(raw, []byte{0}, nil)), "?")
	if n > maxRejectedContent {
		content += fmt.Sprintf("…[truncated: %d bytes received]", n)
	}
	return content
}

// refuseEvent records a refused delivery (direction "rejected", within the
// caps above) and answers status with msg.
func (s *Server) refuseEvent(c *gin.Context, raw []byte, locationID, status int, why, msg string) {
	ctx := c.Request.Context()
	id := c.GetHeader(acses.HeaderID)
	if id == "" || len(textcheck.Line("webhook-id", id, 200)) > 0 {
		id = "-"
	}
	if !s.acsesRejects.take(c.ClientIP(), locationID) {
		s.Log.Warn("acses event refused; not recorded (too many refused deliveries)", "reason", why, "remote", c.ClientIP())
		fail(c, status, msg)
		return
	}
	content := rejectedContent(raw)
	for range 3 {
		n, err := s.DB.WebhookHistory.Query().Where(webhookhistory.Direction(historyRejected), webhookhistory.WebhookEventID(id)).Count(ctx)
		if err == nil {
			err = s.DB.WebhookHistory.Create().SetDirection(historyRejected).SetWebhookEventID(id).SetDealerLocationID(locationID).
				SetSentContent(content).SetResponseStatus(strconv.Itoa(status)).SetResponseContent(why).SetSentDate(s.Now()).SetAttempt(n + 1).Exec(ctx)
		}
		if err == nil || !ent.IsConstraintError(err) {
			if err != nil {
				s.Log.Error("acses event: rejected delivery not recorded", "error", err)
			}
			break
		}
	}
	s.Log.Warn("acses event refused", "reason", why, "remote", c.ClientIP())
	fail(c, status, msg)
}

// acsesSimulate: GET /v1/events/simulate (development only) opens a
// simulator door with a code, as the spec's dev link does: action dropoff
// or checkout. It answers 200 when the door opened; the event then comes
// back to /v1/events/handler from the simulator like any other.
func (s *Server) acsesSimulate(c *gin.Context) {
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
		invalid(c, p...)
		return
	}
	ls, err := s.DB.LockerSystem.Get(c.Request.Context(), q.Get("locker_system_id"))
	if err != nil || fmt.Sprint(ls.DealerLocationID) != q.Get("location_id") {
		fail(c, http.StatusNotFound, "no such locker system at this location")
		return
	}
	body, _ := json.Marshal(map[string]string{"lockersystem": ls.ID, "code": q.Get("code"), "action": string(action)})
	ctx, cancel := context.WithTimeout(c.Request.Context(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.ACSESBaseURL+"/sim/doors/use", bytes.NewReader(body))
	if err != nil {
		internal(c, err)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		unavailable(c, err)
		return
	}
	defer res.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	if res.StatusCode != http.StatusOK {
		var e struct {
			Error struct{ Message string } `json:"error"`
		}
		_ = json.Unmarshal(msg, &e)
		invalid(c, "the door did not open: "+e.Error.Message)
		return
	}
	c.Status(http.StatusOK)
}
