package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// The DMS import and the schedule refuse fields they do not know, as
// sign-in and admin do, instead of answering 200 and ignoring them.
func TestDMSImportAndScheduleRefuseUnknownFields(t *testing.T) {
	f := newAdminFixture(t)
	tok := f.token(enums.RoleIDReceptionist)
	for _, c := range []struct {
		method, path, body, want string
	}{
		{"POST", "/v1/dms/import", `{"wo_nr":"WO1","interval":"1s"}`, `unknown field "interval"`},
		{"POST", "/v1/dms/import", `{"wo_nr":"WO1","dms_nr":["x"]}`, `unknown field "dms_nr"`},
		{"PUT", fmt.Sprintf("/v1/dms/schedules/%d", f.locA), `{"interval":"1s"}`, `unknown field "interval"`},
		{"PUT", fmt.Sprintf("/v1/dms/schedules/%d", f.locA), `{"interval_minutes":1}`, `unknown field "interval_minutes"`},
		{"PUT", fmt.Sprintf("/v1/dms/schedules/%d", f.locA), `[]`, "invalid JSON payload"},
	} {
		code, body := f.call(c.method, c.path, tok, c.body, nil)
		require.Equal(t, http.StatusOK, code, "%s %s %s: %s", c.method, c.path, c.body, body)
		assert.Contains(t, strings.Join(errorsIn(body), ";"), c.want, "%s %s %s", c.method, c.path, c.body)
	}
	// No body, or an empty object, goes on (here: to the location's missing DMS id).
	for _, b := range []any{nil, `{}`, " "} {
		code, body := f.call("PUT", fmt.Sprintf("/v1/dms/schedules/%d", f.locA), tok, b, nil)
		require.Equal(t, http.StatusOK, code)
		assert.Equal(t, []string{"the location has no DMS location id: nothing to import"}, errorsIn(body), "%v", b)
	}
}
