package storetest

import "testing"

// Every test process must name the same template, whatever it migrated
// before: one that computed another name would build its own template and
// drop the one the other processes clone (they run in parallel).
func TestSchemaHashSurvivesMigrations(t *testing.T) {
	before := schemaHash()
	NewSQLite(t) // migrating rewrites long foreign-key symbols in place
	New(t)
	if after := schemaHash(); after != before {
		t.Fatalf("schema hash changed by migrating: %s -> %s", before, after)
	}
	if schemaAtStart != before {
		t.Fatalf("template name %s, schema %s", schemaAtStart, before)
	}
}
