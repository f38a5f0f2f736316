package callbacks_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/api/callbacks"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// TestCarsysAuthSlowHashCachedLegacyUpgraded: the Carsys password is stored
// as argon2id; a right password is verified once and then served from the
// cache (a stream of pushes pays the slow hash once), a wrong one always
// pays it and answers 401; a changed password takes effect at once; a
// legacy SHA-256 hash still authenticates and is rewritten as argon2id.
func TestCarsysAuthSlowHashCachedLegacyUpgraded(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	verifications := 0
	orig := *callbacks.CarsysVerify
	*callbacks.CarsysVerify = func(ctx context.Context, pw, stored string) (bool, bool, error) {
		verifications++
		return orig(ctx, pw, stored)
	}
	t.Cleanup(func() { *callbacks.CarsysVerify = orig })

	iss, err := auth.NewIssuer("carsys-test-secret-0123456789")
	require.NoError(t, err)
	deps := api.Deps{DB: db, Tokens: iss, KeySecret: []byte("k"), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	router := api.New(deps)
	d := db.Dealer.Create().SetName("D").SaveX(ctx)
	hash, err := callbacks.HashCarsysPassword("right-password")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(hash, "$argon2id$"), hash)
	loc := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetDmsLocationID("CS-1").
		SetCarsysUsername("cs-user").SetCarsysPasswordHash(hash).SaveX(ctx)
	sum := sha256.Sum256([]byte("legacy-password"))
	legacy := db.DealerLocation.Create().SetDealerID(d.ID).SetName("B").SetDmsLocationID("CS-2").
		SetCarsysUsername("cs-legacy").SetCarsysPasswordHash(hex.EncodeToString(sum[:])).SaveX(ctx)

	push := func(user, pw string) int {
		req := httptest.NewRequest(http.MethodPost, "/v1/carsys/workorders", strings.NewReader(`[]`))
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth(user, pw)
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, req)
		if rec.Code == http.StatusUnauthorized {
			require.Equal(t, `Basic realm="carsys"`, rec.Header().Get("WWW-Authenticate"))
		}
		return rec.Code
	}

	require.NotEqual(t, http.StatusUnauthorized, push("cs-user", "right-password"))
	require.Equal(t, 1, verifications)
	for i := 0; i < 5; i++ {
		require.NotEqual(t, http.StatusUnauthorized, push("cs-user", "right-password"))
	}
	require.Equal(t, 1, verifications, "later pushes are served from the cache")

	require.Equal(t, http.StatusUnauthorized, push("cs-user", "wrong-password"))
	require.Equal(t, http.StatusUnauthorized, push("cs-user", "wrong-password"))
	require.Equal(t, 3, verifications, "a wrong password is never cached")
	require.Equal(t, http.StatusUnauthorized, push("nobody", "right-password"))
	require.Equal(t, http.StatusUnauthorized, push("cs-user", ""))

	// A new password replaces the old at once, cache or not.
	hash2, err := callbacks.HashCarsysPassword("new-password-2")
	require.NoError(t, err)
	db.DealerLocation.UpdateOneID(loc.ID).SetCarsysPasswordHash(hash2).ExecX(ctx)
	require.Equal(t, http.StatusUnauthorized, push("cs-user", "right-password"))
	require.NotEqual(t, http.StatusUnauthorized, push("cs-user", "new-password-2"))

	// Legacy SHA-256: accepted once, then stored as argon2id.
	require.Equal(t, http.StatusUnauthorized, push("cs-legacy", "not-it"))
	require.NotEqual(t, http.StatusUnauthorized, push("cs-legacy", "legacy-password"))
	upgraded := db.DealerLocation.GetX(ctx, legacy.ID).CarsysPasswordHash
	require.True(t, strings.HasPrefix(upgraded, "$argon2id$"), "legacy hash rewritten: %s", upgraded)
	require.NoError(t, auth.VerifyPassword("legacy-password", upgraded))
	router = api.New(deps) // a new process: nothing verified yet
	require.NotEqual(t, http.StatusUnauthorized, push("cs-legacy", "legacy-password"))
	require.Equal(t, http.StatusUnauthorized, push("cs-legacy", "not-it"))
}

// A body that cannot be read as a push answers 400 with the error body
// (internal/dms/carsys/PROTOCOL.md); a readable push with a bad item
// answers 200 with that item's errors.
func TestCarsysUnreadableBodyIs400(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	iss, err := auth.NewIssuer("carsys-test-secret-0123456789")
	require.NoError(t, err)
	router := api.New(api.Deps{DB: db, Tokens: iss, KeySecret: []byte("k"), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	d := db.Dealer.Create().SetName("D").SaveX(ctx)
	hash, err := callbacks.HashCarsysPassword("pw")
	require.NoError(t, err)
	db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetDmsLocationID("CS-1").
		SetCarsysUsername("cs").SetCarsysPasswordHash(hash).SaveX(ctx)
	push := func(body string) (int, string) {
		req := httptest.NewRequest(http.MethodPost, "/v1/carsys/workorders", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth("cs", "pw")
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	for _, body := range []string{``, `not json`, `[]`, `"x"`, `{"wo_nr":"1"} trailing`, `[` + strings.Repeat(`{},`, 500) + `{}]`} {
		code, b := push(body)
		require.Equal(t, http.StatusBadRequest, code, "body %.40q: %s", body, b)
		require.True(t, strings.HasPrefix(b, `{"errors":["`), b)
	}
	code, b := push(`{"wo_nr":"WO-1"}`)
	require.Equal(t, http.StatusOK, code, b)
	require.Contains(t, b, `"results"`)
}
