package caller

import "go.temporal.io/sdk/temporal"

// Search attributes of ticket workflows, beside the appointment's
// AppointmentID, DealerLocationID and WONr they also set, e.g.
// `RemoteDiagConnectorID = 910329423 AND TicketStatus = "waiting"` or
// `VIN = "WF0AXXGCDA1234567"`.
var (
	SAConnectorID  = temporal.NewSearchAttributeKeyInt64("RemoteDiagConnectorID")
	SAVIN          = temporal.NewSearchAttributeKeyKeyword("VIN")
	SATicketStatus = temporal.NewSearchAttributeKeyKeyword("TicketStatus")
)

// SearchAttributeTypes is what a Temporal server must have registered for
// this package (name -> type as `temporal operator search-attribute
// create` spells it); see appointment.SearchAttributeTypes for the rest.
var SearchAttributeTypes = map[string]string{
	"RemoteDiagConnectorID": "Int",
	"VIN":                   "Keyword",
	"TicketStatus":          "Keyword",
}
