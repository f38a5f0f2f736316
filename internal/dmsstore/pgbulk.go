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
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/interventionelement"
)

// PostgreSQL fast path for the two widest inserts of a page (issue #11's
// speed goal): ent's CreateBulk binds every column of every row, defaults
// included (about 30 parameters per intervention), while one
// INSERT ... SELECT FROM unnest($1::bigint[], ...) per table sends a handful
// of array parameters for the whole page. Intervention ids are allocated
// from the table's sequence first, so the elements can name them without
// relying on the order of a RETURNING. Every column ent would fill from a
// schema default gets ent's generated default (ent/intervention,
// ent/interventionelement), not the database's; TestPostgresFastPathMatchesEnt
// compares rows of both paths field by field. SQLite keeps the ent path.

// newIntervention is an imported intervention to create.
type newIntervention struct {
	appointmentID, locationID int
	carID                     *int
	dmsNr, title, description string
	price                     float64
}

// newElement is an imported element to create.
type newElement struct {
	interventionID     int
	dmsNr, parentDmsNr string
	elementType        int
	description, note  string
	price, quantity    float64
}

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

// pgAllocIDs takes n ids from the interventions' sequence.
func pgAllocIDs(ctx context.Context, c *ent.Client, n int) ([]int, error) {
	rows, err := c.QueryContext(ctx, "SELECT nextval(pg_get_serial_sequence('interventions', 'id')) FROM generate_series(1, $1)", n)
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
		return nil, fmt.Errorf("%d intervention ids allocated, %d asked", len(ids), n)
	}
	return ids, nil
}

// pgInsertInterventions inserts ivs with the given ids in one statement.
func pgInsertInterventions(ctx context.Context, c *ent.Client, ids []int, ivs []newIntervention, now time.Time) error {
	n := len(ivs)
	id, ap, loc, car := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	nr, title, desc := make([]string, n), make([]string, n), make([]string, n)
	price := make([]float64, n)
	for i, v := range ivs {
		id[i], ap[i], loc[i] = int64(ids[i]), int64(v.appointmentID), int64(v.locationID)
		if v.carID != nil {
			car[i] = int64(*v.carID) // 0: none (ids start at 1)
		}
		nr[i], title[i], desc[i], price[i] = v.dmsNr, v.title, v.description, v.price
	}
	_, err := c.ExecContext(ctx, `INSERT INTO interventions (id, appointment_id, dealer_location_id, car_id, dms_nr, title, description, price,
	created_at, updated_at, dms_price_edited, dms_deleted, mechanic_notes, pinned, snoozed, is_declined_by_customer,
	is_signed_by_customer, status, solution_value, solution_unit, solution_type, mechanic_fixed, customer_ok, is_local,
	is_maintenance, is_internal_in_dms, is_warranty_in_dms, visible_to_customer, communication_result_status)
SELECT u.id, u.ap, u.loc, NULLIF(u.car, 0), u.nr, u.title, u.descr, u.price,
	$9::timestamptz, $9::timestamptz, $10::boolean, $11::boolean, $12::text, $13::boolean, $14::boolean, $15::boolean,
	$16::boolean, $17::bigint, $18::text, $19::text, $20::text, $21::boolean, $22::boolean, $23::boolean,
	$24::boolean, $25::boolean, $26::boolean, $27::boolean, $28::bigint
FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::float8[])
	AS u(id, ap, loc, car, nr, title, descr, price)`,
		pq.Array(id), pq.Array(ap), pq.Array(loc), pq.Array(car), pq.Array(nr), pq.Array(title), pq.Array(desc), pq.Array(price),
		now, intervention.DefaultDmsPriceEdited, intervention.DefaultDmsDeleted, intervention.DefaultMechanicNotes,
		intervention.DefaultPinned, intervention.DefaultSnoozed, intervention.DefaultIsDeclinedByCustomer,
		intervention.DefaultIsSignedByCustomer, intervention.DefaultStatus, intervention.DefaultSolutionValue,
		intervention.DefaultSolutionUnit, intervention.DefaultSolutionType, intervention.DefaultMechanicFixed,
		intervention.DefaultCustomerOk, intervention.DefaultIsLocal, intervention.DefaultIsMaintenance,
		intervention.DefaultIsInternalInDms, intervention.DefaultIsWarrantyInDms, intervention.DefaultVisibleToCustomer,
		int(intervention.DefaultCommunicationResultStatus))
	return err
}

// pgInsertElements inserts es in one statement.
func pgInsertElements(ctx context.Context, c *ent.Client, es []newElement, now time.Time) error {
	n := len(es)
	iv, typ := make([]int64, n), make([]int64, n)
	nr, parent, desc, note := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	price, qty := make([]float64, n), make([]float64, n)
	for i, e := range es {
		iv[i], typ[i] = int64(e.interventionID), int64(e.elementType)
		nr[i], parent[i], desc[i], note[i] = e.dmsNr, e.parentDmsNr, e.description, e.note
		price[i], qty[i] = e.price, e.quantity
	}
	_, err := c.ExecContext(ctx, `INSERT INTO intervention_elements (intervention_id, element_type, dms_nr, parent_dms_nr, description,
	private_note, price, quantity, created_at, updated_at, is_local, status)
SELECT u.iv, u.typ, u.nr, u.parent, u.descr, u.note, u.price, u.qty, $9::timestamptz, $9::timestamptz, $10::boolean, $11::bigint
FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[])
	AS u(iv, typ, nr, parent, descr, note, price, qty)`,
		pq.Array(iv), pq.Array(typ), pq.Array(nr), pq.Array(parent), pq.Array(desc), pq.Array(note), pq.Array(price), pq.Array(qty),
		now, interventionelement.DefaultIsLocal, int(interventionelement.DefaultStatus))
	return err
}

// pgUpsert writes one row per create mutation (all of one type, fields set,
// ent's defaults not yet applied) into table t with a single
// INSERT ... SELECT FROM unnest(...) ON CONFLICT (conflict) DO UPDATE SET
// of the update columns from the excluded row, and returns the ids of the
// rows by their key column (a text column; keys are unique in muts). A
// column a mutation leaves unset gets what ent's create would give it:
// created_at/updated_at now, the schema's static default (ent/migrate,
// generated from the same field descriptors), else NULL; a NOT NULL column
// with none of these is an error, never a silent NULL.
func pgUpsert(ctx context.Context, c *ent.Client, t *schema.Table, muts []ent.Mutation, now time.Time,
	conflict, update []string, key string) (map[string]int, error) {
	var cols []*schema.Column
	known := map[string]bool{}
	for _, col := range t.Columns {
		if col.Name != "id" {
			cols = append(cols, col)
			known[col.Name] = true
		}
	}
	arrays := make([][]any, len(cols))
	for i := range arrays {
		arrays[i] = make([]any, len(muts))
	}
	for r, m := range muts {
		for _, f := range m.Fields() {
			if !known[f] {
				return nil, fmt.Errorf("%s: field %s is not a column", t.Name, f)
			}
		}
		for i, col := range cols {
			v, ok := m.Field(col.Name)
			switch {
			case ok:
			case col.Name == "created_at" || col.Name == "updated_at":
				v = now
			case col.Default != nil:
				v = col.Default
			case col.Nullable:
				v = nil
			default:
				return nil, fmt.Errorf("%s: no value for column %s", t.Name, col.Name)
			}
			dv, err := driver.DefaultParameterConverter.ConvertValue(v)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", t.Name, col.Name, err)
			}
			if tv, ok := dv.(time.Time); ok {
				dv = tv.Format(time.RFC3339Nano)
			}
			arrays[i][r] = dv
		}
	}
	names := make([]string, len(cols))
	from := make([]string, len(cols))
	args := make([]any, len(cols))
	for i, col := range cols {
		typ, err := pgType(col)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.Name, err)
		}
		names[i] = pq.QuoteIdentifier(col.Name)
		from[i] = fmt.Sprintf("$%d::%s[]", i+1, typ)
		args[i] = pq.GenericArray{A: arrays[i]}
	}
	sets := make([]string, len(update))
	for i, u := range update {
		sets[i] = pq.QuoteIdentifier(u) + " = EXCLUDED." + pq.QuoteIdentifier(u)
	}
	query := "INSERT INTO " + pq.QuoteIdentifier(t.Name) + " (" + strings.Join(names, ", ") + ") SELECT * FROM unnest(" +
		strings.Join(from, ", ") + ") ON CONFLICT (" + strings.Join(quoteAll(conflict), ", ") + ") DO UPDATE SET " +
		strings.Join(sets, ", ") + " RETURNING id, " + pq.QuoteIdentifier(key)
	rows, err := c.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make(map[string]int, len(muts))
	for rows.Next() {
		var id int
		var k string
		if err := rows.Scan(&id, &k); err != nil {
			return nil, err
		}
		ids[k] = id
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) != len(muts) {
		return nil, fmt.Errorf("%s: %d rows written, %d returned", t.Name, len(muts), len(ids))
	}
	return ids, nil
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
