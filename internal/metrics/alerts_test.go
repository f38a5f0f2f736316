package metrics

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// The alerting rules (deploy/prometheus/alerts.yml) name metrics and label
// values by string; promtool tests them against made-up series, so a
// misspelt name would pass there and never fire in production. Here every
// name they use must be one a Pitstop process really exports.

const alertsFile = "../../deploy/prometheus/alerts.yml"

type ruleFile struct {
	Groups []struct {
		Rules []struct {
			Alert string `yaml:"alert"`
			Expr  string `yaml:"expr"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

func alertExprs(t *testing.T) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(alertsFile)
	require.NoError(t, err)
	var f ruleFile
	require.NoError(t, yaml.Unmarshal(raw, &f))
	out := map[string]string{}
	for _, g := range f.Groups {
		for _, r := range g.Rules {
			require.NotEmpty(t, r.Alert, "only alerting rules here")
			out[r.Alert] = r.Expr
		}
	}
	require.NotEmpty(t, out)
	return out
}

var metricName = regexp.MustCompile(`\b(?:pitstop|temporal)_[a-z_]+\b`)

// baseName strips what the exporter adds: counters' _total, timers'
// _seconds, histograms' _bucket.
func baseName(n string) string {
	for _, s := range []string{"_bucket", "_total", "_seconds"} {
		n = strings.TrimSuffix(n, s)
	}
	return n
}

// repoSource is every non-test Go file of the repository, concatenated.
func repoSource(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir("../..", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == ".tools" || d.Name() == "ent" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b.Write(src)
		}
		return nil
	})
	require.NoError(t, err)
	return b.String()
}

// sdkMetricNames are the Temporal Go SDK's metric names, read from the
// pinned module's source (its constants are internal to the SDK).
func sdkMetricNames(t *testing.T) map[string]bool {
	t.Helper()
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "go.temporal.io/sdk").Output()
	require.NoError(t, err)
	src, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(dir)), "internal", "common", "metrics", "constants.go"))
	require.NoError(t, err)
	names := map[string]bool{}
	// WorkflowFailedCounter = TemporalMetricsPrefix + "workflow_failed"
	for _, m := range regexp.MustCompile(`TemporalMetricsPrefix \+ "([a-z_]+)"`).FindAllStringSubmatch(string(src), -1) {
		names["temporal_"+m[1]] = true
	}
	// TemporalRequestFailure = TemporalRequest + "_failure"
	for _, m := range regexp.MustCompile(`= (TemporalRequest|TemporalLongRequest) \+ "([a-z_]+)"`).FindAllStringSubmatch(string(src), -1) {
		names[map[string]string{"TemporalRequest": "temporal_request", "TemporalLongRequest": "temporal_long_request"}[m[1]]+m[2]] = true
	}
	require.True(t, names["temporal_activity_execution_failed"], "the SDK's constants file changed shape: update this parser")
	return names
}

func TestAlertRulesUseExportedMetrics(t *testing.T) {
	src := repoSource(t)
	sdk := sdkMetricNames(t)
	m := New()
	m.requests.WithLabelValues("GET", "/", "200").Inc()
	m.duration.WithLabelValues("GET", "/").Observe(0.01)
	fams, err := m.Registry.Gather()
	require.NoError(t, err)
	registered := map[string]bool{}
	for _, f := range fams {
		registered[baseName(f.GetName())] = true
	}
	for alert, expr := range alertExprs(t) {
		names := metricName.FindAllString(expr, -1)
		if strings.HasPrefix(expr, "up{") {
			continue // Prometheus's own scrape health: TestAlertJobsMatchScrapeConfig
		}
		require.NotEmpty(t, names, "%s: names no Pitstop or Temporal metric", alert)
		for _, n := range names {
			base := baseName(n)
			switch {
			case strings.HasPrefix(base, "temporal_"):
				require.True(t, sdk[base], "%s: %s is not a Temporal SDK metric", alert, n)
			case registered[base]:
			default:
				// Emitted through an activity's metrics handler: Counter("pitstop_...").
				require.True(t, strings.Contains(src, `Counter("`+base+`")`), "%s: %s is exported by no Pitstop code", alert, n)
			}
		}
	}
}

// The workflow and activity types the rules select must be ones Pitstop
// registers (a workflow function's or an activity method's name).
func TestAlertRulesUseRegisteredTypes(t *testing.T) {
	src := repoSource(t)
	typeLabel := regexp.MustCompile(`(workflow_type|activity_type)="([A-Za-z]+)"`)
	seen := 0
	for alert, expr := range alertExprs(t) {
		for _, m := range typeLabel.FindAllStringSubmatch(expr, -1) {
			seen++
			if m[1] == "workflow_type" {
				require.True(t, regexp.MustCompile(`func `+m[2]+`\(ctx workflow\.Context`).MatchString(src), "%s: no workflow %s", alert, m[2])
			} else {
				require.True(t, regexp.MustCompile(`\) `+m[2]+`\(ctx context\.Context`).MatchString(src), "%s: no activity %s", alert, m[2])
			}
		}
	}
	require.NotZero(t, seen, "the rules select no workflow or activity type: this test checks nothing")
}

// PitstopProcessDown matches the scrape jobs of the shipped Prometheus
// configuration.
func TestAlertJobsMatchScrapeConfig(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/prometheus/prometheus.yml")
	require.NoError(t, err)
	var cfg struct {
		RuleFiles     []string `yaml:"rule_files"`
		ScrapeConfigs []struct {
			JobName string `yaml:"job_name"`
		} `yaml:"scrape_configs"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &cfg))
	require.Contains(t, cfg.RuleFiles, "alerts.yml")
	require.Contains(t, alertExprs(t)["PitstopProcessDown"], `job=~"pitstop-.*"`)
	require.NotEmpty(t, cfg.ScrapeConfigs)
	for _, sc := range cfg.ScrapeConfigs {
		require.Regexp(t, `^pitstop-`, sc.JobName)
	}
}
