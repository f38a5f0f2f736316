package store_test

import (
	"context"
	"strings"
	"testing"

	"ariga.io/atlas/sql/migrate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/migrations"
	"github.com/pitstop-dev/pitstop/internal/store/schemadiff"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// forBothDialects runs f as a subtest per dialect.
func forBothDialects(t *testing.T, parallel bool, f func(t *testing.T, dialectName string)) {
	for _, d := range []string{store.Postgres, store.SQLite} {
		t.Run(d, func(t *testing.T) {
			if parallel {
				t.Parallel()
			}
			f(t, d)
		})
	}
}

// scratch is an empty database of the dialect (not migrated), gone when t ends.
func scratch(t *testing.T, dialectName string) *store.DB {
	t.Helper()
	db, done, err := schemadiff.Scratch(context.Background(), dialectName, storetest.BaseURL())
	require.NoError(t, err)
	t.Cleanup(done)
	return db
}

// embedded is a copy of the checked-in migration files of the dialect.
func embedded(t *testing.T, dialectName string) *migrate.MemDir {
	t.Helper()
	dir, err := migrations.Dir(dialectName)
	require.NoError(t, err)
	return dir
}

// withFile is a copy of dir plus one file, with atlas.sum updated (as the
// generator writes it).
func withFile(t *testing.T, dir migrate.Dir, name, body string) *migrate.MemDir {
	t.Helper()
	files, err := dir.Files()
	require.NoError(t, err)
	out := &migrate.MemDir{}
	require.NoError(t, out.CopyFiles(append(files, migrate.NewLocalFile(name, []byte(body)))))
	return out
}

// The checked-in files must create exactly ent/schema's tables, and match
// their atlas.sum. When this fails, its message says what to run.
func TestMigrationFilesMatchTheEntSchema(t *testing.T) {
	// Not parallel: ent plans one dialect at a time anyway.
	forBothDialects(t, false, func(t *testing.T, d string) {
		require.NoError(t, schemadiff.Check(context.Background(), scratch(t, d)))
	})
}

// The check fails when the files lack part of ent/schema, and when a file no
// longer matches atlas.sum; both messages name the generator.
func TestMigrationCheckCatchesMissingAndEditedFiles(t *testing.T) {
	ctx := context.Background()
	forBothDialects(t, false, func(t *testing.T, d string) {
		files, err := embedded(t, d).Files()
		require.NoError(t, err)
		// The baseline declares indexes; later files may not.
		first := files[0]
		body := string(first.Bytes())
		// Drop one index the schema declares: the check must miss it.
		lines := strings.Split(body, "\n")
		var kept []string
		removed := ""
		var later strings.Builder
		for _, f := range files[1:] {
			later.Write(f.Bytes())
		}
		// An index of a table no later file rebuilds (SQLite rebuilds a
		// changed table with its indexes).
		untouched := func(l string) bool {
			_, on, _ := strings.Cut(l, " ON ")
			table, _, _ := strings.Cut(on, " ")
			return table != "" && !strings.Contains(later.String(), table)
		}
		for _, l := range lines {
			if removed == "" && strings.HasPrefix(l, "CREATE INDEX") && untouched(l) {
				removed = l
				continue
			}
			kept = append(kept, l)
		}
		require.NotEmpty(t, removed)
		lacking := &migrate.MemDir{}
		edit := append([]migrate.File{migrate.NewLocalFile(first.Name(), []byte(strings.Join(kept, "\n")))}, files[1:]...)
		require.NoError(t, lacking.CopyFiles(edit))
		err = schemadiff.CheckDir(ctx, scratch(t, d), lacking)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "do not match ent/schema")
		assert.Contains(t, err.Error(), "make migration NAME=")
		assert.Contains(t, err.Error(), "CREATE INDEX", "the message shows the missing migration")

		// Edited after atlas.sum was written: the sum no longer matches.
		edited := embedded(t, d)
		require.NoError(t, edited.WriteFile(first.Name(), []byte(body+"\n-- edited by hand\n")))
		err = schemadiff.CheckDir(ctx, scratch(t, d), edited)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "atlas.sum")
		assert.Contains(t, err.Error(), "make migration NAME=")
		// And `pitstop migrate` refuses to run such files.
		err = scratch(t, d).MigrateDir(ctx, edited, store.MigrateOptions{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "atlas.sum")
	})
}

func TestMigrateAppliesEachFileOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	forBothDialects(t, true, func(t *testing.T, d string) {
		db := scratch(t, d)
		var progress []string
		opts := store.MigrateOptions{Progress: func(m string) { progress = append(progress, m) }}
		require.NoError(t, db.Migrate(ctx, opts))
		files, err := embedded(t, d).Files()
		require.NoError(t, err)
		assert.Contains(t, strings.Join(progress, "\n"), "applied "+files[0].Name())
		require.NoError(t, db.CheckSchema(ctx))

		progress = nil
		require.NoError(t, db.Migrate(ctx, opts), "a second run changes nothing")
		assert.Equal(t, []string{"no pending migrations"}, progress)
		var n, complete int
		require.NoError(t, db.SQL.QueryRowContext(ctx,
			"SELECT COUNT(*), SUM(CASE WHEN applied = total THEN 1 ELSE 0 END) FROM "+store.RevisionTable).Scan(&n, &complete))
		assert.Equal(t, len(files), n)
		assert.Equal(t, n, complete)
		// And the schema works.
		db.Dealer.Create().SetName("After migrations").SaveX(ctx)
	})
}

// api and worker refuse a database that is older or newer than the build.
func TestCheckSchemaRefusesOlderAndNewerDatabases(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	forBothDialects(t, true, func(t *testing.T, d string) {
		// Empty: nothing applied.
		empty := scratch(t, d)
		err := empty.CheckSchema(ctx)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "run `pitstop migrate`")

		// Older: the build has a file the database has not run.
		db := scratch(t, d)
		require.NoError(t, db.Migrate(ctx, store.MigrateOptions{}))
		require.NoError(t, db.CheckSchema(ctx))
		newer := withFile(t, embedded(t, d), "99991231000000_add_extra.sql", "CREATE TABLE extra_things (id integer NOT NULL PRIMARY KEY);\n")
		err = db.CheckSchemaDir(ctx, newer)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "99991231000000_add_extra.sql")
		assert.Contains(t, err.Error(), "run `pitstop migrate`")

		// Newer: the database ran a file this build does not know.
		require.NoError(t, db.MigrateDir(ctx, newer, store.MigrateOptions{}))
		require.NoError(t, db.CheckSchemaDir(ctx, newer))
		err = db.CheckSchema(ctx)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "99991231000000_add_extra")
		assert.Contains(t, err.Error(), "does not know")
	})
}

// A file that fails leaves nothing of itself behind and is reported by name.
func TestMigrateFailingFileIsRolledBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	forBothDialects(t, true, func(t *testing.T, d string) {
		db := scratch(t, d)
		bad := withFile(t, embedded(t, d), "99991231000000_broken.sql",
			"CREATE TABLE half_done (id integer NOT NULL PRIMARY KEY);\nALTER TABLE no_such_table ADD COLUMN x integer;\n")
		err := db.MigrateDir(ctx, bad, store.MigrateOptions{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "99991231000000_broken.sql failed, nothing of it was applied")
		assert.Contains(t, err.Error(), "no_such_table")
		_, qerr := db.SQL.ExecContext(ctx, "SELECT * FROM half_done")
		require.Error(t, qerr, "the file's first statement was rolled back")
		// The files before it were applied; the database is at the build's version.
		require.NoError(t, db.CheckSchema(ctx))
		err = db.CheckSchemaDir(ctx, bad)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "pending: 99991231000000_broken.sql")
	})
}

// A database made by the old automatic migration (no history) is not
// migrated over; --baseline marks it as being at the first version.
func TestMigrateBaselineForADatabaseWithoutHistory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// Not parallel: ent's automatic migration adjusts the shared table
	// descriptions per dialect.
	forBothDialects(t, false, func(t *testing.T, d string) {
		db := scratch(t, d)
		require.NoError(t, db.Schema.Create(ctx)) // what `pitstop migrate` did before versioned migrations
		err := db.Migrate(ctx, store.MigrateOptions{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "no migration history")
		assert.Contains(t, err.Error(), "--baseline")

		files, err := embedded(t, d).Files()
		require.NoError(t, err)
		// Schema.Create made today's schema, so the newest file is its baseline.
		require.NoError(t, db.Migrate(ctx, store.MigrateOptions{Baseline: files[len(files)-1].Version()}))
		require.NoError(t, db.CheckSchema(ctx))
	})
}

// Two `pitstop migrate` started together on PostgreSQL run one after the other
// (advisory lock): both succeed and each file runs once.
func TestMigrateConcurrentlyOnPostgres(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := scratch(t, store.Postgres)
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- db.Migrate(ctx, store.MigrateOptions{}) }()
	}
	require.NoError(t, <-errs)
	require.NoError(t, <-errs)
	require.NoError(t, db.CheckSchema(ctx))
	files, err := embedded(t, store.Postgres).Files()
	require.NoError(t, err)
	var n int
	require.NoError(t, db.SQL.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+store.RevisionTable).Scan(&n))
	assert.Equal(t, len(files), n)
}
