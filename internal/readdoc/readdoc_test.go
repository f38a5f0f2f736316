package readdoc_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// TestOneClearPerTransaction: writes in one transaction that change one
// communication's document clear it and bump its version once; the next
// transaction, and each write outside one, clears it again.
func TestOneClearPerTransaction(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	d := db.Dealer.Create().SetName("Visser").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealer(d).SetName("Zwolle").SaveX(ctx)
	cu := db.Customer.Create().SetLocation(l).SaveX(ctx)
	car := db.Car.Create().SetLocation(l).SaveX(ctx)
	ap := db.Appointment.Create().SetLocation(l).SetCar(car).SetCustomerDriver(cu).SetCustomerOwner(cu).
		SetTimeCarApp(time.Date(2025, 3, 14, 8, 30, 0, 0, time.UTC)).SaveX(ctx)
	com := db.CustomerCommunication.Create().SetAppointment(ap).SetDealerLocationID(l.ID).SetCustomerID(cu.ID).
		SetCustomerKeyHash("c").SetCustomerKeySalt("cs").SetReceptionistKeyHash("r").SetReceptionistKeySalt("rs").SaveX(ctx)
	stored := func() {
		t.Helper()
		db.CustomerCommunication.UpdateOneID(com.ID).SetDocument([]byte(`{"stale":true}`)).ExecX(ctx)
	}
	version := func() int {
		t.Helper()
		c := db.CustomerCommunication.GetX(ctx, com.ID)
		require.True(t, c.Document == nil || *c.Document == nil, "a change clears the document")
		return c.DocumentVersion
	}

	stored()
	v0 := db.CustomerCommunication.GetX(ctx, com.ID).DocumentVersion
	require.NoError(t, store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		if err := tx.Appointment.UpdateOneID(ap.ID).SetWoNr("WO-1").Exec(ctx); err != nil {
			return err
		}
		if err := tx.CustomerCommunication.UpdateOneID(com.ID).SetNote("at the desk").Exec(ctx); err != nil {
			return err
		}
		return tx.Customer.UpdateOneID(cu.ID).SetFirstName("Anna").Exec(ctx)
	}))
	require.Equal(t, v0+1, version(), "three changes in one transaction, one bump")

	stored()
	require.NoError(t, store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		return tx.Appointment.UpdateOneID(ap.ID).SetWoNr("WO-2").Exec(ctx)
	}))
	require.Equal(t, v0+2, version(), "the next transaction clears again")

	stored()
	db.Appointment.UpdateOneID(ap.ID).SetWoNr("WO-3").ExecX(ctx)
	db.Customer.UpdateOneID(cu.ID).SetFirstName("Anne").ExecX(ctx)
	require.Equal(t, v0+4, version(), "outside a transaction each change clears")

	// A transaction rolled back is forgotten too: a later one clears.
	stored()
	_ = store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		tx.Appointment.UpdateOneID(ap.ID).SetWoNr("WO-4").ExecX(ctx)
		return context.Canceled
	})
	kept := db.CustomerCommunication.GetX(ctx, com.ID).Document
	require.True(t, kept != nil && len(*kept) > 0, "rolled back: the document stays")
	require.NoError(t, store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		return tx.Appointment.UpdateOneID(ap.ID).SetWoNr("WO-5").Exec(ctx)
	}))
	require.Equal(t, v0+5, version())
}
