package custerase

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/internal/custfind"
	"github.com/pitstop-dev/pitstop/internal/enums"
	pkeys "github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// secret is the erasure's PITSTOP_KEY_SECRET.
var secret = []byte("k")

// On both databases (the CLI may run on SQLite): a dry run counts and
// changes nothing, the erasure blanks the row and records itself, a second
// one answers with the first's record, an open appointment refuses.
func TestEraseOnBothDatabases(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *store.DB{"postgres": storetest.New, "sqlite": storetest.NewSQLite} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := open(t).Client
			d := db.Dealer.Create().SetName("A").SetCountryCode("BE").SaveX(ctx)
			l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetCountry("BE").SetTimeZone("Europe/Brussels").SaveX(ctx)
			c := db.Customer.Create().SetDealerLocationID(l.ID).SetFirstName("Anouk").SetEmailPrivate("anouk@example.com").
				SetTelMobileBusiness("0470 12 34 56").SaveX(ctx)
			at := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
			app := db.Appointment.Create().SetLocationID(l.ID).SetCustomerDriverID(c.ID).SetDriverFirstname("Anouk").
				SetTimeCarApp(at).SetCreatedBy("test").SaveX(ctx)
			req := Request{DealerID: d.ID, Selector: Selector{Email: "ANOUK@example.com"}, RequestedBy: 7, Via: ViaAPI, KeySecret: secret,
				Now: func() time.Time { return at }}

			_, err := Erase(ctx, db, req)
			var busy *InProgress
			require.True(t, errors.As(err, &busy), "%v", err)
			assert.Equal(t, []int{app.ID}, busy.AppointmentIDs)
			app.Update().SetLifecycleStage("completed").ExecX(ctx)

			dry := req
			dry.DryRun = true
			var heard []string
			dry.Progress = func(kind string, n int) { heard = append(heard, kind) }
			rec, err := Erase(ctx, db, dry)
			require.NoError(t, err)
			assert.True(t, rec.DryRun)
			assert.Equal(t, map[string]int{KindCustomers: 1, KindAppointments: 1}, rec.Touched)
			assert.Equal(t, []string{KindCustomers, KindAppointments}, heard)
			assert.Equal(t, "Anouk", db.Customer.GetX(ctx, c.ID).FirstName, "a dry run changes nothing")
			assert.Zero(t, db.CustomerErasure.Query().CountX(ctx))

			// Her two-way thread, a conversation, a task naming her, and a
			// reply from her number that matched no appointment (with its task).
			db.Conversation.Create().SetAppointmentID(app.ID).SetCommunicationChannelID(enums.CommunicationChannelIDSMS).
				SetCustomerAddress("+32470123456").SetOurAddress("+3197010000001").ExecX(ctx)
			msg := db.AppointmentMessage.Create().SetAppointmentID(app.ID).SetDealerLocationID(l.ID).SetDirection("in").
				SetCommunicationChannelID(enums.CommunicationChannelIDSMS).SetText("Anouk here, can I come at 10?").
				SetProviderID("twilio:SM1").SetCustomerAddress("+32470123456").SaveX(ctx)
			stray := db.AppointmentMessage.Create().SetDealerLocationID(l.ID).SetDirection("in").
				SetCommunicationChannelID(enums.CommunicationChannelIDSMS).SetText("Anouk again").
				SetProviderID("twilio:SM2").SetCustomerAddress("+32470123456").SaveX(ctx)
			other := db.AppointmentMessage.Create().SetDealerLocationID(l.ID).SetDirection("in").
				SetCommunicationChannelID(enums.CommunicationChannelIDSMS).SetText("someone else").
				SetProviderID("twilio:SM3").SetCustomerAddress("+32470999999").SaveX(ctx)
			tk := db.Task.Create().SetDealerLocationID(l.ID).SetAppointmentID(app.ID).SetKind("customer_reply").
				SetText("Anouk replied: can I come at 10?").SetDedupeKey("customer-reply-1").SaveX(ctx)
			strayTask := db.Task.Create().SetDealerLocationID(l.ID).SetKind("unmatched_reply").
				SetText("A reply: “Anouk again”").SetDedupeKey(fmt.Sprintf("unmatched-reply-%d", stray.ID)).SaveX(ctx)

			rec, err = Erase(ctx, db, req)
			require.NoError(t, err)
			assert.NotZero(t, rec.ID)
			for _, id := range []int{msg.ID, stray.ID} {
				m := db.AppointmentMessage.GetX(ctx, id)
				assert.Empty(t, m.Text+m.CustomerAddress, "message %d", id)
			}
			assert.Equal(t, "someone else", db.AppointmentMessage.GetX(ctx, other.ID).Text, "another sender's reply stays")
			assert.Zero(t, db.Conversation.Query().CountX(ctx), "her conversation routes no more replies")
			assert.Empty(t, db.Task.GetX(ctx, tk.ID).Text)
			assert.Empty(t, db.Task.GetX(ctx, strayTask.ID).Text)
			got := db.Customer.GetX(ctx, c.ID)
			assert.Empty(t, got.FirstName+got.EmailPrivate+got.TelMobileBusiness)
			assert.Empty(t, db.Appointment.GetX(ctx, app.ID).DriverFirstname)
			row := db.CustomerErasure.GetX(ctx, rec.ID)
			assert.Equal(t, "email", row.FoundBy)
			assert.Equal(t, []int{c.ID}, row.CustomerIds)

			_, err = Erase(ctx, db, Request{DealerID: d.ID, Selector: Selector{CustomerID: c.ID}, Via: ViaCLI, KeySecret: secret})
			var done *AlreadyErased
			require.True(t, errors.As(err, &done), "%v", err)
			assert.Equal(t, rec.ID, done.Record.ID)
			assert.Contains(t, err.Error(), "already erased on 2026-12-06T09:00:00Z")
			_, err = Erase(ctx, db, req)
			assert.ErrorIs(t, err, ErrNotFound, "the address is no longer held")
		})
	}
}

// Two erasures of one customer at the same time on PostgreSQL: one erases,
// the other answers that it is already erased; one record.
func TestEraseTwiceAtOnce(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	d := db.Dealer.Create().SetName("A").SetCountryCode("NL").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetCountry("NL").SetTimeZone("Europe/Amsterdam").SaveX(ctx)
	c := db.Customer.Create().SetDealerLocationID(l.ID).SetSurname("Jansen").SaveX(ctx)
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := Erase(ctx, db, Request{DealerID: d.ID, Selector: Selector{CustomerID: c.ID}, Via: ViaCLI, KeySecret: secret})
			errs <- err
		}()
	}
	var ok, already int
	for range 2 {
		err := <-errs
		var done *AlreadyErased
		switch {
		case err == nil:
			ok++
		case errors.As(err, &done):
			already++
		default:
			t.Fatalf("unexpected: %v", err)
		}
	}
	assert.Equal(t, 1, ok)
	assert.Equal(t, 1, already)
	assert.Equal(t, 1, db.CustomerErasure.Query().CountX(ctx))
}

// A lease company erased as the contractor: its names on the appointment
// go; the driver's online communication (naming nobody) and the driver's
// name stay, for the driver is not the one erased.
func TestEraseContractorLeavesTheDriversRecords(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	d := db.Dealer.Create().SetName("A").SetCountryCode("NL").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetCountry("NL").SetTimeZone("Europe/Amsterdam").SaveX(ctx)
	lease := db.Customer.Create().SetDealerLocationID(l.ID).SetCompany("Lease BV").SetEmailBusiness("fleet@lease.example").SaveX(ctx)
	driver := db.Customer.Create().SetDealerLocationID(l.ID).SetSurname("Bakker").SaveX(ctx)
	app := db.Appointment.Create().SetLocationID(l.ID).SetCustomerDriverID(driver.ID).SetCustomerContractID(lease.ID).
		SetDriverSurname("Bakker").SetContractorSurname("Lease BV").SetRegNumber("AB-12-CD").SetLifecycleStage("completed").
		SetTimeCarApp(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)).SetCreatedBy("test").SaveX(ctx)
	com := db.CustomerCommunication.Create().SetAppointmentID(app.ID).SetDealerLocationID(l.ID).SetNote("Bakker's note").
		SetCustomerKeyHash("c").SetCustomerKeySalt("s").SetReceptionistKeyHash("r").SetReceptionistKeySalt("s").SaveX(ctx)

	rec, err := Erase(ctx, db, Request{DealerID: d.ID, Selector: Selector{Email: "fleet@lease.example"}, Via: ViaCLI, KeySecret: secret})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{KindCustomers: 1, KindAppointments: 1}, rec.Touched)
	got := db.Appointment.GetX(ctx, app.ID)
	assert.Empty(t, got.ContractorSurname)
	assert.Equal(t, "Bakker", got.DriverSurname)
	assert.Equal(t, "AB-12-CD", got.RegNumber)
	assert.Equal(t, "Bakker's note", db.CustomerCommunication.GetX(ctx, com.ID).Note)
	assert.Equal(t, "Bakker", db.Customer.GetX(ctx, driver.ID).Surname)
}

// On PostgreSQL: a reply from a second phone in her thread, a conversation
// from it and a corrected e-mail address on her online check-in are hers
// without being on her row: the erasure takes their contact subjects' data
// keys too, in its transaction. A number also in another customer's thread
// keeps its key. The retention's AnonymiseAppointment does the same for
// the addresses of the appointment it anonymises.
func TestEraseShredsTheKeysOfTheAddressesInHerThread(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	d := db.Dealer.Create().SetName("A").SetCountryCode("BE").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetCountry("BE").SetTimeZone("Europe/Brussels").SaveX(ctx)
	at := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	subjectKey := func(contact string) int {
		return db.CustomerDataKey.Create().SetSubject(pkeys.ContactSubject(secret, contact)).SetKeyID("k-" + contact).
			SetMasterKeyID("m1").SetWrappedKey([]byte("w")).SetCreatedAt(at).SaveX(ctx).ID
	}
	erased := func(id int) bool { return db.CustomerDataKey.GetX(ctx, id).ErasedAt != nil }
	n := 0
	reply := func(appID int, from string) {
		n++
		db.AppointmentMessage.Create().SetAppointmentID(appID).SetDealerLocationID(l.ID).SetDirection("in").
			SetCommunicationChannelID(enums.CommunicationChannelIDSMS).SetText("a reply").
			SetProviderID(fmt.Sprintf("twilio:SM%d", n)).SetCustomerAddress(from).ExecX(ctx)
	}
	closed := func(c int) *ent.Appointment {
		return db.Appointment.Create().SetLocationID(l.ID).SetCustomerDriverID(c).SetLifecycleStage("completed").
			SetTimeCarApp(at).SetCreatedBy("test").SaveX(ctx)
	}

	anouk := db.Customer.Create().SetDealerLocationID(l.ID).SetFirstName("Anouk").SetTelMobilePrivate("0470 12 34 56").SaveX(ctx)
	app := closed(anouk.ID)
	reply(app.ID, "+32470123456")
	reply(app.ID, "+32470222222") // her second phone
	db.Conversation.Create().SetAppointmentID(app.ID).SetCommunicationChannelID(enums.CommunicationChannelIDSMS).
		SetCustomerAddress("+32470333333").SetOurAddress("+3197010000001").ExecX(ctx)
	db.CustomerCommunication.Create().SetAppointmentID(app.ID).SetDealerLocationID(l.ID).SetCorrectEmail("anouk@work.example").
		SetCustomerKeyHash("c").SetCustomerKeySalt("s").SetReceptionistKeyHash("r").SetReceptionistKeySalt("s").ExecX(ctx)
	reply(app.ID, "+32470444444") // also in Bart's thread
	bart := db.Customer.Create().SetDealerLocationID(l.ID).SetFirstName("Bart").SaveX(ctx)
	reply(closed(bart.ID).ID, "+32470444444")
	own, second, conv, mail, shared := subjectKey("+32470123456"), subjectKey("+32470222222"), subjectKey("+32470333333"),
		subjectKey("anouk@work.example"), subjectKey("+32470444444")

	rec, err := Erase(ctx, db, Request{DealerID: d.ID, Selector: Selector{CustomerID: anouk.ID}, Via: ViaCLI, KeySecret: secret,
		Now: func() time.Time { return at }})
	require.NoError(t, err)
	assert.Equal(t, 4, rec.Touched[KindDataKeys])
	for name, id := range map[string]int{"own": own, "second phone": second, "conversation": conv, "corrected e-mail": mail} {
		assert.True(t, erased(id), "%s: its subject's key is erased", name)
	}
	assert.False(t, erased(shared), "a number in another customer's thread keeps its key")

	// Retention of Bart's appointment: the shared number's key goes now
	// (nothing kept holds it), Bart's own contacts wait for his row.
	bartApp := db.Appointment.Query().Where(appointment.CustomerDriverID(bart.ID)).OnlyX(ctx)
	tx, err := db.Tx(ctx)
	require.NoError(t, err)
	bartRow := tx.Client().Customer.GetX(ctx, bart.ID)
	touched, err := AnonymiseAppointment(ctx, tx.Client(), bartApp, &custfind.Found{Country: map[int]string{l.ID: "BE"},
		Customers: []*ent.Customer{bartRow}}, at, secret)
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
	assert.Equal(t, 1, touched[KindDataKeys])
	assert.True(t, erased(shared))
}
