package staff

// The staff endpoints' views of the read model: the API's own types, mapped
// at the edge from the ent rows, so a schema change never changes a response
// by accident (a new column stays out until it is added here). Field names
// and shapes are what these endpoints have always answered (the rows' JSON,
// edges included); TestViewsKeepTheirShape checks that.

import (
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// StaffAppointmentView is an Appointment as staff see it.
type StaffAppointmentView struct {
	ID                            int                       `json:"id,omitempty"`
	CreatedAt                     time.Time                 `json:"created_at,omitempty"`
	UpdatedAt                     time.Time                 `json:"updated_at,omitempty"`
	DealerLocationID              int                       `json:"dealer_location_id,omitempty"`
	CarID                         int                       `json:"car_id,omitempty"`
	CustomerDriverID              int                       `json:"customer_driver_id,omitempty"`
	CustomerOwnerID               int                       `json:"customer_owner_id,omitempty"`
	CustomerContractID            int                       `json:"customer_contract_id,omitempty"`
	DmsNr                         string                    `json:"dms_nr,omitempty"`
	DmsCreatedAt                  *time.Time                `json:"dms_created_at,omitempty"`
	WoNr                          string                    `json:"wo_nr,omitempty"`
	RefNr                         string                    `json:"ref_nr,omitempty"`
	ImporterVersion               string                    `json:"importer_version,omitempty"`
	DmsStatus                     string                    `json:"dms_status,omitempty"`
	TimeCarApp                    time.Time                 `json:"time_car_app,omitempty"`
	DueIn                         *time.Time                `json:"due_in,omitempty"`
	CarReturnTime                 *time.Time                `json:"car_return_time,omitempty"`
	CarReturnTimeEdited           bool                      `json:"car_return_time_edited,omitempty"`
	CarInShop                     *time.Time                `json:"car_in_shop,omitempty"`
	CarInShopEdited               bool                      `json:"car_in_shop_edited,omitempty"`
	CarOutOfShop                  *time.Time                `json:"car_out_of_shop,omitempty"`
	CarOutOfShopEdited            bool                      `json:"car_out_of_shop_edited,omitempty"`
	NextDate                      *time.Time                `json:"next_date,omitempty"`
	CarApkDate                    *time.Time                `json:"car_apk_date,omitempty"`
	CarHuDate                     *time.Time                `json:"car_hu_date,omitempty"`
	CarCheckStarted               bool                      `json:"car_check_started,omitempty"`
	CustomerWaiting               bool                      `json:"customer_waiting,omitempty"`
	IsLocal                       bool                      `json:"is_local,omitempty"`
	IsMoney                       bool                      `json:"is_money,omitempty"`
	IsStar                        bool                      `json:"is_star,omitempty"`
	IsStarColor                   string                    `json:"is_star_color,omitempty"`
	IsShop                        bool                      `json:"is_shop,omitempty"`
	IsShopColor                   string                    `json:"is_shop_color,omitempty"`
	IsLeaseCompany                bool                      `json:"is_lease_company,omitempty"`
	IsPinned                      bool                      `json:"is_pinned,omitempty"`
	IsPinnedManually              bool                      `json:"is_pinned_manually,omitempty"`
	Internal                      bool                      `json:"internal,omitempty"`
	HasPanic                      bool                      `json:"has_panic,omitempty"`
	DmsBilledUpdated              bool                      `json:"dms_billed_updated,omitempty"`
	LastDmsUpdate                 *time.Time                `json:"last_dms_update,omitempty"`
	LastDmsRefresh                *time.Time                `json:"last_dms_refresh,omitempty"`
	Vin                           string                    `json:"vin,omitempty"`
	CarMake                       string                    `json:"car_make,omitempty"`
	CarModel                      string                    `json:"car_model,omitempty"`
	RegNumber                     string                    `json:"reg_number,omitempty"`
	RegNumberEscaped              string                    `json:"reg_number_escaped,omitempty"`
	CurrentKm                     int                       `json:"current_km,omitempty"`
	DmsKm                         int                       `json:"dms_km,omitempty"`
	NextKm                        int                       `json:"next_km,omitempty"`
	DriverInitials                string                    `json:"driver_initials,omitempty"`
	DriverTitle                   string                    `json:"driver_title,omitempty"`
	DriverFirstname               string                    `json:"driver_firstname,omitempty"`
	DriverSurname                 string                    `json:"driver_surname,omitempty"`
	OwnerInitials                 string                    `json:"owner_initials,omitempty"`
	OwnerTitle                    string                    `json:"owner_title,omitempty"`
	OwnerFirstname                string                    `json:"owner_firstname,omitempty"`
	OwnerSurname                  string                    `json:"owner_surname,omitempty"`
	ContractorInitials            string                    `json:"contractor_initials,omitempty"`
	ContractorTitle               string                    `json:"contractor_title,omitempty"`
	ContractorFirstname           string                    `json:"contractor_firstname,omitempty"`
	ContractorSurname             string                    `json:"contractor_surname,omitempty"`
	Company                       string                    `json:"company,omitempty"`
	DmsID                         enums.DMSID               `json:"dms_id,omitempty"`
	DmsKey                        *string                   `json:"dms_key,omitempty"`
	DmsHash                       string                    `json:"dms_hash,omitempty"`
	DmsLifecyclePending           string                    `json:"dms_lifecycle_pending,omitempty"`
	DmsCanceled                   bool                      `json:"dms_canceled,omitempty"`
	DmsKmWritten                  int                       `json:"dms_km_written,omitempty"`
	LifecycleStage                string                    `json:"lifecycle_stage,omitempty"`
	AppointmentStatusIdentifier   enums.StatusIdentifier    `json:"appointment_status_identifier,omitempty"`
	StatusOverride                enums.StatusOverride      `json:"status_override,omitempty"`
	CheckInComSent                bool                      `json:"check_in_com_sent,omitempty"`
	CheckInComAnswered            bool                      `json:"check_in_com_answered,omitempty"`
	CheckInComToHandle            bool                      `json:"check_in_com_to_handle,omitempty"`
	RemoteDiagnosisToHandle       bool                      `json:"remote_diagnosis_to_handle,omitempty"`
	CommunicationNote             string                    `json:"communication_note,omitempty"`
	CreatedBy                     string                    `json:"created_by,omitempty"`
	LastTimestamp                 time.Time                 `json:"last_timestamp,omitempty"`
	KeyDroppedAt                  *time.Time                `json:"key_dropped_at,omitempty"`
	KeyDroppedIn                  string                    `json:"key_dropped_in,omitempty"`
	KeyPickedUpAt                 *time.Time                `json:"key_picked_up_at,omitempty"`
	KeyPickedUpByID               *int                      `json:"key_picked_up_by_id,omitempty"`
	KeyDroppedBackAt              *time.Time                `json:"key_dropped_back_at,omitempty"`
	KeyDroppedBackByID            *int                      `json:"key_dropped_back_by_id,omitempty"`
	KeyDroppedBackIn              string                    `json:"key_dropped_back_in,omitempty"`
	KeyPickedUpBackAt             *time.Time                `json:"key_picked_up_back_at,omitempty"`
	KeyPickedUpBackByID           *int                      `json:"key_picked_up_back_by_id,omitempty"`
	AcsesKeyDropObjectID          string                    `json:"acses_key_drop_object_id,omitempty"`
	AcsesKeyDropBookingID         string                    `json:"acses_key_drop_booking_id,omitempty"`
	AcsesKeyDropIn                string                    `json:"acses_key_drop_in,omitempty"`
	AcsesKeyDroppedAt             *time.Time                `json:"acses_key_dropped_at,omitempty"`
	AcsesKeyPickUpBookingID       string                    `json:"acses_key_pick_up_booking_id,omitempty"`
	AcsesKeyPickUpByID            *int                      `json:"acses_key_pick_up_by_id,omitempty"`
	AcsesKeyPickedUpAt            *time.Time                `json:"acses_key_picked_up_at,omitempty"`
	AcsesKeyDropBackObjectID      string                    `json:"acses_key_drop_back_object_id,omitempty"`
	AcsesKeyDropBackBookingID     string                    `json:"acses_key_drop_back_booking_id,omitempty"`
	AcsesKeyDropBackByID          *int                      `json:"acses_key_drop_back_by_id,omitempty"`
	AcsesKeyDropBackIn            string                    `json:"acses_key_drop_back_in,omitempty"`
	AcsesKeyDroppedBackAt         *time.Time                `json:"acses_key_dropped_back_at,omitempty"`
	AcsesKeyPickUpBackBookingID   string                    `json:"acses_key_pick_up_back_booking_id,omitempty"`
	AcsesKeyAssistPickUpBookingID string                    `json:"acses_key_assist_pick_up_booking_id,omitempty"`
	AcsesKeyAssistPickUpByID      *int                      `json:"acses_key_assist_pick_up_by_id,omitempty"`
	AcsesKeyPickedUpBackAt        *time.Time                `json:"acses_key_picked_up_back_at,omitempty"`
	Edges                         StaffAppointmentViewEdges `json:"edges"`
}

// StaffAppointmentViewEdges are the relations a staff endpoint loads (empty otherwise).
type StaffAppointmentViewEdges struct {
}

func staffAppointmentView(e *ent.Appointment) StaffAppointmentView {
	v := StaffAppointmentView{
		ID:                            e.ID,
		CreatedAt:                     e.CreatedAt,
		UpdatedAt:                     e.UpdatedAt,
		DealerLocationID:              e.DealerLocationID,
		CarID:                         e.CarID,
		CustomerDriverID:              e.CustomerDriverID,
		CustomerOwnerID:               e.CustomerOwnerID,
		CustomerContractID:            e.CustomerContractID,
		DmsNr:                         e.DmsNr,
		DmsCreatedAt:                  e.DmsCreatedAt,
		WoNr:                          e.WoNr,
		RefNr:                         e.RefNr,
		ImporterVersion:               e.ImporterVersion,
		DmsStatus:                     e.DmsStatus,
		TimeCarApp:                    e.TimeCarApp,
		DueIn:                         e.DueIn,
		CarReturnTime:                 e.CarReturnTime,
		CarReturnTimeEdited:           e.CarReturnTimeEdited,
		CarInShop:                     e.CarInShop,
		CarInShopEdited:               e.CarInShopEdited,
		CarOutOfShop:                  e.CarOutOfShop,
		CarOutOfShopEdited:            e.CarOutOfShopEdited,
		NextDate:                      e.NextDate,
		CarApkDate:                    e.CarApkDate,
		CarHuDate:                     e.CarHuDate,
		CarCheckStarted:               e.CarCheckStarted,
		CustomerWaiting:               e.CustomerWaiting,
		IsLocal:                       e.IsLocal,
		IsMoney:                       e.IsMoney,
		IsStar:                        e.IsStar,
		IsStarColor:                   e.IsStarColor,
		IsShop:                        e.IsShop,
		IsShopColor:                   e.IsShopColor,
		IsLeaseCompany:                e.IsLeaseCompany,
		IsPinned:                      e.IsPinned,
		IsPinnedManually:              e.IsPinnedManually,
		Internal:                      e.Internal,
		HasPanic:                      e.HasPanic,
		DmsBilledUpdated:              e.DmsBilledUpdated,
		LastDmsUpdate:                 e.LastDmsUpdate,
		LastDmsRefresh:                e.LastDmsRefresh,
		Vin:                           e.Vin,
		CarMake:                       e.CarMake,
		CarModel:                      e.CarModel,
		RegNumber:                     e.RegNumber,
		RegNumberEscaped:              e.RegNumberEscaped,
		CurrentKm:                     e.CurrentKm,
		DmsKm:                         e.DmsKm,
		NextKm:                        e.NextKm,
		DriverInitials:                e.DriverInitials,
		DriverTitle:                   e.DriverTitle,
		DriverFirstname:               e.DriverFirstname,
		DriverSurname:                 e.DriverSurname,
		OwnerInitials:                 e.OwnerInitials,
		OwnerTitle:                    e.OwnerTitle,
		OwnerFirstname:                e.OwnerFirstname,
		OwnerSurname:                  e.OwnerSurname,
		ContractorInitials:            e.ContractorInitials,
		ContractorTitle:               e.ContractorTitle,
		ContractorFirstname:           e.ContractorFirstname,
		ContractorSurname:             e.ContractorSurname,
		Company:                       e.Company,
		DmsID:                         e.DmsID,
		DmsKey:                        e.DmsKey,
		DmsHash:                       e.DmsHash,
		DmsLifecyclePending:           e.DmsLifecyclePending,
		DmsCanceled:                   e.DmsCanceled,
		DmsKmWritten:                  e.DmsKmWritten,
		LifecycleStage:                e.LifecycleStage,
		AppointmentStatusIdentifier:   e.AppointmentStatusIdentifier,
		StatusOverride:                e.StatusOverride,
		CheckInComSent:                e.CheckInComSent,
		CheckInComAnswered:            e.CheckInComAnswered,
		CheckInComToHandle:            e.CheckInComToHandle,
		RemoteDiagnosisToHandle:       e.RemoteDiagnosisToHandle,
		CommunicationNote:             e.CommunicationNote,
		CreatedBy:                     e.CreatedBy,
		LastTimestamp:                 e.LastTimestamp,
		KeyDroppedAt:                  e.KeyDroppedAt,
		KeyDroppedIn:                  e.KeyDroppedIn,
		KeyPickedUpAt:                 e.KeyPickedUpAt,
		KeyPickedUpByID:               e.KeyPickedUpByID,
		KeyDroppedBackAt:              e.KeyDroppedBackAt,
		KeyDroppedBackByID:            e.KeyDroppedBackByID,
		KeyDroppedBackIn:              e.KeyDroppedBackIn,
		KeyPickedUpBackAt:             e.KeyPickedUpBackAt,
		KeyPickedUpBackByID:           e.KeyPickedUpBackByID,
		AcsesKeyDropObjectID:          e.AcsesKeyDropObjectID,
		AcsesKeyDropBookingID:         e.AcsesKeyDropBookingID,
		AcsesKeyDropIn:                e.AcsesKeyDropIn,
		AcsesKeyDroppedAt:             e.AcsesKeyDroppedAt,
		AcsesKeyPickUpBookingID:       e.AcsesKeyPickUpBookingID,
		AcsesKeyPickUpByID:            e.AcsesKeyPickUpByID,
		AcsesKeyPickedUpAt:            e.AcsesKeyPickedUpAt,
		AcsesKeyDropBackObjectID:      e.AcsesKeyDropBackObjectID,
		AcsesKeyDropBackBookingID:     e.AcsesKeyDropBackBookingID,
		AcsesKeyDropBackByID:          e.AcsesKeyDropBackByID,
		AcsesKeyDropBackIn:            e.AcsesKeyDropBackIn,
		AcsesKeyDroppedBackAt:         e.AcsesKeyDroppedBackAt,
		AcsesKeyPickUpBackBookingID:   e.AcsesKeyPickUpBackBookingID,
		AcsesKeyAssistPickUpBookingID: e.AcsesKeyAssistPickUpBookingID,
		AcsesKeyAssistPickUpByID:      e.AcsesKeyAssistPickUpByID,
		AcsesKeyPickedUpBackAt:        e.AcsesKeyPickedUpBackAt,
	}
	return v
}

// StaffEventView is a CommunicationEvent as staff see it.
type StaffEventView struct {
	ID                      int                          `json:"id,omitempty"`
	CreatedAt               time.Time                    `json:"created_at,omitempty"`
	UpdatedAt               time.Time                    `json:"updated_at,omitempty"`
	CustomerCommunicationID int                          `json:"customer_communication_id,omitempty"`
	AppointmentID           int                          `json:"appointment_id,omitempty"`
	Type                    enums.CommunicationEventType `json:"type,omitempty"`
	IP                      string                       `json:"ip,omitempty"`
	KeyLockerPinSent        bool                         `json:"key_locker_pin_sent,omitempty"`
	UserID                  *int                         `json:"user_id,omitempty"`
	CustomerID              *int                         `json:"customer_id,omitempty"`
	CustomerName            string                       `json:"customer_name,omitempty"`
	CustomerSignature       string                       `json:"customer_signature,omitempty"`
	IsParkingGateCodeSent   bool                         `json:"is_parking_gate_code_sent,omitempty"`
	MailgunMessageID        string                       `json:"mailgun_message_id,omitempty"`
	DedupeKey               *string                      `json:"dedupe_key,omitempty"`
	Edges                   StaffEventViewEdges          `json:"edges"`
}

// StaffEventViewEdges are the relations a staff endpoint loads (empty otherwise).
type StaffEventViewEdges struct {
	Receivers []ReceiverView `json:"receivers,omitempty"`
}

func staffEventView(e *ent.CommunicationEvent) StaffEventView {
	v := StaffEventView{
		ID:                      e.ID,
		CreatedAt:               e.CreatedAt,
		UpdatedAt:               e.UpdatedAt,
		CustomerCommunicationID: e.CustomerCommunicationID,
		AppointmentID:           e.AppointmentID,
		Type:                    e.Type,
		IP:                      e.IP,
		KeyLockerPinSent:        e.KeyLockerPinSent,
		UserID:                  e.UserID,
		CustomerID:              e.CustomerID,
		CustomerName:            e.CustomerName,
		CustomerSignature:       e.CustomerSignature,
		IsParkingGateCodeSent:   e.IsParkingGateCodeSent,
		MailgunMessageID:        e.MailgunMessageID,
		DedupeKey:               e.DedupeKey,
	}
	v.Edges.Receivers = mapAll(e.Edges.Receivers, receiverView)
	return v
}

// ReceiverView is a CommunicationReceiver as staff see it.
type ReceiverView struct {
	ID                            int                               `json:"id,omitempty"`
	CreatedAt                     time.Time                         `json:"created_at,omitempty"`
	UpdatedAt                     time.Time                         `json:"updated_at,omitempty"`
	CommunicationEventID          *int                              `json:"communication_event_id,omitempty"`
	KeyLockerCommunicationEventID *int                              `json:"key_locker_communication_event_id,omitempty"`
	DeskCommunicationEventID      *int                              `json:"desk_communication_event_id,omitempty"`
	AppointmentID                 int                               `json:"appointment_id,omitempty"`
	CommunicationChannelID        enums.CommunicationChannelID      `json:"communication_channel_id,omitempty"`
	Destination                   string                            `json:"destination,omitempty"`
	Status                        enums.CommunicationReceiverStatus `json:"status,omitempty"`
	Reason                        string                            `json:"reason,omitempty"`
	SmsGatewayID                  enums.SMSGateway                  `json:"sms_gateway_id,omitempty"`
	TwilioMessageSid              string                            `json:"twilio_message_sid,omitempty"`
	MailgunMessageID              string                            `json:"mailgun_message_id,omitempty"`
	WebhookID                     string                            `json:"webhook_id,omitempty"`
	IdempotencyKey                string                            `json:"idempotency_key,omitempty"`
	DeliveryState                 string                            `json:"delivery_state,omitempty"`
	Attempts                      int                               `json:"attempts,omitempty"`
	Edges                         ReceiverViewEdges                 `json:"edges"`
}

// ReceiverViewEdges are the relations a staff endpoint loads (empty otherwise).
type ReceiverViewEdges struct {
}

func receiverView(e *ent.CommunicationReceiver) ReceiverView {
	v := ReceiverView{
		ID:                            e.ID,
		CreatedAt:                     e.CreatedAt,
		UpdatedAt:                     e.UpdatedAt,
		CommunicationEventID:          e.CommunicationEventID,
		KeyLockerCommunicationEventID: e.KeyLockerCommunicationEventID,
		DeskCommunicationEventID:      e.DeskCommunicationEventID,
		AppointmentID:                 e.AppointmentID,
		CommunicationChannelID:        e.CommunicationChannelID,
		Destination:                   e.Destination,
		Status:                        e.Status,
		Reason:                        e.Reason,
		SmsGatewayID:                  e.SmsGatewayID,
		TwilioMessageSid:              e.TwilioMessageSid,
		MailgunMessageID:              e.MailgunMessageID,
		WebhookID:                     e.WebhookID,
		IdempotencyKey:                e.IdempotencyKey,
		DeliveryState:                 e.DeliveryState,
		Attempts:                      e.Attempts,
	}
	return v
}

// KeyLockerCommunicationView is a KeyLockerCommunication as staff see it.
type KeyLockerCommunicationView struct {
	ID               int                                `json:"id,omitempty"`
	CreatedAt        time.Time                          `json:"created_at,omitempty"`
	UpdatedAt        time.Time                          `json:"updated_at,omitempty"`
	AppointmentID    int                                `json:"appointment_id,omitempty"`
	DealerLocationID int                                `json:"dealer_location_id,omitempty"`
	CustomerID       int                                `json:"customer_id,omitempty"`
	CarID            int                                `json:"car_id,omitempty"`
	Status           enums.KeyLockerCommunicationStatus `json:"status,omitempty"`
	PinExpireOn      *time.Time                         `json:"pin_expire_on,omitempty"`
	// AcceptedAgreementIDs are the agreement versions accepted at the locker's screen.
	AcceptedAgreementIDs []int                           `json:"accepted_agreement_ids,omitempty"`
	Edges                KeyLockerCommunicationViewEdges `json:"edges"`
}

// KeyLockerCommunicationViewEdges are the relations a staff endpoint loads (empty otherwise).
type KeyLockerCommunicationViewEdges struct {
	Events              []KeyLockerEventView              `json:"events,omitempty"`
	AgreedInterventions []KeyLockerAgreedInterventionView `json:"agreed_interventions,omitempty"`
	Remark              *KeyLockerRemarkView              `json:"remark,omitempty"`
}

// KeyLockerAgreedInterventionView is a work item the customer agreed to at the key locker.
type KeyLockerAgreedInterventionView struct {
	ID                            int       `json:"id,omitempty"`
	CreatedAt                     time.Time `json:"created_at,omitempty"`
	UpdatedAt                     time.Time `json:"updated_at,omitempty"`
	KeyLockerCommunicationID      int       `json:"key_locker_communication_id,omitempty"`
	KeyLockerCommunicationEventID *int      `json:"key_locker_communication_event_id,omitempty"`
	Title                         string    `json:"title,omitempty"`
	Description                   string    `json:"description,omitempty"`
	Price                         float64   `json:"price,omitempty"`
	Vat                           float64   `json:"vat,omitempty"`
}

// KeyLockerRemarkView is the customer's remark at the key locker.
type KeyLockerRemarkView struct {
	ID                       int       `json:"id,omitempty"`
	CreatedAt                time.Time `json:"created_at,omitempty"`
	UpdatedAt                time.Time `json:"updated_at,omitempty"`
	KeyLockerCommunicationID int       `json:"key_locker_communication_id,omitempty"`
	AppointmentID            int       `json:"appointment_id,omitempty"`
	Description              string    `json:"description,omitempty"`
	CustomerName             string    `json:"customer_name,omitempty"`
	ReceptionistHandled      bool      `json:"receptionist_handled,omitempty"`
	VisibleToMechanic        bool      `json:"visible_to_mechanic,omitempty"`
}

func keyLockerAgreedInterventionView(e *ent.KeyLockerAgreedIntervention) KeyLockerAgreedInterventionView {
	return KeyLockerAgreedInterventionView{ID: e.ID, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt,
		KeyLockerCommunicationID: e.KeyLockerCommunicationID, KeyLockerCommunicationEventID: e.KeyLockerCommunicationEventID,
		Title: e.Title, Description: e.Description, Price: e.Price, Vat: e.Vat}
}

func keyLockerRemarkView(e *ent.KeyLockerRemark) *KeyLockerRemarkView {
	if e == nil {
		return nil
	}
	return &KeyLockerRemarkView{ID: e.ID, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt,
		KeyLockerCommunicationID: e.KeyLockerCommunicationID, AppointmentID: e.AppointmentID, Description: e.Description,
		CustomerName: e.CustomerName, ReceptionistHandled: e.ReceptionistHandled, VisibleToMechanic: e.VisibleToMechanic}
}

func keyLockerCommunicationView(e *ent.KeyLockerCommunication) KeyLockerCommunicationView {
	v := KeyLockerCommunicationView{
		ID:                   e.ID,
		CreatedAt:            e.CreatedAt,
		UpdatedAt:            e.UpdatedAt,
		AppointmentID:        e.AppointmentID,
		DealerLocationID:     e.DealerLocationID,
		CustomerID:           e.CustomerID,
		CarID:                e.CarID,
		Status:               e.Status,
		PinExpireOn:          e.PinExpireOn,
		AcceptedAgreementIDs: e.AcceptedAgreementIds,
	}
	v.Edges.Events = mapAll(e.Edges.Events, keyLockerEventView)
	v.Edges.AgreedInterventions = mapAll(e.Edges.AgreedInterventions, keyLockerAgreedInterventionView)
	v.Edges.Remark = keyLockerRemarkView(e.Edges.Remark)
	return v
}

// KeyLockerEventView is a KeyLockerCommunicationEvent as staff see it.
type KeyLockerEventView struct {
	ID                       int                                   `json:"id,omitempty"`
	CreatedAt                time.Time                             `json:"created_at,omitempty"`
	UpdatedAt                time.Time                             `json:"updated_at,omitempty"`
	KeyLockerCommunicationID int                                   `json:"key_locker_communication_id,omitempty"`
	Type                     enums.KeyLockerCommunicationEventType `json:"type,omitempty"`
	CorrectPhone             string                                `json:"correct_phone,omitempty"`
	CustomerName             string                                `json:"customer_name,omitempty"`
	PinRequestType           enums.KeylockerPinRequestType         `json:"pin_request_type,omitempty"`
	UserID                   int                                   `json:"user_id,omitempty"`
	KeyLockerName            string                                `json:"key_locker_name,omitempty"`
	KeyLockerBoxNumber       int                                   `json:"key_locker_box_number,omitempty"`
	Edges                    KeyLockerEventViewEdges               `json:"edges"`
}

// KeyLockerEventViewEdges are the relations a staff endpoint loads (empty otherwise).
type KeyLockerEventViewEdges struct {
	Receivers []ReceiverView `json:"receivers,omitempty"`
}

func keyLockerEventView(e *ent.KeyLockerCommunicationEvent) KeyLockerEventView {
	v := KeyLockerEventView{
		ID:                       e.ID,
		CreatedAt:                e.CreatedAt,
		UpdatedAt:                e.UpdatedAt,
		KeyLockerCommunicationID: e.KeyLockerCommunicationID,
		Type:                     e.Type,
		CorrectPhone:             e.CorrectPhone,
		CustomerName:             e.CustomerName,
		PinRequestType:           e.PinRequestType,
		UserID:                   e.UserID,
		KeyLockerName:            e.KeyLockerName,
		KeyLockerBoxNumber:       e.KeyLockerBoxNumber,
	}
	v.Edges.Receivers = mapAll(e.Edges.Receivers, receiverView)
	return v
}

// DeskCommunicationView is a DeskCommunication as staff see it.
type DeskCommunicationView struct {
	ID                int                           `json:"id,omitempty"`
	CreatedAt         time.Time                     `json:"created_at,omitempty"`
	UpdatedAt         time.Time                     `json:"updated_at,omitempty"`
	AppointmentID     int                           `json:"appointment_id,omitempty"`
	Status            enums.DeskCommunicationStatus `json:"status,omitempty"`
	IsCheckingOut     bool                          `json:"is_checking_out,omitempty"`
	CustomerID        *int                          `json:"customer_id,omitempty"`
	CarID             *int                          `json:"car_id,omitempty"`
	DealerLocationID  int                           `json:"dealer_location_id,omitempty"`
	ReceptionistID    *int                          `json:"receptionist_id,omitempty"`
	TabletUserID      int                           `json:"tablet_user_id,omitempty"`
	CustomerName      string                        `json:"customer_name,omitempty"`
	CustomerSignature string                        `json:"customer_signature,omitempty"`
	// PresentedAgreementIDs are the agreement versions the tablet showed; AcceptedAgreementIDs those the customer accepted.
	PresentedAgreementIDs []int                      `json:"presented_agreement_ids,omitempty"`
	AcceptedAgreementIDs  []int                      `json:"accepted_agreement_ids,omitempty"`
	Edges                 DeskCommunicationViewEdges `json:"edges"`
}

// DeskCommunicationViewEdges are the relations a staff endpoint loads (empty otherwise).
type DeskCommunicationViewEdges struct {
	Events []DeskEventView `json:"events,omitempty"`
}

func deskCommunicationView(e *ent.DeskCommunication) DeskCommunicationView {
	v := DeskCommunicationView{
		ID:                    e.ID,
		CreatedAt:             e.CreatedAt,
		UpdatedAt:             e.UpdatedAt,
		AppointmentID:         e.AppointmentID,
		Status:                e.Status,
		IsCheckingOut:         e.IsCheckingOut,
		CustomerID:            e.CustomerID,
		CarID:                 e.CarID,
		DealerLocationID:      e.DealerLocationID,
		ReceptionistID:        e.ReceptionistID,
		TabletUserID:          e.TabletUserID,
		CustomerName:          e.CustomerName,
		CustomerSignature:     e.CustomerSignature,
		PresentedAgreementIDs: e.PresentedAgreementIds,
		AcceptedAgreementIDs:  e.AcceptedAgreementIds,
	}
	v.Edges.Events = mapAll(e.Edges.Events, deskEventView)
	return v
}

// DeskEventView is a DeskCommunicationEvent as staff see it.
type DeskEventView struct {
	ID                  int                              `json:"id,omitempty"`
	CreatedAt           time.Time                        `json:"created_at,omitempty"`
	UpdatedAt           time.Time                        `json:"updated_at,omitempty"`
	DeskCommunicationID int                              `json:"desk_communication_id,omitempty"`
	Type                enums.DeskCommunicationEventType `json:"type,omitempty"`
	CustomerName        string                           `json:"customer_name,omitempty"`
	UserID              *int                             `json:"user_id,omitempty"`
	Edges               DeskEventViewEdges               `json:"edges"`
}

// DeskEventViewEdges are the relations a staff endpoint loads (empty otherwise).
type DeskEventViewEdges struct {
	Receivers []ReceiverView `json:"receivers,omitempty"`
}

func deskEventView(e *ent.DeskCommunicationEvent) DeskEventView {
	v := DeskEventView{
		ID:                  e.ID,
		CreatedAt:           e.CreatedAt,
		UpdatedAt:           e.UpdatedAt,
		DeskCommunicationID: e.DeskCommunicationID,
		Type:                e.Type,
		CustomerName:        e.CustomerName,
		UserID:              e.UserID,
	}
	v.Edges.Receivers = mapAll(e.Edges.Receivers, receiverView)
	return v
}

// mapAll maps rows to their views. The result is never nil: an empty list
// is answered as [] (an empty edge is left out, as its tag says).
func mapAll[E, V any](rows []E, view func(E) V) []V {
	out := make([]V, len(rows))
	for i, r := range rows {
		out[i] = view(r)
	}
	return out
}
