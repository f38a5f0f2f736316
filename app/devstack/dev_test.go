package devstack

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/config"
)

// `make run` is `pitstop dev`: the Temporal dev server, the fakes, the
// embedded SQLite database with its migrations and the demo, the worker
// and the API. Every other test runs on PostgreSQL, so this one keeps the
// SQLite default starting (it once failed at the demo's dealer-event
// receiver: SQLite refuses SELECT … FOR UPDATE). Needs the Temporal CLI
// (PITSTOP_TEMPORAL_CLI or bin/temporal, as make test gives it).
func TestDevStartsOnSQLite(t *testing.T) {
	if _, err := FindTemporalCLI(); err != nil {
		t.Skipf("no Temporal CLI: %v", err)
	}
	free := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer ln.Close()
		return ln.Addr().String()
	}
	dir := t.TempDir()
	api := free()
	env := map[string]string{
		"PITSTOP_DEV_DIR":             dir,
		"PITSTOP_DATABASE_URL":        "sqlite:" + filepath.Join(dir, "pitstop.db"),
		"PITSTOP_TEMPORAL_ADDRESS":    free(),
		"PITSTOP_HTTP_ADDR":           api,
		"PITSTOP_API_BASE_URL":        "http://" + api,
		"PITSTOP_PUBLIC_BASE_URL":     "http://" + api + "/app",
		"PITSTOP_METRICS_ADDR":        "",
		"PITSTOP_LOG_LEVEL":           "warn",
		"PITSTOP_TWILIO_BASE_URL":     "http://" + free(),
		"PITSTOP_MAILGUN_BASE_URL":    "http://" + free(),
		"PITSTOP_INCADEA_BASE_URL":    "http://" + free(),
		"PITSTOP_REMOTEDIAG_BASE_URL": "http://" + free(),
		"PITSTOP_ACSES_BASE_URL":      "http://" + free(),
	}
	cfg, err := config.FromLookup(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	require.NoError(t, err)
	_, ui, _ := net.SplitHostPort(free())
	UIPort, err = strconv.Atoi(ui)
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- Run(ctx, cfg, &out) }()

	// Ready: the API answers /readyz (database and Temporal reachable)
	// and the demo's check-in went out to the fake providers.
	deadline := time.Now().Add(4 * time.Minute)
	for {
		select {
		case err := <-done:
			t.Fatalf("pitstop dev stopped before it was ready: %v\n%s", err, out.String())
		default:
		}
		res, err := http.Get("http://" + api + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		require.False(t, time.Now().After(deadline), "pitstop dev not ready in 4 minutes:\n%s", out.String())
		time.Sleep(250 * time.Millisecond)
	}
	res, err := http.Get("http://" + api + "/dev/outbox")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, "the dev outbox")

	cancel()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("pitstop dev stopped with %v\n%s", err, out.String())
		}
	case <-time.After(time.Minute):
		t.Fatalf("pitstop dev did not stop within a minute of its context ending")
	}
}

// syncBuffer is Run's progress, written by its goroutine, read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
