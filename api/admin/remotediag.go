package admin

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/integrations/remotediag"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/rdaccount"
)

// A location's remote-diagnose provider account, set and rotated by a
// dealer admin (ours, not the spec's: spec 003 is the provider's API). The
// pincode is write-only: answers say only that one is set.
func (h *Handlers) remoteDiagRoutes(admin *gin.RouterGroup) {
	admin.GET("/locations/:location_id/remote_diagnose_account", httpx.Handle(h.getRDAccount))
	admin.PUT("/locations/:location_id/remote_diagnose_account", httpx.Handle(h.putRDAccount))
	admin.DELETE("/locations/:location_id/remote_diagnose_account", httpx.Handle(h.deleteRDAccount))
}

// RDAccountRequest sets a location's provider account: the UUID of one of
// its connectors and that connector's pincode (the provider's login).
type RDAccountRequest struct {
	ConnectorUUID *string `json:"connector_uuid"`
	Pincode       *string `json:"pincode"`
}

// RDAccountView is a location's provider account, without the pincode.
type RDAccountView struct {
	LocationID    int    `json:"location_id"`
	SetUp         bool   `json:"set_up"`
	ConnectorUUID string `json:"connector_uuid"`
	HasPincode    bool   `json:"has_pincode"`
}

func rdAccountView(l *ent.DealerLocation) RDAccountView {
	return RDAccountView{LocationID: l.ID, SetUp: l.RemoteDiagConnectorUUID != "" && l.RemoteDiagPincode != "",
		ConnectorUUID: l.RemoteDiagConnectorUUID, HasPincode: l.RemoteDiagPincode != ""}
}

// rdVerifier logs in with an account before it is stored.
type rdVerifier interface {
	Verify(ctx context.Context, connectorUUID, pincode string) error
}

func (h *Handlers) getRDAccount(c *gin.Context) error {
	l, err := h.locationParam(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, rdAccountView(l))
	return nil
}

// putRDAccount: PUT /v1/admin/locations/{location_id}/remote_diagnose_account
// {connector_uuid, pincode}. The provider is asked to log in with them
// first (when remote diagnosis is on): refused credentials are not stored.
func (h *Handlers) putRDAccount(c *gin.Context) error {
	l, err := h.locationParam(c)
	if err != nil {
		return err
	}
	var req RDAccountRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	acct := onboard.RemoteDiagAccount{}
	if req.ConnectorUUID != nil {
		acct.ConnectorUUID = *req.ConnectorUUID
	}
	if req.Pincode != nil {
		acct.Pincode = *req.Pincode
	}
	if err := acct.Check(); err != nil {
		return saved(err, "location")
	}
	if v, ok := h.RemoteDiag.(rdVerifier); ok && h.RemoteDiag != nil {
		err := v.Verify(c.Request.Context(), acct.ConnectorUUID, acct.Pincode)
		switch {
		case err == nil, errors.Is(err, rdaccount.ErrOff):
		case remotediag.IsUnauthorized(err) || remotediag.IsNotFound(err):
			return httpx.Invalid("the remote-diagnose provider refused this connector UUID and pincode")
		default:
			return &httpx.Error{Status: http.StatusServiceUnavailable, Cause: err,
				Problems: []string{"the remote-diagnose provider is unavailable, try again later (nothing was changed)"}}
		}
	}
	l, err = onboard.SetRemoteDiagAccount(c.Request.Context(), h.DB.Client, l.ID, &acct)
	if err != nil {
		return saved(err, "location")
	}
	c.JSON(http.StatusOK, rdAccountView(l))
	return nil
}

// deleteRDAccount: DELETE /v1/admin/locations/{location_id}/remote_diagnose_account
// turns remote diagnosis off for the location.
func (h *Handlers) deleteRDAccount(c *gin.Context) error {
	l, err := h.locationParam(c)
	if err != nil {
		return err
	}
	l, err = onboard.SetRemoteDiagAccount(c.Request.Context(), h.DB.Client, l.ID, nil)
	if err != nil {
		return saved(err, "location")
	}
	c.JSON(http.StatusOK, rdAccountView(l))
	return nil
}
