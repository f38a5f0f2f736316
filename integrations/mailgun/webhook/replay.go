package webhook

import (
	"sync"
	"time"
)

// DefaultReplayEntries bounds the in-memory replay cache.
const DefaultReplayEntries = 10000

// ReplayCache remembers webhook tokens so a captured webhook cannot be
// replayed within the timestamp tolerance. Back it by a database when
// several processes receive webhooks.
type ReplayCache interface {
	// Claim records token until expiresAt. It returns false if the token is
	// already recorded and not yet expired.
	Claim(token string, expiresAt, now time.Time) (bool, error)
}

// MemoryReplayCache is a bounded in-process ReplayCache. When full it drops
// the oldest tokens first.
type MemoryReplayCache struct {
	mu    sync.Mutex
	max   int
	seen  map[string]time.Time
	order []claim // oldest first
}

type claim struct {
	token string
	exp   time.Time
}

// NewMemoryReplayCache holds at most maxEntries tokens (minimum 1).
func NewMemoryReplayCache(maxEntries int) *MemoryReplayCache {
	return &MemoryReplayCache{max: max(maxEntries, 1), seen: map[string]time.Time{}}
}

// Claim implements ReplayCache.
func (c *MemoryReplayCache) Claim(token string, expiresAt, now time.Time) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if exp, ok := c.seen[token]; ok && now.Before(exp) {
		return false, nil
	}
	c.evict(now)
	c.seen[token] = expiresAt
	c.order = append(c.order, claim{token, expiresAt})
	return true, nil
}

// evict drops expired claims from the front, then the oldest while full.
func (c *MemoryReplayCache) evict(now time.Time) {
	for len(c.order) > 0 {
		head := c.order[0]
		if now.Before(head.exp) && len(c.seen) < c.max {
			return
		}
		c.order = c.order[1:]
		// A token claimed again after expiring has a newer entry; keep it.
		if c.seen[head.token].Equal(head.exp) {
			delete(c.seen, head.token)
		}
	}
}

// Len reports how many tokens are held.
func (c *MemoryReplayCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen)
}
