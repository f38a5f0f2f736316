package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// goInternals are what binding, validator, strconv and encoding/json say
// about bad input; no answer may carry them.
var goInternals = []string{"Key: '", "Error:Field", "strconv.", "json: cannot", "validation for", "reflect", "parsing time"}

// Every route of the staff and the customer, every path parameter, query
// parameter and body probed with bad values: each answer says what is
// wrong in words, never in Go's.
func TestNoGoInternalsInAnyAnswer(t *testing.T) {
	f := newAdminFixture(t)
	tokens := map[string]string{"receptionist": f.token(enums.RoleIDReceptionist), "admin": f.token(enums.RoleIDTopLevel), "none": ""}
	badValues := []string{"1' or 1=1--", "-1", "0", "x", "99999999999999999999", "1.5", "true", "%00"}
	queryNames := []string{"dealer_location_id", "page", "page_size", "from", "to", "stage", "remote_diagnosis_to_handle", "channel",
		"vin", "limit", "offset", "location_id", "id", "since", "before", "after", "date"}
	bodies := []string{`{`, `[]`, `"x"`, `{"page":"x","dealer_location_id":"1' or 1=1--","time_car_app":"9999","id":"x","appointment_id":"x",
		"key":5,"remarks":"x","email":7,"password":[],"interventions":{"a":1},"score":"x","wo_nr":1}`,
		`{"dealer_location_id":-1,"appointment_id":-1,"page":0,"score":-5,"time_car_app":"2026-13-45T99:00:00Z"}`, `{}`}
	param := regexp.MustCompile(`:[a-z_]+|\*[a-z_]+`)
	probes := 0
	for _, rt := range f.router.Routes() {
		if strings.HasPrefix(rt.Path, "/app") || strings.HasPrefix(rt.Path, "/codec") || rt.Path == "/readyz" {
			continue
		}
		for _, bad := range badValues {
			path := param.ReplaceAllString(rt.Path, url.PathEscape(bad))
			q := url.Values{}
			for _, n := range queryNames {
				q.Set(n, bad)
			}
			for _, body := range bodies {
				for who, tok := range tokens {
					req := httptest.NewRequest(rt.Method, path+"?"+q.Encode(), strings.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.RemoteAddr = "192.0.2.77:1234"
					if tok != "" {
						req.Header.Set("Authorization", "Bearer "+tok)
					}
					w := httptest.NewRecorder()
					f.router.ServeHTTP(w, req)
					probes++
					for _, leak := range goInternals {
						if !assert.NotContains(t, w.Body.String(), leak, "%s %s (%s, %s)", rt.Method, path, who, body) {
							break
						}
					}
				}
			}
		}
	}
	require.Greater(t, probes, 1000)

	// And the words are there: the list names each parameter it refuses.
	w := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/v1/appointments?dealer_location_id=1'%20or%201=1--&page=x&page_size=0", nil)
	req.Header.Set("Authorization", "Bearer "+tokens["receptionist"])
	f.router.ServeHTTP(w, req)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, []string{"dealer_location_id: must be a whole number", "page: must be a whole number"}, errorsIn(w.Body.Bytes()))
	w = httptest.NewRecorder()
	req = httptest.NewRequest("GET", "/v1/appointments?dealer_location_id=1&page=0", nil)
	req.Header.Set("Authorization", "Bearer "+tokens["receptionist"])
	f.router.ServeHTTP(w, req)
	assert.Equal(t, []string{"page: must be at least 1"}, errorsIn(w.Body.Bytes()))
}

// The rules of a JSON body in words, named as the caller wrote them.
func TestBodyRulesInWords(t *testing.T) {
	f := newAdminFixture(t)
	tok := f.token(enums.RoleIDReceptionist)
	for body, want := range map[string]string{
		`{"type":"kiosk","id":1}`: "invalid JSON payload: type: must be one of",
		`{"type":"check_in"}`:     "invalid JSON payload: id: required",
	} {
		code, raw := f.call("POST", "/v1/remarks/handled", tok, body, nil)
		require.Equal(t, http.StatusOK, code)
		require.Len(t, errorsIn(raw), 1, string(raw))
		assert.True(t, strings.HasPrefix(errorsIn(raw)[0], want), "%s: %s", body, raw)
	}
}
