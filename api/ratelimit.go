package api

import (
	"sync"
	"time"
)

// failureLimiter counts wrong keys per client and blocks a client that guesses:
// after Max failures within Window, every key request from it answers 429
// until the window has passed. Memory is bounded by pruning old clients.
type failureLimiter struct {
	mu      sync.Mutex
	max     int
	window  time.Duration
	now     func() time.Time
	clients map[string]*failures
}

type failures struct {
	count int
	since time.Time
}

func newFailureLimiter(max int, window time.Duration) *failureLimiter {
	return &failureLimiter{max: max, window: window, now: time.Now, clients: map[string]*failures{}}
}

// Blocked reports whether the client used up its failures.
func (l *failureLimiter) Blocked(client string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.clients[client]
	if !ok {
		return false
	}
	if l.now().Sub(f.since) > l.window {
		delete(l.clients, client)
		return false
	}
	return f.count >= l.max
}

// Fail records one wrong key.
func (l *failureLimiter) Fail(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	f, ok := l.clients[client]
	if !ok || now.Sub(f.since) > l.window {
		if len(l.clients) > 100_000 {
			l.prune(now)
		}
		l.clients[client] = &failures{count: 1, since: now}
		return
	}
	f.count++
}

func (l *failureLimiter) prune(now time.Time) {
	for k, f := range l.clients {
		if now.Sub(f.since) > l.window {
			delete(l.clients, k)
		}
	}
}
