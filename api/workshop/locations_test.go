package workshop_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/api/workshop"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// GET /v1/workshop/locations: a mechanic reads its own location with its
// time zone and language (the screen lists today's cars by them); a role
// without the inspection permission is refused; a platform role sees every
// location.
func TestWorkshopLocations(t *testing.T) {
	f := newFixture(t)
	var got struct{ Locations []workshop.Location }
	code, body := f.call("GET", "/v1/workshop/locations", f.token(enums.RoleIDMechanic), nil, &got)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Len(t, got.Locations, 1)
	assert.Equal(t, workshop.Location{ID: f.locA, Name: "Loc", TimeZone: "Europe/Amsterdam", LanguageCode: enums.LanguageCodeNlNL, Country: "NL"}, got.Locations[0])

	for _, role := range enums.RoleIDValues {
		code, body := f.call("GET", "/v1/workshop/locations", f.token(role), nil, nil)
		if httpx.RoleMay(role, httpx.PermInspection) {
			assert.Equal(t, http.StatusOK, code, "role %d: %s", role, body)
		} else {
			assert.Equal(t, http.StatusForbidden, code, "role %d: %s", role, body)
		}
	}
	code, _ = f.call("GET", "/v1/workshop/locations", "", nil, nil)
	assert.Equal(t, http.StatusUnauthorized, code)

	got.Locations = nil
	code, body = f.call("GET", "/v1/workshop/locations", f.token(enums.RoleIDClaireAdmin), nil, &got)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Len(t, got.Locations, 1, "every location there is")
	assert.Equal(t, f.locA, got.Locations[0].ID)
}
