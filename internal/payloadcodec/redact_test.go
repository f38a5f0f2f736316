package payloadcodec

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
)

// What the SDK writes for itself stays readable in an erased history, so
// that history replays: a GetVersion marker's change ID, SDK types. A
// customer's data in the same places does not.
func TestRedactKeepsWhatReplayReadsOnly(t *testing.T) {
	for _, kept := range []any{"quiet-hours", "answer-as-local-activity", temporal.RetryPolicy{MaximumAttempts: 3}} {
		got, ok := Redact(kept)
		require.True(t, ok)
		require.Equal(t, kept, got)
	}
	for _, personal := range []string{"Jan de Vries", "AB-123-C", "+31612345678", "jan.devries@example.com", "devries", "Rattles at 80 km/h"} {
		got, ok := Redact(personal)
		require.True(t, ok)
		require.Equal(t, ErasedText, got, "%q", personal)
	}
	got, ok := Redact(struct{ Note string }{"quiet-hours"})
	require.True(t, ok)
	require.Equal(t, struct{ Note string }{ErasedText}, got, "the shape is kept only for a whole payload")
}
