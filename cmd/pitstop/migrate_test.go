package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runMigrate runs `pitstop migrate args...` and returns its output.
func runMigrate(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	cmd := migrateCmd()
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

func TestMigrateCommand(t *testing.T) {
	t.Setenv("PITSTOP_DATABASE_URL", "sqlite:"+filepath.Join(t.TempDir(), "pitstop.db"))

	_, err := runMigrate(t, "--check")
	require.Error(t, err, "a new database is not at the build's version")
	assert.Contains(t, err.Error(), "run `pitstop migrate`")

	out, err := runMigrate(t)
	require.NoError(t, err)
	assert.Regexp(t, `\d+ pending migration\(s\)`, out)
	assert.Regexp(t, `applying \d{14}_baseline\.sql \(\d+ statements\)`, out)
	assert.Contains(t, out, "the schema is up to date")

	out, err = runMigrate(t)
	require.NoError(t, err)
	assert.Contains(t, out, "no pending migrations")

	out, err = runMigrate(t, "--check")
	require.NoError(t, err)
	assert.Contains(t, out, "the schema is at this build's version")
}
