package locker_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/pitstop-dev/pitstop/activities/locker"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/integrations/acses"
	acsesfake "github.com/pitstop-dev/pitstop/integrations/acses/fake"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// fixture: a location with ACSES and the demo locker, one appointment, the
// vendor simulator and the activities against PostgreSQL.
func fixture(t *testing.T, acsesEnabled bool) (*locker.Activities, *acsesfake.Server, *ent.Client, int) {
	t.Helper()
	ctx := context.Background()
	db := storetest.New(t).Client
	fake := acsesfake.New(acsesfake.WithDemoLockerSystem(), acsesfake.WithExpiryInterval(0))
	t.Cleanup(fake.Close)
	c, err := acses.New(acses.Config{BaseURL: fake.URL(), APIKey: fake.APIKey()})
	require.NoError(t, err)
	d := db.Dealer.Create().SetName("D").SetCountryCode("NL").SaveX(ctx)
	loc := db.DealerLocation.Create().SetDealer(d).SetName("L").SetIsAcsesEnabled(acsesEnabled).SetActive(true).SaveX(ctx)
	db.LockerSystem.Create().SetID(acsesfake.DemoLockerSystemID).SetDealerLocationID(loc.ID).SetName("Demo locker").ExecX(ctx)
	ap := db.Appointment.Create().SetLocationID(loc.ID).SetWoNr("WO-1").SetRegNumber("AB-123-C").
		SetTimeCarApp(time.Now().Add(48 * time.Hour)).SetCreatedBy("test").SaveX(ctx)
	return &locker.Activities{DB: db, ACSES: c}, fake, db, ap.ID
}

func TestBookIsIdempotentAndRecorded(t *testing.T) {
	a, fake, db, ap := fixture(t, true)
	ctx := context.Background()
	in := locker.BookInput{AppointmentID: ap, Purpose: locker.PurposeDrop, Seq: 1, EndDate: time.Now().Add(72 * time.Hour).Truncate(time.Second)}
	first, err := a.Book(ctx, in)
	require.NoError(t, err)
	require.True(t, first.Booked)
	require.Regexp(t, `^\d{6}$`, first.PIN)
	require.Equal(t, "Demo locker", first.LockerName)
	again, err := a.Book(ctx, in) // a retried activity
	require.NoError(t, err)
	require.Equal(t, first, again)
	require.Len(t, fake.Bookings(), 1, "one cell held, not two")
	row := db.Appointment.GetX(ctx, ap)
	require.Equal(t, first.BookingID, row.AcsesKeyDropBookingID)
	b := db.Booking.GetX(ctx, first.BookingID)
	require.Equal(t, "drop", b.Purpose)
	require.Equal(t, first.PIN, b.Code)

	// Steps are written once: a second report keeps the first time.
	t1 := time.Now().UTC().Truncate(time.Second)
	require.NoError(t, a.Record(ctx, locker.RecordInput{AppointmentID: ap, Step: locker.StepDropped, BookingID: b.ID, Cell: "1", At: t1}))
	require.NoError(t, a.Record(ctx, locker.RecordInput{AppointmentID: ap, Step: locker.StepDropped, BookingID: b.ID, Cell: "9", At: t1.Add(time.Hour)}))
	row = db.Appointment.GetX(ctx, ap)
	require.True(t, row.AcsesKeyDroppedAt.Equal(t1))
	require.Equal(t, "1", row.AcsesKeyDropIn)

	// The mechanic's PIN is the booking's code, and who asked is kept.
	pin, err := a.PIN(ctx, locker.PINInput{AppointmentID: ap, BookingID: b.ID, UserID: 42})
	require.NoError(t, err)
	require.Equal(t, first.PIN, pin.PIN)
	require.Equal(t, 42, *db.Appointment.GetX(ctx, ap).AcsesKeyPickUpByID)
	_, err = a.PIN(ctx, locker.PINInput{AppointmentID: ap + 1, BookingID: b.ID, UserID: 42})
	require.Error(t, err, "another appointment's booking")

	// With the key inside, the booking cannot be cancelled: an outcome.
	_, derr := fake.UseDoor(acsesfake.DemoLockerSystemID, first.PIN, enums.ObjectStatusDropoff)
	require.NoError(t, derr)
	out, err := a.Cancel(ctx, locker.CancelInput{BookingID: b.ID})
	require.NoError(t, err)
	require.False(t, out.Cancelled)
}

func TestBookWithoutACellOrLocker(t *testing.T) {
	a, fake, _, ap := fixture(t, true)
	ctx := context.Background()
	fake.SetNoFreeCell(acsesfake.DemoLockerSystemID, true)
	out, err := a.Book(ctx, locker.BookInput{AppointmentID: ap, Purpose: locker.PurposeDrop, Seq: 1})
	require.NoError(t, err)
	require.False(t, out.Booked)
	require.Equal(t, locker.ReasonNoFreeCell, out.Reason)

	fake.SetNoFreeCell(acsesfake.DemoLockerSystemID, false)
	fake.SetDown(true)
	_, err = a.Book(ctx, locker.BookInput{AppointmentID: ap, Purpose: locker.PurposeDrop, Seq: 2})
	require.ErrorIs(t, err, acses.ErrUnavailable, "retryable")
	fake.SetDown(false)

	out, err = a.Book(ctx, locker.BookInput{AppointmentID: ap, Purpose: locker.PurposeDropBack, Seq: 1, LockerSystemID: "elsewhere"})
	require.NoError(t, err)
	require.Equal(t, locker.ReasonNoLocker, out.Reason)

	a2, _, _, ap2 := fixture(t, false)
	out, err = a2.Book(ctx, locker.BookInput{AppointmentID: ap2, Purpose: locker.PurposeDrop, Seq: 1})
	require.NoError(t, err)
	require.Equal(t, locker.ReasonNoLocker, out.Reason, "ACSES disabled at the location")
}

func TestCancelAndMoveAnEmptyBooking(t *testing.T) {
	a, fake, db, ap := fixture(t, true)
	ctx := context.Background()
	b, err := a.Book(ctx, locker.BookInput{AppointmentID: ap, Purpose: locker.PurposeDrop, Seq: 1})
	require.NoError(t, err)
	end := time.Now().Add(10 * 24 * time.Hour).UTC().Truncate(time.Second)
	moved, err := a.Move(ctx, locker.MoveInput{BookingID: b.BookingID, EndDate: end})
	require.NoError(t, err)
	require.True(t, moved.Moved)
	require.True(t, db.Booking.GetX(ctx, b.BookingID).EndDate.Equal(end))
	for range 2 { // a retry is harmless
		out, err := a.Cancel(ctx, locker.CancelInput{BookingID: b.BookingID})
		require.NoError(t, err)
		require.True(t, out.Cancelled)
	}
	vb, ok := fake.Booking(b.BookingID)
	require.True(t, ok)
	require.Equal(t, acses.BookingCancelled, vb.State)
}

// Through the SDK's activity environment, as a worker runs them (inputs and
// results encoded and decoded): a retried booking answers the first one, an
// unreachable vendor is a retryable error, a vendor's refusal is final.
func TestLockerActivitiesInTheActivityEnvironment(t *testing.T) {
	a, fake, _, ap := fixture(t, true)
	env := (&testsuite.WorkflowTestSuite{}).NewTestActivityEnvironment()
	env.RegisterActivity(a)
	in := locker.BookInput{AppointmentID: ap, Purpose: locker.PurposeDrop, Seq: 1, EndDate: time.Now().Add(72 * time.Hour).Truncate(time.Second)}
	book := func() locker.BookOutput {
		v, err := env.ExecuteActivity(a.Book, in)
		require.NoError(t, err)
		var out locker.BookOutput
		require.NoError(t, v.Get(&out))
		return out
	}
	first := book()
	require.True(t, first.Booked)
	require.Equal(t, first, book())
	require.Len(t, fake.Bookings(), 1)

	fake.SetDown(true)
	_, err := env.ExecuteActivity(a.Move, locker.MoveInput{BookingID: first.BookingID, EndDate: in.EndDate.Add(time.Hour)})
	var ae *temporal.ApplicationError
	require.Error(t, err)
	require.False(t, errors.As(err, &ae) && ae.NonRetryable(), "an outage is retried: %v", err)
	fake.SetDown(false)

	_, derr := fake.UseDoor(acsesfake.DemoLockerSystemID, first.PIN, enums.ObjectStatusDropoff)
	require.NoError(t, derr)
	v, err := env.ExecuteActivity(a.Cancel, locker.CancelInput{BookingID: first.BookingID})
	require.NoError(t, err)
	var out locker.CancelOutput
	require.NoError(t, v.Get(&out))
	require.False(t, out.Cancelled, "the key is inside: an outcome, not an error")
	require.NotEmpty(t, out.Reason)
}

// A booking with the key inside can be extended (the appointment moved):
// the vendor keeps the key behind the same door and code; once the key is
// out the booking is used and a move is an outcome, not an error.
func TestMoveABookingWithTheKeyInside(t *testing.T) {
	a, fake, db, ap := fixture(t, true)
	ctx := context.Background()
	b, err := a.Book(ctx, locker.BookInput{AppointmentID: ap, Purpose: locker.PurposeDrop, Seq: 1})
	require.NoError(t, err)
	_, derr := fake.UseDoor(acsesfake.DemoLockerSystemID, b.PIN, enums.ObjectStatusDropoff)
	require.NoError(t, derr)
	end := time.Now().Add(40 * 24 * time.Hour).UTC().Truncate(time.Second)
	for range 2 { // a retry is harmless
		moved, err := a.Move(ctx, locker.MoveInput{BookingID: b.BookingID, EndDate: end})
		require.NoError(t, err)
		require.True(t, moved.Moved)
	}
	require.True(t, db.Booking.GetX(ctx, b.BookingID).EndDate.Equal(end))
	vb, _ := fake.Booking(b.BookingID)
	require.True(t, vb.EndDate.Equal(end))
	require.Equal(t, b.PIN, vb.Code, "the same code still opens the cell")
	_, derr = fake.UseDoor(acsesfake.DemoLockerSystemID, b.PIN, enums.ObjectStatusCheckout)
	require.NoError(t, derr)
	moved, err := a.Move(ctx, locker.MoveInput{BookingID: b.BookingID, EndDate: end.Add(time.Hour)})
	require.NoError(t, err)
	require.False(t, moved.Moved)
	require.NotEmpty(t, moved.Reason)
}

// A drop time taken from a checkout that came first is replaced by the
// dropoff's own (Replace); a retry writes the same, and without Replace a
// set time stays.
func TestRecordReplacesADropTimeTakenFromItsCheckout(t *testing.T) {
	a, _, db, ap := fixture(t, true)
	ctx := context.Background()
	checkout := time.Now().UTC().Truncate(time.Second)
	dropoff := checkout.Add(-10 * time.Minute)
	for _, step := range []locker.Step{locker.StepDropped, locker.StepDroppedBack} {
		require.NoError(t, a.Record(ctx, locker.RecordInput{AppointmentID: ap, Step: step, BookingID: "b", Cell: "3", At: checkout}))
		require.NoError(t, a.Record(ctx, locker.RecordInput{AppointmentID: ap, Step: step, BookingID: "b", Cell: "9", At: dropoff.Add(time.Minute)}))
		for range 2 { // a retry
			require.NoError(t, a.Record(ctx, locker.RecordInput{AppointmentID: ap, Step: step, BookingID: "b", Cell: "5", At: dropoff, Replace: true}))
		}
	}
	row := db.Appointment.GetX(ctx, ap)
	require.True(t, row.AcsesKeyDroppedAt.Equal(dropoff), "%v", row.AcsesKeyDroppedAt)
	require.Equal(t, "5", row.AcsesKeyDropIn)
	require.True(t, row.AcsesKeyDroppedBackAt.Equal(dropoff), "%v", row.AcsesKeyDroppedBackAt)
	require.Equal(t, "5", row.AcsesKeyDropBackIn)
}

// A location with its own ACSES login (acses_email, acses_password; spec
// 000: the e-mail is "used as Basic Auth during authentication") makes its
// calls with it, not with the account's API key: here the client's key is
// wrong, so only the location's login can book, move and cancel. A wrong
// location password is refused by the vendor like a wrong key, for good.
func TestLocationCallsSignInWithItsOwnACSESLogin(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	fake := acsesfake.New(acsesfake.WithDemoLockerSystem(), acsesfake.WithExpiryInterval(0),
		acsesfake.WithLogin("lockers@dealer.example", "location-secret"))
	t.Cleanup(fake.Close)
	c, err := acses.New(acses.Config{BaseURL: fake.URL(), APIKey: "not-the-account-key"})
	require.NoError(t, err)
	d := db.Dealer.Create().SetName("D").SetCountryCode("NL").SaveX(ctx)
	loc := db.DealerLocation.Create().SetDealer(d).SetName("L").SetIsAcsesEnabled(true).SetActive(true).
		SetAcsesEmail("lockers@dealer.example").SetAcsesPassword("location-secret").SaveX(ctx)
	db.LockerSystem.Create().SetID(acsesfake.DemoLockerSystemID).SetDealerLocationID(loc.ID).SetName("Demo locker").ExecX(ctx)
	ap := db.Appointment.Create().SetLocationID(loc.ID).SetWoNr("WO-1").SetRegNumber("AB-123-C").
		SetTimeCarApp(time.Now().Add(48 * time.Hour)).SetCreatedBy("test").SaveX(ctx)
	a := &locker.Activities{DB: db, ACSES: c}

	out, err := a.Book(ctx, locker.BookInput{AppointmentID: ap.ID, Purpose: locker.PurposeDrop, Seq: 1, EndDate: time.Now().Add(72 * time.Hour)})
	require.NoError(t, err)
	require.True(t, out.Booked)
	moved, err := a.Move(ctx, locker.MoveInput{BookingID: out.BookingID, EndDate: time.Now().Add(96 * time.Hour).Truncate(time.Second)})
	require.NoError(t, err)
	require.True(t, moved.Moved)
	cancelled, err := a.Cancel(ctx, locker.CancelInput{BookingID: out.BookingID})
	require.NoError(t, err)
	require.True(t, cancelled.Cancelled)

	// Without the location's login the (wrong) account key is used: refused.
	db.DealerLocation.UpdateOne(loc).SetAcsesPassword("").ExecX(ctx)
	_, err = a.Book(ctx, locker.BookInput{AppointmentID: ap.ID, Purpose: locker.PurposeDrop, Seq: 2, EndDate: time.Now().Add(72 * time.Hour)})
	var appErr *temporal.ApplicationError
	require.True(t, errors.As(err, &appErr), "%v", err)
	require.Equal(t, locker.ErrRefused, appErr.Type())
	// A wrong location password is refused the same way.
	db.DealerLocation.UpdateOne(loc).SetAcsesPassword("wrong-secret").ExecX(ctx)
	_, err = a.Book(ctx, locker.BookInput{AppointmentID: ap.ID, Purpose: locker.PurposeDrop, Seq: 3, EndDate: time.Now().Add(72 * time.Hour)})
	require.True(t, errors.As(err, &appErr), "%v", err)
	require.Contains(t, err.Error(), "401")
}
