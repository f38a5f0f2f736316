package ticket

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
