package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api/callbacks"
	"github.com/pitstop-dev/pitstop/api/httpx"
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// heapPeak samples the heap in use until stop is called, and returns the
// highest HeapAlloc seen above the heap when it started.
func heapPeak() (stop func() uint64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base, peak := m.HeapAlloc, m.HeapAlloc
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return peak - base
	}
}

// concurrently sends n requests made by mk at once and counts the answers'
// status codes; every answer has the spec's error body.
func concurrently(t *testing.T, h http.Handler, n int, mk func(i int) *http.Request) map[int]int {
	t.Helper()
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		req := mk(i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var body httpx.ErrorBody
			if rec.Code != http.StatusOK {
				assert.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
				assert.NotEmpty(t, body.Errors, "code %d", rec.Code)
			}
			mu.Lock()
			codes[rec.Code]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return codes
}

func loginRequest(email, pw, ip string) *http.Request {
	b, _ := json.Marshal(staffapi.LoginRequest{Email: email, Password: pw})
	req := httptest.NewRequest(http.MethodPost, "/v1/auth/login", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = ip + ":1234"
	return req
}

func carsysRequest(user, pw, ip string) *http.Request {
	req := httptest.NewRequest(http.MethodPost, "/v1/carsys/workorders", strings.NewReader(`[]`))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(user, pw)
	req.RemoteAddr = ip + ":1234"
	return req
}

// carsysFixture: a router and two Carsys locations, one with an argon2id
// hash (cs-user / right-password), one with a legacy SHA-256 hash
// (cs-legacy / legacy-password).
func carsysFixture(t *testing.T) *gin.Engine {
	t.Helper()
	ctx := context.Background()
	db := storetest.New(t)
	iss, err := auth.NewIssuer("carsys-test-secret-0123456789")
	require.NoError(t, err)
	router := New(Deps{DB: db, Tokens: iss, KeySecret: []byte("k"), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	d := db.Dealer.Create().SetName("D").SaveX(ctx)
	hash, err := callbacks.HashCarsysPassword("right-password")
	require.NoError(t, err)
	db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetDmsLocationID("CS-1").
		SetCarsysUsername("cs-user").SetCarsysPasswordHash(hash).ExecX(ctx)
	sum := sha256.Sum256([]byte("legacy-password"))
	db.DealerLocation.Create().SetDealerID(d.ID).SetName("B").SetDmsLocationID("CS-2").
		SetCarsysUsername("cs-legacy").SetCarsysPasswordHash(hex.EncodeToString(sum[:])).ExecX(ctx)
	return router
}

// hashHeapBound is the stated bound on the heap that password hashing may
// add: MaxConcurrentHashes (4) argon2id runs of 64 MiB live at once, as much
// garbage again before the collector runs (GOGC=100), plus slack. Unbounded,
// 100 guesses at once take 100 x 64 MiB = 6.4 GB.
const hashHeapBound = 768 << 20

// TestConcurrentWrongPasswordsAreBounded: 100 wrong passwords at once for one
// account from one client, at sign-in and at the Carsys push: each failure
// is counted before its hash, so no more than the limit (5) are verified
// (counted in internal/auth), the rest answer 429, and the heap stays under
// hashHeapBound.
func TestConcurrentWrongPasswordsAreBounded(t *testing.T) {
	f := newAdminFixture(t)
	email := fmt.Sprintf("role%d@a.example", enums.RoleIDReceptionist)
	carsys := carsysFixture(t)
	wait := auth.HashWait
	auth.HashWait = time.Minute // this test is about the failure limits: no 503 on a loaded machine
	t.Cleanup(func() { auth.HashWait = wait })
	for _, tc := range []struct {
		name  string
		h     http.Handler
		req   func() *http.Request
		limit int
	}{
		{"sign-in", f.router, func() *http.Request { return loginRequest(email, "wrong password!", "192.0.2.7") }, staffapi.LoginFailuresPerEmail},
		{"carsys", carsys, func() *http.Request { return carsysRequest("cs-user", "wrong-password", "192.0.2.7") }, callbacks.CarsysFailuresPerUser},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := auth.WorkDone()
			stop := heapPeak()
			codes := concurrently(t, tc.h, 100, func(int) *http.Request { return tc.req() })
			peak := stop()
			verified := auth.WorkDone().Argon2id - before.Argon2id
			t.Logf("answers %v, %d verifications, heap peak +%d MiB (bound %d MiB)", codes, verified, peak>>20, uint64(hashHeapBound)>>20)
			assert.Equal(t, int64(tc.limit), verified, "no more than the limit were checked")
			assert.Equal(t, tc.limit, codes[http.StatusUnauthorized])
			assert.Equal(t, 100-tc.limit, codes[http.StatusTooManyRequests])
			assert.Less(t, peak, uint64(hashHeapBound), "heap above the bound")
		})
	}
}

// TestHashingConcurrencyBounded: 100 wrong passwords at once from 100
// clients for 100 accounts (no guessing limit applies): at most
// MaxConcurrentHashes argon2id runs at once, process-wide, the heap stays
// under hashHeapBound, and a caller that waits longer than HashWait for a
// slot gets 503 in the error format (counted as no failure).
func TestHashingConcurrencyBounded(t *testing.T) {
	f := newAdminFixture(t)
	carsys := carsysFixture(t)
	wait := auth.HashWait
	t.Cleanup(func() { auth.HashWait = wait })
	for _, tc := range []struct {
		name string
		h    http.Handler
		req  func(i int) *http.Request
	}{
		{"sign-in", f.router, func(i int) *http.Request {
			return loginRequest(fmt.Sprintf("nobody%d@a.example", i), "wrong password!", fmt.Sprintf("198.51.100.%d", i+1))
		}},
		{"carsys", carsys, func(i int) *http.Request {
			return carsysRequest(fmt.Sprintf("nobody%d", i), "wrong-password", fmt.Sprintf("198.51.100.%d", i+1))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			auth.HashWait = 50 * time.Millisecond
			auth.ResetPeak()
			stop := heapPeak()
			codes := concurrently(t, tc.h, 100, tc.req)
			peak := stop()
			work := auth.WorkDone()
			t.Logf("answers %v, at most %d hashes at once, heap peak +%d MiB", codes, work.PeakConcurrentArgon2id, peak>>20)
			assert.LessOrEqual(t, work.PeakConcurrentArgon2id, int64(auth.MaxConcurrentHashes))
			assert.Less(t, peak, uint64(hashHeapBound), "heap above the bound")
			assert.Positive(t, codes[http.StatusServiceUnavailable], "some waited too long for a hashing slot")
			assert.Equal(t, 100, codes[http.StatusServiceUnavailable]+codes[http.StatusUnauthorized], "%v", codes)
		})
	}
}

// TestOwnerSignsInWhileAttackerIsLockedOut: an attacker from client A fails
// five times and is refused (429) after that; the account's owner, from
// client B, still signs in with the right password (after staffapi.LoginHotDelay),
// while a wrong password from B is still checked and refused.
func TestOwnerSignsInWhileAttackerIsLockedOut(t *testing.T) {
	f := newAdminFixture(t)
	email := fmt.Sprintf("role%d@a.example", enums.RoleIDReceptionist)
	serve := func(pw, ip string) (int, []byte) {
		rec := httptest.NewRecorder()
		f.router.ServeHTTP(rec, loginRequest(email, pw, ip))
		return rec.Code, rec.Body.Bytes()
	}
	for i := 0; i < staffapi.LoginFailuresPerEmail; i++ {
		code, _ := serve("wrong password!", "192.0.2.10")
		require.Equal(t, http.StatusUnauthorized, code)
	}
	for i := 0; i < 3; i++ {
		code, _ := serve("wrong password!", "192.0.2.10")
		require.Equal(t, http.StatusTooManyRequests, code, "the attacker's client is refused")
	}
	code, _ := serve("a good long password", "192.0.2.10")
	require.Equal(t, http.StatusTooManyRequests, code, "even with the right password, from the attacker's client")

	before := auth.WorkDone().Argon2id
	code, _ = serve("wrong password!", "192.0.2.11")
	require.Equal(t, http.StatusUnauthorized, code, "another client's wrong password is checked")
	require.Equal(t, int64(1), auth.WorkDone().Argon2id-before)

	start := time.Now()
	var ok staffapi.LoginResponse
	code, body := serve("a good long password", "192.0.2.12")
	require.Equal(t, http.StatusOK, code, string(body))
	require.NoError(t, json.Unmarshal(body, &ok))
	assert.Equal(t, f.users[enums.RoleIDReceptionist], ok.UserID)
	assert.GreaterOrEqual(t, time.Since(start), staffapi.LoginHotDelay, "a hot account's check waits")
}

// TestPasswordChangeEndsTokens: a token minted before a password change is
// refused after it (admin API and onboard.SetPassword alike); a token from
// signing in with the new password works.
func TestPasswordChangeEndsTokens(t *testing.T) {
	f := newAdminFixture(t)
	id := f.users[enums.RoleIDReceptionist]
	email := fmt.Sprintf("role%d@a.example", enums.RoleIDReceptionist)
	login := func(pw string) string {
		var ok staffapi.LoginResponse
		code, body := f.call("POST", "/v1/auth/login", "", map[string]any{"email": email, "password": pw}, &ok)
		require.Equal(t, http.StatusOK, code, string(body))
		return ok.Token
	}
	old := login("a good long password")
	code, _ := f.call("GET", "/v1/appointments", old, nil, nil)
	require.Equal(t, http.StatusOK, code)

	code, body := f.call("POST", fmt.Sprintf("/v1/admin/users/%d/password", id), f.token(enums.RoleIDDealerAdmin),
		map[string]any{"password": "another long password"}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = f.call("GET", "/v1/appointments", old, nil, nil)
	assert.Equal(t, http.StatusUnauthorized, code, "the old password's token ends")
	assert.Contains(t, string(body), "password changed")

	tok := login("another long password")
	code, _ = f.call("GET", "/v1/appointments", tok, nil, nil)
	require.Equal(t, http.StatusOK, code, "the new password's token works")
	assert.Equal(t, 1, f.db.User.GetX(context.Background(), id).CredentialVersion)

	// A password set with the user's other fields (onboard.SaveUser) counts too.
	code, body = f.call("PUT", fmt.Sprintf("/v1/admin/users/%d", id), f.token(enums.RoleIDDealerAdmin),
		map[string]any{"password": "a third long password"}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	assert.Equal(t, 2, f.db.User.GetX(context.Background(), id).CredentialVersion)
	code, _ = f.call("GET", "/v1/appointments", tok, nil, nil)
	assert.Equal(t, http.StatusUnauthorized, code)
}

// TestCarsysSameWorkForUnknownUsers: an unknown user name, a wrong password
// for a legacy (SHA-256) location and one for an argon2id location each cost
// the same verifications: one argon2id run and one SHA-256 comparison
// (counted in internal/auth, not timed).
func TestCarsysSameWorkForUnknownUsers(t *testing.T) {
	router := carsysFixture(t)
	for i, user := range []string{"nobody", "cs-legacy", "cs-user"} {
		before := auth.WorkDone()
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, carsysRequest(user, "wrong-password", fmt.Sprintf("192.0.2.%d", 20+i)))
		require.Equal(t, http.StatusUnauthorized, rec.Code, user)
		after := auth.WorkDone()
		assert.Equal(t, int64(1), after.Argon2id-before.Argon2id, "%s: argon2id runs", user)
		assert.Equal(t, int64(1), after.LegacySHA256-before.LegacySHA256, "%s: SHA-256 comparisons", user)
	}
	rec := httptest.NewRecorder()
	router.ServeHTTP(rec, carsysRequest("cs-legacy", "legacy-password", "192.0.2.30"))
	require.NotEqual(t, http.StatusUnauthorized, rec.Code, "the legacy password still works")
}
