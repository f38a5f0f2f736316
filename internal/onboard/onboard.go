package onboard

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/ent/user"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Invalid carries the validation problems of an input; callers show them.
type Invalid struct{ Problems []string }

func (e *Invalid) Error() string { return strings.Join(e.Problems, "; ") }

func invalidOf(p problems) error {
	if len(p) == 0 {
		return nil
	}
	return &Invalid{Problems: p}
}

// ErrNotFound: the dealer, location or user does not exist.
var ErrNotFound = errors.New("not found")

// Bounds of a dealer's personal_data_retention_months (the schema's default
// is 24): less than a month would anonymise appointments the dealer still
// works on; more than ten years is no retention.
const (
	RetentionMonthsMin = 1
	RetentionMonthsMax = 120
)

// DealerInput creates (all required fields set) or updates (nil = unchanged) a dealer.
type DealerInput struct {
	Name                         *string
	CountryCode                  *string
	Active                       *bool
	DomainName                   *string
	WebsiteURL                   *string
	PhoneNr                      *string
	Street                       *string
	City                         *string
	Region                       *string
	PostalCode                   *string
	EnableCarReady               *bool
	CustomerDataRetentionInYears *int
	PersonalDataRetentionMonths  *int
	SMSGatewayID                 *enums.SMSGateway
	TwilioPhoneNumber            *string
}

func (in *DealerInput) check(create bool) error {
	var p problems
	if create && (in.Name == nil || strings.TrimSpace(*in.Name) == "") {
		p.add("name: required")
	}
	if create && in.CountryCode == nil {
		p.add("country_code: required")
	}
	if in.Name != nil && strings.TrimSpace(*in.Name) == "" {
		p.add("name: must not be empty")
	}
	p.line("name", in.Name, 200)
	p.country("country_code", in.CountryCode)
	for n, v := range map[string]*string{"domain_name": in.DomainName, "street": in.Street, "city": in.City, "region": in.Region, "postal_code": in.PostalCode} {
		p.line(n, v, 200)
	}
	p.url("website_url", in.WebsiteURL)
	region := ""
	if in.CountryCode != nil {
		region = *in.CountryCode
	}
	p.phone("phone_nr", in.PhoneNr, region)
	p.phone("twilio_phone_number", in.TwilioPhoneNumber, "")
	p.rangeInt("customer_data_retention_in_years", in.CustomerDataRetentionInYears, 0, 30)
	p.rangeInt("personal_data_retention_months", in.PersonalDataRetentionMonths, RetentionMonthsMin, RetentionMonthsMax)
	if in.SMSGatewayID != nil && *in.SMSGatewayID != 0 && !in.SMSGatewayID.Valid() {
		p.add("sms_gateway_id: not a SMSGateway value")
	}
	return invalidOf(p)
}

// SaveDealer creates a dealer (id 0) or updates one.
func SaveDealer(ctx context.Context, db *ent.Client, id int, in DealerInput) (*ent.Dealer, error) {
	if err := in.check(id == 0); err != nil {
		return nil, err
	}
	var m *ent.DealerMutation
	var save func() (*ent.Dealer, error)
	if id == 0 {
		c := db.Dealer.Create()
		m, save = c.Mutation(), func() (*ent.Dealer, error) { return c.Save(ctx) }
	} else {
		u := db.Dealer.UpdateOneID(id)
		m, save = u.Mutation(), func() (*ent.Dealer, error) { return u.Save(ctx) }
	}
	setStr(in.Name, m.SetName)
	setStr(in.CountryCode, m.SetCountryCode)
	set(in.Active, m.SetActive)
	setStr(in.DomainName, m.SetDomainName)
	setStr(in.WebsiteURL, m.SetWebsiteURL)
	setStr(in.PhoneNr, m.SetPhoneNr)
	setStr(in.Street, m.SetStreet)
	setStr(in.City, m.SetCity)
	setStr(in.Region, m.SetRegion)
	setStr(in.PostalCode, m.SetPostalCode)
	set(in.EnableCarReady, m.SetEnableCarReady)
	set(in.CustomerDataRetentionInYears, m.SetCustomerDataRetentionInYears)
	set(in.PersonalDataRetentionMonths, m.SetPersonalDataRetentionMonths)
	set(in.SMSGatewayID, m.SetSmsGatewayID)
	setStr(in.TwilioPhoneNumber, m.SetTwilioPhoneNumber)
	d, err := save()
	if ent.IsNotFound(err) {
		return nil, ErrNotFound
	}
	return d, err
}

func set[T any](v *T, f func(T)) {
	if v != nil {
		f(*v)
	}
}

func setStr(v *string, f func(string)) {
	if v != nil {
		f(strings.TrimSpace(*v))
	}
}

// LocationInput creates or updates a DealerLocation: address, language, time
// zone, opening hours, the flags that switch communications on, ACSES and DMS.
type LocationInput struct {
	Name                                    *string
	CommercialName                          *string
	Street                                  *string
	PostalCode                              *string
	City                                    *string
	Country                                 *string
	PhoneNr                                 *string
	LanguageCode                            *enums.LanguageCode
	TimeZone                                *string
	OpeningHours                            map[string][]string
	Vat                                     *float64
	IncludeVat                              *bool
	Active                                  *bool
	CheckInDaysPrior                        *int
	OnlineCheckInEnabled                    *bool
	DeskCheckInEnabled                      *bool
	IsOpenDeskCheckoutOnCarOutOfShopEnabled *bool
	DiagnoseOverviewEnabled                 *bool
	DiagnoseOverviewAutoSend                *bool
	RepairOverviewEnabled                   *bool
	IsCustomerAnsweredCheckInMandatory      *bool
	IsKeyLockerEnabled                      *bool
	IsKioskEnabled                          *bool
	KeyLockerTwoFactor                      *bool
	ThirdPartySendCommunications            *bool
	ThirdPartyWebhookURL                    *string
	IsAcsesEnabled                          *bool
	AcsesEmail                              *string
	AcsesPassword                           *string
	DMSID                                   *enums.DMSID
	DMSWriteBack                            *bool
	DMSPriceEnabled                         *bool
	DMSBillingEnabled                       *bool
}

func (in *LocationInput) check(create bool) error {
	var p problems
	if create {
		if in.Name == nil || strings.TrimSpace(*in.Name) == "" {
			p.add("name: required")
		}
		if in.Country == nil {
			p.add("country: required")
		}
		if in.TimeZone == nil {
			p.add("time_zone: required")
		}
		if in.LanguageCode == nil {
			p.add("language_code: required")
		}
	}
	p.line("name", in.Name, 200)
	for n, v := range map[string]*string{"commercial_name": in.CommercialName, "street": in.Street, "postal_code": in.PostalCode, "city": in.City} {
		p.line(n, v, 200)
	}
	p.country("country", in.Country)
	region := ""
	if in.Country != nil {
		region = *in.Country
	}
	p.phone("phone_nr", in.PhoneNr, region)
	p.language("language_code", in.LanguageCode)
	p.timeZone("time_zone", in.TimeZone)
	p.openingHours("opening_hours", in.OpeningHours)
	p.rangeFloat("vat", in.Vat, 0, 100)
	p.rangeInt("check_in_days_prior", in.CheckInDaysPrior, 0, 30)
	p.url("third_party_webhook_url", in.ThirdPartyWebhookURL)
	p.email("acses_email", in.AcsesEmail)
	p.line("acses_password", in.AcsesPassword, 200)
	if in.DMSID != nil && !in.DMSID.Valid() {
		p.add("dms_id: not a DMSID value")
	}
	return invalidOf(p)
}

// SaveLocation creates a location of dealerID (id 0; with its
// CommunicationSetting, language and VAT copied) or updates location id.
func SaveLocation(ctx context.Context, db *ent.Client, dealerID, id int, in LocationInput) (*ent.DealerLocation, error) {
	if err := in.check(id == 0); err != nil {
		return nil, err
	}
	var out *ent.DealerLocation
	err := store.WithTx(ctx, db, func(tx *ent.Tx) error {
		var m *ent.DealerLocationMutation
		var save func() (*ent.DealerLocation, error)
		if id == 0 {
			if _, err := tx.Dealer.Get(ctx, dealerID); err != nil {
				return notFound(err)
			}
			c := tx.DealerLocation.Create().SetDealerID(dealerID)
			m, save = c.Mutation(), func() (*ent.DealerLocation, error) { return c.Save(ctx) }
		} else {
			u := tx.DealerLocation.UpdateOneID(id)
			m, save = u.Mutation(), func() (*ent.DealerLocation, error) { return u.Save(ctx) }
		}
		setStr(in.Name, m.SetName)
		setStr(in.CommercialName, m.SetCommercialName)
		setStr(in.Street, m.SetStreet)
		setStr(in.PostalCode, m.SetPostalCode)
		setStr(in.City, m.SetCity)
		setStr(in.Country, m.SetCountry)
		setStr(in.PhoneNr, m.SetPhoneNr)
		set(in.LanguageCode, m.SetLanguageCode)
		set(in.TimeZone, m.SetTimeZone)
		if in.OpeningHours != nil {
			m.SetOpeningHours(in.OpeningHours)
		}
		set(in.Vat, m.SetVat)
		set(in.IncludeVat, m.SetIncludeVat)
		set(in.Active, m.SetActive)
		set(in.CheckInDaysPrior, m.SetCheckInDaysPrior)
		set(in.OnlineCheckInEnabled, m.SetOnlineCheckInEnabled)
		set(in.DeskCheckInEnabled, m.SetDeskCheckInEnabled)
		set(in.IsOpenDeskCheckoutOnCarOutOfShopEnabled, m.SetIsOpenDeskCheckoutOnCarOutOfShopEnabled)
		set(in.DiagnoseOverviewEnabled, m.SetDiagnoseOverviewEnabled)
		set(in.DiagnoseOverviewAutoSend, m.SetDiagnoseOverviewAutoSend)
		set(in.RepairOverviewEnabled, m.SetRepairOverviewEnabled)
		set(in.IsCustomerAnsweredCheckInMandatory, m.SetIsCustomerAnsweredCheckInMandatory)
		set(in.IsKeyLockerEnabled, m.SetIsKeyLockerEnabled)
		set(in.IsKioskEnabled, m.SetIsKioskEnabled)
		set(in.KeyLockerTwoFactor, m.SetKeyLockerTwoFactor)
		set(in.ThirdPartySendCommunications, m.SetThirdPartySendCommunications)
		setStr(in.ThirdPartyWebhookURL, m.SetThirdPartyWebhookURL)
		set(in.IsAcsesEnabled, m.SetIsAcsesEnabled)
		setStr(in.AcsesEmail, m.SetAcsesEmail)
		set(in.AcsesPassword, m.SetAcsesPassword)
		set(in.DMSID, m.SetDmsID)
		set(in.DMSWriteBack, m.SetDmsWriteBack)
		set(in.DMSPriceEnabled, m.SetDmsPriceEnabled)
		set(in.DMSBillingEnabled, m.SetDmsBillingEnabled)
		loc, err := save()
		if err != nil {
			return notFound(err)
		}
		if id == 0 {
			// One CommunicationSetting per location, created with it so
			// every location has settings to read and edit.
			if err := tx.CommunicationSetting.Create().SetDealerLocationID(loc.ID).SetLanguageCode(loc.LanguageCode).
				SetVat(loc.Vat).SetIncludeVat(loc.IncludeVat).SetCheckInDaysPrior(loc.CheckInDaysPrior).Exec(ctx); err != nil {
				return err
			}
		}
		out = loc
		return nil
	})
	return out, err
}

func notFound(err error) error {
	if ent.IsNotFound(err) {
		return ErrNotFound
	}
	return err
}

// UserInput creates or updates a staff user.
type UserInput struct {
	DealerID         *int
	Email            *string
	FirstName        *string
	LastName         *string
	RoleID           *enums.RoleID
	LocationIDs      []int
	DealerLocationID *int
	LanguageCode     *enums.LanguageCode
	Mobile           *string
	Password         *string
}

func (in *UserInput) check(create bool) error {
	var p problems
	if create {
		if in.Email == nil {
			p.add("email: required")
		}
		if in.RoleID == nil {
			p.add("role_id: required")
		}
	}
	if in.Email != nil {
		*in.Email = strings.ToLower(strings.TrimSpace(*in.Email))
		if *in.Email == "" {
			p.add("email: must not be empty")
		} else {
			p.email("email", in.Email)
		}
	}
	p.line("first_name", in.FirstName, 100)
	p.line("last_name", in.LastName, 100)
	p.phone("mobile", in.Mobile, "")
	p.language("language_code", in.LanguageCode)
	if in.RoleID != nil && !in.RoleID.Valid() {
		p.add("role_id: not a RoleID value")
	}
	if in.Password != nil {
		if s := auth.CheckPasswordPolicy(*in.Password); s != "" {
			p.add(s)
		}
	}
	return invalidOf(p)
}

// SaveUser creates (id 0) or updates a user. Locations must belong to the
// user's dealer; platform roles need no dealer.
func SaveUser(ctx context.Context, db *ent.Client, id int, in UserInput) (*ent.User, error) {
	if err := in.check(id == 0); err != nil {
		return nil, err
	}
	var out *ent.User
	err := store.WithTx(ctx, db, func(tx *ent.Tx) error {
		dealerID := 0
		if id != 0 {
			u, err := tx.User.Get(ctx, id)
			if err != nil {
				return notFound(err)
			}
			dealerID = u.DealerID
		}
		if in.DealerID != nil {
			dealerID = *in.DealerID
		}
		if dealerID != 0 {
			if _, err := tx.Dealer.Get(ctx, dealerID); err != nil {
				if ent.IsNotFound(err) {
					return &Invalid{Problems: []string{"dealer_id: no such dealer"}}
				}
				return err
			}
		}
		var p problems
		if in.RoleID != nil && dealerID == 0 && !slices.Contains([]enums.RoleID{enums.RoleIDTopLevel, enums.RoleIDClaireAdmin, enums.RoleIDSupportAdmin}, *in.RoleID) {
			p.add("dealer_id: required for a dealer role")
		}
		locs := in.LocationIDs
		if in.DealerLocationID != nil && *in.DealerLocationID != 0 {
			locs = append(slices.Clone(locs), *in.DealerLocationID)
		}
		for _, l := range locs {
			ok, err := tx.DealerLocation.Query().Where(dealerlocation.ID(l), dealerlocation.DealerID(dealerID)).Exist(ctx)
			if err != nil {
				return err
			}
			if !ok {
				p.add(fmt.Sprintf("location_ids: location %d is not a location of the user's dealer", l))
			}
		}
		if in.Email != nil {
			q := tx.User.Query().Where(user.EmailEqualFold(*in.Email))
			if id != 0 {
				q = q.Where(user.IDNEQ(id))
			}
			if taken, err := q.Exist(ctx); err != nil {
				return err
			} else if taken {
				p.add("email: another user has this e-mail address")
			}
		}
		if err := invalidOf(p); err != nil {
			return err
		}
		var m *ent.UserMutation
		var save func() (*ent.User, error)
		if id == 0 {
			c := tx.User.Create()
			m, save = c.Mutation(), func() (*ent.User, error) { return c.Save(ctx) }
		} else {
			u := tx.User.UpdateOneID(id)
			m, save = u.Mutation(), func() (*ent.User, error) { return u.Save(ctx) }
		}
		if in.DealerID != nil {
			if *in.DealerID == 0 {
				m.ClearDealerID()
			} else {
				m.SetDealerID(*in.DealerID)
			}
		}
		setStr(in.Email, m.SetEmail)
		setStr(in.FirstName, m.SetFirstName)
		setStr(in.LastName, m.SetLastName)
		set(in.RoleID, m.SetRoleID)
		if in.RoleID != nil {
			m.SetIsCounterTabletUser(*in.RoleID == enums.RoleIDCounterTablet)
		}
		if in.LocationIDs != nil {
			m.SetLocationIds(in.LocationIDs)
		}
		set(in.DealerLocationID, m.SetDealerLocationID)
		set(in.LanguageCode, m.SetLanguageCode)
		setStr(in.Mobile, m.SetMobile)
		if in.Password != nil {
			h, err := auth.HashPassword(*in.Password)
			if err != nil {
				return err
			}
			m.SetPasswordHash(h)
			if id != 0 {
				m.AddCredentialVersion(1) // ends the tokens minted for the old password
			}
		}
		u, err := save()
		if err != nil {
			return notFound(err)
		}
		if err := kioskHasOneLocation(u); err != nil {
			return err
		}
		out = u
		return nil
	})
	return out, err
}

// kioskHasOneLocation: a kiosk account (RoleID 120, our extension) stands
// in one location's showroom and reaches only that location, so its
// location_ids (what its token carries) name exactly one, and its
// dealer_location_id, when set, the same.
func kioskHasOneLocation(u *ent.User) error {
	if u.RoleID != enums.RoleIDKiosk {
		return nil
	}
	locs := slices.Clone(u.LocationIds)
	slices.Sort(locs)
	locs = slices.Compact(locs)
	if len(locs) != 1 || (u.DealerLocationID != 0 && u.DealerLocationID != locs[0]) {
		return &Invalid{Problems: []string{"location_ids: a kiosk account (role_id 120) has exactly one location"}}
	}
	return nil
}

// SetPassword hashes and stores a new password.
func SetPassword(ctx context.Context, db *ent.Client, id int, password string) error {
	if s := auth.CheckPasswordPolicy(password); s != "" {
		return &Invalid{Problems: []string{s}}
	}
	h, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	// A new credential version ends the tokens minted for the old password.
	return notFound(db.User.UpdateOneID(id).SetPasswordHash(h).AddCredentialVersion(1).Exec(ctx))
}

// SetDisabled disables (or re-enables) a user: a disabled user cannot sign
// in and its tokens are refused.
func SetDisabled(ctx context.Context, db *ent.Client, id int, disabled bool) error {
	st := enums.UserStatusIDActive
	if disabled {
		st = enums.UserStatusIDInactive
	}
	return notFound(db.User.UpdateOneID(id).SetStatus(st).Exec(ctx))
}

// SignedIn records a user's sign-in (last_active) at now.
func SignedIn(ctx context.Context, db *ent.Client, id int, now time.Time) error {
	return db.User.UpdateOneID(id).SetLastActive(now).Exec(ctx)
}
