package workshop_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/checklists"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

type fixture struct {
	t                *testing.T
	db               *store.DB
	router           *gin.Engine
	iss              *auth.Issuer
	dealerA, dealerB int
	locA             int
	users            map[enums.RoleID]int
}

func newFixture(t *testing.T) *fixture { return newFixtureWith(t, nil) }

// newFixtureWith lets edit change the API's dependencies.
func newFixtureWith(t *testing.T, edit func(*api.Deps)) *fixture {
	ctx := context.Background()
	db := storetest.New(t)
	iss, err := auth.NewIssuer("workshop-test-secret-0123456789")
	require.NoError(t, err)
	f := &fixture{t: t, db: db, iss: iss, users: map[enums.RoleID]int{}}
	deps := api.Deps{DB: db, Tokens: iss, KeySecret: []byte("k"), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if edit != nil {
		edit(&deps)
	}
	f.router = api.New(deps)
	str := func(s string) *string { return &s }
	for i, id := range []*int{&f.dealerA, &f.dealerB} {
		d, err := onboard.SaveDealer(ctx, db.Client, 0, onboard.DealerInput{Name: str(fmt.Sprintf("Dealer %c", 'A'+i)), CountryCode: str("NL")})
		require.NoError(t, err)
		*id = d.ID
	}
	nl := enums.LanguageCodeNlNL
	l, err := onboard.SaveLocation(ctx, db.Client, f.dealerA, 0, onboard.LocationInput{Name: str("Loc"), Country: str("NL"),
		TimeZone: str("Europe/Amsterdam"), LanguageCode: &nl})
	require.NoError(t, err)
	f.locA = l.ID
	for _, role := range enums.RoleIDValues {
		in := onboard.UserInput{Email: str(fmt.Sprintf("role%d@a.example", role)), RoleID: &role, Password: str("a good long password")}
		if !httpx.PlatformRole(role) {
			in.DealerID, in.LocationIDs = &f.dealerA, []int{f.locA}
		}
		u, err := onboard.SaveUser(ctx, db.Client, 0, in)
		require.NoError(t, err)
		f.users[role] = u.ID
	}
	return f
}

func (f *fixture) token(role enums.RoleID) string {
	dealer, locs := f.dealerA, []int{f.locA}
	if httpx.PlatformRole(role) {
		dealer, locs = 0, nil
	}
	tok, err := f.iss.MintFor(auth.Subject{UserID: f.users[role], DealerID: dealer, LocationIDs: locs, RoleID: role}, time.Hour, time.Now())
	require.NoError(f.t, err)
	return tok
}

func (f *fixture) call(method, path, token string, body any, out any) (int, []byte) {
	f.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(f.t, err)
		r = bytes.NewReader(b)
	}
	req := httptest.NewRequest(method, path, r)
	req.Header.Set("Authorization", "Bearer "+token)
	w := httptest.NewRecorder()
	f.router.ServeHTTP(w, req)
	if out != nil && w.Code == http.StatusOK {
		require.NoError(f.t, json.Unmarshal(w.Body.Bytes(), out))
	}
	return w.Code, w.Body.Bytes()
}

// Every workshop route for every role: the inspection's for the roles that
// hold the inspection permission, the templates' for admin.dealer. The
// bodies stop at a 404 or validation, so nothing reaches Temporal.
func TestEveryWorkshopRouteForEveryRole(t *testing.T) {
	f := newFixture(t)
	eps := []struct {
		method, path string
		body         any
		perm         httpx.Permission
	}{
		{"GET", "/v1/workshop/appointments/999999/checklists", nil, httpx.PermInspection},
		{"POST", "/v1/workshop/appointments/999999/checks", map[string]any{"checklist_id": 1, "client_check_id": "c"}, httpx.PermInspection},
		{"GET", "/v1/workshop/appointments/999999/checks/1", nil, httpx.PermInspection},
		{"POST", "/v1/workshop/appointments/999999/checks/1/answers", map[string]any{"question_id": 1, "answer_id": "a", "status": 0}, httpx.PermInspection},
		{"POST", "/v1/workshop/appointments/999999/checks/1/photos", nil, httpx.PermInspection},
		{"POST", "/v1/workshop/appointments/999999/checks/1/videos", nil, httpx.PermInspection},
		{"POST", "/v1/workshop/appointments/999999/checks/1/finish", nil, httpx.PermInspection},
		{"GET", "/v1/workshop/checklists", nil, httpx.PermAdminDealer},
		{"POST", "/v1/workshop/checklists", map[string]any{"dealer_id": 999999, "name": "x"}, httpx.PermAdminDealer},
		{"GET", "/v1/workshop/checklists/999999", nil, httpx.PermAdminDealer},
		{"PUT", "/v1/workshop/checklists/999999", map[string]any{"name": "x"}, httpx.PermAdminDealer},
		{"DELETE", "/v1/workshop/checklists/999999", nil, httpx.PermAdminDealer},
	}
	for _, role := range enums.RoleIDValues {
		tok := f.token(role)
		for _, e := range eps {
			code, body := f.call(e.method, e.path, tok, e.body, nil)
			if httpx.RoleMay(role, e.perm) {
				assert.NotEqual(t, http.StatusForbidden, code, "role %d %s %s: %s", role, e.method, e.path, body)
			} else {
				assert.Equal(t, http.StatusForbidden, code, "role %d %s %s: %s", role, e.method, e.path, body)
			}
		}
	}
	code, _ := f.call("GET", "/v1/workshop/appointments/999999/checklists", "", nil, nil)
	assert.Equal(t, http.StatusUnauthorized, code)
}

func TestChecklistTemplatesOverHTTP(t *testing.T) {
	f := newFixture(t)
	admin := f.token(enums.RoleIDDealerAdmin)
	var v1 checklists.Version
	code, body := f.call("POST", "/v1/workshop/checklists", admin, checklists.DemoQualityControl(f.dealerA), &v1)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Equal(t, 1, v1.Version)
	require.Len(t, v1.Questions, 7)

	edit := v1.Template
	edit.Questions = edit.Questions[:2]
	for i := range edit.Questions {
		edit.Questions[i].ID = 0
	}
	var v2 checklists.Version
	code, body = f.call("PUT", fmt.Sprintf("/v1/workshop/checklists/%d", v1.ID), admin, edit, &v2)
	require.Equal(t, http.StatusOK, code, "%s", body)
	assert.Equal(t, 2, v2.Version)
	assert.Equal(t, v1.ID, v2.ParentID)
	var old checklists.Version
	f.call("GET", fmt.Sprintf("/v1/workshop/checklists/%d", v1.ID), admin, nil, &old)
	assert.True(t, old.Deleted)
	assert.Len(t, old.Questions, 7, "the old version is kept as it was")

	// Refusals change nothing.
	bad := edit
	bad.ChecklistType = 42
	_, body = f.call("PUT", fmt.Sprintf("/v1/workshop/checklists/%d", v2.ID), admin, bad, nil)
	assert.Contains(t, string(body), "checklist_type: must be a ChecklistType 0-7")
	_, body = f.call("PUT", fmt.Sprintf("/v1/workshop/checklists/%d", v1.ID), admin, edit, nil)
	assert.Contains(t, string(body), "replaced or retired")
	other := checklists.DemoQualityControl(f.dealerB)
	code, _ = f.call("POST", "/v1/workshop/checklists", admin, other, nil)
	assert.Equal(t, http.StatusNotFound, code, "another dealer's checklist")
	_, body = f.call("POST", "/v1/workshop/checklists", admin, map[string]any{"dealer_id": f.dealerA, "name": "x", "questions": []any{}, "colour": "red"}, nil)
	assert.Contains(t, string(body), "colour")
	var list struct{ Checklists []checklists.Version }
	f.call("GET", "/v1/workshop/checklists", admin, nil, &list)
	require.Len(t, list.Checklists, 1)
	assert.Equal(t, v2.ID, list.Checklists[0].ID)

	// Retiring needs admin.delete: a support admin (no deleting rights) may not.
	code, _ = f.call("DELETE", fmt.Sprintf("/v1/workshop/checklists/%d", v2.ID), f.token(enums.RoleIDSupportAdmin), nil, nil)
	assert.Equal(t, http.StatusForbidden, code)
	code, body = f.call("DELETE", fmt.Sprintf("/v1/workshop/checklists/%d", v2.ID), admin, nil, nil)
	require.Equal(t, http.StatusOK, code, "%s", body)
	f.call("GET", "/v1/workshop/checklists", admin, nil, &list)
	assert.Empty(t, list.Checklists)
}
