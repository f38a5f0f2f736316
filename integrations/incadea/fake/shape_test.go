package incadeafake_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/incadea"
	fake "github.com/pitstop-dev/pitstop/integrations/incadea/fake"
)

// The simulator shares its Go types with our client, so a wrong JSON tag
// would agree with itself. These tests speak raw JSON with the field names
// copied from ../PROTOCOL.md (the wire format; spec 002 lists the fields
// imported): the request side as literal query parameters, headers and
// bodies, the reply side as key sets of the raw objects.

// Field names exactly as PROTOCOL.md spells them.
const (
	docWorkOrder = "appointmentDate,branchId,canceled,contractor,createdAt,customerWaiting,dealerId,driver,id,jobs,mileage,modifiedAt,number,owner,scheduledIn,scheduledOut,vehicle,vehicleIn,vehicleOut"
	docJob       = "description,id,lines,price,title"
	docLine      = "description,id,internalNote,kind,parentId,price,quantity"
	docVehicle   = "apkDate,driverId,firstRegistration,id,licensePlate,make,model,ownerId,vin,warrantyEnd,warrantyStart"
	docCustomer  = "city,company,emailBusiness,emailPrivate,firstName,id,isLeaseCompany,lastName,mobileBusiness,mobilePrivate,phoneBusiness,phonePrivate,postalCode,street"
)

func keysOf(t *testing.T, what string, v any) string {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s is not an object: %#v", what, v)
	}
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func raw(t *testing.T, srv *fake.Server, method, path, apiKey, body string) (int, map[string]any) {
	t.Helper()
	var rdr io.Reader
	if body != "" {
		rdr = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL()+path, rdr)
	if err != nil {
		t.Fatal(err)
	}
	if apiKey != "" {
		req.Header.Set("X-API-Key", apiKey) // the header PROTOCOL.md names
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s %s: %d %q is not a JSON object: %v", method, path, res.StatusCode, b, err)
	}
	return res.StatusCode, m
}

func intp(i int) *int { return &i }

// full is a work order with every field and party set, so every documented
// key shows.
func full() incadea.WorkOrder {
	party := func(id string) *incadea.Customer {
		return &incadea.Customer{ID: id, Company: "Co", FirstName: "Jan", LastName: "Jansen", Street: "Dorpsstraat 1", PostalCode: "1234 AB",
			City: "Utrecht", EmailPrivate: "a@example.com", PhonePrivate: "030", MobilePrivate: "06", EmailBusiness: "b@example.com",
			PhoneBusiness: "031", MobileBusiness: "07", IsLeaseCompany: id == "K3"}
	}
	return incadea.WorkOrder{ID: "900123", BranchID: "BR-1", Number: "WO-1001", AppointmentDate: "2026-06-10T08:30:00+02:00",
		CreatedAt: "2026-06-01T10:00:00Z", ScheduledIn: "2026-06-10T08:30:00+02:00", ScheduledOut: "2026-06-10T17:00:00+02:00",
		CustomerWaiting: true, VehicleIn: "2026-06-10T08:35:00+02:00", VehicleOut: "2026-06-10T16:00:00+02:00", Mileage: intp(45210),
		Jobs: []incadea.Job{{ID: "J1", Title: "Service", Description: "yearly", Price: 249.5, Lines: []incadea.Line{
			{ID: "L1", ParentID: "M1", Kind: "labour", Description: "labour", Quantity: 0.5, Price: 50.5, InternalNote: "note"}}}},
		Vehicle: &incadea.Vehicle{ID: "V1", Make: "Peugeot", Model: "208", LicensePlate: "AB-123-C", VIN: "VF3ABCDEF12345678",
			FirstRegistration: "2019-03-01", APKDate: "2027-03-01", WarrantyStart: "2019-03-01", WarrantyEnd: "2024-03-01", DriverID: "K1", OwnerID: "K2"},
		Driver: party("K1"), Owner: party("K2"), Contractor: party("K3"),
	}
}

func checkWorkOrder(t *testing.T, wo any) {
	t.Helper()
	if got := keysOf(t, "work order", wo); got != docWorkOrder {
		t.Fatalf("work order keys\n got %s\nwant %s", got, docWorkOrder)
	}
	m := wo.(map[string]any)
	jobs := m["jobs"].([]any)
	if got := keysOf(t, "job", jobs[0]); got != docJob {
		t.Fatalf("job keys\n got %s\nwant %s", got, docJob)
	}
	lines := jobs[0].(map[string]any)["lines"].([]any)
	if got := keysOf(t, "line", lines[0]); got != docLine {
		t.Fatalf("line keys\n got %s\nwant %s", got, docLine)
	}
	if got := keysOf(t, "vehicle", m["vehicle"]); got != docVehicle {
		t.Fatalf("vehicle keys\n got %s\nwant %s", got, docVehicle)
	}
	for _, p := range []string{"driver", "owner", "contractor"} {
		if got := keysOf(t, p, m[p]); got != docCustomer {
			t.Fatalf("%s keys\n got %s\nwant %s", p, got, docCustomer)
		}
	}
	// Values where the document shows their JSON type.
	if m["number"] != "WO-1001" || m["mileage"] != 45210.0 || m["customerWaiting"] != true || m["canceled"] != false ||
		m["appointmentDate"] != "2026-06-10T08:30:00+02:00" {
		t.Fatalf("work order values %v", m)
	}
	if l := lines[0].(map[string]any); l["kind"] != "labour" || l["quantity"] != 0.5 || l["parentId"] != "M1" {
		t.Fatalf("line values %v", l)
	}
	if v := m["vehicle"].(map[string]any); v["licensePlate"] != "AB-123-C" || v["driverId"] != "K1" {
		t.Fatalf("vehicle values %v", v)
	}
	if c := m["contractor"].(map[string]any); c["isLeaseCompany"] != true || c["emailPrivate"] != "a@example.com" {
		t.Fatalf("contractor values %v", c)
	}
}

func checkError(t *testing.T, what string, code int, body map[string]any, wantStatus int, wantCode string) {
	t.Helper()
	if code != wantStatus || keysOf(t, what, body) != "error" || keysOf(t, what+".error", body["error"]) != "code,message" ||
		body["error"].(map[string]any)["code"] != wantCode {
		t.Fatalf("%s: %d %v, want %d {\"error\":{\"code\":%q,\"message\":...}}", what, code, body, wantStatus, wantCode)
	}
}

func TestWireShapesMatchTheProtocol(t *testing.T) {
	srv := fake.New()
	defer srv.Close()
	srv.PutWorkOrder(full())
	key := fake.DefaultAPIKey

	// GET /api/v1/workorders/{id}: the work order itself.
	code, wo := raw(t, srv, "GET", "/api/v1/workorders/900123", key, "")
	if code != http.StatusOK {
		t.Fatalf("get: %d %v", code, wo)
	}
	checkWorkOrder(t, wo)

	// Search by number and by licensePlate (separators and case ignored):
	// {"items":[WorkOrder...]}.
	for _, q := range []string{"number=WO-1001", "licensePlate=ab123c"} {
		code, res := raw(t, srv, "GET", "/api/v1/workorders?"+q, key, "")
		if code != http.StatusOK || keysOf(t, "search", res) != "items" || len(res["items"].([]any)) != 1 {
			t.Fatalf("search %s: %d %v", q, code, res)
		}
		checkWorkOrder(t, res["items"].([]any)[0])
	}
	code, res := raw(t, srv, "GET", "/api/v1/workorders?number=nope", key, "")
	if code != http.StatusOK || res["items"] == nil || len(res["items"].([]any)) != 0 {
		t.Fatalf("no match is [] (not null): %d %v", code, res)
	}
	code, res = raw(t, srv, "GET", "/api/v1/workorders?number=WO-1001&licensePlate=AB123C", key, "")
	checkError(t, "both search parameters", code, res, http.StatusBadRequest, "bad_request")

	// Changes: {"items":[...],"nextCursor":"..."}, "" on the last page.
	since := url.QueryEscape(time.Now().Add(-time.Hour).UTC().Format(time.RFC3339))
	code, res = raw(t, srv, "GET", "/api/v1/workorders/changes?since="+since+"&limit=200", key, "")
	if code != http.StatusOK || keysOf(t, "changes", res) != "items,nextCursor" || res["nextCursor"] != "" {
		t.Fatalf("changes: %d %v", code, res)
	}
	checkWorkOrder(t, res["items"].([]any)[0])
	code, res = raw(t, srv, "GET", "/api/v1/workorders/changes?since="+since+"&limit=201", key, "")
	checkError(t, "limit 201", code, res, http.StatusBadRequest, "bad_request")

	// Mileage write-back: body {"mileage": 46000}, reply the same; lower 409.
	code, res = raw(t, srv, "PUT", "/api/v1/workorders/900123/mileage", key, `{"mileage": 46000}`)
	if code != http.StatusOK || keysOf(t, "mileage", res) != "mileage" || res["mileage"] != 46000.0 {
		t.Fatalf("mileage: %d %v", code, res)
	}
	code, res = raw(t, srv, "PUT", "/api/v1/workorders/900123/mileage", key, `{"mileage": 100}`)
	checkError(t, "lower mileage", code, res, http.StatusConflict, "mileage_lower")
	code, res = raw(t, srv, "PUT", "/api/v1/workorders/900123/mileage", key, `{"km": 47000}`)
	checkError(t, "a body without mileage", code, res, http.StatusBadRequest, "bad_request")

	// Errors: unknown id, no key.
	code, res = raw(t, srv, "GET", "/api/v1/workorders/nope", key, "")
	checkError(t, "unknown id", code, res, http.StatusNotFound, "not_found")
	code, res = raw(t, srv, "GET", "/api/v1/workorders/900123", "", "")
	checkError(t, "no API key", code, res, http.StatusUnauthorized, "unauthorized")
}

// The client reads the document's JSON: a reply written by hand with the
// documented names (not by the shared types) arrives in every field.
func TestClientReadsTheDocumentedShape(t *testing.T) {
	const doc = `{"id":"900123","dealerId":"D1","branchId":"BR-1","number":"WO-1001",
	  "appointmentDate":"2026-06-10T08:30:00+02:00","createdAt":"2026-06-01T10:00:00Z",
	  "scheduledIn":"2026-06-10T08:30:00+02:00","scheduledOut":"2026-06-10T17:00:00+02:00","customerWaiting":true,
	  "vehicleIn":"2026-06-10T08:35:00+02:00","vehicleOut":"2026-06-10T16:00:00+02:00","mileage":45210,"canceled":true,
	  "modifiedAt":"2026-06-01T10:00:00.001Z",
	  "jobs":[{"id":"J1","title":"Service","description":"yearly","price":249.5,
	    "lines":[{"id":"L1","parentId":"M1","kind":"labour","description":"labour","quantity":0.5,"price":50.5,"internalNote":"note"}]}],
	  "vehicle":{"id":"V1","make":"Peugeot","model":"208","licensePlate":"AB-123-C","vin":"VF3ABCDEF12345678",
	    "firstRegistration":"2019-03-01","apkDate":"2027-03-01","warrantyStart":"2019-03-01","warrantyEnd":"2024-03-01",
	    "driverId":"K1","ownerId":"K2"},
	  "driver":{"id":"K1","company":"Co","firstName":"Jan","lastName":"Jansen","street":"Dorpsstraat 1","postalCode":"1234 AB",
	    "city":"Utrecht","emailPrivate":"a@example.com","phonePrivate":"030","mobilePrivate":"06","emailBusiness":"b@example.com",
	    "phoneBusiness":"031","mobileBusiness":"07","isLeaseCompany":true},
	  "owner":null,"contractor":null}`
	var gotKey string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotKey = r.Header.Get("X-API-Key")
		if r.URL.Path != "/api/v1/workorders/900123" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, doc)
	}))
	defer ts.Close()
	c, err := incadea.New(incadea.Config{BaseURL: ts.URL, APIKey: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	wo, err := c.GetWorkOrder(t.Context(), "900123")
	if err != nil {
		t.Fatal(err)
	}
	if gotKey != "k1" {
		t.Fatalf("the client sent X-API-Key %q", gotKey)
	}
	want := incadea.WorkOrder{ID: "900123", DealerID: "D1", BranchID: "BR-1", Number: "WO-1001", AppointmentDate: "2026-06-10T08:30:00+02:00",
		CreatedAt: "2026-06-01T10:00:00Z", ScheduledIn: "2026-06-10T08:30:00+02:00", ScheduledOut: "2026-06-10T17:00:00+02:00",
		CustomerWaiting: true, VehicleIn: "2026-06-10T08:35:00+02:00", VehicleOut: "2026-06-10T16:00:00+02:00", Mileage: intp(45210), Canceled: true,
		ModifiedAt: "2026-06-01T10:00:00.001Z",
		Jobs: []incadea.Job{{ID: "J1", Title: "Service", Description: "yearly", Price: 249.5, Lines: []incadea.Line{
			{ID: "L1", ParentID: "M1", Kind: "labour", Description: "labour", Quantity: 0.5, Price: 50.5, InternalNote: "note"}}}},
		Vehicle: &incadea.Vehicle{ID: "V1", Make: "Peugeot", Model: "208", LicensePlate: "AB-123-C", VIN: "VF3ABCDEF12345678",
			FirstRegistration: "2019-03-01", APKDate: "2027-03-01", WarrantyStart: "2019-03-01", WarrantyEnd: "2024-03-01", DriverID: "K1", OwnerID: "K2"},
		Driver: &incadea.Customer{ID: "K1", Company: "Co", FirstName: "Jan", LastName: "Jansen", Street: "Dorpsstraat 1", PostalCode: "1234 AB",
			City: "Utrecht", EmailPrivate: "a@example.com", PhonePrivate: "030", MobilePrivate: "06", EmailBusiness: "b@example.com",
			PhoneBusiness: "031", MobileBusiness: "07", IsLeaseCompany: true},
	}
	gb, _ := json.Marshal(wo)
	wb, _ := json.Marshal(want)
	if string(gb) != string(wb) {
		t.Fatalf("the client read\n%s\nwant\n%s", gb, wb)
	}
}
