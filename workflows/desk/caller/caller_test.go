package caller

import (
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
