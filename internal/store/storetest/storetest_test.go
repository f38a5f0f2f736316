package storetest

import (
	"context"
	"strings"
	"testing"
)

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

// A database without a column ent/schema has (ent/schema changed, no
// migration written) fails storetest with the command that writes one.
func TestCheckColumnsNamesTheMissingMigration(t *testing.T) {
	db := NewSQLite(t)
	ctx := context.Background()
	if err := checkColumns(ctx, db); err != nil {
		t.Fatalf("freshly migrated: %v", err)
	}
	if _, err := db.SQL.ExecContext(ctx, "ALTER TABLE dealers DROP COLUMN twilio_phone_number"); err != nil {
		t.Fatal(err)
	}
	err := checkColumns(ctx, db)
	if err == nil || !strings.Contains(err.Error(), "column dealers.twilio_phone_number") || !strings.Contains(err.Error(), "make migration NAME=") {
		t.Fatalf("want the missing column and the command, got %v", err)
	}
}
