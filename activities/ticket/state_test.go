package ticket_test

import (
	"testing"

	"github.com/pitstop-dev/pitstop/activities/ticket"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// An unknown provider state is "in progress": never final, never failed.
func TestUnknownProviderStateIsInProgress(t *testing.T) {
	for _, s := range []int{3, 4, 5, 6, 8, 10, 42} {
		if got := ticket.StatusOf(rd.TicketState(s)); got != ticket.StatusInProgress {
			t.Fatalf("state %d -> %s", s, got)
		}
		if got := ticket.StatusOfState(s); got != ticket.StatusInProgress {
			t.Fatalf("state %d (int) -> %s", s, got)
		}
		if rd.TicketState(s).IsFinal() {
			t.Fatalf("state %d final", s)
		}
	}
	if ticket.StatusOf(rd.TicketStateFailed) != ticket.StatusFailed || ticket.StatusOf(rd.TicketStateClosed) != ticket.StatusClosed {
		t.Fatal("known final states")
	}
}
