// Package devstack runs Pitstop's embedded default on one machine: a Temporal
// dev server (the official CLI), the fake providers and demo data, so that
// `make run` needs nothing but Go.
package devstack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"time"

	appointment "github.com/pitstop-dev/pitstop/workflows/appointment/caller"
	ticket "github.com/pitstop-dev/pitstop/workflows/ticket/caller"
)

// TemporalCLIVersion is the CLI `make` builds; v1.5.1 is known to build with
// `go install` (later ones carry replace directives).
const TemporalCLIVersion = "v1.5.1"

// FindTemporalCLI looks for the temporal binary: $PITSTOP_TEMPORAL_CLI, then
// bin/temporal in the module root (where `make` builds it), then $PATH.
func FindTemporalCLI() (string, error) {
	if p := os.Getenv("PITSTOP_TEMPORAL_CLI"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("PITSTOP_TEMPORAL_CLI=%s: %w", p, err)
		}
		return p, nil
	}
	if root, err := ModuleRoot(); err == nil {
		p := filepath.Join(root, "bin", "temporal")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath("temporal"); err == nil {
		return p, nil
	}
	return "", errors.New("temporal CLI not found: run `make bin/temporal` (builds it with go install " +
		"github.com/temporalio/cli/cmd/temporal@" + TemporalCLIVersion + ") or set PITSTOP_TEMPORAL_CLI")
}

// ModuleRoot walks up from the working directory to the folder with go.mod.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// SearchAttributeArgs registers Pitstop's search attributes on a dev server.
func SearchAttributeArgs() []string {
	types := map[string]string{}
	for _, m := range []map[string]string{appointment.SearchAttributeTypes, ticket.SearchAttributeTypes} {
		for n, t := range m {
			types[n] = t
		}
	}
	names := make([]string, 0, len(types))
	for n := range types {
		names = append(names, n)
	}
	sort.Strings(names)
	var args []string
	for _, n := range names {
		args = append(args, "--search-attribute", n+"="+types[n])
	}
	return args
}

// TemporalServer is a running `temporal server start-dev` process.
type TemporalServer struct {
	cmd  *exec.Cmd
	done chan error
	// Address is the gRPC frontend; UI the web UI.
	Address, UI string
}

// StartTemporal starts the dev server with its state in dbFile (kept across
// restarts) and waits until its frontend accepts connections.
func StartTemporal(ctx context.Context, cli, ip string, port, uiPort int, dbFile, codecEndpoint string, logs io.Writer) (*TemporalServer, error) {
	args := []string{"server", "start-dev", "--ip", ip, "--port", fmt.Sprint(port),
		"--ui-port", fmt.Sprint(uiPort), "--db-filename", dbFile, "--log-level", "warn", "--namespace", "default"}
	if codecEndpoint != "" {
		// The UI decodes the encrypted payloads through the API's /codec.
		args = append(args, "--ui-codec-endpoint", codecEndpoint)
	}
	args = append(args, SearchAttributeArgs()...)
	cmd := exec.Command(cli, args...)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start temporal dev server: %w", err)
	}
	s := &TemporalServer{cmd: cmd, done: make(chan error, 1),
		Address: fmt.Sprintf("%s:%d", ip, port), UI: fmt.Sprintf("http://%s:%d", ip, uiPort)}
	go func() { s.done <- cmd.Wait() }()
	if err := waitForPort(ctx, s.Address, 60*time.Second, s.done); err != nil {
		_ = s.Stop()
		return nil, fmt.Errorf("temporal dev server did not come up on %s: %w", s.Address, err)
	}
	// The namespace keeps a closed workflow's history NamespaceRetention
	// (issue #26): never longer than the shortest personal-data retention a
	// dealer may set (one month). Not fatal: the dev stack runs without it.
	ret := exec.CommandContext(ctx, cli, "operator", "namespace", "update", "--address", s.Address,
		"--retention", NamespaceRetention, "-n", "default")
	ret.Stdout, ret.Stderr = logs, logs
	if err := ret.Run(); err != nil {
		fmt.Fprintf(logs, "setting the namespace retention to %s failed: %v\n", NamespaceRetention, err)
	}
	return s, nil
}

// NamespaceRetention is the dev server's history retention: 30 days, the
// shortest personal_data_retention_months (internal/onboard).
const NamespaceRetention = "720h"

// Stop interrupts the server and waits for it to exit.
func (s *TemporalServer) Stop() error {
	if s.cmd.Process == nil {
		return nil
	}
	StopProcess(s.cmd.Process, os.Interrupt, s.done, 10*time.Second)
	return nil
}

// StopProcess sends sig to p and waits until done delivers (the process
// exited), killing it after limit.
func StopProcess[T any](p *os.Process, sig os.Signal, done <-chan T, limit time.Duration) {
	_ = p.Signal(sig)
	select {
	case <-done:
	case <-time.After(limit):
		_ = p.Kill()
		<-done
	}
}

func waitForPort(ctx context.Context, addr string, limit time.Duration, exited <-chan error) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			conn.Close()
			return nil
		}
		select {
		case err := <-exited:
			return fmt.Errorf("process exited: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return errors.New("timed out")
}
