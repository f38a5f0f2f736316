// Package ticket is the workflow of one remote-diagnose ticket (spec 003):
// ordered for an appointment's car on an OBD connector, followed until the
// provider's operator ends it, its result put on the appointment.
package ticket

import (
	"context"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	acts "github.com/pitstop-dev/pitstop/activities/ticket"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// WorkflowName is the ticket workflow's registered type.
const WorkflowName = "TicketWorkflow"

// Message names.
const (
	QueryState   = "state"
	UpdateCancel = "cancel"
	UpdateCSAT   = "csat"
	// UpdateRecorded is sent with the start (update-with-start, see Order):
	// it answers once the workflow's first activity recorded the request
	// (the state, status "requested"), or with the refusal (a busy
	// connector) that ended the ticket before anything was recorded.
	UpdateRecorded = "recorded"
	// SignalStatus carries an activities/ticket.StatusUpdate (from the
	// follow activity or a websocket listener).
	SignalStatus = acts.SignalStatus
)

// WorkflowID is `ticket-<request uuid>`.
func WorkflowID(requestID string) string { return acts.WorkflowID(requestID) }

// Defaults of the waits; an input may shorten them (tests, demos).
const (
	DefaultServiceCenterDeadline = 4 * time.Hour
	DefaultRecheckEvery          = 5 * time.Minute
	DefaultCSATWindow            = 7 * 24 * time.Hour
)

// Input starts a ticket workflow.
type Input struct {
	acts.Request
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
	RequestID        string      `json:"request_id"`
	AppointmentID    int         `json:"appointment_id"`
	DealerLocationID int         `json:"dealer_location_id"`
	ConnectorID      int64       `json:"connector_id"`
	Status           acts.Status `json:"status"`
	Reason           string      `json:"reason,omitempty"`
	ProviderTicketID int64       `json:"provider_ticket_id,omitempty"`
	ProviderState    int         `json:"provider_state,omitempty"`
	WaitingSince     *time.Time  `json:"waiting_since,omitempty"`
	ServiceMessage   string      `json:"service_message,omitempty"`
	Price            *acts.Price `json:"price,omitempty"`
	InterventionID   int         `json:"intervention_id,omitempty"`
	Notes            int         `json:"notes,omitempty"`
	Attachments      int         `json:"attachments,omitempty"`
	CSATScore        *float64    `json:"csat_score,omitempty"`
	// ReceptionistNotified: the appointment is flagged
	// remote_diagnosis_to_handle; DealerWebhook: what the dealer webhook
	// did ("none", "delivered", "refused: ...", "failed: ..."), once known.
	ReceptionistNotified bool                `json:"receptionist_notified,omitempty"`
	DealerWebhook        string              `json:"dealer_webhook,omitempty"`
	Adopted              bool                `json:"adopted,omitempty"`
	Polled               bool                `json:"polled,omitempty"`
	Updates              []acts.StatusUpdate `json:"updates,omitempty"`
}

// CSATRequest is the mechanic's satisfaction score.
type CSATRequest struct {
	Score   float64 `json:"score"`
	Comment *string `json:"comment,omitempty"`
}

// StartOptions are the ticket workflow's start options, for every caller.
// The ID is the request's; a request id already used is refused
// (REJECT_DUPLICATE), a running one is joined (USE_EXISTING, as
// update-with-start needs: a retried order adopts its own workflow).
func StartOptions(taskQueue string, in Input) client.StartWorkflowOptions {
	return client.StartWorkflowOptions{
		ID:                       WorkflowID(in.RequestID),
		TaskQueue:                taskQueue,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			appointment.SAAppointmentID.ValueSet(int64(in.AppointmentID)),
			appointment.SADealerLocationID.ValueSet(int64(in.DealerLocationID)),
			appointment.SAWONr.ValueSet(in.WONr),
			SAConnectorID.ValueSet(in.ConnectorID),
			SAVIN.ValueSet(in.VIN),
			SATicketStatus.ValueSet(string(acts.StatusRequested)),
		),
		// No personal data: work order, registration, location, connector.
		StaticSummary: fmt.Sprintf("Remote diagnosis %s (%s), location %d", in.WONr, in.RegNumber, in.DealerLocationID),
		StaticDetails: fmt.Sprintf("Appointment %d, connector %d, products %v", in.AppointmentID, in.ConnectorID, in.ProductIDs),
	}
}

// Start starts the workflow of a new ticket request without waiting for
// its row (Order waits).
func Start(ctx context.Context, c client.Client, taskQueue string, in Input) (client.WorkflowRun, error) {
	return c.ExecuteWorkflow(ctx, StartOptions(taskQueue, in), WorkflowName, in)
}

// Order starts the workflow of a new ticket request and waits until its
// first activity has recorded the request, in one call to Temporal
// (update-with-start): the row and the workflow appear together or not at
// all, so a caller that dies at any point never leaves a row without a
// workflow to end it (and free its connector). A refusal (the connector
// already has a running ticket) comes back as a *temporal.ApplicationError
// of type errtypes.Rejected; the workflow then ends without a row. Calling
// it again with the same request id joins the same workflow and update.
func Order(ctx context.Context, c client.Client, taskQueue string, in Input) (State, error) {
	start := c.NewWithStartWorkflowOperation(StartOptions(taskQueue, in), WorkflowName, in)
	h, err := c.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start,
		UpdateOptions: client.UpdateWorkflowOptions{
			UpdateName: UpdateRecorded, UpdateID: "recorded-" + in.RequestID, WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	})
	var st State
	if err == nil {
		err = h.Get(ctx, &st)
	}
	return st, err
}

// PrerequisiteAnswer re-exports the activities' type so callers (the API)
// fill an Input without importing the activities.
type PrerequisiteAnswer = acts.PrerequisiteAnswer

// Reference is the reference a ticket is ordered with (our request id).
func Reference(requestID string) string { return acts.Reference(requestID) }
