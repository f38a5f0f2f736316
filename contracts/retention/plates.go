package retention

import "fmt"

// PlatesWorkflowName is the follow-up of an erasure (issue #26): lifecycles
// started before change reg-number-search-hash carry the registration
// plate in clear in their RegNumber search attribute, which no codec
// reaches and an erasure of the database leaves in Temporal's visibility
// store. The workflow's one activity finds the erased customers'
// lifecycles, deletes the closed ones whose RegNumber is a plate and counts
// the running ones it leaves. The nightly run does the same for the
// appointments of each batch (inside AnonymiseBatch).
const PlatesWorkflowName = "ForgetPlainPlatesWorkflow"

// PlatesWorkflowID is the follow-up of erasure erasureID: one per erasure.
func PlatesWorkflowID(erasureID int) string { return fmt.Sprintf("erasure-plates-%d", erasureID) }

// Plates names the lifecycles whose plain plates are to go: those of every
// appointment of the dealer's customers CustomerIDs (driver, owner or
// contractor), and of AppointmentIDs. IDs only, never a plate: the plate is
// erased from the database before this runs, so the lifecycles are found
// by their AppointmentID search attribute.
type Plates struct {
	DealerID       int   `json:"dealer_id"`
	CustomerIDs    []int `json:"customer_ids,omitempty"`
	AppointmentIDs []int `json:"appointment_ids,omitempty"`
}

// PlatesResult: closed lifecycle runs deleted, running ones left (they
// carry the plate until they close; see the README).
type PlatesResult struct {
	Deleted int `json:"deleted"`
	Running int `json:"running"`
}
