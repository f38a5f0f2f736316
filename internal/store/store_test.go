package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealer"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

func TestOpenUnsupportedURL(t *testing.T) {
	t.Parallel()
	_, err := store.Open(context.Background(), "mysql://root:hunter2@localhost/db")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unsupported URL")
	assert.NotContains(t, err.Error(), "hunter2")
}

func TestOpenPostgresErrorHidesPassword(t *testing.T) {
	t.Parallel()
	// Port 1: nothing listens, the connection is refused at once.
	_, err := store.Open(context.Background(), "postgres://pitstop:s3cr%23tpw@127.0.0.1:1/pitstop?sslmode=disable")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "open postgres")
	assert.NotContains(t, err.Error(), "s3cr")
	assert.Contains(t, err.Error(), "xxxxx")

	_, err = store.Open(context.Background(), "postgres://pitstop:s3cr%zz@127.0.0.1:1/pitstop")
	require.Error(t, err, "malformed URL")
	assert.NotContains(t, err.Error(), "s3cr")
}

func TestRedact(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "postgres://u:xxxxx@h:5432/db", store.Redact("postgres://u:pw@h:5432/db"))
	assert.Equal(t, "postgres://u@h/db", store.Redact("postgres://u@h/db"))
	assert.Equal(t, "sqlite:x.db", store.Redact("sqlite:x.db"))
}

func TestOpenSQLiteFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := t.TempDir() + "/pitstop.db"
	db, err := store.Open(ctx, "sqlite:"+path)
	require.NoError(t, err)
	require.Equal(t, store.SQLite, db.Dialect)
	require.NoError(t, db.Migrate(ctx, store.MigrateOptions{}))
	d := db.Dealer.Create().SetName("On disk").SaveX(ctx)
	require.NoError(t, db.Close())

	// Reopened (also as sqlite://PATH), the row is still there and migrating again
	// changes nothing.
	db, err = store.Open(ctx, "sqlite://"+path)
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.Migrate(ctx, store.MigrateOptions{}))
	require.Equal(t, "On disk", db.Dealer.GetX(ctx, d.ID).Name)

	var fk, journal string
	require.NoError(t, db.SQL.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk))
	require.NoError(t, db.SQL.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal))
	assert.Equal(t, "1", fk)
	assert.Equal(t, "wal", journal)
}

func TestWithTx(t *testing.T) {
	t.Parallel()
	for name, open := range dialects {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := open(t)
			count := func(n string) int {
				return db.Dealer.Query().Where(dealer.Name(n)).CountX(ctx)
			}

			require.NoError(t, store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
				_, err := tx.Dealer.Create().SetName("committed").Save(ctx)
				return err
			}))
			assert.Equal(t, 1, count("committed"))

			boom := errors.New("boom")
			err := store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
				tx.Dealer.Create().SetName("rolled back").SaveX(ctx)
				return boom
			})
			require.ErrorIs(t, err, boom)
			assert.Equal(t, 0, count("rolled back"))

			assert.PanicsWithValue(t, "kaboom", func() {
				_ = store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
					tx.Dealer.Create().SetName("panicked").SaveX(ctx)
					panic("kaboom")
				})
			})
			assert.Equal(t, 0, count("panicked"))

			// The error of fn comes back unwrapped enough for ent's predicates.
			db.User.Create().SetEmail("dup@example.com").SetRoleID(50).SaveX(ctx)
			err = store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
				_, err := tx.User.Create().SetEmail("dup@example.com").SetRoleID(50).Save(ctx)
				return err
			})
			require.Error(t, err)
			assert.True(t, ent.IsConstraintError(err), "%v", err)
		})
	}
}

func TestStoretestGivesSeparateDatabases(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := storetest.New(t), storetest.New(t)
	a.Dealer.Create().SetName("only in a").SaveX(ctx)
	assert.Equal(t, 1, a.Dealer.Query().CountX(ctx))
	assert.Equal(t, 0, b.Dealer.Query().CountX(ctx))

	var name string
	require.NoError(t, a.SQL.QueryRowContext(ctx, "SELECT current_database()").Scan(&name))
	assert.True(t, strings.HasPrefix(name, storetest.DBPrefix), name)
}

func TestStoretestDropsDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var name string
	t.Run("inner", func(t *testing.T) {
		db := storetest.New(t)
		require.NoError(t, db.SQL.QueryRowContext(ctx, "SELECT current_database()").Scan(&name))
	})
	// The inner test's cleanup has run: its database is gone.
	other := storetest.New(t)
	var exists bool
	require.NoError(t, other.SQL.QueryRowContext(ctx,
		"SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists))
	assert.False(t, exists, "database %s still exists", name)
}

// dialects opens a fresh migrated database of each kind.
var dialects = map[string]func(testing.TB) *store.DB{
	"postgres": storetest.New,
	"sqlite":   storetest.NewSQLite,
}

// TestPostgresSendsJSONAsTextAndBytesAsBinary: with binary_parameters on
// (pgconn.go), a jsonb column still takes ent's JSON and a bytea column
// keeps every byte, including ones that are not UTF-8.
func TestPostgresSendsJSONAsTextAndBytesAsBinary(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	data := json.RawMessage(`{"stage":"check_in_sent","n":1}`)
	ev, err := db.DealerEvent.Create().SetEventID("e-1").SetDealerLocationID(1).SetAppointmentID(2).SetSeq(1).
		SetLocationSeq(1).SetType("appointment.stage_changed").SetData(data).SetOccurredAt(time.Now()).Save(ctx)
	require.NoError(t, err)
	got, err := db.DealerEvent.Get(ctx, ev.ID)
	require.NoError(t, err)
	require.JSONEq(t, string(data), string(got.Data))

	wrapped := []byte{0x00, 0xff, 0xfe, '\\', 'x', 0x80}
	k, err := db.CustomerDataKey.Create().SetKeyID("k-1").SetMasterKeyID("m-1").SetWrappedKey(wrapped).SetCreatedAt(time.Now()).Save(ctx)
	require.NoError(t, err)
	gotKey, err := db.CustomerDataKey.Get(ctx, k.ID)
	require.NoError(t, err)
	require.Equal(t, wrapped, *gotKey.WrappedKey)

	var kind string
	require.NoError(t, db.SQL.QueryRowContext(ctx, `SELECT jsonb_typeof(data) FROM dealer_events WHERE id = $1`, ev.ID).Scan(&kind))
	require.Equal(t, "object", kind, "stored as JSON, not as a string")
}
