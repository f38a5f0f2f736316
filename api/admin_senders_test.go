package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	adminapi "github.com/pitstop-dev/pitstop/api/admin"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// fallbackSender is a number of the deployment's pool in these tests.
const fallbackSender = "+3197010000099"

// A dealer admin reads and replaces a location's own SMS sender pool:
// empty by default (the deployment's pool), bad numbers refused with every
// problem named (not E.164, twice, the deployment's), a number another
// location holds refused naming that location (its own dealer's) or not
// (another dealer's), one history line per change, idempotent, and out of
// reach of another dealer's admin.
func TestAdminSMSSenderPool(t *testing.T) {
	f := newAdminFixture(t)
	f.router = New(Deps{DB: f.store, Tokens: f.iss, KeySecret: []byte("k"), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		SenderPool: []string{fallbackSender}})
	admin := f.token(enums.RoleIDDealerAdmin)
	path := fmt.Sprintf("/v1/admin/locations/%d/sms-senders", f.locA)
	var got onboard.SenderPoolView
	code, b := f.call("GET", path, admin, nil, &got)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, onboard.SenderPoolView{Numbers: []string{}, UsesFallback: true}, got)

	code, b = f.call("PUT", path, admin, map[string]any{"numbers": []string{"097010000001", "+3197010000001", "+3197010000001",
		fallbackSender, "+31 970 1000 0003"}}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, []string{
		`numbers[0]: "097010000001" is not an E.164 number (+ and the country code, digits only, e.g. +3197010000001)`,
		"numbers[2]: +3197010000001 is listed twice",
		"numbers[3]: " + fallbackSender + " is in PITSTOP_TWILIO_SENDER_POOL, the pool every location without its own shares; " +
			"a location's own number must be one no other location sends from",
		`numbers[4]: "+31 970 1000 0003" is not an E.164 number (+ and the country code, digits only, e.g. +3197010000001)`,
	}, errorsIn(b))
	for _, body := range []string{`{"numbers": "+3197010000001"}`, `{"number": ["+3197010000001"]}`, `{"numbers": [1]}`, `{}`, `{"numbers": null}`} {
		code, b = f.call("PUT", path, admin, body, nil)
		require.Equal(t, http.StatusOK, code, string(b))
		require.NotEmpty(t, errorsIn(b), body)
	}

	pool := []string{"+3197010000001", "+3197010000002"}
	for range 2 {
		code, b = f.call("PUT", path, admin, map[string]any{"numbers": pool}, &got)
		require.Equal(t, http.StatusOK, code, string(b))
		require.Empty(t, errorsIn(b))
		require.Equal(t, onboard.SenderPoolView{Numbers: pool, UsesFallback: false}, got)
	}
	code, _ = f.call("GET", path, admin, nil, &got)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, pool, got.Numbers, "in the order given")

	// Another location of the same dealer: named; another dealer's: not.
	str := func(s string) *string { return &s }
	nl := enums.LanguageCodeNlNL
	other, err := onboard.SaveLocation(context.Background(), f.db, f.dealerA, 0, onboard.LocationInput{Name: str("Breda"), Country: str("NL"),
		TimeZone: str("Europe/Amsterdam"), LanguageCode: &nl})
	require.NoError(t, err)
	code, b = f.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/sms-senders", other.ID), admin,
		map[string]any{"numbers": []string{"+3197010000003", "+3197010000002"}}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, []string{fmt.Sprintf("numbers: +3197010000002 already belongs to location %d (Loc); "+
		"a number may belong to one location only: remove it there first", f.locA)}, errorsIn(b))
	platform := f.token(enums.RoleIDClaireAdmin)
	code, b = f.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/sms-senders", f.locB), platform,
		map[string]any{"numbers": []string{"+3197010000001"}}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, []string{"numbers: +3197010000001 already belongs to another dealer's location; " +
		"a number may belong to one location only: remove it there first"}, errorsIn(b))
	code, _ = f.call("GET", fmt.Sprintf("/v1/admin/locations/%d/sms-senders", f.locB), admin, nil, nil)
	require.Equal(t, http.StatusNotFound, code, "another dealer's location")

	// Emptied: the deployment's pool again, and the number is free.
	code, b = f.call("PUT", path, admin, map[string]any{"numbers": []string{}}, &got)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, onboard.SenderPoolView{Numbers: []string{}, UsesFallback: true}, got)
	code, b = f.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/sms-senders", f.locB), platform,
		map[string]any{"numbers": []string{"+3197010000001"}}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Empty(t, errorsIn(b))

	var hist struct{ Changes []adminapi.SettingChangeView }
	code, _ = f.call("GET", fmt.Sprintf("/v1/admin/locations/%d/settings/history", f.locA), admin, nil, &hist)
	require.Equal(t, http.StatusOK, code)
	require.Len(t, hist.Changes, 2, "set and emptied; none for refusals or the repeat")
	require.Equal(t, onboard.SenderPoolField, hist.Changes[1].Field)
	require.Equal(t, `[]`, hist.Changes[1].OldValue)
	require.Equal(t, `["+3197010000001","+3197010000002"]`, hist.Changes[1].NewValue)
	require.Equal(t, f.users[enums.RoleIDDealerAdmin], hist.Changes[1].UserID)
	require.Equal(t, `[]`, hist.Changes[0].NewValue)
}
