package custkeys

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent/customerdatakey"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/payloadcodec"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

func ring(t *testing.T, spec ...string) *payloadcodec.Keyring {
	t.Helper()
	s := ""
	for i, id := range spec {
		if i > 0 {
			s += ","
		}
		s += id + ":" + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte(id[len(id)-1:]), payloadcodec.KeySize))
	}
	k, err := payloadcodec.ParseKeyring(s)
	require.NoError(t, err)
	return k
}

// On both databases: an appointment's customers get one data key each,
// made once; a master key rotation re-wraps them; an erasure removes the
// wrapped key in the caller's transaction and the cache forgets it.
func TestDataKeysLifeOnBothDatabases(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *store.DB{"postgres": storetest.New, "sqlite": storetest.NewSQLite} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := open(t).Client
			d := db.Dealer.Create().SetName("A").SetCountryCode("BE").SaveX(ctx)
			l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetCountry("BE").SetTimeZone("Europe/Brussels").SaveX(ctx)
			driver := db.Customer.Create().SetDealerLocationID(l.ID).SetFirstName("Anouk").SaveX(ctx)
			owner := db.Customer.Create().SetDealerLocationID(l.ID).SetFirstName("Bram").SaveX(ctx)
			app := db.Appointment.Create().SetLocationID(l.ID).SetCustomerDriverID(driver.ID).SetCustomerOwnerID(owner.ID).
				SetTimeCarApp(time.Now()).SetCreatedBy("test").SaveX(ctx)
			wf := "appointment-" + strconv.Itoa(app.ID)

			s := New(db, ring(t, "m1"))
			keys, err := s.ForWorkflow(ctx, wf)
			require.NoError(t, err)
			require.Len(t, keys, 2)
			again, err := s.ForWorkflow(ctx, wf)
			require.NoError(t, err)
			assert.Equal(t, keys, again, "a customer's key is made once")
			assert.Equal(t, 2, db.CustomerDataKey.Query().CountX(ctx))
			none, err := s.ForWorkflow(ctx, "dms-import-1-x")
			require.NoError(t, err)
			assert.Empty(t, none, "a workflow of nobody's data uses the master key")
			row := db.CustomerDataKey.Query().Where(customerdatakey.CustomerID(driver.ID)).OnlyX(ctx)
			assert.Equal(t, "m1", row.MasterKeyID)
			assert.False(t, bytes.Contains(*row.WrappedKey, keys[0].Key), "stored wrapped, never in clear")

			// Rotation: m2 first; the keys move to it and still unwrap to the same bytes.
			rotated := ring(t, "m2", "m1")
			n, err := Rewrap(ctx, db, rotated)
			require.NoError(t, err)
			assert.Equal(t, 2, n)
			forget([]string{keys[0].ID, keys[1].ID})
			after, err := New(db, ring(t, "m2")).Key(ctx, row.KeyID)
			require.NoError(t, err, "after the re-wrap the old master key is not needed for data keys")
			var want []byte
			for _, k := range keys {
				if k.ID == row.KeyID {
					want = k.Key
				}
			}
			assert.Equal(t, want, after)

			// Erasure of the driver, in a transaction; a third customer with no key gets an erased row.
			other := db.Customer.Create().SetDealerLocationID(l.ID).SetFirstName("Cas").SaveX(ctx)
			tx, err := db.Tx(ctx)
			require.NoError(t, err)
			erased, err := Erase(ctx, tx.Client(), []int{driver.ID, other.ID}, time.Now())
			require.NoError(t, err)
			require.NoError(t, tx.Commit())
			assert.Equal(t, 1, erased)
			s2 := New(db, rotated)
			_, err = s2.Key(ctx, row.KeyID)
			assert.True(t, errors.Is(err, payloadcodec.ErrErased), "%v", err)
			gone := db.CustomerDataKey.Query().Where(customerdatakey.CustomerID(driver.ID)).OnlyX(ctx)
			assert.True(t, gone.WrappedKey == nil || len(*gone.WrappedKey) == 0, "wrapped key removed")
			assert.NotNil(t, gone.ErasedAt)
			tomb := db.CustomerDataKey.Query().Where(customerdatakey.CustomerID(other.ID)).OnlyX(ctx)
			assert.NotNil(t, tomb.ErasedAt)
			assert.True(t, tomb.WrappedKey == nil || len(*tomb.WrappedKey) == 0)

			left, err := s2.ForWorkflow(ctx, wf)
			require.NoError(t, err)
			require.Len(t, left, 1, "only the owner's key is left")
			assert.NotEqual(t, row.KeyID, left[0].ID)
			n, err = Rewrap(ctx, db, ring(t, "m3", "m2"))
			require.NoError(t, err)
			assert.Equal(t, 1, n, "an erased key is never re-wrapped")
			again2 := db.CustomerDataKey.Query().Where(customerdatakey.CustomerID(driver.ID)).OnlyX(ctx)
			assert.True(t, again2.WrappedKey == nil || len(*again2.WrappedKey) == 0)
		})
	}
}

// Keys are cached for TTL; an erasure in another process is seen after it.
func TestCacheForgetsWithinTTL(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	d := db.Dealer.Create().SetName("A").SetCountryCode("BE").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetCountry("BE").SetTimeZone("Europe/Brussels").SaveX(ctx)
	c := db.Customer.Create().SetDealerLocationID(l.ID).SetFirstName("Anouk").SaveX(ctx)
	app := db.Appointment.Create().SetLocationID(l.ID).SetCustomerDriverID(c.ID).SetTimeCarApp(time.Now()).SetCreatedBy("test").SaveX(ctx)
	now := time.Now()
	s := New(db, ring(t, "m1"))
	s.now = func() time.Time { return now }
	keys, err := s.ForWorkflow(ctx, "appointment-"+strconv.Itoa(app.ID))
	require.NoError(t, err)
	require.Len(t, keys, 1)
	// Another process erases: its cache, not ours, is dropped.
	db.CustomerDataKey.Update().Where(customerdatakey.CustomerID(c.ID)).ClearWrappedKey().SetErasedAt(now).ExecX(ctx)
	_, err = s.Key(ctx, keys[0].ID)
	require.NoError(t, err, "within TTL the cached key still answers")
	now = now.Add(TTL + time.Second)
	_, err = s.Key(ctx, keys[0].ID)
	require.ErrorIs(t, err, payloadcodec.ErrErased)
}

// The workflows that hold an appointment's customers' data name them by
// their ID; the workflows whose ID names no appointment name nobody.
func TestCustomersOfTheAppointmentsWorkflows(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	d := db.Dealer.Create().SetName("A").SetCountryCode("BE").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetCountry("BE").SetTimeZone("Europe/Brussels").SaveX(ctx)
	driver := db.Customer.Create().SetDealerLocationID(l.ID).SetFirstName("Anouk").SaveX(ctx)
	owner := db.Customer.Create().SetDealerLocationID(l.ID).SetFirstName("Bram").SaveX(ctx)
	app := db.Appointment.Create().SetLocationID(l.ID).SetCustomerDriverID(driver.ID).SetCustomerOwnerID(owner.ID).
		SetTimeCarApp(time.Now()).SetCreatedBy("test").SaveX(ctx)
	id := strconv.Itoa(app.ID)
	want := []int{driver.ID, owner.ID}
	if want[0] > want[1] {
		want[0], want[1] = want[1], want[0]
	}
	for _, wf := range []string{"appointment-" + id, "feedback-" + id, "appointment-answer-" + id + "-0123456789abcdef0123456789abcdef",
		"ticket-" + id + "-5d7b2c1e-0000-4000-8000-000000000000"} {
		got, err := CustomersOf(ctx, db, wf)
		require.NoError(t, err, wf)
		assert.Equal(t, want, got, wf)
	}
	for _, wf := range []string{"inbound-message-0123456789abcdef0123456789abcdef", "sms-keyword-SM0123", "ticket-5d7b2c1e-0000-4000-8000-000000000000",
		"task-done-" + id, "appointment-answer-" + id, "appointment-answer-x-abc", "feedback-999999", "dms-import-1-x",
		"ticket-999999-5d7b2c1e-0000-4000-8000-000000000000", "ticket-" + id, "ticket-x" + id + "-abc", "ticket-" + id + "-abc",
		// A ticket from before whose UUID starts with digits names no appointment.
		fmt.Sprintf("ticket-%08d-0000-4000-8000-000000000000", app.ID), fmt.Sprintf("ticket-%d-0000-4000-8000-000000000000", app.ID),
		"inbound-message-0123456789abcdef01234567-0123456789abcdef0123456789abcdef"} {
		got, err := CustomersOf(ctx, db, wf)
		require.NoError(t, err, wf)
		assert.Empty(t, got, wf)
	}
}

// The workflows of a contact's messages name its subject in their ID (the
// keyed hash keys.ContactSubject); those from before, and every other
// workflow, name none.
func TestSubjectOfTheMessagesWorkflows(t *testing.T) {
	subj := keys.ContactSubject([]byte("k"), "+31612345678")
	for wf, want := range map[string]string{
		"inbound-message-" + subj + "-0123456789abcdef0123456789abcdef": subj,
		"sms-keyword-" + subj + "-SM0123":                               subj,
		"inbound-message-0123456789abcdef0123456789abcdef":              "",
		"sms-keyword-SM0123":                                            "",
		"sms-keyword-" + subj:                                           "",
		"sms-keyword-" + subj + "-":                                     "",
		"sms-keyword-" + strings.ToUpper(subj) + "-SM0123":              "",
		"appointment-" + subj + "-1":                                    "",
		"ticket-1-" + subj:                                              "",
	} {
		assert.Equal(t, want, SubjectOf(wf), wf)
	}
}

// On both databases: a contact's messages get one key, made once and
// shared by all its messages' workflows; its erasure shreds it (in the
// caller's transaction, the cache forgets it), and a later message from
// the same address gets a new key, which the erasure did not touch.
func TestContactKeysLifeOnBothDatabases(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *store.DB{"postgres": storetest.New, "sqlite": storetest.NewSQLite} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := open(t).Client
			secret := []byte("k")
			jan, sophie := keys.ContactSubject(secret, "+31612345678"), keys.ContactSubject(secret, "Sophie <Sophie@Example.com>")
			require.Equal(t, jan, keys.ContactSubject(secret, " +31 6 1234 5678 "), "one number, however written")
			require.Equal(t, sophie, keys.ContactSubject(secret, "sophie@example.com"))
			s := New(db, ring(t, "m1"))
			reply, err := s.ForWorkflow(ctx, "inbound-message-"+jan+"-0123456789abcdef0123456789abcdef")
			require.NoError(t, err)
			require.Len(t, reply, 1)
			kw, err := s.ForWorkflow(ctx, "sms-keyword-"+jan+"-SM1")
			require.NoError(t, err)
			assert.Equal(t, reply, kw, "one key per contact")
			mail, err := s.ForWorkflow(ctx, "inbound-message-"+sophie+"-abc")
			require.NoError(t, err)
			require.Len(t, mail, 1)
			assert.NotEqual(t, reply[0].ID, mail[0].ID)
			row := db.CustomerDataKey.Query().Where(customerdatakey.Subject(jan)).OnlyX(ctx)
			assert.Zero(t, row.CustomerID, "a contact's key belongs to no customer row")
			assert.False(t, bytes.Contains(*row.WrappedKey, reply[0].Key), "stored wrapped, never in clear")

			tx, err := db.Tx(ctx)
			require.NoError(t, err)
			n, err := EraseSubjects(ctx, tx.Client(), []string{jan, keys.ContactSubject(secret, "+32470000000")}, time.Now())
			require.NoError(t, err)
			require.NoError(t, tx.Commit())
			assert.Equal(t, 1, n, "a contact that never wrote has no key to erase")
			_, err = s.Key(ctx, reply[0].ID)
			assert.ErrorIs(t, err, payloadcodec.ErrErased, "the erasing process forgets at once")
			_, err = New(db, ring(t, "m1")).Key(ctx, reply[0].ID)
			assert.ErrorIs(t, err, payloadcodec.ErrErased)
			_, err = s.Key(ctx, mail[0].ID)
			assert.NoError(t, err, "another contact's key stays")

			later, err := s.ForWorkflow(ctx, "inbound-message-"+jan+"-fedcba")
			require.NoError(t, err)
			require.Len(t, later, 1, "a message after the erasure is sealed with a new key, never the master key")
			assert.NotEqual(t, reply[0].ID, later[0].ID)
			n, err = Rewrap(ctx, db, ring(t, "m2", "m1"))
			require.NoError(t, err)
			assert.Equal(t, 2, n, "contacts' live keys are re-wrapped too")
		})
	}
}
