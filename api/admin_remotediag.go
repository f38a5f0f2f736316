package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/integrations/remotediag"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/rdaccount"
)

// A location's remote-diagnose provider account, set and rotated by a
// dealer admin (ours, not the spec's: spec 003 is the provider's API). The
// pincode is write-only: answers say only that one is set.
func (s *Server) remoteDiagAdminRoutes(admin *gin.RouterGroup) {
	admin.GET("/locations/:location_id/remote_diagnose_account", s.getRDAccount)
	admin.PUT("/locations/:location_id/remote_diagnose_account", s.putRDAccount)
	admin.DELETE("/locations/:location_id/remote_diagnose_account", s.deleteRDAccount)
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

func (s *Server) getRDAccount(c *gin.Context) {
	if l, ok := s.locationParam(c); ok {
		c.JSON(http.StatusOK, rdAccountView(l))
	}
}

// putRDAccount: PUT /v1/admin/locations/{location_id}/remote_diagnose_account
// {connector_uuid, pincode}. The provider is asked to log in with them
// first (when remote diagnosis is on): refused credentials are not stored.
func (s *Server) putRDAccount(c *gin.Context) {
	l, ok := s.locationParam(c)
	if !ok {
		return
	}
	var req RDAccountRequest
	if !decodeStrict(c, &req) {
		return
	}
	acct := onboard.RemoteDiagAccount{}
	if req.ConnectorUUID != nil {
		acct.ConnectorUUID = *req.ConnectorUUID
	}
	if req.Pincode != nil {
		acct.Pincode = *req.Pincode
	}
	if err := acct.Check(); err != nil {
		saved(c, err, "location")
		return
	}
	if v, ok := s.RemoteDiag.(rdVerifier); ok && s.RemoteDiag != nil {
		err := v.Verify(c.Request.Context(), acct.ConnectorUUID, acct.Pincode)
		switch {
		case err == nil, errors.Is(err, rdaccount.ErrOff):
		case remotediag.IsUnauthorized(err) || remotediag.IsNotFound(err):
			invalid(c, "the remote-diagnose provider refused this connector UUID and pincode")
			return
		default:
			_ = c.Error(err)
			fail(c, http.StatusServiceUnavailable, "the remote-diagnose provider is unavailable, try again later (nothing was changed)")
			return
		}
	}
	l, err := onboard.SetRemoteDiagAccount(c.Request.Context(), s.DB.Client, l.ID, &acct)
	if saved(c, err, "location") {
		c.JSON(http.StatusOK, rdAccountView(l))
	}
}

// deleteRDAccount: DELETE /v1/admin/locations/{location_id}/remote_diagnose_account
// turns remote diagnosis off for the location.
func (s *Server) deleteRDAccount(c *gin.Context) {
	l, ok := s.locationParam(c)
	if !ok {
		return
	}
	l, err := onboard.SetRemoteDiagAccount(c.Request.Context(), s.DB.Client, l.ID, nil)
	if saved(c, err, "location") {
		c.JSON(http.StatusOK, rdAccountView(l))
	}
}
