package dealerhook_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
	dealerhookfake "github.com/pitstop-dev/pitstop/integrations/dealerhook/fake"
)

var secret = []byte("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")

type event struct {
	Type string `json:"type"`
	RO   string `json:"repair_order"`
}

func TestDeliverToFakeReceiver(t *testing.T) {
	rcv := dealerhookfake.New(secret)
	t.Cleanup(rcv.Close)

	a, err := dealerhook.Deliver(context.Background(), rcv.URL()+"/hooks", secret, "msg_1", event{"repair_order.ready", "RO-7"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, a.StatusCode)
	assert.Positive(t, a.Duration)

	got := rcv.Received()
	require.Len(t, got, 1)
	assert.Equal(t, "msg_1", got[0].ID)
	assert.Equal(t, "application/json", got[0].Headers.Get("Content-Type"))
	assert.Equal(t, "Pitstop-Webhooks/1", got[0].Headers.Get("User-Agent"))
	var e event
	require.NoError(t, json.Unmarshal(got[0].Body, &e))
	assert.Equal(t, event{"repair_order.ready", "RO-7"}, e)
}

func TestReceiverDedupesRetries(t *testing.T) {
	rcv := dealerhookfake.New(secret)
	t.Cleanup(rcv.Close)
	rcv.FailNext(1, http.StatusServiceUnavailable)
	ctx := context.Background()

	a, err := dealerhook.Deliver(ctx, rcv.URL(), secret, "msg_1", event{Type: "x"})
	require.Error(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, a.StatusCode)
	assert.False(t, dealerhook.IsPermanent(err))

	// Temporal retries with the same id; a lost ack makes it arrive twice.
	for i := 0; i < 2; i++ {
		_, err = dealerhook.Deliver(ctx, rcv.URL(), secret, "msg_1", event{Type: "x"})
		require.NoError(t, err)
	}
	assert.Len(t, rcv.Received(), 1)
	assert.Equal(t, 1, rcv.Duplicates())
}

func TestWrongSecretIsRejectedPermanently(t *testing.T) {
	rcv := dealerhookfake.New([]byte("the-dealers-secret"))
	t.Cleanup(rcv.Close)
	a, err := dealerhook.Deliver(context.Background(), rcv.URL(), []byte("stale-secret"), "msg_1", event{})
	require.Error(t, err)
	assert.Equal(t, http.StatusUnauthorized, a.StatusCode)
	assert.True(t, dealerhook.IsPermanent(err))
	assert.Equal(t, 1, rcv.Rejected())
	assert.Empty(t, rcv.Received())
}

func TestStatusClassification(t *testing.T) {
	for status, permanent := range map[int]bool{400: true, 404: true, 410: true, 408: false, 429: false, 500: false, 503: false, 301: false} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", "http://elsewhere.invalid/")
			w.WriteHeader(status)
		}))
		a, err := dealerhook.Deliver(context.Background(), srv.URL, secret, "msg_1", event{})
		srv.Close()
		require.Error(t, err, status)
		assert.Equal(t, status, a.StatusCode, "redirects are not followed")
		assert.Equal(t, permanent, dealerhook.IsPermanent(err), status)
	}
}

func TestResponseBodyIsTruncatedAndClean(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("\x00bad\xff" + strings.Repeat("x", 10_000)))
	}))
	t.Cleanup(srv.Close)
	a, err := dealerhook.Deliver(context.Background(), srv.URL, secret, "msg_1", event{})
	require.Error(t, err)
	assert.LessOrEqual(t, len(a.ResponseBody), dealerhook.MaxResponseBody+3)
	assert.True(t, strings.HasPrefix(a.ResponseBody, "bad\uFFFDxxx"))
}

func TestTimeoutComesFromCallerAndIsTransient(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	a, err := dealerhook.Deliver(ctx, srv.URL+"/hook?token=dealer-token", secret, "msg_1", event{})
	require.Error(t, err)
	assert.Zero(t, a.StatusCode)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.False(t, dealerhook.IsPermanent(err))
	assert.NotContains(t, err.Error(), "dealer-token", "query strings may hold dealer tokens")
}

func TestBadInputIsPermanent(t *testing.T) {
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"relative url": func() error { _, err := dealerhook.Deliver(ctx, "/hook", secret, "m", event{}); return err },
		"ftp url":      func() error { _, err := dealerhook.Deliver(ctx, "ftp://x/y", secret, "m", event{}); return err },
		"no secret":    func() error { _, err := dealerhook.Deliver(ctx, "http://127.0.0.1:1", nil, "m", event{}); return err },
		"no id":        func() error { _, err := dealerhook.Deliver(ctx, "http://127.0.0.1:1", secret, "", event{}); return err },
		"bad payload": func() error {
			_, err := dealerhook.Deliver(ctx, "http://127.0.0.1:1", secret, "m", func() {})
			return err
		},
	} {
		err := call()
		require.Error(t, err, name)
		assert.True(t, dealerhook.IsPermanent(err), name)
	}
}

func TestUnreachableIsTransient(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := dealerhook.Deliver(context.Background(), url, secret, "m", event{})
	require.Error(t, err)
	assert.False(t, dealerhook.IsPermanent(err))
}
