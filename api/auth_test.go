package api

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// A correctly signed token is not enough: its user must exist, be active and
// have the role, dealer and locations the token claims.
func TestTokenMustMatchItsUser(t *testing.T) {
	f := newAdminFixture(t)
	rec := f.users[enums.RoleIDReceptionist]
	mint := func(s auth.Subject) string {
		tok, err := f.iss.MintFor(s, time.Hour, f.now)
		require.NoError(t, err)
		return tok
	}
	good := auth.Subject{UserID: rec, DealerID: f.dealerA, LocationIDs: []int{f.locA}, RoleID: enums.RoleIDReceptionist}
	code, body := f.call("GET", "/v1/appointments", mint(good), nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	noDealer := good
	noDealer.DealerID = 0 // `pitstop token` mints no dealer: it grants less, so it passes
	code, _ = f.call("GET", "/v1/appointments", mint(noDealer), nil, nil)
	require.Equal(t, http.StatusOK, code)

	for name, s := range map[string]auth.Subject{
		"no such user":       {UserID: rec + 10_000, DealerID: f.dealerA, LocationIDs: []int{f.locA}, RoleID: enums.RoleIDReceptionist},
		"another role":       {UserID: rec, DealerID: f.dealerA, LocationIDs: []int{f.locA}, RoleID: enums.RoleIDTopLevel},
		"another's location": {UserID: rec, DealerID: f.dealerA, LocationIDs: []int{f.locA, f.locB}, RoleID: enums.RoleIDReceptionist},
		"another dealer":     {UserID: rec, DealerID: f.dealerB, LocationIDs: []int{f.locA}, RoleID: enums.RoleIDReceptionist},
		"platform user as dealer admin": {UserID: f.users[enums.RoleIDClaireAdmin], DealerID: f.dealerA, LocationIDs: nil,
			RoleID: enums.RoleIDDealerAdmin},
	} {
		for _, rt := range [][2]string{{"GET", "/v1/appointments"}, {"POST", "/v1/admin/users"},
			{"POST", "/v1/employees/list_available_lockers"}} {
			code, body := f.call(rt[0], rt[1], mint(s), map[string]int{"dealer_location_id": f.locA}, nil)
			assert.Equal(t, http.StatusUnauthorized, code, "%s on %s: %s", name, rt[1], body)
		}
	}
}

// Users are cached for the TTL only: a user disabled, or whose role or
// locations changed, in the database (by another API instance, or by hand)
// loses its tokens within the TTL, never more than a minute.
func TestTokenUserCheckedAgainWithinTTL(t *testing.T) {
	f := newAdminFixture(t)
	ctx := context.Background()
	const ttl = 300 * time.Millisecond
	f.router = New(Deps{DB: f.store, Tokens: f.iss, KeySecret: []byte("k"), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), TokenUserTTL: ttl})
	rec := f.users[enums.RoleIDReceptionist]
	tok := f.token(enums.RoleIDReceptionist)
	get := func() int {
		code, _ := f.call("GET", "/v1/appointments", tok, nil, nil)
		return code
	}
	require.Equal(t, http.StatusOK, get())

	require.NoError(t, f.db.User.UpdateOneID(rec).SetStatus(enums.UserStatusIDInactive).Exec(ctx))
	require.Eventually(t, func() bool { return get() == http.StatusUnauthorized }, 3*ttl, 20*time.Millisecond, "disabled user still admitted")
	require.NoError(t, f.db.User.UpdateOneID(rec).SetStatus(enums.UserStatusIDActive).Exec(ctx))
	require.Eventually(t, func() bool { return get() == http.StatusOK }, 3*ttl, 20*time.Millisecond)

	// The user lost the token's location.
	require.NoError(t, f.db.User.UpdateOneID(rec).SetLocationIds([]int{f.locB}).Exec(ctx))
	require.Eventually(t, func() bool { return get() == http.StatusUnauthorized }, 3*ttl, 20*time.Millisecond, "token's location no longer the user's")
	// The user was made a mechanic: a receptionist's token is refused.
	require.NoError(t, f.db.User.UpdateOneID(rec).SetLocationIds([]int{f.locA}).SetRoleID(enums.RoleIDMechanic).Exec(ctx))
	require.Eventually(t, func() bool { return get() == http.StatusUnauthorized }, 3*ttl, 20*time.Millisecond)
	// Deleted.
	require.NoError(t, f.db.User.UpdateOneID(rec).SetRoleID(enums.RoleIDReceptionist).Exec(ctx))
	require.Eventually(t, func() bool { return get() == http.StatusOK }, 3*ttl, 20*time.Millisecond)
	require.NoError(t, f.db.User.DeleteOneID(rec).Exec(ctx))
	require.Eventually(t, func() bool { return get() == http.StatusUnauthorized }, 3*ttl, 20*time.Millisecond)
}
