package admin

import (
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationsettingchange"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/phone"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// A location's CommunicationSetting: read every field, update any of them
// (validated), and the history of who changed what and when.
//
// A change applies to what is sent afterwards: the notification activities
// read the setting when they compose each message (activities/notify), and
// what was already delivered is never re-rendered.

func (h *Handlers) settingsRoutes(admin *gin.RouterGroup) {
	admin.GET("/locations/:location_id/settings", httpx.Handle(h.getSettings))
	admin.PUT("/locations/:location_id/settings", httpx.Handle(h.updateSettings))
	admin.GET("/locations/:location_id/settings/history", httpx.Handle(h.settingsHistory))
}

// SettingsView is every field of the spec's CommunicationSetting Model.
// Field names equal ent's, so settingsViewOf copies them by name.
type SettingsView struct {
	DealerLocationID                            int                         `json:"dealer_location_id"`
	Color                                       string                      `json:"color"`
	Logo                                        string                      `json:"logo"`
	WelcomeText                                 string                      `json:"welcome_text"`
	WelcomePicture                              string                      `json:"welcome_picture"`
	SuccessText                                 string                      `json:"success_text"`
	CarReadyWelcomeText                         string                      `json:"car_ready_welcome_text"`
	CheckinWelcomeText                          string                      `json:"checkin_welcome_text"`
	CheckinSuccessText                          string                      `json:"checkin_success_text"`
	Layout                                      enums.CommunicationLayoutID `json:"layout"`
	DiagnoseOverviewRemarksEnabled              bool                        `json:"diagnose_overview_remarks_enabled"`
	CheckInRemarksEnabled                       bool                        `json:"check_in_remarks_enabled"`
	PhoneNumber                                 string                      `json:"phone_number"`
	Email                                       string                      `json:"email"`
	SupportEnabled                              bool                        `json:"support_enabled"`
	SupportText                                 string                      `json:"support_text"`
	CheckInDaysPrior                            int                         `json:"check_in_days_prior"`
	OnlineCheckInSendPin                        bool                        `json:"online_check_in_send_pin"`
	SendParkingGateCode                         bool                        `json:"send_parking_gate_code"`
	OnlineCheckinNameVisible                    bool                        `json:"online_checkin_name_visible"`
	DiagnoseOverviewNameVisible                 bool                        `json:"diagnose_overview_name_visible"`
	CheckInTestingMode                          bool                        `json:"check_in_testing_mode"`
	CheckInTestingEmail                         string                      `json:"check_in_testing_email"`
	CheckInTestingPhone                         string                      `json:"check_in_testing_phone"`
	CounterTabletHomeURL                        string                      `json:"counter_tablet_home_url"`
	DiagnoseCcTestingMode                       bool                        `json:"diagnose_cc_testing_mode"`
	DiagnoseCcTestingEmail                      string                      `json:"diagnose_cc_testing_email"`
	DiagnoseCcTestingPhone                      string                      `json:"diagnose_cc_testing_phone"`
	RepairCcTestingMode                         bool                        `json:"repair_cc_testing_mode"`
	RepairCcTestingEmail                        string                      `json:"repair_cc_testing_email"`
	RepairCcTestingPhone                        string                      `json:"repair_cc_testing_phone"`
	Website                                     string                      `json:"website"`
	ReportTemplateID                            *int                        `json:"report_template_id"`
	HeadingPosition                             enums.HeadingPosition       `json:"heading_position"`
	SendConfirmationEmails                      bool                        `json:"send_confirmation_emails"`
	EnableNotFixedAdvised                       bool                        `json:"enable_not_fixed_advised"`
	EnableNotFixedCritical                      bool                        `json:"enable_not_fixed_critical"`
	SkipOptionalItems                           bool                        `json:"skip_optional_items"`
	HideLeaseInterventionPrice                  bool                        `json:"hide_lease_intervention_price"`
	HideInternalInterventionPrice               bool                        `json:"hide_internal_intervention_price"`
	HideWarrantyInterventionPrice               bool                        `json:"hide_warranty_intervention_price"`
	HidePricesInDeskCommunication               bool                        `json:"hide_prices_in_desk_communication"`
	BlockAutomatedCommunicationForLeaseCustomer bool                        `json:"block_automated_communication_for_lease_customer"`
	IsSmsForOnlineCheckInEnabled                bool                        `json:"is_sms_for_online_check_in_enabled"`
	IsCustomerNameInKioskCheckinEnabled         bool                        `json:"is_customer_name_in_kiosk_checkin_enabled"`
	IsCustomerSignatureInKioskCheckinEnabled    bool                        `json:"is_customer_signature_in_kiosk_checkin_enabled"`
	ExternalJs                                  string                      `json:"external_js"`
	ExternalCSS                                 string                      `json:"external_css"`
	GoogleAnalyticsID                           string                      `json:"google_analytics_id"`
	DisplayInterventionElements                 bool                        `json:"display_intervention_elements"`
	LanguageCode                                enums.LanguageCode          `json:"language_code"`
	Vat                                         float64                     `json:"vat"`
	IncludeVat                                  bool                        `json:"include_vat"`
	DmsPriceEnabled                             bool                        `json:"dms_price_enabled"`
	TotalPdfEnabled                             bool                        `json:"total_pdf_enabled"`
	Headline                                    string                      `json:"headline"`
	SummerAThreshold                            float64                     `json:"summer_a_threshold"`
	SummerNThreshold                            float64                     `json:"summer_n_threshold"`
	WinterAThreshold                            float64                     `json:"winter_a_threshold"`
	WinterNThreshold                            float64                     `json:"winter_n_threshold"`
	AllSeasonAThreshold                         float64                     `json:"all_season_a_threshold"`
	AllSeasonNThreshold                         float64                     `json:"all_season_n_threshold"`
	ShowMechanicName                            bool                        `json:"show_mechanic_name"`
	IsEmployeeNameVisible                       bool                        `json:"is_employee_name_visible"`
	HasMultipleCommunicationChannels            bool                        `json:"has_multiple_communication_channels"`
	IsAcsesEnabled                              bool                        `json:"is_acses_enabled"`
	MaintenanceMode                             bool                        `json:"maintenance_mode"`
}

// SettingsRequest updates the fields it names; a field left out stays.
type SettingsRequest struct {
	Color                                       *string                      `json:"color"`
	Logo                                        *string                      `json:"logo"`
	WelcomeText                                 *string                      `json:"welcome_text"`
	WelcomePicture                              *string                      `json:"welcome_picture"`
	SuccessText                                 *string                      `json:"success_text"`
	CarReadyWelcomeText                         *string                      `json:"car_ready_welcome_text"`
	CheckinWelcomeText                          *string                      `json:"checkin_welcome_text"`
	CheckinSuccessText                          *string                      `json:"checkin_success_text"`
	Layout                                      *enums.CommunicationLayoutID `json:"layout"`
	DiagnoseOverviewRemarksEnabled              *bool                        `json:"diagnose_overview_remarks_enabled"`
	CheckInRemarksEnabled                       *bool                        `json:"check_in_remarks_enabled"`
	PhoneNumber                                 *string                      `json:"phone_number"`
	Email                                       *string                      `json:"email"`
	SupportEnabled                              *bool                        `json:"support_enabled"`
	SupportText                                 *string                      `json:"support_text"`
	CheckInDaysPrior                            *int                         `json:"check_in_days_prior"`
	OnlineCheckInSendPin                        *bool                        `json:"online_check_in_send_pin"`
	SendParkingGateCode                         *bool                        `json:"send_parking_gate_code"`
	OnlineCheckinNameVisible                    *bool                        `json:"online_checkin_name_visible"`
	DiagnoseOverviewNameVisible                 *bool                        `json:"diagnose_overview_name_visible"`
	CheckInTestingMode                          *bool                        `json:"check_in_testing_mode"`
	CheckInTestingEmail                         *string                      `json:"check_in_testing_email"`
	CheckInTestingPhone                         *string                      `json:"check_in_testing_phone"`
	CounterTabletHomeURL                        *string                      `json:"counter_tablet_home_url"`
	DiagnoseCcTestingMode                       *bool                        `json:"diagnose_cc_testing_mode"`
	DiagnoseCcTestingEmail                      *string                      `json:"diagnose_cc_testing_email"`
	DiagnoseCcTestingPhone                      *string                      `json:"diagnose_cc_testing_phone"`
	RepairCcTestingMode                         *bool                        `json:"repair_cc_testing_mode"`
	RepairCcTestingEmail                        *string                      `json:"repair_cc_testing_email"`
	RepairCcTestingPhone                        *string                      `json:"repair_cc_testing_phone"`
	Website                                     *string                      `json:"website"`
	ReportTemplateID                            *int                         `json:"report_template_id"`
	HeadingPosition                             *enums.HeadingPosition       `json:"heading_position"`
	SendConfirmationEmails                      *bool                        `json:"send_confirmation_emails"`
	EnableNotFixedAdvised                       *bool                        `json:"enable_not_fixed_advised"`
	EnableNotFixedCritical                      *bool                        `json:"enable_not_fixed_critical"`
	SkipOptionalItems                           *bool                        `json:"skip_optional_items"`
	HideLeaseInterventionPrice                  *bool                        `json:"hide_lease_intervention_price"`
	HideInternalInterventionPrice               *bool                        `json:"hide_internal_intervention_price"`
	HideWarrantyInterventionPrice               *bool                        `json:"hide_warranty_intervention_price"`
	HidePricesInDeskCommunication               *bool                        `json:"hide_prices_in_desk_communication"`
	BlockAutomatedCommunicationForLeaseCustomer *bool                        `json:"block_automated_communication_for_lease_customer"`
	IsSmsForOnlineCheckInEnabled                *bool                        `json:"is_sms_for_online_check_in_enabled"`
	IsCustomerNameInKioskCheckinEnabled         *bool                        `json:"is_customer_name_in_kiosk_checkin_enabled"`
	IsCustomerSignatureInKioskCheckinEnabled    *bool                        `json:"is_customer_signature_in_kiosk_checkin_enabled"`
	ExternalJs                                  *string                      `json:"external_js"`
	ExternalCSS                                 *string                      `json:"external_css"`
	GoogleAnalyticsID                           *string                      `json:"google_analytics_id"`
	DisplayInterventionElements                 *bool                        `json:"display_intervention_elements"`
	LanguageCode                                *enums.LanguageCode          `json:"language_code"`
	Vat                                         *float64                     `json:"vat"`
	IncludeVat                                  *bool                        `json:"include_vat"`
	DmsPriceEnabled                             *bool                        `json:"dms_price_enabled"`
	TotalPdfEnabled                             *bool                        `json:"total_pdf_enabled"`
	Headline                                    *string                      `json:"headline"`
	SummerAThreshold                            *float64                     `json:"summer_a_threshold"`
	SummerNThreshold                            *float64                     `json:"summer_n_threshold"`
	WinterAThreshold                            *float64                     `json:"winter_a_threshold"`
	WinterNThreshold                            *float64                     `json:"winter_n_threshold"`
	AllSeasonAThreshold                         *float64                     `json:"all_season_a_threshold"`
	AllSeasonNThreshold                         *float64                     `json:"all_season_n_threshold"`
	ShowMechanicName                            *bool                        `json:"show_mechanic_name"`
	IsEmployeeNameVisible                       *bool                        `json:"is_employee_name_visible"`
	HasMultipleCommunicationChannels            *bool                        `json:"has_multiple_communication_channels"`
	IsAcsesEnabled                              *bool                        `json:"is_acses_enabled"`
	MaintenanceMode                             *bool                        `json:"maintenance_mode"`
}

// settingsViewOf copies every field of the setting into the view by name.
func settingsViewOf(cs *ent.CommunicationSetting) SettingsView {
	var v SettingsView
	dst, src := reflect.ValueOf(&v).Elem(), reflect.ValueOf(cs).Elem()
	for i := 0; i < dst.NumField(); i++ {
		dst.Field(i).Set(src.FieldByName(dst.Type().Field(i).Name))
	}
	return v
}

// Which settings hold which kind of value (by json name), for validation.
var (
	settingColors = []string{"color"}
	settingURLs   = []string{"logo", "welcome_picture", "website", "counter_tablet_home_url"}
	settingEmails = []string{"email", "check_in_testing_email", "diagnose_cc_testing_email", "repair_cc_testing_email"}
	settingPhones = []string{"phone_number", "check_in_testing_phone", "diagnose_cc_testing_phone", "repair_cc_testing_phone"}
	// Multi-line texts; external_js/css are whole files, hence the larger limit.
	settingTexts = map[string]int{"welcome_text": 5000, "success_text": 5000, "car_ready_welcome_text": 5000,
		"checkin_welcome_text": 5000, "checkin_success_text": 5000, "support_text": 5000, "external_js": 100_000, "external_css": 100_000}
	rrggbb = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

// validateSettings checks every field given; phones are normalised to
// E.164 in place (country of the location for national numbers).
func validateSettings(req *SettingsRequest, country string) []string {
	var p []string
	rv := reflect.ValueOf(req).Elem()
	for i := 0; i < rv.NumField(); i++ {
		f := rv.Field(i)
		if f.IsNil() {
			continue
		}
		name := strings.Split(rv.Type().Field(i).Tag.Get("json"), ",")[0]
		v := f.Elem()
		if v.Kind() != reflect.String {
			continue
		}
		sv := v.String()
		switch {
		case slices.Contains(settingColors, name):
			if sv != "" && !rrggbb.MatchString(sv) {
				p = append(p, name+": must be a colour #RRGGBB")
			}
		case slices.Contains(settingURLs, name):
			if sv != "" {
				p = append(p, urlProblems(name, sv)...)
			}
		case slices.Contains(settingEmails, name):
			if sv != "" {
				p = append(p, textcheck.Email(name, sv)...)
			}
		case slices.Contains(settingPhones, name):
			if sv != "" {
				n, err := phone.Normalize(sv, country)
				if err != nil {
					p = append(p, fmt.Sprintf("%s: %v (E.164 such as +31201234567)", name, err))
				} else {
					v.SetString(n)
				}
			}
		case settingTexts[name] > 0:
			p = append(p, textcheck.Field(name, sv, settingTexts[name])...)
		default:
			p = append(p, textcheck.Line(name, sv, 500)...)
		}
	}
	if req.CheckInDaysPrior != nil && (*req.CheckInDaysPrior < 0 || *req.CheckInDaysPrior > 30) {
		p = append(p, "check_in_days_prior: must be between 0 and 30")
	}
	if req.Vat != nil && (*req.Vat < 0 || *req.Vat > 100) {
		p = append(p, "vat: must be between 0 and 100")
	}
	for name, v := range map[string]*float64{"summer_a_threshold": req.SummerAThreshold, "summer_n_threshold": req.SummerNThreshold,
		"winter_a_threshold": req.WinterAThreshold, "winter_n_threshold": req.WinterNThreshold,
		"all_season_a_threshold": req.AllSeasonAThreshold, "all_season_n_threshold": req.AllSeasonNThreshold} {
		if v != nil && (*v < 0 || *v > 100) {
			p = append(p, name+": must be a tread depth between 0 and 100 mm")
		}
	}
	if req.Layout != nil && !slices.Contains(enums.CommunicationLayoutIDValues, *req.Layout) {
		p = append(p, "layout: not a CommunicationLayoutID value")
	}
	if req.HeadingPosition != nil && !slices.Contains(enums.HeadingPositionValues, *req.HeadingPosition) {
		p = append(p, "heading_position: not a HeadingPosition value")
	}
	if req.LanguageCode != nil && !slices.Contains(onboard.Languages, *req.LanguageCode) {
		p = append(p, fmt.Sprintf("language_code: must be one of %q", onboard.Languages))
	}
	if req.ReportTemplateID != nil && *req.ReportTemplateID <= 0 {
		p = append(p, "report_template_id: must be a positive ID")
	}
	slices.Sort(p)
	return p
}

func urlProblems(name, v string) []string {
	if l := textcheck.Line(name, v, 2000); len(l) > 0 {
		return l
	}
	if !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") || len(v) < len("http://x") {
		return []string{name + ": must be an http(s) URL"}
	}
	return nil
}

func (h *Handlers) getSettings(c *gin.Context) error {
	loc, err := h.locationParam(c)
	if err != nil {
		return err
	}
	cs, err := onboard.Setting(c.Request.Context(), h.DB.Client, loc)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, settingsViewOf(cs))
	return nil
}

func (h *Handlers) updateSettings(c *gin.Context) error {
	loc, err := h.locationParam(c)
	if err != nil {
		return err
	}
	var req SettingsRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if p := validateSettings(&req, loc.Country); len(p) > 0 {
		return httpx.Invalid(p...)
	}
	out, err := onboard.UpdateSettings(c.Request.Context(), h.DB, loc, httpx.Claims(c).UserID, h.Now(), settingFields(&req))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, settingsViewOf(out))
	return nil
}

// settingFields are the fields the request names, in its order, by JSON
// name (which is ent's field name).
func settingFields(req *SettingsRequest) []onboard.SettingField {
	var out []onboard.SettingField
	rv := reflect.ValueOf(req).Elem()
	for i := 0; i < rv.NumField(); i++ {
		if f := rv.Field(i); !f.IsNil() {
			name := strings.Split(rv.Type().Field(i).Tag.Get("json"), ",")[0]
			out = append(out, onboard.SettingField{Name: name, Value: f.Elem().Interface()})
		}
	}
	return out
}

// SettingChangeView is one line of a setting's history.
type SettingChangeView struct {
	Field     string    `json:"field"`
	OldValue  string    `json:"old_value"`
	NewValue  string    `json:"new_value"`
	UserID    int       `json:"user_id"`
	ChangedAt time.Time `json:"changed_at"`
}

func (h *Handlers) settingsHistory(c *gin.Context) error {
	loc, err := h.locationParam(c)
	if err != nil {
		return err
	}
	rows, err := h.DB.CommunicationSettingChange.Query().Where(communicationsettingchange.DealerLocationID(loc.ID)).
		Order(ent.Desc(communicationsettingchange.FieldChangedAt), ent.Desc(communicationsettingchange.FieldID)).
		Limit(maxHistory).All(c.Request.Context())
	if err != nil {
		return err
	}
	out := make([]SettingChangeView, 0, len(rows))
	for _, r := range rows {
		out = append(out, SettingChangeView{Field: r.Field, OldValue: r.OldValue, NewValue: r.NewValue, UserID: r.UserID, ChangedAt: r.ChangedAt})
	}
	c.JSON(http.StatusOK, gin.H{"changes": out})
	return nil
}

// maxHistory lines of a setting's history are answered (api.MaxPageSize).
const maxHistory = 200
