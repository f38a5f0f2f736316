package main

import (
	"fmt"
	"maps"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/pitstop-dev/pitstop/app/cluster"
	"github.com/pitstop-dev/pitstop/internal/config"
	appointment "github.com/pitstop-dev/pitstop/workflows/appointment/caller"
	ticket "github.com/pitstop-dev/pitstop/workflows/ticket/caller"
)

// Docker cannot run here, so docker-compose.yml is kept correct by this test:
// it parses the file and checks it against the code's configuration.
func TestComposeFileMatchesTheCode(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "docker-compose.yml"))
	require.NoError(t, err)
	var doc struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Build       any               `yaml:"build"`
			Command     []string          `yaml:"command"`
			Environment map[string]string `yaml:"environment"`
			Ports       []string          `yaml:"ports"`
			Healthcheck *struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
			DependsOn map[string]struct {
				Condition string `yaml:"condition"`
			} `yaml:"depends_on"`
		} `yaml:"services"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &doc))

	for _, name := range []string{"postgres", "temporal", "temporal-setup", "temporal-ui", "migrate", "worker", "api"} {
		require.Contains(t, doc.Services, name)
	}
	// Temporal and its UI have no authentication in this file: localhost only.
	require.Contains(t, doc.Services["temporal-ui"].Ports, "127.0.0.1:8233:8080", "the UI on :8233 as in make run, on localhost")
	require.Contains(t, doc.Services["temporal"].Ports, "127.0.0.1:7233:7233")
	for _, name := range []string{"postgres", "temporal", "api"} {
		require.NotNil(t, doc.Services[name].Healthcheck, "%s needs a health check", name)
	}

	// Every pitstop service runs a real subcommand with the full environment.
	var subcommands []string
	for _, c := range rootCommands() {
		subcommands = append(subcommands, c.Name())
	}
	require.Contains(t, strings.Join(doc.Services["api"].Healthcheck.Test, " "), "/pitstop healthcheck")
	for _, name := range []string{"migrate", "worker", "api"} {
		svc := doc.Services[name]
		require.NotNil(t, svc.Build, name)
		require.True(t, slices.Contains(subcommands, svc.Command[0]), "%s runs unknown subcommand %q", name, svc.Command[0])
		for _, v := range config.Vars {
			if v.Name == "PITSTOP_DEV_DIR" { // only `pitstop dev` reads it
				continue
			}
			require.Contains(t, svc.Environment, v.Name, "%s lacks %s", name, v.Name)
		}
		for k := range svc.Environment {
			require.True(t, slices.ContainsFunc(config.Vars, func(v config.Var) bool { return v.Name == k }), "%s sets unknown %s", name, k)
		}
		require.True(t, strings.HasPrefix(svc.Environment["PITSTOP_DATABASE_URL"], "postgres://"), "production uses PostgreSQL")
		// No public default for a secret: compose refuses to start without it.
		for _, secret := range []string{"PITSTOP_TOKEN_SECRET", "PITSTOP_KEY_SECRET", "PITSTOP_TWILIO_AUTH_TOKEN", "PITSTOP_MAILGUN_API_KEY",
			"PITSTOP_MAILGUN_WEBHOOK_SIGNING_KEY", "PITSTOP_PAYLOAD_KEYS"} {
			require.Contains(t, svc.Environment[secret], "${"+secret+":?", "%s: %s must be required, not defaulted", name, secret)
		}
		require.Equal(t, "temporal:7233", svc.Environment["PITSTOP_TEMPORAL_ADDRESS"])
		require.Equal(t, "0.0.0.0:9464", svc.Environment["PITSTOP_METRICS_ADDR"], "%s: metrics for a scraper in the compose network", name)
	}
	require.Equal(t, "service_completed_successfully", doc.Services["api"].DependsOn["migrate"].Condition)
	// api and worker refuse an older schema (they never migrate): the one-shot
	// migrate service runs first.
	require.Equal(t, "service_completed_successfully", doc.Services["worker"].DependsOn["migrate"].Condition)
	require.Equal(t, []string{"migrate"}, doc.Services["migrate"].Command)

	// The search attributes the workflows upsert are registered.
	setup := strings.Join(doc.Services["temporal-setup"].Command, " ")
	for _, types := range []map[string]string{appointment.SearchAttributeTypes, ticket.SearchAttributeTypes} {
		for name, typ := range types {
			require.Contains(t, setup, name+"="+typ)
		}
	}
}

// docker-compose.yml and `make cluster` (app/cluster) run the same topology
// with the same settings: replica counts, ports, the Temporal server's
// databases and shards, the shared Pitstop settings and Prometheus' jobs.
func TestComposeFileMatchesTheCluster(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "docker-compose.yml"))
	require.NoError(t, err)
	var doc struct {
		Env      map[string]string `yaml:"x-pitstop-env"`
		Services map[string]struct {
			Environment map[string]string `yaml:"environment"`
			Ports       []string          `yaml:"ports"`
			Deploy      struct {
				Replicas int `yaml:"replicas"`
			} `yaml:"deploy"`
			Command []string `yaml:"command"`
		} `yaml:"services"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &doc))
	topo := cluster.Default(t.TempDir())
	port := func(addr string) string {
		_, p, err := net.SplitHostPort(addr)
		require.NoError(t, err, addr)
		return p
	}

	// Replicas, and one host port per API replica, the cluster's.
	require.Equal(t, len(topo.APIs), doc.Services["api"].Deploy.Replicas, "api replicas")
	require.Equal(t, len(topo.Workers), doc.Services["worker"].Deploy.Replicas, "worker replicas")
	require.Equal(t, []string{fmt.Sprintf("%s-%s:8080", port(topo.APIs[0].HTTPAddr), port(topo.APIs[len(topo.APIs)-1].HTTPAddr))},
		doc.Services["api"].Ports)
	for i, p := range topo.APIs {
		require.Equal(t, fmt.Sprint(8080+i), port(p.HTTPAddr), "the APIs take consecutive ports")
	}
	// Inside the compose network every replica serves metrics on the first API's port.
	require.Equal(t, "0.0.0.0:"+port(topo.APIs[0].MetricsAddr), doc.Env["PITSTOP_METRICS_ADDR"])

	// The Temporal server: the postgres12 plugin, the same databases and
	// shards, the frontend and metrics ports.
	temporal := doc.Services["temporal"]
	require.Equal(t, "postgres12", temporal.Environment["DB"])
	require.Equal(t, topo.TemporalDB, temporal.Environment["DBNAME"])
	require.Equal(t, topo.VisibilityDB, temporal.Environment["VISIBILITY_DBNAME"])
	require.Equal(t, fmt.Sprint(topo.HistoryShards), temporal.Environment["NUM_HISTORY_SHARDS"])
	// The same PostgreSQL connection budget (cluster.PitstopMaxConns and
	// the Temporal server's pools; auto-setup's config template reads SQL_*).
	for k, want := range map[string]int{"SQL_MAX_CONNS": cluster.TemporalMaxConns, "SQL_MAX_IDLE_CONNS": cluster.TemporalMaxConns,
		"SQL_VIS_MAX_CONNS": cluster.TemporalVisibilityMaxConns, "SQL_VIS_MAX_IDLE_CONNS": cluster.TemporalVisibilityMaxConns} {
		require.Equal(t, fmt.Sprint(want), temporal.Environment[k], "temporal: %s", k)
	}
	for _, name := range []string{"migrate", "worker", "api"} {
		require.Equal(t, fmt.Sprint(cluster.PitstopMaxConns), doc.Services[name].Environment["PITSTOP_DATABASE_MAX_CONNS"], name)
	}
	require.Equal(t, "0.0.0.0:"+port(topo.TemporalMetricsAddr), temporal.Environment["PROMETHEUS_ENDPOINT"])
	require.Contains(t, temporal.Ports, fmt.Sprintf("127.0.0.1:%s:%s", port(topo.TemporalAddress), port(topo.TemporalAddress)))
	require.Equal(t, "temporal:"+port(topo.TemporalAddress), doc.Env["PITSTOP_TEMPORAL_ADDRESS"])

	// The settings every Pitstop process of the cluster gets, but the
	// addresses (host names differ inside the compose network).
	for k, v := range topo.SharedEnv() {
		switch k {
		case "PITSTOP_DATABASE_URL", "PITSTOP_TEMPORAL_ADDRESS", "PITSTOP_API_BASE_URL", "PITSTOP_PUBLIC_BASE_URL":
			continue
		}
		require.Equal(t, v, doc.Env[k], k)
	}
	// The secrets the cluster generates are set from outside in compose
	// (TestComposeFileMatchesTheCode: required, when they have a public default).
	for _, k := range cluster.SecretVars {
		require.Contains(t, doc.Env[k], "${"+k+":", "%s: from the environment in compose, generated by the cluster", k)
	}

	// Prometheus: the cluster's targets are deploy/prometheus/prometheus.yml's,
	// and compose's Prometheus has the same jobs and rules.
	type promConfig struct {
		RuleFiles     []string `yaml:"rule_files"`
		ScrapeConfigs []struct {
			JobName       string `yaml:"job_name"`
			StaticConfigs []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	read := func(raw []byte) (promConfig, map[string][]string) {
		var c promConfig
		require.NoError(t, yaml.Unmarshal(raw, &c))
		jobs := map[string][]string{}
		for _, sc := range c.ScrapeConfigs {
			jobs[sc.JobName] = []string{}
			for _, st := range sc.StaticConfigs {
				jobs[sc.JobName] = append(jobs[sc.JobName], st.Targets...)
			}
		}
		return c, jobs
	}
	shipped, err := os.ReadFile(filepath.Join("..", "..", "deploy", "prometheus", "prometheus.yml"))
	require.NoError(t, err)
	_, shippedJobs := read(shipped)
	_, clusterJobs := read([]byte(cluster.PrometheusConfig(topo, "alerts.yml")))
	require.Equal(t, shippedJobs, clusterJobs, "make cluster scrapes what deploy/prometheus/prometheus.yml lists")
	composeProm, err := os.ReadFile(filepath.Join("..", "..", "deploy", "prometheus", "compose.yml"))
	require.NoError(t, err)
	cp, composeJobs := read(composeProm)
	require.Equal(t, []string{"alerts.yml"}, cp.RuleFiles)
	require.Equal(t, slices.Sorted(maps.Keys(shippedJobs)), slices.Sorted(maps.Keys(composeJobs)))
	require.Equal(t, []string{"--config.file=/etc/prometheus/compose.yml"}, doc.Services["prometheus"].Command)
}
