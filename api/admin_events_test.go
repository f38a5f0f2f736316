package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealereventstream"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// A dealer admin sets up the location's event stream (https only; the
// secret in the answer that made it, never again), and replays its events
// by location cursor and by appointment, paged; a cursor past the last
// event is 409, a malformed one the error body, another location's
// appointment 404, another dealer's location refused.
func TestEventStreamSettingsAndReplay(t *testing.T) {
	f := newAdminFixture(t)
	ctx := context.Background()
	tok := f.token(enums.RoleIDDealerAdmin)
	base := fmt.Sprintf("/v1/admin/locations/%d", f.locA)

	code, body := f.call("PUT", base+"/event_stream", tok, map[string]any{"url": "http://dms.example.com/hook", "enabled": true}, nil)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, errorsIn(body)[0], "must be https")

	var v dealerevents.View
	code, _ = f.call("PUT", base+"/event_stream", tok, map[string]any{"url": "https://dms.example.com/hook", "enabled": true}, &v)
	require.Equal(t, http.StatusOK, code)
	assert.True(t, v.Enabled)
	assert.Regexp(t, `^whsec_`, v.Secret)
	secret := v.Secret
	var again dealerevents.View
	code, body = f.call("GET", base+"/event_stream", tok, nil, &again)
	require.Equal(t, http.StatusOK, code)
	assert.True(t, again.HasSecret)
	assert.Empty(t, again.Secret)
	assert.NotContains(t, string(body), secret)
	var rot dealerevents.View
	code, _ = f.call("POST", base+"/event_stream/secret", tok, nil, &rot)
	require.Equal(t, http.StatusOK, code)
	assert.NotEqual(t, secret, rot.Secret)
	assert.True(t, rot.Rotating)

	apA := f.db.Appointment.Create().SetLocationID(f.locA).SetTimeCarApp(time.Now()).SetCreatedBy("test").SaveX(ctx).ID
	apB := f.db.Appointment.Create().SetLocationID(f.locB).SetTimeCarApp(time.Now()).SetCreatedBy("test").SaveX(ctx).ID
	for i := 0; i < 3; i++ {
		require.NoError(t, store.WithTx(ctx, f.db, func(tx *ent.Tx) error {
			_, err := dealerevents.Record(ctx, tx.Client(), dealerevents.Event{LocationID: f.locA, AppointmentID: apA,
				Type: dealerevents.TypeStageChanged, Data: dealerevents.StageChanged{From: "x", To: "y"}})
			return err
		}))
	}

	var p dealerevents.Page
	code, _ = f.call("GET", base+"/events?after_seq=0&limit=2", tok, nil, &p)
	require.Equal(t, http.StatusOK, code)
	require.Len(t, p.Events, 2)
	assert.True(t, p.HasMore)
	assert.Equal(t, 3, p.LastSeq)
	code, _ = f.call("GET", fmt.Sprintf("%s/events?after_seq=%d", base, p.NextAfterSeq), tok, nil, &p)
	require.Equal(t, http.StatusOK, code)
	require.Len(t, p.Events, 1)
	assert.Equal(t, 3, p.Events[0].LocationSeq)
	assert.False(t, p.HasMore)
	code, _ = f.call("GET", fmt.Sprintf("%s/events?appointment_id=%d&after_seq=2", base, apA), tok, nil, &p)
	require.Equal(t, http.StatusOK, code)
	require.Len(t, p.Events, 1)
	assert.Equal(t, 3, p.Events[0].Seq)

	code, body = f.call("GET", base+"/events?after_seq=4", tok, nil, nil)
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, errorsIn(body)[0], "past the last event")
	// Retention deleted the events up to location_seq 1 (the stream's
	// pruned_seq, as activities/dealerevents.Prune leaves it): a replay
	// from before them is 410 Gone in the spec's error format, naming the
	// cursor to start from.
	require.NoError(t, f.db.DealerEventStream.Update().Where(dealereventstream.DealerLocationID(f.locA)).SetPrunedSeq(1).Exec(ctx))
	code, body = f.call("GET", base+"/events?after_seq=0", tok, nil, nil)
	assert.Equal(t, http.StatusGone, code)
	assert.Contains(t, errorsIn(body)[0], "replay from after_seq 1")
	code, _ = f.call("GET", base+"/events?after_seq=1", tok, nil, &p)
	require.Equal(t, http.StatusOK, code)
	assert.Len(t, p.Events, 2)
	code, body = f.call("GET", base+"/events?after_seq=abc", tok, nil, nil)
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, errorsIn(body)[0], "after_seq")
	code, _ = f.call("GET", fmt.Sprintf("%s/events?appointment_id=%d", base, apB), tok, nil, nil)
	assert.Equal(t, http.StatusNotFound, code)
	code, _ = f.call("GET", fmt.Sprintf("/v1/admin/locations/%d/events", f.locB), tok, nil, nil)
	assert.Contains(t, []int{http.StatusForbidden, http.StatusNotFound}, code)
	code, _ = f.call("GET", base+"/events", f.token(enums.RoleIDReceptionist), nil, nil)
	assert.Equal(t, http.StatusForbidden, code)
}
