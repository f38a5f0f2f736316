package admin

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// One group of a location's settings of issue #25 (reminders, quiet hours,
// car-ready and feedback, SMS sender pool), served the same way: GET reads the group from
// the location's communication setting; PUT sets the values given (the
// same request twice answers the same and writes one history line per
// change, GET .../settings/history) and applies to what is planned next.
type settingsGroup[Req, View any] struct {
	path string // below /locations/:location_id/
	view func(loc *ent.DealerLocation, cs *ent.CommunicationSetting, now time.Time) View
	// load reads a group kept outside the setting row (nil: view).
	load   func(ctx context.Context, db *ent.Client, loc *ent.DealerLocation) (View, error)
	update func(ctx context.Context, db *store.DB, loc *ent.DealerLocation, userID int, now time.Time, req Req) (View, error)
}

func serveSettings[Req, View any](h *Handlers, admin *gin.RouterGroup, g settingsGroup[Req, View]) {
	path := "/locations/:location_id/" + g.path
	admin.GET(path, httpx.Handle(func(c *gin.Context) error {
		loc, err := h.locationParam(c)
		if err != nil {
			return err
		}
		if g.load != nil {
			v, err := g.load(c.Request.Context(), h.DB.Client, loc)
			if err != nil {
				return httpx.Internal(err)
			}
			c.JSON(http.StatusOK, v)
			return nil
		}
		cs, err := onboard.Setting(c.Request.Context(), h.DB.Client, loc)
		if err != nil {
			return err
		}
		c.JSON(http.StatusOK, g.view(loc, cs, h.Now()))
		return nil
	}))
	admin.PUT(path, httpx.Handle(func(c *gin.Context) error {
		loc, err := h.locationParam(c)
		if err != nil {
			return err
		}
		var req Req
		if err := decode(c, &req); err != nil {
			return err
		}
		out, err := g.update(c.Request.Context(), h.DB, loc, httpx.Claims(c).UserID, h.Now(), req)
		if err != nil {
			return saved(err, "location")
		}
		c.JSON(http.StatusOK, out)
		return nil
	}))
}

// locationSettingsRoutes: reminders and escalations (internal/onboard.Reminders),
// quiet hours (quiethours_settings.go), the car-ready message and the
// feedback question (internal/onboard.Aftersales), the location's own SMS
// sender pool (internal/onboard.SenderPool; its history line is
// sms_sender_pool).
func (h *Handlers) locationSettingsRoutes(admin *gin.RouterGroup) {
	serveSettings(h, admin, settingsGroup[onboard.Reminders, onboard.Reminders]{path: "reminders",
		view: func(_ *ent.DealerLocation, cs *ent.CommunicationSetting, _ time.Time) onboard.Reminders {
			return onboard.RemindersOf(cs)
		},
		update: onboard.UpdateReminders})
	serveSettings(h, admin, settingsGroup[QuietHours, QuietHoursView]{path: "quiet-hours", view: QuietHoursOf, update: UpdateQuietHours})
	serveSettings(h, admin, settingsGroup[onboard.Aftersales, onboard.Aftersales]{path: "aftersales",
		view: func(_ *ent.DealerLocation, cs *ent.CommunicationSetting, _ time.Time) onboard.Aftersales {
			return onboard.AftersalesOf(cs)
		},
		update: onboard.UpdateAftersales})
	serveSettings(h, admin, settingsGroup[onboard.SenderPool, onboard.SenderPoolView]{path: "sms-senders",
		load: func(ctx context.Context, db *ent.Client, loc *ent.DealerLocation) (onboard.SenderPoolView, error) {
			return onboard.SenderPoolOf(ctx, db, loc.ID)
		},
		update: func(ctx context.Context, db *store.DB, loc *ent.DealerLocation, userID int, now time.Time, p onboard.SenderPool) (onboard.SenderPoolView, error) {
			return onboard.UpdateSenderPool(ctx, db, loc, userID, now, p, h.SenderPool)
		}})
}
