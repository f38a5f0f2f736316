package commread

import (
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// The answer of POST /v1/communication/read: the spec's CustomerCommunication
// Model with its nested models, field for field, as API-owned types (never ent
// models). JSON names are the spec's field names in snake_case, as everywhere in
// this API. Decisions where the spec is silent:
//
//   - Every field is always present (no omitempty): a value we do not hold is
//     its zero value ("", 0, false, []), so "not accepted" and "unknown" are
//     never confused. Optional references (…_id of another row) and
//     timestamps are null when not set: the spec's zero time is meaningless.
//   - Relations sit at the spec's field names. Relations the communication
//     does not carry (checklists, tyres, notes, pin history, a user's ACL, the
//     dealer's objects, back references that would recurse) are left out;
//     the read model holds none of them.
//   - Secrets and internal credentials of the spec's models are never served to a
//     customer: the location's notifier key, DSN, key-locker code, scanner and
//     integration credentials; the appointment's ACSES booking and object
//     identifiers (they open locker doors); the setting's testing phone
//     numbers and e-mails; of the receptionist (the spec's User) only the
//     name, picture and identifiers.
//   - results holds every CommunicationResult sent (diagnose and repair
//     overview), diagnose_overview_results the diagnose overview's only.
//
// The file's model types were written from the spec's model tables; the
// per-reader fields (status after opening, is_receptionist, receptionist_key)
// are in CommunicationRead, the precomputed part in CommunicationDocument.

// CommunicationRead is the whole answer: the per-reader fields, then the
// communication's document (shared by every reader).
type CommunicationRead struct {
	ReceptionistKey string                    `json:"receptionist_key"`
	Status          enums.CommunicationStatus `json:"status"`
	IsReceptionist  bool                      `json:"is_receptionist"`
	CommunicationDocument
}

// ReceptionistView is the spec's User Model as a customer may see it: the
// receptionist who last interacted with the communication.
type ReceptionistView struct {
	ID               int    `json:"id"`
	FirstName        string `json:"first_name"`
	LastName         string `json:"last_name"`
	ProfilePicture   string `json:"profile_picture"`
	LanguageCode     string `json:"language_code"`
	DealerID         *int   `json:"dealer_id"`
	DealerLocationID *int   `json:"dealer_location_id"`
}

// CommunicationDocument is the spec's CustomerCommunication Model.
type CommunicationDocument struct {
	ID                      int                          `json:"id"`
	Version                 int                          `json:"version"`
	CorrectPhone            string                       `json:"correct_phone"`
	CorrectEmail            string                       `json:"correct_email"`
	CustomerID              *int                         `json:"customer_id"`
	AppointmentID           *int                         `json:"appointment_id"`
	CarID                   *int                         `json:"car_id"`
	ReceptionistID          *int                         `json:"receptionist_id"`
	DealerLocationID        *int                         `json:"dealer_location_id"`
	Note                    string                       `json:"note"`
	UserKey                 string                       `json:"user_key"`
	Customer                *CustomerView                `json:"customer"`
	Appointment             *AppointmentView             `json:"appointment"`
	Car                     *CarView                     `json:"car"`
	Receptionist            *ReceptionistView            `json:"receptionist"`
	Results                 []CommunicationResultView    `json:"results"`
	CheckInRemarks          []CheckInRemarkView          `json:"check_in_remarks"`
	DiagnoseOverviewRemarks []DiagnoseOverviewRemarkView `json:"diagnose_overview_remarks"`
	CheckInResults          []CheckInResultView          `json:"check_in_results"`
	DiagnoseOverviewResults []CommunicationResultView    `json:"diagnose_overview_results"`
	Agreements              []AgreementView              `json:"agreements"`
	Events                  []EventView                  `json:"events"`
	Settings                *SettingView                 `json:"settings"`
	// Feedback is the feedback question after the pick-up (ours, issue
	// #25): null until the lifecycle completed at a location that asks it
	// (or an answer exists); then the customer's answer, once given.
	Feedback *FeedbackView `json:"feedback"`
}

// FeedbackView is the customer's feedback of the appointment (ours, issue
// #25, answered with POST /v1/feedback/answer): answered_at and score are
// null until it is given.
type FeedbackView struct {
	Score      *int       `json:"score"`
	Comment    string     `json:"comment"`
	AnsweredAt *time.Time `json:"answered_at"`
}

// AppointmentView is the spec's Appointment Model.
type AppointmentView struct {
	ID                                    int                 `json:"id"`
	DMSNr                                 string              `json:"dms_nr"`
	DMSCreatedAt                          *time.Time          `json:"dms_created_at"`
	WONr                                  string              `json:"wo_nr"`
	RefNr                                 string              `json:"ref_nr"`
	ImporterVersion                       string              `json:"importer_version"`
	DMSStatus                             string              `json:"dms_status"`
	CarCheckStarted                       bool                `json:"car_check_started"`
	CustomerWaiting                       bool                `json:"customer_waiting"`
	IsLocal                               bool                `json:"is_local"`
	IsMoney                               bool                `json:"is_money"`
	IsStar                                bool                `json:"is_star"`
	IsStarColor                           string              `json:"is_star_color"`
	IsShop                                bool                `json:"is_shop"`
	IsShopColor                           string              `json:"is_shop_color"`
	IsLeaseCompany                        bool                `json:"is_lease_company"`
	HasExtraCheck                         bool                `json:"has_extra_check"`
	CheckPausedAt                         *time.Time          `json:"check_paused_at"`
	FinalCheckHasRemarks                  bool                `json:"final_check_has_remarks"`
	IsRecurring                           bool                `json:"is_recurring"`
	WarrantyPinCount                      int                 `json:"warranty_pin_count"`
	WarrantyPinSignatureMissingCount      int                 `json:"warranty_pin_signature_missing_count"`
	WarrantyPinClaimNrMissingCount        int                 `json:"warranty_pin_claim_nr_missing_count"`
	WarrantyPinSupportNrMissingCount      int                 `json:"warranty_pin_support_nr_missing_count"`
	RecallPinCount                        int                 `json:"recall_pin_count"`
	RecallPinClaimNrMissingCount          int                 `json:"recall_pin_claim_nr_missing_count"`
	RecallPinSupportNrMissingCount        int                 `json:"recall_pin_support_nr_missing_count"`
	RemarkPinCount                        int                 `json:"remark_pin_count"`
	NextDate                              *time.Time          `json:"next_date"`
	PredictedNextDate                     *time.Time          `json:"predicted_next_date"`
	TimeCarApp                            *time.Time          `json:"time_car_app"`
	IsPinned                              bool                `json:"is_pinned"`
	IsPinnedManually                      bool                `json:"is_pinned_manually"`
	StatusOverride                        int                 `json:"status_override"`
	CarInShop                             *time.Time          `json:"car_in_shop"`
	CarInShopEdited                       bool                `json:"car_in_shop_edited"`
	CarOutOfShop                          *time.Time          `json:"car_out_of_shop"`
	CarOutOfShopEdited                    bool                `json:"car_out_of_shop_edited"`
	DueIn                                 *time.Time          `json:"due_in"`
	CarReturnTime                         *time.Time          `json:"car_return_time"`
	CarReturnTimeEdited                   bool                `json:"car_return_time_edited"`
	DMSBilledUpdated                      bool                `json:"dms_billed_updated"`
	CheckInComSent                        bool                `json:"check_in_com_sent"`
	CheckInComAnswered                    bool                `json:"check_in_com_answered"`
	CheckInComToHandle                    bool                `json:"check_in_com_to_handle"`
	LastDMSUpdate                         *time.Time          `json:"last_dms_update"`
	LastDMSRefresh                        *time.Time          `json:"last_dms_refresh"`
	Internal                              bool                `json:"internal"`
	HasPanic                              bool                `json:"has_panic"`
	CreatedBy                             string              `json:"created_by"`
	KeyDroppedAt                          *time.Time          `json:"key_dropped_at"`
	KeyDroppedIn                          string              `json:"key_dropped_in"`
	KeyPickedUpAt                         *time.Time          `json:"key_picked_up_at"`
	KeyPickedUpByID                       *int                `json:"key_picked_up_by_id"`
	KeyDroppedBackAt                      *time.Time          `json:"key_dropped_back_at"`
	KeyDroppedBackByID                    *int                `json:"key_dropped_back_by_id"`
	KeyDroppedBackIn                      string              `json:"key_dropped_back_in"`
	KeyPickedUpBackAt                     *time.Time          `json:"key_picked_up_back_at"`
	KeyPickedUpBackByID                   *int                `json:"key_picked_up_back_by_id"`
	AcsesKeyDropIn                        string              `json:"acses_key_drop_in"`
	AcsesKeyDroppedAt                     *time.Time          `json:"acses_key_dropped_at"`
	AcsesKeyPickUpByID                    *int                `json:"acses_key_pick_up_by_id"`
	AcsesKeyPickedUpAt                    *time.Time          `json:"acses_key_picked_up_at"`
	AcsesKeyDropBackByID                  *int                `json:"acses_key_drop_back_by_id"`
	AcsesKeyDropBackIn                    string              `json:"acses_key_drop_back_in"`
	AcsesKeyDroppedBackAt                 *time.Time          `json:"acses_key_dropped_back_at"`
	AcsesKeyAssistPickUpByID              *int                `json:"acses_key_assist_pick_up_by_id"`
	AcsesKeyPickedUpBackAt                *time.Time          `json:"acses_key_picked_up_back_at"`
	ShareboxKeyDroppedAt                  *time.Time          `json:"sharebox_key_dropped_at"`
	ShareboxKeyDroppedInCabinetID         int                 `json:"sharebox_key_dropped_in_cabinet_id"`
	ShareboxKeyDroppedInReservationID     int                 `json:"sharebox_key_dropped_in_reservation_id"`
	ShareboxKeyDroppedInLockerNo          int                 `json:"sharebox_key_dropped_in_locker_no"`
	ShareboxKeyDroppedInLocation          string              `json:"sharebox_key_dropped_in_location"`
	ShareboxKeyPickedUpAt                 *time.Time          `json:"sharebox_key_picked_up_at"`
	ShareboxKeyPickedUpByID               *int                `json:"sharebox_key_picked_up_by_id"`
	ShareboxKeyDroppedBackAt              *time.Time          `json:"sharebox_key_dropped_back_at"`
	ShareboxKeyDroppedBackByID            *int                `json:"sharebox_key_dropped_back_by_id"`
	ShareboxKeyDroppedBackInCabinetID     int                 `json:"sharebox_key_dropped_back_in_cabinet_id"`
	ShareboxKeyDroppedBackInReceiverID    int                 `json:"sharebox_key_dropped_back_in_receiver_id"`
	ShareboxKeyDroppedBackInReservationID int                 `json:"sharebox_key_dropped_back_in_reservation_id"`
	ShareboxKeyDroppedBackInLockerNo      int                 `json:"sharebox_key_dropped_back_in_locker_no"`
	ShareboxKeyDroppedBackInLocation      string              `json:"sharebox_key_dropped_back_in_location"`
	ShareboxKeyPickedUpBackAt             *time.Time          `json:"sharebox_key_picked_up_back_at"`
	ShareboxKeyPickedUpBackByID           *int                `json:"sharebox_key_picked_up_back_by_id"`
	KioskCheckedInAt                      *time.Time          `json:"kiosk_checked_in_at"`
	KioskLabelNumber                      *int                `json:"kiosk_label_number"`
	PlanningMechanicID                    *int                `json:"planning_mechanic_id"`
	PlanningWorkStart                     *time.Time          `json:"planning_work_start"`
	PlanningWorkStop                      *time.Time          `json:"planning_work_stop"`
	CustomerOwnerName                     string              `json:"customer_owner_name"`
	CustomerOwnerProfilePicture           string              `json:"customer_owner_profile_picture"`
	AssignedMechanic                      *int                `json:"assigned_mechanic"`
	AssignedMechanicOrder                 int                 `json:"assigned_mechanic_order"`
	LastAssignedMechanic                  *int                `json:"last_assigned_mechanic"`
	OneiPlanningMechanicID                *int                `json:"onei_planning_mechanic_id"`
	OneiPlanningWorkStart                 *time.Time          `json:"onei_planning_work_start"`
	OneiPlanningWorkStop                  *time.Time          `json:"onei_planning_work_stop"`
	ExtraPartsListID                      *int                `json:"extra_parts_list_id"`
	ExtraCheckID                          *int                `json:"extra_check_id"`
	AppointmentStatusID                   *int                `json:"appointment_status_id"`
	CustomerDriverID                      *int                `json:"customer_driver_id"`
	CustomerOwnerID                       *int                `json:"customer_owner_id"`
	CustomerContractID                    *int                `json:"customer_contract_id"`
	DealerLocationID                      *int                `json:"dealer_location_id"`
	CarID                                 *int                `json:"car_id"`
	VIN                                   string              `json:"vin"`
	CarModel                              string              `json:"car_model"`
	CarMake                               string              `json:"car_make"`
	RegNumber                             string              `json:"reg_number"`
	RegNumberEscaped                      string              `json:"reg_number_escaped"`
	CurrentKM                             int                 `json:"current_km"`
	DMSKM                                 int                 `json:"dms_km"`
	NextKM                                int                 `json:"next_km"`
	CarAPKDate                            *time.Time          `json:"car_apk_date"`
	CarHUDate                             *time.Time          `json:"car_hu_date"`
	DriverInitials                        string              `json:"driver_initials"`
	DriverTitle                           string              `json:"driver_title"`
	DriverFirstname                       string              `json:"driver_firstname"`
	DriverSurname                         string              `json:"driver_surname"`
	ContractorInitials                    string              `json:"contractor_initials"`
	ContractorTitle                       string              `json:"contractor_title"`
	ContractorFirstname                   string              `json:"contractor_firstname"`
	ContractorSurname                     string              `json:"contractor_surname"`
	OwnerInitials                         string              `json:"owner_initials"`
	OwnerTitle                            string              `json:"owner_title"`
	OwnerFirstname                        string              `json:"owner_firstname"`
	OwnerSurname                          string              `json:"owner_surname"`
	Company                               string              `json:"company"`
	AppointmentStatusIdentifier           int                 `json:"appointment_status_identifier"`
	LastTimestamp                         *time.Time          `json:"last_timestamp"`
	LastUser                              string              `json:"last_user"`
	LastUserProfilePicture                string              `json:"last_user_profile_picture"`
	LastUserAt                            *time.Time          `json:"last_user_at"`
	NumApprovedItemsNotFixed              int                 `json:"num_approved_items_not_fixed"`
	HasDBB                                bool                `json:"has_dbb"`
	DBBAppointmentDate                    *time.Time          `json:"dbb_appointment_date"`
	CarCheckDBBStatus                     int                 `json:"car_check_dbb_status"`
	FinalCarCheckDBBStatus                int                 `json:"final_car_check_dbb_status"`
	DBBFileReference                      string              `json:"dbb_file_reference"`
	CheckInitiatorName                    string              `json:"check_initiator_name"`
	CheckInitiatorEmail                   string              `json:"check_initiator_email"`
	LastReceptionistName                  string              `json:"last_receptionist_name"`
	LastReceptionistProfilePicture        string              `json:"last_receptionist_profile_picture"`
	CustomerDriver                        *CustomerView       `json:"customer_driver"`
	CustomerOwner                         *CustomerView       `json:"customer_owner"`
	CustomerContract                      *CustomerView       `json:"customer_contract"`
	DealerLocation                        *DealerLocationView `json:"dealer_location"`
	Car                                   *CarView            `json:"car"`
	CarProfilePicture                     string              `json:"car_profile_picture"`
	Interventions                         []InterventionView  `json:"interventions"`
	CustomcomID                           *int                `json:"customcom_id"`
	CustomcomStatus                       int                 `json:"customcom_status"`
	CustomcomCorrectPhone                 string              `json:"customcom_correct_phone"`
	CustomcomCorrectEmail                 string              `json:"customcom_correct_email"`
	CustomcomCustomerID                   *int                `json:"customcom_customer_id"`
	// DiagnoseOverviewResults are the check results of the diagnose
	// overview (as the communication's own list); RepairOverviewResults
	// those of them the customer approved (status 2): the repair done for
	// them is the intervention each became (interventions, by
	// question_result_id).
	DiagnoseOverviewResults []CommunicationResultView `json:"diagnose_overview_results"`
	RepairOverviewResults   []CommunicationResultView `json:"repair_overview_results"`
	CommunicationNote       string                    `json:"communication_note"`
	DealerName              string                    `json:"dealer_name"`
	DealerCommercialName    string                    `json:"dealer_commercial_name"`
	LocationName            string                    `json:"location_name"`
	LocationPhone           string                    `json:"location_phone"`
	DomainName              string                    `json:"domain_name"`
	DMSCarID                string                    `json:"dms_car_id"`
	DMSDriverID             string                    `json:"dms_driver_id"`
	DMSOwnerID              string                    `json:"dms_owner_id"`
	DMSContractorID         string                    `json:"dms_contractor_id"`
	DMSRental               bool                      `json:"dms_rental"`
	IsCarInShop             bool                      `json:"is_car_in_shop"`
}

// CarView is the spec's Car Model.
type CarView struct {
	ID                        int        `json:"id"`
	IsTruck                   bool       `json:"is_truck"`
	Make                      string     `json:"make"`
	Model                     string     `json:"model"`
	Fuel                      string     `json:"fuel"`
	RegNr                     string     `json:"reg_nr"`
	RegNrEscaped              string     `json:"reg_nr_escaped"`
	VIN                       string     `json:"vin"`
	DMSNr                     string     `json:"dms_nr"`
	ProfilePicture            string     `json:"profile_picture"`
	EngineNr                  string     `json:"engine_nr"`
	DMSRegistration           *time.Time `json:"dms_registration"`
	RDWFirstRegistration      *time.Time `json:"rdw_first_registration"`
	RDWFirstRegistrationNL    *time.Time `json:"rdw_first_registration_nl"`
	RDWTypeGoedkeuringsNummer string     `json:"rdw_type_goedkeurings_nummer"`
	RDWType                   string     `json:"rdw_type"`
	RDWVariant                string     `json:"rdw_variant"`
	RDWUitvoering             string     `json:"rdw_uitvoering"`
	APKDateDMS                *time.Time `json:"apk_date_dms"`
	HUDateDMS                 *time.Time `json:"hu_date_dms"`
	WarrantyDateStart         *time.Time `json:"warranty_date_start"`
	WarrantyDateEnd           *time.Time `json:"warranty_date_end"`
	ROBLeaseExpiration        *time.Time `json:"rob_lease_expiration"`
	MCCStatus                 int        `json:"mcc_status"`
	MCCStatusTime             *time.Time `json:"mcc_status_time"`
	HasDBB                    bool       `json:"has_dbb"`
	DBBAppointmentDate        *time.Time `json:"dbb_appointment_date"`
	AlignmentRecommended      bool       `json:"alignment_recommended"`
	DealerID                  *int       `json:"dealer_id"`
	DealerLocationID          *int       `json:"dealer_location_id"`
	AppointmentDates          *time.Time `json:"appointment_dates"`
	DMSDriverID               string     `json:"dms_driver_id"`
	DMSOwnerID                string     `json:"dms_owner_id"`
	DMSContractorID           string     `json:"dms_contractor_id"`
}

// CustomerView is the spec's Customer Model.
type CustomerView struct {
	ID                            int        `json:"id"`
	MetaDMSNr                     string     `json:"meta_dms_nr"`
	DMSNr                         string     `json:"dms_nr"`
	LastAppointmentDate           *time.Time `json:"last_appointment_date"`
	LastDisposalAt                *time.Time `json:"last_disposal_at"`
	Company                       string     `json:"company"`
	IsLeaseCompany                bool       `json:"is_lease_company"`
	IsInternal                    bool       `json:"is_internal"`
	IsInternalEdited              bool       `json:"is_internal_edited"`
	Passant                       bool       `json:"passant"`
	Title                         string     `json:"title"`
	Initials                      string     `json:"initials"`
	FirstName                     string     `json:"first_name"`
	Surname                       string     `json:"surname"`
	Street                        string     `json:"street"`
	HouseNr                       string     `json:"house_nr"`
	Postcode                      string     `json:"postcode"`
	Place                         string     `json:"place"`
	Country                       string     `json:"country"`
	BlockCommunication            bool       `json:"block_communication"`
	PreferredCommunicationChannel int        `json:"preferred_communication_channel"`
	EmailPrivate                  string     `json:"email_private"`
	EmailBusiness                 string     `json:"email_business"`
	TelBusinessNr                 string     `json:"tel_business_nr"`
	TelPrivateNr                  string     `json:"tel_private_nr"`
	TelMobilePrivate              string     `json:"tel_mobile_private"`
	TelMobileBusiness             string     `json:"tel_mobile_business"`
	Birthday                      *time.Time `json:"birthday"`
	DealerLocationID              *int       `json:"dealer_location_id"`
	DealerID                      *int       `json:"dealer_id"`
}

// DealerLocationView is the spec's DealerLocation Model.
type DealerLocationView struct {
	ID                                          int        `json:"id"`
	DMSID                                       int        `json:"dms_id"`
	DMSWriteBack                                bool       `json:"dms_write_back"`
	UpgradeCarWithRDW                           bool       `json:"upgrade_car_with_rdw"`
	DMSLocationSource                           string     `json:"dms_location_source"`
	KeepImportingAfterWorkStarted               bool       `json:"keep_importing_after_work_started"`
	Active                                      bool       `json:"active"`
	Name                                        string     `json:"name"`
	CommercialName                              string     `json:"commercial_name"`
	Headline                                    string     `json:"headline"`
	Footerline                                  string     `json:"footerline"`
	Logo                                        string     `json:"logo"`
	CompanyStamp                                string     `json:"company_stamp"`
	LanguageCode                                string     `json:"language_code"`
	VAT                                         float64    `json:"vat"`
	IncludeVAT                                  bool       `json:"include_vat"`
	ImporterVersion                             string     `json:"importer_version"`
	SummerAThreshold                            float64    `json:"summer_a_threshold"`
	SummerNThreshold                            float64    `json:"summer_n_threshold"`
	WinterAThreshold                            float64    `json:"winter_a_threshold"`
	WinterNThreshold                            float64    `json:"winter_n_threshold"`
	AllSeasonAThreshold                         float64    `json:"all_season_a_threshold"`
	AllSeasonNThreshold                         float64    `json:"all_season_n_threshold"`
	TruckTyreAThreshold                         float64    `json:"truck_tyre_a_threshold"`
	TruckTyreNThreshold                         float64    `json:"truck_tyre_n_threshold"`
	CarReadyBtnVisible                          bool       `json:"car_ready_btn_visible"`
	APKVisible                                  bool       `json:"apk_visible"`
	HUVisible                                   bool       `json:"hu_visible"`
	DateVisible                                 bool       `json:"date_visible"`
	AcceptNetworkMetrics                        bool       `json:"accept_network_metrics"`
	LastImportAt                                *time.Time `json:"last_import_at"`
	Street                                      string     `json:"street"`
	PostalCode                                  string     `json:"postal_code"`
	City                                        string     `json:"city"`
	Country                                     string     `json:"country"`
	PhoneNr                                     string     `json:"phone_nr"`
	DealerID                                    *int       `json:"dealer_id"`
	ExtraPartsListID                            *int       `json:"extra_parts_list_id"`
	DefaultCustomer                             string     `json:"default_customer"`
	DpDriverVisible                             bool       `json:"dp_driver_visible"`
	DpContractorVisible                         bool       `json:"dp_contractor_visible"`
	DpOwnerVisible                              bool       `json:"dp_owner_visible"`
	UnpinAppointmentsOnIsBilled                 bool       `json:"unpin_appointments_on_is_billed"`
	UnpinAppointmentsOnCarOutOfShop             bool       `json:"unpin_appointments_on_car_out_of_shop"`
	UnpinPastAppointmentsOlderThan              int        `json:"unpin_past_appointments_older_than"`
	UnpinFutureAppointmentsFurtherThan          int        `json:"unpin_future_appointments_further_than"`
	PinVisible                                  bool       `json:"pin_visible"`
	VideoEnabled                                bool       `json:"video_enabled"`
	ScheduleEnabled                             bool       `json:"schedule_enabled"`
	FirstNameOptional                           bool       `json:"first_name_optional"`
	DiagnoseStatusVisible                       bool       `json:"diagnose_status_visible"`
	MCCButtonVisible                            bool       `json:"mcc_button_visible"`
	IsRobnetEnabled                             bool       `json:"is_robnet_enabled"`
	CustomerCommunicationVisible                bool       `json:"customer_communication_visible"`
	FleetNrVisible                              bool       `json:"fleet_nr_visible"`
	ServiceBoxVisibleOnCar                      bool       `json:"service_box_visible_on_car"`
	ServiceBoxVisibleOnWO                       bool       `json:"service_box_visible_on_wo"`
	DBBEnabled                                  bool       `json:"dbb_enabled"`
	IPAddressEnabled                            bool       `json:"ip_address_enabled"`
	DMSPriceEnabled                             bool       `json:"dms_price_enabled"`
	DMSBillingEnabled                           bool       `json:"dms_billing_enabled"`
	DMSWarrantyPin                              bool       `json:"dms_warranty_pin"`
	ThirdPartySendCommunications                bool       `json:"third_party_send_communications"`
	OnlineCheckInEnabled                        bool       `json:"online_check_in_enabled"`
	DeskCheckInEnabled                          bool       `json:"desk_check_in_enabled"`
	IsOpenDeskCheckoutOnCarOutOfShopEnabled     bool       `json:"is_open_desk_checkout_on_car_out_of_shop_enabled"`
	DiagnoseOverviewEnabled                     bool       `json:"diagnose_overview_enabled"`
	RepairOverviewEnabled                       bool       `json:"repair_overview_enabled"`
	DefaultCustomerOkForDMSLeaseIntervention    bool       `json:"default_customer_ok_for_dms_lease_intervention"`
	KeyloopBusinessUnit                         string     `json:"keyloop_business_unit"`
	IsKeyloopEventEnabled                       bool       `json:"is_keyloop_event_enabled"`
	AppointmentDetailUsersIndicatorEnabled      bool       `json:"appointment_detail_users_indicator_enabled"`
	IsEmployeeNameVisible                       bool       `json:"is_employee_name_visible"`
	IsCarInShopPrintEnabled                     bool       `json:"is_car_in_shop_print_enabled"`
	IsKeyLockerEnabled                          bool       `json:"is_key_locker_enabled"`
	IsTyreTeamEnabled                           bool       `json:"is_tyre_team_enabled"`
	IsTyreTeamAutofillPriceRefOnOrder           bool       `json:"is_tyre_team_autofill_price_ref_on_order"`
	IsTireScannerEnabled                        bool       `json:"is_tire_scanner_enabled"`
	IsEditingQuestionVideosEnabled              bool       `json:"is_editing_question_videos_enabled"`
	AutomaticallyPinAppointments                bool       `json:"automatically_pin_appointments"`
	IsManuallyPinningAppointmentsEnabled        bool       `json:"is_manually_pinning_appointments_enabled"`
	IsAutomaticallyPinnedAppointmentsReadonly   bool       `json:"is_automatically_pinned_appointments_readonly"`
	IsDayplannerEnabled                         bool       `json:"is_dayplanner_enabled"`
	AutomaticallyAssignWOWhenCheckStarted       bool       `json:"automatically_assign_wo_when_check_started"`
	AutomaticallyAssignWOWhenInterventionFixed  bool       `json:"automatically_assign_wo_when_intervention_fixed"`
	RecurringCarDuration                        int        `json:"recurring_car_duration"`
	AutomaticAppointmentRefreshInterval         int        `json:"automatic_appointment_refresh_interval"`
	PlanItPlanningEstablishmentID               *int       `json:"plan_it_planning_establishment_id"`
	WebClockOmgevingID                          *int       `json:"web_clock_omgeving_id"`
	IsWarrantyPinSupportWarningEnabled          bool       `json:"is_warranty_pin_support_warning_enabled"`
	IsWarrantyPinClaimWarningEnabled            bool       `json:"is_warranty_pin_claim_warning_enabled"`
	IsRecallPinSupportWarningEnabled            bool       `json:"is_recall_pin_support_warning_enabled"`
	IsRecallPinClaimWarningEnabled              bool       `json:"is_recall_pin_claim_warning_enabled"`
	IsWarrantyPinSignatureMissingWarningEnabled bool       `json:"is_warranty_pin_signature_missing_warning_enabled"`
	EVHCExportEnabled                           bool       `json:"evhc_export_enabled"`
	EVHCPrimaryCode                             string     `json:"evhc_primary_code"`
	EVHCSecondaryCode                           string     `json:"evhc_secondary_code"`
	IsCustomerAnsweredCheckInMandatory          bool       `json:"is_customer_answered_check_in_mandatory"`
	IsNextKmAndNextDateOptional                 bool       `json:"is_next_km_and_next_date_optional"`
	HideNextKmAndNextDate                       bool       `json:"hide_next_km_and_next_date"`
	IsShareboxEnabled                           bool       `json:"is_sharebox_enabled"`
	IsKioskEnabled                              bool       `json:"is_kiosk_enabled"`
	IsAcsesEnabled                              bool       `json:"is_acses_enabled"`
	CheckInDaysPrior                            int        `json:"check_in_days_prior"`
	SendParkingGateCode                         bool       `json:"send_parking_gate_code"`
	DealerName                                  string     `json:"dealer_name"`
	DMSCapabilityIDs                            []int      `json:"dms_capability_ids"`
	LastDMSUpdate                               *time.Time `json:"last_dms_update"`
	AutoUnpinAppointmentStatuses                []int      `json:"auto_unpin_appointment_statuses"`
	HasAutoflexPassword                         bool       `json:"has_autoflex_password"`
	HasShareboxApiClientSecret                  bool       `json:"has_sharebox_api_client_secret"`
	HasShareboxWeblinkAccessKey                 bool       `json:"has_sharebox_weblink_access_key"`
	HasShareboxPrivateKey                       bool       `json:"has_sharebox_private_key"`
	HasDBBPassword                              bool       `json:"has_dbb_password"`
	HasRobnetApiKey                             bool       `json:"has_robnet_api_key"`
	HasAcsesPassword                            bool       `json:"has_acses_password"`
	// TimeZone is the workshop's IANA time zone (ours, not the spec's): the
	// page and the PDF show every time in it, whatever the reader's device says.
	TimeZone string `json:"time_zone"`
}

// InterventionView is the spec's Intervention Model.
type InterventionView struct {
	ID                          int                              `json:"id"`
	DMSNr                       string                           `json:"dms_nr"`
	Title                       string                           `json:"title"`
	Description                 string                           `json:"description"`
	Price                       float64                          `json:"price"`
	DMSPriceEdited              bool                             `json:"dms_price_edited"`
	DMSDeleted                  bool                             `json:"dms_deleted"`
	MechanicNotes               string                           `json:"mechanic_notes"`
	Pinned                      bool                             `json:"pinned"`
	Snoozed                     bool                             `json:"snoozed"`
	IsDeclinedByCustomer        bool                             `json:"is_declined_by_customer"`
	IsSignedByCustomer          bool                             `json:"is_signed_by_customer"`
	Status                      int                              `json:"status"`
	SolutionValue               string                           `json:"solution_value"`
	SolutionUnit                string                           `json:"solution_unit"`
	SolutionType                string                           `json:"solution_type"`
	MechanicFixed               bool                             `json:"mechanic_fixed"`
	CustomerOK                  bool                             `json:"customer_ok"`
	IsLocal                     bool                             `json:"is_local"`
	IsMaintenance               bool                             `json:"is_maintenance"`
	IsInternalInDMS             bool                             `json:"is_internal_in_dms"`
	IsWarrantyInDMS             bool                             `json:"is_warranty_in_dms"`
	VisibleToCustomer           bool                             `json:"visible_to_customer"`
	AppointmentID               *int                             `json:"appointment_id"`
	QuestionResultID            *int                             `json:"question_result_id"`
	IsKeyloop                   bool                             `json:"is_keyloop"`
	CheckInRemarkID             *int                             `json:"check_in_remark_id"`
	DiagnoseOverviewRemarkID    *int                             `json:"diagnose_overview_remark_id"`
	CheckInResultID             *int                             `json:"check_in_result_id"`
	DealerLocationID            *int                             `json:"dealer_location_id"`
	CommunicationResultStatus   int                              `json:"communication_result_status"`
	CheckInAttachments          []CheckInAttachmentView          `json:"check_in_attachments"`
	DiagnoseOverviewAttachments []DiagnoseOverviewAttachmentView `json:"diagnose_overview_attachments"`
	CarID                       *int                             `json:"car_id"`
	Elements                    []InterventionElementView        `json:"elements"`
	PinTypeID                   *int                             `json:"pin_type_id"`
	QuestionResultStatus        int                              `json:"question_result_status"`
	Attachments                 []InterventionAttachmentView     `json:"attachments"`
	DMSWONumber                 string                           `json:"dms_wo_number"`
}

// InterventionElementView is the spec's InterventionElement Model.
type InterventionElementView struct {
	ID                int     `json:"id"`
	DMSNr             string  `json:"dms_nr"`
	Description       string  `json:"description"`
	Price             float64 `json:"price"`
	Quantity          float64 `json:"quantity"`
	PrivateNote       string  `json:"private_note"`
	IsLocal           bool    `json:"is_local"`
	ElementType       int     `json:"element_type"`
	Status            int     `json:"status"`
	ParentDMSNr       string  `json:"parent_dms_nr"`
	InterventionID    *int    `json:"intervention_id"`
	InterventionDMSNr string  `json:"intervention_dms_nr"`
	DMSWONumber       string  `json:"dms_wo_number"`
}

// InterventionAttachmentView is the spec's InterventionAttachment Model.
type InterventionAttachmentView struct {
	ID             int    `json:"id"`
	URL            string `json:"url"`
	Type           string `json:"type"`
	Name           string `json:"name"`
	InterventionID *int   `json:"intervention_id"`
	UserID         *int   `json:"user_id"`
	AppointmentID  *int   `json:"appointment_id"`
}

// CheckInResultView is the spec's CheckInResult Model.
type CheckInResultView struct {
	ID                       int     `json:"id"`
	CustomerCommunicationID  *int    `json:"customer_communication_id"`
	Accepted                 bool    `json:"accepted"`
	ReceptionistHandled      bool    `json:"receptionist_handled"`
	TagID                    *int    `json:"tag_id"`
	NotificationEmail        string  `json:"notification_email"`
	Status                   int     `json:"status"`
	Reason                   string  `json:"reason"`
	MailgunMessageID         string  `json:"mailgun_message_id"`
	Name                     string  `json:"name"`
	Description              string  `json:"description"`
	Price                    float64 `json:"price"`
	InfoURL                  string  `json:"info_url"`
	HideForLeaseAppointments bool    `json:"hide_for_lease_appointments"`
	Visible                  bool    `json:"visible"`
	CanConvertToIntervention bool    `json:"can_convert_to_intervention"`
	AppointmentID            *int    `json:"appointment_id"`
}

// CheckInRemarkView is the spec's CheckInRemark Model.
type CheckInRemarkView struct {
	ID                      int                     `json:"id"`
	ReceptionistHandled     bool                    `json:"receptionist_handled"`
	CustomerCommunicationID *int                    `json:"customer_communication_id"`
	Title                   string                  `json:"title"`
	Description             string                  `json:"description"`
	CustomerName            string                  `json:"customer_name"`
	VisibleInDashboard      bool                    `json:"visible_in_dashboard"`
	VisibleToMechanic       bool                    `json:"visible_to_mechanic"`
	Attachments             []CheckInAttachmentView `json:"attachments"`
	AppointmentID           *int                    `json:"appointment_id"`
}

// CheckInAttachmentView is the spec's CheckInAttachment Model.
type CheckInAttachmentView struct {
	ID                      int    `json:"id"`
	URL                     string `json:"url"`
	Name                    string `json:"name"`
	CustomerCommunicationID *int   `json:"customer_communication_id"`
	CheckInRemarkID         *int   `json:"check_in_remark_id"`
}

// DiagnoseOverviewRemarkView is the spec's DiagnoseOverviewRemark Model.
type DiagnoseOverviewRemarkView struct {
	ID                      int                              `json:"id"`
	CustomerCommunicationID *int                             `json:"customer_communication_id"`
	Title                   string                           `json:"title"`
	Description             string                           `json:"description"`
	CustomerName            string                           `json:"customer_name"`
	ReceptionistHandled     bool                             `json:"receptionist_handled"`
	VisibleToMechanic       bool                             `json:"visible_to_mechanic"`
	Attachments             []DiagnoseOverviewAttachmentView `json:"attachments"`
	AppointmentID           *int                             `json:"appointment_id"`
}

// DiagnoseOverviewAttachmentView is the spec's DiagnoseOverviewAttachment Model.
type DiagnoseOverviewAttachmentView struct {
	ID                       int    `json:"id"`
	URL                      string `json:"url"`
	Name                     string `json:"name"`
	CustomerCommunicationID  *int   `json:"customer_communication_id"`
	DiagnoseOverviewRemarkID *int   `json:"diagnose_overview_remark_id"`
}

// CommunicationResultView is the spec's CommunicationResult Model.
type CommunicationResultView struct {
	QuestionResultID        *int    `json:"question_result_id"`
	CustomerCommunicationID *int    `json:"customer_communication_id"`
	DeskCommunicationID     *int    `json:"desk_communication_id"`
	Status                  int     `json:"status"`
	CheckID                 *int    `json:"check_id"`
	ChecklistType           int     `json:"checklist_type"`
	ChecklistName           string  `json:"checklist_name"`
	ChecklistOrder          int     `json:"checklist_order"`
	GroupName               string  `json:"group_name"`
	GroupOrder              int     `json:"group_order"`
	QuestionOrder           int     `json:"question_order"`
	Title                   string  `json:"title"`
	Price                   float64 `json:"price"`
	MechanicFixed           bool    `json:"mechanic_fixed"`
	MechanicNotes           string  `json:"mechanic_notes"`
	QuestionStatus          int     `json:"question_status"`
	CustomerApproved        bool    `json:"customer_approved"`
	TyreID                  *int    `json:"tyre_id"`
	TyreProfile             float64 `json:"tyre_profile"`
	TyrePosition            int     `json:"tyre_position"`
	// The options the mechanic ticked, and the result's photos and videos
	// (active ones; videos also visible; oldest first), their URLs signed
	// when read: what the customer sees of the result beside its notes.
	QuestionOptions []QuestionOptionView      `json:"question_options"`
	Images          []QuestionResultImageView `json:"images"`
	Videos          []QuestionResultVideoView `json:"videos"`
}

// QuestionOptionView is the spec's QuestionOption Model. Pitstop keeps a
// result's options by name (the mechanic's ticked ones, so value is true);
// they have no ID of their own, so id is the option's place in the list,
// from 1.
type QuestionOptionView struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Value bool   `json:"value"`
}

// QuestionResultImageView is the spec's QuestionResultImage Model: url is
// an attachment URL, signed at each read like the customer's own uploads.
// Pitstop takes no final-check photos and ties none to an intervention:
// is_final_check is false, intervention_index 0.
type QuestionResultImageView struct {
	ID                int    `json:"id"`
	URL               string `json:"url"`
	Active            bool   `json:"active"`
	VisibleInPDF      bool   `json:"visible_in_pdf"`
	IsFinalCheck      bool   `json:"is_final_check"`
	InterventionIndex int    `json:"intervention_index"`
	TyrePosition      int    `json:"tyre_position"`
	QuestionResultID  int    `json:"question_result_id"`
}

// QuestionResultVideoView is the spec's QuestionResultVideo Model (as the
// image: is_final_check false, intervention_index 0).
type QuestionResultVideoView struct {
	ID                int    `json:"id"`
	URL               string `json:"url"`
	Active            bool   `json:"active"`
	Visible           bool   `json:"visible"`
	IsFinalCheck      bool   `json:"is_final_check"`
	InterventionIndex int    `json:"intervention_index"`
	QuestionResultID  int    `json:"question_result_id"`
}

// AgreementFlags say in which communications an agreement is shown and
// where it is optional (model CommunicationAgreement): one list for the
// customer's view of an agreement and the admin's.
type AgreementFlags struct {
	OptionalOnlineCheckIn    bool `json:"optional_online_check_in"`
	OptionalKioskCheckIn     bool `json:"optional_kiosk_check_in"`
	OptionalKeyLockerCheckIn bool `json:"optional_key_locker_check_in"`
	OptionalDeskCheckIn      bool `json:"optional_desk_check_in"`
	OptionalDeskCheckOut     bool `json:"optional_desk_check_out"`
	OptionalCustomcom        bool `json:"optional_customcom"`
	VisibleOnlineCheckIn     bool `json:"visible_online_check_in"`
	VisibleKioskCheckIn      bool `json:"visible_kiosk_check_in"`
	VisibleKeyLockerCheckIn  bool `json:"visible_key_locker_check_in"`
	VisibleDeskCheckIn       bool `json:"visible_desk_check_in"`
	VisibleDeskCheckOut      bool `json:"visible_desk_check_out"`
	VisibleCustomcom         bool `json:"visible_customcom"`
}

// FlagsOf are a's flags.
func FlagsOf(a *ent.CommunicationAgreement) AgreementFlags {
	return AgreementFlags{OptionalOnlineCheckIn: a.OptionalOnlineCheckIn, OptionalKioskCheckIn: a.OptionalKioskCheckIn,
		OptionalKeyLockerCheckIn: a.OptionalKeyLockerCheckIn, OptionalDeskCheckIn: a.OptionalDeskCheckIn,
		OptionalDeskCheckOut: a.OptionalDeskCheckOut, OptionalCustomcom: a.OptionalCustomcom,
		VisibleOnlineCheckIn: a.VisibleOnlineCheckIn, VisibleKioskCheckIn: a.VisibleKioskCheckIn,
		VisibleKeyLockerCheckIn: a.VisibleKeyLockerCheckIn, VisibleDeskCheckIn: a.VisibleDeskCheckIn,
		VisibleDeskCheckOut: a.VisibleDeskCheckOut, VisibleCustomcom: a.VisibleCustomcom}
}

// AgreementView is the spec's CommunicationAgreement Model.
type AgreementView struct {
	ID       int    `json:"id"`
	Name     string `json:"name"`
	Text     string `json:"text"`
	DealerID *int   `json:"dealer_id"`
	ParentID *int   `json:"parent_id"`
	Deleted  bool   `json:"deleted"`
	AgreementFlags
	Accepted                         bool `json:"accepted"`
	CustomerCommunicationAgreementID *int `json:"customer_communication_agreement_id"`
	CommunicationEventID             *int `json:"communication_event_id"`
	DeskCommunicationID              *int `json:"desk_communication_id"`
	KeyLockerCommunicationID         *int `json:"key_locker_communication_id"`
	KioskCommunicationID             *int `json:"kiosk_communication_id"`
	CustomerCommunicationID          *int `json:"customer_communication_id"`
	AppointmentID                    *int `json:"appointment_id"`
}

// EventView is the spec's CommunicationEvent Model.
type EventView struct {
	ID                      int    `json:"id"`
	Type                    int    `json:"type"`
	IP                      string `json:"ip"`
	KeyLockerPINSent        bool   `json:"key_locker_pin_sent"`
	UserID                  *int   `json:"user_id"`
	CustomerCommunicationID *int   `json:"customer_communication_id"`
	CustomerID              *int   `json:"customer_id"`
	CustomerName            string `json:"customer_name"`
	CustomerSignature       string `json:"customer_signature"`
	IsParkingGateCodeSent   bool   `json:"is_parking_gate_code_sent"`
	AppointmentID           *int   `json:"appointment_id"`
	MailgunMessageID        string `json:"mailgun_message_id"`
	EventListsView
}

// EventListsView are the spec's CommunicationEvent Model's lists, each []
// when the event has none: the decisions the customer answered with it per
// intervention (v2 answer) and per check result (v1 answer: agreed = fix,
// declined = do not fix, contact = contact me), and the agreements accepted
// with it. The model's receivers (the messages the event sent: the
// customer's addresses, provider message IDs, delivery states that change
// with every provider callback) are served to staff
// (GET /v1/appointments/{id}/events), not in the customer's document; nor
// are its User and Customer, which the document carries at its top level.
type EventListsView struct {
	InterventionResults             []InterventionResultView `json:"intervention_results"`
	Agreements                      []AgreementView          `json:"agreements"`
	DiagnoseOverviewAgreedResults   []DiagnoseResultView     `json:"diagnose_overview_agreed_results"`
	DiagnoseOverviewDeclinedResults []DiagnoseResultView     `json:"diagnose_overview_declined_results"`
	DiagnoseOverviewContactResults  []DiagnoseResultView     `json:"diagnose_overview_contact_results"`
}

// InterventionResultView is the spec's CustomerCommunicationIntervention
// Model: an intervention as the customer saw it and their decision.
type InterventionResultView struct {
	ID                        int     `json:"id"`
	Title                     string  `json:"title"`
	Description               string  `json:"description"`
	Price                     float64 `json:"price"`
	VAT                       float64 `json:"vat"`
	CommunicationResultStatus int     `json:"communication_result_status"`
	InterventionID            int     `json:"intervention_id"`
	CommunicationEventID      int     `json:"communication_event_id"`
	AppointmentID             int     `json:"appointment_id"`
}

// DiagnoseResultView is the spec's DiagnoseOverviewAgreedResult,
// DiagnoseOverviewDeclinedResult and DiagnoseOverviewContactResult Model
// (the three have the same fields): a check result as the customer saw it.
type DiagnoseResultView struct {
	ID                   int     `json:"id"`
	Title                string  `json:"title"`
	MechanicNotes        string  `json:"mechanic_notes"`
	Price                float64 `json:"price"`
	VAT                  float64 `json:"vat"`
	CommunicationEventID int     `json:"communication_event_id"`
	AppointmentID        int     `json:"appointment_id"`
}

// SettingView is the spec's CommunicationSetting Model.
type SettingView struct {
	ID                                          int     `json:"id"`
	Color                                       string  `json:"color"`
	Logo                                        string  `json:"logo"`
	WelcomeText                                 string  `json:"welcome_text"`
	WelcomePicture                              string  `json:"welcome_picture"`
	SuccessText                                 string  `json:"success_text"`
	CarReadyWelcomeText                         string  `json:"car_ready_welcome_text"`
	CheckinWelcomeText                          string  `json:"checkin_welcome_text"`
	CheckinSuccessText                          string  `json:"checkin_success_text"`
	Layout                                      int     `json:"layout"`
	DiagnoseOverviewRemarksEnabled              bool    `json:"diagnose_overview_remarks_enabled"`
	CheckInRemarksEnabled                       bool    `json:"check_in_remarks_enabled"`
	PhoneNumber                                 string  `json:"phone_number"`
	Email                                       string  `json:"email"`
	DealerLocationID                            *int    `json:"dealer_location_id"`
	SupportEnabled                              bool    `json:"support_enabled"`
	SupportText                                 string  `json:"support_text"`
	CheckInDaysPrior                            int     `json:"check_in_days_prior"`
	OnlineCheckInSendPIN                        bool    `json:"online_check_in_send_pin"`
	SendParkingGateCode                         bool    `json:"send_parking_gate_code"`
	OnlineCheckinNameVisible                    bool    `json:"online_checkin_name_visible"`
	DiagnoseOverviewNameVisible                 bool    `json:"diagnose_overview_name_visible"`
	CheckInTestingMode                          bool    `json:"check_in_testing_mode"`
	CounterTabletHomeURL                        string  `json:"counter_tablet_home_url"`
	DiagnoseCCTestingMode                       bool    `json:"diagnose_cc_testing_mode"`
	RepairCCTestingMode                         bool    `json:"repair_cc_testing_mode"`
	Website                                     string  `json:"website"`
	ReportTemplateID                            *int    `json:"report_template_id"`
	HeadingPosition                             int     `json:"heading_position"`
	SendConfirmationEmails                      bool    `json:"send_confirmation_emails"`
	EnableNotFixedAdvised                       bool    `json:"enable_not_fixed_advised"`
	EnableNotFixedCritical                      bool    `json:"enable_not_fixed_critical"`
	SkipOptionalItems                           bool    `json:"skip_optional_items"`
	HideLeaseInterventionPrice                  bool    `json:"hide_lease_intervention_price"`
	HideInternalInterventionPrice               bool    `json:"hide_internal_intervention_price"`
	HideWarrantyInterventionPrice               bool    `json:"hide_warranty_intervention_price"`
	HidePricesInDeskCommunication               bool    `json:"hide_prices_in_desk_communication"`
	BlockAutomatedCommunicationForLeaseCustomer bool    `json:"block_automated_communication_for_lease_customer"`
	IsSMSForOnlineCheckInEnabled                bool    `json:"is_sms_for_online_check_in_enabled"`
	IsCustomerNameInKioskCheckinEnabled         bool    `json:"is_customer_name_in_kiosk_checkin_enabled"`
	IsCustomerSignatureInKioskCheckinEnabled    bool    `json:"is_customer_signature_in_kiosk_checkin_enabled"`
	ExternalJS                                  string  `json:"external_js"`
	ExternalCSS                                 string  `json:"external_css"`
	GoogleAnalyticsID                           string  `json:"google_analytics_id"`
	DisplayInterventionElements                 bool    `json:"display_intervention_elements"`
	LanguageCode                                string  `json:"language_code"`
	VAT                                         float64 `json:"vat"`
	IncludeVAT                                  bool    `json:"include_vat"`
	DMSPriceEnabled                             bool    `json:"dms_price_enabled"`
	TotalPDFEnabled                             bool    `json:"total_pdf_enabled"`
	DealerName                                  string  `json:"dealer_name"`
	LocationName                                string  `json:"location_name"`
	LocationStreet                              string  `json:"location_street"`
	LocationPostalCode                          string  `json:"location_postal_code"`
	LocationCity                                string  `json:"location_city"`
	LocationCountry                             string  `json:"location_country"`
	Headline                                    string  `json:"headline"`
	SummerAThreshold                            float64 `json:"summer_a_threshold"`
	SummerNThreshold                            float64 `json:"summer_n_threshold"`
	WinterAThreshold                            float64 `json:"winter_a_threshold"`
	WinterNThreshold                            float64 `json:"winter_n_threshold"`
	AllSeasonAThreshold                         float64 `json:"all_season_a_threshold"`
	AllSeasonNThreshold                         float64 `json:"all_season_n_threshold"`
	MechanicName                                string  `json:"mechanic_name"`
	ShowMechanicName                            bool    `json:"show_mechanic_name"`
	IsEmployeeNameVisible                       bool    `json:"is_employee_name_visible"`
	HasMultipleCommunicationChannels            bool    `json:"has_multiple_communication_channels"`
	IsAcsesEnabled                              bool    `json:"is_acses_enabled"`
	MaintenanceMode                             bool    `json:"maintenance_mode"`
}

// CommunicationView is the former name of CommunicationRead (tests in e2e use it).
type CommunicationView = CommunicationRead
