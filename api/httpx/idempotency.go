package httpx

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// IdempotencyKeyHeader names a staff action's intent: a POST repeated with
// the same key (a double click, a retry after a lost response) acts once
// and is answered what the first one answered.
const IdempotencyKeyHeader = "Idempotency-Key"

// Bounds of the idempotency store.
const (
	// MaxIdempotencyKey is the longest key accepted.
	MaxIdempotencyKey = 200
	// idempotencyTTL is how long a key's answer is kept.
	idempotencyTTL = time.Hour
	// maxIdempotencyEntries bounds the store; the oldest go first.
	maxIdempotencyEntries = 10_000
	// maxRememberedBody: a bigger answer is not kept (the key is
	// forgotten, so a repeat acts again, as without a key).
	maxRememberedBody = 256 << 10
)

// Idempotency remembers the answers of staff POSTs that carried an
// Idempotency-Key, per user, method, path and key, for an hour on this
// instance. A repeat arriving while the first is still running waits for
// it. A repeat with another body is refused (the key names one intent). A
// server failure (5xx) or a 429 is not remembered: the repeat tries again.
// Where an action's workflow message has an ID of its own (the overview
// sends name their update after the key, so does the workflow), the
// message stays once across instances too; this store makes every other
// action's double click act once on the instance that took it.
type Idempotency struct {
	now func() time.Time
	mu  sync.Mutex
	m   map[string]*idemEntry
	// order is the keys by first use, for eviction.
	order []string
}

type idemEntry struct {
	bodyHash [32]byte
	done     chan struct{} // closed when the first request has answered
	at       time.Time
	keep     bool // the answer below is remembered
	status   int
	ctype    string
	body     []byte
}

// NewIdempotency builds an empty store (now: the clock; nil for time.Now).
func NewIdempotency(now func() time.Time) *Idempotency {
	if now == nil {
		now = time.Now
	}
	return &Idempotency{now: now, m: map[string]*idemEntry{}}
}

// Middleware applies the store to the POSTs of a signed-in group (it runs
// after RequireStaff: the key is the caller's own).
func (s *Idempotency) Middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		key := c.GetHeader(IdempotencyKeyHeader)
		if c.Request.Method != http.MethodPost || key == "" {
			c.Next()
			return
		}
		if len(key) > MaxIdempotencyKey || textcheck.Line(IdempotencyKeyHeader, key, MaxIdempotencyKey) != nil {
			Write(c, Invalid(fmt.Sprintf("Idempotency-Key: at most %d printable characters", MaxIdempotencyKey)))
			return
		}
		// Only JSON bodies are compared (uploads are not staff actions).
		if ct := c.ContentType(); ct != "" && ct != "application/json" {
			c.Next()
			return
		}
		body, err := io.ReadAll(io.LimitReader(c.Request.Body, MaxJSONBody+1))
		if err != nil {
			Write(c, Invalid("the request body could not be read"))
			return
		}
		c.Request.Body = io.NopCloser(bytes.NewReader(body))
		id := fmt.Sprintf("%d\x00%s\x00%s\x00%s", Claims(c).UserID, c.Request.Method, c.Request.URL.Path, key)
		sum := sha256.Sum256(body)
		e, first := s.claim(id, sum)
		if !first {
			select {
			case <-e.done:
			case <-c.Request.Context().Done():
				c.Abort()
				return
			}
			if e.bodyHash != sum {
				Write(c, Invalid("Idempotency-Key: this key was used with another request; use a new key for a new action"))
				return
			}
			if e.keep {
				c.Header("Idempotent-Replayed", "true")
				c.Data(e.status, e.ctype, e.body)
				c.Abort()
				return
			}
			// The first failed: this one tries again, under the same key.
			if e, first = s.claim(id, sum); !first {
				Write(c, Fail(http.StatusConflict, "this action is already under way; try again in a moment"))
				return
			}
		}
		rec := &recorder{ResponseWriter: c.Writer}
		c.Writer = rec
		defer func() {
			status := rec.Status()
			keep := status < 500 && status != http.StatusTooManyRequests && !rec.over
			s.finish(id, e, keep, status, rec.Header().Get("Content-Type"), rec.buf.Bytes())
		}()
		c.Next()
	}
}

// claim returns the key's entry; first when this request owns it (a new
// entry, or one whose earlier request was not remembered).
func (s *Idempotency) claim(id string, sum [32]byte) (*idemEntry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if e, ok := s.m[id]; ok && now.Sub(e.at) < idempotencyTTL {
		select {
		case <-e.done:
			if e.keep {
				return e, false
			}
		default:
			return e, false // still running
		}
	}
	e := &idemEntry{bodyHash: sum, done: make(chan struct{}), at: now}
	if _, ok := s.m[id]; !ok {
		s.order = append(s.order, id)
	}
	s.m[id] = e
	// Evict the oldest answered entries beyond the bound or the TTL (one
	// still running stays, and so does everything after it, for now).
	for len(s.order) > 0 {
		old := s.order[0]
		o := s.m[old]
		if o != nil && (!isDone(o) || (len(s.order) <= maxIdempotencyEntries && now.Sub(o.at) < idempotencyTTL)) {
			break
		}
		s.order = s.order[1:]
		delete(s.m, old)
	}
	return e, true
}

func isDone(e *idemEntry) bool {
	select {
	case <-e.done:
		return true
	default:
		return false
	}
}

func (s *Idempotency) finish(id string, e *idemEntry, keep bool, status int, ctype string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e.keep, e.status, e.ctype = keep, status, ctype
	if keep {
		e.body = bytes.Clone(body)
	} else if s.m[id] == e {
		delete(s.m, id)
		for i, k := range s.order {
			if k == id {
				s.order = append(s.order[:i], s.order[i+1:]...)
				break
			}
		}
	}
	close(e.done)
}

// recorder copies what a handler writes, up to maxRememberedBody.
type recorder struct {
	gin.ResponseWriter
	buf  bytes.Buffer
	over bool
}

func (r *recorder) Write(b []byte) (int, error) {
	r.keep(b)
	return r.ResponseWriter.Write(b)
}

func (r *recorder) WriteString(s string) (int, error) {
	r.keep([]byte(s))
	return r.ResponseWriter.WriteString(s)
}

func (r *recorder) keep(b []byte) {
	if r.over || r.buf.Len()+len(b) > maxRememberedBody {
		r.over = true
		return
	}
	r.buf.Write(b)
}
