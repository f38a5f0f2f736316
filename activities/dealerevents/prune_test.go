package dealerevents

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealerevent"
	"github.com/pitstop-dev/pitstop/ent/dealereventstream"
	outbox "github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// On PostgreSQL: retention deletes events older than RetentionDays that
// need no more delivery, keeping each appointment's last one (its seq
// counts on); a replay from a cursor before a deleted event is a
// GoneError naming the cursor to start from, by location and by
// appointment; the kept events replay as before; where delivery is on,
// events past the delivered cursor are kept however old (pruned by the
// Schedule's PendingLocations).
func TestPruneDeletesOldDeliveredEventsAndReplayFromThemIsGone(t *testing.T) {
	ctx := context.Background()
	db, l, ap1 := newLocation(t)
	ap2 := db.Appointment.Create().SetLocationID(l.ID).SetTimeCarApp(time.Now()).SetCreatedBy("test").SaveX(ctx)
	record := func(ap int) *ent.DealerEvent {
		var ev *ent.DealerEvent
		require.NoError(t, store.WithTx(ctx, db, func(tx *ent.Tx) error {
			var err error
			ev, err = outbox.Record(ctx, tx.Client(), outbox.Event{LocationID: l.ID, AppointmentID: ap, Type: outbox.TypeStageChanged,
				Data: outbox.StageChanged{From: "a", To: "b"}})
			return err
		}))
		return ev
	}
	record(ap1.ID)
	record(ap1.ID)
	record(ap2.ID)
	record(ap1.ID)
	now := time.Now()
	a := &Activities{DB: db}

	a.Now = func() time.Time { return now.Add((outbox.RetentionDays - 1) * 24 * time.Hour) }
	n, err := a.Prune(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "nothing is old enough yet")

	a.Now = func() time.Time { return now.Add((outbox.RetentionDays+1)*24*time.Hour + 2*PruneEvery) }
	n, err = a.Prune(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "ap1's seq 1 and 2; each appointment's last is kept")
	kept := db.DealerEvent.Query().Order(dealerevent.ByLocationSeq()).AllX(ctx)
	var got [][2]int
	for _, e := range kept {
		got = append(got, [2]int{e.AppointmentID, e.Seq})
	}
	assert.Equal(t, [][2]int{{ap2.ID, 1}, {ap1.ID, 3}}, got)
	assert.Equal(t, 2, db.DealerEventStream.Query().OnlyX(ctx).PrunedSeq)

	var gone *outbox.GoneError
	_, err = outbox.Replay(ctx, db, outbox.Query{LocationID: l.ID, AfterSeq: 1})
	require.True(t, errors.As(err, &gone), "%v", err)
	assert.Equal(t, outbox.GoneError{After: 1, Pruned: 2}, *gone)
	_, err = outbox.Replay(ctx, db, outbox.Query{LocationID: l.ID, AppointmentID: ap1.ID, AfterSeq: 0})
	require.True(t, errors.As(err, &gone), "%v", err)
	assert.Equal(t, outbox.GoneError{After: 0, Pruned: 2}, *gone)
	p, err := outbox.Replay(ctx, db, outbox.Query{LocationID: l.ID, AfterSeq: 2})
	require.NoError(t, err)
	require.Len(t, p.Events, 2)
	assert.Equal(t, []int{3, 4}, []int{p.Events[0].LocationSeq, p.Events[1].LocationSeq})
	p, err = outbox.Replay(ctx, db, outbox.Query{LocationID: l.ID, AppointmentID: ap1.ID, AfterSeq: 2})
	require.NoError(t, err)
	require.Len(t, p.Events, 1)
	assert.Equal(t, 3, p.Events[0].Seq)

	assert.Equal(t, 4, record(ap1.ID).Seq, "the appointment's seq counts on after retention")
	n, err = a.Prune(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "pruned within the hour: not again")

	// Delivery on: only what is delivered goes.
	db2, l2, ap := newLocation(t)
	url := "https://dealer.example/hook"
	on := true
	_, _, err = outbox.Configure(ctx, pgStore(db2), l2.ID, outbox.Change{URL: &url, Enabled: &on})
	require.NoError(t, err)
	for range 3 {
		require.NoError(t, store.WithTx(ctx, db2, func(tx *ent.Tx) error {
			_, err := outbox.Record(ctx, tx.Client(), outbox.Event{LocationID: l2.ID, AppointmentID: ap.ID, Type: outbox.TypeKeyDropped})
			return err
		}))
	}
	require.NoError(t, db2.DealerEventStream.Update().Where(dealereventstream.DealerLocationID(l2.ID)).SetDeliveredSeq(1).Exec(ctx))
	a2 := &Activities{DB: db2, Now: a.Now}
	// Through the Schedule's run: PendingLocations prunes first.
	pending, err := a2.PendingLocations(ctx)
	require.NoError(t, err)
	assert.Equal(t, []int{l2.ID}, pending)
	assert.Equal(t, []int{2, 3}, db2.DealerEvent.Query().Order(dealerevent.BySeq()).Select(dealerevent.FieldSeq).IntsX(ctx))
}
