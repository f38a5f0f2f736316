package cluster_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// bin/temporal-server is the server the pinned CLI embeds: its go.mod
// requires go.temporal.io/server at the Makefile's TEMPORAL_SERVER_VERSION
// (bump both with TEMPORAL_CLI_VERSION, copying the CLI's go.mod).
func TestTemporalServerIsTheCLIsVersion(t *testing.T) {
	mk, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^TEMPORAL_SERVER_VERSION := (\S+)$`).FindSubmatch(mk)
	require.NotNil(t, m, "Makefile: TEMPORAL_SERVER_VERSION")
	path := filepath.Join("..", "..", "tools", "temporal-server", "go.mod")
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	got := regexp.MustCompile(`(?m)^\s+go\.temporal\.io/server (v\S+)$`).FindSubmatch(raw)
	require.NotNil(t, got, "tools/temporal-server/go.mod requires go.temporal.io/server")
	require.Equal(t, "v"+string(m[1]), string(got[1]))
}
