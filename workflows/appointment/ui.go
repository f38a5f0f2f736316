package appointment

import (
	"fmt"
	"time"
)

// What ops read in the Temporal UI: a summary and details on start, the
// current details while the workflow waits, and a summary on each timer.
// Work order, registration and location only: no personal data.

// details says what the lifecycle waits for, and since when.
func (w *appointment) details() string {
	since := w.lastChange().UTC().Format("2006-01-02 15:04 MST")
	var what string
	switch w.st.Stage {
	case StageScheduled:
		if w.st.CheckInEnabled {
			what = "waiting to send the online check-in on " + w.st.CheckInSendAt.UTC().Format("2006-01-02 15:04 MST")
		} else {
			what = "waiting for the appointment (online check-in disabled)"
		}
	case StageCheckInSent:
		what = "waiting for the customer's online check-in answer"
	case StageAwaitingKeyDrop:
		what = "waiting for the key in the locker"
	case StageInWorkshop:
		what = "car in the workshop; waiting for the diagnose overview"
	case StageInspected:
		what = "car inspected; waiting for the diagnose overview"
	case StageDiagnoseSent:
		what = "waiting for the customer's diagnose decisions"
	case StageDiagnoseAnswered:
		what = "repairs under way; waiting for the repair overview"
	case StageRepairSent:
		what = "repair overview sent; waiting for the key pick-up"
	default:
		what = string(w.st.Stage)
	}
	return fmt.Sprintf("%s since %s (appointment %s, %s)", what, since, w.st.WONr, w.st.AppointmentAt.UTC().Format("2006-01-02 15:04 MST"))
}

// deadlineSummary names the timer of the current stage.
func (w *appointment) deadlineSummary() string {
	switch w.st.Stage {
	case StageScheduled:
		if !w.st.CheckInEnabled {
			return "wait until the appointment time"
		}
		return fmt.Sprintf("wait until %d days before the appointment (send the online check-in)", w.st.CheckInDaysPrior)
	case StageCheckInSent:
		return "wait until the appointment time (close an unanswered check-in)"
	case StageAwaitingKeyDrop:
		return "wait until the appointment time (plus grace) for the key drop"
	case StageRepairSent:
		return fmt.Sprintf("wait %d days for the key pick-up, then complete", int(completeAfterRepair/(24*time.Hour)))
	}
	return "wait"
}
