package httpx

import (
	"context"
	"errors"
	"sync"
	"time"
)

// FailureLimiter counts wrong keys per client and blocks a client that guesses:
// after Max failures within Window, every key request from it answers 429
// until the window has passed. Memory is bounded by pruning old clients.
type FailureLimiter struct {
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

func NewFailureLimiter(max int, window time.Duration) *FailureLimiter {
	return &FailureLimiter{max: max, window: window, now: time.Now, clients: map[string]*failures{}}
}

// Blocked reports whether the client used up its failures.
func (l *FailureLimiter) Blocked(client string) bool {
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
func (l *FailureLimiter) Fail(client string) {
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

func (l *FailureLimiter) prune(now time.Time) {
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
func (l *FailureLimiter) Reserve(client string) bool {
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
func (l *FailureLimiter) Release(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f, ok := l.clients[client]; ok && f.count > 0 {
		f.count--
	}
}

// GuessGuard limits password guessing at one endpoint (staff sign-in, the
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
type GuessGuard struct {
	pair, client, account *FailureLimiter
	hotDelay              time.Duration
	mu                    sync.Mutex
	hot                   map[string]bool // accounts with a slow check in progress
}

func NewGuessGuard(maxPair, maxClient, maxAccount int, window, hotDelay time.Duration) *GuessGuard {
	return &GuessGuard{pair: NewFailureLimiter(maxPair, window), client: NewFailureLimiter(maxClient, window),
		account: NewFailureLimiter(maxAccount, window), hotDelay: hotDelay, hot: map[string]bool{}}
}

// Guess is one reserved check.
type Guess struct {
	g                       *GuessGuard
	pair, client, account   string
	accountReserved, isSlow bool
}

// ErrTooManyGuesses: answer 429.
var ErrTooManyGuesses = errors.New("too many failed attempts, try again later")

// begin reserves a failure for one check of account's password from client
// (Reserve, then Wait). It returns ErrTooManyGuesses (429), or ctx's error
// when the caller left during the hot delay; otherwise the check may run,
// and End must follow.
func (g *GuessGuard) Begin(ctx context.Context, account, client string) (*Guess, error) {
	q, err := g.Reserve(account, client)
	if err != nil {
		return nil, err
	}
	if err := q.Wait(ctx); err != nil {
		return nil, err
	}
	return q, nil
}

// Reserve counts the failure for the account and client together and for
// the client (ErrTooManyGuesses when either is used up).
func (g *GuessGuard) Reserve(account, client string) (*Guess, error) {
	q := &Guess{g: g, pair: account + "\x00" + client, client: client, account: account}
	if !g.pair.Reserve(q.pair) {
		return nil, ErrTooManyGuesses
	}
	if !g.client.Reserve(client) {
		g.pair.Release(q.pair)
		return nil, ErrTooManyGuesses
	}
	return q, nil
}

// Wait counts the failure for the account; a hot account's check waits its
// turn (ErrTooManyGuesses when another is in progress) and hotDelay. On an
// error the reservation is given back.
func (q *Guess) Wait(ctx context.Context) error {
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
		q.End(false)
		return ErrTooManyGuesses
	}
	q.isSlow = true
	t := time.NewTimer(g.hotDelay)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		q.End(false)
		return ctx.Err()
	}
}

// End finishes the check: failed keeps the reserved failures, otherwise
// (right password, or the check never ran) they are given back.
func (q *Guess) End(failed bool) {
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

// KeyedSlots bounds the requests in progress per key (a mechanic's
// uploads): Take refuses rather than waits when the key holds all its
// slots, so a phone retrying many uploads at once on a bad network gets a
// quick 429 instead of holding the server. Memory is one entry per key
// with a request in progress.
type KeyedSlots struct {
	mu    sync.Mutex
	max   int
	inUse map[string]int
}

// NewKeyedSlots allows max requests in progress per key.
func NewKeyedSlots(max int) *KeyedSlots {
	return &KeyedSlots{max: max, inUse: map[string]int{}}
}

// Max is the number of slots per key.
func (k *KeyedSlots) Max() int { return k.max }

// Take takes a slot of key (false: all are in use); Give must follow a true.
func (k *KeyedSlots) Take(key string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.inUse[key] >= k.max {
		return false
	}
	k.inUse[key]++
	return true
}

// Give returns a slot of key.
func (k *KeyedSlots) Give(key string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.inUse[key] <= 1 {
		delete(k.inUse, key)
		return
	}
	k.inUse[key]--
}
