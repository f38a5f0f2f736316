package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	historypb "go.temporal.io/api/history/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/pitstop-dev/pitstop/internal/devstack"
)

// recordHistory keeps a workflow's history in workflows/testdata when
// PITSTOP_RECORD_HISTORIES=1, for the replay test that guards determinism:
// `PITSTOP_RECORD_HISTORIES=1 make test` refreshes them after an intended change.
func recordHistory(t *testing.T, s *stack, workflowID, name string) {
	if os.Getenv("PITSTOP_RECORD_HISTORIES") != "1" {
		return
	}
	it := s.Temporal.GetWorkflowHistory(context.Background(), workflowID, "", false, 0)
	h := &historypb.History{}
	for it.HasNext() {
		ev, err := it.Next()
		require.NoError(t, err)
		h.Events = append(h.Events, ev)
	}
	b, err := protojson.MarshalOptions{Indent: "  "}.Marshal(h)
	require.NoError(t, err)
	root, err := devstack.ModuleRoot()
	require.NoError(t, err)
	path := filepath.Join(root, "workflows", "testdata", name+".json")
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, b, 0o644))
	t.Logf("recorded %d events to %s", len(h.Events), path)
}
