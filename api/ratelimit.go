package api

import (
	"context"
	"errors"
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

// Reserve counts one failure before the check it stands for, so concurrent
// guesses cannot all pass Blocked before any of them is recorded: false (and
// nothing counted) when the client used up its failures. Release gives the
// reservation back when the check succeeded.
func (l *failureLimiter) Reserve(client string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	f, ok := l.clients[client]
	if ok && now.Sub(f.since) <= l.window {
		if f.count >= l.max {
			return false
		}
		f.count++
		return true
	}
	if len(l.clients) > 100_000 {
		l.prune(now)
	}
	l.clients[client] = &failures{count: 1, since: now}
	return true
}

// Release undoes one Reserve.
func (l *failureLimiter) Release(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f, ok := l.clients[client]; ok && f.count > 0 {
		f.count--
	}
}

// guessGuard limits password guessing at one endpoint (staff sign-in, the
// Carsys push). Every check reserves a failure before it hashes and gives it
// back only when the password was right. Three counts, each over the window:
//   - per account and client together: after maxPair failures that client
//     gets 429 for that account;
//   - per client: after maxClient failures (any accounts) it gets 429;
//   - per account over all clients: after maxAccount failures the account is
//     "hot": it is not locked (anyone could lock its owner out), but its
//     checks run one at a time, each after hotDelay, so guessers spread over
//     many clients get about one guess per hotDelay; a check that finds
//     another in progress answers 429.
//
// The owner, from a client of their own, signs in with the right password
// after hotDelay.
type guessGuard struct {
	pair, client, account *failureLimiter
	hotDelay              time.Duration
	mu                    sync.Mutex
	hot                   map[string]bool // accounts with a slow check in progress
}

func newGuessGuard(maxPair, maxClient, maxAccount int, window, hotDelay time.Duration) *guessGuard {
	return &guessGuard{pair: newFailureLimiter(maxPair, window), client: newFailureLimiter(maxClient, window),
		account: newFailureLimiter(maxAccount, window), hotDelay: hotDelay, hot: map[string]bool{}}
}

// guess is one reserved check.
type guess struct {
	g                       *guessGuard
	pair, client, account   string
	accountReserved, isSlow bool
}

// errTooManyGuesses: answer 429.
var errTooManyGuesses = errors.New("too many failed attempts, try again later")

// begin reserves a failure for one check of account's password from client
// (reserve, then wait). It returns errTooManyGuesses (429), or ctx's error
// when the caller left during the hot delay; otherwise the check may run,
// and end must follow.
func (g *guessGuard) begin(ctx context.Context, account, client string) (*guess, error) {
	q, err := g.reserve(account, client)
	if err != nil {
		return nil, err
	}
	if err := q.wait(ctx); err != nil {
		return nil, err
	}
	return q, nil
}

// reserve counts the failure for the account and client together and for
// the client (errTooManyGuesses when either is used up).
func (g *guessGuard) reserve(account, client string) (*guess, error) {
	q := &guess{g: g, pair: account + "\x00" + client, client: client, account: account}
	if !g.pair.Reserve(q.pair) {
		return nil, errTooManyGuesses
	}
	if !g.client.Reserve(client) {
		g.pair.Release(q.pair)
		return nil, errTooManyGuesses
	}
	return q, nil
}

// wait counts the failure for the account; a hot account's check waits its
// turn (errTooManyGuesses when another is in progress) and hotDelay. On an
// error the reservation is given back.
func (q *guess) wait(ctx context.Context) error {
	g := q.g
	q.accountReserved = g.account.Reserve(q.account)
	if q.accountReserved {
		return nil
	}
	g.mu.Lock()
	busy := g.hot[q.account]
	if !busy {
		if len(g.hot) >= 10_000 { // bounded: each entry is a request in progress
			busy = true
		} else {
			g.hot[q.account] = true
		}
	}
	g.mu.Unlock()
	if busy {
		q.end(false)
		return errTooManyGuesses
	}
	q.isSlow = true
	t := time.NewTimer(g.hotDelay)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		q.end(false)
		return ctx.Err()
	}
}

// end finishes the check: failed keeps the reserved failures, otherwise
// (right password, or the check never ran) they are given back.
func (q *guess) end(failed bool) {
	if !failed {
		q.g.pair.Release(q.pair)
		q.g.client.Release(q.client)
		if q.accountReserved {
			q.g.account.Release(q.account)
		}
	}
	if q.isSlow {
		q.g.mu.Lock()
		delete(q.g.hot, q.account)
		q.g.mu.Unlock()
		q.isSlow = false
	}
}
