package console

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/checkinremark"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewremark"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/remotediagticket"
)

// The stream is fed from the read model alone: every row the workflows'
// activities write carries updated_at (ent's TimeMixin), so "what changed"
// is every row of the location's appointments updated after the cursor. A
// cursor is an instant in microseconds (the precision PostgreSQL keeps);
// each event's `id:` is the newest updated_at it reports, so a browser that
// reconnects with Last-Event-ID gets everything after it.
//
// Rows commit in a different order than their updated_at were taken (a
// transaction that took its time, two instances' clocks): each read looks
// back overlap before the cursor and leaves out what this stream already
// sent. A reconnecting stream has no such memory and may report a change
// of that last overlap again; the console only reloads an appointment
// twice.
const overlap = 2 * time.Second

// window is which appointments a stream watches: around now, wide enough
// for today and tomorrow in every time zone.
const (
	windowBefore = 48 * time.Hour
	windowAfter  = 72 * time.Hour
)

// heartbeat keeps an idle stream alive through proxies.
const heartbeat = 15 * time.Second

// Change is the data of one event: which appointments changed.
type Change struct {
	AppointmentIDs []int `json:"appointment_ids"`
}

func encodeCursor(t time.Time) string { return strconv.FormatInt(t.UnixMicro(), 10) }

func decodeCursor(s string) (time.Time, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || len(s) > 19 {
		return time.Time{}, false
	}
	return time.UnixMicro(n), true
}

// events: GET /v1/desk/events?location_id=&after=CURSOR, server-sent events
// of the location's changed appointments after the cursor (Last-Event-ID,
// else after, else now). The stream ends after StreamFor; the console
// reconnects from its last event ID.
func (h *Handlers) events(c *gin.Context) {
	var q struct {
		LocationID int    `form:"location_id" binding:"required,gt=0"`
		After      string `form:"after"`
	}
	if err := httpx.BindQuery(c, &q); err != nil {
		httpx.Write(c, err)
		return
	}
	loc, _, err := h.location(c, q.LocationID)
	if err != nil {
		httpx.Write(c, err)
		return
	}
	cursor := h.core.Now()
	from := c.GetHeader("Last-Event-ID")
	if from == "" {
		from = q.After
	}
	if from != "" {
		t, ok := decodeCursor(from)
		if !ok {
			httpx.Write(c, httpx.Invalid("Last-Event-ID / after: a cursor of GET /v1/desk/day or of an earlier event"))
			return
		}
		cursor = t
	}
	select {
	case h.streams <- struct{}{}:
		defer func() { <-h.streams }()
	default:
		httpx.Write(c, httpx.Fail(http.StatusServiceUnavailable, "too many open event streams; try again in a moment"))
		return
	}
	streamFor, pollEvery := StreamFor, PollEvery
	rc := http.NewResponseController(c.Writer)
	// Beyond the server's WriteTimeout, and its ReadTimeout too: the
	// server's background read of an idle connection would otherwise time
	// out and cancel the request's context mid-stream.
	_ = rc.SetWriteDeadline(time.Now().Add(streamFor + 10*time.Second))
	_ = rc.SetReadDeadline(time.Now().Add(streamFor + 10*time.Second))
	hd := c.Writer.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no")
	c.Status(http.StatusOK)
	// retry: how soon a browser's EventSource reconnects after the end.
	if _, err := fmt.Fprint(c.Writer, "retry: 1000\n\n"); err != nil {
		return
	}
	_ = rc.Flush()

	ctx := c.Request.Context()
	end := time.NewTimer(streamFor)
	defer end.Stop()
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	lastWrite := time.Now()
	sent := map[string]time.Time{} // rows reported, by table/id/updated_at, kept for the overlap
	for {
		ids, newest, err := h.changes(ctx, loc.ID, cursor, sent)
		if err != nil {
			if ctx.Err() == nil {
				h.core.Log.Warn("desk events: read failed", "location_id", loc.ID, "error", err)
			}
			return // the console reconnects from its last event ID
		}
		if len(ids) > 0 {
			cursor = newest
			b, _ := json.Marshal(Change{AppointmentIDs: ids})
			if _, err := fmt.Fprintf(c.Writer, "id: %s\nevent: change\ndata: %s\n\n", encodeCursor(cursor), b); err != nil {
				return
			}
			_ = rc.Flush()
			lastWrite = time.Now()
		} else if time.Since(lastWrite) >= heartbeat {
			if _, err := fmt.Fprint(c.Writer, ": still here\n\n"); err != nil {
				return
			}
			_ = rc.Flush()
			lastWrite = time.Now()
		}
		select {
		case <-ctx.Done():
			return
		case <-end.C:
			return
		case <-tick.C:
		}
	}
}

// row is one changed row of the read model.
type row struct {
	ID            int       `json:"id"`
	AppointmentID int       `json:"appointment_id"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// changes reads which of the location's watched appointments have a row
// updated after cursor-overlap that sent does not hold yet; it answers
// their IDs (sorted) and the newest updated_at among them, and records them
// in sent (pruned to the overlap).
func (h *Handlers) changes(ctx context.Context, locationID int, cursor time.Time, sent map[string]time.Time) ([]int, time.Time, error) {
	db := h.core.DB.Client
	now := h.core.Now()
	since := cursor.Add(-overlap)
	var aps []struct {
		ID        int       `json:"id"`
		UpdatedAt time.Time `json:"updated_at"`
	}
	err := db.Appointment.Query().Where(appointment.DealerLocationID(locationID), appointment.Or(
		appointment.And(appointment.TimeCarAppGTE(now.Add(-windowBefore)), appointment.TimeCarAppLT(now.Add(windowAfter))),
		appointment.UpdatedAtGT(since))).
		Select(appointment.FieldID, appointment.FieldUpdatedAt).Scan(ctx, &aps)
	if err != nil || len(aps) == 0 {
		return nil, cursor, err
	}
	ids := make([]int, len(aps))
	var rows []tagged
	for i, a := range aps {
		ids[i] = a.ID
		if a.UpdatedAt.After(since) {
			rows = append(rows, tagged{"appointment", row{ID: a.ID, AppointmentID: a.ID, UpdatedAt: a.UpdatedAt}})
		}
	}
	for _, r := range relatedReads(db, ids, since) {
		var got []row
		if err := r.read(ctx, &got); err != nil {
			return nil, cursor, err
		}
		for _, g := range got {
			rows = append(rows, tagged{r.table, g})
		}
	}
	newest := cursor
	var changed []int
	for _, r := range rows {
		key := fmt.Sprintf("%s/%d/%d", r.table, r.ID, r.UpdatedAt.UnixNano())
		if _, ok := sent[key]; ok {
			continue
		}
		sent[key] = r.UpdatedAt
		if !slices.Contains(changed, r.AppointmentID) {
			changed = append(changed, r.AppointmentID)
		}
		if r.UpdatedAt.After(newest) {
			newest = r.UpdatedAt
		}
	}
	for k, t := range sent {
		if t.Before(newest.Add(-overlap)) {
			delete(sent, k)
		}
	}
	slices.Sort(changed)
	return changed, newest.Truncate(time.Microsecond), nil
}

type tagged struct {
	table string
	row
}

type related struct {
	table string
	read  func(ctx context.Context, v any) error
}

// relatedReads are the rows of the appointments' communications that the
// workflows and activities write: messages and their delivery outcomes,
// answers, remarks, key-locker and desk check-ins, remote-diagnose tickets.
func relatedReads(db *ent.Client, ids []int, since time.Time) []related {
	cols := func(id, ap, upd string) []string { return []string{id, ap, upd} }
	return []related{
		{"communication_event", db.CommunicationEvent.Query().Where(communicationevent.AppointmentIDIn(ids...),
			communicationevent.UpdatedAtGT(since)).Select(cols(communicationevent.FieldID, communicationevent.FieldAppointmentID,
			communicationevent.FieldUpdatedAt)...).Scan},
		{"communication_receiver", db.CommunicationReceiver.Query().Where(communicationreceiver.AppointmentIDIn(ids...),
			communicationreceiver.UpdatedAtGT(since)).Select(cols(communicationreceiver.FieldID, communicationreceiver.FieldAppointmentID,
			communicationreceiver.FieldUpdatedAt)...).Scan},
		{"intervention", db.Intervention.Query().Where(intervention.AppointmentIDIn(ids...), intervention.UpdatedAtGT(since)).
			Select(cols(intervention.FieldID, intervention.FieldAppointmentID, intervention.FieldUpdatedAt)...).Scan},
		{"communication_result", db.CommunicationResult.Query().Where(communicationresult.AppointmentIDIn(ids...),
			communicationresult.UpdatedAtGT(since)).Select(cols(communicationresult.FieldID, communicationresult.FieldAppointmentID,
			communicationresult.FieldUpdatedAt)...).Scan},
		{"check_in_remark", db.CheckInRemark.Query().Where(checkinremark.AppointmentIDIn(ids...), checkinremark.UpdatedAtGT(since)).
			Select(cols(checkinremark.FieldID, checkinremark.FieldAppointmentID, checkinremark.FieldUpdatedAt)...).Scan},
		{"diagnose_overview_remark", db.DiagnoseOverviewRemark.Query().Where(diagnoseoverviewremark.AppointmentIDIn(ids...),
			diagnoseoverviewremark.UpdatedAtGT(since)).Select(cols(diagnoseoverviewremark.FieldID, diagnoseoverviewremark.FieldAppointmentID,
			diagnoseoverviewremark.FieldUpdatedAt)...).Scan},
		{"key_locker_communication", db.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentIDIn(ids...),
			keylockercommunication.UpdatedAtGT(since)).Select(cols(keylockercommunication.FieldID, keylockercommunication.FieldAppointmentID,
			keylockercommunication.FieldUpdatedAt)...).Scan},
		{"desk_communication", db.DeskCommunication.Query().Where(deskcommunication.AppointmentIDIn(ids...),
			deskcommunication.UpdatedAtGT(since)).Select(cols(deskcommunication.FieldID, deskcommunication.FieldAppointmentID,
			deskcommunication.FieldUpdatedAt)...).Scan},
		{"remote_diag_ticket", db.RemoteDiagTicket.Query().Where(remotediagticket.AppointmentIDIn(ids...),
			remotediagticket.UpdatedAtGT(since)).Select(cols(remotediagticket.FieldID, remotediagticket.FieldAppointmentID,
			remotediagticket.FieldUpdatedAt)...).Scan},
	}
}
