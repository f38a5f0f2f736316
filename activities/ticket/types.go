package ticket

import "github.com/pitstop-dev/pitstop/contracts/ticket"

// The contract's types (contracts/ticket) the activities take and return,
// named as the activities spell them.
type (
	Status             = ticket.Status
	Request            = ticket.Request
	PrerequisiteAnswer = ticket.PrerequisiteAnswer
	Price              = ticket.Price
	PriceItem          = ticket.PriceItem
	StatusUpdate       = ticket.StatusUpdate
)

// The statuses, as the contract names them.
const (
	StatusRequested  = ticket.StatusRequested
	StatusWaiting    = ticket.StatusWaiting
	StatusPending    = ticket.StatusPending
	StatusInProgress = ticket.StatusInProgress
	StatusClosed     = ticket.StatusClosed
	StatusFailed     = ticket.StatusFailed
	StatusRefused    = ticket.StatusRefused
	StatusExpired    = ticket.StatusExpired
	StatusCancelled  = ticket.StatusCancelled
)

// Readiness is whether a ticket can be created now.
type Readiness struct {
	ConnectorOnline   bool   `json:"connector_online"`
	ServiceCenterOpen bool   `json:"service_center_open"`
	Message           string `json:"message,omitempty"` // the service center's message
	EndsAt            string `json:"ends_at,omitempty"`
}

// ReadinessInput names the connector to check and the ticket request it is
// checked for (whose location's provider account is used; absent in
// histories from before VersionAccount).
type ReadinessInput struct {
	ConnectorID int64  `json:"connector_id"`
	RequestID   string `json:"request_id,omitempty"`
}

// CreateOutcome is what asking for the ticket came to; the outcomes other
// than Created are answers, not errors, so the workflow decides (wait for
// the service center, give up on an offline connector).
type CreateOutcome string

const (
	CreateCreated       CreateOutcome = "created"
	CreateCenterClosed  CreateOutcome = "service_center_closed"
	CreateOffline       CreateOutcome = "connector_offline"
	CreateConnectorBusy CreateOutcome = "connector_busy"
)

// CreateOutput is the created (or adopted) ticket.
type CreateOutput struct {
	Outcome       CreateOutcome `json:"outcome"`
	TicketID      int64         `json:"ticket_id,omitempty"`
	ProviderState int           `json:"provider_state,omitempty"`
	Message       string        `json:"message,omitempty"`
	// Adopted: an earlier attempt had created it; this one found it.
	Adopted bool `json:"adopted,omitempty"`
}

// FollowInput names the ticket to follow until it ends.
type FollowInput struct {
	RequestID   string `json:"request_id"`
	ConnectorID int64  `json:"connector_id"`
	TicketID    int64  `json:"ticket_id"`
}

// FollowOutput is the ticket's final state.
type FollowOutput struct {
	ProviderState int    `json:"provider_state"`
	Status        Status `json:"status"`
	// Polled: the websocket dropped and the end was found by polling.
	Polled bool `json:"polled,omitempty"`
}

// StoreInput names the finished ticket whose result goes on the appointment.
type StoreInput struct {
	RequestID string `json:"request_id"`
	TicketID  int64  `json:"ticket_id"`
	Status    Status `json:"status"`
	// Quote is the price calculated before the ticket was ordered: the
	// prices of a closed ticket the provider does not list as historical
	// yet (absent from histories recorded before it existed).
	Quote *Price `json:"quote,omitempty"`
}

// StoreOutput is the intervention made of the ticket's result.
type StoreOutput struct {
	InterventionID int     `json:"intervention_id"`
	Notes          int     `json:"notes"`
	Attachments    int     `json:"attachments"`
	TotalNet       float64 `json:"total_net"`
	Currency       string  `json:"currency"`
}

// MarkInput records a status change in the read model.
type MarkInput struct {
	RequestID     string `json:"request_id"`
	Status        Status `json:"status"`
	ProviderState int    `json:"provider_state,omitempty"`
	Reason        string `json:"reason,omitempty"`
}

// CSATInput is the mechanic's satisfaction score for a ticket.
type CSATInput struct {
	RequestID string  `json:"request_id"`
	TicketID  int64   `json:"ticket_id"`
	Score     float64 `json:"score"`
	Comment   *string `json:"comment,omitempty"`
}
