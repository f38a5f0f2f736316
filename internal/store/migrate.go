package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/sqlite"

	"github.com/pitstop-dev/pitstop/internal/store/migrations"
)

// RevisionTable records which migration files a database has run. Its columns
// are those of the Atlas CLI's revision table, so `atlas migrate status` could
// read it too.
const RevisionTable = "atlas_schema_revisions"

// ErrNoHistory is Migrate's error for a database that has tables but no
// revision table: made by the automatic migration of older builds.
var ErrNoHistory = errors.New("the database already has tables but no migration history")

// MigrateOptions tune (*DB).Migrate.
type MigrateOptions struct {
	// Progress, if set, is told about each step ("applying 20261130_x.sql (42
	// statements)"), for the command line.
	Progress func(msg string)
	// Baseline marks a database whose tables were made before versioned
	// migrations (by ent's automatic migration) as being at this version,
	// without running it or the files before it. Only for such a database's
	// first versioned migration; the schema must really be that version's.
	Baseline string
}

// Migrate applies the pending migration files of the build's dialect (package
// migrations), each file in one transaction: a file that fails leaves nothing
// of itself behind. Running it again on an up-to-date database changes
// nothing. On PostgreSQL it holds an advisory lock meanwhile, so two
// `pitstop migrate` started together run one after the other.
func (db *DB) Migrate(ctx context.Context, opts MigrateOptions) error {
	dir, err := migrations.Dir(db.Dialect)
	if err != nil {
		return err
	}
	return db.MigrateDir(ctx, dir, opts)
}

// MigrateDir is Migrate with the migration files of dir (for the migration
// generator and tests; production uses Migrate).
func (db *DB) MigrateDir(ctx context.Context, dir migrate.Dir, opts MigrateOptions) error {
	progress := opts.Progress
	if progress == nil {
		progress = func(string) {}
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	if db.Dialect == Postgres {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrateLockKey); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
		defer func() {
			// A fresh context: the unlock must happen even if ctx was cancelled (the lock
			// would otherwise live as long as the pooled connection).
			uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_, _ = conn.ExecContext(uctx, "SELECT pg_advisory_unlock($1)", migrateLockKey)
		}()
	}
	if err := migrate.Validate(dir); err != nil {
		return fmt.Errorf("migrate: the migration files do not match their atlas.sum (edited or added by hand?): %w; "+
			"regenerate them with %s", err, migrations.Command)
	}
	revs, err := newRevisions(ctx, conn, db.Dialect)
	if err != nil {
		return err
	}
	drv, err := atlasDriver(db.Dialect, conn)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var exOpts []migrate.ExecutorOption
	if opts.Baseline != "" {
		exOpts = append(exOpts, migrate.WithBaselineVersion(opts.Baseline))
	}
	ex, err := migrate.NewExecutor(drv, dir, revs, exOpts...)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	pending, err := ex.Pending(ctx)
	var notClean *migrate.NotCleanError
	switch {
	case errors.Is(err, migrate.ErrNoPendingFiles):
		progress("no pending migrations")
		return nil
	case errors.As(err, &notClean):
		return fmt.Errorf("migrate: %w (%s): it was made before versioned migrations. If its schema is that of the "+
			"first migration, mark it so with `pitstop migrate --baseline <first version>`; otherwise start from an "+
			"empty database", ErrNoHistory, notClean.Reason)
	case err != nil:
		return fmt.Errorf("migrate: %w", err)
	}
	progress(fmt.Sprintf("%d pending migration(s)", len(pending)))
	for _, f := range pending {
		stmts, err := f.Stmts()
		if err != nil {
			return fmt.Errorf("migrate: %s: %w", f.Name(), err)
		}
		progress(fmt.Sprintf("applying %s (%d statements)", f.Name(), len(stmts)))
		start := time.Now()
		if err := db.applyFile(ctx, conn, dir, f); err != nil {
			return err
		}
		progress(fmt.Sprintf("applied %s in %s", f.Name(), time.Since(start).Round(time.Millisecond)))
	}
	return nil
}

// applyFile runs one migration file and records it, in one transaction.
func (db *DB) applyFile(ctx context.Context, conn *sql.Conn, dir migrate.Dir, f migrate.File) (err error) {
	if db.Dialect == SQLite {
		// Atlas rebuilds a changed SQLite table by copying it, which needs foreign
		// keys off; inside a transaction that pragma does nothing, so switch them
		// off around it and check them before committing.
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = off"); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		defer func() {
			if _, perr := conn.ExecContext(context.Background(), "PRAGMA foreign_keys = on"); perr != nil {
				err = errors.Join(err, fmt.Errorf("migrate: foreign keys back on: %w", perr))
			}
		}()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %s: begin: %w", f.Name(), err)
	}
	fail := func(err error) error {
		_ = tx.Rollback()
		return fmt.Errorf("migrate: %s failed, nothing of it was applied: %w", f.Name(), err)
	}
	drv, err := atlasDriver(db.Dialect, tx)
	if err != nil {
		return fail(err)
	}
	revs := &revisions{q: tx, dialect: db.Dialect}
	ex, err := migrate.NewExecutor(drv, dir, revs)
	if err != nil {
		return fail(err)
	}
	if err := ex.Execute(ctx, f); err != nil {
		var stmtErr *migrate.StmtExecError
		if errors.As(err, &stmtErr) {
			// Not err itself: recording the failure in the aborted transaction
			// failed too, which says nothing.
			return fail(fmt.Errorf("statement %q: %w", stmtErr.Stmt.Text, stmtErr.Err))
		}
		return fail(err)
	}
	if db.Dialect == SQLite {
		rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
		if err != nil {
			return fail(err)
		}
		bad := rows.Next()
		rows.Close()
		if bad {
			return fail(errors.New("it leaves rows whose foreign keys point nowhere (PRAGMA foreign_key_check)"))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: %s: commit: %w", f.Name(), err)
	}
	return nil
}

// CheckSchema returns an error unless the database is at the newest version
// this build knows: every migration file applied, none failed half-way, none
// changed since, and none applied that this build does not know. `pitstop
// api` and `pitstop worker` call it at start instead of migrating.
func (db *DB) CheckSchema(ctx context.Context) error {
	dir, err := migrations.Dir(db.Dialect)
	if err != nil {
		return err
	}
	return db.CheckSchemaDir(ctx, dir)
}

// CheckSchemaDir is CheckSchema against the migration files of dir.
func (db *DB) CheckSchemaDir(ctx context.Context, dir migrate.Dir) error {
	files, err := dir.Files()
	if err != nil {
		return fmt.Errorf("schema check: %w", err)
	}
	sums, err := dir.Checksum()
	if err != nil {
		return fmt.Errorf("schema check: %w", err)
	}
	latest := "(none)"
	if len(files) > 0 {
		latest = files[len(files)-1].Version()
	}
	exists, err := db.tableExists(ctx, RevisionTable)
	if err != nil {
		return fmt.Errorf("schema check: %w", err)
	}
	if !exists {
		if len(files) == 0 {
			return nil
		}
		return fmt.Errorf("the database has no schema migrations applied; this build needs version %s: run `pitstop migrate` first", latest)
	}
	applied, err := (&revisions{q: db.SQL, dialect: db.Dialect}).ReadRevisions(ctx)
	if err != nil {
		return fmt.Errorf("schema check: %w", err)
	}
	known := make(map[string]migrate.File, len(files))
	for _, f := range files {
		known[f.Version()] = f
	}
	done := make(map[string]bool, len(applied))
	current := "(none)"
	for _, r := range applied {
		f, ok := known[r.Version]
		if !ok {
			return fmt.Errorf("the database has migration %s_%s, which this build does not know (the database is newer "+
				"than this build, at version %s): run a build that has it, not this one", r.Version, r.Description, latest)
		}
		if r.Applied < r.Total || r.Error != "" {
			return fmt.Errorf("migration %s did not complete (%d of %d statements; %s): run `pitstop migrate`", f.Name(), r.Applied, r.Total, r.Error)
		}
		if r.Type != migrate.RevisionTypeBaseline && r.Hash != "" {
			if sum, err := sums.SumByName(f.Name()); err == nil && sum != r.Hash {
				return fmt.Errorf("migration %s was changed after it was applied to this database; migration files must never change once released", f.Name())
			}
		}
		done[r.Version] = true
		current = r.Version
	}
	var missing []string
	for _, f := range files {
		if !done[f.Version()] && f.Version() > firstVersion(applied) {
			missing = append(missing, f.Name())
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the database schema is at version %s, this build needs %s (pending: %s): run `pitstop migrate` first",
			current, latest, strings.Join(missing, ", "))
	}
	return nil
}

// firstVersion is the version of the baseline revision (which stands for
// every file up to it), or "" when the database has none.
func firstVersion(revs []*migrate.Revision) string {
	if len(revs) == 0 || !revs[0].Type.Has(migrate.RevisionTypeBaseline) {
		return ""
	}
	return revs[0].Version
}

func (db *DB) tableExists(ctx context.Context, name string) (bool, error) {
	var q string
	switch db.Dialect {
	case Postgres:
		q = "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1)"
	default:
		q = "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)"
	}
	var ok bool
	err := db.SQL.QueryRowContext(ctx, q, name).Scan(&ok)
	return ok, err
}

func atlasDriver(dialectName string, q execQuerier) (migrate.Driver, error) {
	if dialectName == Postgres {
		return postgres.Open(q)
	}
	return sqlite.Open(q)
}

// execQuerier is what *sql.DB, *sql.Conn and *sql.Tx have in common.
type execQuerier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// revisions is the migrate.RevisionReadWriter on RevisionTable.
type revisions struct {
	q       execQuerier
	dialect string
	schema  string // PostgreSQL: the table's schema
}

var _ migrate.RevisionReadWriter = (*revisions)(nil)

// newRevisions creates the revision table if it is missing.
func newRevisions(ctx context.Context, q execQuerier, dialectName string) (*revisions, error) {
	ts, js := "datetime", "text"
	if dialectName == Postgres {
		ts, js = "timestamptz", "jsonb"
	}
	_, err := q.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+RevisionTable+` (
	version varchar NOT NULL PRIMARY KEY,
	description varchar NOT NULL,
	type bigint NOT NULL DEFAULT 2,
	applied bigint NOT NULL DEFAULT 0,
	total bigint NOT NULL DEFAULT 0,
	executed_at `+ts+` NOT NULL,
	execution_time bigint NOT NULL,
	error text NULL,
	error_stmt text NULL,
	hash varchar NOT NULL,
	partial_hashes `+js+` NULL,
	operator_version varchar NOT NULL
)`)
	if err != nil {
		return nil, fmt.Errorf("migrate: create %s: %w", RevisionTable, err)
	}
	r := &revisions{q: q, dialect: dialectName}
	if dialectName == Postgres {
		rows, err := q.QueryContext(ctx, "SELECT current_schema()")
		if err != nil {
			return nil, fmt.Errorf("migrate: %w", err)
		}
		defer rows.Close()
		if rows.Next() {
			if err := rows.Scan(&r.schema); err != nil {
				return nil, fmt.Errorf("migrate: %w", err)
			}
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("migrate: %w", err)
		}
	}
	return r, nil
}

func (r *revisions) Ident() *migrate.TableIdent {
	return &migrate.TableIdent{Name: RevisionTable, Schema: r.schema}
}

// ph is the n-th (from 1) query placeholder of the dialect.
func (r *revisions) ph(n int) string {
	if r.dialect == Postgres {
		return fmt.Sprintf("$%d", n)
	}
	return fmt.Sprintf("?%d", n)
}

const revisionColumns = "version, description, type, applied, total, executed_at, execution_time, error, error_stmt, hash, partial_hashes, operator_version"

func (r *revisions) ReadRevisions(ctx context.Context) ([]*migrate.Revision, error) {
	return r.read(ctx, "SELECT "+revisionColumns+" FROM "+RevisionTable+" ORDER BY version")
}

func (r *revisions) ReadRevision(ctx context.Context, version string) (*migrate.Revision, error) {
	revs, err := r.read(ctx, "SELECT "+revisionColumns+" FROM "+RevisionTable+" WHERE version = "+r.ph(1), version)
	if err != nil {
		return nil, err
	}
	if len(revs) == 0 {
		return nil, migrate.ErrRevisionNotExist
	}
	return revs[0], nil
}

func (r *revisions) read(ctx context.Context, query string, args ...any) ([]*migrate.Revision, error) {
	rows, err := r.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*migrate.Revision
	for rows.Next() {
		var (
			rev            migrate.Revision
			typ            int64
			execNanos      int64
			errText, stmt  sql.NullString
			partial        sql.NullString
			applied, total int64
		)
		if err := rows.Scan(&rev.Version, &rev.Description, &typ, &applied, &total, &rev.ExecutedAt, &execNanos,
			&errText, &stmt, &rev.Hash, &partial, &rev.OperatorVersion); err != nil {
			return nil, err
		}
		rev.Type = migrate.RevisionType(typ)
		rev.Applied, rev.Total = int(applied), int(total)
		rev.ExecutionTime = time.Duration(execNanos)
		rev.Error, rev.ErrorStmt = errText.String, stmt.String
		if partial.Valid && partial.String != "" {
			if err := json.Unmarshal([]byte(partial.String), &rev.PartialHashes); err != nil {
				return nil, fmt.Errorf("revision %s: partial hashes: %w", rev.Version, err)
			}
		}
		out = append(out, &rev)
	}
	return out, rows.Err()
}

func (r *revisions) WriteRevision(ctx context.Context, rev *migrate.Revision) error {
	var partial any // NULL when none
	if len(rev.PartialHashes) > 0 {
		b, err := json.Marshal(rev.PartialHashes)
		if err != nil {
			return err
		}
		partial = string(b)
	}
	ph := make([]string, 12)
	for i := range ph {
		ph[i] = r.ph(i + 1)
	}
	_, err := r.q.ExecContext(ctx, "INSERT INTO "+RevisionTable+" ("+revisionColumns+") VALUES ("+strings.Join(ph, ", ")+`)
ON CONFLICT (version) DO UPDATE SET description = excluded.description, type = excluded.type, applied = excluded.applied,
	total = excluded.total, executed_at = excluded.executed_at, execution_time = excluded.execution_time, error = excluded.error,
	error_stmt = excluded.error_stmt, hash = excluded.hash, partial_hashes = excluded.partial_hashes,
	operator_version = excluded.operator_version`,
		rev.Version, rev.Description, int64(rev.Type), int64(rev.Applied), int64(rev.Total), rev.ExecutedAt.UTC(),
		int64(rev.ExecutionTime), nullString(rev.Error), nullString(rev.ErrorStmt), rev.Hash, partial, rev.OperatorVersion)
	return err
}

func (r *revisions) DeleteRevision(ctx context.Context, version string) error {
	_, err := r.q.ExecContext(ctx, "DELETE FROM "+RevisionTable+" WHERE version = "+r.ph(1), version)
	return err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
