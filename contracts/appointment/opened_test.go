package appointment

import (
	"testing"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Each "sent" status opens to its own "opened" status and event; every other
// status stays as it is.
func TestOpened(t *testing.T) {
	want := map[enums.CommunicationStatus]struct {
		next enums.CommunicationStatus
		ev   enums.CommunicationEventType
	}{
		enums.CommunicationStatusCheckInSent:          {enums.CommunicationStatusCheckInOpened, enums.CommunicationEventTypeOnlineCheckInOpened},
		enums.CommunicationStatusDiagnoseOverviewSent: {enums.CommunicationStatusDiagnoseOverviewOpened, enums.CommunicationEventTypeDiagnoseOverviewOpened},
		enums.CommunicationStatusRepairOverviewSent:   {enums.CommunicationStatusRepairOverviewOpened, enums.CommunicationEventTypeRepairOverviewOpened},
	}
	for s := enums.CommunicationStatus(0); s <= 30; s++ {
		next, ev, ok := Opened(s)
		w, opens := want[s]
		if ok != opens || (opens && (next != w.next || ev != w.ev)) || (!opens && next != s) {
			t.Errorf("Opened(%d) = %d, %d, %v", s, next, ev, ok)
		}
		if OpenedStatus(s) != next {
			t.Errorf("OpenedStatus(%d) = %d, want %d", s, OpenedStatus(s), next)
		}
	}
}
