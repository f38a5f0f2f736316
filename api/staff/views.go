package staff

// The staff endpoints' views of the read model: the API's own types, with
// only what a receptionist (or the counter tablet) needs, mapped at the
// edge from the ent rows, so a schema change never changes a response by
// accident. Related rows are plain fields (no ent "edges"), and every field
// is always answered: a false is_checking_out or a zero count is there, a
// missing time or ID is null. Each is a schema of api/openapi.yaml
// (Staff*), checked by TestOpenAPIModelsMatchTheirGoTypes.

import (
	"time"

	"github.com/pitstop-dev/pitstop/api/commread"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/routes"
)

// StaffAppointmentView is an appointment as the receptionist's list and
// detail show it.
type StaffAppointmentView struct {
	ID                          int                    `json:"id"`
	DealerLocationID            int                    `json:"dealer_location_id"`
	WoNr                        string                 `json:"wo_nr"`
	DmsNr                       string                 `json:"dms_nr"`
	TimeCarApp                  time.Time              `json:"time_car_app"`
	CarReturnTime               *time.Time             `json:"car_return_time"`
	CarOutOfShop                *time.Time             `json:"car_out_of_shop"`
	CarOutOfShopEdited          bool                   `json:"car_out_of_shop_edited"`
	RegNumber                   string                 `json:"reg_number"`
	Vin                         string                 `json:"vin"`
	CarMake                     string                 `json:"car_make"`
	CarModel                    string                 `json:"car_model"`
	CurrentKm                   int                    `json:"current_km"`
	DriverFirstname             string                 `json:"driver_firstname"`
	DriverSurname               string                 `json:"driver_surname"`
	Company                     string                 `json:"company"`
	CustomerWaiting             bool                   `json:"customer_waiting"`
	LifecycleStage              string                 `json:"lifecycle_stage"`
	AppointmentStatusIdentifier enums.StatusIdentifier `json:"appointment_status_identifier"`
	CheckInComSent              bool                   `json:"check_in_com_sent"`
	CheckInComAnswered          bool                   `json:"check_in_com_answered"`
	CheckInComToHandle          bool                   `json:"check_in_com_to_handle"`
	RemoteDiagnosisToHandle     bool                   `json:"remote_diagnosis_to_handle"`
	KeyDroppedAt                *time.Time             `json:"key_dropped_at"`
	KeyPickedUpAt               *time.Time             `json:"key_picked_up_at"`
	KeyDroppedBackAt            *time.Time             `json:"key_dropped_back_at"`
	KeyPickedUpBackAt           *time.Time             `json:"key_picked_up_back_at"`
	AcsesKeyDroppedAt           *time.Time             `json:"acses_key_dropped_at"`
	AcsesKeyPickedUpAt          *time.Time             `json:"acses_key_picked_up_at"`
	AcsesKeyDroppedBackAt       *time.Time             `json:"acses_key_dropped_back_at"`
	AcsesKeyPickedUpBackAt      *time.Time             `json:"acses_key_picked_up_back_at"`
	KioskCheckedInAt            *time.Time             `json:"kiosk_checked_in_at"`
	KioskLabelNumber            *int                   `json:"kiosk_label_number"`
}

func staffAppointmentView(e *ent.Appointment) StaffAppointmentView {
	return StaffAppointmentView{ID: e.ID, DealerLocationID: e.DealerLocationID, WoNr: e.WoNr, DmsNr: e.DmsNr,
		TimeCarApp: e.TimeCarApp, CarReturnTime: e.CarReturnTime,
		CarOutOfShop: e.CarOutOfShop, CarOutOfShopEdited: e.CarOutOfShopEdited, RegNumber: e.RegNumber, Vin: e.Vin, CarMake: e.CarMake,
		CarModel: e.CarModel, CurrentKm: e.CurrentKm, DriverFirstname: e.DriverFirstname, DriverSurname: e.DriverSurname,
		Company: e.Company, CustomerWaiting: e.CustomerWaiting, LifecycleStage: e.LifecycleStage,
		AppointmentStatusIdentifier: e.AppointmentStatusIdentifier, CheckInComSent: e.CheckInComSent,
		CheckInComAnswered: e.CheckInComAnswered, CheckInComToHandle: e.CheckInComToHandle,
		RemoteDiagnosisToHandle: e.RemoteDiagnosisToHandle, KeyDroppedAt: e.KeyDroppedAt, KeyPickedUpAt: e.KeyPickedUpAt,
		KeyDroppedBackAt: e.KeyDroppedBackAt, KeyPickedUpBackAt: e.KeyPickedUpBackAt, AcsesKeyDroppedAt: e.AcsesKeyDroppedAt,
		AcsesKeyPickedUpAt: e.AcsesKeyPickedUpAt, AcsesKeyDroppedBackAt: e.AcsesKeyDroppedBackAt,
		AcsesKeyPickedUpBackAt: e.AcsesKeyPickedUpBackAt, KioskCheckedInAt: e.KioskCheckedInAt, KioskLabelNumber: e.KioskLabelNumber}
}

// StaffEventView is a communication event with the messages it sent.
type StaffEventView struct {
	ID                    int                          `json:"id"`
	CreatedAt             time.Time                    `json:"created_at"`
	Type                  enums.CommunicationEventType `json:"type"`
	UserID                *int                         `json:"user_id"`
	CustomerName          string                       `json:"customer_name"`
	KeyLockerPinSent      bool                         `json:"key_locker_pin_sent"`
	IsParkingGateCodeSent bool                         `json:"is_parking_gate_code_sent"`
	Receivers             []ReceiverView               `json:"receivers"`
	// The spec's CommunicationEvent lists besides the receivers.
	commread.EventListsView
}

func staffEventView(e *ent.CommunicationEvent, lists *commread.EventLists) StaffEventView {
	return StaffEventView{ID: e.ID, CreatedAt: e.CreatedAt, Type: e.Type, UserID: e.UserID, CustomerName: e.CustomerName,
		KeyLockerPinSent: e.KeyLockerPinSent, IsParkingGateCodeSent: e.IsParkingGateCodeSent,
		Receivers: mapAll(e.Edges.Receivers, receiverView), EventListsView: lists.Of(e.ID)}
}

// ReceiverView is one message sent (SMS, e-mail, webhook) and how its
// delivery went.
type ReceiverView struct {
	ID                     int                               `json:"id"`
	CreatedAt              time.Time                         `json:"created_at"`
	CommunicationChannelID enums.CommunicationChannelID      `json:"communication_channel_id"`
	Destination            string                            `json:"destination"`
	Status                 enums.CommunicationReceiverStatus `json:"status"`
	Reason                 string                            `json:"reason"`
	DeliveryState          string                            `json:"delivery_state"`
	Attempts               int                               `json:"attempts"`
}

func receiverView(e *ent.CommunicationReceiver) ReceiverView {
	return ReceiverView{ID: e.ID, CreatedAt: e.CreatedAt, CommunicationChannelID: e.CommunicationChannelID,
		Destination: e.Destination, Status: e.Status, Reason: e.Reason, DeliveryState: e.DeliveryState, Attempts: e.Attempts}
}

// ReminderView is a message of the appointment's communication that
// belongs to no event (ours, issue #25): a follow-up's reminder to the
// customer (answer_reminder: the online check-in or diagnose overview is
// unanswered; key_pickup_reminder: the key waits in a locker) or an
// aftersales message (car_ready, feedback_invitation); kind is the
// receiver's reminder_kind. One message per destination, like an event's
// receivers; a message quiet hours hold is "queued" until it goes.
type ReminderView struct {
	ReceiverView
	Kind string `json:"kind"`
}

func reminderView(e *ent.CommunicationReceiver) ReminderView {
	v := ReminderView{ReceiverView: receiverView(e)}
	if e.ReminderKind != nil {
		v.Kind = *e.ReminderKind
	}
	return v
}

// KeyLockerCommunicationView is a key-locker check-in (never its PIN).
type KeyLockerCommunicationView struct {
	ID            int                                `json:"id"`
	CreatedAt     time.Time                          `json:"created_at"`
	AppointmentID int                                `json:"appointment_id"`
	Status        enums.KeyLockerCommunicationStatus `json:"status"`
	PinExpireOn   *time.Time                         `json:"pin_expire_on"`
	// AcceptedAgreementIDs are the agreement versions accepted at the locker's screen.
	AcceptedAgreementIDs []int                             `json:"accepted_agreement_ids"`
	Events               []KeyLockerEventView              `json:"events"`
	AgreedInterventions  []KeyLockerAgreedInterventionView `json:"agreed_interventions"`
	Remark               *KeyLockerRemarkView              `json:"remark"`
}

func keyLockerCommunicationView(e *ent.KeyLockerCommunication) KeyLockerCommunicationView {
	v := KeyLockerCommunicationView{ID: e.ID, CreatedAt: e.CreatedAt, AppointmentID: e.AppointmentID, Status: e.Status,
		PinExpireOn: e.PinExpireOn, AcceptedAgreementIDs: mapAll(e.AcceptedAgreementIds, func(id int) int { return id }),
		Events:              mapAll(e.Edges.Events, keyLockerEventView),
		AgreedInterventions: mapAll(e.Edges.AgreedInterventions, keyLockerAgreedInterventionView)}
	if r := e.Edges.Remark; r != nil {
		v.Remark = &KeyLockerRemarkView{ID: r.ID, Description: r.Description, CustomerName: r.CustomerName,
			ReceptionistHandled: r.ReceptionistHandled}
	}
	return v
}

// KeyLockerEventView is a step of a key-locker check-in.
type KeyLockerEventView struct {
	ID        int                                   `json:"id"`
	CreatedAt time.Time                             `json:"created_at"`
	Type      enums.KeyLockerCommunicationEventType `json:"type"`
	// PinRequestType is left out when no identifier asked the PIN (the
	// pick-up PIN sent after a drop-back): 0 is not in the enumeration.
	PinRequestType     enums.KeylockerPinRequestType `json:"pin_request_type,omitempty"`
	UserID             int                           `json:"user_id"`
	CustomerName       string                        `json:"customer_name"`
	CorrectPhone       string                        `json:"correct_phone"`
	KeyLockerName      string                        `json:"key_locker_name"`
	KeyLockerBoxNumber int                           `json:"key_locker_box_number"`
	Receivers          []ReceiverView                `json:"receivers"`
}

func keyLockerEventView(e *ent.KeyLockerCommunicationEvent) KeyLockerEventView {
	return KeyLockerEventView{ID: e.ID, CreatedAt: e.CreatedAt, Type: e.Type, PinRequestType: e.PinRequestType,
		UserID: e.UserID, CustomerName: e.CustomerName, CorrectPhone: e.CorrectPhone, KeyLockerName: e.KeyLockerName,
		KeyLockerBoxNumber: e.KeyLockerBoxNumber, Receivers: mapAll(e.Edges.Receivers, receiverView)}
}

// KeyLockerAgreedInterventionView is a work item the customer agreed to at the key locker.
type KeyLockerAgreedInterventionView struct {
	ID          int     `json:"id"`
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Price       float64 `json:"price"`
	Vat         float64 `json:"vat"`
}

func keyLockerAgreedInterventionView(e *ent.KeyLockerAgreedIntervention) KeyLockerAgreedInterventionView {
	return KeyLockerAgreedInterventionView{ID: e.ID, Title: e.Title, Description: e.Description, Price: e.Price, Vat: e.Vat}
}

// KeyLockerRemarkView is the customer's remark at the key locker.
type KeyLockerRemarkView struct {
	ID                  int    `json:"id"`
	Description         string `json:"description"`
	CustomerName        string `json:"customer_name"`
	ReceptionistHandled bool   `json:"receptionist_handled"`
}

// DeskCommunicationView is the spec's DeskCommunication Model: a desk
// check-in (or check-out) as the receptionist and the counter tablet see
// it. The row's own fields, its events and the interventions agreed and
// declined come from the row (deskCommunicationView); the related models
// (customer, car, appointment, receptionist, agreements, results,
// settings) are filled by Handlers.deskViews. Pitstop gives receptionists
// no desk key and has no "user tablet mode": receptionist_key and
// user_tablet_mode_key are empty, is_receptionist false. Ours
// (x-pitstop-extension): created_at, tablet_user_id, customer_name, the
// agreement IDs, correct_phone, correct_email.
type DeskCommunicationView struct {
	ID                int                           `json:"id"`
	ReceptionistKey   string                        `json:"receptionist_key"`
	CreatedAt         time.Time                     `json:"created_at"`
	AppointmentID     int                           `json:"appointment_id"`
	CustomerID        *int                          `json:"customer_id"`
	CarID             *int                          `json:"car_id"`
	DealerLocationID  int                           `json:"dealer_location_id"`
	Status            enums.DeskCommunicationStatus `json:"status"`
	IsCheckingOut     bool                          `json:"is_checking_out"`
	TabletUserID      int                           `json:"tablet_user_id"`
	ReceptionistID    *int                          `json:"receptionist_id"`
	IsReceptionist    bool                          `json:"is_receptionist"`
	UserTabletModeKey string                        `json:"user_tablet_mode_key"`
	CustomerName      string                        `json:"customer_name"`
	CorrectPhone      string                        `json:"correct_phone"`
	CorrectEmail      string                        `json:"correct_email"`
	// PresentedAgreementIDs are the agreement versions the tablet showed; AcceptedAgreementIDs those the customer accepted.
	PresentedAgreementIDs []int                              `json:"presented_agreement_ids"`
	AcceptedAgreementIDs  []int                              `json:"accepted_agreement_ids"`
	Events                []DeskEventView                    `json:"events"`
	AgreedInterventions   []DeskAgreedInterventionView       `json:"agreed_interventions"`
	DeclinedInterventions []DeskAgreedInterventionView       `json:"declined_interventions"`
	Customer              *commread.CustomerView             `json:"customer"`
	Car                   *commread.CarView                  `json:"car"`
	Appointment           *StaffAppointmentView              `json:"appointment"`
	User                  *commread.ReceptionistView         `json:"user"`
	Agreements            []commread.AgreementView           `json:"agreements"`
	Results               []commread.CommunicationResultView `json:"results"`
	Settings              *commread.SettingView              `json:"settings"`
}

func deskCommunicationView(e *ent.DeskCommunication) DeskCommunicationView {
	same := func(id int) int { return id }
	return DeskCommunicationView{ID: e.ID, CreatedAt: e.CreatedAt, AppointmentID: e.AppointmentID, CustomerID: e.CustomerID,
		CarID: e.CarID, DealerLocationID: e.DealerLocationID, Status: e.Status,
		IsCheckingOut: e.IsCheckingOut, TabletUserID: e.TabletUserID, ReceptionistID: e.ReceptionistID, CustomerName: e.CustomerName,
		CorrectPhone: e.CorrectPhone, CorrectEmail: e.CorrectEmail,
		PresentedAgreementIDs: mapAll(e.PresentedAgreementIds, same), AcceptedAgreementIDs: mapAll(e.AcceptedAgreementIds, same),
		Events: mapAll(e.Edges.Events, deskEventView), AgreedInterventions: mapAll(e.Edges.AgreedInterventions, deskAgreedView),
		DeclinedInterventions: mapAll(e.Edges.DeclinedInterventions, deskDeclinedView),
		Agreements:            []commread.AgreementView{}, Results: []commread.CommunicationResultView{}}
}

// DeskEventView is the spec's DeskCommunicationEvent Model, with the
// confirmation it sent (receivers, ours). customer_signature is the URL of
// the signature's PNG (GET /v1/desk_checkin/{desk_id}/signature, for staff
// of the location and the tablet, bearer token), empty without one.
type DeskEventView struct {
	ID                  int                              `json:"id"`
	CreatedAt           time.Time                        `json:"created_at"`
	Type                enums.DeskCommunicationEventType `json:"type"`
	DeskCommunicationID int                              `json:"desk_communication_id"`
	UserID              *int                             `json:"user_id"`
	CustomerName        string                           `json:"customer_name"`
	CustomerSignature   string                           `json:"customer_signature"`
	Receivers           []ReceiverView                   `json:"receivers"`
}

func deskEventView(e *ent.DeskCommunicationEvent) DeskEventView {
	v := DeskEventView{ID: e.ID, CreatedAt: e.CreatedAt, Type: e.Type, DeskCommunicationID: e.DeskCommunicationID, UserID: e.UserID,
		CustomerName: e.CustomerName, Receivers: mapAll(e.Edges.Receivers, receiverView)}
	if e.SignatureFileID != nil {
		v.CustomerSignature = routes.DeskSignature(e.DeskCommunicationID)
	}
	return v
}

// DeskAgreedInterventionView is the spec's DeskAgreedIntervention (and
// DeskDeclinedIntervention) Model; intervention_id (ours) names the
// appointment's intervention it was copied from.
type DeskAgreedInterventionView struct {
	ID                  int     `json:"id"`
	Title               string  `json:"title"`
	Description         string  `json:"description"`
	Price               float64 `json:"price"`
	Vat                 float64 `json:"vat"`
	DeskCommunicationID int     `json:"desk_communication_id"`
	InterventionID      int     `json:"intervention_id"`
}

func deskAgreedView(e *ent.DeskAgreedIntervention) DeskAgreedInterventionView {
	return DeskAgreedInterventionView{ID: e.ID, Title: e.Title, Description: e.Description, Price: e.Price, Vat: e.Vat,
		DeskCommunicationID: e.DeskCommunicationID, InterventionID: e.InterventionID}
}

func deskDeclinedView(e *ent.DeskDeclinedIntervention) DeskAgreedInterventionView {
	return DeskAgreedInterventionView{ID: e.ID, Title: e.Title, Description: e.Description, Price: e.Price, Vat: e.Vat,
		DeskCommunicationID: e.DeskCommunicationID, InterventionID: e.InterventionID}
}

// mapAll maps rows to their views. The result is never nil: an empty list
// is answered as [].
func mapAll[E, V any](rows []E, view func(E) V) []V {
	out := make([]V, len(rows))
	for i, r := range rows {
		out[i] = view(r)
	}
	return out
}
