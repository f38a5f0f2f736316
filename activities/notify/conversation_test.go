package notify_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/contracts/conversation"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// A reply that matches no conversation is kept once per provider id; sent
// to a location's own number it is that location's, sent to a number of
// no location's pool it has none.
func TestUnmatchedReplyTellsTheLocationByItsOwnNumber(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.db.SmsSender.Create().SetDealerLocationID(f.loc).SetNumber("+3197010000031").ExecX(ctx)
	record := func(in conversation.Inbound) conversation.InboundResult {
		t.Helper()
		v, err := f.env.ExecuteActivity(f.acts.RecordInbound, in)
		require.NoError(t, err)
		var out conversation.InboundResult
		require.NoError(t, v.Get(&out))
		return out
	}
	in := conversation.Inbound{Channel: enums.CommunicationChannelIDSMS, ProviderID: "twilio:SMown", From: "+31699999999",
		To: "+3197010000031", Text: "who is this?"}
	first := record(in)
	require.False(t, first.Matched)
	require.Equal(t, f.loc, first.LocationID)
	require.Equal(t, first, record(in), "a repeat finds its row")
	m := f.db.AppointmentMessage.GetX(ctx, first.MessageID)
	require.Nil(t, m.AppointmentID)
	require.Equal(t, f.loc, *m.DealerLocationID)

	other := record(conversation.Inbound{Channel: enums.CommunicationChannelIDSMS, ProviderID: "twilio:SMshared", From: "+31699999999",
		To: "+3197010000099", Text: "hello?"})
	require.False(t, other.Matched)
	require.Zero(t, other.LocationID, "a number of no location's pool tells no location")
	mail := record(conversation.Inbound{Channel: enums.CommunicationChannelIDEmail, ProviderID: "mailgun:x", From: "a@example.com",
		To: "nope", Text: "hello?"})
	require.Zero(t, mail.LocationID)
}

// Two open appointments of one customer whose first SMS go out at once get
// two sender numbers: the second chooses after the first's conversation is
// written. On PostgreSQL this is forced: the first to choose does not write
// until the second has chosen too (which, without the customer's lock, it
// does seeing nothing written, and takes the same number) or waits for
// that lock. On SQLite every transaction holds the one write lock from its
// start. A retry finds its number; a third appointment, the pool
// exhausted, shares the first number.
func TestSMSSendersChosenAtOnceDiffer(t *testing.T) {
	ctx := context.Background()
	for name, open := range map[string]func(testing.TB) *store.DB{"postgres": storetest.New, "sqlite": storetest.NewSQLite} {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			demo, err := seed.Run(ctx, db.Client, &appointment.Activities{DB: db.Client, KeySecret: []byte(keySecret)}, time.Now())
			require.NoError(t, err)
			acts := &notify.Activities{DB: db, Notify: &notify.Notifier{}}
			pool := []string{"+3197010000041", "+3197010000042"}
			for i, n := range pool {
				db.SmsSender.Create().SetDealerLocationID(demo.LocationID).SetNumber(n).SetPosition(i).ExecX(ctx)
			}
			require.Len(t, demo.Appointments, 3)
			aps := []int{demo.Appointments[0].AppointmentID, demo.Appointments[1].AppointmentID, demo.Appointments[2].AppointmentID}
			const customer = "+31611111111"

			var (
				mu      sync.Mutex
				chosen  int
				second  = make(chan struct{}) // the second chose
				settled = make(chan struct{}, 2)
			)
			notify.OnChosen(acts, func(int) {
				mu.Lock()
				chosen++
				first := chosen == 1
				mu.Unlock()
				if !first {
					close(second)
					return
				}
				for db.Dialect == store.Postgres && !waitsForALock(t, db.SQL) {
					select {
					case <-second:
						return
					case <-settled: // the other failed before choosing
						return
					case <-time.After(time.Millisecond):
					}
				}
			})
			got := make([]string, 2)
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					got[i], errs[i] = notify.SMSSender(ctx, acts, aps[i], customer)
					settled <- struct{}{}
				}()
			}
			wg.Wait()
			require.NoError(t, errs[0])
			require.NoError(t, errs[1])
			require.ElementsMatch(t, pool, got, "two open appointments of one customer: two numbers")
			notify.OnChosen(acts, nil)

			again, err := notify.SMSSender(ctx, acts, aps[1], " "+customer)
			require.NoError(t, err)
			require.Equal(t, got[1], again, "a retry finds its conversation")
			third, err := notify.SMSSender(ctx, acts, aps[2], customer)
			require.NoError(t, err)
			require.Equal(t, pool[0], third, "the pool exhausted, the first number is shared")
		})
	}
}

// waitsForALock: a session of the test's database waits for an advisory
// lock (true too on an error, reported: waiting on is pointless).
func waitsForALock(t *testing.T, db *sql.DB) bool {
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
		WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()`).Scan(&n); err != nil {
		t.Error(err) // not FailNow: called off the test's goroutine
		return true
	}
	return n > 0
}
