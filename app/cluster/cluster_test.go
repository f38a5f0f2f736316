package cluster_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/app/cluster"
	"github.com/pitstop-dev/pitstop/app/devstack"
)

// `make cluster-test` (CI: .ci/run): the cluster starts from the binaries
// (bin/temporal-server, bin/pitstop) on free ports and databases of its own,
// one demo appointment walks through it over HTTP only, answered on the
// second API and followed on the first, its messages reach the fake
// providers, Prometheus scrapes every process, and it stops cleanly.
func TestClusterServesAnAppointmentsWalk(t *testing.T) {
	server, pitstop := binaries(t)
	topo := testTopology(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var progress bytes.Buffer
	c, err := cluster.Start(ctx, cluster.Options{Topology: topo, Pitstop: pitstop, TemporalServer: server, Out: &progress})
	require.NoError(t, err, "progress:\n%s\nlogs in %s", progress.String(), topo.Dir)
	stopped := false
	defer func() {
		if !stopped {
			_ = c.Stop()
		}
	}()
	want := []string{"temporal-server", "worker-1", "worker-2", "api-1", "api-2"}
	if c.Prometheus != "" {
		want = append(want, "prometheus")
	}
	require.Equal(t, want, c.Processes())

	api1, api2 := "http://"+topo.APIs[0].HTTPAddr, "http://"+topo.APIs[1].HTTPAddr
	ap := c.Demo.Appointments[0].AppointmentID
	// The check-in went out through a worker to the fake Mailgun.
	var key string
	require.Eventually(t, func() bool {
		for _, m := range c.Fakes.Mailgun.Messages() {
			if len(m.To) > 0 && m.To[0] == "jan.devries@example.com" {
				if k := linkKey.FindStringSubmatch(m.Text); k != nil {
					key = k[1]
				}
			}
		}
		return key != ""
	}, 60*time.Second, 100*time.Millisecond, "no check-in email with a customer link")

	// The customer opens the link and answers, on the second API.
	var view struct {
		Status         int `json:"status"`
		CheckInResults []struct {
			ID int `json:"id"`
		} `json:"check_in_results"`
		Agreements []struct {
			ID int `json:"id"`
		} `json:"agreements"`
	}
	code, body := call(t, api2, "POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, view.CheckInResults, 2, string(body))
	answer := map[string]any{
		"key": key, "customer_name": "Jan de Vries", "correct_phone": "+31611111111",
		"results":       []map[string]any{{"id": view.CheckInResults[0].ID, "accepted": true}, {"id": view.CheckInResults[1].ID, "accepted": false}},
		"agreement_ids": []int{view.Agreements[0].ID}, "preferred_communication_channel": 2, "drop_in_acses_locker": false,
	}
	code, body = call(t, api2, "POST", "/v1/online_checkin/answer", "", answer, nil)
	require.Equal(t, http.StatusOK, code, string(body))

	// The receptionist, on the first API, sees the car in the workshop...
	stage := func() string {
		var list struct {
			Appointments []struct {
				ID             int    `json:"id"`
				LifecycleStage string `json:"lifecycle_stage"`
			} `json:"appointments"`
		}
		call(t, api1, "GET", fmt.Sprintf("/v1/appointments?dealer_location_id=%d", c.Demo.LocationID), c.Token, nil, &list)
		for _, a := range list.Appointments {
			if a.ID == ap {
				return a.LifecycleStage
			}
		}
		return ""
	}
	require.Eventually(t, func() bool { return stage() == "in_workshop" }, 60*time.Second, 200*time.Millisecond, "stage %q", stage())
	// ...sends the diagnose overview, which reaches the customer through a
	// worker, and completes the appointment.
	mails := countMails(c, "jan.devries@example.com")
	code, body = call(t, api1, "POST", fmt.Sprintf("/v1/appointments/%d/diagnose_overview/send", ap), c.Token, struct{}{}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Eventually(t, func() bool { return countMails(c, "jan.devries@example.com") > mails }, 60*time.Second, 100*time.Millisecond)
	code, body = call(t, api1, "POST", fmt.Sprintf("/v1/appointments/%d/complete", ap), c.Token, struct{}{}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Eventually(t, func() bool { return stage() == "completed" }, 60*time.Second, 200*time.Millisecond, "stage %q", stage())

	// Prometheus (where installed) scrapes the server and every process.
	if c.Prometheus != "" {
		var targets struct {
			Data struct {
				ActiveTargets []struct {
					ScrapeURL string `json:"scrapeUrl"`
				} `json:"activeTargets"`
			} `json:"data"`
		}
		var urls []string
		require.Eventually(t, func() bool {
			code, _ := call(t, c.Prometheus, "GET", "/api/v1/targets", "", nil, &targets)
			urls = nil
			for _, tg := range targets.Data.ActiveTargets {
				urls = append(urls, tg.ScrapeURL)
			}
			return code == http.StatusOK && len(urls) >= 5
		}, 30*time.Second, 200*time.Millisecond, "Prometheus' targets: %v", urls)
		wantURLs := []string{"http://" + topo.TemporalMetricsAddr + "/metrics"}
		for _, p := range append(append([]cluster.Process{}, topo.APIs...), topo.Workers...) {
			wantURLs = append(wantURLs, "http://"+p.MetricsAddr+"/metrics")
		}
		require.ElementsMatch(t, wantURLs, urls)
	}

	// Ctrl-C: every process exits with status 0.
	stopped = true
	require.NoError(t, c.Stop())
	for _, p := range topo.APIs {
		_, err := net.DialTimeout("tcp", p.HTTPAddr, time.Second)
		require.Error(t, err, "API %s still listens after Stop", p.HTTPAddr)
	}
}

// binaries are bin/temporal-server and the pitstop binary the processes
// run: $PITSTOP_BIN (make cluster-test and make chaos pass bin/pitstop,
// built once), else built here.
func binaries(t testing.TB) (server, pitstop string) {
	t.Helper()
	server, err := cluster.FindTemporalServer()
	require.NoError(t, err, "make cluster-test builds bin/temporal-server")
	pitstop = os.Getenv("PITSTOP_BIN")
	if pitstop == "" {
		root, err := devstack.ModuleRoot()
		require.NoError(t, err)
		pitstop = filepath.Join(t.TempDir(), "pitstop")
		build := exec.Command("go", "build", "-o", pitstop, "./cmd/pitstop")
		build.Dir = root
		out, err := build.CombinedOutput()
		require.NoError(t, err, string(out))
	}
	return server, pitstop
}

var linkKey = regexp.MustCompile(`#!/([A-Za-z0-9_-]{43})`)

func countMails(c *cluster.Cluster, to string) int {
	n := 0
	for _, m := range c.Fakes.Mailgun.Messages() {
		if len(m.To) > 0 && m.To[0] == to {
			n++
		}
	}
	return n
}

func call(t testing.TB, base, method, path, token string, in, out any) (int, []byte) {
	t.Helper()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		require.NoError(t, err)
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, base+path, body)
	require.NoError(t, err)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	if out != nil && res.StatusCode == http.StatusOK {
		require.NoError(t, json.Unmarshal(b, out), string(b))
	}
	return res.StatusCode, b
}

// testTopology is the default shape on free ports (a `make cluster` or `make
// run` may be running) with databases of its own, dropped first.
func testTopology(t testing.TB) cluster.Topology {
	t.Helper()
	t.Setenv("PITSTOP_LOG_LEVEL", "warn")
	topo := cluster.Default(t.TempDir())
	// Names of this run's own (two `make test` may run at once), dropped after.
	sfx := fmt.Sprintf("_clustertest_%d", os.Getpid())
	topo.TemporalDB, topo.VisibilityDB, topo.PitstopDB = "temporal"+sfx, "temporal_visibility"+sfx, "pitstop"+sfx
	drop := func() {
		admin, err := sql.Open("postgres", topo.PostgresURL)
		require.NoError(t, err)
		defer admin.Close()
		for _, db := range []string{topo.TemporalDB, topo.VisibilityDB, topo.PitstopDB} {
			_, err := admin.Exec(`DROP DATABASE IF EXISTS "` + db + `" WITH (FORCE)`)
			require.NoError(t, err)
		}
	}
	drop()
	t.Cleanup(drop)
	// The Temporal server's ports spread from 300 below to 10 above its
	// frontend's (Topology.Ports): take a free block.
	base := freeBlock(t, 320)
	topo.TemporalAddress = fmt.Sprintf("127.0.0.1:%d", base+300)
	next := base + 311
	port := func() string {
		next++
		return fmt.Sprintf("127.0.0.1:%d", next)
	}
	topo.TemporalMetricsAddr = port()
	for i := range topo.APIs {
		topo.APIs[i] = cluster.Process{HTTPAddr: port(), MetricsAddr: port()}
	}
	for i := range topo.Workers {
		topo.Workers[i] = cluster.Process{MetricsAddr: port()}
	}
	topo.PrometheusAddr, topo.OutboxAddr = port(), port()
	// The fakes of the outside parties, as the processes see them.
	for _, v := range []string{"PITSTOP_TWILIO_BASE_URL", "PITSTOP_MAILGUN_BASE_URL", "PITSTOP_INCADEA_BASE_URL", "PITSTOP_REMOTEDIAG_BASE_URL", "PITSTOP_ACSES_BASE_URL"} {
		t.Setenv(v, "http://"+port())
	}
	return topo
}

// freeBlock finds n consecutive free ports on 127.0.0.1 below Linux's
// ephemeral range (32768 on), where no outgoing connection takes one
// between this check and the server's listen, and returns the first.
func freeBlock(t testing.TB, n int) int {
	t.Helper()
	for range 50 {
		base := 10000 + rand.IntN(32768-10000-n)
		free := true
		for p := base; p < base+n && free; p++ {
			ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
			if err != nil {
				free = false
				break
			}
			ln.Close()
		}
		if free {
			return base
		}
	}
	t.Fatal("no free block of ports")
	return 0
}
