package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	adminapi "github.com/pitstop-dev/pitstop/api/admin"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// A dealer admin manages a location's check-in offers: validated at the
// edge (every problem at once, in the error contract's body), listed in
// their order, changed idempotently, removed idempotently, and out of reach
// of another dealer's admin.
func TestAdminManagesCheckInOffers(t *testing.T) {
	f := newRDAccountFixture(t)
	admin := f.token(enums.RoleIDDealerAdmin)
	path := fmt.Sprintf("/v1/admin/locations/%d/check_in_offers", f.locA)

	code, b := f.call("POST", path, admin, map[string]any{"name": "Car\x00wash", "description": strings.Repeat("d", 4001),
		"price": -1, "info_url": "ftp://dealer.example/wash", "position": -2}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, []string{"name contains a NUL byte", "description is 4001 characters long, at most 4000 allowed",
		"price: must be between 0 and 100000", "info_url: must be an http(s) URL", "position: must be between 0 and 10000"}, errorsIn(b))
	code, b = f.call("POST", path, admin, map[string]any{"price": 100000.01}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, []string{"name: required", "price: must be between 0 and 100000"}, errorsIn(b))
	code, b = f.call("POST", path, admin, map[string]any{"name": "x", "colour": "red"}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.NotEmpty(t, errorsIn(b), "unknown fields are refused")

	var wash, car adminapi.OfferView
	code, b = f.call("POST", path, admin, map[string]any{"name": " Car wash ", "description": "Outside and in", "price": 19.5,
		"info_url": "https://dealer.example/wash", "position": 2}, &wash)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Empty(t, errorsIn(b), string(b))
	require.Equal(t, adminapi.OfferView{ID: wash.ID, LocationID: f.locA, Name: "Car wash", Description: "Outside and in", Price: 19.5,
		InfoURL: "https://dealer.example/wash", Position: 2, Active: true}, wash)
	code, b = f.call("POST", path, admin, map[string]any{"name": "Replacement car", "price": 35, "position": 1,
		"hide_for_lease_appointments": true}, &car)
	require.Equal(t, http.StatusOK, code, string(b))

	var list struct{ Offers []adminapi.OfferView }
	code, b = f.call("GET", path, admin, nil, &list)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, []adminapi.OfferView{car, wash}, list.Offers, "by position")

	// The same change twice leaves the same offer.
	one := fmt.Sprintf("%s/%d", path, wash.ID)
	var v1, v2 adminapi.OfferView
	f.call("PUT", one, admin, map[string]any{"active": false, "price": 21}, &v1)
	f.call("PUT", one, admin, map[string]any{"active": false, "price": 21}, &v2)
	require.Equal(t, v1, v2)
	require.False(t, v2.Active)
	require.Equal(t, 21.0, v2.Price)
	require.Equal(t, "Car wash", v2.Name, "fields left out stay")
	code, b = f.call("PUT", one, admin, map[string]any{"name": ""}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, []string{"name: must not be empty"}, errorsIn(b))

	// Another dealer's admin neither sees nor changes them; an offer of
	// location A is not found under location B.
	for _, m := range []string{"GET", "PUT", "DELETE"} {
		code, _ = f.call(m, one, f.adminB, map[string]any{"active": true}, nil)
		require.Equal(t, http.StatusNotFound, code, m)
	}
	code, _ = f.call("GET", fmt.Sprintf("/v1/admin/locations/%d/check_in_offers/%d", f.locB, wash.ID), f.adminB, nil, nil)
	require.Equal(t, http.StatusNotFound, code)
	code, _ = f.call("GET", path+"/nope", admin, nil, nil)
	require.Equal(t, http.StatusNotFound, code)

	var del struct{ Deleted bool }
	code, b = f.call("DELETE", one, admin, nil, &del)
	require.Equal(t, http.StatusOK, code, string(b))
	require.True(t, del.Deleted)
	code, b = f.call("DELETE", one, admin, nil, &del)
	require.Equal(t, http.StatusOK, code, string(b))
	require.False(t, del.Deleted, "a retried delete is not an error")
	code, _ = f.call("GET", one, admin, nil, nil)
	require.Equal(t, http.StatusNotFound, code)
}

// A dealer admin sets a location's Carsys push account and rotates it: the
// push signs in with the new password at once and no longer with the old
// one; the password is never answered; removing the account ends pushes.
func TestAdminSetsAndRotatesCarsysAccount(t *testing.T) {
	f := newRDAccountFixture(t)
	admin := f.token(enums.RoleIDDealerAdmin)
	path := fmt.Sprintf("/v1/admin/locations/%d/carsys_account", f.locA)
	// The push signs in first; signed in, its empty batch is refused as
	// unreadable (400): 400 means "signed in", 401 "refused".
	const signedIn = http.StatusBadRequest
	push := func(user, pw string) int {
		req := httptest.NewRequest(http.MethodPost, "/v1/carsys/workorders", strings.NewReader(`[]`))
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth(user, pw)
		req.RemoteAddr = "192.0.2.77:1234"
		w := httptest.NewRecorder()
		f.router.ServeHTTP(w, req)
		return w.Code
	}

	code, b := f.call("PUT", path, admin, map[string]any{"username": "a:b", "password": "short", "dms_location_id": "x\x00"}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, []string{"username: must not contain ':' (HTTP Basic separates user and password with it)",
		"password: must be at least 10 characters", "dms_location_id contains a NUL byte"}, errorsIn(b))

	var v adminapi.CarsysAccountView
	code, b = f.call("PUT", path, admin, map[string]any{"username": "carsys-a", "password": "first carsys secret"}, &v)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, adminapi.CarsysAccountView{LocationID: f.locA, Username: "carsys-a", HasPassword: true}, v,
		"not set up without the location's id in Carsys")
	require.Equal(t, http.StatusUnauthorized, push("carsys-a", "first carsys secret"))

	code, b = f.call("PUT", path, admin, map[string]any{"username": "carsys-a", "password": "first carsys secret", "dms_location_id": "CS-A"}, &v)
	require.Equal(t, http.StatusOK, code, string(b))
	require.True(t, v.SetUp)
	require.NotContains(t, string(b), "first carsys secret")
	require.Equal(t, signedIn, push("carsys-a", "first carsys secret"))

	// Rotation: the new password works at once, the old one not any more.
	code, b = f.call("PUT", path, admin, map[string]any{"username": "carsys-a", "password": "second carsys secret"}, &v)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, "CS-A", v.DMSLocationID, "left out, the Carsys location id stays")
	require.Equal(t, http.StatusUnauthorized, push("carsys-a", "first carsys secret"))
	require.Equal(t, signedIn, push("carsys-a", "second carsys secret"))
	code, b = f.call("GET", path, admin, nil, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.NotContains(t, string(b), "second carsys secret")
	require.NotContains(t, string(b), "argon2")

	// Another location may not take the same user name; another dealer's
	// admin cannot touch A's account.
	code, b = f.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/carsys_account", f.locB), f.adminB,
		map[string]any{"username": "carsys-a", "password": "b's own carsys secret"}, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, []string{"username or dms_location_id: already used by another location"}, errorsIn(b))
	code, _ = f.call("GET", path, f.adminB, nil, nil)
	require.Equal(t, http.StatusNotFound, code)

	code, b = f.call("DELETE", path, admin, nil, &v)
	require.Equal(t, http.StatusOK, code, string(b))
	require.False(t, v.SetUp)
	require.False(t, v.HasPassword)
	require.Equal(t, http.StatusUnauthorized, push("carsys-a", "second carsys secret"))
	code, _ = f.call("DELETE", path, admin, nil, &v)
	require.Equal(t, http.StatusOK, code, "deleting again answers the same")
}
