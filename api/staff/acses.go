package staff

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/webhookhistory"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keylocker/doorcodes"
	"github.com/pitstop-dev/pitstop/internal/lockerevents"
)

// The staff side of the ACSES service (spec 001): the event history of a
// location's lockers, the lockers with a free cell, the employees' door
// codes, and the on-site key locker device (keylocker_device.go). The
// vendor's own webhook is api/callbacks/acses.go.

func (s *Handlers) acsesRoutes(staff *gin.RouterGroup) {
	acses := staff.Group("", httpx.Allow(httpx.PermAppointmentsRead)) // mechanics pick keys up too
	acses.POST("/events/history", httpx.Handle(s.acsesHistory))
	acses.POST("/employees/list_available_lockers", httpx.Handle(s.listAvailableLockers))
	acses.POST("/employees/pickup", httpx.Handle(s.employeePickup))
	acses.POST("/employees/assist_pickup", httpx.Handle(s.employeeAssistPickup))
	acses.POST("/employees/drop_back", httpx.Handle(s.employeeDropBack))
}

// The directions of the WebhookHistory rows the history shows are
// lockerevents', which writes them for api/callbacks/acses.go.
const (
	historyIn       = lockerevents.DirectionIn
	historyRejected = lockerevents.DirectionRejected
)

// WebhookHistory is the spec's WebhookHistory model.
type WebhookHistory struct {
	WebhookEventID  string    `json:"webhook_event_id"`
	SentContent     string    `json:"sent_content"`
	ResponseStatus  string    `json:"response_status"`
	ResponseContent string    `json:"response_content"`
	SentDate        time.Time `json:"sent_date"`
}

// LockerLocationRequest is the body of /v1/employees/list_available_lockers.
type LockerLocationRequest struct {
	DealerLocationID int `json:"dealer_location_id"`
}

// HistoryRequest is the body of /v1/events/history: the spec's
// dealer_location_id, and (ours, x-pitstop-extension) page_size and the
// cursor a previous page answered in next_cursor.
type HistoryRequest struct {
	DealerLocationID int    `json:"dealer_location_id"`
	PageSize         int    `json:"page_size,omitempty"`
	Cursor           string `json:"cursor,omitempty"`
}

// HistoryResponse answers /v1/events/history. NextCursor (ours) is set
// when more deliveries follow this page.
type HistoryResponse struct {
	History    []WebhookHistory `json:"history"`
	NextCursor string           `json:"next_cursor,omitempty"`
}

// Pages of /v1/events/history. Decision: the spec answers "the full
// history" in one list, which grows without end; the first page keeps the
// spec's shape and holds the oldest HistoryPageSize deliveries, and
// next_cursor leads on.
const HistoryPageSize = 100

// historyCursor is the position after a row: its sent_date and ID.
func historyCursor(r *ent.WebhookHistory) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("v1|%d|%d", r.SentDate.UnixMicro(), r.ID)))
}

func parseHistoryCursor(v string) (time.Time, int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return time.Time{}, 0, false
	}
	parts := strings.Split(string(b), "|")
	if len(parts) != 3 || parts[0] != "v1" {
		return time.Time{}, 0, false
	}
	us, err1 := strconv.ParseInt(parts[1], 10, 64)
	id, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || id <= 0 {
		return time.Time{}, 0, false
	}
	return time.UnixMicro(us), id, true
}

// acsesHistory: POST /v1/events/history, the event deliveries received for
// the location's lockers (authentic and rejected), oldest first, a page at
// a time. Door codes in them are shown only to roles that hand keys out.
func (s *Handlers) acsesHistory(c *gin.Context) error {
	var req HistoryRequest
	if err := httpx.DecodeStrict(c, &req); err != nil {
		return err
	}
	if err := httpx.Location(c, "dealer_location_id", req.DealerLocationID); err != nil {
		return err
	}
	size := req.PageSize
	if size < 0 || size > maxPageSize {
		return httpx.Invalid(fmt.Sprintf("page_size: must be between 1 and %d", maxPageSize))
	}
	if size == 0 {
		size = HistoryPageSize
	}
	q := s.DB.WebhookHistory.Query().Where(webhookhistory.DealerLocationID(req.DealerLocationID),
		webhookhistory.DirectionIn(historyIn, historyRejected))
	if req.Cursor != "" {
		at, id, ok := parseHistoryCursor(req.Cursor)
		if !ok {
			return httpx.Invalid("cursor: not a next_cursor of this endpoint")
		}
		q = q.Where(webhookhistory.Or(webhookhistory.SentDateGT(at),
			webhookhistory.And(webhookhistory.SentDate(at), webhookhistory.IDGT(id))))
	}
	rows, err := q.Order(ent.Asc(webhookhistory.FieldSentDate), ent.Asc(webhookhistory.FieldID)).Limit(size + 1).
		All(c.Request.Context())
	if err != nil {
		return err
	}
	out := HistoryResponse{History: make([]WebhookHistory, 0, min(len(rows), size))}
	if len(rows) > size {
		rows = rows[:size]
		out.NextCursor = historyCursor(rows[size-1])
	}
	codes := mayHandOutKeys(httpx.Claims(c).RoleID)
	for _, r := range rows {
		content := r.SentContent
		if codes {
			content = doorcodes.Open(content)
		} else {
			content = doorcodes.Redact(content)
		}
		out.History = append(out.History, WebhookHistory{WebhookEventID: r.WebhookEventID, SentContent: content,
			ResponseStatus: r.ResponseStatus, ResponseContent: r.ResponseContent, SentDate: r.SentDate})
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// mayHandOutKeys: roles that hand keys out of a locker (drop back, assisted
// pick-up: appointments.write) see the door codes in the event history;
// read-only roles (mechanic, quality control, leads/warranty) do not.
// Decision: a mechanic gets the one pick-up code it needs from
// /v1/employees/pickup, recorded against its name, never a list of all.
func mayHandOutKeys(role enums.RoleID) bool { return httpx.RoleMay(role, httpx.PermAppointmentsWrite) }
