package fakehttp_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/internal/fakehttp"
)

// fake is the smallest provider fake: outage first, then auth, then a fault
// check, the order the real fakes use.
type fake struct {
	base fakehttp.Base
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f.base.Unavailable(w) {
		return
	}
	if _, pass, ok := r.BasicAuth(); !ok || pass != "secret" {
		http.Error(w, `{"error":"auth"}`, http.StatusUnauthorized)
		return
	}
	if status := f.base.TakeFault(); status != 0 {
		http.Error(w, "fault", status)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// start listens with f as the handler and closes it when the test ends.
func start(t *testing.T) *fake {
	f := &fake{}
	f.base.Listen(f)
	t.Cleanup(f.base.Close)
	return f
}

func get(t *testing.T, url, pass string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	if pass != "" {
		req.SetBasicAuth("u", pass)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

func TestListenURLAndClose(t *testing.T) {
	var b fakehttp.Base
	assert.Empty(t, b.URL(), "no listener until Listen")
	b.Listen(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	require.NotEmpty(t, b.URL())
	code, _ := get(t, b.URL(), "")
	assert.Equal(t, http.StatusTeapot, code)

	url := b.URL()
	b.Close()
	_, err := http.Get(url)
	assert.Error(t, err, "listener is closed")
	b.Close() // idempotent, as tests often defer Close after closing early
}

func TestZeroBaseClosesWithoutListener(t *testing.T) {
	var b fakehttp.Base
	b.Close()
	assert.Empty(t, b.URL())
}

func TestSetDownAnswersBare503BeforeAuth(t *testing.T) {
	f := start(t)

	code, _ := get(t, f.base.URL(), "")
	assert.Equal(t, http.StatusUnauthorized, code)

	f.base.SetDown(true)
	assert.True(t, f.base.Down())
	for _, pass := range []string{"", "wrong", "secret"} {
		code, body := get(t, f.base.URL(), pass)
		assert.Equal(t, http.StatusServiceUnavailable, code, "pass %q", pass)
		assert.Equal(t, "503 Service Unavailable\n", body, "a load balancer's page, not the provider's format")
	}

	f.base.SetDown(false)
	assert.False(t, f.base.Down())
	code, _ = get(t, f.base.URL(), "secret")
	assert.Equal(t, http.StatusNoContent, code)
}

func TestOutageDoesNotUseUpFaults(t *testing.T) {
	f := start(t)
	f.base.FailNext(1, http.StatusTooManyRequests)
	f.base.SetDown(true)
	code, _ := get(t, f.base.URL(), "secret")
	assert.Equal(t, http.StatusServiceUnavailable, code)
	f.base.SetDown(false)
	code, _ = get(t, f.base.URL(), "secret")
	assert.Equal(t, http.StatusTooManyRequests, code)
}

func TestFailNextIsConsumedNTimes(t *testing.T) {
	f := start(t)

	f.base.FailNext(2, http.StatusInternalServerError)
	code, _ := get(t, f.base.URL(), "bad")
	assert.Equal(t, http.StatusUnauthorized, code, "a rejected request does not reach the fault")
	for i := 0; i < 2; i++ {
		code, _ := get(t, f.base.URL(), "secret")
		assert.Equal(t, http.StatusInternalServerError, code, "request %d", i)
	}
	code, _ = get(t, f.base.URL(), "secret")
	assert.Equal(t, http.StatusNoContent, code)
}

func TestFailNextReplacesWhatIsLeft(t *testing.T) {
	var b fakehttp.Base
	b.FailNext(5, http.StatusInternalServerError)
	assert.Equal(t, http.StatusInternalServerError, b.TakeFault())
	b.FailNext(1, http.StatusServiceUnavailable)
	assert.Equal(t, http.StatusServiceUnavailable, b.TakeFault())
	assert.Zero(t, b.TakeFault())
	b.FailNext(0, http.StatusInternalServerError)
	assert.Zero(t, b.TakeFault())
}

func TestTakeFaultConcurrentlyHandsOutExactlyN(t *testing.T) {
	var b fakehttp.Base
	b.FailNext(50, http.StatusBadGateway)
	var got atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if b.TakeFault() == http.StatusBadGateway {
				got.Add(1)
			}
		}()
	}
	wg.Wait()
	assert.EqualValues(t, 50, got.Load())
}

func TestCloseCancelsAndWaitsForBackgroundWork(t *testing.T) {
	var b fakehttp.Base
	started := make(chan struct{})
	var finished atomic.Bool
	require.True(t, b.Go(func(ctx context.Context) {
		close(started)
		<-ctx.Done()
		time.Sleep(20 * time.Millisecond) // cleanup Close must wait for
		finished.Store(true)
	}))
	<-started
	b.Close()
	assert.True(t, finished.Load(), "Close returned before the goroutine finished")
}

func TestGoAfterCloseDoesNotRun(t *testing.T) {
	var b fakehttp.Base
	b.Close()
	ran := make(chan struct{}, 1)
	assert.False(t, b.Go(func(context.Context) { ran <- struct{}{} }))
	time.Sleep(10 * time.Millisecond)
	assert.Empty(t, ran)
}

func TestGoRacingClose(t *testing.T) {
	// Under -race this checks Go's wg.Add never races Close's wg.Wait.
	var b fakehttp.Base
	var ran, done atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.Go(func(ctx context.Context) {
				ran.Add(1)
				<-ctx.Done()
				done.Add(1)
			})
		}()
	}
	b.Close()
	assert.Equal(t, ran.Load(), done.Load(), "every started goroutine finished before Close returned")
	wg.Wait()
}

func TestDeliver(t *testing.T) {
	var status atomic.Int32
	status.Store(http.StatusNoContent)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(int(status.Load())) }))
	defer rcv.Close()
	post := func() error {
		req, err := http.NewRequest(http.MethodPost, rcv.URL, nil)
		require.NoError(t, err)
		return fakehttp.Deliver(rcv.Client(), req, "somefake")
	}

	assert.NoError(t, post())
	status.Store(http.StatusInternalServerError)
	assert.EqualError(t, post(), "somefake: webhook replied 500")
	status.Store(http.StatusFound)
	assert.EqualError(t, post(), "somefake: webhook replied 302", "only 2xx counts as delivered")

	rcv.Close()
	err := post()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "somefake", "transport errors come back as they are")
}
