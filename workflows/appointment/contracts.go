// Package workflows holds Pitstop's durable workflows and their contracts:
// names of signals, updates and queries, and the typed inputs and outputs
// that the API, the worker and the activities share.
package appointment

import (
	"fmt"
	"time"

	acts "github.com/pitstop-dev/pitstop/activities/appointment"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// TaskQueue is the default queue; config can override it.
const TaskQueue = "pitstop"

// AppointmentWorkflowID is the readable ID ops type into the Temporal UI.
func AppointmentWorkflowID(appointmentID int) string {
	return fmt.Sprintf("appointment-%d", appointmentID)
}

// Message names of the AppointmentWorkflow. Signals are fire-and-forget facts;
// updates are actions whose caller needs the outcome (validated first, so a
// bad answer never reaches history); the query reads the lifecycle.
const (
	SignalCommunicationOpened = "communication-opened"
	SignalRescheduled         = "appointment-rescheduled"
	SignalCancelled           = "appointment-cancelled"
	SignalKeyDropped          = "key-dropped"
	SignalKeyPickedUp         = "key-picked-up"
	SignalCompleted           = "appointment-completed"
	// SignalCheckedInAtDesk: the customer answered a desk check-in on the
	// counter tablet; the online check-in is no longer needed.
	SignalCheckedInAtDesk = "checked-in-at-desk"

	UpdateAnswerCheckIn        = "answer-online-check-in"
	UpdateAnswerDiagnose       = "answer-diagnose-overview"
	UpdateSendDiagnoseOverview = "send-diagnose-overview"
	UpdateSendRepairOverview   = "send-repair-overview"

	QueryState = "state"
)

// Stage is where an appointment is in its lifecycle.
type Stage string

const (
	StageScheduled        Stage = "scheduled"         // waiting to send the online check-in
	StageCheckInSent      Stage = "check_in_sent"     // waiting for the customer's check-in answer
	StageAwaitingKeyDrop  Stage = "awaiting_key_drop" // customer chose the locker; key not in yet
	StageInWorkshop       Stage = "in_workshop"       // car at the dealer, no overview sent yet
	StageDiagnoseSent     Stage = "diagnose_sent"     // waiting for the customer's decisions
	StageDiagnoseAnswered Stage = "diagnose_answered" // decisions in; repairs under way
	StageRepairSent       Stage = "repair_sent"       // repair overview out; waiting for pick-up
	StageCompleted        Stage = "completed"         // key picked up / car returned
	StageCancelled        Stage = "cancelled"         // appointment cancelled; communications closed
)

// Final reports whether the workflow ends at this stage.
func (s Stage) Final() bool { return s == StageCompleted || s == StageCancelled }

// AppointmentInput starts (and continues-as-new) one AppointmentWorkflow.
type AppointmentInput struct {
	AppointmentID int
	// State is set only when continuing as new; nil on the first run.
	State *AppointmentState `json:",omitempty"`
}

// AppointmentState is the whole lifecycle, returned by QueryState.
type AppointmentState struct {
	AppointmentID       int                       `json:"appointment_id"`
	DealerLocationID    int                       `json:"dealer_location_id"`
	WONr                string                    `json:"wo_nr"`
	RegNumber           string                    `json:"reg_number"`
	AppointmentAt       time.Time                 `json:"time_car_app"`
	Stage               Stage                     `json:"stage"`
	CommunicationID     int                       `json:"communication_id"`
	CommunicationStatus enums.CommunicationStatus `json:"communication_status"`
	StatusIdentifier    enums.StatusIdentifier    `json:"appointment_status_identifier"`
	CheckInEnabled      bool                      `json:"online_check_in_enabled"`
	CheckInDaysPrior    int                       `json:"check_in_days_prior"`
	CheckInSendAt       time.Time                 `json:"check_in_send_at"`
	DropInLocker        bool                      `json:"drop_in_acses_locker"`
	DiagnoseSends       int                       `json:"diagnose_overview_sends"`
	RepairSends         int                       `json:"repair_overview_sends"`
	CancelReason        string                    `json:"cancel_reason,omitempty"`
	// KeyDropMissed: the customer chose a locker (ACSES or the dealer's
	// own) and no drop was reported by the appointment time.
	KeyDropMissed bool `json:"key_drop_missed,omitempty"`
	// Locker is the key's journey through an ACSES locker (nil: none).
	Locker  *LockerState  `json:"locker,omitempty"`
	History []StageChange `json:"history"`
	// What the customer was sent, so answers can be checked before they
	// touch history.
	CheckInResultIDs []int `json:"check_in_result_ids"`
	InterventionIDs  []int `json:"intervention_ids"`
	AgreementIDs     []int `json:"agreement_ids"`
	// Runs counts continue-as-new generations, for ops.
	Runs int `json:"runs"`
}

// StageChange is one line of the lifecycle's history.
type StageChange struct {
	Stage Stage     `json:"stage"`
	At    time.Time `json:"at"`
	Note  string    `json:"note,omitempty"`
}

// OpenedSignal: a customer key read the communication.
type OpenedSignal struct {
	IP string `json:"ip"`
}

// RescheduledSignal: the appointment moved (DMS or receptionist).
type RescheduledSignal struct {
	AppointmentAt time.Time `json:"time_car_app"`
}

// CancelledSignal: the appointment is cancelled.
type CancelledSignal struct {
	Reason string `json:"reason"`
}

// KeySignal: a locker event moved the key.
type KeySignal struct {
	LockerName string    `json:"locker_name"`
	At         time.Time `json:"at"`
	UserID     int       `json:"user_id,omitempty"`
	// An ACSES event: the vendor's event and booking, the locker system
	// and cell. Without a BookingID the signal is a bare fact (the legacy
	// key-dropped / key-picked-up).
	EventID        string `json:"event_id,omitempty"`
	BookingID      string `json:"booking_id,omitempty"`
	LockerSystemID string `json:"locker_system_id,omitempty"`
	Cell           string `json:"cell,omitempty"`
}

// DeskCheckInSignal: a desk check-in of the appointment was answered.
type DeskCheckInSignal struct {
	DeskCommunicationID int    `json:"desk_communication_id"`
	CustomerName        string `json:"customer_name"`
}

// The customer's answers, as the recording activities take them.
type (
	CheckInAnswer        = acts.CheckInAnswer
	CheckInResultAnswer  = acts.CheckInResultAnswer
	RemarkAnswer         = acts.RemarkAnswer
	CheckInAnswerResult  = acts.CheckInAnswerResult
	DiagnoseAnswer       = acts.DiagnoseAnswer
	InterventionDecision = acts.InterventionDecision
)

// SendRequest is a receptionist's send or resend of an overview.
type SendRequest struct {
	UserID int    `json:"user_id"`
	Note   string `json:"note,omitempty"`
}

// SendResult tells the receptionist what happened.
type SendResult struct {
	EventType           enums.CommunicationEventType `json:"event_type"`
	CommunicationStatus enums.CommunicationStatus    `json:"communication_status"`
}

// WorkflowName is the lifecycle's registered workflow type.
const WorkflowName = "AppointmentWorkflow"
