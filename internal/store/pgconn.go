package store

import (
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

// postgresConnector connects with lib/pq, each connection wrapped in jsonAsText.
func postgresConnector(rawURL string) (driver.Connector, error) {
	c, err := pq.NewConnector(rawURL)
	if err != nil {
		return nil, err
	}
	return jsonTextConnector{c}, nil
}

type jsonTextConnector struct{ driver.Connector }

func (c jsonTextConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return jsonAsText{conn}, nil
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

// jsonAsText is a lib/pq connection that sends json.RawMessage arguments
// as text (see above).
type jsonAsText struct{ driver.Conn }

func (c jsonAsText) pq() (pqConn, error) {
	pc, ok := c.Conn.(pqConn)
	if !ok {
		return nil, errors.New("store: the postgres driver's connection lacks an interface database/sql uses")
	}
	return pc, nil
}

func (c jsonAsText) CheckNamedValue(nv *driver.NamedValue) error {
	if j, ok := nv.Value.(json.RawMessage); ok {
		if j == nil {
			nv.Value = nil
		} else {
			nv.Value = string(j)
		}
		return nil
	}
	pc, err := c.pq()
	if err != nil {
		return err
	}
	return pc.CheckNamedValue(nv)
}

func (c jsonAsText) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	pc, err := c.pq()
	if err != nil {
		return nil, err
	}
	return pc.BeginTx(ctx, opts)
}

func (c jsonAsText) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	pc, err := c.pq()
	if err != nil {
		return nil, err
	}
	return pc.PrepareContext(ctx, query)
}

func (c jsonAsText) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	pc, err := c.pq()
	if err != nil {
		return nil, err
	}
	return pc.QueryContext(ctx, query, args)
}

func (c jsonAsText) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	pc, err := c.pq()
	if err != nil {
		return nil, err
	}
	return pc.ExecContext(ctx, query, args)
}

func (c jsonAsText) Ping(ctx context.Context) error {
	pc, err := c.pq()
	if err != nil {
		return err
	}
	return pc.Ping(ctx)
}

func (c jsonAsText) ResetSession(ctx context.Context) error {
	pc, err := c.pq()
	if err != nil {
		return err
	}
	return pc.ResetSession(ctx)
}

func (c jsonAsText) IsValid() bool {
	pc, err := c.pq()
	return err == nil && pc.IsValid()
}
