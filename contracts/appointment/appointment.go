// Package appointment is the contract of the appointment's lifecycle
// workflow: its names (workflow type, signals, updates, query, IDs), the
// payloads the API, the workflow and the activities exchange, and the shape
// rules of the customer's answers. It imports only the standard library,
// internal/enums and internal/textcheck (pure text rules), so whoever
// sends the workflow a message needs neither the workflow nor its
// activities. The JSON names here are recorded in workflow histories:
// never rename one.
package appointment

import (
	"fmt"
	"time"

	"github.com/pitstop-dev/pitstop/contracts/inspection"
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
	// SignalCheckedInAtKiosk: the customer answered a kiosk check-in in the
	// showroom (issue #23); the online check-in is no longer needed.
	SignalCheckedInAtKiosk = "checked-in-at-kiosk"

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
	StageInspected        Stage = "inspected"         // a regular check finished; the diagnose overview can go out
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
	// Checks are the workshop inspection's checks, carried across
	// continue-as-new beside State (the state query, and so the staff's
	// state view, does not show them; inspection.QueryChecks does).
	Checks []inspection.CheckRef `json:",omitempty"`
	// RegNumberHash is the keyed hash of the plate the RegNumber search
	// attribute holds, carried across continue-as-new (never the plate:
	// visibility is out of an erasure's reach).
	RegNumberHash string `json:",omitempty"`
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
	// FollowUp is the reminder and escalation of the communication the
	// customer has not answered yet (issue #25; nil: none waits).
	FollowUp *FollowUp `json:"follow_up,omitempty"`
	// KeyFollowUp is the reminder and escalation of a key waiting in a
	// locker for its pick-up (issue #25; nil: none waits).
	KeyFollowUp *FollowUp `json:"key_follow_up,omitempty"`
	// HeldMessages are automated messages the location's quiet hours hold
	// (issue #25), in the order they go out; absent when none waits.
	HeldMessages []HeldMessage `json:"held_messages,omitempty"`
	// What the customer was sent, so answers can be checked before they
	// touch history.
	CheckInResultIDs []int `json:"check_in_result_ids"`
	InterventionIDs  []int `json:"intervention_ids"`
	// ResultIDs are the question_result_ids of the CommunicationResults
	// (the mechanic's check results) the diagnose overview sent last holds.
	ResultIDs    []int `json:"result_ids,omitempty"`
	AgreementIDs []int `json:"agreement_ids"`
	// Runs counts continue-as-new generations, for ops.
	Runs int `json:"runs"`
}

// HeldMessage is one receiver's automated message scheduled by the
// location's quiet hours: it goes out at Until (the location's opening).
type HeldMessage struct {
	ReceiverID int       `json:"receiver_id"`
	Message    string    `json:"message"`
	Until      time.Time `json:"until"`
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

// KioskCheckInSignal: a kiosk check-in of the appointment was answered
// and its key labelled.
type KioskCheckInSignal struct {
	KioskCommunicationID int `json:"kiosk_communication_id"`
	KioskLabelNumber     int `json:"kiosk_label_number"`
}

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

// The customer's answers travel from the API through the workflow's update
// into the recording activity unchanged.

// CheckInAnswer is the customer's online check-in answer (spec:
// POST /v1/online_checkin/answer, minus the key, plus the caller's IP).
type CheckInAnswer struct {
	Results           []CheckInResultAnswer        `json:"results"`
	Remarks           []RemarkAnswer               `json:"remarks"`
	CorrectPhone      string                       `json:"correct_phone"`
	CorrectEmail      string                       `json:"correct_email"`
	AgreementIDs      []int                        `json:"agreement_ids"`
	CustomerName      string                       `json:"customer_name"`
	PreferredChannel  enums.CommunicationChannelID `json:"preferred_communication_channel"`
	DropInAcsesLocker bool                         `json:"drop_in_acses_locker"`
	IP                string                       `json:"ip"`
}

// CheckInResultAnswer: the customer accepts or not one proposed check-in item.
type CheckInResultAnswer struct {
	ID       int  `json:"id"`
	Accepted bool `json:"accepted"`
}

// RemarkAnswer is a customer remark with uploaded attachment URLs.
type RemarkAnswer struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Attachments []string `json:"attachments"`
}

// CheckInAnswerResult is what the customer gets back: the PINs, if any.
type CheckInAnswerResult struct {
	KeyLockerPIN    string `json:"keylocker_pin"`
	AcsesPIN        string `json:"acses_pin"`
	AcsesLockerName string `json:"acses_locker_name"`
}

// DiagnoseAnswer is the customer's diagnose overview answer: spec
// POST /v2/diagnose_overview/answer (Interventions) or
// POST /v1/diagnose_overview/answer (Results, Endpoint 1). Both travel as
// the one update UpdateAnswerDiagnose, so they share its idempotency, its
// events and its one answer per send.
type DiagnoseAnswer struct {
	// Endpoint is the spec's version the customer answered with: 1 (v1,
	// results) or 0 (v2, interventions; histories before v1 carry none).
	Endpoint      int                    `json:"endpoint,omitempty"`
	Interventions []InterventionDecision `json:"interventions"`
	// Results are the v1 answer's decisions per check result.
	Results      []ResultDecision `json:"results,omitempty"`
	Remarks      []RemarkAnswer   `json:"remarks"`
	CorrectPhone string           `json:"correct_phone"`
	CorrectEmail string           `json:"correct_email"`
	AgreementIDs []int            `json:"agreement_ids"`
	CustomerName string           `json:"customer_name"`
	IP           string           `json:"ip"`
}

// InterventionDecision: agree (2), decline (3) or contact me (4).
type InterventionDecision struct {
	ID     int                             `json:"id"`
	Status enums.CommunicationResultStatus `json:"communication_result_status"`
}

// ResultDecision: fix (2), do not fix (3) or contact me (4) for one
// CommunicationResult of the overview, named by its question_result_id
// (the spec's CommunicationResult Model has no ID of its own; a result is
// sent once per overview, so the question result names it).
type ResultDecision struct {
	QuestionResultID int                             `json:"question_result_id"`
	Status           enums.CommunicationResultStatus `json:"status"`
}

// The key's journey through an ACSES locker (the workflow's locker.go).

// Signals of the journey besides SignalKeyDropped (the customer's dropoff)
// and SignalKeyPickedUp (the customer's final checkout). Each carries a
// KeySignal with the vendor's event and booking.
const (
	SignalKeyPickedUpByMechanic = "key-picked-up-by-mechanic"
	SignalKeyDroppedBack        = "key-dropped-back"
	SignalLockerBookingExpired  = "locker-booking-expired"

	// SignalKeyLockerPINRequested: a customer asked for a drop-off PIN at
	// the dealer's own key locker (by plate or phone); the PIN is issued and
	// sent by SMS/email.
	SignalKeyLockerPINRequested = "key-locker-pin-requested"

	// UpdateKeyPIN hands a member of staff a door code: the mechanic's
	// pick-up, or a receptionist's assisted pick-up for the customer.
	UpdateKeyPIN = "key-locker-pin"
	// UpdateKeyDropBack books a cell for the drop back after the repair.
	UpdateKeyDropBack = "key-drop-back"
)

// LockerPhase is where the key is in its ACSES journey.
type LockerPhase string

const (
	LockerBooked         LockerPhase = "booked"           // drop booking made; key not in yet
	LockerNoCell         LockerPhase = "no_cell"          // no booking: the customer hands the key in at the desk
	LockerDropped        LockerPhase = "dropped"          // key in the locker (customer's drop)
	LockerPickedUp       LockerPhase = "picked_up"        // the mechanic took the key out
	LockerDropBackBooked LockerPhase = "drop_back_booked" // drop-back booking made; key not in yet
	LockerDroppedBack    LockerPhase = "dropped_back"     // key back in the locker for the customer
	LockerPickedUpBack   LockerPhase = "picked_up_back"   // the customer took the key: journey done
	LockerAbandoned      LockerPhase = "abandoned"        // booking expired or cancelled: the key is handled at the desk
)

// LockerState is the journey, part of AppointmentState (nil: no ACSES locker).
type LockerState struct {
	Phase          LockerPhase `json:"phase"`
	LockerSystemID string      `json:"locker_system_id,omitempty"`
	LockerName     string      `json:"locker_name,omitempty"`
	// Outcome tells the staff what happened last that needs them, e.g. no
	// free cell or an expired booking.
	Outcome string `json:"outcome,omitempty"`

	DropBookingID string `json:"drop_booking_id,omitempty"`
	DropCell      string `json:"drop_cell,omitempty"`
	// DropEnd is when the drop booking ends (the vendor expires it then,
	// emptying the cell): bookingLife after the appointment, moved with it.
	DropEnd   *time.Time `json:"drop_end,omitempty"`
	DroppedAt *time.Time `json:"dropped_at,omitempty"`
	// DropAtFromCheckout: DroppedAt is the time of the mechanic's checkout,
	// which arrived before its dropoff; the dropoff's own time replaces it
	// when the dropoff arrives.
	DropAtFromCheckout bool       `json:"drop_at_from_checkout,omitempty"`
	PickUpRequestedBy  int        `json:"pick_up_requested_by,omitempty"`
	PickedUpAt         *time.Time `json:"picked_up_at,omitempty"`
	PickedUpBy         int        `json:"picked_up_by,omitempty"`

	DropBackSeq       int        `json:"drop_back_seq,omitempty"`
	DropBackBookingID string     `json:"drop_back_booking_id,omitempty"`
	DropBackBy        int        `json:"drop_back_by,omitempty"`
	DropBackCell      string     `json:"drop_back_cell,omitempty"`
	DropBackEnd       *time.Time `json:"drop_back_end,omitempty"`
	DroppedBackAt     *time.Time `json:"dropped_back_at,omitempty"`
	// DropBackAtFromCheckout: as DropAtFromCheckout, for the drop back.
	DropBackAtFromCheckout bool       `json:"drop_back_at_from_checkout,omitempty"`
	PickUpPINSent          bool       `json:"pick_up_pin_sent,omitempty"`
	AssistedBy             int        `json:"assisted_by,omitempty"`
	PickedUpBackAt         *time.Time `json:"picked_up_back_at,omitempty"`

	// ExpiryWarningHours is the location's locker_expiry_warning_hours when
	// the booking was made (issue #25; 0: no warning).
	ExpiryWarningHours int `json:"expiry_warning_hours,omitempty"`
	// ExpiryWarned names the booking end ("<booking>@<end>") a task was
	// opened for, ExpiryTaskID the task: one per booking end.
	ExpiryWarned string `json:"expiry_warned,omitempty"`
	ExpiryTaskID int    `json:"expiry_task_id,omitempty"`

	// Events are the vendor event IDs applied, in order (a redelivery is
	// recognised here as well as by each step being set once).
	Events []string `json:"events,omitempty"`
}

// KeyInside reports whether the key is in a cell now.
func (l *LockerState) KeyInside() bool {
	if l == nil || l.Phase == LockerAbandoned {
		return false
	}
	return (l.DroppedAt != nil && l.PickedUpAt == nil) || (l.DroppedBackAt != nil && l.PickedUpBackAt == nil)
}

// KeyPINRequest asks for a door code (UpdateKeyPIN).
type KeyPINRequest struct {
	UserID int  `json:"user_id"`
	Assist bool `json:"assist"`
}

// DropBackRequest asks for a drop-back booking (UpdateKeyDropBack).
type DropBackRequest struct {
	UserID            int    `json:"user_id"`
	LockerSystemID    string `json:"locker_system_id"`
	AppointmentNoteID int    `json:"appointment_note_id,omitempty"`
}

// KeyPINResult is the door code for the member of staff.
type KeyPINResult struct {
	PIN        string `json:"pin"`
	LockerName string `json:"locker_name"`
}

// PINRequestSignal: a PIN request at the dealer's key locker matched this
// appointment (SignalKeyLockerPINRequested).
type PINRequestSignal struct {
	RequestType enums.KeylockerPinRequestType `json:"pin_request_type"`
	// RequestKey is unique per request: the PIN is issued once for it.
	RequestKey string `json:"request_key"`
	// AgreementIDs: the agreement versions the customer accepted at the
	// locker's screen (checked by the API), recorded with the PIN.
	AgreementIDs []int `json:"agreement_ids,omitempty"`
}

// SignalKeyLockerDroppedBack: a mechanic dropped the key back into the
// dealer's own key locker after the repair (reported by the locker); the
// customer's pick-up PIN is issued and sent.
const SignalKeyLockerDroppedBack = "key-locker-dropped-back"

// KeyLockerDropBackSignal names the key-locker communication and where the key is.
type KeyLockerDropBackSignal struct {
	KeyLockerCommunicationID int    `json:"key_locker_communication_id"`
	KeyLockerName            string `json:"key_locker_name"`
	KeyLockerBoxNumber       int    `json:"key_locker_box_number"`
}
