package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// A location's quiet hours (issue #25): read and change when automated
// messages may go (quiethours_settings.go). Changes are in the
// settings' history (GET .../settings/history) and apply to messages
// planned afterwards.

func (h *Handlers) quietHoursRoutes(admin *gin.RouterGroup) {
	admin.GET("/locations/:location_id/quiet-hours", httpx.Handle(h.getQuietHours))
	admin.PUT("/locations/:location_id/quiet-hours", httpx.Handle(h.updateQuietHours))
}

func (h *Handlers) getQuietHours(c *gin.Context) error {
	loc, err := h.locationParam(c)
	if err != nil {
		return err
	}
	cs, err := onboard.Setting(c.Request.Context(), h.DB.Client, loc)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, QuietHoursOf(loc, cs, h.Now()))
	return nil
}

// updateQuietHours: PUT sets the values given; the same request twice
// answers the same settings and writes one history line per change.
func (h *Handlers) updateQuietHours(c *gin.Context) error {
	loc, err := h.locationParam(c)
	if err != nil {
		return err
	}
	var req QuietHours
	if err := decode(c, &req); err != nil {
		return err
	}
	out, err := UpdateQuietHours(c.Request.Context(), h.DB, loc, httpx.Claims(c).UserID, h.Now(), req)
	if err != nil {
		return saved(err, "location")
	}
	c.JSON(http.StatusOK, out)
	return nil
}
