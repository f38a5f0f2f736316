package caller

import (
	"reflect"

	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
)

// Search attributes ops filter on in the Temporal UI, e.g.
// `WONr = "WO-1001"` or `LifecycleStage = "diagnose_sent" AND DealerLocationID = 1`.
// RegNumber never holds the plate (Temporal's visibility store is out of an
// erasure's reach, issue #26) but its keyed hash (internal/keys
// RegNumberHash, made by the lifecycle's LoadAppointment activity and the
// API): `pitstop admin regnumber-hash <plate>` prints the query that finds a
// car, `RegNumber = "<hash>"`.
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

// SearchAttributesOf gives a new lifecycle's start attributes from its
// state, with regNumberHash (keys.RegNumberHash of its plate) as RegNumber
// when the caller knows the server secret the hash needs (the DMS steer,
// in the worker); "" leaves it to the workflow, which sets it once it has
// loaded the appointment, in its first step.
func SearchAttributesOf(st appointment.AppointmentState, regNumberHash string) temporal.SearchAttributes {
	updates := []temporal.SearchAttributeUpdate{
		SAAppointmentID.ValueSet(int64(st.AppointmentID)),
		SADealerLocationID.ValueSet(int64(st.DealerLocationID)),
		SAWONr.ValueSet(st.WONr),
		SALifecycleStage.ValueSet(string(st.Stage)),
	}
	if regNumberHash != "" {
		updates = append(updates, SARegNumber.ValueSet(regNumberHash))
	}
	return temporal.NewSearchAttributes(updates...)
}

// SearchAttributeUpdates is what the workflow upserts from its state, with
// regNumberHash (keys.RegNumberHash of its plate) as RegNumber; "" unsets it.
func SearchAttributeUpdates(st appointment.AppointmentState, regNumberHash string) []temporal.SearchAttributeUpdate {
	reg := SARegNumber.ValueUnset()
	if regNumberHash != "" {
		reg = SARegNumber.ValueSet(regNumberHash)
	}
	return []temporal.SearchAttributeUpdate{
		SAAppointmentID.ValueSet(int64(st.AppointmentID)),
		SADealerLocationID.ValueSet(int64(st.DealerLocationID)),
		SAWONr.ValueSet(st.WONr),
		reg,
		SALifecycleStage.ValueSet(string(st.Stage)),
	}
}

// PlateSearchAttributeUpdates is what lifecycles started before the hash
// upserted, the plate itself as RegNumber: their histories replay with it
// (workflows/appointment, change ID "reg-number-search-hash"). Never for a
// new run.
func PlateSearchAttributeUpdates(st appointment.AppointmentState) []temporal.SearchAttributeUpdate {
	return []temporal.SearchAttributeUpdate{
		SAAppointmentID.ValueSet(int64(st.AppointmentID)),
		SADealerLocationID.ValueSet(int64(st.DealerLocationID)),
		SAWONr.ValueSet(st.WONr),
		SARegNumber.ValueSet(st.RegNumber),
		SALifecycleStage.ValueSet(string(st.Stage)),
	}
}

// ChangedSearchAttributeUpdates is SearchAttributeUpdates less what the
// run already has (from its start or an earlier upsert): an upsert is a
// history event and a visibility write, and a DMS start already carries
// them all (issue #24).
func ChangedSearchAttributeUpdates(has temporal.SearchAttributes, st appointment.AppointmentState, regNumberHash string) []temporal.SearchAttributeUpdate {
	// Each update is tried on a copy of has and kept when it changes it:
	// the attributes are listed once, in SearchAttributeUpdates.
	var out []temporal.SearchAttributeUpdate
	for _, u := range SearchAttributeUpdates(st, regNumberHash) {
		if changes(has, u) {
			out = append(out, u)
		}
	}
	return out
}

// changes says whether u changes has. workflowcheck flags the map copies
// and their comparison, but neither depends on the maps' iteration order:
// the answer is the same at every replay.
//
//workflowcheck:ignore
func changes(has temporal.SearchAttributes, u temporal.SearchAttributeUpdate) bool {
	return !reflect.DeepEqual(temporal.NewSearchAttributes(has.Copy(), u).GetUntypedValues(), has.GetUntypedValues())
}
