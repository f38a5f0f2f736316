package dealerevents_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

type fixture struct {
	db       *ent.Client
	store    *store.DB
	loc, ap1 int
	ap2      int
}

func newFixture(t *testing.T) fixture {
	return fixtureOn(t, storetest.New(t))
}

func fixtureOn(t *testing.T, st *store.DB) fixture {
	ctx := context.Background()
	db := st.Client
	d := db.Dealer.Create().SetName("A").SetCountryCode("NL").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetCountry("NL").SaveX(ctx)
	mk := func() int {
		return db.Appointment.Create().SetLocationID(l.ID).SetTimeCarApp(time.Now()).SetCreatedBy("test").SaveX(ctx).ID
	}
	return fixture{db: db, store: st, loc: l.ID, ap1: mk(), ap2: mk()}
}

func (f fixture) record(t *testing.T, ap int, typ dealerevents.Type) *ent.DealerEvent {
	t.Helper()
	var ev *ent.DealerEvent
	require.NoError(t, store.WithTx(context.Background(), f.db, func(tx *ent.Tx) error {
		var err error
		ev, err = dealerevents.Record(context.Background(), tx.Client(), dealerevents.Event{LocationID: f.loc, AppointmentID: ap,
			Type: typ, Data: dealerevents.StageChanged{From: "a", To: "b"}})
		return err
	}))
	return ev
}

// On PostgreSQL: each appointment counts its own events 1, 2, 3 and the
// location counts all of them; IDs are unique "evt_" strings; a
// transaction rolled back leaves neither the event nor a used number.
func TestRecordNumbersPerAppointmentAndLocation(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a1 := f.record(t, f.ap1, dealerevents.TypeStageChanged)
	b1 := f.record(t, f.ap2, dealerevents.TypeKeyDropped)
	a2 := f.record(t, f.ap1, dealerevents.TypeCommunicationSent)

	assert.Equal(t, []int{1, 1, 2}, []int{a1.Seq, b1.Seq, a2.Seq})
	assert.Equal(t, []int{1, 2, 3}, []int{a1.LocationSeq, b1.LocationSeq, a2.LocationSeq})
	assert.Regexp(t, `^evt_[0-9a-f]{32}$`, a1.EventID)
	assert.NotEqual(t, a1.EventID, a2.EventID)

	boom := errors.New("the fact's own write failed")
	err := store.WithTx(ctx, f.db, func(tx *ent.Tx) error {
		if _, err := dealerevents.Record(ctx, tx.Client(), dealerevents.Event{LocationID: f.loc, AppointmentID: f.ap1,
			Type: dealerevents.TypeStageChanged}); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	assert.Equal(t, 3, f.db.DealerEvent.Query().CountX(ctx))
	a3 := f.record(t, f.ap1, dealerevents.TypeStageChanged)
	assert.Equal(t, 3, a3.Seq, "no gap after the rolled-back event")
	assert.Equal(t, 4, a3.LocationSeq)
}

// Replay pages by the location's cursor and by an appointment's seq, with
// the envelopes the endpoint gets; a cursor past the last event is a
// FutureError, an appointment of another location is not found.
func TestReplayPagesAndRefusesAFutureSeq(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for i := 0; i < 5; i++ {
		f.record(t, []int{f.ap1, f.ap2}[i%2], dealerevents.TypeStageChanged)
	}
	p, err := dealerevents.Replay(ctx, f.db, dealerevents.Query{LocationID: f.loc, AfterSeq: 0, Limit: 2})
	require.NoError(t, err)
	require.Len(t, p.Events, 2)
	assert.Equal(t, []int{1, 2}, []int{p.Events[0].LocationSeq, p.Events[1].LocationSeq})
	assert.Equal(t, 2, p.NextAfterSeq)
	assert.True(t, p.HasMore)
	assert.Equal(t, 5, p.LastSeq)
	var data dealerevents.StageChanged
	require.NoError(t, json.Unmarshal(p.Events[0].Data, &data))
	assert.Equal(t, "b", data.To)

	p, err = dealerevents.Replay(ctx, f.db, dealerevents.Query{LocationID: f.loc, AfterSeq: 4, Limit: 2})
	require.NoError(t, err)
	require.Len(t, p.Events, 1)
	assert.False(t, p.HasMore)
	assert.Equal(t, 5, p.NextAfterSeq)

	p, err = dealerevents.Replay(ctx, f.db, dealerevents.Query{LocationID: f.loc, AppointmentID: f.ap1, AfterSeq: 1})
	require.NoError(t, err)
	require.Len(t, p.Events, 2)
	assert.Equal(t, []int{2, 3}, []int{p.Events[0].Seq, p.Events[1].Seq})
	assert.Equal(t, 3, p.LastSeq)

	p, err = dealerevents.Replay(ctx, f.db, dealerevents.Query{LocationID: f.loc, AfterSeq: 5})
	require.NoError(t, err, "the last event itself is a valid cursor: nothing new yet")
	assert.Empty(t, p.Events)

	var future *dealerevents.FutureError
	_, err = dealerevents.Replay(ctx, f.db, dealerevents.Query{LocationID: f.loc, AfterSeq: 6})
	require.ErrorAs(t, err, &future)
	assert.Equal(t, 5, future.Last)
	_, err = dealerevents.Replay(ctx, f.db, dealerevents.Query{LocationID: f.loc, AppointmentID: f.ap2, AfterSeq: 3})
	require.ErrorAs(t, err, &future)
	_, err = dealerevents.Replay(ctx, f.db, dealerevents.Query{LocationID: f.loc, AppointmentID: 999999})
	assert.ErrorIs(t, err, dealerevents.ErrAppointmentNotFound)
}

// Settings: https only (http to localhost allowed), the secret made once
// and returned once, delivery starting at the next event, a rotation
// keeping the previous secret for a day.
func TestConfigureAndRotate(t *testing.T) {
	// Both dialects: SQLite has no FOR UPDATE, and `make run` configures
	// the demo location's stream on SQLite.
	for name, open := range map[string]func(testing.TB) *store.DB{"postgres": storetest.New, "sqlite": storetest.NewSQLite} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			f := fixtureOn(t, open(t))
			f.record(t, f.ap1, dealerevents.TypeStageChanged)
			on, off := true, false
			for _, bad := range []string{"http://dealer.example.com/hook", "ftp://x/y", "https://", "https://a.example/\x00", "/relative"} {
				_, _, err := dealerevents.Configure(ctx, f.store, f.loc, dealerevents.Change{URL: &bad, Enabled: &on})
				var inv *onboard.Invalid
				assert.ErrorAs(t, err, &inv, bad)
			}
			_, _, err := dealerevents.Configure(ctx, f.store, f.loc, dealerevents.Change{Enabled: &on})
			var inv *onboard.Invalid
			assert.ErrorAs(t, err, &inv, "on without a URL")
			_, _, err = dealerevents.Configure(ctx, f.store, 999999, dealerevents.Change{Enabled: &off})
			assert.ErrorIs(t, err, onboard.ErrNotFound)

			url := "https://dms.example.com/events"
			st, secret, err := dealerevents.Configure(ctx, f.store, f.loc, dealerevents.Change{URL: &url, Enabled: &on})
			require.NoError(t, err)
			assert.Regexp(t, `^whsec_[A-Za-z0-9+/]{43}=$`, secret)
			assert.True(t, st.Enabled)
			assert.Equal(t, 1, st.DeliveredSeq, "the event before delivery was on is for replay only")
			view, _ := json.Marshal(dealerevents.ViewOf(st, "", time.Now()))
			assert.NotContains(t, string(view), secret)

			local := "http://localhost:9999/hook"
			st, again, err := dealerevents.Configure(ctx, f.store, f.loc, dealerevents.Change{URL: &local})
			require.NoError(t, err)
			assert.Empty(t, again, "the secret is made once")
			assert.Equal(t, secret, st.Secret)

			now := time.Now()
			st, rotated, err := dealerevents.RotateSecret(ctx, f.db, f.loc, now)
			require.NoError(t, err)
			assert.NotEqual(t, secret, rotated)
			assert.Equal(t, [][]byte{[]byte(rotated), []byte(secret)}, dealerevents.Secrets(st, now.Add(time.Hour)))
			assert.Equal(t, [][]byte{[]byte(rotated)}, dealerevents.Secrets(st, now.Add(dealerevents.RotationOverlap+time.Second)))
		})
	}
}
