package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	adminapi "github.com/pitstop-dev/pitstop/api/admin"
	"github.com/pitstop-dev/pitstop/api/httpx"
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/routes"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// adminFixture: two dealers with a location each, one user per role of
// dealer A (platform roles without a dealer), and a router without Temporal
// (the admin endpoints never need it).
type adminFixture struct {
	t        *testing.T
	db       *ent.Client
	store    *store.DB
	router   *gin.Engine
	iss      *auth.Issuer
	dealerA  int
	dealerB  int
	locA     int
	locB     int
	users    map[enums.RoleID]int
	now      time.Time
	loginsIP int
}

func newAdminFixture(t *testing.T) *adminFixture {
	t.Helper()
	ctx := context.Background()
	db := storetest.New(t)
	iss, err := auth.NewIssuer("admin-test-secret-0123456789")
	require.NoError(t, err)
	f := &adminFixture{t: t, db: db.Client, iss: iss, users: map[enums.RoleID]int{}, now: time.Now(), store: db}
	f.router = New(Deps{DB: db, Tokens: iss, KeySecret: []byte("k"), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	str := func(s string) *string { return &s }
	for i, id := range []*int{&f.dealerA, &f.dealerB} {
		d, err := onboard.SaveDealer(ctx, db.Client, 0, onboard.DealerInput{Name: str(fmt.Sprintf("Dealer %c", 'A'+i)), CountryCode: str("NL")})
		require.NoError(t, err)
		*id = d.ID
	}
	nl := enums.LanguageCodeNlNL
	for _, x := range []struct{ dealer, loc *int }{{&f.dealerA, &f.locA}, {&f.dealerB, &f.locB}} {
		l, err := onboard.SaveLocation(ctx, db.Client, *x.dealer, 0, onboard.LocationInput{Name: str("Loc"), Country: str("NL"),
			TimeZone: str("Europe/Amsterdam"), LanguageCode: &nl})
		require.NoError(t, err)
		*x.loc = l.ID
	}
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

func (f *adminFixture) token(role enums.RoleID) string {
	f.t.Helper()
	dealer, locs := f.dealerA, []int{f.locA}
	if httpx.PlatformRole(role) {
		dealer, locs = 0, nil // the fixture's platform users have no dealer and no locations
	}
	// The user's current credential version: an admin test may have changed
	// its password (which ends the tokens minted before).
	u, err := f.db.User.Get(context.Background(), f.users[role])
	require.NoError(f.t, err)
	tok, err := f.iss.MintFor(auth.Subject{UserID: f.users[role], DealerID: dealer, LocationIDs: locs, RoleID: role,
		CredentialVersion: u.CredentialVersion}, time.Hour, f.now)
	require.NoError(f.t, err)
	return tok
}

// call sends a JSON body (a string is sent as is) and decodes the answer into out.
func (f *adminFixture) call(method, path, token string, body any, out any) (int, []byte) {
	f.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		require.NoError(f.t, err)
		r = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, r)
	req.RemoteAddr = fmt.Sprintf("192.0.2.%d:1234", f.loginsIP%250+1)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	f.router.ServeHTTP(w, req)
	if out != nil && w.Code == http.StatusOK {
		_ = json.Unmarshal(w.Body.Bytes(), out)
	}
	return w.Code, w.Body.Bytes()
}

func errorsIn(b []byte) []string {
	var e httpx.ErrorBody
	_ = json.Unmarshal(b, &e)
	return e.Errors
}

// Every staff endpoint, for every role: refused (403) exactly when the
// role lacks the endpoint's permission. The allowed calls name objects of
// the caller's own dealer (or missing appointments, which answer 404 after
// the role check), so "allowed" is never a 403 or 401.
func TestEveryStaffEndpointForEveryRole(t *testing.T) {
	f := newAdminFixture(t)
	type ep struct {
		method, path string
		body         any
		perm         httpx.Permission
	}
	tpl := fmt.Sprintf("/v1/admin/locations/%d/templates/repair_overview/nl-NL", f.locA)
	// A customer to erase as a dry run (which changes nothing, for every role).
	erasable := f.db.Customer.Create().SetLocationID(f.locA).SetFirstName("Eva").SetSurname("Erase").SaveX(context.Background())
	eps := []ep{
		{"GET", "/v1/appointments", nil, httpx.PermAppointmentsRead},
		{"GET", "/v1/appointments/999999", nil, httpx.PermAppointmentsRead},
		{"GET", "/v1/appointments/999999/state", nil, httpx.PermAppointmentsRead},
		{"GET", "/v1/appointments/999999/events", nil, httpx.PermAppointmentsRead},
		{"GET", "/v1/appointments/999999/keylocker", nil, httpx.PermAppointmentsRead},
		{"GET", "/v1/appointments/999999/desk_checkin", nil, httpx.PermAppointmentsRead},
		{"POST", "/v1/appointments/999999/diagnose_overview/send", nil, httpx.PermAppointmentsWrite},
		{"POST", "/v1/appointments/999999/diagnose_overview/resend", nil, httpx.PermAppointmentsWrite},
		{"POST", "/v1/appointments/999999/repair_overview/send", nil, httpx.PermAppointmentsWrite},
		{"POST", "/v1/appointments/999999/repair_overview/resend", nil, httpx.PermAppointmentsWrite},
		{"POST", "/v1/appointments/999999/reschedule", map[string]any{"time_car_app": time.Now().Add(48 * time.Hour)}, httpx.PermAppointmentsWrite},
		{"POST", "/v1/appointments/999999/cancel", map[string]any{}, httpx.PermAppointmentsWrite},
		{"POST", "/v1/appointments/999999/complete", nil, httpx.PermAppointmentsWrite},
		{"POST", "/v1/remarks/handled", map[string]any{"type": "check_in", "id": 999999}, httpx.PermAppointmentsWrite},
		{"POST", "/v1/appointments/999999/interventions/1/fixed", map[string]any{"mechanic_fixed": true}, httpx.PermAppointmentsWrite},
		{"PATCH", "/v1/appointments/999999/interventions/1", map[string]any{"price": 10}, httpx.PermAppointmentsWrite},
		{"PATCH", "/v1/appointments/999999/question_result_videos/1", map[string]any{"visible": false}, httpx.PermAppointmentsWrite},
		{"PATCH", "/v1/appointments/999999/question_result_images/1", map[string]any{"active": false}, httpx.PermAppointmentsWrite},
		{"GET", "/v1/appointments/999999/interventions", nil, httpx.PermAppointmentsRead},
		{"POST", "/v1/appointments/999999/desk_checkin/send", map[string]any{}, httpx.PermAppointmentsWrite},
		{"POST", "/v1/appointments/999999/car_out_of_shop", nil, httpx.PermAppointmentsWrite},
		{"POST", "/v1/appointments/999999/dms/refresh", nil, httpx.PermAppointmentsWrite},
		{"POST", "/v1/appointments/999999/dms/mileage", map[string]any{"mileage": 1000}, httpx.PermAppointmentsWrite},
		{"GET", "/v1/appointments/999999/remote_diagnose/tickets", nil, httpx.PermAppointmentsRead},
		{"GET", "/v1/appointments/999999/remote_diagnose/serviced_vehicle", nil, httpx.PermAppointmentsRead},
		{"POST", "/v1/appointments/999999/remote_diagnose/tickets", map[string]any{}, httpx.PermAppointmentsRead},
		{"POST", "/v1/remote_diagnose/tickets/" + noTicket + "/add_to_diagnose_overview", nil, httpx.PermAppointmentsWrite},
		{"POST", "/v1/remote_diagnose/tickets/" + noTicket + "/dismiss", nil, httpx.PermAppointmentsWrite},
		{"GET", "/v1/desk_checkin/pending", nil, httpx.PermDesk},
		{"POST", "/v1/desk_checkin/999999/status", map[string]any{"status": 2}, httpx.PermDesk},
		{"GET", "/v1/desk_checkin/999999", nil, httpx.PermDesk},
		{"GET", "/v1/desk_checkin/999999/signature", nil, httpx.PermDesk},
		{"GET", "/v1/kiosk/me", nil, httpx.PermKiosk},
		{"POST", "/v1/kiosk/find", map[string]any{"reg_number": "XX-99-XX"}, httpx.PermKiosk},
		{"POST", "/v1/kiosk/checkins/999999/answer", map[string]any{}, httpx.PermKiosk},
		{"GET", "/v1/appointments/999999/kiosk_checkin", nil, httpx.PermAppointmentsRead},
		{"POST", "/v1/appointments/999999/kiosk_label/detach", nil, httpx.PermAppointmentsWrite},
		// The dealer's key locker, the ACSES employee endpoints, DMS imports
		// and remote diagnosis (bodies that stop at validation or 404, so no
		// call reaches Temporal or a provider).
		{"GET", fmt.Sprintf("/v1/keylocker/agreements?dealer_location_id=%d", f.locA), nil, httpx.PermDesk},
		{"POST", "/v1/keylocker/pin_request", map[string]any{"dealer_location_id": f.locA}, httpx.PermDesk},
		{"POST", "/v1/keylocker/opened", map[string]any{"dealer_location_id": f.locA}, httpx.PermDesk},
		{"POST", "/v1/keylocker/answered", map[string]any{"dealer_location_id": f.locA}, httpx.PermDesk},
		{"POST", "/v1/keylocker/key_dropped", map[string]any{"dealer_location_id": f.locA}, httpx.PermDesk},
		{"POST", "/v1/keylocker/key_picked_up", map[string]any{"dealer_location_id": f.locA}, httpx.PermDesk},
		{"POST", "/v1/events/history", map[string]any{"dealer_location_id": f.locA}, httpx.PermAppointmentsRead},
		{"POST", "/v1/employees/list_available_lockers", map[string]any{"dealer_location_id": f.locA}, httpx.PermAppointmentsRead},
		{"POST", "/v1/employees/pickup", map[string]any{"appointment_id": 999999}, httpx.PermAppointmentsRead},
		{"POST", "/v1/employees/assist_pickup", map[string]any{"appointment_id": 999999}, httpx.PermAppointmentsRead},
		{"POST", "/v1/employees/drop_back", map[string]any{"appointment_id": 999999}, httpx.PermAppointmentsRead},
		{"POST", "/v1/dms/import", map[string]any{"dealer_location_id": 999999}, httpx.PermAppointmentsWrite},
		{"PUT", "/v1/dms/schedules/999999", map[string]any{}, httpx.PermAppointmentsWrite},
		{"GET", "/v1/dms/schedules/999999", nil, httpx.PermAppointmentsWrite},
		{"POST", "/v1/dms/schedules/999999/pause", nil, httpx.PermAppointmentsWrite},
		{"POST", "/v1/dms/schedules/999999/resume", nil, httpx.PermAppointmentsWrite},
		{"POST", "/v1/dms/schedules/999999/trigger", nil, httpx.PermAppointmentsWrite},
		{"GET", "/v1/remote_diagnose/connectors", nil, httpx.PermAppointmentsRead},
		{"GET", "/v1/remote_diagnose/vehicles?vin=WVWZZZ1JZXW000001", nil, httpx.PermAppointmentsRead},
		{"GET", "/v1/remote_diagnose/products?vin=WVWZZZ1JZXW000001", nil, httpx.PermAppointmentsRead},
		{"GET", "/v1/remote_diagnose/historical_tickets?vin=WVWZZZ1JZXW000001", nil, httpx.PermAppointmentsRead},
		{"GET", "/v1/remote_diagnose/tickets/00000000-0000-4000-8000-000000000000/state", nil, httpx.PermAppointmentsRead},
		{"POST", "/v1/remote_diagnose/tickets/00000000-0000-4000-8000-000000000000/cancel", nil, httpx.PermAppointmentsRead},
		{"POST", "/v1/remote_diagnose/tickets/00000000-0000-4000-8000-000000000000/csat", map[string]any{"score": 1}, httpx.PermAppointmentsRead},
		{"POST", "/v1/admin/dealers", map[string]any{"name": "New", "country_code": "BE"}, httpx.PermAdminPlatform},
		{"PUT", fmt.Sprintf("/v1/admin/dealers/%d", f.dealerA), map[string]any{"city": "Utrecht"}, httpx.PermAdminPlatform},
		{"GET", fmt.Sprintf("/v1/admin/dealers/%d", f.dealerA), nil, httpx.PermAdminDealer},
		{"POST", fmt.Sprintf("/v1/admin/dealers/%d/locations", f.dealerA), map[string]any{"name": "N", "country": "NL", "time_zone": "Europe/Amsterdam", "language_code": "en-GB"}, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d", f.locA), nil, httpx.PermAdminDealer},
		{"PUT", fmt.Sprintf("/v1/admin/locations/%d", f.locA), map[string]any{"city": "Breda"}, httpx.PermAdminDealer},
		{"POST", "/v1/admin/users", map[string]any{"email": "new-%d@a.example", "role_id": 50, "dealer_id": f.dealerA}, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/users/%d", f.users[enums.RoleIDReceptionist]), nil, httpx.PermAdminDealer},
		{"PUT", fmt.Sprintf("/v1/admin/users/%d", f.users[enums.RoleIDReceptionist]), map[string]any{"first_name": "Rita"}, httpx.PermAdminDealer},
		{"POST", fmt.Sprintf("/v1/admin/users/%d/password", f.users[enums.RoleIDMechanic]), map[string]any{"password": "another long password"}, httpx.PermAdminDealer},
		// Disable, then enable again, so the user's own calls keep working.
		{"POST", fmt.Sprintf("/v1/admin/users/%d/disable", f.users[enums.RoleIDQualityControl]), nil, httpx.PermAdminDelete},
		{"POST", fmt.Sprintf("/v1/admin/users/%d/enable", f.users[enums.RoleIDQualityControl]), nil, httpx.PermAdminDelete},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d/settings", f.locA), nil, httpx.PermAdminDealer},
		{"PUT", fmt.Sprintf("/v1/admin/locations/%d/settings", f.locA), map[string]any{"color": "#112233"}, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d/settings/history", f.locA), nil, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d/reminders", f.locA), nil, httpx.PermAdminDealer},
		{"PUT", fmt.Sprintf("/v1/admin/locations/%d/reminders", f.locA), map[string]any{"escalation_hours": 6}, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d/quiet-hours", f.locA), nil, httpx.PermAdminDealer},
		{"PUT", fmt.Sprintf("/v1/admin/locations/%d/quiet-hours", f.locA), map[string]any{"quiet_from": "21:00"}, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d/aftersales", f.locA), nil, httpx.PermAdminDealer},
		{"PUT", fmt.Sprintf("/v1/admin/locations/%d/aftersales", f.locA), map[string]any{"feedback_question_enabled": true}, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d/sms-senders", f.locA), nil, httpx.PermAdminDealer},
		{"PUT", fmt.Sprintf("/v1/admin/locations/%d/sms-senders", f.locA), map[string]any{"numbers": []string{"+3197010000011"}}, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/unmatched_messages?dealer_location_id=%d", f.locA), nil, httpx.PermAdminDealer},
		// Replies whose location cannot be told belong to no dealer: platform roles only.
		{"GET", "/v1/admin/unmatched_messages", nil, httpx.PermAdminPlatform},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d/feedback?from=2026-11-01&to=2026-11-30", f.locA), nil, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d/feedback/export?from=2026-11-01&to=2026-11-30", f.locA), nil, httpx.PermAdminDealer},
		// The receptionist's tasks (issue #25); a task nobody has: 404
		// before any workflow is started.
		{"GET", fmt.Sprintf("/v1/tasks?location_id=%d", f.locA), nil, httpx.PermAppointmentsRead},
		{"POST", "/v1/tasks/999999/done", nil, httpx.PermAppointmentsWrite},
		// An appointment's thread (two-way messages, issue #25).
		{"GET", "/v1/appointments/999999/messages", nil, httpx.PermAppointmentsRead},
		{"POST", "/v1/appointments/999999/messages", map[string]any{"text": "Fine"}, httpx.PermAppointmentsWrite},
		{"GET", "/v1/admin/templates/placeholders", nil, httpx.PermAdminDealer},
		{"GET", tpl, nil, httpx.PermAdminDealer},
		{"PUT", tpl, map[string]any{"sms": "Klaar: {{.Link}}"}, httpx.PermAdminDealer},
		{"POST", tpl + "/preview", nil, httpx.PermAdminDealer},
		{"DELETE", tpl, nil, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/dealers/%d/agreements", f.dealerA), nil, httpx.PermAdminDealer},
		{"POST", fmt.Sprintf("/v1/admin/dealers/%d/agreements", f.dealerA), map[string]any{"name": "Terms", "text": "I agree."}, httpx.PermAdminDealer},
		{"GET", "/v1/admin/agreements/999999", nil, httpx.PermAdminDealer},
		{"PUT", "/v1/admin/agreements/999999", map[string]any{"text": "x"}, httpx.PermAdminDealer},
		{"POST", "/v1/admin/agreements/999999/retire", nil, httpx.PermAdminDelete},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d/remote_diagnose_account", f.locA), nil, httpx.PermAdminDealer},
		{"PUT", fmt.Sprintf("/v1/admin/locations/%d/remote_diagnose_account", f.locA),
			map[string]any{"connector_uuid": "5f3d760d-ade2-4a19-aea4-36e097678ae3", "pincode": "1234"}, httpx.PermAdminDealer},
		{"DELETE", fmt.Sprintf("/v1/admin/locations/%d/remote_diagnose_account", f.locA), nil, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d/event_stream", f.locA), nil, httpx.PermAdminDealer},
		{"PUT", fmt.Sprintf("/v1/admin/locations/%d/event_stream", f.locA), map[string]any{"enabled": false}, httpx.PermAdminDealer},
		{"POST", fmt.Sprintf("/v1/admin/locations/%d/event_stream/secret", f.locA), nil, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d/events?after_seq=0", f.locA), nil, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d/check_in_offers", f.locA), nil, httpx.PermAdminDealer},
		{"POST", fmt.Sprintf("/v1/admin/locations/%d/check_in_offers", f.locA), map[string]any{"name": "Car wash", "price": 19.5}, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d/check_in_offers/999999", f.locA), nil, httpx.PermAdminDealer},
		{"PUT", fmt.Sprintf("/v1/admin/locations/%d/check_in_offers/999999", f.locA), map[string]any{"active": false}, httpx.PermAdminDealer},
		{"DELETE", fmt.Sprintf("/v1/admin/locations/%d/check_in_offers/999999", f.locA), nil, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/locations/%d/carsys_account", f.locA), nil, httpx.PermAdminDealer},
		{"PUT", fmt.Sprintf("/v1/admin/locations/%d/carsys_account", f.locA),
			map[string]any{"username": "carsys-a", "password": "a long carsys password"}, httpx.PermAdminDealer},
		{"DELETE", fmt.Sprintf("/v1/admin/locations/%d/carsys_account", f.locA), nil, httpx.PermAdminDealer},
		{"GET", fmt.Sprintf("/v1/admin/customers/export?customer_id=999999&dealer_id=%d", f.dealerA), nil, httpx.PermAdminDealer},
		{"POST", "/v1/admin/customers/erasure", map[string]any{"customer_id": erasable.ID, "dealer_id": f.dealerA, "dry_run": true}, httpx.PermAdminDelete},
		// The workshop inspection (api/workshop; its own per-role test is there too).
		{"GET", "/v1/workshop/appointments/999999/checklists", nil, httpx.PermInspection},
		{"POST", "/v1/workshop/appointments/999999/checks", map[string]any{"checklist_id": 1, "client_check_id": "c"}, httpx.PermInspection},
		{"GET", "/v1/workshop/appointments/999999/checks/1", nil, httpx.PermInspection},
		{"POST", "/v1/workshop/appointments/999999/checks/1/answers", map[string]any{"question_id": 1, "answer_id": "a", "status": 0}, httpx.PermInspection},
		{"POST", "/v1/workshop/appointments/999999/checks/1/photos", nil, httpx.PermInspection},
		{"POST", "/v1/workshop/appointments/999999/checks/1/videos", nil, httpx.PermInspection},
		{"GET", "/v1/workshop/locations", nil, httpx.PermInspection},
		{"POST", "/v1/workshop/appointments/999999/checks/1/finish", nil, httpx.PermInspection},
		{"GET", "/v1/workshop/checklists", nil, httpx.PermAdminDealer},
		// The receptionist's console (api/console); a location nobody has:
		// 404 after the role check, so no stream stays open.
		{"GET", "/v1/desk/day?location_id=999999", nil, httpx.PermAppointmentsRead},
		{"GET", "/v1/desk/events?location_id=999999", nil, httpx.PermAppointmentsRead},
		{"POST", "/v1/workshop/checklists", map[string]any{"dealer_id": 999999, "name": "x"}, httpx.PermAdminDealer},
		{"GET", "/v1/workshop/checklists/999999", nil, httpx.PermAdminDealer},
		{"PUT", "/v1/workshop/checklists/999999", map[string]any{"name": "x"}, httpx.PermAdminDealer},
		{"DELETE", "/v1/workshop/checklists/999999", nil, httpx.PermAdminDealer},
	}
	// Every staff route of the router is in the list: every route but the
	// public ones (customer key, provider callbacks, sign-in, health, docs,
	// the customer page and the workshop screen's files), which take no
	// staff token.
	public := map[string]bool{}
	for _, p := range []string{"/healthz", "/readyz", "/openapi.yaml", "/v1/communication/read", "/v1/communication/upload_attachment",
		"/v1/communication/attachments/:n/:n", "/v1/online_checkin/answer", "/v1/online_checkin/is_acses_available",
		"/v1/repair_overview/download", "/v1/feedback/answer", "/v2/diagnose_overview/answer", "/v1/diagnose_overview/answer", "/v1/auth/login", "/v1/carsys/workorders",
		"/v1/events/handler", "/v1/events/simulate", routes.TwilioStatusPath, routes.TwilioInboundPath, routes.MailgunEventsPath, routes.MailgunInboundPath} {
		public[p] = true
	}
	digits := regexp.MustCompile(`/(\d+|[0-9a-f-]{36})(/|$|\?)`)
	listed := map[string]bool{}
	for _, e := range eps {
		p, _, _ := strings.Cut(e.path, "?")
		for digits.MatchString(p) {
			p = digits.ReplaceAllString(p, "/:n$2")
		}
		listed[e.method+" "+strings.ReplaceAll(p, "/repair_overview/nl-NL", "/:n/:n")] = true
	}
	params := regexp.MustCompile(`/:[a-z_]+`)
	for _, rt := range f.router.Routes() {
		p := params.ReplaceAllString(rt.Path, "/:n")
		if public[p] || strings.HasPrefix(p, "/app") || p == "/workshop" || strings.HasPrefix(p, "/workshop/") || p == "/codec" ||
			p == "/desk" || strings.HasPrefix(p, "/desk/") || p == "/kiosk" || strings.HasPrefix(p, "/kiosk/") ||
			p == "/tablet" || strings.HasPrefix(p, "/tablet/") {
			continue
		}
		assert.True(t, listed[rt.Method+" "+p], "staff route %s %s is not tested per role", rt.Method, rt.Path)
	}
	for _, role := range enums.RoleIDValues {
		for i, e := range eps {
			body := e.body
			if m, ok := body.(map[string]any); ok {
				if s, ok := m["email"].(string); ok {
					m = clone(m)
					m["email"] = fmt.Sprintf(s, int(role)*100+i)
					body = m
				}
			}
			code, resp := f.call(e.method, e.path, f.token(role), body, nil)
			if httpx.RoleMay(role, e.perm) {
				assert.NotContains(t, []int{http.StatusForbidden, http.StatusUnauthorized}, code, "role %d %s %s: %s", role, e.method, e.path, resp)
				if strings.HasPrefix(e.path, "/v1/admin") && !strings.Contains(e.path, "999999") {
					assert.Equal(t, http.StatusOK, code, "role %d %s %s", role, e.method, e.path)
					assert.Empty(t, errorsIn(resp), "role %d %s %s", role, e.method, e.path)
				}
			} else {
				assert.Equal(t, http.StatusForbidden, code, "role %d %s %s: %s", role, e.method, e.path, resp)
			}
		}
	}
}

// noTicket is a ticket request id no ticket has (the ticket endpoints
// answer 404 after the role check).
const noTicket = "aaaaaaaa-0000-4000-8000-000000000000"

func clone(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// The README's role table is the code's.
func TestRoleTableInREADME(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	readme := string(b)
	for _, role := range enums.RoleIDValues {
		row := regexp.MustCompile(fmt.Sprintf(`(?m)^\| %d \|[^|]*\|(.*)\|$`, role)).FindStringSubmatch(readme)
		require.NotNil(t, row, "README has no row for role %d", role)
		cells := strings.Split(row[1], "|")
		require.Len(t, cells, len(httpx.AllPermissions), "role %d", role)
		for i, p := range httpx.AllPermissions {
			assert.Equal(t, httpx.RoleMay(role, p), strings.TrimSpace(cells[i]) == "yes", "README role %d, %s", role, p)
		}
	}
}

func TestDealerAdminStaysInItsDealer(t *testing.T) {
	f := newAdminFixture(t)
	tok := f.token(enums.RoleIDDealerAdmin)
	for _, path := range []string{
		fmt.Sprintf("/v1/admin/dealers/%d", f.dealerB),
		fmt.Sprintf("/v1/admin/locations/%d", f.locB),
		fmt.Sprintf("/v1/admin/locations/%d/settings", f.locB),
		fmt.Sprintf("/v1/admin/locations/%d/templates/sms/nl-NL", f.locB),
	} {
		code, _ := f.call("GET", path, tok, nil, nil)
		assert.Equal(t, http.StatusNotFound, code, path)
	}
	// No escalation: a dealer admin cannot make a Claire admin, nor a user of dealer B.
	code, _ := f.call("POST", "/v1/admin/users", tok, map[string]any{"email": "x@a.example", "role_id": 20}, nil)
	assert.Equal(t, http.StatusForbidden, code)
	code, _ = f.call("POST", "/v1/admin/users", tok, map[string]any{"email": "x@a.example", "role_id": 50, "dealer_id": f.dealerB}, nil)
	assert.Equal(t, http.StatusForbidden, code)
	// Nor hand its user a location of dealer B.
	code, body := f.call("POST", "/v1/admin/users", tok, map[string]any{"email": "x@a.example", "role_id": 50, "location_ids": []int{f.locB}}, nil)
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, strings.Join(errorsIn(body), ";"), "is not a location of the user's dealer")
	// A new user defaults to the admin's dealer.
	var u adminapi.UserView
	code, body = f.call("POST", "/v1/admin/users", tok, map[string]any{"email": "Y@A.example", "role_id": 50, "location_ids": []int{f.locA}}, &u)
	require.Equal(t, http.StatusOK, code, string(body))
	assert.Equal(t, f.dealerA, u.DealerID)
	assert.Equal(t, "y@a.example", u.Email)
}

func TestLoginRateLimitAndDisable(t *testing.T) {
	f := newAdminFixture(t)
	email := fmt.Sprintf("role%d@a.example", enums.RoleIDReceptionist)
	var ok staffapi.LoginResponse
	code, body := f.call("POST", "/v1/auth/login", "", map[string]any{"email": strings.ToUpper(email), "password": "a good long password"}, &ok)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotEmpty(t, ok.Token)
	assert.Equal(t, int(enums.RoleIDReceptionist), ok.RoleID)
	assert.Equal(t, f.dealerA, ok.DealerID)
	assert.Equal(t, []int{f.locA}, ok.LocationIDs)
	code, _ = f.call("GET", "/v1/appointments", ok.Token, nil, nil)
	assert.Equal(t, http.StatusOK, code, "the signed-in token works")

	// Malformed payloads are validation errors (200 + errors).
	code, body = f.call("POST", "/v1/auth/login", "", `{"email":"a@b.example","password":"x","password":"y"}`, nil)
	assert.Equal(t, http.StatusOK, code)
	assert.NotEmpty(t, errorsIn(body))
	code, body = f.call("POST", "/v1/auth/login", "", map[string]any{"email": "not-an-email", "password": "x"}, nil)
	assert.Equal(t, http.StatusOK, code)
	assert.NotEmpty(t, errorsIn(body))

	// Unknown e-mail and wrong password answer alike.
	code, unknown := f.call("POST", "/v1/auth/login", "", map[string]any{"email": "nobody@a.example", "password": "whatever123"}, nil)
	assert.Equal(t, http.StatusUnauthorized, code)
	// Five wrong passwords for one e-mail from one client, then 429 there
	// even with the right one (another client still signs in:
	// TestOwnerSignsInWhileAttackerIsLockedOut).
	f.loginsIP = 10
	for i := 0; i < staffapi.LoginFailuresPerEmail; i++ {
		code, wrong := f.call("POST", "/v1/auth/login", "", map[string]any{"email": email, "password": "wrong password!"}, nil)
		require.Equal(t, http.StatusUnauthorized, code)
		assert.Equal(t, unknown, wrong)
	}
	code, _ = f.call("POST", "/v1/auth/login", "", map[string]any{"email": email, "password": "a good long password"}, nil)
	assert.Equal(t, http.StatusTooManyRequests, code)
	f.loginsIP = 99

	// A disabled user cannot sign in, and its token stops working at once.
	mech := fmt.Sprintf("role%d@a.example", enums.RoleIDMechanic)
	var m staffapi.LoginResponse
	code, _ = f.call("POST", "/v1/auth/login", "", map[string]any{"email": mech, "password": "a good long password"}, &m)
	require.Equal(t, http.StatusOK, code)
	code, _ = f.call("POST", fmt.Sprintf("/v1/admin/users/%d/disable", f.users[enums.RoleIDMechanic]), f.token(enums.RoleIDDealerAdmin), nil, nil)
	require.Equal(t, http.StatusOK, code)
	code, _ = f.call("POST", "/v1/auth/login", "", map[string]any{"email": mech, "password": "a good long password"}, nil)
	assert.Equal(t, http.StatusUnauthorized, code)
	code, _ = f.call("GET", "/v1/appointments", m.Token, nil, nil)
	assert.Equal(t, http.StatusUnauthorized, code)
}

func TestLocationValidation(t *testing.T) {
	f := newAdminFixture(t)
	tok := f.token(enums.RoleIDClaireAdmin)
	code, body := f.call("POST", fmt.Sprintf("/v1/admin/dealers/%d/locations", f.dealerA), tok, map[string]any{
		"name": "X", "country": "Netherlands", "time_zone": "Europe/Atlantis", "language_code": "es-ES", "vat": 120,
		"check_in_days_prior": 31, "phone_nr": "12", "opening_hours": map[string]any{"mon": []string{"17:00-08:00"}, "xyz": []string{}},
		"acses_email": "nope", "third_party_webhook_url": "ftp://x",
	}, nil)
	require.Equal(t, http.StatusOK, code)
	got := strings.Join(errorsIn(body), "\n")
	for _, want := range []string{"country:", "time_zone: unknown time zone", "language_code:", "vat:", "check_in_days_prior:",
		"phone_nr:", "opening_hours.mon[0]", "unknown day \"xyz\"", "acses_email", "third_party_webhook_url"} {
		assert.Contains(t, got, want)
	}
	var l adminapi.LocationView
	code, body = f.call("POST", fmt.Sprintf("/v1/admin/dealers/%d/locations", f.dealerA), tok, map[string]any{
		"name": "Den Haag", "country": "nl", "time_zone": "Europe/Amsterdam", "language_code": "fr-FR", "phone_nr": "070 123 4567",
		"opening_hours": map[string]any{"mon": []string{"08:00-12:00", "13:00-17:30"}}, "acses_password": "s3cret",
		"dms_id": 9, "is_acses_enabled": true, "acses_email": "acses@dealer.example",
	}, &l)
	require.Equal(t, http.StatusOK, code, string(body))
	assert.Equal(t, "+31701234567", l.PhoneNr)
	assert.Equal(t, "NL", l.Country)
	assert.True(t, l.HasAcsesPassword)
	assert.NotContains(t, string(body), "s3cret")
	// Unknown fields are refused.
	code, body = f.call("PUT", fmt.Sprintf("/v1/admin/locations/%d", l.ID), tok, `{"nmae":"x"}`, nil)
	assert.Equal(t, http.StatusOK, code)
	assert.NotEmpty(t, errorsIn(body))
}

// TestDealerRetentionMonths: the personal-data retention is 24 months by
// default, set through the dealer update, shown in the dealer's read, and
// 0 or a century is refused naming the bounds (nothing else changes).
func TestDealerRetentionMonths(t *testing.T) {
	f := newAdminFixture(t)
	tok := f.token(enums.RoleIDClaireAdmin)
	path := fmt.Sprintf("/v1/admin/dealers/%d", f.dealerA)
	var d adminapi.DealerView
	code, body := f.call("GET", path, tok, nil, &d)
	require.Equal(t, http.StatusOK, code, string(body))
	assert.Equal(t, 24, d.PersonalDataRetentionMonths)
	for _, bad := range []int{0, 1200} {
		code, body = f.call("PUT", path, tok, map[string]any{"personal_data_retention_months": bad, "city": "Elsewhere"}, nil)
		require.Equal(t, http.StatusOK, code)
		assert.Equal(t, []string{"personal_data_retention_months: must be between 1 and 120"}, errorsIn(body), bad)
	}
	code, body = f.call("PUT", path, tok, map[string]any{"personal_data_retention_months": 36}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	d = adminapi.DealerView{}
	f.call("GET", path, tok, nil, &d)
	assert.Equal(t, 36, d.PersonalDataRetentionMonths)
	assert.NotEqual(t, "Elsewhere", d.City, "a refused update changes nothing")
}
