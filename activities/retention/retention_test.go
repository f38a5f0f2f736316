package retention

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/contracts/retention"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/customererasure"
	entdealer "github.com/pitstop-dev/pitstop/ent/dealer"
	"github.com/pitstop-dev/pitstop/ent/task"
	"github.com/pitstop-dev/pitstop/internal/custerase"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// On PostgreSQL, at a dealer keeping personal data 24 months: an
// appointment closed 25 months ago is anonymised, and its customer (who has
// no other appointment) erased and recorded via retention; one closed 23
// months ago and an open one of 30 months ago are untouched, and so is their
// customer; a second run changes nothing.
func TestAnonymiseBatchPastRetentionOnly(t *testing.T) {
	ctx, db, now, d, l := setUp(t, 0)
	require.Equal(t, 24, d.PersonalDataRetentionMonths, "the default")
	old := db.Customer.Create().SetDealerLocationID(l.ID).SetFirstName("Oud").SetTelMobilePrivate("0612345678").SaveX(ctx)
	kept := db.Customer.Create().SetDealerLocationID(l.ID).SetFirstName("Kees").SaveX(ctx)
	mk := func(cust int, stage string, closedMonthsAgo int) int {
		at := now.AddDate(0, -closedMonthsAgo, 0)
		return db.Appointment.Create().SetLocationID(l.ID).SetCustomerDriverID(cust).SetDriverFirstname("Name").
			SetRegNumber("AB-12-CD").SetCommunicationNote("note").SetTimeCarApp(at).SetLastTimestamp(at).
			SetLifecycleStage(stage).SetCreatedBy("test").SaveX(ctx).ID
	}
	past := mk(old.ID, "completed", 25)
	recent := mk(kept.ID, "cancelled", 23)
	open := mk(kept.ID, "repair", 30)

	a := &Activities{DB: db, KeySecret: []byte("k")}
	res, err := a.AnonymiseBatch(ctx, retention.Batch{DealerID: d.ID, Now: now, Limit: 200})
	require.NoError(t, err)
	assert.Equal(t, retention.BatchResult{Appointments: 1, Customers: 1, Done: true}, res)

	got := db.Appointment.GetX(ctx, past)
	assert.Empty(t, got.DriverFirstname+got.RegNumber+got.CommunicationNote)
	require.NotNil(t, got.PersonalDataRemovedAt)
	assert.True(t, got.PersonalDataRemovedAt.Equal(now))
	c := db.Customer.GetX(ctx, old.ID)
	assert.Empty(t, c.FirstName+c.TelMobilePrivate)
	assert.NotNil(t, c.ErasedAt)
	rec := db.CustomerErasure.Query().Where(customererasure.Via(custerase.ViaRetention)).OnlyX(ctx)
	assert.Equal(t, []int{old.ID}, rec.CustomerIds)
	assert.Nil(t, rec.RequestedByUserID)

	for _, id := range []int{recent, open} {
		ap := db.Appointment.GetX(ctx, id)
		assert.Equal(t, "Name", ap.DriverFirstname, id)
		assert.Equal(t, "AB-12-CD", ap.RegNumber, id)
		assert.Nil(t, ap.PersonalDataRemovedAt, id)
	}
	assert.Equal(t, "Kees", db.Customer.GetX(ctx, kept.ID).FirstName)

	again, err := a.AnonymiseBatch(ctx, retention.Batch{DealerID: d.ID, Now: now.Add(time.Hour), Limit: 200})
	require.NoError(t, err)
	assert.Equal(t, retention.BatchResult{Done: true}, again, "a second run changes nothing")
	assert.Equal(t, 1, db.CustomerErasure.Query().CountX(ctx))
	assert.True(t, db.Appointment.GetX(ctx, past).PersonalDataRemovedAt.Equal(now))
}

// A batch stops at its limit and says the dealer is not done; the next
// batch takes the rest.
func TestAnonymiseBatchLimit(t *testing.T) {
	ctx, db, now, d, l := setUp(t, 1)
	for range 3 {
		db.Appointment.Create().SetLocationID(l.ID).SetTimeCarApp(now).SetLastTimestamp(now.AddDate(0, -2, 0)).
			SetLifecycleStage("completed").SetCreatedBy("test").ExecX(ctx)
	}
	a := &Activities{DB: db, KeySecret: []byte("k")}
	res, err := a.AnonymiseBatch(ctx, retention.Batch{DealerID: d.ID, Now: now, Limit: 2})
	require.NoError(t, err)
	assert.Equal(t, retention.BatchResult{Appointments: 2}, res)
	res, err = a.AnonymiseBatch(ctx, retention.Batch{DealerID: d.ID, Now: now, Limit: 2})
	require.NoError(t, err)
	assert.Equal(t, retention.BatchResult{Appointments: 1, Done: true}, res)
}

// Closed since is closed_at, which later writes do not move: an appointment
// closed 25 months ago whose last_timestamp a DMS update moved to last
// month is anonymised; one closed 23 months ago is not, whatever its
// last_timestamp says; one closed before closed_at existed (none) falls
// back to last_timestamp.
func TestAnonymiseBatchCountsFromClosedAt(t *testing.T) {
	ctx, db, now, d, l := setUp(t, 0)
	ago := func(months int) time.Time { return now.AddDate(0, -months, 0) }
	mk := func(closedAt *time.Time, lastTimestamp time.Time) int {
		return db.Appointment.Create().SetLocationID(l.ID).SetTimeCarApp(ago(30)).
			SetLastTimestamp(lastTimestamp).SetNillableClosedAt(closedAt).SetLifecycleStage("completed").SetCreatedBy("test").SaveX(ctx).ID
	}
	at := func(t time.Time) *time.Time { return &t }
	moved := mk(at(ago(25)), ago(1))
	recent := mk(at(ago(23)), ago(30))
	before := mk(nil, ago(25))
	beforeRecent := mk(nil, ago(23))

	res, err := (&Activities{DB: db, KeySecret: []byte("k")}).AnonymiseBatch(ctx, retention.Batch{DealerID: d.ID, Now: now, Limit: 200})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Appointments)
	for id, gone := range map[int]bool{moved: true, recent: false, before: true, beforeRecent: false} {
		ap := db.Appointment.GetX(ctx, id)
		assert.Equal(t, gone, ap.PersonalDataRemovedAt != nil, "appointment %d", id)
	}
}

// Replies that matched no appointment, at a dealer keeping personal data
// 12 months: those of its locations received 13 months ago or more lose
// their text and sender (and their unmatched_reply task its text), in
// batches, once; so do those whose location could not be told received
// more than the default 24 months ago (retention.DefaultMonths, whatever
// the dealer's months). A recent one, one of another dealer, one of no
// location 23 months old, and an appointment's own reply are left.
func TestAnonymiseUnmatchedPastRetentionOnly(t *testing.T) {
	ctx, db, now, d, l := setUp(t, 12)
	_, l2 := newDealer(ctx, db, "B", 0)
	ap := db.Appointment.Create().SetLocationID(l.ID).SetTimeCarApp(now).SetCreatedBy("test").SaveX(ctx)
	n := 0
	mk := func(loc *int, appointment *int, monthsAgo int) int {
		n++
		at := now.AddDate(0, -monthsAgo, 0)
		m := db.AppointmentMessage.Create().SetNillableDealerLocationID(loc).SetNillableAppointmentID(appointment).SetDirection("in").
			SetCommunicationChannelID(enums.CommunicationChannelIDSMS).SetText("Anouk here").SetCreatedAt(at).
			SetProviderID(fmt.Sprintf("twilio:SM%d", n)).SetCustomerAddress("+32470123456").SaveX(ctx)
		db.Task.Create().SetDealerLocationID(l.ID).SetKind("unmatched_reply").SetText("A reply: “Anouk here”").
			SetDedupeKey(fmt.Sprintf("unmatched-reply-%d", m.ID)).ExecX(ctx)
		return m.ID
	}
	old := []int{mk(&l.ID, nil, 13), mk(&l.ID, nil, 14), mk(&l.ID, nil, 30), mk(nil, nil, 25)}
	kept := []int{mk(&l.ID, nil, 11), mk(&l2.ID, nil, 30), mk(nil, nil, 23), mk(&l.ID, &ap.ID, 30)}

	a := &Activities{DB: db}
	res, err := a.AnonymiseUnmatched(ctx, retention.Batch{DealerID: d.ID, Now: now, Limit: 3})
	require.NoError(t, err)
	assert.Equal(t, retention.BatchResult{UnmatchedReplies: 3}, res)
	res, err = a.AnonymiseUnmatched(ctx, retention.Batch{DealerID: d.ID, Now: now, Limit: 3})
	require.NoError(t, err)
	assert.Equal(t, retention.BatchResult{UnmatchedReplies: 1, Done: true}, res)
	for _, id := range old {
		m := db.AppointmentMessage.GetX(ctx, id)
		assert.Empty(t, m.Text+m.CustomerAddress, "reply %d", id)
		assert.Equal(t, "", db.Task.Query().Where(task.DedupeKey(fmt.Sprintf("unmatched-reply-%d", id))).OnlyX(ctx).Text, "reply %d", id)
	}
	for _, id := range kept {
		m := db.AppointmentMessage.GetX(ctx, id)
		assert.Equal(t, "Anouk here+32470123456", m.Text+m.CustomerAddress, "reply %d", id)
		assert.NotEmpty(t, db.Task.Query().Where(task.DedupeKey(fmt.Sprintf("unmatched-reply-%d", id))).OnlyX(ctx).Text, "reply %d", id)
	}
	again, err := a.AnonymiseUnmatched(ctx, retention.Batch{DealerID: d.ID, Now: now, Limit: 3})
	require.NoError(t, err)
	assert.Equal(t, retention.BatchResult{Done: true}, again, "a second run changes nothing")
}

// The contract's default retention is the dealers' schema default.
func TestDefaultMonthsIsTheSchemasDefault(t *testing.T) {
	assert.Equal(t, entdealer.DefaultPersonalDataRetentionMonths, retention.DefaultMonths)
}

// setUp opens a database holding dealer "A", keeping personal data months
// (0: the schema's default), with one location, and gives the run's time.
func setUp(t *testing.T, months int) (context.Context, *ent.Client, time.Time, *ent.Dealer, *ent.DealerLocation) {
	t.Helper()
	ctx := context.Background()
	db := storetest.New(t).Client
	d, l := newDealer(ctx, db, "A", months)
	return ctx, db, time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC), d, l
}

// newDealer adds a Dutch dealer keeping personal data months (0: the
// schema's default) with one location of the same name.
func newDealer(ctx context.Context, db *ent.Client, name string, months int) (*ent.Dealer, *ent.DealerLocation) {
	c := db.Dealer.Create().SetName(name).SetCountryCode("NL")
	if months != 0 {
		c.SetPersonalDataRetentionMonths(months)
	}
	d := c.SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName(name).SetCountry("NL").SetTimeZone("Europe/Amsterdam").SaveX(ctx)
	return d, l
}
