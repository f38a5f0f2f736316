// Package devserver starts a throw-away Temporal dev server for a test: the
// official CLI (devstack.FindTemporalCLI: PITSTOP_TEMPORAL_CLI or
// bin/temporal), in memory, its output discarded.
package devserver

import (
	"context"
	"io"
	"testing"

	"go.temporal.io/sdk/testsuite"

	"github.com/pitstop-dev/pitstop/app/devstack"
)

// Start starts one for t and stops it when t ends; extraArgs go to the CLI
// (e.g. devstack.SearchAttributeArgs()).
func Start(t testing.TB, extraArgs ...string) *testsuite.DevServer {
	t.Helper()
	cli, err := devstack.FindTemporalCLI()
	if err != nil {
		t.Fatalf("the Temporal CLI (make bin/temporal builds it): %v", err)
	}
	ts, err := testsuite.StartDevServer(context.Background(), testsuite.DevServerOptions{ExistingPath: cli, LogLevel: "error",
		ExtraArgs: extraArgs, Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		t.Fatalf("start the Temporal dev server: %v", err)
	}
	t.Cleanup(func() { _ = ts.Stop() })
	return ts
}
