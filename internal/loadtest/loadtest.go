// Package loadtest is the HTTP load loop the read benchmarks share (api's
// BenchmarkCommunicationReadVsBareHandler, app/cluster's
// BenchmarkClusterCustomerReadVsBare, e2e's BenchmarkInspectionReadVsBareRead):
// a few clients posting the same body back to back for a while, and the
// rate and latency of their answers. A benchmark measures its read and its
// baseline with the same loop: in turns (Alternate: api's, app/cluster's)
// or one after the other (e2e's).
package loadtest

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Result is what one load gave.
type Result struct {
	// Rate is answers per second over the whole load.
	Rate float64
	// P50 and P99 are the median and 99th percentile latency of one answer.
	P50, P99 time.Duration
	// N is how many answers came.
	N int
	// Elapsed is how long the load ran; Latencies are the answers'
	// latencies, sorted (for Merge).
	Elapsed   time.Duration
	Latencies []time.Duration
}

// Merge is one Result of several loads of the same target (the rate over
// their summed time, the percentiles over all their answers).
func Merge(rs ...Result) Result {
	var m Result
	for _, r := range rs {
		m.Elapsed += r.Elapsed
		m.Latencies = append(m.Latencies, r.Latencies...)
	}
	if len(m.Latencies) == 0 {
		return m
	}
	slices.Sort(m.Latencies)
	m.N = len(m.Latencies)
	m.Rate = float64(m.N) / m.Elapsed.Seconds()
	m.P50, m.P99 = Percentile(m.Latencies, 50), Percentile(m.Latencies, 99)
	return m
}

// Alternate loads a and b in turn, turns times each for d (a first),
// and merges each one's loads: on a shared machine whose load moves, both
// see the same moments, which one long load after the other does not.
func Alternate(tb testing.TB, a, b []string, body string, n int, d time.Duration, turns int, gzip bool) (Result, Result) {
	tb.Helper()
	var as, bs []Result
	for range turns {
		as = append(as, Post(tb, a, body, n, d, gzip))
		bs = append(bs, Post(tb, b, body, n, d, gzip))
	}
	return Merge(as...), Merge(bs...)
}

// Post posts body from n clients for d, client i to urls[i%len(urls)] over
// connections it keeps (one per client), each reading the whole answer.
// gzip says whether the clients accept a gzip answer: Go's transport then
// asks for it and inflates it, so a read and its baseline pay the same
// inflating. An error or an answer other than 200 fails tb; no answer at
// all in d does too.
func Post(tb testing.TB, urls []string, body string, n int, d time.Duration, gzip bool) Result {
	tb.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: n, DisableCompression: !gzip}
	defer tr.CloseIdleConnections()
	cl := &http.Client{Transport: tr}
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	start := time.Now()
	end := start.Add(d)
	for i := range n {
		url := urls[i%len(urls)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]time.Duration, 0, 1024)
			for time.Now().Before(end) {
				t0 := time.Now()
				resp, err := cl.Post(url, "application/json", strings.NewReader(body))
				if err != nil {
					tb.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					tb.Errorf("%s: %d", url, resp.StatusCode)
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(lat) == 0 {
		tb.Fatalf("%s: no answer in %v", strings.Join(urls, ", "), d)
	}
	slices.Sort(lat)
	return Result{Rate: float64(len(lat)) / elapsed.Seconds(), P50: Percentile(lat, 50), P99: Percentile(lat, 99), N: len(lat),
		Elapsed: elapsed, Latencies: lat}
}

// Percentile is the p-th percentile of sorted (ascending, not empty).
func Percentile(sorted []time.Duration, p int) time.Duration {
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}
