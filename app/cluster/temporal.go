package cluster

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"text/template"
	"time"

	_ "github.com/lib/pq" // the "postgres" database/sql driver
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/pitstop-dev/pitstop/app/devstack"
	appointment "github.com/pitstop-dev/pitstop/workflows/appointment/caller"
	ticket "github.com/pitstop-dev/pitstop/workflows/ticket/caller"
)

// FindTemporalServer looks for the server binary: $PITSTOP_TEMPORAL_SERVER,
// then bin/temporal-server in the module root (where `make` builds it).
func FindTemporalServer() (string, error) {
	if p := os.Getenv("PITSTOP_TEMPORAL_SERVER"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("PITSTOP_TEMPORAL_SERVER=%s: %w", p, err)
		}
		return p, nil
	}
	if root, err := devstack.ModuleRoot(); err == nil {
		p := filepath.Join(root, "bin", "temporal-server")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("bin/temporal-server not found: run `make bin/temporal-server` (tools/temporal-server) or set PITSTOP_TEMPORAL_SERVER")
}

// ensureDatabases creates the databases that do not exist yet.
func ensureDatabases(ctx context.Context, adminURL string, names ...string) error {
	db, err := sql.Open("postgres", adminURL)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, n := range names {
		var one int
		err := db.QueryRowContext(ctx, "SELECT 1 FROM pg_database WHERE datname = $1", n).Scan(&one)
		if err == nil {
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("PostgreSQL at %s: %w", redact(adminURL), err)
		}
		// A name cannot be a parameter; these come from the topology.
		if _, err := db.ExecContext(ctx, `CREATE DATABASE "`+strings.ReplaceAll(n, `"`, `""`)+`"`); err != nil {
			return fmt.Errorf("create database %s: %w", n, err)
		}
	}
	return nil
}

// setupSchemas sets up and upgrades the Temporal server's two schemas with
// its own SQL tool (`temporal-server sql`, the server's temporal-sql-tool
// and the schema files embedded in the same module): both steps do nothing
// when the schema is already at the server's version.
func setupSchemas(ctx context.Context, server string, t Topology, logs io.Writer) error {
	u, err := url.Parse(t.PostgresURL)
	if err != nil {
		return err
	}
	conn := []string{"--ep", u.Hostname(), "-p", portOr(u.Port(), "5432"), "-u", u.User.Username(), "--pl", "postgres12"}
	if pw, ok := u.User.Password(); ok {
		conn = append(conn, "--pw", pw)
	}
	for _, s := range []struct{ db, schema string }{{t.TemporalDB, "postgresql/v12/temporal"}, {t.VisibilityDB, "postgresql/v12/visibility"}} {
		for _, step := range [][]string{{"setup-schema", "-v", "0.0"}, {"update-schema", "--schema-name", s.schema}} {
			args := append(append([]string{"sql"}, conn...), append([]string{"--db", s.db}, step...)...)
			cmd := exec.CommandContext(ctx, server, args...)
			cmd.Stdout, cmd.Stderr = logs, logs
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("temporal-server %s on %s: %w (log: %s)", step[0], s.db, err, logName(logs))
			}
		}
	}
	return nil
}

func portOr(p, def string) string {
	if p == "" {
		return def
	}
	return p
}

// serverConfig is the Temporal server's configuration (the postgres12
// persistence and SQL visibility, all services in one process).
var serverConfig = template.Must(template.New("temporal").Parse(`# Written by pitstop cluster (app/cluster/temporal.go) at each start.
log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: {{.T.HistoryShards}}
  datastores:
    postgres-default:
      sql:
        pluginName: postgres12
        databaseName: {{.T.TemporalDB}}
        connectAddr: "{{.DBHost}}"
        connectProtocol: tcp
        user: "{{.DBUser}}"
        password: "{{.DBPassword}}"
        maxConns: {{.MaxConns}}
        maxIdleConns: {{.MaxConns}}
        maxConnLifetime: 1h
    postgres-visibility:
      sql:
        pluginName: postgres12
        databaseName: {{.T.VisibilityDB}}
        connectAddr: "{{.DBHost}}"
        connectProtocol: tcp
        user: "{{.DBUser}}"
        password: "{{.DBPassword}}"
        maxConns: {{.VisibilityMaxConns}}
        maxIdleConns: {{.VisibilityMaxConns}}
        maxConnLifetime: 1h
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "{{.P.Host}}"
  metrics:
    prometheus:
      framework: tally
      timerType: histogram
      listenAddress: "{{.T.TemporalMetricsAddr}}"
services:
  frontend:
    rpc: {grpcPort: {{.P.Frontend}}, membershipPort: {{.P.FrontendMembership}}, bindOnIP: "{{.P.Host}}", httpPort: {{.P.FrontendHTTP}}}
  matching:
    rpc: {grpcPort: {{.P.Matching}}, membershipPort: {{.P.MatchingMembership}}, bindOnIP: "{{.P.Host}}"}
  history:
    rpc: {grpcPort: {{.P.History}}, membershipPort: {{.P.HistoryMembership}}, bindOnIP: "{{.P.Host}}"}
  worker:
    rpc: {grpcPort: {{.P.Worker}}, membershipPort: {{.P.WorkerMembership}}, bindOnIP: "{{.P.Host}}"}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "{{.T.TemporalAddress}}"
dcRedirectionPolicy:
  policy: noop
`))

// writeServerConfig writes <dir>/development.yaml for `temporal-server start`.
func writeServerConfig(dir string, t Topology) error {
	p, err := t.Ports()
	if err != nil {
		return fmt.Errorf("temporal address %q: %w", t.TemporalAddress, err)
	}
	u, err := url.Parse(t.PostgresURL)
	if err != nil {
		return err
	}
	pw, _ := u.User.Password()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "development.yaml"))
	if err != nil {
		return err
	}
	defer f.Close()
	return serverConfig.Execute(f, map[string]any{"T": t, "P": p,
		"DBHost": u.Hostname() + ":" + portOr(u.Port(), "5432"), "DBUser": u.User.Username(), "DBPassword": pw,
		"MaxConns": TemporalMaxConns, "VisibilityMaxConns": TemporalVisibilityMaxConns})
}

// prepareNamespace registers the default namespace (retention as in `make
// run`) and Pitstop's search attributes, waiting for the new server.
func prepareNamespace(ctx context.Context, address string, dead func() error) error {
	retention, err := time.ParseDuration(devstack.NamespaceRetention)
	if err != nil {
		return err
	}
	// The frontend accepts connections before it is healthy: retry.
	deadline := time.Now().Add(90 * time.Second)
	var c client.Client
	for {
		c, err = client.DialContext(ctx, client.Options{HostPort: address, Logger: quiet{}})
		if err == nil {
			break
		}
		if time.Now().After(deadline) || ctx.Err() != nil || dead() != nil {
			return fmt.Errorf("connect to the Temporal server: %w", errors.Join(err, dead()))
		}
		time.Sleep(500 * time.Millisecond)
	}
	defer c.Close()
	for {
		_, err = c.WorkflowService().RegisterNamespace(ctx, &workflowservice.RegisterNamespaceRequest{
			Namespace: "default", WorkflowExecutionRetentionPeriod: durationpb.New(retention)})
		var exists *serviceerror.NamespaceAlreadyExists
		if err == nil || errors.As(err, &exists) {
			break
		}
		if time.Now().After(deadline) || dead() != nil {
			return fmt.Errorf("register namespace default: %w", errors.Join(err, dead()))
		}
		time.Sleep(500 * time.Millisecond)
	}
	want := map[string]enumspb.IndexedValueType{}
	for _, m := range []map[string]string{appointment.SearchAttributeTypes, ticket.SearchAttributeTypes} {
		for n, typ := range m {
			v, ok := enumspb.IndexedValueType_shorthandValue[typ]
			if !ok {
				return fmt.Errorf("search attribute %s: unknown type %s", n, typ)
			}
			want[n] = enumspb.IndexedValueType(v)
		}
	}
	for {
		have, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: "default"})
		if err == nil {
			missing := map[string]enumspb.IndexedValueType{}
			for n, typ := range want {
				if _, ok := have.GetCustomAttributes()[n]; !ok {
					missing[n] = typ
				}
			}
			if len(missing) == 0 {
				return awaitSearchAttributes(ctx, c, want, deadline, dead)
			}
			_, err = c.OperatorService().AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{
				Namespace: "default", SearchAttributes: missing})
		}
		if err != nil && (time.Now().After(deadline) || dead() != nil) {
			return fmt.Errorf("search attributes: %w", errors.Join(err, dead()))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// awaitSearchAttributes waits until the frontend maps every search
// attribute: listing them reads the cluster's metadata at once, but a start
// that sets one is checked against the namespace cache, which refreshes on
// its own clock (a start right after adding them is refused "no mapping
// defined for search attribute"). A visibility query on each goes through
// that same mapping.
func awaitSearchAttributes(ctx context.Context, c client.Client, want map[string]enumspb.IndexedValueType, deadline time.Time, dead func() error) error {
	var terms []string
	for n, typ := range want {
		v := "''"
		if typ == enumspb.INDEXED_VALUE_TYPE_INT {
			v = "0"
		}
		terms = append(terms, n+" = "+v)
	}
	sort.Strings(terms)
	query := strings.Join(terms, " AND ")
	for {
		_, err := c.WorkflowService().ListWorkflowExecutions(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: "default", PageSize: 1, Query: query})
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) || dead() != nil {
			return fmt.Errorf("search attributes not yet mapped (%s): %w", query, errors.Join(err, dead()))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// quiet drops the SDK client's own log lines (the cluster's logs say enough).
type quiet struct{}

func (quiet) Debug(string, ...any) {}
func (quiet) Info(string, ...any)  {}
func (quiet) Warn(string, ...any)  {}
func (quiet) Error(string, ...any) {}
