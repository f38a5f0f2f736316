// Package ticket is the contract of one remote-diagnose ticket's workflow
// (spec 003): its names, ID, input, state and statuses, and the rule of a
// CSAT score. It imports only the standard library. The JSON names here are
// recorded in workflow histories: never rename one.
package ticket

import (
	"fmt"
	"time"
)

// WorkflowName is the ticket workflow's registered type.
const WorkflowName = "TicketWorkflow"

// Message names.
const (
	QueryState   = "state"
	UpdateCancel = "cancel"
	UpdateCSAT   = "csat"
	// UpdateRecorded is sent with the start (update-with-start, see the
	// caller's Order): it answers once the workflow's first activity
	// recorded the request (the state, status "requested"), or with the
	// refusal (a busy connector) that ended the ticket before anything was
	// recorded.
	UpdateRecorded = "recorded"
	// UpdateAddToDiagnoseOverview puts an ended ticket's intervention in
	// the diagnose overview (visible to the customer); UpdateDismissResult
	// records that the receptionist will not show it. Both answer a
	// ResultHandled; the ticket workflow is the one writer of the
	// appointment's remote_diagnosis_to_handle flag.
	UpdateAddToDiagnoseOverview = "add-to-diagnose-overview"
	UpdateDismissResult         = "dismiss-result"
	// SignalStatus carries a StatusUpdate (from the follow activity or a
	// websocket listener).
	SignalStatus = "ticket-status"
)

// WorkflowID names the workflow of a ticket request: ticket-<appointment
// id>-<request uuid>. The appointment in the ID lets the data converter
// seal the ticket's payloads (the car's plate and VIN, the mechanic's
// comment) with the data keys of the appointment's customers, which their
// erasure deletes (issue #26, internal/custkeys.CustomersOf).
func WorkflowID(appointmentID int, requestID string) string {
	return fmt.Sprintf("ticket-%d-%s", appointmentID, requestID)
}

// LegacyWorkflowID is the ID of a ticket ordered before WorkflowID named
// the appointment (ticket-<request uuid>, sealed with the master key).
func LegacyWorkflowID(requestID string) string { return "ticket-" + requestID }

// Reference is what we send as the ticket's reference: our request id, so
// a retry recognises its own ticket among the finished ones.
func Reference(requestID string) string { return "pitstop-" + requestID }

// Defaults of the waits; an input may shorten them (tests, demos).
const (
	DefaultServiceCenterDeadline = 4 * time.Hour
	DefaultRecheckEvery          = 5 * time.Minute
	DefaultCSATWindow            = 7 * 24 * time.Hour
)

// Input starts a ticket workflow.
type Input struct {
	Request
	WONr      string `json:"wo_nr"`
	RegNumber string `json:"reg_number"`
	// ServiceCenterDeadline: how long to wait for a closed service center
	// to open before giving up; RecheckEvery: how often to look again;
	// CSATWindow: how long a finished ticket takes a CSAT score. Zero means
	// the default.
	ServiceCenterDeadline time.Duration `json:"service_center_deadline,omitempty"`
	RecheckEvery          time.Duration `json:"recheck_every,omitempty"`
	CSATWindow            time.Duration `json:"csat_window,omitempty"`
}

// State is what the state query answers.
type State struct {
	RequestID        string     `json:"request_id"`
	AppointmentID    int        `json:"appointment_id"`
	DealerLocationID int        `json:"dealer_location_id"`
	ConnectorID      int64      `json:"connector_id"`
	Status           Status     `json:"status"`
	Reason           string     `json:"reason,omitempty"`
	ProviderTicketID int64      `json:"provider_ticket_id,omitempty"`
	ProviderState    int        `json:"provider_state,omitempty"`
	WaitingSince     *time.Time `json:"waiting_since,omitempty"`
	ServiceMessage   string     `json:"service_message,omitempty"`
	Price            *Price     `json:"price,omitempty"`
	InterventionID   int        `json:"intervention_id,omitempty"`
	Notes            int        `json:"notes,omitempty"`
	Attachments      int        `json:"attachments,omitempty"`
	CSATScore        *float64   `json:"csat_score,omitempty"`
	// ReceptionistNotified: the appointment is flagged
	// remote_diagnosis_to_handle; DealerWebhook: what the dealer webhook
	// did ("none", "delivered", "refused: ...", "failed: ..."), once known.
	ReceptionistNotified bool           `json:"receptionist_notified,omitempty"`
	DealerWebhook        string         `json:"dealer_webhook,omitempty"`
	Adopted              bool           `json:"adopted,omitempty"`
	Polled               bool           `json:"polled,omitempty"`
	Updates              []StatusUpdate `json:"updates,omitempty"`
}

// ResultHandled is what a receptionist's decision on an ended ticket's
// result did.
type ResultHandled struct {
	InterventionID    int  `json:"intervention_id"`
	VisibleToCustomer bool `json:"visible_to_customer"`
	ResultDismissed   bool `json:"result_dismissed"`
	// RemoteDiagnosisToHandle is the appointment's flag afterwards: raised
	// while another ended ticket's result waits.
	RemoteDiagnosisToHandle bool `json:"remote_diagnosis_to_handle"`
	// ResendNeeded: a diagnose overview was sent already; the customer sees
	// the intervention once it is sent again.
	ResendNeeded bool `json:"resend_needed"`
}

// CSATRequest is the mechanic's satisfaction score.
type CSATRequest struct {
	Score   float64 `json:"score"`
	Comment *string `json:"comment,omitempty"`
}

// ValidateCSAT checks a score against the spec: -1..1, an optional comment.
func ValidateCSAT(req CSATRequest) []string {
	var p []string
	if req.Score != req.Score || req.Score < -1 || req.Score > 1 {
		p = append(p, "score: must be between -1 and 1")
	}
	if req.Comment != nil && len(*req.Comment) > 2000 {
		p = append(p, "comment: at most 2000 characters")
	}
	return p
}

// Status is where one of our remote-diagnose tickets stands, as the
// workflow and the read model (RemoteDiagTicket.status) name it.
type Status string

const (
	StatusRequested  Status = "requested"   // recorded, nothing asked of the provider yet
	StatusWaiting    Status = "waiting"     // the service center is closed: waiting for it to open
	StatusPending    Status = "pending"     // the provider's ticket exists (provider state 1)
	StatusInProgress Status = "in_progress" // an operator works on the car
	StatusClosed     Status = "closed"      // finished; notes and prices stored on the appointment
	StatusFailed     Status = "failed"      // the provider ended it without the service delivered
	StatusRefused    Status = "refused"     // not created: connector offline or busy, or the provider refused it
	StatusExpired    Status = "expired"     // the service center stayed closed past the deadline
	StatusCancelled  Status = "cancelled"   // cancelled by staff before it was created
)

// Final reports whether the status can no longer change.
func (s Status) Final() bool {
	switch s {
	case StatusClosed, StatusFailed, StatusRefused, StatusExpired, StatusCancelled:
		return true
	}
	return false
}

// Request is what a ticket is ordered with; it is recorded first.
type Request struct {
	RequestID             string               `json:"request_id"`
	AppointmentID         int                  `json:"appointment_id"`
	DealerLocationID      int                  `json:"dealer_location_id"`
	ConnectorID           int64                `json:"connector_id"`
	VIN                   string               `json:"vin"`
	VehicleModelID        int64                `json:"vehicle_model_id"`
	VehicleModelVariantID int64                `json:"vehicle_model_variant_id"`
	ProductIDs            []int64              `json:"product_ids"`
	Voucher               string               `json:"voucher,omitempty"`
	Prerequisites         []PrerequisiteAnswer `json:"prerequisites,omitempty"`
	ConfirmedUnattended   bool                 `json:"confirmed_unattended_service"`
}

// PrerequisiteAnswer answers one product prerequisite.
type PrerequisiteAnswer struct {
	DefinitionID int64  `json:"definition_id"`
	Value        string `json:"value"`
}

// Price is the provider's price calculation in short.
type Price struct {
	Currency                    string      `json:"currency"`
	TotalNet                    float64     `json:"total_net"`
	TotalGross                  float64     `json:"total_gross"`
	NeedsUnattendedConfirmation bool        `json:"needs_unattended_confirmation"`
	Items                       []PriceItem `json:"items"`
}

// PriceItem is one product's price.
type PriceItem struct {
	ProductID int64   `json:"product_id"`
	Name      string  `json:"name"`
	Net       float64 `json:"net"`
	Gross     float64 `json:"gross"`
}

// StatusUpdate is a ticket state seen by the follow activity or a listener;
// it travels to the workflow as a signal.
type StatusUpdate struct {
	TicketID      int64  `json:"ticket_id"`
	ProviderState int    `json:"provider_state"`
	Status        Status `json:"status"`
	Source        string `json:"source"` // websocket, poll, listener
	// Polled: the follow activity's websocket had dropped before this.
	Polled bool `json:"polled,omitempty"`
}
