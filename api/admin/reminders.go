package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// A location's reminders and escalations (issue #25): read and change the
// four hours the lifecycle waits (internal/onboard.Reminders). Changes are
// in the settings' history (GET .../settings/history) and apply to the
// next message sent.

func (h *Handlers) reminderRoutes(admin *gin.RouterGroup) {
	admin.GET("/locations/:location_id/reminders", httpx.Handle(h.getReminders))
	admin.PUT("/locations/:location_id/reminders", httpx.Handle(h.updateReminders))
}

func (h *Handlers) getReminders(c *gin.Context) error {
	loc, err := h.locationParam(c)
	if err != nil {
		return err
	}
	cs, err := onboard.Setting(c.Request.Context(), h.DB.Client, loc)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, onboard.RemindersOf(cs))
	return nil
}

// updateReminders: PUT sets the values given; the same request twice
// answers the same settings and writes one history line per change.
func (h *Handlers) updateReminders(c *gin.Context) error {
	loc, err := h.locationParam(c)
	if err != nil {
		return err
	}
	var req onboard.Reminders
	if err := decode(c, &req); err != nil {
		return err
	}
	out, err := onboard.UpdateReminders(c.Request.Context(), h.DB, loc, httpx.Claims(c).UserID, h.Now(), req)
	if err != nil {
		return saved(err, "location")
	}
	c.JSON(http.StatusOK, out)
	return nil
}
