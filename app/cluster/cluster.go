package cluster

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/app"
	"github.com/pitstop-dev/pitstop/app/devstack"
	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/internal/config"
)

// Options says what to run: the topology and the binaries.
type Options struct {
	Topology Topology
	// Pitstop is the pitstop binary the API and worker processes run
	// (`pitstop cluster` passes its own executable).
	Pitstop string
	// TemporalServer is bin/temporal-server (FindTemporalServer).
	TemporalServer string
	// Prometheus is the prometheus binary; empty looks it up on the PATH
	// and runs without it when it is not installed. "-" never runs it.
	Prometheus string
	// Out receives the progress lines.
	Out io.Writer
}

// Cluster is a running cluster.
type Cluster struct {
	Topology Topology
	Cfg      config.Config
	Fakes    *devstack.Fakes
	Demo     seed.Demo
	// Token is the demo receptionist's bearer token (24 h).
	Token string
	// Prometheus is its URL, empty when it does not run.
	Prometheus string

	procs   []*proc
	cleanup []func()
	exited  chan string
}

type proc struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
	err  error
	// What starts it again (Restart).
	bin  string
	args []string
	env  map[string]string
	logs *os.File
	// meant is set before the cluster stops or kills it on purpose: its
	// exit is then no failure (Wait, the start-up polls).
	meant atomic.Bool
}

// Start brings the cluster up in order: the databases and the Temporal
// server's schemas, the server, the namespace and search attributes,
// Pitstop's migrations (once, here), the fakes and demo data, then the
// workers, the APIs and Prometheus. On error, what started is stopped.
func Start(ctx context.Context, o Options) (_ *Cluster, err error) {
	t := o.Topology
	out := o.Out
	if out == nil {
		out = io.Discard
	}
	step := func(format string, args ...any) { fmt.Fprintf(out, ">> "+format+"\n", args...) }
	c := &Cluster{Topology: t, exited: make(chan string, 16)}
	defer func() {
		if err != nil {
			_ = c.Stop()
		}
	}()
	logDir := filepath.Join(t.Dir, "logs")
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		return nil, err
	}
	secrets, err := loadSecrets(filepath.Join(t.Dir, "secrets.env"))
	if err != nil {
		return nil, err
	}
	env := mergeEnv(t.SharedEnv(), secrets)
	c.Cfg, err = config.FromLookup(func(k string) (string, bool) {
		if v, ok := env[k]; ok {
			return v, true
		}
		return os.LookupEnv(k)
	})
	if err != nil {
		return nil, err
	}

	if t.PitstopServerURL() == t.PostgresURL {
		step("databases %s, %s and %s on %s", t.TemporalDB, t.VisibilityDB, t.PitstopDB, redact(t.PostgresURL))
		if err := ensureDatabases(ctx, t.PostgresURL, t.TemporalDB, t.VisibilityDB, t.PitstopDB); err != nil {
			return nil, err
		}
	} else {
		step("databases %s and %s on %s, %s on %s", t.TemporalDB, t.VisibilityDB, redact(t.PostgresURL), t.PitstopDB, redact(t.PitstopPostgresURL))
		if err := ensureDatabases(ctx, t.PostgresURL, t.TemporalDB, t.VisibilityDB); err != nil {
			return nil, err
		}
		if err := ensureDatabases(ctx, t.PitstopPostgresURL, t.PitstopDB); err != nil {
			return nil, err
		}
	}
	tlog, err := c.logFile(logDir, "temporal-server")
	if err != nil {
		return nil, err
	}
	step("Temporal schemas: setup-schema and update-schema (temporal-server sql, the server's own tool)")
	if err := setupSchemas(ctx, o.TemporalServer, t, tlog); err != nil {
		return nil, err
	}
	confDir := filepath.Join(t.Dir, "temporal")
	if err := writeServerConfig(confDir, t); err != nil {
		return nil, err
	}
	step("starting the Temporal server on %s (PostgreSQL persistence and visibility; log %s)", t.TemporalAddress, tlog.Name())
	if err := c.spawn(ctx, "temporal-server", o.TemporalServer, []string{"start", "--config", confDir}, nil, tlog); err != nil {
		return nil, err
	}
	if err := c.waitPort(ctx, t.TemporalAddress, 90*time.Second); err != nil {
		return nil, fmt.Errorf("the Temporal server did not come up on %s: %w (log %s)", t.TemporalAddress, err, tlog.Name())
	}
	if err := prepareNamespace(ctx, t.TemporalAddress, c.dead); err != nil {
		return nil, fmt.Errorf("%w (log %s)", err, tlog.Name())
	}

	step("outside parties: the fakes of Twilio, Mailgun, ACSES, remote-diagnose and Incadea (as in make run)")
	fakes, stopFakes, err := devstack.StartOutside(c.Cfg)
	if err != nil {
		return nil, err
	}
	c.Fakes = fakes
	c.cleanup = append(c.cleanup, stopFakes)

	step("Pitstop database %s: applying its migrations (once, before any API or worker starts)", redact(t.DatabaseURL()))
	log := app.NewLogger(c.Cfg.LogLevel)
	a, err := app.OpenMigrated(ctx, c.Cfg, log, func(msg string) { step("migrate: %s", msg) })
	if err != nil {
		return nil, err
	}
	c.cleanup = append(c.cleanup, a.Close)
	c.Demo, err = devstack.StartDemo(ctx, a)
	if err != nil {
		return nil, err
	}
	if c.Token, err = a.Tokens.Mint(c.Demo.ReceptionistID, []int{c.Demo.LocationID}, 50, 24*time.Hour, time.Now()); err != nil {
		return nil, err
	}
	if t.OutboxAddr != "" {
		gin.SetMode(gin.ReleaseMode)
		r := gin.New()
		fakes.Mount(r, a.DB.Client)
		if err := c.serve(t.OutboxAddr, r); err != nil {
			return nil, err
		}
	}

	for i, w := range t.Workers {
		name := fmt.Sprintf("worker-%d", i+1)
		step("starting %s (metrics %s)", name, w.MetricsAddr)
		if err := c.spawnPitstop(ctx, o.Pitstop, name, "worker", mergeEnv(env, ProcessEnv(w)), logDir); err != nil {
			return nil, err
		}
	}
	for i, p := range t.APIs {
		name := fmt.Sprintf("api-%d", i+1)
		step("starting %s on %s (metrics %s)", name, p.HTTPAddr, p.MetricsAddr)
		if err := c.spawnPitstop(ctx, o.Pitstop, name, "api", mergeEnv(env, ProcessEnv(p)), logDir); err != nil {
			return nil, err
		}
	}
	for _, p := range t.APIs {
		if err := c.waitReady(ctx, "http://"+p.HTTPAddr+"/readyz", 60*time.Second); err != nil {
			return nil, fmt.Errorf("API %s: %w (logs in %s)", p.HTTPAddr, err, logDir)
		}
	}

	prom := o.Prometheus
	if prom == "" {
		prom, _ = exec.LookPath("prometheus")
	}
	if prom != "" && prom != "-" && t.PrometheusAddr != "" {
		if err := c.startPrometheus(ctx, prom, logDir); err != nil {
			return nil, err
		}
		step("Prometheus on http://%s, scraping the Temporal server, %d APIs and %d workers", t.PrometheusAddr, len(t.APIs), len(t.Workers))
	} else {
		step("Prometheus is not installed (Debian: apt-get install --no-install-recommends prometheus): running without it")
	}
	return c, nil
}

// Wait returns when ctx ends or a process of the cluster exits by itself
// (with its name).
func (c *Cluster) Wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return nil
	case name := <-c.exited:
		return fmt.Errorf("%s exited (its log is in %s)", name, filepath.Join(c.Topology.Dir, "logs"))
	}
}

// Stop interrupts the processes in the reverse order of their start
// (Prometheus, APIs, workers, the Temporal server), each given 15 s before
// it is killed, then stops the fakes. The error names each process that did
// not exit cleanly (status 0 after SIGTERM, as Ctrl-C).
func (c *Cluster) Stop() error {
	var unclean []string
	for i := len(c.procs) - 1; i >= 0; i-- {
		p := c.procs[i]
		p.meant.Store(true)
		devstack.StopProcess(p.cmd.Process, syscall.SIGTERM, p.done, 15*time.Second)
		if p.err != nil {
			unclean = append(unclean, fmt.Sprintf("%s: %v", p.name, p.err))
		}
	}
	c.procs = nil
	for i := len(c.cleanup) - 1; i >= 0; i-- {
		c.cleanup[i]()
	}
	c.cleanup = nil
	if len(unclean) > 0 {
		return fmt.Errorf("not stopped cleanly: %s", strings.Join(unclean, "; "))
	}
	return nil
}

// dead names the processes that have exited (nil: all run).
func (c *Cluster) dead() error {
	var names []string
	for _, p := range c.procs {
		if p.meant.Load() {
			continue
		}
		select {
		case <-p.done:
			names = append(names, p.name)
		default:
		}
	}
	if len(names) > 0 {
		return fmt.Errorf("%s exited", strings.Join(names, ", "))
	}
	return nil
}

// Processes are the names of the running processes, in start order.
func (c *Cluster) Processes() []string {
	var names []string
	for _, p := range c.procs {
		names = append(names, p.name)
	}
	return names
}

func (c *Cluster) logFile(dir, name string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, name+".log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	c.cleanup = append(c.cleanup, func() { f.Close() })
	return f, nil
}

func (c *Cluster) spawnPitstop(ctx context.Context, bin, name, sub string, env map[string]string, logDir string) error {
	f, err := c.logFile(logDir, name)
	if err != nil {
		return err
	}
	return c.spawn(ctx, name, bin, []string{sub}, env, f)
}

// spawn starts a process in its own process group, so a Ctrl-C reaches it
// only through Stop, in order.
func (c *Cluster) spawn(_ context.Context, name, bin string, args []string, env map[string]string, logs *os.File) error {
	p, err := c.run(name, bin, args, env, logs)
	if err != nil {
		return err
	}
	c.procs = append(c.procs, p)
	return nil
}

func (c *Cluster) run(name, bin string, args []string, env map[string]string, logs *os.File) (*proc, error) {
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logs, logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if env != nil {
		cmd.Env = environ(env)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, done: make(chan struct{}), bin: bin, args: args, env: env, logs: logs}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
		if p.meant.Load() {
			return
		}
		select {
		case c.exited <- name:
		default:
		}
	}()
	return p, nil
}

func (c *Cluster) serve(addr string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	c.cleanup = append(c.cleanup, func() { _ = srv.Close() })
	return nil
}

// waitPort waits until addr accepts connections or a process exits.
func (c *Cluster) waitPort(ctx context.Context, addr string, limit time.Duration) error {
	return c.poll(ctx, limit, func() bool {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			conn.Close()
		}
		return err == nil
	})
}

// waitReady waits until url answers 200.
func (c *Cluster) waitReady(ctx context.Context, url string, limit time.Duration) error {
	hc := &http.Client{Timeout: 2 * time.Second}
	return c.poll(ctx, limit, func() bool {
		res, err := hc.Get(url)
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
}

func (c *Cluster) poll(ctx context.Context, limit time.Duration, ok func() bool) error {
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			return errors.New("timed out")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case name := <-c.exited:
			return fmt.Errorf("%s exited", name)
		case <-time.After(200 * time.Millisecond):
		}
	}
	return nil
}

// startPrometheus runs Prometheus on deploy/prometheus/prometheus.yml's
// rules with the cluster's targets (PrometheusConfig).
func (c *Cluster) startPrometheus(ctx context.Context, bin, logDir string) error {
	t := c.Topology
	root, err := devstack.ModuleRoot()
	if err != nil {
		return err
	}
	dir := filepath.Join(t.Dir, "prometheus")
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		return err
	}
	conf := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(conf, []byte(PrometheusConfig(t, filepath.Join(root, "deploy", "prometheus", "alerts.yml"))), 0o644); err != nil {
		return err
	}
	f, err := c.logFile(logDir, "prometheus")
	if err != nil {
		return err
	}
	if err := c.spawn(ctx, "prometheus", bin, []string{"--config.file=" + conf, "--storage.tsdb.path=" + filepath.Join(dir, "data"),
		"--web.listen-address=" + t.PrometheusAddr}, nil, f); err != nil {
		return err
	}
	c.Prometheus = "http://" + t.PrometheusAddr
	return c.waitReady(ctx, c.Prometheus+"/-/ready", 60*time.Second)
}

// PrometheusConfig is deploy/prometheus/prometheus.yml's jobs with the
// topology's targets, plus the Temporal server's.
func PrometheusConfig(t Topology, rules string) string {
	var api, worker []string
	for _, p := range t.APIs {
		api = append(api, fmt.Sprintf("%q", p.MetricsAddr))
	}
	for _, p := range t.Workers {
		worker = append(worker, fmt.Sprintf("%q", p.MetricsAddr))
	}
	return fmt.Sprintf(`# Written by pitstop cluster (app/cluster) at each start.
global:
  scrape_interval: 15s
  evaluation_interval: 1m
rule_files:
  - %q
scrape_configs:
  - job_name: pitstop-api
    static_configs:
      - targets: [%s]
  - job_name: pitstop-worker
    static_configs:
      - targets: [%s]
  - job_name: pitstop-temporal
    static_configs:
      - targets: [%q]
`, rules, strings.Join(api, ", "), strings.Join(worker, ", "), t.TemporalMetricsAddr)
}

// SecretVars are the settings loadSecrets generates: those `pitstop api`
// and `pitstop worker` refuse at their public defaults, and the token the
// ACSES fake calls the events handler with.
var SecretVars = []string{"PITSTOP_TOKEN_SECRET", "PITSTOP_KEY_SECRET", "PITSTOP_TWILIO_AUTH_TOKEN", "PITSTOP_MAILGUN_API_KEY",
	"PITSTOP_MAILGUN_WEBHOOK_SIGNING_KEY", "PITSTOP_PAYLOAD_KEYS", "PITSTOP_ACSES_WEBHOOK_SECRET", "PITSTOP_ACSES_EVENT_TOKEN"}

// loadSecrets reads the cluster's secrets (KEY=value lines), generating
// the file with random values the first time: `pitstop api` and `pitstop
// worker` refuse the public development defaults, and every process of the
// cluster must share them (tokens, keys and payloads cross processes).
func loadSecrets(path string) (map[string]string, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		random := func(n int) string {
			b := make([]byte, n)
			_, _ = rand.Read(b)
			return hex.EncodeToString(b)
		}
		key := make([]byte, 32)
		_, _ = rand.Read(key)
		lines := []string{
			"# Generated by pitstop cluster once; every process of the cluster reads it. Delete it with the databases only:",
			"# the payload key decrypts the workflows' history.",
		}
		for _, k := range SecretVars {
			v := random(24)
			if k == "PITSTOP_PAYLOAD_KEYS" {
				v = "c1:" + base64.StdEncoding.EncodeToString(key)
			}
			lines = append(lines, k+"="+v)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
			return nil, err
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s: not KEY=value: %q", path, line)
		}
		out[k] = v
	}
	return out, sc.Err()
}

func mergeEnv(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// environ is this process's environment with env's settings on top.
func environ(env map[string]string) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := env[k]; !ok {
			out = append(out, kv)
		}
	}
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, k+"="+env[k])
	}
	return slices.Clip(out)
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

func logName(w io.Writer) string {
	if f, ok := w.(*os.File); ok {
		return f.Name()
	}
	return "above"
}

// Summary says what runs where, for people.
func (c *Cluster) Summary() string {
	t := c.Topology
	var b strings.Builder
	fmt.Fprintf(&b, "\nPitstop's cluster is running (logs in %s).\n", filepath.Join(t.Dir, "logs"))
	fmt.Fprintf(&b, "  Temporal server  %s   (PostgreSQL: %s, %s; metrics http://%s/metrics)\n", t.TemporalAddress, t.TemporalDB, t.VisibilityDB, t.TemporalMetricsAddr)
	for i, p := range t.APIs {
		fmt.Fprintf(&b, "  API %d            http://%s   (metrics http://%s/metrics)\n", i+1, p.HTTPAddr, p.MetricsAddr)
	}
	for i, p := range t.Workers {
		fmt.Fprintf(&b, "  Worker %d         metrics http://%s/metrics\n", i+1, p.MetricsAddr)
	}
	if c.Prometheus != "" {
		fmt.Fprintf(&b, "  Prometheus       %s/targets\n", c.Prometheus)
	}
	if t.OutboxAddr != "" {
		fmt.Fprintf(&b, "  Sent messages    http://%s/dev/outbox\n", t.OutboxAddr)
	}
	fmt.Fprintf(&b, "  Demo location    %d, %d appointments (database %s)\n", c.Demo.LocationID, len(c.Demo.Appointments), t.PitstopDB)
	fmt.Fprintf(&b, "  Receptionist token (24 h):\n    %s\n", c.Token)
	fmt.Fprintf(&b, "  Try: curl -H \"Authorization: Bearer $TOKEN\" \"%s/v1/appointments?dealer_location_id=%d\"\nStop with Ctrl-C.\n", t.APIBaseURL(), c.Demo.LocationID)
	return b.String()
}
