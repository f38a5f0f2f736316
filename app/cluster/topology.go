// Package cluster runs Pitstop's production shape on one machine (`make
// cluster`, `pitstop cluster`): the Temporal server built from Go modules
// on PostgreSQL (bin/temporal-server), several worker and API processes of
// this binary, Prometheus when it is installed, and the fakes of the outside
// parties as in `make run`. docker-compose.yml describes the same topology;
// a test keeps the two in step (cmd/pitstop/compose_test.go).
package cluster

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
)

// Topology is what runs where. Default is `make cluster`; tests take free
// ports and their own databases.
type Topology struct {
	// TemporalAddress is the Temporal frontend (gRPC); the server's other
	// services listen on the ports after it (TemporalPorts).
	TemporalAddress string
	// TemporalMetricsAddr is the Temporal server's Prometheus endpoint.
	TemporalMetricsAddr string
	// HistoryShards is fixed for the life of the Temporal database.
	HistoryShards int
	// TemporalDB and VisibilityDB are the Temporal server's databases,
	// PitstopDB Pitstop's own, all on the PostgreSQL server of PostgresURL
	// (an admin connection: the cluster creates missing databases).
	TemporalDB, VisibilityDB, PitstopDB string
	PostgresURL                         string
	// PitstopPostgresURL, when set, is another PostgreSQL server (an
	// admin connection) for PitstopDB alone: the fault test cuts Pitstop
	// off its database without touching the Temporal server's.
	PitstopPostgresURL string
	// APIs and Workers: one process each. An API has an HTTP and a metrics
	// address, a worker only a metrics address.
	APIs    []Process
	Workers []Process
	// PrometheusAddr is where Prometheus serves when it is installed.
	PrometheusAddr string
	// OutboxAddr serves /dev/outbox: what the fake providers received.
	OutboxAddr string
	// Dir keeps the logs, the generated configuration, the secrets and
	// Prometheus' data.
	Dir string
}

// Process is one API or worker process.
type Process struct {
	HTTPAddr    string // API only
	MetricsAddr string
}

// The cluster's PostgreSQL connection budget, under PostgreSQL's default
// max_connections of 100: each Pitstop process keeps at most
// PitstopMaxConns, the Temporal server (four services in one process, a
// pool each) TemporalMaxConns to its store and TemporalVisibilityMaxConns
// to visibility. 4 × 8 + 4 × 10 + 4 × 4 = 88, leaving room for psql and
// the tests' own connections. With more replicas, raise max_connections
// or lower these (README, "More replicas").
const (
	PitstopMaxConns            = 8
	TemporalMaxConns           = 10
	TemporalVisibilityMaxConns = 4
)

// Replicas of `make cluster` (README: "More replicas").
const (
	APIReplicas    = 2
	WorkerReplicas = 2
)

// Default is `make cluster`: the ports of deploy/prometheus/prometheus.yml
// (API metrics 9464, 9474, ...; worker metrics 9465, 9475, ...), the APIs on
// 8080, 8081, ... (put a load balancer in front of them, README).
func Default(dir string) Topology {
	t := Topology{
		TemporalAddress:     "127.0.0.1:7233",
		TemporalMetricsAddr: "127.0.0.1:8000",
		HistoryShards:       4,
		TemporalDB:          "temporal",
		VisibilityDB:        "temporal_visibility",
		PitstopDB:           "pitstop_cluster",
		PostgresURL:         "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
		PrometheusAddr:      "127.0.0.1:9090",
		OutboxAddr:          "127.0.0.1:8089",
		Dir:                 dir,
	}
	for i := range APIReplicas {
		t.APIs = append(t.APIs, Process{HTTPAddr: fmt.Sprintf("127.0.0.1:%d", 8080+i), MetricsAddr: fmt.Sprintf("127.0.0.1:%d", 9464+10*i)})
	}
	for i := range WorkerReplicas {
		t.Workers = append(t.Workers, Process{MetricsAddr: fmt.Sprintf("127.0.0.1:%d", 9465+10*i)})
	}
	return t
}

// TemporalPorts are the Temporal server's listen ports, derived from the
// frontend's: frontend, history, matching, worker (gRPC), then their
// membership ports, then the frontend's HTTP port.
type TemporalPorts struct {
	Host                                                      string
	Frontend, History, Matching, Worker                       int
	FrontendMembership, HistoryMembership, MatchingMembership int
	WorkerMembership, FrontendHTTP                            int
}

// Ports spreads the server's services over the ports after the frontend's
// (7233: 7234 history, 7235 matching, 7239 worker, 6933-6939 membership,
// 7243 HTTP, as Temporal's own development configuration).
func (t Topology) Ports() (TemporalPorts, error) {
	host, p, err := net.SplitHostPort(t.TemporalAddress)
	if err != nil {
		return TemporalPorts{}, err
	}
	f, err := strconv.Atoi(p)
	if err != nil {
		return TemporalPorts{}, err
	}
	return TemporalPorts{Host: host, Frontend: f, History: f + 1, Matching: f + 2, Worker: f + 6,
		FrontendMembership: f - 300, HistoryMembership: f - 299, MatchingMembership: f - 298, WorkerMembership: f - 294,
		FrontendHTTP: f + 10}, nil
}

// DatabaseURL is Pitstop's database on the cluster's PostgreSQL (or on
// PitstopPostgresURL's).
func (t Topology) DatabaseURL() string { return dbURL(t.PitstopServerURL(), t.PitstopDB) }

// PitstopServerURL is the admin connection to the server of Pitstop's
// database: PitstopPostgresURL, else PostgresURL.
func (t Topology) PitstopServerURL() string {
	if t.PitstopPostgresURL != "" {
		return t.PitstopPostgresURL
	}
	return t.PostgresURL
}

func dbURL(server, name string) string {
	u, err := url.Parse(server)
	if err != nil {
		return server
	}
	u.Path = "/" + name
	return u.String()
}

// APIBaseURL is the first API's URL: provider callbacks and customer links
// point there (behind a load balancer, set PITSTOP_API_BASE_URL and
// PITSTOP_PUBLIC_BASE_URL to its address instead).
func (t Topology) APIBaseURL() string { return "http://" + t.APIs[0].HTTPAddr }

// ProcessEnv is the environment one API or worker process gets on top of the
// shared one: where it listens.
func ProcessEnv(p Process) map[string]string {
	env := map[string]string{"PITSTOP_METRICS_ADDR": p.MetricsAddr}
	if p.HTTPAddr != "" {
		env["PITSTOP_HTTP_ADDR"] = p.HTTPAddr
	}
	return env
}

// SharedEnv is what every Pitstop process of the cluster gets (besides the
// secrets, Secrets.Env): the cluster's database and Temporal, the public URLs.
func (t Topology) SharedEnv() map[string]string {
	return map[string]string{
		"PITSTOP_DATABASE_URL":         t.DatabaseURL(),
		"PITSTOP_DATABASE_MAX_CONNS":   strconv.Itoa(PitstopMaxConns),
		"PITSTOP_TEMPORAL_ADDRESS":     t.TemporalAddress,
		"PITSTOP_TEMPORAL_NAMESPACE":   "default",
		"PITSTOP_TEMPORAL_COMPRESSION": "none",
		"PITSTOP_TASK_QUEUE":           "pitstop",
		"PITSTOP_API_BASE_URL":         t.APIBaseURL(),
		"PITSTOP_PUBLIC_BASE_URL":      t.APIBaseURL() + "/app",
		"PITSTOP_ACSES_SIMULATE":       "false",
	}
}
