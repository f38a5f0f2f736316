package remotediag

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
)

// Pool hands out one Client per provider account (connector UUID and
// pincode), so each dealer location talks to the provider as its own
// customer and sees that customer's connectors and tickets only. A client
// is built on first use and kept: its session (token) is reused by every
// request of the account. Rotated credentials are another account: the
// client of the old ones is dropped when the location's new ones are
// first used (Replace). Safe for concurrent use.
type Pool struct {
	base string
	opts []Option

	mu      sync.Mutex
	clients map[string]*Client // accountKey -> client
	byOwner map[string]string  // owner (e.g. "location:3") -> accountKey it used last
}

// NewPool builds a pool of clients of the API at baseURL; opts apply to
// every client (WithCredentials is set per account and must not be given).
func NewPool(baseURL string, opts ...Option) (*Pool, error) {
	if _, err := New(baseURL, opts...); err != nil { // check the URL once
		return nil, err
	}
	return &Pool{base: baseURL, opts: opts, clients: map[string]*Client{}, byOwner: map[string]string{}}, nil
}

// accountKey identifies an account without keeping its pincode in clear
// as a map key (it is in the client anyway, but never printed).
func accountKey(connectorUUID, pincode string) string {
	h := sha256.Sum256([]byte(connectorUUID + "\x00" + pincode))
	return hex.EncodeToString(h[:])
}

// Client returns the client logged in (on first use) as the account, for
// owner (a caller's name for who uses it, e.g. "location:3"). When owner
// used other credentials before and no other owner uses them, that client
// is dropped: rotated credentials leave no session behind.
func (p *Pool) Client(owner, connectorUUID, pincode string) (*Client, error) {
	if connectorUUID == "" || pincode == "" {
		return nil, invalid("credentials", "connector UUID and pincode are required")
	}
	key := accountKey(connectorUUID, pincode)
	p.mu.Lock()
	defer p.mu.Unlock()
	if prev, ok := p.byOwner[owner]; ok && prev != key {
		delete(p.byOwner, owner)
		if !p.usedLocked(prev) {
			delete(p.clients, prev)
		}
	}
	p.byOwner[owner] = key
	if c, ok := p.clients[key]; ok {
		return c, nil
	}
	opts := append(append([]Option{}, p.opts...), WithCredentials(connectorUUID, pincode))
	c, err := New(p.base, opts...)
	if err != nil {
		return nil, err
	}
	p.clients[key] = c
	return c, nil
}

func (p *Pool) usedLocked(key string) bool {
	for _, k := range p.byOwner {
		if k == key {
			return true
		}
	}
	return false
}

// Len counts the clients held (tests).
func (p *Pool) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.clients)
}

// Verify logs in once with the account on a client of its own (not kept):
// a dealer admin's wrong connector UUID or pincode is refused before it is
// stored. IsUnauthorized(err) when the provider refuses them.
func (p *Pool) Verify(ctx context.Context, connectorUUID, pincode string) error {
	opts := append(append([]Option{}, p.opts...), WithCredentials(connectorUUID, pincode))
	c, err := New(p.base, opts...)
	if err != nil {
		return err
	}
	_, err = c.Login(ctx)
	return err
}
