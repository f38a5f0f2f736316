package caller

import (
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
)

// Search attributes ops filter on in the Temporal UI, e.g.
// `WONr = "WO-1001"` or `LifecycleStage = "diagnose_sent" AND DealerLocationID = 1`.
var (
	SAAppointmentID    = temporal.NewSearchAttributeKeyInt64("AppointmentID")
	SADealerLocationID = temporal.NewSearchAttributeKeyInt64("DealerLocationID")
	SAWONr             = temporal.NewSearchAttributeKeyKeyword("WONr")
	SARegNumber        = temporal.NewSearchAttributeKeyKeyword("RegNumber")
	SALifecycleStage   = temporal.NewSearchAttributeKeyKeyword("LifecycleStage")
)

// SearchAttributeTypes is what a Temporal server must have registered
// (name -> type as `temporal operator search-attribute create` spells it).
var SearchAttributeTypes = map[string]string{
	"AppointmentID":    "Int",
	"DealerLocationID": "Int",
	"WONr":             "Keyword",
	"RegNumber":        "Keyword",
	"LifecycleStage":   "Keyword",
}

// SearchAttributesOf gives a workflow's attributes from its state.
func SearchAttributesOf(st appointment.AppointmentState) temporal.SearchAttributes {
	return temporal.NewSearchAttributes(SearchAttributeUpdates(st)...)
}

func SearchAttributeUpdates(st appointment.AppointmentState) []temporal.SearchAttributeUpdate {
	return []temporal.SearchAttributeUpdate{
		SAAppointmentID.ValueSet(int64(st.AppointmentID)),
		SADealerLocationID.ValueSet(int64(st.DealerLocationID)),
		SAWONr.ValueSet(st.WONr),
		SARegNumber.ValueSet(st.RegNumber),
		SALifecycleStage.ValueSet(string(st.Stage)),
	}
}
