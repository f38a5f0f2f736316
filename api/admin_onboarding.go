package api

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// Onboarding: dealers, their locations and their staff. Platform roles
// create dealers; dealer admins and managers run their own dealer. Writes
// and validation live in internal/onboard, shared with `pitstop admin`.

func (s *Server) adminRoutes(staff *gin.RouterGroup) {
	admin := staff.Group("/admin", s.allow(permAdminDealer))
	platform := admin.Group("", s.allow(permAdminPlatform))
	platform.POST("/dealers", s.createDealer)
	platform.PUT("/dealers/:dealer_id", s.updateDealer)
	admin.GET("/dealers/:dealer_id", s.getDealer)
	admin.POST("/dealers/:dealer_id/locations", s.createLocation)
	admin.GET("/locations/:location_id", s.getLocation)
	admin.PUT("/locations/:location_id", s.updateLocation)
	admin.POST("/users", s.createUser)
	admin.GET("/users/:user_id", s.getUser)
	admin.PUT("/users/:user_id", s.updateUser)
	admin.POST("/users/:user_id/password", s.setUserPassword)
	deleting := admin.Group("", s.allow(permAdminDelete))
	deleting.POST("/users/:user_id/disable", s.disableUser)
	deleting.POST("/users/:user_id/enable", s.enableUser)
	s.settingsRoutes(admin)
	s.remoteDiagAdminRoutes(admin)
	s.templateRoutes(admin)
	s.agreementRoutes(admin, deleting)
}

// DealerRequest creates (name and country_code required) or updates a dealer;
// a field left out stays as it is.
type DealerRequest struct {
	Name                         *string           `json:"name"`
	CountryCode                  *string           `json:"country_code"`
	Active                       *bool             `json:"active"`
	DomainName                   *string           `json:"domain_name"`
	WebsiteURL                   *string           `json:"website_url"`
	PhoneNr                      *string           `json:"phone_nr"`
	Street                       *string           `json:"street"`
	City                         *string           `json:"city"`
	Region                       *string           `json:"region"`
	PostalCode                   *string           `json:"postal_code"`
	EnableCarReady               *bool             `json:"enable_car_ready"`
	CustomerDataRetentionInYears *int              `json:"customer_data_retention_in_years"`
	SMSGatewayID                 *enums.SMSGateway `json:"sms_gateway_id"`
	TwilioPhoneNumber            *string           `json:"twilio_phone_number"`
}

// DealerView is a dealer as the admin API shows it.
type DealerView struct {
	ID                           int              `json:"id"`
	Name                         string           `json:"name"`
	CountryCode                  string           `json:"country_code"`
	Active                       bool             `json:"active"`
	DomainName                   string           `json:"domain_name"`
	WebsiteURL                   string           `json:"website_url"`
	PhoneNr                      string           `json:"phone_nr"`
	Street                       string           `json:"street"`
	City                         string           `json:"city"`
	Region                       string           `json:"region"`
	PostalCode                   string           `json:"postal_code"`
	EnableCarReady               bool             `json:"enable_car_ready"`
	CustomerDataRetentionInYears int              `json:"customer_data_retention_in_years"`
	SMSGatewayID                 enums.SMSGateway `json:"sms_gateway_id"`
	TwilioPhoneNumber            string           `json:"twilio_phone_number"`
	LocationIDs                  []int            `json:"location_ids"`
}

func dealerView(d *ent.Dealer, locs []int) DealerView {
	if locs == nil {
		locs = []int{}
	}
	return DealerView{ID: d.ID, Name: d.Name, CountryCode: d.CountryCode, Active: d.Active, DomainName: d.DomainName,
		WebsiteURL: d.WebsiteURL, PhoneNr: d.PhoneNr, Street: d.Street, City: d.City, Region: d.Region, PostalCode: d.PostalCode,
		EnableCarReady: d.EnableCarReady, CustomerDataRetentionInYears: d.CustomerDataRetentionInYears,
		SMSGatewayID: d.SmsGatewayID, TwilioPhoneNumber: d.TwilioPhoneNumber, LocationIDs: locs}
}

// saved answers the outcome of an onboard write.
func saved(c *gin.Context, err error, what string) bool {
	var inv *onboard.Invalid
	switch {
	case err == nil:
		return true
	case errors.As(err, &inv):
		invalid(c, inv.Problems...)
	case errors.Is(err, onboard.ErrNotFound):
		fail(c, http.StatusNotFound, what+" not found")
	default:
		internal(c, err)
	}
	return false
}

func (s *Server) createDealer(c *gin.Context) {
	var req DealerRequest
	if !decodeStrict(c, &req) {
		return
	}
	d, err := onboard.SaveDealer(c.Request.Context(), s.DB.Client, 0, onboard.DealerInput(req))
	if saved(c, err, "dealer") {
		c.JSON(http.StatusOK, dealerView(d, nil))
	}
}

func (s *Server) updateDealer(c *gin.Context) {
	id, ok := idParam(c, "dealer_id")
	if !ok {
		return
	}
	var req DealerRequest
	if !decodeStrict(c, &req) {
		return
	}
	if _, err := onboard.SaveDealer(c.Request.Context(), s.DB.Client, id, onboard.DealerInput(req)); saved(c, err, "dealer") {
		s.getDealer(c)
	}
}

// dealerParam loads :dealer_id if the caller administers it (404 otherwise,
// so other dealers' IDs stay unknown).
func (s *Server) dealerParam(c *gin.Context) (*ent.Dealer, bool) {
	id, ok := idParam(c, "dealer_id")
	if !ok {
		return nil, false
	}
	d, err := s.DB.Dealer.Get(c.Request.Context(), id)
	if ent.IsNotFound(err) || (err == nil && !canAdminDealer(c, d.ID)) {
		fail(c, http.StatusNotFound, "dealer not found")
		return nil, false
	}
	if err != nil {
		internal(c, err)
		return nil, false
	}
	return d, true
}

func (s *Server) getDealer(c *gin.Context) {
	d, ok := s.dealerParam(c)
	if !ok {
		return
	}
	locs, err := d.QueryLocations().IDs(c.Request.Context())
	if err != nil {
		internal(c, err)
		return
	}
	slices.Sort(locs)
	c.JSON(http.StatusOK, dealerView(d, locs))
}

// LocationRequest creates (name, country, time_zone, language_code required)
// or updates a location; a field left out stays as it is. acses_password is
// write-only.
type LocationRequest struct {
	Name                               *string             `json:"name"`
	CommercialName                     *string             `json:"commercial_name"`
	Street                             *string             `json:"street"`
	PostalCode                         *string             `json:"postal_code"`
	City                               *string             `json:"city"`
	Country                            *string             `json:"country"`
	PhoneNr                            *string             `json:"phone_nr"`
	LanguageCode                       *enums.LanguageCode `json:"language_code"`
	TimeZone                           *string             `json:"time_zone"`
	OpeningHours                       map[string][]string `json:"opening_hours"`
	Vat                                *float64            `json:"vat"`
	IncludeVat                         *bool               `json:"include_vat"`
	Active                             *bool               `json:"active"`
	CheckInDaysPrior                   *int                `json:"check_in_days_prior"`
	OnlineCheckInEnabled               *bool               `json:"online_check_in_enabled"`
	DeskCheckInEnabled                 *bool               `json:"desk_check_in_enabled"`
	DiagnoseOverviewEnabled            *bool               `json:"diagnose_overview_enabled"`
	RepairOverviewEnabled              *bool               `json:"repair_overview_enabled"`
	IsCustomerAnsweredCheckInMandatory *bool               `json:"is_customer_answered_check_in_mandatory"`
	IsKeyLockerEnabled                 *bool               `json:"is_key_locker_enabled"`
	KeyLockerTwoFactor                 *bool               `json:"key_locker_two_factor"`
	ThirdPartySendCommunications       *bool               `json:"third_party_send_communications"`
	ThirdPartyWebhookURL               *string             `json:"third_party_webhook_url"`
	IsAcsesEnabled                     *bool               `json:"is_acses_enabled"`
	AcsesEmail                         *string             `json:"acses_email"`
	AcsesPassword                      *string             `json:"acses_password"`
	DMSID                              *enums.DMSID        `json:"dms_id"`
	DMSWriteBack                       *bool               `json:"dms_write_back"`
	DMSPriceEnabled                    *bool               `json:"dms_price_enabled"`
	DMSBillingEnabled                  *bool               `json:"dms_billing_enabled"`
}

// LocationView is a location as the admin API shows it (never the ACSES password).
type LocationView struct {
	ID                                 int                 `json:"id"`
	DealerID                           int                 `json:"dealer_id"`
	Name                               string              `json:"name"`
	CommercialName                     string              `json:"commercial_name"`
	Street                             string              `json:"street"`
	PostalCode                         string              `json:"postal_code"`
	City                               string              `json:"city"`
	Country                            string              `json:"country"`
	PhoneNr                            string              `json:"phone_nr"`
	LanguageCode                       enums.LanguageCode  `json:"language_code"`
	TimeZone                           string              `json:"time_zone"`
	OpeningHours                       map[string][]string `json:"opening_hours"`
	Vat                                float64             `json:"vat"`
	IncludeVat                         bool                `json:"include_vat"`
	Active                             bool                `json:"active"`
	CheckInDaysPrior                   int                 `json:"check_in_days_prior"`
	OnlineCheckInEnabled               bool                `json:"online_check_in_enabled"`
	DeskCheckInEnabled                 bool                `json:"desk_check_in_enabled"`
	DiagnoseOverviewEnabled            bool                `json:"diagnose_overview_enabled"`
	RepairOverviewEnabled              bool                `json:"repair_overview_enabled"`
	IsCustomerAnsweredCheckInMandatory bool                `json:"is_customer_answered_check_in_mandatory"`
	IsKeyLockerEnabled                 bool                `json:"is_key_locker_enabled"`
	KeyLockerTwoFactor                 bool                `json:"key_locker_two_factor"`
	ThirdPartySendCommunications       bool                `json:"third_party_send_communications"`
	ThirdPartyWebhookURL               string              `json:"third_party_webhook_url"`
	IsAcsesEnabled                     bool                `json:"is_acses_enabled"`
	AcsesEmail                         string              `json:"acses_email"`
	HasAcsesPassword                   bool                `json:"has_acses_password"`
	DMSID                              enums.DMSID         `json:"dms_id"`
	DMSWriteBack                       bool                `json:"dms_write_back"`
	DMSPriceEnabled                    bool                `json:"dms_price_enabled"`
	DMSBillingEnabled                  bool                `json:"dms_billing_enabled"`
}

func locationView(l *ent.DealerLocation) LocationView {
	oh := l.OpeningHours
	if oh == nil {
		oh = map[string][]string{}
	}
	return LocationView{ID: l.ID, DealerID: l.DealerID, Name: l.Name, CommercialName: l.CommercialName, Street: l.Street,
		PostalCode: l.PostalCode, City: l.City, Country: l.Country, PhoneNr: l.PhoneNr, LanguageCode: l.LanguageCode,
		TimeZone: l.TimeZone, OpeningHours: oh, Vat: l.Vat, IncludeVat: l.IncludeVat, Active: l.Active,
		CheckInDaysPrior: l.CheckInDaysPrior, OnlineCheckInEnabled: l.OnlineCheckInEnabled, DeskCheckInEnabled: l.DeskCheckInEnabled,
		DiagnoseOverviewEnabled: l.DiagnoseOverviewEnabled, RepairOverviewEnabled: l.RepairOverviewEnabled,
		IsCustomerAnsweredCheckInMandatory: l.IsCustomerAnsweredCheckInMandatory, IsKeyLockerEnabled: l.IsKeyLockerEnabled,
		KeyLockerTwoFactor: l.KeyLockerTwoFactor, ThirdPartySendCommunications: l.ThirdPartySendCommunications, ThirdPartyWebhookURL: l.ThirdPartyWebhookURL,
		IsAcsesEnabled: l.IsAcsesEnabled, AcsesEmail: l.AcsesEmail, HasAcsesPassword: l.AcsesPassword != "",
		DMSID: l.DmsID, DMSWriteBack: l.DmsWriteBack, DMSPriceEnabled: l.DmsPriceEnabled, DMSBillingEnabled: l.DmsBillingEnabled}
}

func (s *Server) createLocation(c *gin.Context) {
	d, ok := s.dealerParam(c)
	if !ok {
		return
	}
	var req LocationRequest
	if !decodeStrict(c, &req) {
		return
	}
	l, err := onboard.SaveLocation(c.Request.Context(), s.DB.Client, d.ID, 0, onboard.LocationInput(req))
	if saved(c, err, "location") {
		c.JSON(http.StatusOK, locationView(l))
	}
}

// locationParam loads :location_id if the caller administers its dealer.
func (s *Server) locationParam(c *gin.Context) (*ent.DealerLocation, bool) {
	id, ok := idParam(c, "location_id")
	if !ok {
		return nil, false
	}
	l, err := s.DB.DealerLocation.Get(c.Request.Context(), id)
	if ent.IsNotFound(err) || (err == nil && !canAdminDealer(c, l.DealerID)) {
		fail(c, http.StatusNotFound, "location not found")
		return nil, false
	}
	if err != nil {
		internal(c, err)
		return nil, false
	}
	return l, true
}

func (s *Server) getLocation(c *gin.Context) {
	if l, ok := s.locationParam(c); ok {
		c.JSON(http.StatusOK, locationView(l))
	}
}

func (s *Server) updateLocation(c *gin.Context) {
	l, ok := s.locationParam(c)
	if !ok {
		return
	}
	var req LocationRequest
	if !decodeStrict(c, &req) {
		return
	}
	l, err := onboard.SaveLocation(c.Request.Context(), s.DB.Client, l.DealerID, l.ID, onboard.LocationInput(req))
	if saved(c, err, "location") {
		c.JSON(http.StatusOK, locationView(l))
	}
}

// UserRequest creates (email and role_id required; dealer_id for dealer
// roles) or updates a user. password is optional and write-only.
type UserRequest struct {
	DealerID         *int                `json:"dealer_id"`
	Email            *string             `json:"email"`
	FirstName        *string             `json:"first_name"`
	LastName         *string             `json:"last_name"`
	RoleID           *enums.RoleID       `json:"role_id"`
	LocationIDs      []int               `json:"location_ids"`
	DealerLocationID *int                `json:"dealer_location_id"`
	LanguageCode     *enums.LanguageCode `json:"language_code"`
	Mobile           *string             `json:"mobile"`
	Password         *string             `json:"password"`
}

// UserView is a user as the admin API shows it (never the password hash).
type UserView struct {
	ID               int                `json:"id"`
	DealerID         int                `json:"dealer_id"`
	Email            string             `json:"email"`
	FirstName        string             `json:"first_name"`
	LastName         string             `json:"last_name"`
	RoleID           enums.RoleID       `json:"role_id"`
	Status           enums.UserStatusID `json:"status"`
	LocationIDs      []int              `json:"location_ids"`
	DealerLocationID int                `json:"dealer_location_id"`
	LanguageCode     enums.LanguageCode `json:"language_code"`
	Mobile           string             `json:"mobile"`
	HasPassword      bool               `json:"has_password"`
	LastActive       *time.Time         `json:"last_active"`
}

func userView(u *ent.User) UserView {
	locs := u.LocationIds
	if locs == nil {
		locs = []int{}
	}
	return UserView{ID: u.ID, DealerID: u.DealerID, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName,
		RoleID: u.RoleID, Status: u.Status, LocationIDs: locs, DealerLocationID: u.DealerLocationID,
		LanguageCode: u.LanguageCode, Mobile: u.Mobile, HasPassword: u.PasswordHash != "", LastActive: u.LastActive}
}

// assignableRoles: what a caller may hand out, so nobody grants more than
// they hold. Only a top-level user creates top-level and Claire admins.
func assignableRoles(caller enums.RoleID) []enums.RoleID {
	dealerRoles := []enums.RoleID{enums.RoleIDDealerAdmin, enums.RoleIDReceptionist, enums.RoleIDMechanic, enums.RoleIDMultiLocation,
		enums.RoleIDQualityControl, enums.RoleIDLeadsWarranty, enums.RoleIDCounterTablet}
	switch caller {
	case enums.RoleIDTopLevel:
		return enums.RoleIDValues
	case enums.RoleIDClaireAdmin, enums.RoleIDSupportAdmin:
		return append([]enums.RoleID{enums.RoleIDSupportAdmin, enums.RoleIDDealerManager, enums.RoleIDManufacturer}, dealerRoles...)
	case enums.RoleIDDealerManager:
		return append([]enums.RoleID{enums.RoleIDDealerManager}, dealerRoles...)
	case enums.RoleIDDealerAdmin:
		return dealerRoles
	}
	return nil
}

// checkUserScope refuses a request that would put a user outside the
// caller's dealer or above the caller's role.
func checkUserScope(c *gin.Context, req *UserRequest, current *ent.User) bool {
	cl := claimsOf(c)
	if req.RoleID != nil && req.RoleID.Valid() && !slices.Contains(assignableRoles(cl.RoleID), *req.RoleID) {
		fail(c, http.StatusForbidden, "your role may not assign this role")
		return false
	}
	if current != nil && !slices.Contains(assignableRoles(cl.RoleID), current.RoleID) {
		fail(c, http.StatusForbidden, "your role may not change this user")
		return false
	}
	if platformRole(cl.RoleID) {
		return true
	}
	if req.DealerID == nil && current == nil {
		d := cl.DealerID
		req.DealerID = &d
	}
	if req.DealerID != nil && *req.DealerID != cl.DealerID {
		fail(c, http.StatusForbidden, "you may only manage users of your own dealer")
		return false
	}
	return true
}

func (s *Server) createUser(c *gin.Context) {
	var req UserRequest
	if !decodeStrict(c, &req) || !checkUserScope(c, &req, nil) {
		return
	}
	u, err := onboard.SaveUser(c.Request.Context(), s.DB.Client, 0, onboard.UserInput(req))
	if saved(c, err, "user") {
		c.JSON(http.StatusOK, userView(u))
	}
}

// userParam loads :user_id if the caller administers the user's dealer.
func (s *Server) userParam(c *gin.Context) (*ent.User, bool) {
	id, ok := idParam(c, "user_id")
	if !ok {
		return nil, false
	}
	u, err := s.DB.User.Get(c.Request.Context(), id)
	if ent.IsNotFound(err) || (err == nil && !canAdminDealer(c, u.DealerID)) {
		fail(c, http.StatusNotFound, "user not found")
		return nil, false
	}
	if err != nil {
		internal(c, err)
		return nil, false
	}
	return u, true
}

func (s *Server) getUser(c *gin.Context) {
	if u, ok := s.userParam(c); ok {
		c.JSON(http.StatusOK, userView(u))
	}
}

func (s *Server) updateUser(c *gin.Context) {
	u, ok := s.userParam(c)
	if !ok {
		return
	}
	var req UserRequest
	if !decodeStrict(c, &req) || !checkUserScope(c, &req, u) {
		return
	}
	id := u.ID
	u, err := onboard.SaveUser(c.Request.Context(), s.DB.Client, id, onboard.UserInput(req))
	s.TokenUsers.Forget(id) // a changed role or location list applies to its tokens at once
	if saved(c, err, "user") {
		c.JSON(http.StatusOK, userView(u))
	}
}

// PasswordRequest sets a user's password.
type PasswordRequest struct {
	Password string `json:"password"`
}

func (s *Server) setUserPassword(c *gin.Context) {
	u, ok := s.userParam(c)
	if !ok {
		return
	}
	var req PasswordRequest
	if !decodeStrict(c, &req) || !checkUserScope(c, &UserRequest{}, u) {
		return
	}
	err := onboard.SetPassword(c.Request.Context(), s.DB.Client, u.ID, req.Password)
	s.TokenUsers.Forget(u.ID) // the old password's tokens end here at once, elsewhere within DefaultTokenUserTTL
	if saved(c, err, "user") {
		c.JSON(http.StatusOK, gin.H{"ok": true})
	}
}

func (s *Server) disableUser(c *gin.Context) { s.setDisabled(c, true) }
func (s *Server) enableUser(c *gin.Context)  { s.setDisabled(c, false) }

func (s *Server) setDisabled(c *gin.Context, disabled bool) {
	u, ok := s.userParam(c)
	if !ok || !checkUserScope(c, &UserRequest{}, u) {
		return
	}
	if disabled && u.ID == claimsOf(c).UserID {
		invalid(c, "you cannot disable yourself")
		return
	}
	err := onboard.SetDisabled(c.Request.Context(), s.DB.Client, u.ID, disabled)
	s.TokenUsers.Forget(u.ID) // disabling revokes its tokens here at once, elsewhere within DefaultTokenUserTTL
	if !saved(c, err, "user") {
		return
	}
	u, err = s.DB.User.Get(c.Request.Context(), u.ID)
	if err != nil {
		internal(c, err)
		return
	}
	c.JSON(http.StatusOK, userView(u))
}
