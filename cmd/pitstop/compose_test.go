package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

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
	require.Contains(t, doc.Services["api"].Ports, "8080:8080")
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
