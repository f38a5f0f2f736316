package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"ariga.io/atlas/sql/migrate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/pitstop-dev/pitstop/internal/app"
	"github.com/pitstop-dev/pitstop/internal/config"
	"github.com/pitstop-dev/pitstop/internal/devstack"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/migrations"
)

// testConfig is the default configuration on a fresh SQLite file, with
// Temporal at temporalAddr.
func testConfig(t *testing.T, temporalAddr string) config.Config {
	t.Helper()
	env := map[string]string{
		"PITSTOP_DATABASE_URL":     "sqlite:" + filepath.Join(t.TempDir(), "pitstop.db"),
		"PITSTOP_TEMPORAL_ADDRESS": temporalAddr,
	}
	cfg, err := config.FromLookup(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	require.NoError(t, err)
	return cfg
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// `pitstop api` and `pitstop worker` (app.Open) refuse a database that is not
// at this build's schema version, before connecting to anything else, and
// never migrate it themselves.
func TestOpenRefusesADatabaseAtAnotherSchemaVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// Nothing listens on port 1: reaching Temporal would fail differently.
	cfg := testConfig(t, "127.0.0.1:1")

	// Older: no migration applied yet.
	_, err := app.Open(ctx, cfg, quiet)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refusing to start")
	assert.Contains(t, err.Error(), "run `pitstop migrate`")
	db, err := store.Open(ctx, cfg.DatabaseURL)
	require.NoError(t, err)
	defer db.Close()
	var tables int
	require.NoError(t, db.SQL.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").Scan(&tables))
	assert.Zero(t, tables, "Open must not migrate")

	// Newer: the database ran a migration this build does not have.
	dir, err := migrations.Dir(store.SQLite)
	require.NoError(t, err)
	files, err := dir.Files()
	require.NoError(t, err)
	newer := &migrate.MemDir{}
	require.NoError(t, newer.CopyFiles(append(files, migrate.NewLocalFile("99991231000000_from_the_future.sql",
		[]byte("CREATE TABLE future_things (id integer NOT NULL PRIMARY KEY);\n")))))
	require.NoError(t, db.MigrateDir(ctx, newer, store.MigrateOptions{}))
	_, err = app.Open(ctx, cfg, quiet)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refusing to start")
	assert.Contains(t, err.Error(), "99991231000000_from_the_future")
}

// `pitstop dev` (app.OpenMigrated) applies the migrations; then `pitstop api`
// and `pitstop worker` (app.Open) start on the database.
func TestOpenStartsOnACurrentDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cli, err := devstack.FindTemporalCLI()
	require.NoError(t, err, "the Temporal CLI (make bin/temporal builds it)")
	ts, err := testsuite.StartDevServer(ctx, testsuite.DevServerOptions{ExistingPath: cli, LogLevel: "error",
		Stdout: io.Discard, Stderr: io.Discard})
	require.NoError(t, err)
	t.Cleanup(func() { _ = ts.Stop() })
	cfg := testConfig(t, ts.FrontendHostPort())

	var progress []string
	a, err := app.OpenMigrated(ctx, cfg, quiet, func(msg string) { progress = append(progress, msg) })
	require.NoError(t, err)
	a.Close()
	assert.Contains(t, strings.Join(progress, "\n"), "applied ", "dev applied the migration files")

	a, err = app.Open(ctx, cfg, quiet)
	require.NoError(t, err)
	defer a.Close()
	require.NoError(t, a.DB.CheckSchema(ctx))
	w, err := a.Worker()
	require.NoError(t, err, "the worker builds on the current schema")
	require.NotNil(t, w)
	require.NoError(t, a.DB.Ping(ctx), fmt.Sprintf("database %s", store.Redact(cfg.DatabaseURL)))
}
