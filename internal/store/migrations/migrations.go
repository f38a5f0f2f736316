// Package migrations holds Pitstop's versioned schema migrations, one
// directory per dialect (postgres/, sqlite/), in Atlas's format: files named
// <version>_<name>.sql applied in version order, and atlas.sum, the checksum
// of every file (so an edited or missing file is noticed before anything runs).
//
// The files are generated from ent/schema, never written by hand:
//
//	make migration NAME=add_customer_nickname
//
// (see cmd/migrations). `pitstop migrate` and `pitstop dev` apply them
// (store.DB.Migrate); `pitstop api` and `pitstop worker` refuse to start on a
// database that is not at the newest version (store.DB.CheckSchema).
package migrations

import (
	"embed"
	"fmt"
	"io/fs"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
)

//go:embed postgres sqlite
var files embed.FS

// Command is what a developer runs to write the next migration after changing
// ent/schema; error messages name it.
const Command = "make migration NAME=<what_changed>  (or: go run ./cmd/migrations new <what_changed>)"

// Subdir is the directory of a dialect's files, relative to this package:
// "postgres" or "sqlite".
func Subdir(dialectName string) (string, error) {
	switch dialectName {
	case dialect.Postgres:
		return "postgres", nil
	case dialect.SQLite:
		return "sqlite", nil
	default:
		return "", fmt.Errorf("migrations: no migrations for dialect %q", dialectName)
	}
}

// Dir returns the embedded migration directory of a dialect (dialect.Postgres
// or dialect.SQLite), atlas.sum included. Each call returns a new copy.
func Dir(dialectName string) (*migrate.MemDir, error) {
	sub, err := Subdir(dialectName)
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(files, sub)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	dir := &migrate.MemDir{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := files.ReadFile(sub + "/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("migrations: %w", err)
		}
		if err := dir.WriteFile(e.Name(), b); err != nil {
			return nil, fmt.Errorf("migrations: %w", err)
		}
	}
	return dir, nil
}
