package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func lookup(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

// The defaults run the dev stack as they are.
func TestDefaultsAreValid(t *testing.T) {
	c, err := FromLookup(lookup(nil))
	require.NoError(t, err)
	require.Equal(t, "pitstop", c.TaskQueue)
	require.Empty(t, c.TrustedProxies)
	require.Equal(t, "http://127.0.0.1:8080/app", c.PublicBaseURL)
}

func TestTrustedProxies(t *testing.T) {
	c, err := FromLookup(lookup(map[string]string{"PITSTOP_TRUSTED_PROXIES": " 10.0.0.0/8, 192.168.1.7 ,,::1"}))
	require.NoError(t, err)
	require.Equal(t, []string{"10.0.0.0/8", "192.168.1.7", "::1"}, c.TrustedProxies)
}

// Every problem is reported at once, naming its variable.
func TestInvalidValuesAreReportedTogether(t *testing.T) {
	_, err := FromLookup(lookup(map[string]string{
		"PITSTOP_TASK_QUEUE": " ", "PITSTOP_TOKEN_SECRET": "short", "PITSTOP_LOG_LEVEL": "loud",
		"PITSTOP_TRUSTED_PROXIES": "10.0.0.0/8,lb.internal",
	}))
	require.Error(t, err)
	for _, want := range []string{
		"PITSTOP_TASK_QUEUE is empty", "PITSTOP_TOKEN_SECRET must be at least 16 characters",
		`PITSTOP_LOG_LEVEL "loud"`, `PITSTOP_TRUSTED_PROXIES: "lb.internal" is neither an IP nor a CIDR`,
	} {
		require.Contains(t, err.Error(), want)
	}
}

// The README's configuration table is Vars, row for row.
func TestREADMEListsEveryVariable(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	for _, v := range Vars {
		def := "`" + v.Default + "`"
		if v.Default == "" {
			def = "(none)"
		}
		row := "| `" + v.Name + "` | " + def + " | " + v.Help + " |"
		require.True(t, strings.Contains(string(b), row), "README lacks the row\n%s", row)
	}
}

func TestProductionRefusesPublicDefaults(t *testing.T) {
	dev, err := FromLookup(func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	p := strings.Join(dev.ProductionProblems(), "\n")
	for _, name := range []string{"PITSTOP_TOKEN_SECRET", "PITSTOP_KEY_SECRET", "PITSTOP_TWILIO_AUTH_TOKEN",
		"PITSTOP_MAILGUN_API_KEY", "PITSTOP_MAILGUN_WEBHOOK_SIGNING_KEY", "PITSTOP_PAYLOAD_KEYS", "PITSTOP_ACSES_WEBHOOK_SECRET"} {
		if !strings.Contains(p, name) {
			t.Errorf("defaults accepted for %s in production:\n%s", name, p)
		}
	}
	env := map[string]string{
		"PITSTOP_TOKEN_SECRET": "short-but-16-chars!", "PITSTOP_KEY_SECRET": strings.Repeat("k", 40),
		"PITSTOP_TWILIO_AUTH_TOKEN": strings.Repeat("t", 32), "PITSTOP_MAILGUN_API_KEY": strings.Repeat("m", 32),
		"PITSTOP_MAILGUN_WEBHOOK_SIGNING_KEY": strings.Repeat("s", 32), "PITSTOP_PAYLOAD_KEYS": "prod:" + strings.Repeat("A", 43) + "=",
		"PITSTOP_ACSES_WEBHOOK_SECRET": strings.Repeat("w", 32),
	}
	prod, err := FromLookup(func(n string) (string, bool) { v, ok := env[n]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	got := prod.ProductionProblems()
	if len(got) != 1 || !strings.Contains(got[0], "PITSTOP_TOKEN_SECRET is shorter than 32") {
		t.Fatalf("want only the short token secret named, got %q", got)
	}
}

// The metrics address is host:port, or empty for no metrics server.
func TestMetricsAddr(t *testing.T) {
	_, err := FromLookup(lookup(map[string]string{"PITSTOP_METRICS_ADDR": "9464"}))
	require.ErrorContains(t, err, `PITSTOP_METRICS_ADDR "9464" is not host:port`)
	for _, ok := range []string{"", ":9464", "0.0.0.0:9464"} {
		cfg, err := FromLookup(lookup(map[string]string{"PITSTOP_METRICS_ADDR": ok}))
		require.NoError(t, err, ok)
		require.Equal(t, ok, cfg.MetricsAddr)
	}
}

// The inspection's upload limits are read as whole numbers; anything else
// (or a video larger than a check's videos together) is refused by name.
func TestInspectionLimits(t *testing.T) {
	c, err := FromLookup(lookup(nil))
	require.NoError(t, err)
	require.Equal(t, InspectionConfig{VideoMaxMB: 100, VideoCheckMB: 500, VideoMaxSeconds: 60, UploadsPerMechanic: 3}, c.Inspection)
	c, err = FromLookup(lookup(map[string]string{"PITSTOP_INSPECTION_VIDEO_MAX_MB": " 50 ", "PITSTOP_INSPECTION_VIDEO_MAX_SECONDS": "90", "PITSTOP_INSPECTION_UPLOADS_PER_MECHANIC": "1"}))
	require.NoError(t, err)
	require.Equal(t, InspectionConfig{VideoMaxMB: 50, VideoCheckMB: 500, VideoMaxSeconds: 90, UploadsPerMechanic: 1}, c.Inspection)
	_, err = FromLookup(lookup(map[string]string{"PITSTOP_INSPECTION_VIDEO_MAX_MB": "lots", "PITSTOP_INSPECTION_VIDEO_MAX_SECONDS": "3601", "PITSTOP_INSPECTION_UPLOADS_PER_MECHANIC": "0"}))
	require.ErrorContains(t, err, "PITSTOP_INSPECTION_VIDEO_MAX_MB must be a whole number from 1 to 4096")
	require.ErrorContains(t, err, "PITSTOP_INSPECTION_UPLOADS_PER_MECHANIC must be a whole number from 1 to 100")
	require.ErrorContains(t, err, "PITSTOP_INSPECTION_VIDEO_MAX_SECONDS must be a whole number from 1 to 3600")
	_, err = FromLookup(lookup(map[string]string{"PITSTOP_INSPECTION_VIDEO_MAX_MB": "600"}))
	require.ErrorContains(t, err, "PITSTOP_INSPECTION_VIDEO_MAX_MB must not be larger than PITSTOP_INSPECTION_VIDEO_CHECK_MB")
}

func TestTemporalCompression(t *testing.T) {
	c, err := FromLookup(lookup(nil))
	require.NoError(t, err)
	require.False(t, c.TemporalGzip(), "off by default")
	c, err = FromLookup(lookup(map[string]string{"PITSTOP_TEMPORAL_COMPRESSION": "gzip"}))
	require.NoError(t, err)
	require.True(t, c.TemporalGzip())
	_, err = FromLookup(lookup(map[string]string{"PITSTOP_TEMPORAL_COMPRESSION": "zstd"}))
	require.ErrorContains(t, err, `PITSTOP_TEMPORAL_COMPRESSION: "zstd" is neither none nor gzip`)
}
