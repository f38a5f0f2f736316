// Package admin is the admin API: dealers, their locations and staff,
// a location's settings, message templates, check-in offers and
// remote-diagnose and Carsys accounts, and a dealer's agreements. Platform
// roles create dealers; dealer admins and managers run their own dealer.
// Every write and its validation live in internal/onboard (shared with
// `pitstop admin`), called once per handler.
package admin

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/strictjson"
)

// Handlers serve the admin routes.
type Handlers struct{ *httpx.Core }

// Routes registers the admin routes under staff (signed-in staff).
func Routes(core *httpx.Core, staff *gin.RouterGroup) {
	h := &Handlers{core}
	admin := staff.Group("/admin", httpx.Allow(httpx.PermAdminDealer))
	platform := admin.Group("", httpx.Allow(httpx.PermAdminPlatform))
	platform.POST("/dealers", httpx.Handle(h.createDealer))
	platform.PUT("/dealers/:dealer_id", httpx.Handle(h.updateDealer))
	admin.GET("/dealers/:dealer_id", httpx.Handle(h.getDealer))
	admin.POST("/dealers/:dealer_id/locations", httpx.Handle(h.createLocation))
	admin.GET("/locations/:location_id", httpx.Handle(h.getLocation))
	admin.PUT("/locations/:location_id", httpx.Handle(h.updateLocation))
	admin.POST("/users", httpx.Handle(h.createUser))
	admin.GET("/users/:user_id", httpx.Handle(h.getUser))
	admin.PUT("/users/:user_id", httpx.Handle(h.updateUser))
	admin.POST("/users/:user_id/password", httpx.Handle(h.setUserPassword))
	deleting := admin.Group("", httpx.Allow(httpx.PermAdminDelete))
	deleting.POST("/users/:user_id/disable", httpx.NoBody, httpx.Handle(h.disableUser))
	deleting.POST("/users/:user_id/enable", httpx.NoBody, httpx.Handle(h.enableUser))
	h.settingsRoutes(admin)
	h.locationSettingsRoutes(admin)
	h.unmatchedRoutes(admin)
	h.feedbackRoutes(admin)
	h.remoteDiagRoutes(admin)
	h.eventStreamRoutes(admin)
	h.offerRoutes(admin)
	h.credentialRoutes(admin)
	h.templateRoutes(admin)
	h.agreementRoutes(admin, deleting)
	admin.GET("/customers/export", httpx.Handle(h.exportCustomer))
	deleting.POST("/customers/erasure", httpx.Handle(h.eraseCustomer))
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
	PersonalDataRetentionMonths  *int              `json:"personal_data_retention_months"`
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
	PersonalDataRetentionMonths  int              `json:"personal_data_retention_months"`
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
		PersonalDataRetentionMonths: d.PersonalDataRetentionMonths,
		SMSGatewayID:                d.SmsGatewayID, TwilioPhoneNumber: d.TwilioPhoneNumber, LocationIDs: locs}
}

// decode reads a strict JSON body (unknown fields refused). The text
// checks are the handlers' own (internal/onboard, validateSettings ...), so
// a request hears of every problem at once.
func decode(c *gin.Context, v any) error {
	if err := strictjson.DecodeWith(c.Request.Body, v, httpx.MaxJSONBody, strictjson.Options{DisallowUnknownFields: true}); err != nil {
		return httpx.Invalid(httpx.InWords(err)...)
	}
	return nil
}

// saved is the answer to an onboard write's error.
func saved(err error, what string) error {
	var inv *onboard.Invalid
	switch {
	case err == nil:
		return nil
	case errors.As(err, &inv):
		return httpx.Invalid(inv.Problems...)
	case errors.Is(err, onboard.ErrNotFound):
		return httpx.NotFound(what + " not found")
	default:
		return httpx.Internal(err)
	}
}

func (h *Handlers) createDealer(c *gin.Context) error {
	var req DealerRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	d, err := onboard.SaveDealer(c.Request.Context(), h.DB.Client, 0, onboard.DealerInput(req))
	if err != nil {
		return saved(err, "dealer")
	}
	c.JSON(http.StatusOK, dealerView(d, nil))
	return nil
}

func (h *Handlers) updateDealer(c *gin.Context) error {
	id, err := httpx.IDParam(c, "dealer_id")
	if err != nil {
		return err
	}
	var req DealerRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if _, err := onboard.SaveDealer(c.Request.Context(), h.DB.Client, id, onboard.DealerInput(req)); err != nil {
		return saved(err, "dealer")
	}
	return h.getDealer(c)
}

// adminParam loads the path parameter param with get if the caller
// administers the dealer dealerOf names (404 otherwise, so other dealers'
// IDs stay unknown).
func adminParam[T any](c *gin.Context, param, what string, get func(id int) (T, error), dealerOf func(T) int) (T, error) {
	var zero T
	id, err := httpx.IDParam(c, param)
	if err != nil {
		return zero, err
	}
	v, err := get(id)
	if ent.IsNotFound(err) || (err == nil && !httpx.CanAdminDealer(c, dealerOf(v))) {
		return zero, httpx.NotFound(what + " not found")
	}
	if err != nil {
		return zero, httpx.Internal(err)
	}
	return v, nil
}

// dealerParam loads :dealer_id if the caller administers it.
func (h *Handlers) dealerParam(c *gin.Context) (*ent.Dealer, error) {
	return adminParam(c, "dealer_id", "dealer", func(id int) (*ent.Dealer, error) { return h.DB.Dealer.Get(c.Request.Context(), id) },
		func(d *ent.Dealer) int { return d.ID })
}

func (h *Handlers) getDealer(c *gin.Context) error {
	d, err := h.dealerParam(c)
	if err != nil {
		return err
	}
	locs, err := d.QueryLocations().IDs(c.Request.Context())
	if err != nil {
		return err
	}
	slices.Sort(locs)
	c.JSON(http.StatusOK, dealerView(d, locs))
	return nil
}

// LocationRequest creates (name, country, time_zone, language_code required)
// or updates a location; a field left out stays as it is. acses_password is
// write-only.
type LocationRequest struct {
	Name                 *string             `json:"name"`
	CommercialName       *string             `json:"commercial_name"`
	Street               *string             `json:"street"`
	PostalCode           *string             `json:"postal_code"`
	City                 *string             `json:"city"`
	Country              *string             `json:"country"`
	PhoneNr              *string             `json:"phone_nr"`
	LanguageCode         *enums.LanguageCode `json:"language_code"`
	TimeZone             *string             `json:"time_zone"`
	OpeningHours         map[string][]string `json:"opening_hours"`
	Vat                  *float64            `json:"vat"`
	IncludeVat           *bool               `json:"include_vat"`
	Active               *bool               `json:"active"`
	CheckInDaysPrior     *int                `json:"check_in_days_prior"`
	OnlineCheckInEnabled *bool               `json:"online_check_in_enabled"`
	DeskCheckInEnabled   *bool               `json:"desk_check_in_enabled"`
	// IsOpenDeskCheckoutOnCarOutOfShopEnabled: a receptionist's "car out of
	// shop" opens a desk check-out (POST .../car_out_of_shop).
	IsOpenDeskCheckoutOnCarOutOfShopEnabled *bool        `json:"is_open_desk_checkout_on_car_out_of_shop_enabled"`
	DiagnoseOverviewEnabled                 *bool        `json:"diagnose_overview_enabled"`
	DiagnoseOverviewAutoSend                *bool        `json:"diagnose_overview_auto_send"`
	RepairOverviewEnabled                   *bool        `json:"repair_overview_enabled"`
	IsCustomerAnsweredCheckInMandatory      *bool        `json:"is_customer_answered_check_in_mandatory"`
	IsKeyLockerEnabled                      *bool        `json:"is_key_locker_enabled"`
	IsKioskEnabled                          *bool        `json:"is_kiosk_enabled"`
	KeyLockerTwoFactor                      *bool        `json:"key_locker_two_factor"`
	ThirdPartySendCommunications            *bool        `json:"third_party_send_communications"`
	ThirdPartyWebhookURL                    *string      `json:"third_party_webhook_url"`
	IsAcsesEnabled                          *bool        `json:"is_acses_enabled"`
	AcsesEmail                              *string      `json:"acses_email"`
	AcsesPassword                           *string      `json:"acses_password"`
	DMSID                                   *enums.DMSID `json:"dms_id"`
	DMSWriteBack                            *bool        `json:"dms_write_back"`
	DMSPriceEnabled                         *bool        `json:"dms_price_enabled"`
	DMSBillingEnabled                       *bool        `json:"dms_billing_enabled"`
}

// LocationView is a location as the admin API shows it (never the ACSES password).
type LocationView struct {
	ID                                      int                 `json:"id"`
	DealerID                                int                 `json:"dealer_id"`
	Name                                    string              `json:"name"`
	CommercialName                          string              `json:"commercial_name"`
	Street                                  string              `json:"street"`
	PostalCode                              string              `json:"postal_code"`
	City                                    string              `json:"city"`
	Country                                 string              `json:"country"`
	PhoneNr                                 string              `json:"phone_nr"`
	LanguageCode                            enums.LanguageCode  `json:"language_code"`
	TimeZone                                string              `json:"time_zone"`
	OpeningHours                            map[string][]string `json:"opening_hours"`
	Vat                                     float64             `json:"vat"`
	IncludeVat                              bool                `json:"include_vat"`
	Active                                  bool                `json:"active"`
	CheckInDaysPrior                        int                 `json:"check_in_days_prior"`
	OnlineCheckInEnabled                    bool                `json:"online_check_in_enabled"`
	DeskCheckInEnabled                      bool                `json:"desk_check_in_enabled"`
	IsOpenDeskCheckoutOnCarOutOfShopEnabled bool                `json:"is_open_desk_checkout_on_car_out_of_shop_enabled"`
	DiagnoseOverviewEnabled                 bool                `json:"diagnose_overview_enabled"`
	DiagnoseOverviewAutoSend                bool                `json:"diagnose_overview_auto_send"`
	RepairOverviewEnabled                   bool                `json:"repair_overview_enabled"`
	IsCustomerAnsweredCheckInMandatory      bool                `json:"is_customer_answered_check_in_mandatory"`
	IsKeyLockerEnabled                      bool                `json:"is_key_locker_enabled"`
	IsKioskEnabled                          bool                `json:"is_kiosk_enabled"`
	KeyLockerTwoFactor                      bool                `json:"key_locker_two_factor"`
	ThirdPartySendCommunications            bool                `json:"third_party_send_communications"`
	ThirdPartyWebhookURL                    string              `json:"third_party_webhook_url"`
	IsAcsesEnabled                          bool                `json:"is_acses_enabled"`
	AcsesEmail                              string              `json:"acses_email"`
	HasAcsesPassword                        bool                `json:"has_acses_password"`
	DMSID                                   enums.DMSID         `json:"dms_id"`
	DMSWriteBack                            bool                `json:"dms_write_back"`
	DMSPriceEnabled                         bool                `json:"dms_price_enabled"`
	DMSBillingEnabled                       bool                `json:"dms_billing_enabled"`
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
		IsOpenDeskCheckoutOnCarOutOfShopEnabled: l.IsOpenDeskCheckoutOnCarOutOfShopEnabled,
		DiagnoseOverviewEnabled:                 l.DiagnoseOverviewEnabled, DiagnoseOverviewAutoSend: l.DiagnoseOverviewAutoSend, RepairOverviewEnabled: l.RepairOverviewEnabled,
		IsCustomerAnsweredCheckInMandatory: l.IsCustomerAnsweredCheckInMandatory, IsKeyLockerEnabled: l.IsKeyLockerEnabled, IsKioskEnabled: l.IsKioskEnabled,
		KeyLockerTwoFactor: l.KeyLockerTwoFactor, ThirdPartySendCommunications: l.ThirdPartySendCommunications, ThirdPartyWebhookURL: l.ThirdPartyWebhookURL,
		IsAcsesEnabled: l.IsAcsesEnabled, AcsesEmail: l.AcsesEmail, HasAcsesPassword: l.AcsesPassword != "",
		DMSID: l.DmsID, DMSWriteBack: l.DmsWriteBack, DMSPriceEnabled: l.DmsPriceEnabled, DMSBillingEnabled: l.DmsBillingEnabled}
}

func (h *Handlers) createLocation(c *gin.Context) error {
	d, err := h.dealerParam(c)
	if err != nil {
		return err
	}
	var req LocationRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	l, err := onboard.SaveLocation(c.Request.Context(), h.DB.Client, d.ID, 0, onboard.LocationInput(req))
	if err != nil {
		return saved(err, "location")
	}
	c.JSON(http.StatusOK, locationView(l))
	return nil
}

// locationParam loads :location_id if the caller administers its dealer.
func (h *Handlers) locationParam(c *gin.Context) (*ent.DealerLocation, error) {
	return adminParam(c, "location_id", "location",
		func(id int) (*ent.DealerLocation, error) { return h.DB.DealerLocation.Get(c.Request.Context(), id) },
		func(l *ent.DealerLocation) int { return l.DealerID })
}

func (h *Handlers) getLocation(c *gin.Context) error {
	l, err := h.locationParam(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, locationView(l))
	return nil
}

func (h *Handlers) updateLocation(c *gin.Context) error {
	l, err := h.locationParam(c)
	if err != nil {
		return err
	}
	var req LocationRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	l, err = onboard.SaveLocation(c.Request.Context(), h.DB.Client, l.DealerID, l.ID, onboard.LocationInput(req))
	if err != nil {
		return saved(err, "location")
	}
	c.JSON(http.StatusOK, locationView(l))
	return nil
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
		enums.RoleIDQualityControl, enums.RoleIDLeadsWarranty, enums.RoleIDCounterTablet, enums.RoleIDKiosk}
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
func checkUserScope(c *gin.Context, req *UserRequest, current *ent.User) error {
	cl := httpx.Claims(c)
	if req.RoleID != nil && req.RoleID.Valid() && !slices.Contains(assignableRoles(cl.RoleID), *req.RoleID) {
		return httpx.Fail(http.StatusForbidden, "your role may not assign this role")
	}
	if current != nil && !slices.Contains(assignableRoles(cl.RoleID), current.RoleID) {
		return httpx.Fail(http.StatusForbidden, "your role may not change this user")
	}
	if httpx.PlatformRole(cl.RoleID) {
		return nil
	}
	if req.DealerID == nil && current == nil {
		d := cl.DealerID
		req.DealerID = &d
	}
	if req.DealerID != nil && *req.DealerID != cl.DealerID {
		return httpx.Fail(http.StatusForbidden, "you may only manage users of your own dealer")
	}
	return nil
}

func (h *Handlers) createUser(c *gin.Context) error {
	var req UserRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := checkUserScope(c, &req, nil); err != nil {
		return err
	}
	u, err := onboard.SaveUser(c.Request.Context(), h.DB.Client, 0, onboard.UserInput(req))
	if err != nil {
		return saved(err, "user")
	}
	c.JSON(http.StatusOK, userView(u))
	return nil
}

// userParam loads :user_id if the caller administers the user's dealer.
func (h *Handlers) userParam(c *gin.Context) (*ent.User, error) {
	return adminParam(c, "user_id", "user", func(id int) (*ent.User, error) { return h.DB.User.Get(c.Request.Context(), id) },
		func(u *ent.User) int { return u.DealerID })
}

func (h *Handlers) getUser(c *gin.Context) error {
	u, err := h.userParam(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, userView(u))
	return nil
}

func (h *Handlers) updateUser(c *gin.Context) error {
	u, err := h.userParam(c)
	if err != nil {
		return err
	}
	var req UserRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := checkUserScope(c, &req, u); err != nil {
		return err
	}
	id := u.ID
	u, err = onboard.SaveUser(c.Request.Context(), h.DB.Client, id, onboard.UserInput(req))
	h.TokenUsers.Forget(id) // a changed role or location list applies to its tokens at once
	if err != nil {
		return saved(err, "user")
	}
	c.JSON(http.StatusOK, userView(u))
	return nil
}

// PasswordRequest sets a user's password.
type PasswordRequest struct {
	Password string `json:"password"`
}

func (h *Handlers) setUserPassword(c *gin.Context) error {
	u, err := h.userParam(c)
	if err != nil {
		return err
	}
	var req PasswordRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := checkUserScope(c, &UserRequest{}, u); err != nil {
		return err
	}
	err = onboard.SetPassword(c.Request.Context(), h.DB.Client, u.ID, req.Password)
	h.TokenUsers.Forget(u.ID) // the old password's tokens end here at once, elsewhere within DefaultTokenUserTTL
	if err != nil {
		return saved(err, "user")
	}
	c.JSON(http.StatusOK, gin.H{"ok": true})
	return nil
}

func (h *Handlers) disableUser(c *gin.Context) error { return h.setDisabled(c, true) }
func (h *Handlers) enableUser(c *gin.Context) error  { return h.setDisabled(c, false) }

func (h *Handlers) setDisabled(c *gin.Context, disabled bool) error {
	u, err := h.userParam(c)
	if err != nil {
		return err
	}
	if err := checkUserScope(c, &UserRequest{}, u); err != nil {
		return err
	}
	if disabled && u.ID == httpx.Claims(c).UserID {
		return httpx.Invalid("you cannot disable yourself")
	}
	err = onboard.SetDisabled(c.Request.Context(), h.DB.Client, u.ID, disabled)
	h.TokenUsers.Forget(u.ID) // disabling revokes its tokens here at once, elsewhere within DefaultTokenUserTTL
	if err != nil {
		return saved(err, "user")
	}
	u, err = h.DB.User.Get(c.Request.Context(), u.ID)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, userView(u))
	return nil
}
