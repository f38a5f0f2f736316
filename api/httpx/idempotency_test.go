package httpx

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/internal/auth"
)

// idemRouter: POST /act counts its calls and answers the count; the
// caller is user 7 unless X-User says 8.
func idemRouter(t *testing.T, status *atomic.Int32) (*gin.Engine, *atomic.Int32) {
	t.Helper()
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	var calls atomic.Int32
	store := NewIdempotency(nil)
	r.Use(func(c *gin.Context) {
		uid := 7
		if c.GetHeader("X-User") == "8" {
			uid = 8
		}
		c.Set(ctxClaims, auth.Claims{UserID: uid})
	}, store.Middleware())
	r.POST("/act", func(c *gin.Context) {
		n := calls.Add(1)
		time.Sleep(50 * time.Millisecond) // a second click arrives meanwhile
		code := http.StatusOK
		if status != nil && status.Load() != 0 {
			code = int(status.Load())
		}
		c.JSON(code, gin.H{"call": n})
	})
	return r, &calls
}

func post(r http.Handler, key, body string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/act", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set(IdempotencyKeyHeader, key)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	return w
}

// A double click (two requests at once with one key) acts once; both get
// the first answer; a later repeat too; a new key acts again.
func TestIdempotencyKeyActsOnce(t *testing.T) {
	r, calls := idemRouter(t, nil)
	var wg sync.WaitGroup
	answers := make([]string, 5)
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = post(r, "click-1", `{"a":1}`).Body.String()
		}()
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("five clicks with one key acted %d times", calls.Load())
	}
	for _, a := range answers {
		if a != `{"call":1}` {
			t.Errorf("a repeat answered %s, want the first answer", a)
		}
	}
	if w := post(r, "click-1", `{"a":1}`); w.Body.String() != `{"call":1}` || w.Header().Get("Idempotent-Replayed") != "true" {
		t.Errorf("a later repeat: %d %s", w.Code, w.Body)
	}
	if w := post(r, "click-2", `{"a":1}`); w.Body.String() != `{"call":2}` {
		t.Errorf("a new key: %s", w.Body)
	}
	if w := post(r, "", `{"a":1}`); w.Body.String() != `{"call":3}` {
		t.Errorf("no key: %s", w.Body)
	}
	// Another user's same key is another action.
	if w := post(r, "click-1", `{"a":1}`, "X-User", "8"); w.Body.String() != `{"call":4}` {
		t.Errorf("another user's key: %s", w.Body)
	}
}

// One key, another body: refused, and nothing acts.
func TestIdempotencyKeyWithAnotherBodyIsRefused(t *testing.T) {
	r, calls := idemRouter(t, nil)
	post(r, "k", `{"tablet_user_id":1}`)
	w := post(r, "k", `{"tablet_user_id":2}`)
	if calls.Load() != 1 || w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "another request") {
		t.Errorf("calls %d, answer %d %s", calls.Load(), w.Code, w.Body)
	}
	if w := post(r, strings.Repeat("x", MaxIdempotencyKey+1), `{}`); !strings.Contains(w.Body.String(), "Idempotency-Key") || calls.Load() != 1 {
		t.Errorf("an oversized key: %s", w.Body)
	}
}

// A server failure is not remembered: the retry with the same key acts.
func TestIdempotencyRetriesAfterAFailure(t *testing.T) {
	var status atomic.Int32
	status.Store(http.StatusServiceUnavailable)
	r, calls := idemRouter(t, &status)
	if w := post(r, "k", `{}`); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("first: %d", w.Code)
	}
	status.Store(0)
	if w := post(r, "k", `{}`); w.Code != http.StatusOK || w.Body.String() != `{"call":2}` {
		t.Errorf("retry: %d %s", w.Code, w.Body)
	}
	if w := post(r, "k", `{}`); w.Body.String() != `{"call":2}` || calls.Load() != 2 {
		t.Errorf("repeat after the success: %s (calls %d)", w.Body, calls.Load())
	}
}
