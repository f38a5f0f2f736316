package keylocker_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent/booking"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/internal/keylocker"
	"github.com/pitstop-dev/pitstop/internal/keylocker/seal"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// Key-locker PINs and ACSES door codes are stored sealed, read back and
// looked up in clear through ent; rows stored in clear before sealing read
// as is and SealLegacy seals them, after which look-ups find them.
func TestPINsAndDoorCodesAreStoredSealed(t *testing.T) {
	require.NoError(t, seal.SetSecret([]byte("keylocker-test-secret-0123456789")))
	ctx := context.Background()
	db := storetest.New(t)
	c := db.Client
	d := c.Dealer.Create().SetName("D").SetCountryCode("NL").SaveX(ctx)
	loc := c.DealerLocation.Create().SetDealer(d).SetName("L").SetActive(true).SaveX(ctx)
	c.LockerSystem.Create().SetID("ls").SetDealerLocationID(loc.ID).SetName("Locker").ExecX(ctx)
	ap := c.Appointment.Create().SetLocationID(loc.ID).SetWoNr("WO-1").SetTimeCarApp(time.Now().Add(time.Hour)).SetCreatedBy("t").SaveX(ctx)
	now := time.Now()
	k := c.KeyLockerCommunication.Create().SetAppointmentID(ap.ID).SetDealerLocationID(loc.ID).SetPin("482913").SaveX(ctx)
	c.Booking.Create().SetID("bk").SetLockerSystemID("ls").SetAppointmentID(ap.ID).SetStartDate(now).SetEndDate(now).
		SetCreatedInAcses(now).SetPurpose("drop").SetCode("771204").ExecX(ctx)

	raw := func(q string, args ...any) string {
		var v string
		require.NoError(t, db.SQL.QueryRowContext(ctx, q, args...).Scan(&v))
		return v
	}
	storedPIN := raw(`SELECT pin FROM key_locker_communications WHERE id = $1`, k.ID)
	storedCode := raw(`SELECT code FROM bookings WHERE id = 'bk'`)
	for _, v := range []string{storedPIN, storedCode} {
		require.True(t, strings.HasPrefix(v, seal.Prefix), "stored sealed: %q", v)
	}
	require.NotContains(t, storedPIN, "482913")
	require.NotContains(t, storedCode, "771204")
	require.Equal(t, "482913", c.KeyLockerCommunication.GetX(ctx, k.ID).Pin, "read back in clear")
	require.Equal(t, "771204", c.Booking.GetX(ctx, "bk").Code)
	require.Equal(t, k.ID, c.KeyLockerCommunication.Query().Where(keylockercommunication.Pin("482913")).OnlyIDX(ctx), "found by the typed PIN")
	require.Equal(t, 1, c.KeyLockerCommunication.Query().Where(keylockercommunication.PinNEQ("")).CountX(ctx))

	// Rows written in clear before sealing (an older version).
	_, err := db.SQL.ExecContext(ctx, `UPDATE key_locker_communications SET pin = '135790' WHERE id = $1`, k.ID)
	require.NoError(t, err)
	_, err = db.SQL.ExecContext(ctx, `UPDATE bookings SET code = '246801' WHERE id = 'bk'`)
	require.NoError(t, err)
	require.Equal(t, "135790", c.KeyLockerCommunication.GetX(ctx, k.ID).Pin, "a clear row still reads")
	n, err := keylocker.SealLegacy(ctx, c)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	require.True(t, strings.HasPrefix(raw(`SELECT pin FROM key_locker_communications WHERE id = $1`, k.ID), seal.Prefix))
	require.True(t, strings.HasPrefix(raw(`SELECT code FROM bookings WHERE id = 'bk'`), seal.Prefix))
	require.Equal(t, k.ID, c.KeyLockerCommunication.Query().Where(keylockercommunication.Pin("135790")).OnlyIDX(ctx))
	require.Equal(t, "246801", c.Booking.Query().Where(booking.ID("bk")).OnlyX(ctx).Code)
	n, err = keylocker.SealLegacy(ctx, c)
	require.NoError(t, err)
	require.Zero(t, n, "nothing left in clear")
}
