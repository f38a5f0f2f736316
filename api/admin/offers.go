package admin

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// A location's check-in offers (ours, not the spec's: the spec's
// CheckInResult is the per-communication copy a new communication gets of
// the active ones). Writes are internal/onboard's, shared with
// `pitstop admin location offer`.
func (h *Handlers) offerRoutes(admin *gin.RouterGroup) {
	admin.GET("/locations/:location_id/check_in_offers", httpx.Handle(h.listOffers))
	admin.POST("/locations/:location_id/check_in_offers", httpx.Handle(h.createOffer))
	admin.GET("/locations/:location_id/check_in_offers/:offer_id", httpx.Handle(h.getOffer))
	admin.PUT("/locations/:location_id/check_in_offers/:offer_id", httpx.Handle(h.updateOffer))
	admin.DELETE("/locations/:location_id/check_in_offers/:offer_id", httpx.Handle(h.deleteOffer))
}

// OfferRequest creates (name required) or updates an offer; a field left
// out stays as it is (on create: its default, active true).
type OfferRequest struct {
	Name                     *string  `json:"name"`
	Description              *string  `json:"description"`
	Price                    *float64 `json:"price"`
	InfoURL                  *string  `json:"info_url"`
	HideForLeaseAppointments *bool    `json:"hide_for_lease_appointments"`
	Position                 *int     `json:"position"`
	Active                   *bool    `json:"active"`
}

// OfferView is an offer as the admin API shows it.
type OfferView struct {
	ID                       int     `json:"id"`
	LocationID               int     `json:"location_id"`
	Name                     string  `json:"name"`
	Description              string  `json:"description"`
	Price                    float64 `json:"price"`
	InfoURL                  string  `json:"info_url"`
	HideForLeaseAppointments bool    `json:"hide_for_lease_appointments"`
	Position                 int     `json:"position"`
	Active                   bool    `json:"active"`
}

// OfferDeleted answers a DELETE.
type OfferDeleted struct {
	Deleted bool `json:"deleted"`
}

func offerView(o *ent.CheckInOffer) OfferView {
	return OfferView{ID: o.ID, LocationID: o.DealerLocationID, Name: o.Name, Description: o.Description, Price: o.Price,
		InfoURL: o.InfoURL, HideForLeaseAppointments: o.HideForLeaseAppointments, Position: o.Position, Active: o.Active}
}

// offerParams loads :location_id (if the caller administers its dealer)
// and reads :offer_id (404 when it is not a positive number, as for an
// unknown offer).
func (h *Handlers) offerParams(c *gin.Context) (locationID, offerID int, err error) {
	l, err := h.locationParam(c)
	if err != nil {
		return 0, 0, err
	}
	id, err := strconv.Atoi(c.Param("offer_id"))
	if err != nil || id <= 0 {
		return 0, 0, httpx.NotFound("offer not found")
	}
	return l.ID, id, nil
}

func (h *Handlers) listOffers(c *gin.Context) error {
	l, err := h.locationParam(c)
	if err != nil {
		return err
	}
	os, err := onboard.Offers(c.Request.Context(), h.DB.Client, l.ID)
	if err != nil {
		return httpx.Unavailable(err)
	}
	out := make([]OfferView, len(os))
	for i, o := range os {
		out[i] = offerView(o)
	}
	c.JSON(http.StatusOK, gin.H{"offers": out})
	return nil
}

func (h *Handlers) createOffer(c *gin.Context) error {
	l, err := h.locationParam(c)
	if err != nil {
		return err
	}
	var req OfferRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	o, err := onboard.CreateOffer(c.Request.Context(), h.DB.Client, l.ID, onboard.OfferInput(req))
	if err != nil {
		return saved(err, "location")
	}
	c.JSON(http.StatusOK, offerView(o))
	return nil
}

func (h *Handlers) getOffer(c *gin.Context) error {
	loc, id, err := h.offerParams(c)
	if err != nil {
		return err
	}
	o, err := onboard.Offer(c.Request.Context(), h.DB.Client, loc, id)
	if err != nil {
		return saved(err, "offer")
	}
	c.JSON(http.StatusOK, offerView(o))
	return nil
}

// updateOffer: PUT sets the fields given; the same request twice answers the same offer.
func (h *Handlers) updateOffer(c *gin.Context) error {
	loc, id, err := h.offerParams(c)
	if err != nil {
		return err
	}
	var req OfferRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	o, err := onboard.UpdateOffer(c.Request.Context(), h.DB.Client, loc, id, onboard.OfferInput(req))
	if err != nil {
		return saved(err, "offer")
	}
	c.JSON(http.StatusOK, offerView(o))
	return nil
}

// deleteOffer: DELETE answers {"deleted": true}, or false when the offer
// was not there (any more): a retried delete is not an error.
// Communications keep their copies.
func (h *Handlers) deleteOffer(c *gin.Context) error {
	loc, id, err := h.offerParams(c)
	if err != nil {
		return err
	}
	gone, err := onboard.DeleteOffer(c.Request.Context(), h.DB.Client, loc, id)
	if err != nil {
		return httpx.Unavailable(err)
	}
	c.JSON(http.StatusOK, OfferDeleted{Deleted: gone})
	return nil
}
