package appointment

import "github.com/pitstop-dev/pitstop/internal/enums"

// Opened is the "sent → opened" status change of a communication the
// customer reads: the status it moves to and the event that records it. ok
// is false in every other status (already opened, answered or closed:
// reading again changes nothing). The workflow applies it when the opened
// signal arrives; the customer's read answers with it at once, without
// waiting for the workflow.
func Opened(s enums.CommunicationStatus) (next enums.CommunicationStatus, event enums.CommunicationEventType, ok bool) {
	switch s {
	case enums.CommunicationStatusCheckInSent:
		return enums.CommunicationStatusCheckInOpened, enums.CommunicationEventTypeOnlineCheckInOpened, true
	case enums.CommunicationStatusDiagnoseOverviewSent:
		return enums.CommunicationStatusDiagnoseOverviewOpened, enums.CommunicationEventTypeDiagnoseOverviewOpened, true
	case enums.CommunicationStatusRepairOverviewSent:
		return enums.CommunicationStatusRepairOverviewOpened, enums.CommunicationEventTypeRepairOverviewOpened, true
	}
	return s, 0, false
}

// OpenedStatus is the status a read by the customer shows: Opened's, or s
// unchanged.
func OpenedStatus(s enums.CommunicationStatus) enums.CommunicationStatus {
	next, _, _ := Opened(s)
	return next
}
