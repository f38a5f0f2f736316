package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ariga.io/atlas/sql/migrate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/app"
	"github.com/pitstop-dev/pitstop/app/devstack/devserver"
	"github.com/pitstop-dev/pitstop/internal/config"
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
	ts := devserver.Start(t)
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

	// Metrics: the Temporal SDK's (client and worker) and the API's
	// requests land in the process's registry, served on PITSTOP_METRICS_ADDR.
	require.NoError(t, w.Start())
	defer w.Stop()
	api := httptest.NewServer(a.Handler(nil))
	defer api.Close()
	res, err := http.Get(api.URL + "/healthz")
	require.NoError(t, err)
	_ = res.Body.Close()
	res, err = http.Get(api.URL + "/v1/appointments/12345")
	require.NoError(t, err)
	_ = res.Body.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	a.Cfg.MetricsAddr = ln.Addr().String()
	require.ErrorContains(t, a.ServeMetrics(ctx), "PITSTOP_METRICS_ADDR", "a taken port fails at start, naming the setting")
	require.NoError(t, ln.Close())
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	require.NoError(t, a.ServeMetrics(sctx))
	var body string
	require.Eventually(t, func() bool {
		res, err := http.Get("http://" + a.Cfg.MetricsAddr + "/metrics")
		if err != nil {
			return false
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		body = string(b)
		return strings.Contains(body, "temporal_worker_start_total") && strings.Contains(body, "temporal_long_request_total")
	}, 10*time.Second, 50*time.Millisecond, "the worker's and its pollers' metrics")
	assert.Contains(t, body, `pitstop_http_requests_total{method="GET",route="/healthz",status="200"} 1`)
	assert.Contains(t, body, `route="/v1/appointments/:id",status="401"} 1`, "by route template, not path")
	assert.NotContains(t, body, "12345")
	assert.Contains(t, body, `task_queue="pitstop"`)
}
