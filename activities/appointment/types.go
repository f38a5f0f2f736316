package appointment

import (
	"time"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// AppointmentSnapshot is what the workflow needs to know of the appointment
// and its location's settings.
type AppointmentSnapshot struct {
	AppointmentID    int    `json:"appointment_id"`
	DealerLocationID int    `json:"dealer_location_id"`
	WONr             string `json:"wo_nr"`
	RegNumber        string `json:"reg_number"`
	// RegNumberHash is keys.RegNumberHash of RegNumber: the lifecycle's
	// RegNumber search attribute ("" when it has no plate).
	RegNumberHash    string                 `json:"reg_number_hash,omitempty"`
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
	Stage               string                    `json:"stage"`
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
