package caller

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
)

// TestChangedSearchAttributeUpdates: a run started as the DMS steer starts
// it (every attribute, the plate's hash too) has nothing to upsert after
// its load; one started without the hash upserts that alone; a moved stage
// or a plate gone are upserted.
func TestChangedSearchAttributeUpdates(t *testing.T) {
	st := appointment.AppointmentState{AppointmentID: 7, DealerLocationID: 1, WONr: "WO-7", RegNumber: "AB-123-C",
		Stage: appointment.StageScheduled}
	const hash = "0123456789abcdef0123456789abcdef"
	keys := func(updates []temporal.SearchAttributeUpdate) []string {
		var out []string
		for k := range temporal.NewSearchAttributes(updates...).GetUntypedValues() {
			out = append(out, k.GetName())
		}
		sort.Strings(out)
		return out
	}
	require.Empty(t, ChangedSearchAttributeUpdates(SearchAttributesOf(st, hash), st, hash))
	require.Equal(t, []string{"RegNumber"}, keys(ChangedSearchAttributeUpdates(SearchAttributesOf(st, ""), st, hash)))
	require.Equal(t, []string{"RegNumber"}, keys(ChangedSearchAttributeUpdates(SearchAttributesOf(st, "another"), st, hash)))
	moved := st
	moved.Stage, moved.WONr = appointment.StageCheckInSent, "WO-8"
	require.Equal(t, []string{"LifecycleStage", "WONr"}, keys(ChangedSearchAttributeUpdates(SearchAttributesOf(st, hash), moved, hash)))
	require.Equal(t, []string{"AppointmentID", "DealerLocationID", "LifecycleStage", "RegNumber", "WONr"},
		keys(ChangedSearchAttributeUpdates(temporal.NewSearchAttributes(), st, hash)))
	require.Equal(t, []string{"AppointmentID", "DealerLocationID", "LifecycleStage", "WONr"},
		keys(ChangedSearchAttributeUpdates(temporal.NewSearchAttributes(), appointment.AppointmentState{}, "")),
		"zero values are set; no plate hash sets no RegNumber")

	// A plate removed: one update, which sets nothing (it unsets the hash).
	gone := ChangedSearchAttributeUpdates(SearchAttributesOf(st, hash), st, "")
	require.Len(t, gone, 1)
	require.Empty(t, keys(gone))
}
