package dealerevents

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/contracts/dealerevents"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
	dealerhookfake "github.com/pitstop-dev/pitstop/integrations/dealerhook/fake"
	outbox "github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// newLocation: a PostgreSQL database with a location and an appointment.
func newLocation(t *testing.T) (*ent.Client, *ent.DealerLocation, *ent.Appointment) {
	ctx := context.Background()
	db := storetest.New(t).Client
	d := db.Dealer.Create().SetName("A").SetCountryCode("NL").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetCountry("NL").SaveX(ctx)
	return db, l, db.Appointment.Create().SetLocationID(l.ID).SetTimeCarApp(time.Now()).SetCreatedBy("test").SaveX(ctx)
}

// Through the fake dealer (a real HTTP server verifying Standard Webhooks
// signatures): a 503 fails the batch with nothing delivered and the failure
// noted; the retry delivers every event once, in order, each under its
// event ID; a redelivery after a lost acknowledgement (the cursor not
// moved) reaches the receiver with the same webhook-ids, which it dedupes;
// an event three days old is given up, not sent.
func TestDeliverBatchRetriesInOrderUnderStableIDs(t *testing.T) {
	ctx := context.Background()
	db, l, ap := newLocation(t)

	// The receiver gets the secret the admin was shown.
	var rcv *dealerhookfake.Receiver
	url := "http://127.0.0.1:1/placeholder"
	on := true
	st, secret, err := outbox.Configure(ctx, pgStore(db), l.ID, outbox.Change{URL: &url, Enabled: &on})
	require.NoError(t, err)
	rcv = dealerhookfake.New([]byte(secret))
	t.Cleanup(rcv.Close)
	real := rcv.URL()
	_, _, err = outbox.Configure(ctx, pgStore(db), l.ID, outbox.Change{URL: &real})
	require.NoError(t, err)

	record := func(typ outbox.Type) *ent.DealerEvent {
		var ev *ent.DealerEvent
		require.NoError(t, store.WithTx(ctx, db, func(tx *ent.Tx) error {
			ev, err = outbox.Record(ctx, tx.Client(), outbox.Event{LocationID: l.ID, AppointmentID: ap.ID, Type: typ,
				Data: outbox.Key{By: outbox.KeyByCustomer, Locker: outbox.LockerDevice}})
			return err
		}))
		return ev
	}
	evs := []*ent.DealerEvent{record(outbox.TypeKeyDropped), record(outbox.TypeKeyPickedUp), record(outbox.TypeStageChanged)}

	a := &Activities{DB: db, Hook: dealerhook.NewClient(nil)}
	locs, err := a.PendingLocations(ctx)
	require.NoError(t, err)
	assert.Equal(t, []int{l.ID}, locs)

	rcv.FailNext(1, http.StatusServiceUnavailable)
	res, err := a.DeliverBatch(ctx, dealerevents.Batch{LocationID: l.ID, Limit: 2})
	require.Error(t, err)
	assert.Zero(t, res.Delivered)
	st = db.DealerEventStream.GetX(ctx, st.ID)
	assert.Equal(t, "HTTP 503", st.LastFailure)
	assert.Equal(t, 0, st.DeliveredSeq)

	res, err = a.DeliverBatch(ctx, dealerevents.Batch{LocationID: l.ID, Limit: 2})
	require.NoError(t, err)
	assert.Equal(t, dealerevents.BatchResult{Delivered: 2, More: true}, res)
	res, err = a.DeliverBatch(ctx, dealerevents.Batch{LocationID: l.ID, Limit: 2})
	require.NoError(t, err)
	assert.Equal(t, dealerevents.BatchResult{Delivered: 1}, res)

	got := rcv.Received()
	require.Len(t, got, 3)
	for i, g := range got {
		assert.Equal(t, evs[i].EventID, g.ID)
		var env outbox.Envelope
		require.NoError(t, json.Unmarshal(g.Body, &env))
		assert.Equal(t, evs[i].EventID, env.ID)
		assert.Equal(t, i+1, env.Seq)
		assert.Equal(t, ap.ID, env.AppointmentID)
	}
	locs, err = a.PendingLocations(ctx)
	require.NoError(t, err)
	assert.Empty(t, locs)

	// The acknowledgement lost: the cursor goes back, the same IDs arrive.
	db.DealerEventStream.UpdateOneID(st.ID).SetDeliveredSeq(0).ExecX(ctx)
	_, err = a.DeliverBatch(ctx, dealerevents.Batch{LocationID: l.ID, Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, 3, rcv.Duplicates())
	assert.Len(t, rcv.Received(), 3)
	assert.Zero(t, rcv.Rejected())

	// Three days later, a still-undelivered event is given up.
	old := record(outbox.TypeStageChanged)
	a.Now = func() time.Time { return old.RecordedAt.Add(dealerevents.MaxAge + time.Minute) }
	rcv.FailNext(1, http.StatusServiceUnavailable) // would fail, but is never tried
	res, err = a.DeliverBatch(ctx, dealerevents.Batch{LocationID: l.ID, Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, dealerevents.BatchResult{Expired: 1}, res)
	st = db.DealerEventStream.GetX(ctx, st.ID)
	assert.Equal(t, 1, st.Expired)
	assert.Equal(t, old.LocationSeq, st.DeliveredSeq)
	assert.Len(t, rcv.Received(), 3)
}

// Delivery off: nothing is sent and the location is not pending.
func TestDeliverBatchOffSendsNothing(t *testing.T) {
	ctx := context.Background()
	db, l, ap := newLocation(t)
	require.NoError(t, store.WithTx(ctx, db, func(tx *ent.Tx) error {
		_, err := outbox.Record(ctx, tx.Client(), outbox.Event{LocationID: l.ID, AppointmentID: ap.ID, Type: outbox.TypeStageChanged})
		return err
	}))
	a := &Activities{DB: db, Hook: dealerhook.NewClient(nil)}
	locs, err := a.PendingLocations(ctx)
	require.NoError(t, err)
	assert.Empty(t, locs)
	res, err := a.DeliverBatch(ctx, dealerevents.Batch{LocationID: l.ID})
	require.NoError(t, err)
	assert.Equal(t, dealerevents.BatchResult{}, res)
}

// pgStore is db (storetest's PostgreSQL) as the store the settings take.
func pgStore(db *ent.Client) *store.DB { return &store.DB{Client: db, Dialect: store.Postgres} }
