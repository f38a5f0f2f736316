package appointment_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/lib/pq"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// streamLocked reports whether another transaction holds the location's
// dealer event stream row (a lock attempt that does not wait).
func streamLocked(t *testing.T, db *sql.DB, locationID int) bool {
	t.Helper()
	tx, err := db.Begin()
	require.NoError(t, err)
	defer func() { _ = tx.Rollback() }()
	var one int
	err = tx.QueryRow("SELECT 1 FROM dealer_event_streams WHERE dealer_location_id = $1 FOR UPDATE NOWAIT", locationID).Scan(&one)
	if pe, ok := err.(*pq.Error); ok && pe.Code == "55P03" {
		return true
	}
	require.NoError(t, err, "the location's stream row")
	return false
}

// The event is written at once, its dealers' stream event (which locks the
// location's stream row until the commit) only when the caller records it,
// as the last write of its transaction (issue #24).
func TestEventOnceRecordLastLocksTheStreamOnlyWhenRecorded(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	acts := &appointment.Activities{DB: db.Client, KeySecret: []byte(keySecret)}
	demo, err := seed.Run(ctx, db.Client, acts, time.Now())
	require.NoError(t, err)
	ap := demo.Appointments[0].AppointmentID
	com, err := acts.EnsureCommunication(ctx, ap)
	require.NoError(t, err)
	loc := db.Client.Appointment.GetX(ctx, ap).DealerLocationID
	// The stream row exists from an earlier event.
	require.NoError(t, acts.RecordEvent(ctx, appointment.EventInput{AppointmentID: ap, CommunicationID: com.CommunicationID,
		Type: enums.CommunicationEventTypeOnlineCheckInOpened, DedupeKey: "record-last-earlier"}))
	require.False(t, streamLocked(t, db.SQL, loc))

	in := appointment.EventInput{AppointmentID: ap, CommunicationID: com.CommunicationID,
		Type: enums.CommunicationEventTypeOnlineCheckInSent, DedupeKey: "record-last-1"}
	before := db.Client.DealerEvent.Query().CountX(ctx)
	require.NoError(t, store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		ev, record, err := appointment.EventOnceRecordLast(ctx, tx.Client(), in)
		require.NoError(t, err)
		require.NotZero(t, ev.ID)
		require.False(t, streamLocked(t, db.SQL, loc), "the stream is not locked before the caller records")
		require.NoError(t, record(nil))
		require.True(t, streamLocked(t, db.SQL, loc), "recording locks the stream until the commit")
		return nil
	}))
	require.False(t, streamLocked(t, db.SQL, loc))
	require.Equal(t, before+1, db.Client.DealerEvent.Query().CountX(ctx), "one dealer event, committed with the event")

	// Again (a retry): the event exists, nothing to record.
	require.NoError(t, store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		_, record, err := appointment.EventOnceRecordLast(ctx, tx.Client(), in)
		require.NoError(t, err)
		require.NoError(t, record(nil))
		require.False(t, streamLocked(t, db.SQL, loc))
		return nil
	}))
	require.Equal(t, before+1, db.Client.DealerEvent.Query().CountX(ctx))
}
