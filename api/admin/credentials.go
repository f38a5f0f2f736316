package admin

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// A location's Carsys push account (spec 004; ours: the document gives no
// transport), set and rotated by a dealer admin. The password is
// write-only: stored as its argon2id hash, never answered or logged.
//
// The other vendors' credentials: ACSES's per-location login is the
// location's acses_email and acses_password (spec 000's DealerLocation),
// set with PUT /v1/admin/locations/{id}; Incadea (spec 002) has no
// per-location credentials in its document (a location is only its branch,
// dms_location_id), so its account stays in the configuration.
func (h *Handlers) credentialRoutes(admin *gin.RouterGroup) {
	admin.GET("/locations/:location_id/carsys_account", httpx.Handle(h.getCarsysAccount))
	admin.PUT("/locations/:location_id/carsys_account", httpx.Handle(h.putCarsysAccount))
	admin.DELETE("/locations/:location_id/carsys_account", httpx.Handle(h.deleteCarsysAccount))
}

// CarsysAccountRequest sets a location's Carsys push account.
type CarsysAccountRequest struct {
	Username      *string `json:"username"`
	Password      *string `json:"password"`
	DMSLocationID *string `json:"dms_location_id"`
}

// CarsysAccountView is a location's Carsys push account, without the password.
type CarsysAccountView struct {
	LocationID    int    `json:"location_id"`
	SetUp         bool   `json:"set_up"`
	Username      string `json:"username"`
	HasPassword   bool   `json:"has_password"`
	DMSLocationID string `json:"dms_location_id"`
}

func carsysAccountView(l *ent.DealerLocation) CarsysAccountView {
	v := CarsysAccountView{LocationID: l.ID, HasPassword: l.CarsysPasswordHash != ""}
	if l.CarsysUsername != nil {
		v.Username = *l.CarsysUsername
	}
	if l.DmsLocationID != nil {
		v.DMSLocationID = *l.DmsLocationID
	}
	// What the push needs to sign in (api/callbacks/carsys.go).
	v.SetUp = v.Username != "" && v.HasPassword && v.DMSLocationID != ""
	return v
}

func (h *Handlers) getCarsysAccount(c *gin.Context) error {
	l, err := h.locationParam(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, carsysAccountView(l))
	return nil
}

// putCarsysAccount: PUT /v1/admin/locations/{location_id}/carsys_account
// {username, password, dms_location_id?}. Sending it again with the same
// values leaves the same account (a new hash of the same password).
func (h *Handlers) putCarsysAccount(c *gin.Context) error {
	l, err := h.locationParam(c)
	if err != nil {
		return err
	}
	var req CarsysAccountRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	a := onboard.CarsysAccount{DMSLocationID: req.DMSLocationID}
	if req.Username != nil {
		a.Username = *req.Username
	}
	if req.Password != nil {
		a.Password = *req.Password
	}
	l, err = onboard.SetCarsysAccount(c.Request.Context(), h.DB.Client, l.ID, &a)
	if errors.Is(err, auth.ErrBusy) {
		return httpx.Fail(http.StatusServiceUnavailable, "too many password checks at once, try again in a moment (nothing was changed)")
	}
	if err != nil {
		return saved(err, "location")
	}
	c.JSON(http.StatusOK, carsysAccountView(l))
	return nil
}

// deleteCarsysAccount: DELETE /v1/admin/locations/{location_id}/carsys_account
// removes the account: the location's pushes are refused from then on.
// Deleting again answers the same.
func (h *Handlers) deleteCarsysAccount(c *gin.Context) error {
	l, err := h.locationParam(c)
	if err != nil {
		return err
	}
	l, err = onboard.SetCarsysAccount(c.Request.Context(), h.DB.Client, l.ID, nil)
	if err != nil {
		return saved(err, "location")
	}
	c.JSON(http.StatusOK, carsysAccountView(l))
	return nil
}
