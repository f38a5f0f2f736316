package admin

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/conversation"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointmentmessage"
	"github.com/pitstop-dev/pitstop/ent/predicate"
)

// Customers' replies that matched no appointment (issue #25, two-way
// messages), kept by InboundMessageWorkflow and never dropped:
//   - ?dealer_location_id=: a location's, those sent to one of its own
//     sender numbers (each also opened an unmatched_reply task there), for
//     the admins of its dealer;
//   - without it: those whose location cannot be told (sent to a number of
//     no location's pool, such as PITSTOP_TWILIO_SENDER_POOL's shared
//     ones, or to an e-mail address that is no conversation). They belong
//     to no dealer, so only platform roles list them: showing them to a
//     dealer's admin could show another dealer's customer.
//
// Newest first, paged. Admins see the sender in full: they are who acts
// on it.

func (h *Handlers) unmatchedRoutes(admin *gin.RouterGroup) {
	admin.GET("/unmatched_messages", httpx.Handle(h.listUnmatched))
}

// UnmatchedMessageView is one unmatched reply.
type UnmatchedMessageView struct {
	ID         int       `json:"id"`
	LocationID *int      `json:"dealer_location_id"`
	Channel    int       `json:"channel"`
	From       string    `json:"from"`
	To         string    `json:"to"`
	Text       string    `json:"text"`
	CreatedAt  time.Time `json:"created_at"`
}

// Pages of the list (api.MaxPageSize, api.MaxPage).
const (
	maxUnmatchedPageSize = 200
	maxUnmatchedPage     = 100_000
)

func (h *Handlers) listUnmatched(c *gin.Context) error {
	var q struct {
		LocationID *int `form:"dealer_location_id" binding:"omitempty,gt=0"`
		Page       int  `form:"page,default=1" binding:"gte=1"`
		PageSize   int  `form:"page_size,default=50" binding:"gte=1"`
	}
	if err := httpx.BindQuery(c, &q); err != nil {
		return err
	}
	if q.PageSize > maxUnmatchedPageSize {
		return httpx.Invalid("page_size: at most " + strconv.Itoa(maxUnmatchedPageSize))
	}
	if q.Page > maxUnmatchedPage {
		return httpx.Invalid("page: at most " + strconv.Itoa(maxUnmatchedPage))
	}
	ctx := c.Request.Context()
	where := []predicate.AppointmentMessage{appointmentmessage.AppointmentIDIsNil(),
		appointmentmessage.Direction(conversation.DirectionIn)}
	if q.LocationID != nil {
		loc, err := h.DB.DealerLocation.Get(ctx, *q.LocationID)
		if ent.IsNotFound(err) || (err == nil && !httpx.CanAdminDealer(c, loc.DealerID)) {
			return httpx.NotFound("location not found")
		}
		if err != nil {
			return httpx.Internal(err)
		}
		where = append(where, appointmentmessage.DealerLocationID(loc.ID))
	} else {
		if !httpx.PlatformRole(httpx.Claims(c).RoleID) {
			return httpx.Fail(http.StatusForbidden, "replies whose location cannot be told belong to no dealer: only platform admins list them; "+
				"give dealer_location_id for a location's own")
		}
		where = append(where, appointmentmessage.DealerLocationIDIsNil())
	}
	rows, err := h.DB.AppointmentMessage.Query().Where(where...).Order(ent.Desc(appointmentmessage.FieldID)).
		Offset((q.Page - 1) * q.PageSize).Limit(q.PageSize).All(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	out := make([]UnmatchedMessageView, 0, len(rows))
	for _, m := range rows {
		out = append(out, UnmatchedMessageView{ID: m.ID, LocationID: m.DealerLocationID, Channel: int(m.CommunicationChannelID),
			From: m.CustomerAddress, To: m.OurAddress, Text: m.Text, CreatedAt: m.CreatedAt.UTC()})
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"messages": out, "page": q.Page, "page_size": q.PageSize})
	return nil
}
