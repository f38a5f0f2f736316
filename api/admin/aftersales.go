package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// A location's car-ready message and feedback question (issue #25): read
// and switch them (internal/onboard.Aftersales). Changes are in the
// settings' history and apply to the next appointment that reaches them.

func (h *Handlers) aftersalesRoutes(admin *gin.RouterGroup) {
	admin.GET("/locations/:location_id/aftersales", httpx.Handle(h.getAftersales))
	admin.PUT("/locations/:location_id/aftersales", httpx.Handle(h.updateAftersales))
}

func (h *Handlers) getAftersales(c *gin.Context) error {
	loc, err := h.locationParam(c)
	if err != nil {
		return err
	}
	cs, err := onboard.Setting(c.Request.Context(), h.DB.Client, loc)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, onboard.AftersalesOf(cs))
	return nil
}

// updateAftersales: PUT sets the values given; the same request twice
// answers the same settings and writes one history line per change.
func (h *Handlers) updateAftersales(c *gin.Context) error {
	loc, err := h.locationParam(c)
	if err != nil {
		return err
	}
	var req onboard.Aftersales
	if err := decode(c, &req); err != nil {
		return err
	}
	out, err := onboard.UpdateAftersales(c.Request.Context(), h.DB, loc, httpx.Claims(c).UserID, h.Now(), req)
	if err != nil {
		return saved(err, "location")
	}
	c.JSON(http.StatusOK, out)
	return nil
}
