package callbacks_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/integrations/acses"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/routes"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// The spec's ACSES calls the events handler with "Authorization: Bearer
// $token": a configured token (either of two during a rotation) is enough;
// a signature sent with it must verify too; a wrong token is refused even
// when the delivery is signed; without a token the event must be signed.
func TestACSESEventsTakeTheSpecsBearerToken(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	iss, err := auth.NewIssuer("acses-bearer-test-secret-0123456789")
	require.NoError(t, err)
	const (
		oldToken = "acses-event-token-old-0123456789abcdef"
		newToken = "acses-event-token-new-0123456789abcdef"
		secret   = "locker-secret-0123456789"
	)
	router := api.New(api.Deps{DB: db, Tokens: iss, KeySecret: []byte("k"), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		ACSESEventTokens: []string{oldToken, newToken}})
	d := db.Dealer.Create().SetName("D").SaveX(ctx)
	loc := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SaveX(ctx)
	db.LockerSystem.Create().SetID("lock-1").SetDealerLocationID(loc.ID).SetName("Locker").SetWebhookSecret(secret).ExecX(ctx)

	n := 0
	post := func(bearer, signWith string) int {
		n++
		id := fmt.Sprintf("ev-%d", n)
		raw, err := json.Marshal(acses.Event{ID: id, LockerSystemID: "lock-1", LockerCellNumber: "3", EventName: enums.ObjectStatusDropoff,
			EventDate: time.Now().UTC().Truncate(time.Second), Booking: acses.Booking{ID: "not-ours", State: enums.BookingStateBooked}})
		require.NoError(t, err)
		req := httptest.NewRequest(http.MethodPost, routes.ACSESEventsPath, strings.NewReader(string(raw)))
		req.Header.Set("Content-Type", "application/json")
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		if signWith != "" {
			now := time.Now()
			req.Header.Set(acses.HeaderID, id)
			req.Header.Set(acses.HeaderTimestamp, fmt.Sprint(now.Unix()))
			req.Header.Set(acses.HeaderSignature, acses.Sign([]byte(signWith), id, now, raw))
		}
		w := httptest.NewRecorder()
		router.ServeHTTP(w, req)
		return w.Code
	}
	require.Equal(t, http.StatusOK, post(oldToken, ""), "the spec's bearer token alone")
	require.Equal(t, http.StatusOK, post(newToken, ""), "the other token of a rotation")
	require.Equal(t, http.StatusOK, post(newToken, secret), "token and a good signature")
	require.Equal(t, http.StatusOK, post("", secret), "a signature alone, as before")
	require.Equal(t, http.StatusUnauthorized, post(newToken, "some-other-secret-0123"), "a bad signature beside a good token")
	require.Equal(t, http.StatusUnauthorized, post("wrong-token-0123456789abcdef0123456", secret), "a wrong token, even signed")
	require.Equal(t, http.StatusUnauthorized, post("", ""), "neither")
}
