package remotediagfake_test

import (
	"encoding/json"
	"strings"
	"testing"

	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
	fake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
)

// firstItemKeys: the keys of result[0] of a list answer.
func firstItemKeys(t *testing.T, b []byte) string {
	t.Helper()
	var p struct {
		Result []json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(b, &p); err != nil || len(p.Result) == 0 {
		t.Fatalf("%s: %v", b, err)
	}
	return keys(t, p.Result[0])
}

// loginRaw logs in with a raw body, checks the document's token keys and
// answers the access token.
func loginRaw(t *testing.T, srv *fake.Server, path string, body any) string {
	t.Helper()
	code, b := do(t, srv, "POST", path, "", body)
	if code != 200 || keys(t, b) != "access_token,id_token,refresh_token" {
		t.Fatalf("login %s: %d %s", path, code, b)
	}
	var tok rd.Tokens
	_ = json.Unmarshal(b, &tok)
	return tok.AccessToken
}

// The account operations' raw JSON against the document's field names, the
// document's own request examples (numbers where its tables say strings),
// and the simulator's own refusals (the client validates first, so these
// are only reachable raw).
func TestAccountWireShapesMatchTheDocument(t *testing.T) {
	srv := fake.New()
	defer srv.Close()
	// The document's example: connector_id and pincode as numbers.
	at := loginRaw(t, srv, rd.PathLoginConnectorID, map[string]any{"connector_id": fake.ConnectorOnlineID, "pincode": 1234})
	var code int
	var b []byte

	checks := []struct{ method, path, want string }{
		{"GET", rd.PathCompanyDetails, "city,country,currency,email_address,financial_email_address,name,number,phone,postal_code,reference,street"},
		{"GET", rd.PathBranding, "branding_name,customer_portal_url"},
		{"GET", rd.PathCurrentUser, "client,first_name,id,last_name,middle_name,service_provider"},
		{"GET", "/v1/employees/me", "correspondence_locale,enabled,family_name,given_name,id,username"},
	}
	for _, c := range checks {
		code, b := do(t, srv, c.method, c.path, at, nil)
		if code != 200 || keys(t, b) != c.want {
			t.Fatalf("%s %s: %d %s", c.method, c.path, code, b)
		}
	}
	_, b = do(t, srv, "GET", rd.PathServicedVehicles, at, nil)
	if got := firstItemKeys(t, b); got != "last_serviced_at,make_id,make_name,model_group_id,model_group_name,model_id,model_name,model_variant_id,model_variant_name,vin" {
		t.Fatalf("serviced vehicle keys %s", got)
	}
	_, b = do(t, srv, "GET", rd.PathEmployees, at, nil)
	if got := keys(t, b); got != "limit,offset,result,total" {
		t.Fatalf("employees page %s", got)
	}
	_, b = do(t, srv, "GET", rd.PathCurrentUser, at, nil)
	var u map[string]json.RawMessage
	_ = json.Unmarshal(b, &u)
	if got := keys(t, u["service_provider"]); got != "currency,has_prepaid_wallet,id,name,payment_by_prepaid_balance,prepaid_wallet_settings,service_center,ui" {
		t.Fatalf("service_provider keys %s", got)
	}
	if got := keys(t, u["client"]); got != "address,allow_tickets_without_product,name,reference" {
		t.Fatalf("client keys %s", got)
	}
	code, b = do(t, srv, "POST", rd.PathTranslate, at, map[string]any{"message": map[string]any{"original": "Hello world!"}, "target_language": "de"})
	if code != 200 || keys(t, b) != "message,source_language,target_language" || !strings.Contains(string(b), `"translated":"Hallo Welt!"`) {
		t.Fatalf("translate %d %s", code, b)
	}
	code, b = do(t, srv, "POST", rd.PathForgotPassword, "", map[string]any{"email_address": "test@test.nl"})
	if code != 200 || string(b) != "{\"method\":\"SESSION\"}\n" {
		t.Fatalf("forgot %d %s", code, b)
	}

	// A ticket gives a channel.
	code, b = do(t, srv, "POST", rd.PathTickets, at, map[string]any{"vin": fake.VINFord, "vehicle_model_id": fake.ModelFocusII,
		"vehicle_model_variant_id": fake.VariantFocus14, "connector_id": fake.ConnectorOnlineID, "product_ids": []int64{fake.ProductDiagnostic},
		"product_prerequisites": []any{map[string]any{"definition_id": 1, "value": "true"}},
		"metadata":              map[string]any{"app_name": "Pitstop", "app_version": "1.0.0"}})
	if code != 201 {
		t.Fatalf("ticket %d %s", code, b)
	}
	var tk rd.Ticket
	_ = json.Unmarshal(b, &tk)
	code, b = do(t, srv, "POST", "/v1/channels/"+tk.ChatID+"/attachments", at, map[string]any{"file_name": "file.txt"})
	if code != 201 || keys(t, b) != "file_name,file_reference" {
		t.Fatalf("attachment %d %s", code, b)
	}
	code, b = do(t, srv, "POST", "/v1/channels/"+tk.ChatID+"/ping", at, nil)
	if code != 200 || keys(t, b) != "channel_id" {
		t.Fatalf("ping %d %s", code, b)
	}

	// Refusals: the document's error body, 400.
	bad := []struct {
		method, path string
		body         any
	}{
		{"PATCH", rd.PathCompanyDetails, map[string]any{"country": "Netherlands"}},
		{"POST", rd.PathEmployees, map[string]any{"given_name": "A", "family_name": "B", "username": nil}},
		{"PUT", "/v1/employees/me", map[string]any{"given_name": strings.Repeat("x", 256), "family_name": "B", "username": "a@b.nl"}},
		{"POST", rd.PathTranslate, map[string]any{"message": map[string]any{"original": ""}, "target_language": "de"}},
		{"POST", rd.PathForgotPassword, map[string]any{"email_address": "x"}},
		{"POST", "/v1/channels/" + tk.ChatID + "/attachments", map[string]any{"file_name": "../x"}},
		{"GET", "/v1/channels/" + tk.ChatID + "/attachments", nil}, // no file_reference
	}
	for _, c := range bad {
		code, b := do(t, srv, c.method, c.path, at, c.body)
		if code != 400 || keys(t, b) != "detail,status,title,type" {
			t.Fatalf("%s %s %v: %d %s", c.method, c.path, c.body, code, b)
		}
	}
	for _, p := range []string{rd.PathServicedVehicles, rd.PathCurrentUser, rd.PathCompanyDetails, rd.PathBranding, rd.PathEmployees} {
		if code, _ := do(t, srv, "GET", p, "", nil); code != 401 {
			t.Fatalf("%s without a token: %d", p, code)
		}
	}
}
