package caller

import (
	"strings"
	"testing"

	"github.com/pitstop-dev/pitstop/contracts/ticket"
)

// The ticket's ID names its appointment (whose customers' keys seal its
// payloads); what the Temporal UI shows in clear names no plate.
func TestStartOptionsNameTheAppointmentAndNoPlate(t *testing.T) {
	in := ticket.Input{WONr: "WO-7", RegNumber: "AB-123-C"}
	in.RequestID, in.AppointmentID, in.DealerLocationID = "5d7b2c1e-0000-4000-8000-000000000000", 7, 3
	opts := StartOptions("q", in)
	if opts.ID != "ticket-7-"+in.RequestID {
		t.Errorf("ID %q", opts.ID)
	}
	for _, shown := range []string{opts.StaticSummary, opts.StaticDetails} {
		if strings.Contains(shown, "AB-123-C") || strings.Contains(strings.ReplaceAll(shown, "-", ""), "AB123C") {
			t.Errorf("%q shows the plate", shown)
		}
	}
	if !strings.Contains(opts.StaticSummary, "WO-7") {
		t.Errorf("summary %q: the work order is its reference", opts.StaticSummary)
	}
}
