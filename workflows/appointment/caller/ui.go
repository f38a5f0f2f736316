package caller

import (
	"fmt"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
)

// What ops read in the Temporal UI on start (the workflow's ui.go adds the
// current details while it waits). Work order, registration and location
// only: no personal data.

// StaticSummary is the one line the UI shows for the workflow.
func StaticSummary(st appointment.AppointmentState) string {
	return fmt.Sprintf("Appointment %s (%s) at location %d", st.WONr, st.RegNumber, st.DealerLocationID)
}

// StaticDetails is the UI's longer description of the workflow.
func StaticDetails(st appointment.AppointmentState) string {
	return fmt.Sprintf("Lifecycle of appointment %d: online check-in, key drop, diagnose overview, repair overview, key pick-up.\n"+
		"Work order %s, registration %s, dealer location %d. The customer's answers and messages are in the activities; personal data stays in the database.",
		st.AppointmentID, st.WONr, st.RegNumber, st.DealerLocationID)
}
