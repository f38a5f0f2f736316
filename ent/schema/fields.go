package schema

import (
	"fmt"
	"slices"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// Small constructors for the shapes that recur across the spec's models (they return
// ent.Field because ent's builders are unexported types: write a field out in full
// when it needs more than its default). The spec models every value as a plain
// (non-null) value, so strings default to "", bools to false and numbers to 0: a row
// can be created without naming every column, and a query on `x = ''` finds rows
// that never set x.

// str is a plain string column, "" when not set.
func str(name string) ent.Field { return field.String(name).Default("") }

// text is a plain unbounded text column, "" when not set.
func text(name string) ent.Field { return field.Text(name).Default("") }

// flag is a plain bool column, false when not set.
func flag(name string) ent.Field { return field.Bool(name).Default(false) }

// num is a plain int column, 0 when not set.
func num(name string) ent.Field { return field.Int(name).Default(0) }

// money is a plain float column (prices, VAT, quantities), 0 when not set.
func money(name string) ent.Field { return field.Float(name).Default(0) }

// optTime is an optional, nillable timestamp (*time.Time in Go, NULL when unset).
func optTime(name string) ent.Field { return field.Time(name).Optional().Nillable() }

// optID is an optional, nillable reference to another row by its int ID (*int in Go).
func optID(name string) ent.Field { return field.Int(name).Optional().Nillable() }

// oneOf validates that a string column holds one of the given values.
func oneOf(values ...string) func(string) error {
	return func(v string) error {
		if slices.Contains(values, v) {
			return nil
		}
		return fmt.Errorf("value %q is not one of %q", v, values)
	}
}
