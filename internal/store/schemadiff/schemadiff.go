// Package schemadiff compares a database with ent/schema and writes the next
// versioned migration file (package migrations) from the difference. The
// migration generator (cmd/migrations) and the test that the checked-in files
// match ent/schema both use it, so the test fails exactly when the generator
// would write a file.
package schemadiff

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"sync"
	"time"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/postgres"
	atlasschema "ariga.io/atlas/sql/schema"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq" // the "postgres" driver

	entmigrate "github.com/pitstop-dev/pitstop/ent/migrate"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/migrations"
)

// entMu serialises ent's planning: it adjusts the shared table descriptions
// (entmigrate.Tables) per dialect while it plans.
var entMu sync.Mutex

// Generate writes into dir the migration file <version>_<name>.sql that takes
// a database migrated with dir's files to ent/schema, and updates dir's
// atlas.sum. db must be an empty scratch database of dir's dialect (see
// Scratch): ent replays dir's files on it, inspects the result, empties it
// again, and diffs against ent/schema as the database itself normalises it
// (PostgreSQL rewrites index predicates, for one). Dropped columns and
// indexes count: a versioned migration states them explicitly. It returns the
// new file's name, or "" when the files already match ent/schema (nothing is
// written).
func Generate(ctx context.Context, db *store.DB, dir migrate.Dir, name, version string) (string, error) {
	if !validName.MatchString(name) {
		return "", fmt.Errorf("migration name %q: use lower-case letters, digits and underscores (e.g. add_customer_nickname)", name)
	}
	before, err := dir.Files()
	if err != nil {
		return "", err
	}
	if err := namedDiff(ctx, db, dir, name, version); err != nil {
		return "", err
	}
	after, err := dir.Files()
	if err != nil {
		return "", err
	}
	if len(after) == len(before) {
		return "", nil
	}
	for _, f := range after {
		if f.Version() == version {
			return f.Name(), nil
		}
	}
	return "", fmt.Errorf("ent wrote no file of version %s", version)
}

var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)

// NewVersion is the version of a file generated now (UTC, to the second), as
// Atlas names its files.
func NewVersion(now time.Time) string { return now.UTC().Format("20060102150405") }

func namedDiff(ctx context.Context, db *store.DB, dir migrate.Dir, name, version string) error {
	entMu.Lock()
	defer entMu.Unlock()
	m, err := schema.NewMigrate(entsql.OpenDB(db.Dialect, db.SQL),
		schema.WithDir(dir),
		schema.WithFormatter(versionFormatter(version)),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
		schema.WithDiffHook(rawPredicates),
	)
	if err != nil {
		return err
	}
	if err := m.NamedDiff(ctx, name, entmigrate.Tables...); err != nil {
		return fmt.Errorf("compare the migration files with ent/schema: %w", err)
	}
	return nil
}

// rawPredicates writes partial-index predicates (entsql.IndexWhere) into the
// file as ent/schema states them. In replay mode ent compares the replayed
// files with ent/schema as PostgreSQL normalises it, which is right for the
// comparison; but the normalised predicate text is not stable when parsed
// again (PostgreSQL normalises its own output differently), so a file holding
// it would never match. The raw text replays to the same normal form.
func rawPredicates(next schema.Differ) schema.Differ {
	raw := map[string]string{} // table.index -> predicate
	for _, t := range entmigrate.Tables {
		for _, ix := range t.Indexes {
			if ix.Annotation != nil && ix.Annotation.Where != "" {
				raw[t.Name+"."+ix.Name] = ix.Annotation.Where
			}
		}
	}
	restore := func(t *atlasschema.Table, ix *atlasschema.Index) {
		if t == nil || ix == nil {
			return
		}
		p, ok := raw[t.Name+"."+ix.Name]
		if !ok {
			return
		}
		for _, a := range ix.Attrs {
			if pred, ok := a.(*postgres.IndexPredicate); ok {
				pred.P = p
			}
		}
	}
	return schema.DiffFunc(func(current, desired *atlasschema.Schema) ([]atlasschema.Change, error) {
		changes, err := next.Diff(current, desired)
		if err != nil {
			return nil, err
		}
		for _, c := range changes {
			switch c := c.(type) {
			case *atlasschema.AddTable:
				for _, ix := range c.T.Indexes {
					restore(c.T, ix)
				}
			case *atlasschema.ModifyTable:
				for _, tc := range c.Changes {
					switch tc := tc.(type) {
					case *atlasschema.AddIndex:
						restore(c.T, tc.I)
					case *atlasschema.ModifyIndex:
						restore(c.T, tc.To)
					}
				}
			}
		}
		return changes, nil
	})
}

// versionFormatter is Atlas's file format with a fixed version, so both
// dialects' files of one change get the same version.
type versionFormatter string

func (v versionFormatter) Format(p *migrate.Plan) ([]migrate.File, error) {
	p.Version = string(v)
	return migrate.DefaultFormatter.Format(p)
}

// Scratch opens an empty database of the dialect: for PostgreSQL a new
// database on the server of baseURL (its own database is only used to create
// and drop it), for SQLite an in-memory one. The returned func closes (and
// drops) it.
func Scratch(ctx context.Context, dialectName, baseURL string) (*store.DB, func(), error) {
	if dialectName == store.SQLite {
		db, err := store.Open(ctx, "sqlite::memory:")
		if err != nil {
			return nil, nil, err
		}
		return db, func() { db.Close() }, nil
	}
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, nil, fmt.Errorf("scratch database: malformed URL %s", store.Redact(baseURL))
	}
	admin, err := sql.Open("postgres", baseURL)
	if err != nil {
		return nil, nil, err
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "pitstop_migrations_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return nil, nil, fmt.Errorf("scratch database on %s: %w", store.Redact(baseURL), err)
	}
	drop := func() {
		dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = admin.ExecContext(dctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	}
	u.Path, u.RawPath = "/"+name, ""
	db, err := store.Open(ctx, u.String())
	if err != nil {
		drop()
		return nil, nil, err
	}
	return db, func() { db.Close(); drop() }, nil
}

// Check returns an error, naming the command that fixes it, when the
// embedded migration files of db's dialect (package migrations) do not match
// their atlas.sum or do not produce ent/schema's tables. db must be an empty
// scratch database; it is empty again afterwards.
func Check(ctx context.Context, db *store.DB) error {
	dir, err := migrations.Dir(db.Dialect)
	if err != nil {
		return err
	}
	return CheckDir(ctx, db, dir)
}

// CheckDir is Check with the migration files of dir (dir is not changed).
func CheckDir(ctx context.Context, db *store.DB, dir migrate.Dir) error {
	if err := migrate.Validate(dir); err != nil {
		return fmt.Errorf("the %s migration files do not match their atlas.sum (a file was edited, added or removed by hand: %w); "+
			"never edit a released migration; regenerate new ones with %s", db.Dialect, err, migrations.Command)
	}
	scratch := &migrate.MemDir{}
	files, err := dir.Files()
	if err != nil {
		return err
	}
	if err := scratch.CopyFiles(files); err != nil {
		return err
	}
	file, err := Generate(ctx, db, scratch, "pending", NewVersion(time.Now()))
	if err != nil {
		return err
	}
	if file != "" {
		f, _ := scratch.Open(file)
		var body []byte
		if f != nil {
			body, _ = io.ReadAll(f)
			f.Close()
		}
		return fmt.Errorf("the %s migration files do not match ent/schema: run %s, review the new files and commit them. "+
			"The missing migration would be:\n%s", db.Dialect, migrations.Command, body)
	}
	return nil
}
