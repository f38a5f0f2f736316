// Package desk is the contract of the desk check-in confirmation workflow:
// its name, ID and input. It imports only the standard library.
package desk

import "fmt"

// WorkflowName is the confirmation's registered workflow type.
const WorkflowName = "DeskConfirmationWorkflow"

// DeskConfirmationWorkflowID names the confirmation of one desk check-in:
// a desk check-in is answered once, so it is confirmed once.
func DeskConfirmationWorkflowID(deskCommunicationID int) string {
	return fmt.Sprintf("desk-confirmation-%d", deskCommunicationID)
}

// DeskConfirmationInput names the answered desk check-in; the rest is for
// the search attributes, so ops find the confirmation with its appointment.
type DeskConfirmationInput struct {
	DeskCommunicationID int    `json:"desk_communication_id"`
	AppointmentID       int    `json:"appointment_id"`
	DealerLocationID    int    `json:"dealer_location_id"`
	WONr                string `json:"wo_nr"`
	RegNumber           string `json:"reg_number"`
	// RegNumberHash is the keyed hash of the plate (internal/keys
	// RegNumberHash) the RegNumber search attribute holds: never the
	// plate, which an erasure could not reach in Temporal's visibility.
	RegNumberHash string `json:"reg_number_hash,omitempty"`
	// CustomerName is the name the customer entered on the tablet.
	CustomerName string `json:"customer_name,omitempty"`
}
