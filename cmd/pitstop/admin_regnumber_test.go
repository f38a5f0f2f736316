package main

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/keys"
)

// The command prints the query the Temporal UI finds a car's workflows
// with: the keyed hash of the plate under the configured secret, however
// the plate is typed.
func TestAdminRegNumberHashPrintsTheUIQuery(t *testing.T) {
	const secret = "regnumber-test-secret-0123456789"
	t.Setenv("PITSTOP_KEY_SECRET", secret)
	want := fmt.Sprintf("RegNumber = %q\n", keys.RegNumberHash([]byte(secret), "AB-123-C"))
	require.Equal(t, want, mustAdmin(t, "", "admin", "regnumber-hash", "AB-123-C"))
	require.Equal(t, want, mustAdmin(t, "", "admin", "regnumber-hash", "ab 123 c"))
	require.NotContains(t, want, "AB")

	_, err := runAdmin(t, "", "admin", "regnumber-hash", " - ")
	require.ErrorContains(t, err, "no letter or digit")
	_, err = runAdmin(t, "", "admin", "regnumber-hash")
	require.Error(t, err, "the plate is required")
}
