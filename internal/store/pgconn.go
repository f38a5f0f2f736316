package store

import (
	"container/list"
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"net/url"

	"github.com/lib/pq"
)

// One round trip per statement. Without binary_parameters, lib/pq sends a
// statement with arguments in two round trips (Parse and Describe, then Bind
// and Execute); with it, in one. A check-in runs hundreds of statements, and
// under load every round trip also waits for the server process to be
// scheduled, so this halves the waiting (make bench, the check-in burst).
//
// In that mode lib/pq sends []byte arguments in binary format: right for
// bytea (no hex encoding either) and text, wrong for jsonb, whose binary
// format starts with a version byte. ent passes JSON columns as
// json.RawMessage, so jsonAsText sends those as text.

// binaryParametersURL is rawURL with binary_parameters=yes unless the URL
// sets it itself.
func binaryParametersURL(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", errors.New("malformed URL")
	}
	q := u.Query()
	if q.Has("binary_parameters") {
		return rawURL, nil
	}
	q.Set("binary_parameters", "yes")
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// Statements prepared once per connection. A statement lib/pq sends
// unnamed is parsed, analysed and planned by PostgreSQL at every execution;
// for the short statements ent writes, that is most of the server's work
// (pg_stat_statements on the check-in burst: planning alone took a third of
// the execution time). pgConn keeps the statements it has run with
// arguments prepared under a name, by their SQL, and runs them again by
// Bind and Execute only; after five executions PostgreSQL also keeps a
// generic plan. Large statements (bulk inserts, long IN lists) are run
// unnamed as before, and the least recently used statement is closed when
// the cache is full, so a connection holds at most cachedStatements plans.
// (A PgBouncer in front must keep sessions or support named statements:
// transaction pooling without max_prepared_statements breaks them.)
const (
	cachedStatements  = 128
	maxCachedArgs     = 32
	maxCachedSQLBytes = 4096
)

// postgresConnector connects with lib/pq, each connection wrapped in pgConn.
func postgresConnector(rawURL string) (driver.Connector, error) {
	c, err := pq.NewConnector(rawURL)
	if err != nil {
		return nil, err
	}
	return pgConnector{c}, nil
}

type pgConnector struct{ driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	pc, ok := conn.(pqConn)
	if !ok {
		conn.Close()
		return nil, errors.New("store: the postgres driver's connection lacks an interface database/sql uses")
	}
	return &pgConn{pqConn: pc, stmts: map[string]*list.Element{}, lru: list.New()}, nil
}

// pqConn is what lib/pq's connection offers database/sql: the wrapper must
// offer it too, or database/sql falls back to slower paths (a prepared
// statement per query).
type pqConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
	driver.NamedValueChecker
}

// preparedStmt is what lib/pq's prepared statement offers.
type preparedStmt interface {
	driver.Stmt
	driver.StmtQueryContext
	driver.StmtExecContext
}

// pgConn is a lib/pq connection that sends json.RawMessage arguments as
// text and keeps its statements prepared (see above). database/sql uses a
// connection from one goroutine at a time, so the cache needs no lock.
type pgConn struct {
	pqConn
	stmts map[string]*list.Element // SQL → element of lru holding a *cachedStmt
	lru   *list.List               // most recently used first
}

type cachedStmt struct {
	sql  string
	stmt preparedStmt
}

func (c *pgConn) CheckNamedValue(nv *driver.NamedValue) error {
	if j, ok := nv.Value.(json.RawMessage); ok {
		if j == nil {
			nv.Value = nil
		} else {
			nv.Value = string(j)
		}
		return nil
	}
	return c.pqConn.CheckNamedValue(nv)
}

// prepared is query's statement on this connection, prepared now if it is
// not yet; nil (and no error) for a statement not worth keeping.
func (c *pgConn) prepared(ctx context.Context, query string, args int) (preparedStmt, error) {
	if args == 0 || args > maxCachedArgs || len(query) > maxCachedSQLBytes {
		return nil, nil
	}
	if e, ok := c.stmts[query]; ok {
		c.lru.MoveToFront(e)
		return e.Value.(*cachedStmt).stmt, nil
	}
	st, err := c.pqConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	ps, ok := st.(preparedStmt)
	if !ok {
		st.Close()
		return nil, nil
	}
	if c.lru.Len() >= cachedStatements {
		oldest := c.lru.Back()
		c.forget(oldest)
		if err := oldest.Value.(*cachedStmt).stmt.Close(); err != nil {
			ps.Close()
			return nil, err
		}
	}
	c.stmts[query] = c.lru.PushFront(&cachedStmt{sql: query, stmt: ps})
	return ps, nil
}

func (c *pgConn) forget(e *list.Element) {
	c.lru.Remove(e)
	delete(c.stmts, e.Value.(*cachedStmt).sql)
}

// stale drops query's statement after err when PostgreSQL would not run
// it as prepared any more (a migration changed what it reads: "cached plan
// must not change result type", or the statement is gone), and says so. The
// error comes before anything is executed, so the caller may run the
// statement again unnamed: outside a transaction that succeeds; inside one
// the transaction is already aborted, and the first error stands.
func (c *pgConn) stale(query string, err error) bool {
	var pe *pq.Error
	if !errors.As(err, &pe) || (pe.Code != "0A000" && pe.Code != "26000") {
		return false
	}
	if e, ok := c.stmts[query]; ok {
		c.forget(e)
		_ = e.Value.(*cachedStmt).stmt.Close() // its replacement takes another name
	}
	return true
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	st, err := c.prepared(ctx, query, len(args))
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.pqConn.QueryContext(ctx, query, args)
	}
	rows, err := st.QueryContext(ctx, args)
	if err != nil && c.stale(query, err) {
		if again, aerr := c.pqConn.QueryContext(ctx, query, args); aerr == nil {
			return again, nil
		}
	}
	return rows, err
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	st, err := c.prepared(ctx, query, len(args))
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.pqConn.ExecContext(ctx, query, args)
	}
	res, err := st.ExecContext(ctx, args)
	if err != nil && c.stale(query, err) {
		if again, aerr := c.pqConn.ExecContext(ctx, query, args); aerr == nil {
			return again, nil
		}
	}
	return res, err
}
