// Package storetest gives tests a fresh, migrated database of their own.
//
// New creates a new PostgreSQL database on the machine's server for every call
// (tests may run in parallel) and drops it when the test ends. NewSQLite gives an
// in-memory SQLite database, for tests that are explicitly about the embedded
// database.
//
// New is fast (about a tenth of a second) because it clones a template database:
// the first New of a process (or of the first process, when several run at once)
// migrates a database named pitstop_tmpl_<hash of the schema> once; later calls,
// and later test runs with the same schema, copy it with CREATE DATABASE ...
// TEMPLATE. A schema change gives a new hash, hence a new template; templates of
// other schemas are dropped when a new one is made.
//
// Both New and NewSQLite apply the checked-in migration files (package
// migrations), as `pitstop migrate` does, so tests run on exactly the schema
// production gets. When ent/schema has a table or column the files lack, they
// fail with the command that writes the missing migration.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq" // the "postgres" driver

	"github.com/pitstop-dev/pitstop/ent/migrate"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/migrations"
)

// EnvURL names the environment variable with the URL of the PostgreSQL server's
// database that tests connect to in order to create their own databases.
const EnvURL = "PITSTOP_TEST_DATABASE_URL"

// DefaultURL is used when EnvURL is not set.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// DBPrefix starts the name of every database New creates.
const DBPrefix = "pitstop_t_"

// templatePrefix starts the name of the migrated template databases.
const templatePrefix = "pitstop_tmpl_"

// templateLockKey is the advisory lock that serialises template creation between
// test processes ("pitstopT" in ASCII).
const templateLockKey int64 = 0x70697473746f7054

const startHint = "PostgreSQL must run for the tests (127.0.0.1:5432, user postgres, trust auth); " +
	"start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start " +
	"(or point " + EnvURL + " at a server)"

// BaseURL is the server URL New uses: $PITSTOP_TEST_DATABASE_URL or DefaultURL.
func BaseURL() string {
	if u := os.Getenv(EnvURL); u != "" {
		return u
	}
	return DefaultURL
}

// New returns a fresh, migrated PostgreSQL database for t, dropped (WITH (FORCE))
// when t ends. It fails t (never skips it) when the server cannot be reached.
func New(t testing.TB) *store.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	base := BaseURL()
	admin, err := adminDB(ctx, base)
	if err != nil {
		t.Fatalf("storetest: cannot reach PostgreSQL at %s: %v\n%s", store.Redact(base), err, startHint)
	}
	tmpl, err := ensureTemplate(ctx, admin, base)
	if err != nil {
		t.Fatalf("storetest: template database: %v", err)
	}

	name := DBPrefix + randomHex(8)
	_, err = admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+tmpl)
	if err != nil && strings.Contains(err.Error(), "3D000") {
		// Another test process with another schema (a second checkout on
		// the same server) dropped our template as stale: build it again.
		templateMu.Lock()
		delete(templates, base)
		templateMu.Unlock()
		if tmpl, err = ensureTemplate(ctx, admin, base); err == nil {
			_, err = admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+tmpl)
		}
	}
	if err != nil {
		t.Fatalf("storetest: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("storetest: drop database %s: %v", name, err)
		}
	})

	db, err := store.Open(ctx, withDatabase(base, name))
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	// Registered after the drop, so it runs before it (cleanups run last-in first-out).
	t.Cleanup(func() { db.Close() })
	return db
}

// NewSQLite returns a fresh, migrated in-memory SQLite database for t, closed when
// t ends.
func NewSQLite(t testing.TB) *store.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := store.Open(ctx, "sqlite::memory:")
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, store.MigrateOptions{}); err != nil {
		t.Fatalf("storetest: sqlite: %v", err)
	}
	if err := checkColumns(ctx, db); err != nil {
		t.Fatalf("storetest: sqlite: %v", err)
	}
	return db
}

var (
	adminMu  sync.Mutex
	adminDBs = map[string]*sql.DB{} // by base URL; live for the whole test process

	templateMu sync.Mutex
	templates  = map[string]string{} // base URL -> template database name
)

// adminDB returns the process-wide pool on the base URL's database, pinged.
func adminDB(ctx context.Context, base string) (*sql.DB, error) {
	adminMu.Lock()
	defer adminMu.Unlock()
	db := adminDBs[base]
	if db == nil {
		var err error
		if db, err = sql.Open("postgres", base); err != nil {
			return nil, err
		}
		db.SetMaxIdleConns(4)
		adminDBs[base] = db
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		return nil, err
	}
	return db, nil
}

// ensureTemplate returns the name of the migrated template database of the current
// schema, making it if no process has yet.
func ensureTemplate(ctx context.Context, admin *sql.DB, base string) (string, error) {
	templateMu.Lock()
	defer templateMu.Unlock()
	if name, ok := templates[base]; ok {
		return name, nil
	}
	name := templatePrefix + schemaAtStart

	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", templateLockKey); err != nil {
		return "", err
	}
	defer func() {
		uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _ = conn.ExecContext(uctx, "SELECT pg_advisory_unlock($1)", templateLockKey)
	}()

	var exists bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if !exists {
		if err := buildTemplate(ctx, conn, base, name); err != nil {
			return "", err
		}
		dropOtherTemplates(ctx, conn, name)
	}
	templates[base] = name
	return name, nil
}

// buildTemplate migrates a new database under a temporary name and renames it to
// name once complete, so a crash never leaves a half-migrated template behind.
func buildTemplate(ctx context.Context, conn *sql.Conn, base, name string) error {
	building := DBPrefix + "build_" + randomHex(6)
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+building); err != nil {
		return fmt.Errorf("create %s: %w", building, err)
	}
	ok := false
	defer func() {
		if !ok {
			_, _ = conn.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)")
		}
	}()
	db, err := store.Open(ctx, withDatabase(base, building))
	if err != nil {
		return err
	}
	err = db.Migrate(ctx, store.MigrateOptions{})
	if err == nil {
		err = checkColumns(ctx, db)
	}
	db.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", building, err)
	}
	if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+building+" RENAME TO "+name); err != nil {
		return fmt.Errorf("rename %s to %s: %w", building, name, err)
	}
	ok = true
	// Nobody may connect to the template: a connection would block every clone.
	if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+name+" WITH ALLOW_CONNECTIONS false"); err != nil {
		return fmt.Errorf("lock %s: %w", name, err)
	}
	return nil
}

// dropOtherTemplates drops the templates of other schema versions (best effort).
func dropOtherTemplates(ctx context.Context, conn *sql.Conn, keep string) {
	rows, err := conn.QueryContext(ctx, "SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2", templatePrefix+"%", keep)
	if err != nil {
		return
	}
	var names []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			names = append(names, n)
		}
	}
	rows.Close()
	for _, n := range names {
		_, _ = conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+n)
	}
}

// checkColumns fails when a table or column of ent/schema is missing from the
// migrated database: ent/schema changed without a migration. (Cheap; the full
// comparison is TestMigrationFilesMatchTheEntSchema in package store.)
func checkColumns(ctx context.Context, db *store.DB) error {
	var missing []string
	for _, t := range migrate.Tables {
		rows, err := db.SQL.QueryContext(ctx, "SELECT * FROM "+quote(db.Dialect, t.Name)+" WHERE 1 = 0")
		if err != nil {
			missing = append(missing, "table "+t.Name)
			continue
		}
		cols, err := rows.Columns()
		rows.Close()
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for _, c := range cols {
			have[c] = true
		}
		for _, c := range t.Columns {
			if !have[c.Name] {
				missing = append(missing, "column "+t.Name+"."+c.Name)
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("ent/schema has %s, which the migration files do not create: run %s and commit the new files",
			strings.Join(missing, ", "), migrations.Command)
	}
	return nil
}

func quote(dialectName, ident string) string {
	if dialectName == store.Postgres {
		return `"` + ident + `"`
	}
	return "`" + ident + "`"
}

// schemaAtStart is the schema's fingerprint taken before any test can
// migrate (and so modify) ent's table descriptions.
var schemaAtStart = schemaHash()

// schemaHash fingerprints the generated schema (tables, columns, indexes, foreign
// keys) and the PostgreSQL migration files, so a template is reused only by
// code with the same schema and migrations.
func schemaHash() string {
	h := sha256.New()
	if dir, err := migrations.Dir(store.Postgres); err == nil {
		if sum, err := dir.Checksum(); err == nil {
			fmt.Fprintf(h, "migrations %s\n", sum.Sum())
		}
	}
	tables := append([]*schema.Table(nil), migrate.Tables...)
	sort.Slice(tables, func(i, j int) bool { return tables[i].Name < tables[j].Name })
	for _, t := range tables {
		fmt.Fprintf(h, "table %s\n", t.Name)
		for _, c := range t.Columns {
			fmt.Fprintf(h, " col %s %v %d %v %v %v %v %v %v\n", c.Name, c.Type, c.Size, c.Nullable, c.Unique,
				c.Increment, c.Default, sortedMap(c.SchemaType), c.Enums)
		}
		for _, c := range t.PrimaryKey {
			fmt.Fprintf(h, " pk %s\n", c.Name)
		}
		for _, ix := range t.Indexes {
			fmt.Fprintf(h, " index %s %v", ix.Name, ix.Unique)
			writeColumns(h, ix.Columns)
		}
		for _, fk := range t.ForeignKeys {
			// Not the symbol: migrating shortens long symbols in place, so a
			// process that migrated SQLite first would hash differently and
			// drop the template other test processes are cloning.
			fmt.Fprintf(h, " fk %s %s", fk.RefTable.Name, fk.OnDelete)
			writeColumns(h, fk.Columns)
			writeColumns(h, fk.RefColumns)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func writeColumns(w io.Writer, cols []*schema.Column) {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	fmt.Fprintf(w, " (%s)\n", strings.Join(names, ","))
}

func sortedMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k+"="+m[k])
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

// withDatabase returns base with its database (the URL's path) replaced by name.
func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base // Open reports a malformed URL without quoting it
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
