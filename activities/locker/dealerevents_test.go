package locker_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/activities/locker"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealerevent"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
)

// Each ACSES key step is one key.* event of the dealers' stream, written
// with the step: a step reported twice, or a drop's time corrected
// (Replace), adds none.
func TestRecordWritesOneStreamEventPerKeyStep(t *testing.T) {
	a, _, db, ap := fixture(t, true)
	ctx := context.Background()
	at := time.Now().UTC().Truncate(time.Second)
	for _, in := range []locker.RecordInput{
		{AppointmentID: ap, Step: locker.StepDropped, BookingID: "b", Cell: "3", At: at},
		{AppointmentID: ap, Step: locker.StepDropped, BookingID: "b", Cell: "3", At: at},
		{AppointmentID: ap, Step: locker.StepDropped, BookingID: "b", Cell: "5", At: at.Add(-time.Minute), Replace: true},
		{AppointmentID: ap, Step: locker.StepPickedUp, BookingID: "b", At: at.Add(time.Hour)},
		{AppointmentID: ap, Step: locker.StepDroppedBack, BookingID: "c", Cell: "4", At: at.Add(2 * time.Hour)},
		{AppointmentID: ap, Step: locker.StepPickedUpBack, BookingID: "c", At: at.Add(3 * time.Hour)},
		{AppointmentID: ap, Step: locker.StepPickedUpBack, BookingID: "c", At: at.Add(4 * time.Hour)},
	} {
		require.NoError(t, a.Record(ctx, in))
	}
	evs := db.DealerEvent.Query().Where(dealerevent.AppointmentID(ap)).Order(ent.Asc(dealerevent.FieldSeq)).AllX(ctx)
	var got []string
	for _, e := range evs {
		var k dealerevents.Key
		require.NoError(t, json.Unmarshal(e.Data, &k))
		got = append(got, e.Type+" by "+k.By+" at "+k.Locker)
	}
	assert.Equal(t, []string{
		"key.dropped by customer at acses",
		"key.picked_up by staff at acses",
		"key.dropped by staff at acses",
		"key.picked_up by customer at acses",
	}, got)
}
