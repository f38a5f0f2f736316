package cluster_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/pitstop-dev/pitstop/app/cluster"
	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/internal/httpgzip"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/loadtest"
	"github.com/pitstop-dev/pitstop/worker"
)

// The production shape's figures (issue #24, `make bench`): the check-in
// burst on the cluster of `make cluster` (Temporal server on PostgreSQL,
// two APIs) with one and with two workers, each against bare workflows of
// the same shape on the same server, and the customer read over HTTP on
// the two API processes against a bare handler doing the same database
// lookup and writing the same bytes. Each starts a cluster of its own on
// free ports (about 30 s); the dev-server figures are e2e's
// BenchmarkDMSBurstVsBareWorkflows and api's
// BenchmarkCommunicationReadVsBareHandler.

// clusterBurstN is how many check-ins are due at once
// (PITSTOP_CLUSTER_BURST overrides it for a quicker look).
func clusterBurstN(b *testing.B) int {
	n := 1000
	if v := os.Getenv("PITSTOP_CLUSTER_BURST"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		require.NoError(b, err, "PITSTOP_CLUSTER_BURST")
		require.Positive(b, n)
	}
	return n
}

func BenchmarkClusterBurstVsBare(b *testing.B) {
	server, pitstop := binaries(b)
	n := clusterBurstN(b)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			bc := startBenchCluster(b, server, pitstop, workers)
			for range b.N {
				bc.burst(b, n)
			}
		})
	}
}

func BenchmarkClusterCustomerReadVsBare(b *testing.B) {
	server, pitstop := binaries(b)
	bc := startBenchCluster(b, server, pitstop, len(cluster.Default("").Workers))
	// One check-in out, for a customer link to read.
	pilot := bc.pilot(b)
	for range b.N {
		bc.read(b, pilot.key)
	}
}

// benchCluster is one cluster a benchmark drives over HTTP and Temporal.
type benchCluster struct {
	c       *cluster.Cluster
	topo    cluster.Topology
	apis    []string
	workers int
	tc      client.Client
	db      *sql.DB
	hc      *http.Client
	runs    int // work-order batches pushed so far, for unique numbers
}

func startBenchCluster(b *testing.B, server, pitstop string, workers int) *benchCluster {
	topo := testTopology(b)
	topo.Workers = topo.Workers[:workers]
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var progress bytes.Buffer
	began := time.Now()
	c, err := cluster.Start(ctx, cluster.Options{Topology: topo, Pitstop: pitstop, TemporalServer: server, Prometheus: "-", Out: &progress})
	require.NoError(b, err, "progress:\n%s\nlogs in %s", progress.String(), topo.Dir)
	b.Cleanup(func() { _ = c.Stop() })
	fmt.Printf("cluster: up in %.1fs with %d worker(s) and %d APIs (logs in %s)\n", time.Since(began).Seconds(), workers, len(topo.APIs), topo.Dir)
	bc := &benchCluster{c: c, topo: topo, workers: workers, hc: &http.Client{Timeout: time.Minute}}
	for _, a := range topo.APIs {
		bc.apis = append(bc.apis, "http://"+a.HTTPAddr)
	}
	bc.tc, err = client.Dial(client.Options{HostPort: topo.TemporalAddress, Namespace: "default",
		Logger: tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))})
	require.NoError(b, err)
	b.Cleanup(bc.tc.Close)
	bc.db, err = sql.Open("postgres", topo.DatabaseURL())
	require.NoError(b, err)
	// A pool that keeps its connections, as the API's does: database/sql
	// keeps 2 idle by default (internal/store keeps 20 of 20), and the bare handler's 16 clients would
	// connect anew on most requests.
	bc.db.SetMaxOpenConns(20)
	bc.db.SetMaxIdleConns(20)
	b.Cleanup(func() { _ = bc.db.Close() })
	// The demo location gets a Carsys push account, as its dealer admin would give it.
	var login struct {
		Token string `json:"token"`
	}
	code, body := call(b, bc.apis[0], "POST", "/v1/auth/login", "", map[string]string{"email": "admin@demo.pitstop.local", "password": seed.DemoPassword}, &login)
	require.Equal(b, http.StatusOK, code, string(body))
	code, body = call(b, bc.apis[0], "PUT", fmt.Sprintf("/v1/admin/locations/%d/carsys_account", c.Demo.LocationID), login.Token,
		map[string]string{"username": benchCarsysUser, "password": benchCarsysPassword, "dms_location_id": "BENCH-1"}, nil)
	require.Equal(b, http.StatusOK, code, string(body))
	return bc
}

const (
	benchCarsysUser     = "bench-carsys"
	benchCarsysPassword = "bench-carsys-password"
)

// benchDriver is one pushed work order's driver, as the fakes see it.
type benchDriver struct {
	wo, phone, email string
	apID             int
	key              string // the check-in link's key, once seen
}

// push sends n work orders due in two days (their check-in due at once),
// as Carsys does: batches of 50, one pusher per API at a time.
func (bc *benchCluster) push(b *testing.B, n int) []*benchDriver {
	bc.runs++
	run := bc.runs
	at := time.Now().Add(2 * 24 * time.Hour).UTC().Truncate(time.Minute).Format(time.RFC3339)
	ds := make([]*benchDriver, n)
	byWO := map[string]*benchDriver{}
	for i := range ds {
		id := fmt.Sprintf("%03d%05d", run, i)
		ds[i] = &benchDriver{wo: "BE" + id, phone: "+3163" + id, email: "bench-" + id + "@example.com"}
		byWO[ds[i].wo] = ds[i]
	}
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(benchCarsysUser+":"+benchCarsysPassword))
	var batches [][]*benchDriver
	for start := 0; start < n; start += 50 {
		batches = append(batches, ds[start:min(start+50, n)])
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, len(batches))
	for p := range bc.apis {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for bi := p; bi < len(batches); bi += len(bc.apis) {
				var in []map[string]any
				for _, d := range batches[bi] {
					in = append(in, map[string]any{
						"wo_nr": d.wo, "dms_nr": d.wo, "appointment_date": at,
						"interventions": []map[string]any{{"dms_nr": "J1", "title": "Service", "price": 149.5}},
						"car":           map[string]any{"dms_nr": "C" + d.wo, "make": "Peugeot", "model": "208", "registration": "BE-" + d.wo[2:], "driver_id": "D" + d.wo},
						"driver": map[string]any{"id": "D" + d.wo, "first_name": "Bench", "last_name": "Driver " + d.wo,
							"email_private": d.email, "mobile_private": d.phone},
					})
				}
				var res struct {
					Results []struct {
						WONr          string   `json:"wo_nr"`
						Accepted      bool     `json:"accepted"`
						AppointmentID int      `json:"appointment_id"`
						Errors        []string `json:"errors"`
					} `json:"results"`
				}
				code, body, err := bc.post(bc.apis[p], "/v1/carsys/workorders", basic, in, &res)
				if err != nil || code != http.StatusOK {
					errs <- fmt.Errorf("carsys push: %d %s %v", code, body, err)
					return
				}
				mu.Lock()
				for _, it := range res.Results {
					if !it.Accepted {
						errs <- fmt.Errorf("%s: %v", it.WONr, it.Errors)
					} else {
						byWO[it.WONr].apID = it.AppointmentID
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	return ds
}

func (bc *benchCluster) post(base, path, auth string, in, out any) (int, []byte, error) {
	raw, err := json.Marshal(in)
	if err != nil {
		return 0, nil, err
	}
	req, err := http.NewRequest("POST", base+path, bytes.NewReader(raw))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", auth)
	res, err := bc.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err == nil && out != nil && res.StatusCode == http.StatusOK {
		err = json.Unmarshal(body, out)
	}
	return res.StatusCode, body, err
}

// sent counts what the fake providers accepted for each recipient, and
// notes the check-in link's key of each driver.
func (bc *benchCluster) sent(ds []*benchDriver) map[string]int {
	got := map[string]int{}
	for _, m := range bc.c.Fakes.Twilio.Messages() {
		if m.Direction != "inbound" {
			got[m.To]++
		}
	}
	keysByEmail := map[string]string{}
	for _, m := range bc.c.Fakes.Mailgun.Messages() {
		for _, to := range m.To {
			got[to]++
			if k := linkKey.FindStringSubmatch(m.Text); k != nil {
				keysByEmail[to] = k[1]
			}
		}
	}
	for _, d := range ds {
		if d.key == "" {
			d.key = keysByEmail[d.email]
		}
	}
	return got
}

// pilot pushes one work order and waits until its check-in went out and
// its workflow has nothing left to run: what one check-in sends.
type pilotRun struct {
	*benchDriver
	sms, emails int
	shape       [][]bool // activities by workflow task, true for a local one
	steps       int
}

func (bc *benchCluster) pilot(b *testing.B) pilotRun {
	d := bc.push(b, 1)[0]
	wfID := fmt.Sprintf("appointment-%d", d.apID)
	deadline := time.Now().Add(2 * time.Minute)
	var p pilotRun
	for {
		got := bc.sent([]*benchDriver{d})
		desc, err := bc.tc.DescribeWorkflowExecution(context.Background(), wfID, "")
		if err == nil && d.key != "" && len(desc.GetPendingActivities()) == 0 {
			p = pilotRun{benchDriver: d, sms: got[d.phone], emails: got[d.email]}
			break
		}
		require.False(b, time.Now().After(deadline), "the pilot's check-in did not go out (workflow %s: %v)", wfID, err)
		time.Sleep(200 * time.Millisecond)
	}
	// Settled: nothing more arrives in the next second.
	time.Sleep(time.Second)
	got := bc.sent([]*benchDriver{d})
	require.Equal(b, []int{p.sms, p.emails}, []int{got[d.phone], got[d.email]}, "the pilot's messages were still arriving")
	require.Positive(b, p.sms+p.emails, "the pilot's check-in sent no message")
	var batch []bool
	it := bc.tc.GetWorkflowHistory(context.Background(), wfID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		require.NoError(b, err)
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			if len(batch) > 0 {
				p.shape, batch = append(p.shape, batch), nil
			}
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			batch, p.steps = append(batch, false), p.steps+1
		case enumspb.EVENT_TYPE_MARKER_RECORDED:
			if ev.GetMarkerRecordedEventAttributes().GetMarkerName() == "LocalActivity" {
				batch, p.steps = append(batch, true), p.steps+1
			}
		}
	}
	if len(batch) > 0 {
		p.shape = append(p.shape, batch)
	}
	return p
}

// burst: n check-ins due at once, pushed through both APIs, until the
// fakes accepted every message; then n bare workflows of the pilot's shape
// on as many in-process workers as the cluster has, on the same server.
func (bc *benchCluster) burst(b *testing.B, n int) {
	p := bc.pilot(b)
	start := time.Now()
	ds := bc.push(b, n)
	pushed := time.Since(start)
	deadline := start.Add(30 * time.Minute)
	for {
		got, done := bc.sent(ds), 0
		for _, d := range ds {
			switch {
			case got[d.phone] > p.sms || got[d.email] > p.emails:
				b.Fatalf("%s got %d text messages and %d emails, want %d and %d: a duplicate", d.wo, got[d.phone], got[d.email], p.sms, p.emails)
			case got[d.phone] == p.sms && got[d.email] == p.emails:
				done++
			}
		}
		if done == n {
			break
		}
		require.False(b, time.Now().After(deadline), "%d of %d check-ins got all their messages in 30 minutes", done, n)
		time.Sleep(100 * time.Millisecond)
	}
	burst := time.Since(start)

	queue := fmt.Sprintf("bare-%d", bc.runs)
	for range bc.workers {
		// One client each, as separate worker processes would have.
		wc, err := client.Dial(client.Options{HostPort: bc.topo.TemporalAddress, Namespace: "default",
			Logger: tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))})
		require.NoError(b, err)
		defer wc.Close()
		// Pollers as the app's workers have them (worker.New).
		w := sdkworker.New(wc, queue, worker.WithPollers(sdkworker.Options{}))
		w.RegisterWorkflow(bareCheckIn)
		w.RegisterActivity(bareStep)
		require.NoError(b, w.Start())
		defer w.Stop()
	}
	start = time.Now()
	runs := make([]client.WorkflowRun, n)
	for i := range runs {
		var err error
		runs[i], err = bc.tc.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: fmt.Sprintf("%s-%d", queue, i), TaskQueue: queue}, bareCheckIn, p.shape)
		require.NoError(b, err)
	}
	for _, r := range runs {
		require.NoError(b, r.Get(context.Background(), nil))
	}
	bare := time.Since(start)
	ratio := bare.Seconds() / burst.Seconds()
	b.ReportMetric(burst.Seconds(), "burst_s")
	b.ReportMetric(bare.Seconds(), "bare_s")
	b.ReportMetric(ratio, "rate_x_bare")
	verdict := "goal met"
	if ratio < 0.9 {
		verdict = "short of the goal"
	}
	fmt.Printf("cluster burst, %d worker(s): %d check-ins due at once (%d text message(s) and %d email(s) each; pushed through %d APIs in %.1fs): %.1fs until every customer got exactly their messages; "+
		"%d bare workflows of the same shape (%d no-op activities in %d batches, no payload codec) on %d in-process worker(s), same server: %.1fs; ratio %.2fx (%.1f against %.1f check-ins/s; goal: at least 0.9x): %s\n",
		bc.workers, n, p.sms, p.emails, len(bc.apis), pushed.Seconds(), burst.Seconds(), n, p.steps, len(p.shape), bc.workers, bare.Seconds(), ratio,
		float64(n)/burst.Seconds(), float64(n)/bare.Seconds(), verdict)
}

func bareCheckIn(ctx workflow.Context, shape [][]bool) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
	ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: time.Minute})
	for _, batch := range shape {
		fs := make([]workflow.Future, len(batch))
		for i, local := range batch {
			if local {
				fs[i] = workflow.ExecuteLocalActivity(ctx, bareStep)
			} else {
				fs[i] = workflow.ExecuteActivity(ctx, bareStep)
			}
		}
		for _, f := range fs {
			if err := f.Get(ctx, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

func bareStep(context.Context) error { return nil }

// read: the customer read over HTTP from 16 clients, half on each API
// process, in turns with a bare handler in this process that looks the row up
// by the key's hash in the cluster's database and writes the same bytes
// (plain, or the same gzip bytes when the client accepts them).
func (bc *benchCluster) read(b *testing.B, key string) {
	body := fmt.Sprintf(`{"key":%q}`, key)
	answer := postOnce(b, bc.apis[0]+"/v1/communication/read", body)
	for _, a := range bc.apis[1:] {
		require.Equal(b, answer, postOnce(b, a+"/v1/communication/read", body), "the APIs answer different bytes")
	}
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	_, _ = zw.Write(answer)
	_ = zw.Close()
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Key string `json:"key"`
		}
		raw, err := io.ReadAll(r.Body)
		if err != nil || json.Unmarshal(raw, &req) != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		// The row's stored document, as the read looks it up. It may be
		// empty for a moment (the workflow took the customer's "opened"
		// signal and cleared it; the next read of ours rebuilds it): the
		// lookup is the work timed, the bytes written are the read's.
		var doc []byte
		if err := bc.db.QueryRowContext(r.Context(), `SELECT document FROM customer_communications WHERE customer_key_hash = $1`, keys.Hash(req.Key)).Scan(&doc); err != nil {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Vary", "Accept-Encoding")
		if httpgzip.Accepts(r.Header.Get("Accept-Encoding")) {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(zipped.Bytes())
			return
		}
		_, _ = w.Write(answer)
	}))
	defer bare.Close()
	require.Equal(b, answer, postOnce(b, bare.URL, body), "the bare handler answers other bytes")
	var ours []string
	for _, a := range bc.apis {
		ours = append(ours, a+"/v1/communication/read")
	}
	const clients, d = 16, 3 * time.Second
	for _, compressed := range []bool{false, true} {
		mode := "plain"
		if compressed {
			mode = "gzip"
		}
		loadtest.Post(b, []string{bare.URL}, body, clients, time.Second, compressed) // warm up
		loadtest.Post(b, ours, body, clients, time.Second, compressed)
		// In turns, 6 x 0.5 s each: the machine's load moves within
		// seconds, and both should see the same moments.
		bareR, readR := loadtest.Alternate(b, []string{bare.URL}, ours, body, clients, d/6, 6, compressed)
		bareRate, bareP50, bareP99 := bareR.Rate, bareR.P50, bareR.P99
		readRate, readP50, readP99 := readR.Rate, readR.P50, readR.P99
		rate, p99 := readRate/bareRate, float64(readP99)/float64(bareP99)
		b.ReportMetric(rate, mode+"_x_bare")
		b.ReportMetric(p99, mode+"_p99_x_bare")
		var missed []string
		if rate < 0.8 {
			missed = append(missed, "rate")
		}
		if p99 > 1.5 {
			missed = append(missed, "p99")
		}
		verdict := "both goals met"
		if len(missed) > 0 {
			verdict = "short of the " + strings.Join(missed, " and ") + " goal"
		}
		fmt.Printf("cluster customer read, %s, %d clients over %d API processes: %.0f/s p50 %v p99 %v | bare handler (same lookup, same bytes): %.0f/s p50 %v p99 %v | "+
			"rate %.2fx, p99 %.2fx (goals: rate >= 0.8x, p99 <= 1.5x): %s\n",
			mode, clients, len(bc.apis), readRate, readP50, readP99, bareRate, bareP50, bareP99, rate, p99, verdict)
	}
}

func postOnce(b *testing.B, url, body string) []byte {
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Post(url, "application/json", strings.NewReader(body))
	require.NoError(b, err)
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	require.NoError(b, err)
	require.Equal(b, http.StatusOK, resp.StatusCode, "%s: %s", url, got)
	return got
}
