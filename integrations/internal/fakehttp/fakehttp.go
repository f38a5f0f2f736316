// Package fakehttp is the plumbing the provider fakes (twiliofake,
// mailgunfake, dealerhookfake, ...) share, so each fake holds only what is
// particular to its provider: auth, routes, error bodies and stored state.
package fakehttp

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
)

// Base is a fake's listener, outage switch, injected faults and background
// work. The zero value is ready to use. Fakes keep it in a named, unexported
// field and wrap the methods they publish, so their public API (and its
// provider-worded doc comments) stays their own rather than gaining
// promoted methods such as Go or TakeFault.
//
// Base has its own mutex: a fake's ServeHTTP and background goroutines may
// call it with or without holding the fake's lock, and Base never calls back
// into the fake, so the two locks cannot deadlock.
type Base struct {
	wg sync.WaitGroup

	mu       sync.Mutex
	hs       *httptest.Server
	ctx      context.Context
	cancel   context.CancelFunc
	closed   bool
	down     bool
	failN    int
	failCode int
}

// Listen starts serving h on 127.0.0.1 with a random port. h is normally
// the fake itself, which is why it is not taken at construction.
func (b *Base) Listen(h http.Handler) {
	hs := httptest.NewServer(h)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.hs = hs
}

// URL is the listener's base URL, or "" when the fake is mounted elsewhere
// and Listen was never called.
func (b *Base) URL() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.hs == nil {
		return ""
	}
	return b.hs.URL
}

// Close cancels background work, waits for it to finish, then stops the
// listener. Waiting first means no delivery runs after Close returns, so
// a test's receiver can be torn down safely.
func (b *Base) Close() {
	b.mu.Lock()
	b.closed = true // from here Go refuses, so wg.Add never races wg.Wait
	b.initLocked()
	cancel, hs := b.cancel, b.hs
	b.mu.Unlock()
	cancel()
	b.wg.Wait()
	if hs != nil {
		hs.Close()
	}
}

// Go runs fn in the background with a context cancelled by Close, and
// makes Close wait for it. It reports false, without running fn, once
// Close has begun.
func (b *Base) Go(fn func(ctx context.Context)) bool {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return false
	}
	b.initLocked()
	ctx := b.ctx
	b.wg.Add(1) // under mu, so it happens before Close marks closed and waits
	b.mu.Unlock()
	go func() {
		defer b.wg.Done()
		fn(ctx)
	}()
	return true
}

// initLocked creates the context lazily so the zero Base works; b.mu held.
func (b *Base) initLocked() {
	if b.ctx == nil {
		b.ctx, b.cancel = context.WithCancel(context.Background())
	}
}

// SetDown switches a simulated outage on or off.
func (b *Base) SetDown(down bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.down = down
}

// Down reports whether an outage is on.
func (b *Base) Down() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.down
}

// Unavailable answers a bare 503 and reports true while an outage is on.
// Call it first in ServeHTTP: in a real outage a load balancer answers
// before the provider checks credentials, and not in the provider's format.
func (b *Base) Unavailable(w http.ResponseWriter) bool {
	if !b.Down() {
		return false
	}
	http.Error(w, "503 Service Unavailable", http.StatusServiceUnavailable)
	return true
}

// FailNext arms n injected failures with HTTP status, replacing any left.
func (b *Base) FailNext(n, status int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failN, b.failCode = n, status
}

// TakeFault consumes one injected failure and returns its status, or 0 when
// none is armed. The fake decides where to call it and what body to send.
func (b *Base) TakeFault() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failN <= 0 {
		return 0
	}
	b.failN--
	return b.failCode
}

// Deliver sends a fake's outgoing webhook or callback and fails unless the
// receiver replies 2xx, which is how providers judge delivery. Transport
// errors come back as they are; a non-2xx reply becomes
// "<name>: webhook replied <status>". The reply is drained (up to 64 KiB)
// so the connection can be reused.
func Deliver(client *http.Client, req *http.Request, name string) error {
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("%s: webhook replied %d", name, resp.StatusCode)
	}
	return nil
}
