// Package store opens Pitstop's database (PostgreSQL in production, SQLite for an
// embedded single-process setup), applies its versioned schema migrations
// (migrate.go, files in package migrations) and runs transactions.
//
// The schema lives in package ent (ent/schema); DB embeds the generated
// *ent.Client, so db.Appointment.Query()... works directly on a *DB.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/internal/readdoc"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver (pure Go)

	"github.com/pitstop-dev/pitstop/ent"
)

// The dialects a DB can have (the values of DB.Dialect).
const (
	Postgres = dialect.Postgres // "postgres"
	SQLite   = dialect.SQLite   // "sqlite3"
)

// sqlitePragmas are added to every SQLite DSN: foreign keys on (ent's migration
// needs them), a busy timeout instead of immediate SQLITE_BUSY, WAL so readers do
// not block the writer, and BEGIN IMMEDIATE so a transaction takes the write lock
// up front instead of failing when it upgrades from reader to writer.
const sqlitePragmas = "_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_txlock=immediate"

// DB is an open database: the ent client plus the underlying *sql.DB.
type DB struct {
	*ent.Client
	// SQL is the connection pool under Client (for pings, raw SQL and stats).
	SQL *sql.DB
	// Dialect is Postgres or SQLite.
	Dialect string
}

// LimitConns bounds the PostgreSQL pool to n connections, all kept idle
// between uses (SQLite has its one connection).
func (d *DB) LimitConns(n int) {
	if d.Dialect == Postgres && n > 0 {
		d.SQL.SetMaxOpenConns(n)
		d.SQL.SetMaxIdleConns(n)
	}
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.SQL.PingContext(ctx) }

// Close closes the ent client and its connection pool.
func (db *DB) Close() error { return db.Client.Close() }

// migrateLockKey is the PostgreSQL advisory-lock key Migrate holds ("pitstop" in ASCII).
const migrateLockKey int64 = 0x70697473746f70

// Open opens and pings the database at rawURL:
//
//	postgres://user:pass@host:5432/db?sslmode=disable   (also postgresql://)
//	sqlite:PATH            a database file, e.g. sqlite:.pitstop/pitstop.db
//	sqlite::memory:        a private in-memory database (gone when closed)
//
// A SQLite PATH may carry its own query parameters (sqlite:x.db?_pragma=...); the
// foreign-key, busy-timeout, WAL and transaction-lock settings are always added.
// An in-memory database uses a single connection (it exists only as long as its
// connection does); with it, code must not use the non-transactional client while
// one of its own transactions is open (that would wait forever; on PostgreSQL it
// would not see the transaction's writes either).
//
// Errors never contain the URL's password.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return openPostgres(ctx, rawURL)
	case strings.HasPrefix(rawURL, "sqlite:"):
		return openSQLite(ctx, rawURL)
	default:
		return nil, fmt.Errorf("open database %q: unsupported URL (want postgres://..., postgresql://... or sqlite:PATH)", Redact(rawURL))
	}
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Parse errors quote the whole URL: never show it.
		return nil, errors.New("open postgres: malformed URL")
	}
	secret, _ := u.User.Password()
	fail := func(err error) error {
		return &redactedError{msg: fmt.Sprintf("open postgres %s", u.Redacted()), err: err, secret: secret}
	}
	dsn, err := binaryParametersURL(rawURL)
	if err != nil {
		return nil, errors.New("open postgres: malformed URL")
	}
	conn, err := postgresConnector(dsn)
	if err != nil {
		return nil, fail(err)
	}
	sqlDB := sql.OpenDB(conn)
	sqlDB.SetMaxOpenConns(20)
	sqlDB.SetMaxIdleConns(20) // as many as may be open: under load, closing and reopening connections costs more than keeping them
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if err := pingWithTimeout(ctx, sqlDB); err != nil {
		sqlDB.Close()
		return nil, fail(err)
	}
	return newDB(sqlDB, Postgres), nil
}

func openSQLite(ctx context.Context, rawURL string) (*DB, error) {
	path := strings.TrimPrefix(rawURL, "sqlite:")
	path = strings.TrimPrefix(path, "//") // accept sqlite://PATH too
	if path == "" {
		return nil, errors.New("open sqlite: empty path (want sqlite:PATH or sqlite::memory:)")
	}
	memory := path == ":memory:" || strings.HasPrefix(path, ":memory:?")
	dsn := path
	if strings.Contains(dsn, "?") {
		dsn += "&" + sqlitePragmas
	} else {
		dsn += "?" + sqlitePragmas
	}
	sqlDB, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if memory {
		// The database lives in its one connection: never open a second (it would
		// be another, empty database) and never let the pool close the first.
		sqlDB.SetMaxOpenConns(1)
		sqlDB.SetMaxIdleConns(1)
		sqlDB.SetConnMaxLifetime(0)
		sqlDB.SetConnMaxIdleTime(0)
	}
	if err := pingWithTimeout(ctx, sqlDB); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return newDB(sqlDB, SQLite), nil
}

func newDB(sqlDB *sql.DB, dialectName string) *DB {
	drv := entsql.OpenDB(dialectName, sqlDB)
	client := ent.NewClient(ent.Driver(drv))
	// Every writer keeps the read model's communication documents honest.
	readdoc.Install(client)
	return &DB{Client: client, SQL: sqlDB, Dialect: dialectName}
}

// pingWithTimeout pings, giving up after 10 s unless ctx has an earlier deadline.
func pingWithTimeout(ctx context.Context, sqlDB *sql.DB) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return sqlDB.PingContext(ctx)
}

// WithTx runs fn in a transaction of client: it commits when fn returns nil and
// rolls back when fn returns an error (returned as is, so ent.IsConstraintError and
// friends still work on it) or panics (the panic continues after the rollback).
func WithTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Tx) error) (err error) {
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	return nil
}

// Serialise makes tx take the lock named key, held until tx ends, so the
// transactions taking one key run one after the other from that point: on
// PostgreSQL a transaction-level advisory lock on the key's 64-bit FNV-1a
// hash (a collision only makes two keys wait for each other); on SQLite
// nothing, as every transaction there holds the database's one write lock
// from its BEGIN (BEGIN IMMEDIATE, see sqlitePragmas).
func (db *DB) Serialise(ctx context.Context, tx *ent.Tx, key string) error {
	if db.Dialect != Postgres {
		return nil
	}
	h := fnv.New64a()
	h.Write([]byte(key))
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(h.Sum64())); err != nil {
		return fmt.Errorf("advisory lock: %w", err) // not the key: it may name a person
	}
	return nil
}

// Redact returns rawURL with its password (if any) replaced by "xxxxx", for logs
// and errors. A URL that does not parse is replaced entirely.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "<malformed URL>"
	}
	return u.Redacted()
}

// redactedError wraps a driver error, scrubbing the password from its message
// should the driver have quoted the connection string.
type redactedError struct {
	msg    string
	err    error
	secret string
}

func (e *redactedError) Error() string {
	s := e.msg + ": " + e.err.Error()
	if e.secret != "" {
		s = strings.ReplaceAll(s, e.secret, "xxxxx")
		if esc := url.QueryEscape(e.secret); esc != e.secret {
			s = strings.ReplaceAll(s, esc, "xxxxx")
		}
		if esc := url.PathEscape(e.secret); esc != e.secret {
			s = strings.ReplaceAll(s, esc, "xxxxx")
		}
	}
	return s
}

func (e *redactedError) Unwrap() error { return e.err }
