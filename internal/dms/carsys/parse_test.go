package carsys_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/dms"
	"github.com/pitstop-dev/pitstop/internal/dms/carsys"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

const full = `{
  "location_id": "CS-7",
  "dms_nr": "88001",
  "wo_nr": " WO-1 ",
  "appointment_date": "2026-06-10T08:30:00+02:00",
  "created_at": "2026-06-01",
  "customer_waiting": true,
  "interventions": [{"dms_nr": "J1", "title": "APK", "description": "Periodieke keuring\n", "price": 49.95}],
  "car": {"dms_nr": "C9", "make": "Peugeot", "model": "208", "registration": "XX-123-Y", "vin": "VF3ABCDEF12345678",
          "fuel": "Benzine", "first_registration": "2020-01-15", "apk_date": "2027-01-15",
          "driver_id": "P1", "owner_id": "P2", "contractor_id": "P3"},
  "driver": {"id": "P1", "company": "", "title": "Mevr.", "first_name": "Anna", "insertion": "de", "last_name": "Vries",
             "street": "Kerkstraat", "house_number": "5", "postcode": "3511 AB", "place": "Utrecht",
             "email_private": "anna@example.nl", "telephone_private": "030-1234567", "mobile_private": "06-12345678",
             "email_business": "a.devries@work.example", "telephone_business": "030-7654321", "mobile_business": "06-87654321"},
  "owner": {"id": "P2", "company": "Lease NL"},
  "contractor": {"id": "P3", "company": "Werkgever BV"}
}`

func TestSingleWorkOrderMapsEveryField(t *testing.T) {
	p, err := carsys.Parse([]byte(full), carsys.Options{LocationID: "CS-7", DMSID: enums.DMSIDTestAPI})
	require.NoError(t, err)
	assert.False(t, p.Batch)
	require.Len(t, p.Results, 1)
	r := p.Results[0]
	assert.True(t, r.Accepted, r.Errors)
	assert.Equal(t, "WO-1", r.WONr)
	assert.Equal(t, []string{}, r.Errors)
	assert.Equal(t, r.WorkOrder.Hash(), r.Hash)

	want := dms.WorkOrder{
		DMSID: enums.DMSIDTestAPI, DMSLocationID: "CS-7", DMSNr: "88001", WONr: "WO-1",
		TimeCarApp: "2026-06-10T08:30:00+02:00", DMSCreatedAt: "2026-06-01", CustomerWaiting: true,
		Interventions: []dms.Intervention{{DMSNr: "J1", Title: "APK", Description: "Periodieke keuring\n", Price: 49.95}},
		Car: dms.Car{DMSNr: "C9", Make: "Peugeot", Model: "208", RegNr: "XX-123-Y", VIN: "VF3ABCDEF12345678",
			Fuel: "petrol", DMSRegistration: "2020-01-15", APKDateDMS: "2027-01-15",
			DriverDMSNr: "P1", OwnerDMSNr: "P2", ContractorDMSNr: "P3"},
		Driver: &dms.Party{DMSNr: "P1", Title: "Mevr.", FirstName: "Anna", Insertion: "de", Surname: "Vries",
			Street: "Kerkstraat", HouseNr: "5", Postcode: "3511 AB", Place: "Utrecht",
			EmailPrivate: "anna@example.nl", TelPrivateNr: "030-1234567", TelMobilePrivate: "06-12345678",
			EmailBusiness: "a.devries@work.example", TelBusinessNr: "030-7654321", TelMobileBusiness: "06-87654321"},
		Owner:      &dms.Party{DMSNr: "P2", Company: "Lease NL"},
		Contractor: &dms.Party{DMSNr: "P3", Company: "Werkgever BV"},
	}
	assert.Equal(t, want, *r.WorkOrder)
	assert.Equal(t, []dms.WorkOrder{want}, p.Accepted())
}

func item(wo, extra string) string {
	return `{"wo_nr": "` + wo + `", "appointment_date": "2026-06-10"` + extra + `}`
}

func TestBatchGoodBadAndDuplicate(t *testing.T) {
	body := "[" + strings.Join([]string{
		item("WO-1", ""), // 0 good
		item("WO-2", `, "created_at": "10/6/2019"`), // 1 ambiguous date
		item("WO-3", ""),                                        // 2 duplicate of 4
		`{"appointment_date": "2026-06-10"}`,                    // 3 no WO number
		item("WO-3", `, "customer_waiting": false`),             // 4 duplicate of 2
		item("WO-5", `, "customer_waiting": "yes"`),             // 5 wrong type
		item("WO-6", `, "colour": "red"`),                       // 6 unknown field
		item("WO-7", `, "driver": {"last_name": "Ja\u0000ns"}`), // 7 NUL byte
		`42`, // 8 not an object
		item("WO-9", `, "car": {"fuel": "steam", "registration": "AB-12-CD"}`), // 9 unknown fuel
		item("WO-10", `, "location_id": "OTHER"`),                              // 10 other location
		item("WO-11", `, "interventions": [{"title": "x", "price": -3}]`),      // 11 negative price
		item("WO-12", `, "car": {"fuel": "PHEV"}`),                             // 12 good
	}, ",\n") + "]"
	p, err := carsys.Parse([]byte(body), carsys.Options{LocationID: "CS-7"})
	require.NoError(t, err)
	assert.True(t, p.Batch)
	require.Len(t, p.Results, 13)

	for i, r := range p.Results {
		assert.Equal(t, i, r.Index)
		assert.Equal(t, len(r.Errors) == 0, r.Accepted, "item %d", i)
	}
	accepted := func(i int) { assert.True(t, p.Results[i].Accepted, "item %d: %v", i, p.Results[i].Errors) }
	refused := func(i int, wo, msg string) {
		t.Helper()
		r := p.Results[i]
		assert.False(t, r.Accepted, "item %d", i)
		assert.Nil(t, r.WorkOrder, "item %d", i)
		assert.Equal(t, wo, r.WONr, "item %d", i)
		require.Len(t, r.Errors, 1, "item %d: %v", i, r.Errors)
		assert.Contains(t, r.Errors[0], msg, "item %d", i)
	}
	accepted(0)
	refused(1, "WO-2", `created_at: "10/6/2019" is not an ISO 8601 date`)
	refused(2, "WO-3", `wo_nr: "WO-3" occurs more than once in this batch (indexes 2, 4)`)
	refused(3, "", "wo_nr: is missing")
	refused(4, "WO-3", `(indexes 2, 4)`)
	refused(5, "WO-5", "customer_waiting: expected true or false, got JSON string")
	refused(6, "WO-6", `unknown field "colour"`)
	refused(7, "WO-7", "driver.last_name: contains a NUL byte")
	refused(8, "", "must be a JSON object")
	refused(9, "WO-9", `car.fuel: "steam" is not a known fuel`)
	refused(10, "WO-10", `location_id: "OTHER" is not this endpoint's location "CS-7"`)
	refused(11, "WO-11", "interventions[0].price: is negative")
	accepted(12)

	got := p.Accepted()
	require.Len(t, got, 2)
	assert.Equal(t, "WO-1", got[0].WONr)
	assert.Equal(t, "CS-7", got[0].DMSLocationID, "location from the endpoint")
	assert.Equal(t, enums.DMSIDUnset, got[0].DMSID)
	assert.Equal(t, "plug_in_hybrid", got[1].Car.Fuel)

	// The reply's JSON shape.
	b, err := json.Marshal(p.Results[0])
	require.NoError(t, err)
	assert.JSONEq(t, `{"index":0,"wo_nr":"WO-1","accepted":true,"errors":[]}`, string(b))
}

func TestGarbageBodies(t *testing.T) {
	for name, tc := range map[string]struct{ body, msg string }{
		"empty":            {"", "body is empty"},
		"whitespace":       {"  \n", "body is empty"},
		"not JSON":         {"WO-1;2026-06-10", "body is not JSON: invalid JSON at byte 1"},
		"truncated":        {`{"wo_nr": "WO-1"`, "body is not JSON"},
		"trailing data":    {item("WO-1", "") + ` {"wo_nr":"WO-2"}`, "unexpected data after the JSON value"},
		"trailing garbage": {item("WO-1", "") + "x", "unexpected data after the JSON value"},
		"string":           {`"WO-1"`, "must be a work order (JSON object) or a batch"},
		"null":             {`null`, "must be a work order (JSON object) or a batch"},
		"empty batch":      {`[]`, "batch is empty"},
		"huge batch":       {"[" + strings.Repeat(item("W", "")+",", carsys.MaxBatchItems) + item("W", "") + "]", "at most 500"},
	} {
		t.Run(name, func(t *testing.T) {
			p, err := carsys.Parse([]byte(tc.body), carsys.Options{})
			assert.Nil(t, p)
			var be *carsys.BodyError
			require.ErrorAs(t, err, &be)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestProblemsUseCarsysNames(t *testing.T) {
	body := `{"wo_nr": "WO-1", "car": {"first_registration": "15-01-2020", "driver_id": "` + strings.Repeat("x", 65) + `"},
	          "owner": {"id": "\u0000", "house_number": "` + strings.Repeat("1", 33) + `", "mobile_business": "` + strings.Repeat("6", 33) + `"}}`
	p, err := carsys.Parse([]byte(body), carsys.Options{})
	require.NoError(t, err)
	r := p.Results[0]
	assert.False(t, r.Accepted)
	var fieldsSeen []string
	for _, e := range r.Errors {
		fieldsSeen = append(fieldsSeen, e[:strings.Index(e, ":")])
	}
	assert.Equal(t, []string{"location_id", "appointment_date", "car.first_registration", "car.driver_id", "owner.id", "owner.house_number", "owner.mobile_business"}, fieldsSeen)
}

// Line breaks and other control characters in single-line fields (the WO
// number, names, plates) are refused at the edge, naming the field; a
// description may keep its line breaks.
func TestControlCharactersInSingleLineFieldsAreRefused(t *testing.T) {
	for field, extra := range map[string]string{
		"wo_nr":                  "",
		"driver.last_name":       `, "driver": {"last_name": "Jans\u001b[31m"}`,
		"car.registration":       `, "car": {"registration": "AB-12\tCD"}`,
		"owner.place":            `, "owner": {"place": "Ams\u202eterdam"}`,
		"interventions[0].title": `, "interventions": [{"title": "Brakes\r\nX-Injected: 1"}]`,
	} {
		wo := "WO-1"
		if field == "wo_nr" {
			wo = `WO-1\r\nX-Injected: 1`
		}
		p, err := carsys.Parse([]byte(item(wo, extra)), carsys.Options{LocationID: "CS-7"})
		require.NoError(t, err)
		r := p.Results[0]
		require.False(t, r.Accepted, field)
		require.Len(t, r.Errors, 1, "%s: %v", field, r.Errors)
		assert.True(t, strings.HasPrefix(r.Errors[0], field+": "), "%s: %v", field, r.Errors)
		assert.Regexp(t, "single line|control character|bidirectional", r.Errors[0])
	}
	p, err := carsys.Parse([]byte(item("WO-1", `, "interventions": [{"title": "Brakes", "description": "front\r\nand rear"}]`)), carsys.Options{LocationID: "CS-7"})
	require.NoError(t, err)
	assert.True(t, p.Results[0].Accepted, "%v", p.Results[0].Errors)
}
