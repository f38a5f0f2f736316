package dmsstore

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/schema/field"
	"github.com/lib/pq"

	"github.com/pitstop-dev/pitstop/ent"
)

// PostgreSQL fast path for a page's writes (issue #11's speed goal): ent's
// bulk creates bind every column of every row as its own parameter,
// defaults included (about 30 per intervention, 60 per appointment: tens
// of thousands per page), while one INSERT ... SELECT FROM
// unnest($1::bigint[], ...) per table sends one array parameter per
// column for the whole page. The rows are still built as ent create
// mutations, so the values are the ones ent would write; pgWrite fills
// what ent's defaults would (see there). Intervention ids are allocated
// from the table's sequence first, so the elements can name them without
// relying on the order of a RETURNING. TestPostgresFastPathMatchesEnt
// compares rows of both paths field by field. SQLite keeps the ent path.

// postgresClients remembers which clients talk to PostgreSQL (probed once).
var postgresClients sync.Map // *ent.Client -> bool

// forceEnt makes the PostgreSQL path use ent's inserts too (tests compare
// the two).
var forceEnt atomic.Bool

// isPostgres says whether db is a PostgreSQL database. A failed probe is
// not remembered and answers false: the ent path is correct everywhere.
func isPostgres(ctx context.Context, db *ent.Client) bool {
	if forceEnt.Load() {
		return false
	}
	if v, ok := postgresClients.Load(db); ok {
		return v.(bool)
	}
	rows, err := db.QueryContext(ctx, "SELECT version()")
	if err != nil {
		if strings.Contains(err.Error(), "no such function") { // SQLite
			postgresClients.Store(db, false)
		}
		return false
	}
	defer rows.Close()
	var v string
	if !rows.Next() || rows.Scan(&v) != nil {
		return false
	}
	pg := strings.HasPrefix(v, "PostgreSQL")
	postgresClients.Store(db, pg)
	return pg
}

// pgAllocIDs takes n ids from the sequence of table's id column.
func pgAllocIDs(ctx context.Context, c *ent.Client, table string, n int) ([]int, error) {
	rows, err := c.QueryContext(ctx, "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)", pq.QuoteIdentifier(table), n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]int, 0, n)
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) != n {
		return nil, fmt.Errorf("%s: %d ids allocated, %d asked", table, len(ids), n)
	}
	return ids, nil
}

// mutations is the mutations of ent create builders.
func mutations[C interface{ Mutation() M }, M ent.Mutation](creates []C) []ent.Mutation {
	out := make([]ent.Mutation, len(creates))
	for i, cr := range creates {
		out[i] = cr.Mutation()
	}
	return out
}

// pgWrite writes one row per create mutation (all of one type, fields set,
// ent's defaults not yet applied) into table t with a single
// INSERT ... SELECT FROM unnest(...): with the given ids (else the
// database assigns them); with conflict columns, ON CONFLICT DO UPDATE SET
// of the update columns from the excluded row. With a key column (text,
// unique in muts) it returns the rows' ids by key. A column a mutation
// leaves unset gets what ent's create would give it: created_at/updated_at
// now, the schema's static default (ent/migrate, generated from the same
// field descriptors), else NULL; a NOT NULL column with none of these is
// an error, never a silent NULL.
func pgWrite(ctx context.Context, c *ent.Client, t *schema.Table, ids []int, muts []ent.Mutation, now time.Time,
	conflict, update []string, key string) (map[string]int, error) {
	byKey, _, err := pgUpsert(ctx, c, t, ids, muts, now, conflict, update, key)
	return byKey, err
}

// pgUpsert is pgWrite that also tells, by key, which rows it inserted (not
// updated): xmax is 0 on a row version no other transaction has touched,
// which after INSERT ... ON CONFLICT DO UPDATE holds for the inserted ones.
func pgUpsert(ctx context.Context, c *ent.Client, t *schema.Table, ids []int, muts []ent.Mutation, now time.Time,
	conflict, update []string, key string) (map[string]int, map[string]bool, error) {
	if ids != nil && len(ids) != len(muts) {
		return nil, nil, fmt.Errorf("%s: %d ids for %d rows", t.Name, len(ids), len(muts))
	}
	known := map[string]bool{}
	for _, col := range t.Columns {
		known[col.Name] = true
	}
	set := map[string]bool{}
	if ids != nil {
		set["id"] = true
	}
	for _, m := range muts {
		for _, f := range m.Fields() {
			if !known[f] {
				return nil, nil, fmt.Errorf("%s: field %s is not a column", t.Name, f)
			}
			set[f] = true
		}
	}
	// A column some row sets is sent as an array (one value per row); one
	// no row sets, as a single value for all (or left out: NULL).
	var names, arrays, consts []string
	var args []any
	param := func(col *schema.Column, v any, array bool) (string, error) {
		typ, err := pgType(col)
		if err != nil {
			return "", fmt.Errorf("%s: %w", t.Name, err)
		}
		if array {
			typ += "[]"
		}
		args = append(args, v)
		return fmt.Sprintf("$%d::%s", len(args), typ), nil
	}
	var constCols []*schema.Column
	for _, col := range t.Columns {
		if !set[col.Name] {
			if col.Name != "id" {
				constCols = append(constCols, col)
			}
			continue
		}
		vals := make([]any, len(muts))
		for r, m := range muts {
			v, ok := m.Field(col.Name)
			switch {
			case ok:
			case col.Name == "id":
				v = ids[r]
			default:
				if v, ok = unsetValue(col, now); !ok {
					return nil, nil, fmt.Errorf("%s: no value for column %s", t.Name, col.Name)
				}
			}
			dv, err := arrayValue(v)
			if err != nil {
				return nil, nil, fmt.Errorf("%s.%s: %w", t.Name, col.Name, err)
			}
			vals[r] = dv
		}
		ph, err := param(col, pq.GenericArray{A: vals}, true)
		if err != nil {
			return nil, nil, err
		}
		names = append(names, pq.QuoteIdentifier(col.Name))
		arrays = append(arrays, ph)
	}
	for _, col := range constCols {
		v, ok := unsetValue(col, now)
		switch {
		case !ok:
			return nil, nil, fmt.Errorf("%s: no value for column %s", t.Name, col.Name)
		case v == nil:
			continue // NULL
		}
		ph, err := param(col, v, false)
		if err != nil {
			return nil, nil, err
		}
		names = append(names, pq.QuoteIdentifier(col.Name))
		consts = append(consts, ", "+ph)
	}
	query := "INSERT INTO " + pq.QuoteIdentifier(t.Name) + " (" + strings.Join(names, ", ") + ") SELECT u.*" +
		strings.Join(consts, "") + " FROM unnest(" + strings.Join(arrays, ", ") + ") AS u"
	if len(conflict) > 0 {
		sets := make([]string, len(update))
		for i, u := range update {
			sets[i] = pq.QuoteIdentifier(u) + " = " + updateValue(t.Name, u)
		}
		query += " ON CONFLICT (" + strings.Join(quoteAll(conflict), ", ") + ") DO UPDATE SET " + strings.Join(sets, ", ")
	}
	if key == "" {
		_, err := c.ExecContext(ctx, query, args...)
		return nil, nil, err
	}
	rows, err := c.QueryContext(ctx, query+" RETURNING id, "+pq.QuoteIdentifier(key)+", (xmax = 0)", args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	byKey := make(map[string]int, len(muts))
	inserted := make(map[string]bool, len(muts))
	for rows.Next() {
		var id int
		var k string
		var isNew bool
		if err := rows.Scan(&id, &k, &isNew); err != nil {
			return nil, nil, err
		}
		byKey[k] = id
		if isNew {
			inserted[k] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if len(byKey) != len(muts) {
		return nil, nil, fmt.Errorf("%s: %d rows written, %d returned", t.Name, len(muts), len(byKey))
	}
	return byKey, inserted, nil
}

// arrayValue is v as an element of a pq.GenericArray (times as RFC 3339
// text, cast back by the statement), the common types without reflection.
func arrayValue(v any) (any, error) {
	switch x := v.(type) {
	case nil, string, bool, float64, int64:
		return x, nil
	case int:
		return int64(x), nil
	case time.Time:
		return x.Format(time.RFC3339Nano), nil
	}
	dv, err := driver.DefaultParameterConverter.ConvertValue(v)
	if tv, ok := dv.(time.Time); ok {
		return tv.Format(time.RFC3339Nano), err
	}
	return dv, err
}

// unsetValue is what ent's create gives a column no field sets:
// created_at/updated_at now, the schema's static default, else NULL (nil)
// when the column takes it; ok false when it has none of these.
func unsetValue(col *schema.Column, now time.Time) (v any, ok bool) {
	switch {
	case col.Name == "created_at" || col.Name == "updated_at":
		return now, true
	case col.Default != nil:
		return col.Default, true
	case col.Nullable:
		return nil, true
	}
	return nil, false
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = pq.QuoteIdentifier(v)
	}
	return out
}

// pgType is the PostgreSQL type a column's values are sent as.
func pgType(col *schema.Column) (string, error) {
	switch col.Type {
	case field.TypeInt, field.TypeInt64, field.TypeInt32:
		return "bigint", nil
	case field.TypeFloat64:
		return "float8", nil
	case field.TypeBool:
		return "boolean", nil
	case field.TypeString, field.TypeEnum:
		return "text", nil
	case field.TypeTime:
		return "timestamptz", nil
	}
	return "", fmt.Errorf("column %s: type %s not supported", col.Name, col.Type)
}

// keepEdited: an imported column a user may set, and the flag saying they
// did (the spec's ...Edited): an existing row whose flag is set keeps its
// value when the DMS sends another (as dms_price_edited keeps a price).
var keepEdited = map[string]string{"appointments.car_out_of_shop": "car_out_of_shop_edited"}

// updateValue is the SQL value an upsert's update gives column col of
// table: the excluded row's, unless keepEdited keeps the row's own.
func updateValue(table, col string) string {
	v := "EXCLUDED." + pq.QuoteIdentifier(col)
	if flag, ok := keepEdited[table+"."+col]; ok {
		t := pq.QuoteIdentifier(table)
		v = "CASE WHEN " + t + "." + pq.QuoteIdentifier(flag) + " THEN " + t + "." + pq.QuoteIdentifier(col) + " ELSE " + v + " END"
	}
	return v
}
