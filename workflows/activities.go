package workflows

import (
	"time"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Activity names. Workflows call activities by these names so that this
// package never imports the activities package (which imports these types);
// the worker registers each activity method under its name.
const (
	ActivityLoadAppointment      = "LoadAppointment"
	ActivityEnsureCommunication  = "EnsureCommunication"
	ActivitySaveLifecycle        = "SaveLifecycle"
	ActivityRecordEvent          = "RecordEvent"
	ActivitySendCommunication    = "SendCommunication"
	ActivityDeliverNotification  = "DeliverNotification"
	ActivityRecordCheckInAnswer  = "RecordCheckInAnswer"
	ActivityRecordDiagnoseAnswer = "RecordDiagnoseAnswer"
	ActivitySendKeyLockerPIN     = "SendKeyLockerPIN"
	// ActivitySendDeskConfirmation plans the confirmation of an answered desk check-in.
	ActivitySendDeskConfirmation = "SendDeskConfirmation"
)

// AppointmentSnapshot is what the workflow needs to know of the appointment
// and its location's settings.
type AppointmentSnapshot struct {
	AppointmentID    int                    `json:"appointment_id"`
	DealerLocationID int                    `json:"dealer_location_id"`
	WONr             string                 `json:"wo_nr"`
	RegNumber        string                 `json:"reg_number"`
	AppointmentAt    time.Time              `json:"time_car_app"`
	StatusIdentifier enums.StatusIdentifier `json:"appointment_status_identifier"`
	CheckInEnabled   bool                   `json:"online_check_in_enabled"`
	CheckInDaysPrior int                    `json:"check_in_days_prior"`
}

// CommunicationRef identifies the appointment's one CustomerCommunication.
type CommunicationRef struct {
	CommunicationID int                       `json:"communication_id"`
	Status          enums.CommunicationStatus `json:"status"`
}

// LifecycleSnapshot is written to the read model after every transition:
// absolute values, so a retried write is harmless.
type LifecycleSnapshot struct {
	AppointmentID       int                       `json:"appointment_id"`
	CommunicationID     int                       `json:"communication_id"`
	Stage               Stage                     `json:"stage"`
	StatusIdentifier    enums.StatusIdentifier    `json:"appointment_status_identifier"`
	CommunicationStatus enums.CommunicationStatus `json:"communication_status"`
	AppointmentAt       time.Time                 `json:"time_car_app"`
	CheckInSent         bool                      `json:"check_in_com_sent"`
	CheckInAnswered     bool                      `json:"check_in_com_answered"`
}

// EventInput records one CommunicationEvent once: DedupeKey makes a retried
// activity find the event it already wrote.
type EventInput struct {
	AppointmentID   int                          `json:"appointment_id"`
	CommunicationID int                          `json:"communication_id"`
	Type            enums.CommunicationEventType `json:"type"`
	DedupeKey       string                       `json:"dedupe_key"`
	UserID          int                          `json:"user_id,omitempty"`
	IP              string                       `json:"ip,omitempty"`
}

// SendInput records a communication event and plans its notifications.
type SendInput struct {
	Event EventInput `json:"event"`
	// Kind selects the message template: online_check_in, diagnose_overview, repair_overview.
	Kind string `json:"kind"`
}

// SendOutput lists what the customer was shown and the receivers to deliver.
type SendOutput struct {
	EventID int `json:"event_id"`
	// ReceiverIDs are the CommunicationReceivers to deliver, one activity each.
	ReceiverIDs []int `json:"receiver_ids"`
	// ItemIDs are the check-in result or intervention IDs the customer may answer.
	ItemIDs []int `json:"item_ids"`
	// AgreementIDs are the agreements presented with the communication.
	AgreementIDs []int `json:"agreement_ids"`
}

// DeliveryOutput is the outcome of one receiver's delivery.
type DeliveryOutput struct {
	Status enums.CommunicationReceiverStatus `json:"status"`
	Reason string                            `json:"reason,omitempty"`
}

// RecordCheckInInput stores a validated check-in answer.
type RecordCheckInInput struct {
	AppointmentID   int           `json:"appointment_id"`
	CommunicationID int           `json:"communication_id"`
	Answer          CheckInAnswer `json:"answer"`
}

// RecordDiagnoseInput stores a validated diagnose answer.
type RecordDiagnoseInput struct {
	AppointmentID   int            `json:"appointment_id"`
	CommunicationID int            `json:"communication_id"`
	Answer          DiagnoseAnswer `json:"answer"`
}

// Message kinds passed to SendCommunication.
const (
	KindOnlineCheckIn    = "online_check_in"
	KindDiagnoseOverview = "diagnose_overview"
	KindRepairOverview   = "repair_overview"
	// KindKeyLockerPIN is the key-locker drop-off PIN issued with the check-in answer.
	KindKeyLockerPIN = "key_locker_drop_pin"
	// KindDeskConfirmation confirms a desk check-in (by email, where the
	// location sends confirmation emails).
	KindDeskConfirmation = "desk_check_in_confirmation"
)
