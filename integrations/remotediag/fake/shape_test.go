package remotediagfake_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"

	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
	fake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
)

// The simulator reuses the client's types; this checks the raw JSON against
// field names copied from the vendor document, so a wrong tag in the
// client is not mirrored silently.
func keys(t *testing.T, b []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func do(t *testing.T, srv *fake.Server, method, path, token string, body any) (int, []byte) {
	t.Helper()
	var rdr *bytes.Reader
	b, _ := json.Marshal(body)
	rdr = bytes.NewReader(b)
	req, _ := http.NewRequest(method, srv.URL()+path, rdr)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(resp.Body)
	return resp.StatusCode, out.Bytes()
}

func TestWireShapesMatchTheDocument(t *testing.T) {
	srv := fake.New()
	defer srv.Close()
	// pincode as a number, as in the document's example.
	code, b := do(t, srv, "POST", rd.PathLoginConnectorUUID, "", map[string]any{"connector_uuid": fake.ConnectorOnlineUUID, "pincode": 1234})
	if code != 200 || keys(t, b) != "access_token,id_token,refresh_token" {
		t.Fatalf("login %d %s", code, b)
	}
	var tok rd.Tokens
	_ = json.Unmarshal(b, &tok)

	_, b = do(t, srv, "GET", "/v1/connectors/910329423", tok.AccessToken, nil)
	if got := keys(t, b); got != "hardware_type,hardware_version,has_wifi,id,is_online,product_description,software_version,supports_doip,uuid,vehicle_path_string,vin_number" {
		t.Fatalf("connector keys %s", got)
	}
	_, b = do(t, srv, "GET", rd.PathConnectors+"?limit=1", tok.AccessToken, nil)
	if got := keys(t, b); got != "limit,offset,result,total" {
		t.Fatalf("page keys %s", got)
	}
	code, b = do(t, srv, "GET", rd.PathConnectors+"?limit=201", tok.AccessToken, nil)
	if code != 400 || keys(t, b) != "detail,status,title,type" {
		t.Fatalf("paging error %d %s", code, b)
	}
	code, b = do(t, srv, "GET", rd.PathConnectors+"?offset=-1", tok.AccessToken, nil)
	if code != 400 {
		t.Fatalf("offset -1: %d %s", code, b)
	}
	// The document's own creation example: model ids as strings.
	code, b = do(t, srv, "POST", rd.PathTickets, tok.AccessToken, map[string]any{
		"vin": fake.VINFord, "vehicle_model_id": "23423", "vehicle_model_variant_id": "34234", "connector_id": 910329423,
		"voucher": "PITSTOP10", "product_ids": []int{52351}, "product_prerequisites": []any{map[string]any{"definition_id": 1, "value": "true"}},
		"metadata":  map[string]any{"app_name": "Web Client", "app_version": "1.16.6", "vin_is_found_by_reader": true},
		"reference": "aa-bb-12", "confirmed_unattended_service": false,
	})
	if code != 201 || keys(t, b) != "chat_id,connector_id,id,product_ids,state,uuid,vehicle_model_id,vehicle_model_variant_id,vin,vinNumber" {
		t.Fatalf("ticket %d %s", code, b)
	}
	_, b = do(t, srv, "GET", rd.PathServiceCenterState, tok.AccessToken, nil)
	if got := keys(t, b); got != "message,state" && got != "ends_at,message,state" {
		t.Fatalf("state keys %s", got)
	}
	code, _ = do(t, srv, "GET", rd.PathConnectors, "", nil)
	if code != 401 {
		t.Fatalf("no token: %d", code)
	}
}
