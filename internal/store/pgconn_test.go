package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// TestPostgresKeepsStatementsPrepared: a statement run with arguments is
// prepared once per connection and run again by its name (PostgreSQL then
// neither parses nor, after five runs, plans it again); one without
// arguments, or too large to be worth keeping, is not; a connection keeps
// at most store.CachedStatements of them.
func TestPostgresKeepsStatementsPrepared(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	conn, err := db.SQL.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	kept := func(text string) int {
		t.Helper()
		var n int
		// No arguments: this count is not itself kept.
		require.NoError(t, conn.QueryRowContext(ctx, fmt.Sprintf(
			"SELECT count(*) FROM pg_prepared_statements WHERE from_sql = false AND (%s = '' OR statement = %s)",
			quote(text), quote(text))).Scan(&n))
		return n
	}

	q := "SELECT $1::int + 1"
	for i := range 7 {
		var n int
		require.NoError(t, conn.QueryRowContext(ctx, q, i).Scan(&n))
		require.Equal(t, i+1, n)
	}
	require.Equal(t, 1, kept(q), "prepared once, run seven times")
	var generic, custom int64
	require.NoError(t, conn.QueryRowContext(ctx,
		"SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = "+quote(q)).Scan(&generic, &custom))
	require.Equal(t, int64(7), generic+custom, "every run used the kept statement")

	exec := "UPDATE dealers SET name = $1 WHERE id = $2"
	for range 2 {
		_, err := conn.ExecContext(ctx, exec, "Visser", 1)
		require.NoError(t, err)
	}
	require.Equal(t, 1, kept(exec))

	var one int
	require.NoError(t, conn.QueryRowContext(ctx, "SELECT 1").Scan(&one))
	require.Zero(t, kept("SELECT 1"), "no arguments: the simple protocol")

	args := make([]any, store.MaxCachedArgs+1)
	list := ""
	for i := range args {
		args[i] = i
		if i > 0 {
			list += ", "
		}
		list += fmt.Sprintf("$%d::int", i+1)
	}
	big := "SELECT greatest(" + list + ")"
	require.NoError(t, conn.QueryRowContext(ctx, big, args...).Scan(&one))
	require.Zero(t, kept(big), "more arguments than store.MaxCachedArgs: unnamed")

	for i := range store.CachedStatements + 10 {
		require.NoError(t, conn.QueryRowContext(ctx, fmt.Sprintf("SELECT $1::int + %d", i), 1).Scan(&one))
	}
	require.Equal(t, store.CachedStatements, kept(""), "the least recently used are closed")
}

// TestPostgresStatementOfAChangedTable: a kept statement whose table a
// migration changed under it ("cached plan must not change result type")
// is prepared again, and the statement's caller sees no error outside a
// transaction.
func TestPostgresStatementOfAChangedTable(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	conn, err := db.SQL.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "CREATE TABLE widgets (id int PRIMARY KEY, name text)")
	require.NoError(t, err)
	_, err = conn.ExecContext(ctx, "INSERT INTO widgets VALUES ($1, $2)", 1, "bolt")
	require.NoError(t, err)
	q := "SELECT * FROM widgets WHERE id = $1"
	cols := func() int {
		t.Helper()
		rows, err := conn.QueryContext(ctx, q, 1)
		require.NoError(t, err)
		defer rows.Close()
		c, err := rows.Columns()
		require.NoError(t, err)
		return len(c)
	}
	require.Equal(t, 2, cols())
	_, err = conn.ExecContext(ctx, "ALTER TABLE widgets ADD COLUMN size int")
	require.NoError(t, err)
	require.Equal(t, 3, cols(), "the changed table's statement is prepared again")
	require.Equal(t, 3, cols())
}

// quote is s as an SQL string literal.
func quote(s string) string {
	out := "'"
	for _, r := range s {
		if r == '\'' {
			out += "'"
		}
		out += string(r)
	}
	return out + "'"
}
