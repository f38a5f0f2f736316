package api

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// permission is one thing a staff endpoint lets its caller do. Which RoleID
// holds which permission is the table below; README ("Roles") prints the same
// table and TestRoleTableInREADME keeps the two equal.
type permission string

const (
	// permAppointmentsRead: appointment lists, details, state, events, key locker.
	permAppointmentsRead permission = "appointments.read"
	// permAppointmentsWrite: sends, resends, reschedule, cancel, complete,
	// remarks handled, interventions fixed, desk check-in send.
	permAppointmentsWrite permission = "appointments.write"
	// permDesk: the on-site devices: the counter tablet's desk check-in
	// endpoints and the dealer key locker's reports (/v1/keylocker/...).
	permDesk permission = "desk"
	// permAdminDealer: locations, users, settings, templates and agreements
	// of the caller's own dealer (every dealer for platform roles).
	permAdminDealer permission = "admin.dealer"
	// permAdminPlatform: create and update dealers.
	permAdminPlatform permission = "admin.platform"
	// permAdminDelete: disable users, retire agreements (the spec's
	// SupportAdmin is "similar to claire admin but without deleting rights").
	permAdminDelete permission = "admin.delete"
)

// rolePermissions is the role table. Decisions where the spec's RoleID
// descriptions are silent: mechanics, quality control and leads/warranty
// users read appointments but send nothing; a manufacturer has no access
// (its per-appointment access grants are not modelled yet); a dealer manager
// manages the one dealer its user row names (a user has one dealer_id).
var rolePermissions = map[enums.RoleID][]permission{
	enums.RoleIDTopLevel:       {permAppointmentsRead, permAppointmentsWrite, permDesk, permAdminDealer, permAdminPlatform, permAdminDelete},
	enums.RoleIDClaireAdmin:    {permAppointmentsRead, permAppointmentsWrite, permDesk, permAdminDealer, permAdminPlatform, permAdminDelete},
	enums.RoleIDSupportAdmin:   {permAppointmentsRead, permAppointmentsWrite, permDesk, permAdminDealer, permAdminPlatform},
	enums.RoleIDDealerManager:  {permAppointmentsRead, permAppointmentsWrite, permDesk, permAdminDealer, permAdminDelete},
	enums.RoleIDDealerAdmin:    {permAppointmentsRead, permAppointmentsWrite, permDesk, permAdminDealer, permAdminDelete},
	enums.RoleIDReceptionist:   {permAppointmentsRead, permAppointmentsWrite, permDesk},
	enums.RoleIDMechanic:       {permAppointmentsRead},
	enums.RoleIDMultiLocation:  {permAppointmentsRead, permAppointmentsWrite, permDesk},
	enums.RoleIDQualityControl: {permAppointmentsRead},
	enums.RoleIDLeadsWarranty:  {permAppointmentsRead},
	enums.RoleIDCounterTablet:  {permDesk},
	enums.RoleIDManufacturer:   {},
}

// allPermissions in the README table's column order.
var allPermissions = []permission{permAppointmentsRead, permAppointmentsWrite, permDesk, permAdminDealer, permAdminPlatform, permAdminDelete}

func roleMay(role enums.RoleID, p permission) bool { return slices.Contains(rolePermissions[role], p) }

// platformRole: roles that act on every dealer.
func platformRole(role enums.RoleID) bool {
	return role == enums.RoleIDTopLevel || role == enums.RoleIDClaireAdmin || role == enums.RoleIDSupportAdmin
}

// allow admits a caller whose role holds p (403 otherwise). It runs after
// requireReceptionist on every staff endpoint, which has checked the token's
// user (exists, active, role and locations as claimed; auth.go).
func (s *Server) allow(p permission) gin.HandlerFunc {
	return func(c *gin.Context) {
		cl := claimsOf(c)
		if !roleMay(cl.RoleID, p) {
			msg := "your role may not use this endpoint"
			if cl.RoleID == enums.RoleIDCounterTablet {
				msg = "a counter tablet may only use the desk check-in endpoints and the key locker's reports"
			}
			fail(c, http.StatusForbidden, msg)
			return
		}
		c.Next()
	}
}

// canAdminDealer reports whether the caller administers dealerID.
func canAdminDealer(c *gin.Context, dealerID int) bool {
	cl := claimsOf(c)
	if platformRole(cl.RoleID) {
		return true
	}
	return cl.DealerID != 0 && cl.DealerID == dealerID && roleMay(cl.RoleID, permAdminDealer)
}
