// Command migrations writes Pitstop's versioned schema migrations
// (internal/store/migrations) from ent/schema. Run it from the repository
// after changing ent/schema (and `go generate ./ent`):
//
//	go run ./cmd/migrations new add_customer_nickname   (or: make migration NAME=add_customer_nickname)
//	go run ./cmd/migrations check                      (do the files match ent/schema?)
//
// For each dialect it applies the checked-in files to an empty scratch
// database (PostgreSQL: a new database on $PITSTOP_TEST_DATABASE_URL's server,
// by default 127.0.0.1:5432, dropped afterwards; SQLite: in memory), compares
// the result with ent/schema and writes the difference as the next file,
// <UTC timestamp>_<name>.sql, updating atlas.sum. Review the files and commit
// them with the schema change.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"ariga.io/atlas/sql/migrate"

	"github.com/pitstop-dev/pitstop/app/devstack"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/migrations"
	"github.com/pitstop-dev/pitstop/internal/store/schemadiff"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

const usage = `usage:
  go run ./cmd/migrations new <name>   write the next migration of each dialect from ent/schema
  go run ./cmd/migrations check        fail if the migration files do not match ent/schema
PostgreSQL: a scratch database on $` + storetest.EnvURL + ` (default ` + storetest.DefaultURL + `)`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "migrations:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	switch {
	case len(args) == 2 && args[0] == "new":
		return generate(ctx, args[1])
	case len(args) == 1 && args[0] == "check":
		return check(ctx)
	default:
		return errors.New(usage)
	}
}

func generate(ctx context.Context, name string) error {
	root, err := devstack.ModuleRoot()
	if err != nil {
		return err
	}
	version := schemadiff.NewVersion(time.Now())
	for _, d := range []string{store.Postgres, store.SQLite} {
		sub, _ := migrations.Subdir(d)
		path := filepath.Join(root, "internal", "store", "migrations", sub)
		dir, err := migrate.NewLocalDir(path)
		if err != nil {
			return err
		}
		db, done, err := schemadiff.Scratch(ctx, d, storetest.BaseURL())
		if err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
		file, err := schemadiff.Generate(ctx, db, dir, name, version)
		done()
		switch {
		case err != nil:
			return fmt.Errorf("%s: %w", d, err)
		case file == "":
			fmt.Printf("%s: the migrations already match ent/schema, nothing written\n", sub)
		default:
			fmt.Printf("%s: wrote %s and atlas.sum\n", sub, filepath.Join(path, file))
		}
	}
	return nil
}

func check(ctx context.Context) error {
	for _, d := range []string{store.Postgres, store.SQLite} {
		db, done, err := schemadiff.Scratch(ctx, d, storetest.BaseURL())
		if err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
		err = schemadiff.Check(ctx, db)
		done()
		if err != nil {
			return err
		}
	}
	fmt.Println("the migration files match ent/schema and their atlas.sum")
	return nil
}
