//go:build chaos

package cluster_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lib/pq"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"

	"github.com/pitstop-dev/pitstop/app/cluster"
	"github.com/pitstop-dev/pitstop/app/seed"
	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/loadtest"
)

// `make chaos` (CI: .ci/run, after make test): the cluster of `make
// cluster` on free ports, Pitstop's database on a PostgreSQL instance of
// the test's own (initdb/pg_ctl, its own port and directory: the shared
// PostgreSQL only holds the Temporal server's databases, dropped at the
// end), and four faults in turn, each with PITSTOP_CHAOS_LIFECYCLES
// (default 200) appointment lifecycles in flight: work orders pushed by
// Carsys, check-ins going out through the workers to the fake providers,
// customers answering (alternating between the two APIs, retrying on the
// other one), receptionists completing. The faults:
//
//   - kill -9 of worker-1, started again 2 s later;
//   - kill -9 of api-1 while answers are in flight on it (each retried on
//     api-2), started again 2 s later;
//   - a restart of the Temporal server process (SIGTERM, start);
//   - Pitstop's PostgreSQL stopped (pg_ctl stop -m immediate: every
//     connection of every API and worker cut), started again 10 s later.
//
// After each, every lifecycle has completed, each answer is recorded
// exactly once (the communication's status and its one "answered" event),
// each message reached the fake provider exactly once (as many as the
// pilot lifecycle got, none twice), and the time until work resumed after
// the fault ended is printed with its verdict against the 10 s goal
// (printed, never asserted: the machine is shared). After the worker's
// kill, the lifecycles' histories also tell how long the activities the
// killed worker held waited for their retry (retryFigures).
func TestChaosLifecyclesSurviveFaults(t *testing.T) {
	n := 200
	if v := os.Getenv("PITSTOP_CHAOS_LIFECYCLES"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		require.NoError(t, err, "PITSTOP_CHAOS_LIFECYCLES")
		require.Positive(t, n)
	}
	faults := allFaults
	if v := os.Getenv("PITSTOP_CHAOS_FAULTS"); v != "" {
		faults = nil
		for _, name := range strings.Split(v, ",") {
			f, ok := faultByName(strings.TrimSpace(name))
			require.True(t, ok, "PITSTOP_CHAOS_FAULTS: unknown fault %q (want %s)", name, faultNames())
			faults = append(faults, f)
		}
	}
	began := time.Now()
	server, pitstop := binaries(t)
	pg := startPostgres(t)
	topo := testTopology(t)
	topo.PitstopPostgresURL = pg.url
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	var progress bytes.Buffer
	c, err := cluster.Start(ctx, cluster.Options{Topology: topo, Pitstop: pitstop, TemporalServer: server, Prometheus: "-", Out: &progress})
	require.NoError(t, err, "progress:\n%s\nlogs in %s", progress.String(), topo.Dir)
	defer func() { _ = c.Stop() }()
	db, err := sql.Open("postgres", topo.DatabaseURL())
	require.NoError(t, err)
	defer db.Close()
	h := &chaos{t: t, c: c, db: db, pg: pg, apis: []string{"http://" + topo.APIs[0].HTTPAddr, "http://" + topo.APIs[1].HTTPAddr},
		hc: &http.Client{Timeout: 60 * time.Second}}
	h.carsysAccount()
	fmt.Printf("chaos: cluster up in %.1fs (Pitstop's database on PostgreSQL %s, logs in %s)\n", time.Since(began).Seconds(), pg.dir, topo.Dir)

	// The pilot: one lifecycle without a fault tells how many text
	// messages and emails one lifecycle sends.
	pilot := h.round(0, 1, nil)
	require.NotEmpty(t, pilot.lcs)
	h.sms, h.emails = pilot.got(pilot.lcs[0])
	require.Positive(t, h.sms+h.emails, "the pilot lifecycle sent no message")
	fmt.Printf("chaos: one lifecycle (Carsys push, check-in out, answer, complete) sends %d text message(s) and %d email(s)\n", h.sms, h.emails)
	h.verify(pilot)

	rounds := []*round{pilot}
	for i, f := range faults {
		r := h.round(i+1, n, &f)
		h.verify(r)
		if f.short == "worker" {
			r.retried = h.retryFigures(r)
			fmt.Printf("chaos: round %d (%s): %s\n", r.no, f.name, r.retried)
		}
		rounds = append(rounds, r)
	}
	// No late duplicate: every round's recipients still have exactly
	// their messages.
	for _, r := range rounds {
		h.verifyMessages(r)
	}
	fmt.Printf("\nchaos: %d lifecycles per fault on the cluster (2 workers, 2 APIs, Temporal server on PostgreSQL), total %.0fs\n", n, time.Since(began).Seconds())
	fmt.Printf("%-24s %10s %10s %12s %14s %12s %s\n", "fault", "fault (s)", "resumed", "longest gap", "all done (s)", "retries", "verdict (goal: resumed <= 10 s)")
	for _, r := range rounds[1:] {
		fmt.Printf("%-24s %10.1f %10.1f %12.1f %14.1f %12d %s\n", r.fault.name, r.faultEnd.Sub(r.faultStart).Seconds(), r.resumed.Seconds(),
			r.longestGap.Seconds(), r.done.Sub(r.faultEnd).Seconds(), r.retries.Load(), verdict(r.resumed))
	}
	for _, r := range rounds[1:] {
		if r.retried != nil {
			fmt.Printf("%s: %s\n", r.fault.name, r.retried)
		}
	}
}

func verdict(resumed time.Duration) string {
	if resumed <= 10*time.Second {
		return "goal met"
	}
	return "goal missed"
}

// chaos drives the lifecycles of one cluster.
type chaos struct {
	t    *testing.T
	c    *cluster.Cluster
	db   *sql.DB
	pg   *privatePostgres
	apis []string
	hc   *http.Client
	// what one lifecycle sends (the pilot's)
	sms, emails int
	// inFlight counts answers sent to each API and not yet answered.
	inFlight [2]atomic.Int32
}

const (
	carsysUser     = "chaos-carsys"
	carsysPassword = "chaos-carsys-password"
	stageWorkshop  = "in_workshop"
	stageCompleted = "completed"
)

// carsysAccount gives the demo location a Carsys push account, as its
// dealer admin would.
func (h *chaos) carsysAccount() {
	var login struct {
		Token string `json:"token"`
	}
	code, body, err := h.do(0, "POST", "/v1/auth/login", "", map[string]string{"email": "admin@demo.pitstop.local", "password": seed.DemoPassword}, &login, nil, nil)
	require.NoError(h.t, err)
	require.Equal(h.t, http.StatusOK, code, string(body))
	code, body, err = h.do(0, "PUT", fmt.Sprintf("/v1/admin/locations/%d/carsys_account", h.c.Demo.LocationID), login.Token,
		map[string]string{"username": carsysUser, "password": carsysPassword, "dms_location_id": "CHAOS-1"}, nil, nil, nil)
	require.NoError(h.t, err)
	require.Equal(h.t, http.StatusOK, code, string(body))
}

// lifecycle is one appointment of a round, as the test follows it.
type lifecycle struct {
	i            int
	wo           string
	email, phone string
	apID         int
	err          error
}

// round is one batch of lifecycles and the fault injected meanwhile.
type round struct {
	no    int
	lcs   []*lifecycle
	fault *fault
	// figures
	faultStart, faultEnd, done time.Time
	resumed, longestGap        time.Duration
	retries                    atomic.Int64
	note                       string
	retried                    *retryFigures // the worker's kill only

	mu       sync.Mutex
	keys     map[string]string // email -> customer link key
	stages   map[int]string    // appointment -> lifecycle_stage
	sent     map[string]int    // recipient -> messages
	bodies   map[string]int    // recipient + body -> messages
	progress []time.Time       // when a message or a stage change was first seen
	answered atomic.Int32
}

func (r *round) got(l *lifecycle) (sms, emails int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sent[l.phone], r.sent[l.email]
}

func (r *round) stage(apID int) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stages[apID]
}

func (r *round) key(email string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.keys[email]
}

// round pushes n work orders and walks each lifecycle to its end while f
// (nil: none) is injected, then returns once every lifecycle completed.
func (h *chaos) round(no, n int, f *fault) *round {
	t := h.t
	r := &round{no: no, fault: f, keys: map[string]string{}, stages: map[int]string{}, sent: map[string]int{}, bodies: map[string]int{}}
	for i := range n {
		r.lcs = append(r.lcs, &lifecycle{i: i, wo: fmt.Sprintf("CH%d-%04d", no, i), email: fmt.Sprintf("chaos-%d-%04d@example.com", no, i),
			phone: fmt.Sprintf("+3162%02d%05d", no, i)})
	}
	name := "pilot"
	if f != nil {
		name = f.name
	}
	fmt.Printf("chaos: round %d (%s): %d lifecycles\n", no, name, n)
	start := time.Now()
	h.push(r)
	stop := make(chan struct{})
	watched := make(chan struct{})
	go func() { defer close(watched); h.watch(r, stop) }()
	defer func() { close(stop); <-watched }()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8) // HTTP calls at once, as a few dozen customers and receptionists would
	for _, l := range r.lcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.err = h.walk(r, l, sem)
		}()
	}
	faulted := make(chan error, 1)
	if f != nil {
		go func() { faulted <- f.inject(h, r) }()
	} else {
		faulted <- nil
	}
	wg.Wait()
	r.done = time.Now()
	require.NoError(t, <-faulted, "fault %s", name)
	var failed []string
	for _, l := range r.lcs {
		if l.err != nil {
			failed = append(failed, fmt.Sprintf("%s (appointment %d): %v", l.wo, l.apID, l.err))
		}
	}
	require.Empty(t, failed, "%d of %d lifecycles did not complete", len(failed), n)
	if f != nil {
		r.figures()
		fmt.Printf("chaos: round %d (%s): %d lifecycles done in %.1fs; fault %.1fs; work resumed %.1fs after the fault ended (%s); longest pause in progress %.1fs; all done %.1fs after the fault ended; %d requests retried%s\n",
			no, name, n, r.done.Sub(start).Seconds(), r.faultEnd.Sub(r.faultStart).Seconds(), r.resumed.Seconds(), verdict(r.resumed),
			r.longestGap.Seconds(), r.done.Sub(r.faultEnd).Seconds(), r.retries.Load(), r.note)
	}
	return r
}

// figures: resumed is from the fault's end to the first progress seen
// after it (a message at a fake provider or a stage written); longestGap is
// the longest time without progress from the fault's start on.
func (r *round) figures() {
	r.mu.Lock()
	defer r.mu.Unlock()
	sort.Slice(r.progress, func(i, j int) bool { return r.progress[i].Before(r.progress[j]) })
	r.resumed = -1
	prev := r.faultStart
	for _, at := range r.progress {
		if at.After(r.faultEnd) && r.resumed < 0 {
			r.resumed = at.Sub(r.faultEnd)
		}
		if at.After(prev) {
			if gap := at.Sub(prev); gap > r.longestGap {
				r.longestGap = gap
			}
			prev = at
		}
	}
	if r.resumed < 0 { // nothing was left to do after the fault
		r.resumed = 0
	}
}

// watch follows the fakes' messages and the lifecycles' stages (from
// Pitstop's database) every 200 ms until stop.
func (h *chaos) watch(r *round, stop <-chan struct{}) {
	mine := map[string]bool{}
	for _, l := range r.lcs {
		mine[l.email], mine[l.phone] = true, true
	}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		h.look(r, mine)
		select {
		case <-stop:
			h.look(r, mine)
			return
		case <-tick.C:
		}
	}
}

func (h *chaos) look(r *round, mine map[string]bool) {
	now := time.Now()
	sent, bodies, keys := map[string]int{}, map[string]int{}, map[string]string{}
	for _, m := range h.c.Fakes.Twilio.Messages() {
		if m.Direction != "inbound" && mine[m.To] {
			sent[m.To]++
			bodies[m.To+"\x00"+m.Body]++
		}
	}
	for _, m := range h.c.Fakes.Mailgun.Messages() {
		for _, to := range m.To {
			if !mine[to] {
				continue
			}
			sent[to]++
			bodies[to+"\x00"+m.Subject+"\x00"+m.Text]++
			if _, ok := keys[to]; !ok {
				if k := linkKey.FindStringSubmatch(m.Text); k != nil {
					keys[to] = k[1]
				}
			}
		}
	}
	var ids []int64
	for _, l := range r.lcs {
		if l.apID != 0 {
			ids = append(ids, int64(l.apID))
		}
	}
	stages := map[int]string{}
	if len(ids) > 0 {
		// Fails while the database is cut off: the stages stay as last seen.
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		rows, err := h.db.QueryContext(ctx, `SELECT id, lifecycle_stage FROM appointments WHERE id = ANY($1)`, pq.Array(ids))
		if err == nil {
			for rows.Next() {
				var id int
				var st string
				if rows.Scan(&id, &st) == nil {
					stages[id] = st
				}
			}
			rows.Close()
		}
		cancel()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for to, k := range sent {
		if k > r.sent[to] {
			r.progress = append(r.progress, now)
		}
	}
	r.sent, r.bodies = sent, bodies
	for to, k := range keys {
		r.keys[to] = k
	}
	for id, st := range stages {
		if r.stages[id] != st {
			r.stages[id] = st
			r.progress = append(r.progress, now)
		}
	}
}

// push sends the round's work orders as Carsys does, in batches of 50.
func (h *chaos) push(r *round) {
	at := time.Now().Add(2 * 24 * time.Hour).UTC().Truncate(time.Minute).Format(time.RFC3339) // check-in due at once (3 days prior)
	byWO := map[string]*lifecycle{}
	for start := 0; start < len(r.lcs); start += 50 {
		var batch []map[string]any
		for _, l := range r.lcs[start:min(start+50, len(r.lcs))] {
			byWO[l.wo] = l
			batch = append(batch, map[string]any{
				"wo_nr": l.wo, "dms_nr": l.wo, "appointment_date": at,
				"interventions": []map[string]any{{"dms_nr": "J1", "title": "Service", "price": 149.5}},
				"car":           map[string]any{"dms_nr": "C" + l.wo, "make": "Peugeot", "model": "208", "registration": fmt.Sprintf("CH-%d-%04d", r.no, l.i), "driver_id": "D" + l.wo},
				"driver": map[string]any{"id": "D" + l.wo, "first_name": "Chaos", "last_name": fmt.Sprintf("Driver %d", l.i),
					"email_private": l.email, "mobile_private": l.phone},
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
		basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(carsysUser+":"+carsysPassword))
		code, body, err := h.retry(r, start/50, "POST", "/v1/carsys/workorders", "", batch, &res, http.Header{"Authorization": {basic}}, nil)
		require.NoError(h.t, err)
		require.Equal(h.t, http.StatusOK, code, string(body))
		for _, it := range res.Results {
			require.True(h.t, it.Accepted, "%s: %v", it.WONr, it.Errors)
			byWO[it.WONr].apID = it.AppointmentID
		}
	}
	for _, l := range r.lcs {
		require.NotZero(h.t, l.apID, "%s: no appointment", l.wo)
	}
}

// walk is one lifecycle: the check-in reaches the customer, who answers
// (through API i%2, retried on the other), the car is in the workshop, the
// receptionist completes it.
func (h *chaos) walk(r *round, l *lifecycle, sem chan struct{}) error {
	deadline := time.Now().Add(6 * time.Minute)
	wait := func(what string, ok func() bool) error {
		for !ok() {
			if time.Now().After(deadline) {
				sms, emails := r.got(l)
				return fmt.Errorf("waited too long for %s (stage %q, %d text messages, %d emails)", what, r.stage(l.apID), sms, emails)
			}
			time.Sleep(100 * time.Millisecond)
		}
		return nil
	}
	if err := wait("the check-in email", func() bool { return r.key(l.email) != "" }); err != nil {
		return err
	}
	sem <- struct{}{}
	code, body, err := h.retry(r, l.i, "POST", "/v1/online_checkin/answer", "",
		map[string]any{"key": r.key(l.email), "customer_name": fmt.Sprintf("Chaos Driver %d", l.i)}, nil, nil, &h.inFlight)
	<-sem
	if err != nil || code != http.StatusOK {
		return fmt.Errorf("answer: %d %s %v", code, body, err)
	}
	r.answered.Add(1)
	if err := wait("the workshop stage", func() bool { return r.stage(l.apID) == stageWorkshop || r.stage(l.apID) == stageCompleted }); err != nil {
		return err
	}
	sem <- struct{}{}
	code, body, err = h.retry(r, l.i, "POST", fmt.Sprintf("/v1/appointments/%d/complete", l.apID), h.c.Token, struct{}{}, nil, nil, nil)
	<-sem
	if err != nil || code != http.StatusOK {
		return fmt.Errorf("complete: %d %s %v", code, body, err)
	}
	return wait("the completed stage", func() bool { return r.stage(l.apID) == stageCompleted })
}

// retry sends a request to API i%2 and, on a broken connection or a 5xx
// (an API killed, a database cut off, an update that waited too long),
// to the other API, until it gets another answer or 5 minutes passed.
func (h *chaos) retry(r *round, i int, method, path, token string, in, out any, header http.Header, inFlight *[2]atomic.Int32) (int, []byte, error) {
	deadline := time.Now().Add(5 * time.Minute)
	api := i % 2
	for {
		code, body, err := h.do(api, method, path, token, in, out, header, inFlight)
		if err == nil && code < 500 {
			return code, body, nil
		}
		if time.Now().After(deadline) {
			return code, body, fmt.Errorf("still failing after 5 minutes: %v", err)
		}
		r.retries.Add(1)
		api = 1 - api
		time.Sleep(200 * time.Millisecond)
	}
}

// do sends one request to API api; inFlight (optional) counts it from the
// moment it is written until its answer.
func (h *chaos) do(api int, method, path, token string, in, out any, header http.Header, inFlight *[2]atomic.Int32) (int, []byte, error) {
	b, err := json.Marshal(in)
	if err != nil {
		return 0, nil, err
	}
	ctx := context.Background()
	var wrote atomic.Bool
	if inFlight != nil {
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) {
			wrote.Store(true)
			inFlight[api].Add(1)
		}})
		defer func() {
			if wrote.Load() {
				inFlight[api].Add(-1)
			}
		}()
	}
	req, err := http.NewRequestWithContext(ctx, method, h.apis[api]+path, bytes.NewReader(b))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header[k] = v
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := h.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, body, err
	}
	if out != nil && res.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, out); err != nil {
			return res.StatusCode, body, err
		}
	}
	return res.StatusCode, body, nil
}

// verify checks a finished round in Pitstop's database and at the fakes.
func (h *chaos) verify(r *round) {
	t := h.t
	ids := make([]int64, len(r.lcs))
	for i, l := range r.lcs {
		ids[i] = int64(l.apID)
	}
	ctx := context.Background()
	// Every lifecycle completed; each answer recorded once: the
	// communication answered, one "answered" event.
	rows, err := h.db.QueryContext(ctx, `SELECT a.id, a.lifecycle_stage, c.status,
			(SELECT count(*) FROM communication_events e WHERE e.customer_communication_id = c.id AND e.type = $2),
			(SELECT count(*) FROM customer_communications c2 WHERE c2.appointment_id = a.id)
		FROM appointments a JOIN customer_communications c ON c.appointment_id = a.id WHERE a.id = ANY($1)`,
		pq.Array(ids), int(enums.CommunicationEventTypeOnlineCheckInAnswered))
	require.NoError(t, err)
	seen := 0
	for rows.Next() {
		var id, status, answeredEvents, coms int
		var stage string
		require.NoError(t, rows.Scan(&id, &stage, &status, &answeredEvents, &coms))
		seen++
		require.Equal(t, stageCompleted, stage, "appointment %d", id)
		require.Equal(t, 1, coms, "appointment %d: communications", id)
		require.Equal(t, int(enums.CommunicationStatusCheckInAnswered), status, "appointment %d: the answer is lost", id)
		require.Equal(t, 1, answeredEvents, "appointment %d: answered events (0: lost, 2 or more: applied twice)", id)
	}
	require.NoError(t, rows.Err())
	rows.Close()
	require.Equal(t, len(r.lcs), seen, "appointments with their communication")
	if r.no > 0 {
		h.verifyMessages(r)
	}
}

// verifyMessages: each recipient got exactly the pilot's messages (waiting
// up to a minute for the last ones: a delivery may end after the stage),
// and no message twice.
func (h *chaos) verifyMessages(r *round) {
	mine := map[string]bool{}
	for _, l := range r.lcs {
		mine[l.email], mine[l.phone] = true, true
	}
	deadline := time.Now().Add(time.Minute)
	for {
		h.look(r, mine)
		short := 0
		for _, l := range r.lcs {
			sms, emails := r.got(l)
			require.LessOrEqual(h.t, sms, h.sms, "%s: %d text messages, want %d: a message went out twice", l.phone, sms, h.sms)
			require.LessOrEqual(h.t, emails, h.emails, "%s: %d emails, want %d: a message went out twice", l.email, emails, h.emails)
			if sms < h.sms || emails < h.emails {
				short++
			}
		}
		if short == 0 {
			break
		}
		require.False(h.t, time.Now().After(deadline), "%d of %d lifecycles lack messages a minute after they completed", short, len(r.lcs))
		time.Sleep(200 * time.Millisecond)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, v := range r.bodies {
		require.Equal(h.t, 1, v, "the same message reached %s %d times", strings.SplitN(k, "\x00", 2)[0], v)
	}
}

// fault is one fault: inject waits for the moment (work in flight), does
// it, sets the round's faultStart and faultEnd.
type fault struct {
	short, name string
	inject      func(h *chaos, r *round) error
}

var allFaults = []fault{
	{"worker", "kill -9 worker", killWorker},
	{"api", "kill -9 API mid-answer", killAPI},
	{"temporal", "restart Temporal server", restartTemporal},
	{"postgres", "PostgreSQL cut 10 s", cutPostgres},
}

func faultByName(name string) (fault, bool) {
	for _, f := range allFaults {
		if f.short == name {
			return f, true
		}
	}
	return fault{}, false
}

func faultNames() string {
	var names []string
	for _, f := range allFaults {
		names = append(names, f.short)
	}
	return strings.Join(names, ", ")
}

// midway waits until a quarter of the round's answers are in, so check-ins
// are going out, answers arriving and lifecycles completing.
func midway(r *round) error {
	deadline := time.Now().Add(5 * time.Minute)
	for int(r.answered.Load()) < max(1, len(r.lcs)/4) {
		if time.Now().After(deadline) {
			return errors.New("the round never got a quarter of its answers")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}

func killWorker(h *chaos, r *round) error {
	if err := midway(r); err != nil {
		return err
	}
	r.faultStart = time.Now()
	if err := h.c.Kill("worker-1"); err != nil {
		return err
	}
	time.Sleep(2 * time.Second)
	if err := h.c.Restart(context.Background(), "worker-1"); err != nil {
		return err
	}
	r.faultEnd = time.Now()
	return nil
}

func killAPI(h *chaos, r *round) error {
	if err := midway(r); err != nil {
		return err
	}
	// Mid-answer: an answer's request has been written to api-1 and waits
	// for its outcome.
	deadline := time.Now().Add(2 * time.Minute)
	for h.inFlight[0].Load() == 0 {
		if time.Now().After(deadline) {
			return errors.New("no answer was ever in flight on api-1")
		}
		time.Sleep(time.Millisecond)
	}
	cut := h.inFlight[0].Load()
	r.faultStart = time.Now()
	if err := h.c.Kill("api-1"); err != nil {
		return err
	}
	// The clients retry on api-2 at once: the fault, for them, ends here.
	r.faultEnd = time.Now()
	r.note = fmt.Sprintf("; %d answer(s) in flight on api-1 when it was killed", cut)
	time.Sleep(2 * time.Second)
	return h.c.Restart(context.Background(), "api-1")
}

func restartTemporal(h *chaos, r *round) error {
	if err := midway(r); err != nil {
		return err
	}
	r.faultStart = time.Now()
	if err := h.c.Terminate("temporal-server", 15*time.Second); err != nil {
		return err
	}
	stopped := time.Now()
	if err := h.c.Restart(context.Background(), "temporal-server"); err != nil {
		return err
	}
	r.faultEnd = time.Now()
	r.note = fmt.Sprintf("; the server took %.1fs to stop", stopped.Sub(r.faultStart).Seconds())
	return nil
}

func cutPostgres(h *chaos, r *round) error {
	if err := midway(r); err != nil {
		return err
	}
	r.faultStart = time.Now()
	if err := h.pg.ctl("stop", "-m", "immediate"); err != nil {
		return err
	}
	time.Sleep(10 * time.Second)
	if err := h.pg.ctl("start"); err != nil {
		return err
	}
	r.faultEnd = time.Now()
	return nil
}

// privatePostgres is a PostgreSQL instance of the test's own (initdb and
// pg_ctl of PostgreSQL 15, as the postgres user when the test runs as
// root), on its own port and directory, removed at the end.
type privatePostgres struct {
	bin, dir, port, url string
	asPostgres          bool
}

func startPostgres(t *testing.T) *privatePostgres {
	t.Helper()
	bin := os.Getenv("PITSTOP_PG_BIN")
	if bin == "" {
		bin = "/usr/lib/postgresql/15/bin"
	}
	_, err := os.Stat(filepath.Join(bin, "initdb"))
	require.NoError(t, err, "initdb of PostgreSQL 15 (set PITSTOP_PG_BIN to another bin directory)")
	dir, err := os.MkdirTemp("", "pitstop-chaos-pg-")
	require.NoError(t, err)
	p := &privatePostgres{bin: bin, dir: dir, asPostgres: os.Geteuid() == 0}
	t.Cleanup(func() {
		_ = p.ctl("stop", "-m", "immediate")
		_ = os.RemoveAll(dir)
	})
	if p.asPostgres { // initdb refuses to run as root
		u, err := user.Lookup("postgres")
		require.NoError(t, err, "running as root: initdb must run as the postgres user")
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		require.NoError(t, os.Chmod(dir, 0o700))
		require.NoError(t, os.Chown(dir, uid, gid))
	}
	out, err := p.cmd(filepath.Join(bin, "initdb"), "-D", filepath.Join(dir, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8",
		"--no-locale", "--no-sync").CombinedOutput()
	require.NoError(t, err, string(out))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p.port = strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	p.url = "postgres://postgres@127.0.0.1:" + p.port + "/postgres?sslmode=disable"
	require.NoError(t, p.ctl("start"))
	return p
}

func (p *privatePostgres) cmd(name string, args ...string) *exec.Cmd {
	if p.asPostgres {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	}
	return exec.Command(name, args...)
}

// ctl runs pg_ctl: start (waits until it accepts connections) or stop.
func (p *privatePostgres) ctl(action string, args ...string) error {
	full := []string{"-D", filepath.Join(p.dir, "data"), "-w", "-t", "60"}
	if action == "start" {
		// Room for every process's pool (20 each) and the test's; fsync
		// off: only the process stops, never the machine.
		full = append(full, "-l", filepath.Join(p.dir, "postgres.log"), "-o",
			"-p "+p.port+" -k "+p.dir+" -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off")
	}
	out, err := p.cmd(filepath.Join(p.bin, "pg_ctl"), append(append(full, args...), action)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl %s: %w: %s", action, err, out)
	}
	return nil
}

// retryFigures are the activities of a round that a killed worker held:
// those whose last attempt was not their first and followed an attempt
// that timed out (its worker never answered), scheduled before the
// worker came back.
type retryFigures struct {
	count int
	// from the activity's scheduling, and from the kill, to the start of
	// its retry (the attempt that completed)
	p50, max, fromKillP50, fromKillMax time.Duration
	// the retried activities' start-to-close and heartbeat timeouts, by
	// activity type
	timeouts map[string]string
	// workflow tasks that timed out (the killed worker held them, or they
	// waited on its sticky queue), by timeout type, and from their
	// scheduling to the start of the task that replaced them
	workflowTasks  map[string]int
	wftCount       int
	wftP50, wftMax time.Duration
}

func (f *retryFigures) String() string {
	within := func(d time.Duration) string {
		if d > 10*time.Second {
			return "above the 10 s goal"
		}
		return "within the 10 s goal"
	}
	var out string
	if f.count == 0 {
		out = "no activity needed a retry because of the kill"
	} else {
		var types []string
		for t, to := range f.timeouts {
			types = append(types, t+" "+to)
		}
		sort.Strings(types)
		out = fmt.Sprintf("%d activities the killed worker held were retried: from scheduling to the retry's start p50 %.1fs, max %.1fs (%s); "+
			"from the kill p50 %.1fs, max %.1fs (%s)",
			f.count, f.p50.Seconds(), f.max.Seconds(), within(f.max), f.fromKillP50.Seconds(), f.fromKillMax.Seconds(), strings.Join(types, "; "))
	}
	if f.wftCount == 0 {
		return out + "; no workflow task timed out"
	}
	var types []string
	for t, n := range f.workflowTasks {
		types = append(types, fmt.Sprintf("%d %s", n, t))
	}
	sort.Strings(types)
	return out + fmt.Sprintf("; %d workflow tasks timed out (%s; sticky schedule-to-start 2 s, start-to-close 10 s): from their scheduling to the next one's start p50 %.1fs, max %.1fs (%s)",
		f.wftCount, strings.Join(types, ", "), f.wftP50.Seconds(), f.wftMax.Seconds(), within(f.wftMax))
}

// retryFigures reads the round's appointment histories from the Temporal
// server. An activity's started event is written when the activity
// closes and carries its last attempt's number, start time and the
// failure of the attempt before (the server keeps one started event per
// activity, whatever the attempts): an attempt above 1 after a timeout,
// scheduled before the killed worker was back, is one the kill held up.
func (h *chaos) retryFigures(r *round) *retryFigures {
	t := h.t
	tc, err := client.Dial(client.Options{HostPort: h.c.Topology.TemporalAddress, Namespace: "default",
		Logger: tlog.NewStructuredLogger(slog.New(slog.DiscardHandler))})
	require.NoError(t, err)
	defer tc.Close()
	f := &retryFigures{timeouts: map[string]string{}, workflowTasks: map[string]int{}}
	var fromScheduled, fromKill, wft []time.Duration
	type scheduled struct {
		at                         time.Time
		activity, startToClose, hb string
	}
	for _, l := range r.lcs {
		byID := map[int64]scheduled{}
		wftScheduled := map[int64]time.Time{}
		var timedOut time.Time // the scheduling of a workflow task that timed out, until the next one starts
		it := tc.GetWorkflowHistory(context.Background(), contract.AppointmentWorkflowID(l.apID), "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for it.HasNext() {
			ev, err := it.Next()
			require.NoError(t, err)
			switch ev.GetEventType() {
			case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
				a := ev.GetActivityTaskScheduledEventAttributes()
				s := scheduled{at: ev.GetEventTime().AsTime(), activity: a.GetActivityType().GetName(),
					startToClose: a.GetStartToCloseTimeout().AsDuration().String()}
				if hb := a.GetHeartbeatTimeout().AsDuration(); hb > 0 {
					s.hb = ", heartbeat " + hb.String()
				}
				byID[ev.GetEventId()] = s
			case enumspb.EVENT_TYPE_ACTIVITY_TASK_STARTED:
				a := ev.GetActivityTaskStartedEventAttributes()
				s, ok := byID[a.GetScheduledEventId()]
				if !ok || a.GetAttempt() < 2 || a.GetLastFailure().GetTimeoutFailureInfo() == nil || s.at.After(r.faultEnd) {
					continue
				}
				started := ev.GetEventTime().AsTime()
				fromScheduled = append(fromScheduled, started.Sub(s.at))
				fromKill = append(fromKill, started.Sub(r.faultStart))
				f.timeouts[s.activity] = "start-to-close " + s.startToClose + s.hb
			case enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
				wftScheduled[ev.GetEventId()] = ev.GetEventTime().AsTime()
			case enumspb.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
				a := ev.GetWorkflowTaskTimedOutEventAttributes()
				at, ok := wftScheduled[a.GetScheduledEventId()]
				if !ok || at.After(r.faultEnd) {
					continue
				}
				switch a.GetTimeoutType() {
				case enumspb.TIMEOUT_TYPE_SCHEDULE_TO_START:
					f.workflowTasks["schedule-to-start"]++
				case enumspb.TIMEOUT_TYPE_START_TO_CLOSE:
					f.workflowTasks["start-to-close"]++
				default:
					f.workflowTasks[a.GetTimeoutType().String()]++
				}
				if timedOut.IsZero() {
					timedOut = at
				}
			case enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED:
				if !timedOut.IsZero() {
					wft = append(wft, ev.GetEventTime().AsTime().Sub(timedOut))
					timedOut = time.Time{}
				}
			}
		}
	}
	f.count = len(fromScheduled)
	if f.count > 0 {
		slices.Sort(fromScheduled)
		slices.Sort(fromKill)
		f.p50, f.max = loadtest.Percentile(fromScheduled, 50), fromScheduled[f.count-1]
		f.fromKillP50, f.fromKillMax = loadtest.Percentile(fromKill, 50), fromKill[f.count-1]
	}
	if f.wftCount = len(wft); f.wftCount > 0 {
		slices.Sort(wft)
		f.wftP50, f.wftMax = loadtest.Percentile(wft, 50), wft[f.wftCount-1]
	}
	return f
}
