package caller

import (
	"strings"
	"testing"

	"github.com/pitstop-dev/pitstop/contracts/desk"
	"github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// The confirmation's RegNumber is the plate's keyed hash the API made,
// never the plate; without a hash it has none.
func TestDeskConfirmationRegNumberIsTheHash(t *testing.T) {
	in := desk.DeskConfirmationInput{DeskCommunicationID: 3, AppointmentID: 7, DealerLocationID: 1, WONr: "WO-7",
		RegNumber: "AB-123-C", RegNumberHash: "0123456789abcdef0123456789abcdef"}
	if reg, ok := searchAttributes(in).GetKeyword(caller.SARegNumber); !ok || reg != in.RegNumberHash {
		t.Fatalf("RegNumber = %q (set %v), want the hash %q", reg, ok, in.RegNumberHash)
	}
	in.RegNumberHash = ""
	if searchAttributes(in).ContainsKey(caller.SARegNumber) {
		t.Fatal("without a hash the confirmation has no RegNumber, never the plate")
	}
}

// The Temporal UI shows the summary and details in clear: neither names
// the car.
func TestDeskConfirmationSummaryNamesNoPlate(t *testing.T) {
	in := desk.DeskConfirmationInput{DeskCommunicationID: 7, AppointmentID: 3, DealerLocationID: 2,
		WONr: "WO-42", RegNumber: "AB-123-C", RegNumberHash: "0123456789abcdef0123456789abcdef"}
	o := startOptions("q", in)
	for _, text := range []string{o.StaticSummary, o.StaticDetails} {
		if strings.Contains(text, in.RegNumber) {
			t.Fatalf("%q shows the plate", text)
		}
	}
	if !strings.Contains(o.StaticSummary, in.WONr) {
		t.Fatalf("summary %q should name the work order", o.StaticSummary)
	}
}
