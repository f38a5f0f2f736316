package dms_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/dms"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

func km(n int) *int { return &n }

// valid is a work order with every field set.
func valid() dms.WorkOrder {
	return dms.WorkOrder{
		DMSID: enums.DMSIDIncadea, DMSLocationID: "LOC-1",
		DMSNr: "900123", WONr: "WO-1001",
		TimeCarApp: "2026-06-10T08:30:00+02:00", DMSCreatedAt: "2026-06-01T10:00:00Z",
		DueIn: "2026-06-10T08:00:00+02:00", CarReturnTime: "2026-06-10T17:00:00+02:00",
		CustomerWaiting: true, CarInShop: "2026-06-10T08:05:00+02:00", CarOutOfShop: "2026-06-10T16:00:00+02:00",
		DMSKM: km(45210),
		Interventions: []dms.Intervention{{
			DMSNr: "J1", Title: "Service", Description: "Yearly service", Price: 249.5,
			Elements: []dms.Element{
				{DMSNr: "M1", ElementType: enums.InterventionElementTypeTask, Description: "Service menu", Price: 199, Quantity: 1},
				{DMSNr: "L1", ParentDMSNr: "M1", ElementType: enums.InterventionElementTypeLabor, Description: "Labour", Price: 50.5, Quantity: 0.5},
				{DMSNr: "D1", ElementType: enums.InterventionElementTypeDiscount, Description: "Loyalty", Price: -10, Quantity: 1},
			},
		}},
		Car: dms.Car{
			DMSNr: "C1", Make: "Volkswagen", Model: "Golf", RegNr: "AB-123-C", VIN: "WVWZZZ1KZAW000001",
			Fuel: "petrol", DMSRegistration: "2019-03-01", APKDateDMS: "2027-03-01",
			WarrantyDateStart: "2019-03-01", WarrantyDateEnd: "2024-03-01",
			DriverDMSNr: "K1", OwnerDMSNr: "K2", ContractorDMSNr: "K3",
		},
		Driver: &dms.Party{DMSNr: "K1", Title: "Dhr.", FirstName: "Jan", Insertion: "van der", Surname: "Berg",
			Street: "Dorpsstraat", HouseNr: "12a", Postcode: "1234 AB", Place: "Utrecht",
			EmailPrivate: "jan@example.nl", TelPrivateNr: "+31301234567", TelMobilePrivate: "+31612345678"},
		Owner:      &dms.Party{DMSNr: "K2", Company: "Lease BV", IsLeaseCompany: true, EmailBusiness: "fleet@lease.example"},
		Contractor: &dms.Party{DMSNr: "K3", Company: "Werkgever BV", TelBusinessNr: "+31301111111", TelMobileBusiness: "+31622222222"},
	}
}

func TestValidWorkOrderHasNoProblems(t *testing.T) {
	w := valid()
	assert.Empty(t, w.Validate())
	assert.NoError(t, w.Validate().Err())
	assert.True(t, w.IsLeaseCompany())
	assert.Equal(t, "van der Berg", w.Driver.FullSurname())
}

func fields(ps dms.Problems) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Field)
	}
	return out
}

func TestValidateProblems(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*dms.WorkOrder)
		field string
		msg   string
	}{
		{"missing WO number", func(w *dms.WorkOrder) { w.WONr = "" }, "wo_nr", "is missing"},
		{"blank WO number", func(w *dms.WorkOrder) { w.WONr = "  " }, "wo_nr", "is missing"},
		{"missing location", func(w *dms.WorkOrder) { w.DMSLocationID = "" }, "dms_location_id", "is missing"},
		{"unknown DMS", func(w *dms.WorkOrder) { w.DMSID = 99 }, "dms_id", "99 is not a DMS"},
		{"missing appointment date", func(w *dms.WorkOrder) { w.TimeCarApp = "" }, "time_car_app", "appointment date is missing"},
		{"ambiguous d/m/y date", func(w *dms.WorkOrder) { w.TimeCarApp = "10/6/2019" }, "time_car_app", `"10/6/2019" is not an ISO 8601 date`},
		{"d-m-y date", func(w *dms.WorkOrder) { w.DMSCreatedAt = "10-06-2019" }, "dms_created_at", "not an ISO 8601 date"},
		{"date-time without zone", func(w *dms.WorkOrder) { w.DueIn = "2026-06-10T08:00:00" }, "due_in", "without a time zone"},
		{"space instead of T", func(w *dms.WorkOrder) { w.CarInShop = "2026-06-10 08:00:00Z" }, "car_in_shop", "not an ISO 8601 date"},
		{"impossible date", func(w *dms.WorkOrder) { w.Car.APKDateDMS = "2026-02-30" }, "car.apk_date_dms", "not a valid calendar date"},
		{"placeholder year", func(w *dms.WorkOrder) { w.Car.DMSRegistration = "0001-01-01" }, "car.dms_registration", "before 1900"},
		{"out before in", func(w *dms.WorkOrder) { w.CarReturnTime = "2026-06-09" }, "car_return_time", "before scheduled in"},
		{"warranty ends before start", func(w *dms.WorkOrder) { w.Car.WarrantyDateEnd = "2018-01-01" }, "car.warranty_date_end", "before it starts"},
		{"NUL byte", func(w *dms.WorkOrder) { w.Driver.Surname = "Be\x00rg" }, "driver.surname", "NUL byte"},
		{"invalid UTF-8", func(w *dms.WorkOrder) { w.Interventions[0].Description = "caf\xe9" }, "interventions[0].description", "not valid UTF-8"},
		{"over-long", func(w *dms.WorkOrder) { w.WONr = strings.Repeat("9", 65) }, "wo_nr", "65 characters long, at most 64"},
		{"long VIN", func(w *dms.WorkOrder) { w.Car.VIN = strings.Repeat("A", 18) }, "car.vin", "at most 17"},
		{"negative mileage", func(w *dms.WorkOrder) { w.DMSKM = km(-1) }, "dms_km", "negative"},
		{"absurd mileage", func(w *dms.WorkOrder) { w.DMSKM = km(9_000_000) }, "dms_km", "beyond"},
		{"negative intervention price", func(w *dms.WorkOrder) { w.Interventions[0].Price = -1 }, "interventions[0].price", "negative"},
		{"negative part price", func(w *dms.WorkOrder) { w.Interventions[0].Elements[0].Price = -5 }, "interventions[0].elements[0].price", "negative"},
		{"NaN price", func(w *dms.WorkOrder) { w.Interventions[0].Elements[1].Price = math.NaN() }, "interventions[0].elements[1].price", "not a number"},
		{"negative quantity", func(w *dms.WorkOrder) { w.Interventions[0].Elements[1].Quantity = -2 }, "interventions[0].elements[1].quantity", "negative"},
		{"unknown element type", func(w *dms.WorkOrder) { w.Interventions[0].Elements[0].ElementType = 0 }, "interventions[0].elements[0].element_type", "not an element type"},
		{"untitled intervention", func(w *dms.WorkOrder) { w.Interventions[0].Title, w.Interventions[0].Description = "", "" }, "interventions[0].title", "title or a description"},
		{"unknown fuel", func(w *dms.WorkOrder) { w.Car.Fuel = "steam" }, "car.fuel", `"steam" is not a known fuel`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := valid()
			tc.edit(&w)
			ps := w.Validate()
			require.Len(t, ps, 1, "%v", ps.Strings())
			assert.Equal(t, tc.field, ps[0].Field)
			assert.Contains(t, ps[0].Message, tc.msg)
			assert.ErrorContains(t, ps.Err(), tc.field)
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	w := valid()
	w.WONr, w.TimeCarApp, w.DMSKM = "", "6/10/2019", km(-3)
	w.Owner.Company = "\x00"
	assert.Equal(t, []string{"wo_nr", "time_car_app", "dms_km", "owner.company"}, fields(w.Validate()))
}

func TestValidateCapsTheList(t *testing.T) {
	w := valid()
	for i := 0; i < 300; i++ {
		w.Interventions = append(w.Interventions, dms.Intervention{Price: -1})
	}
	ps := w.Validate()
	assert.Len(t, ps, 101)
	assert.Contains(t, ps[100].Message, "too many problems")
}

func TestTimestampAcceptsISO8601(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	require.NoError(t, err)
	for in, want := range map[dms.Timestamp]time.Time{
		"2026-06-10":                       time.Date(2026, 6, 10, 0, 0, 0, 0, ams),
		"2026-06-10T08:30:00+02:00":        time.Date(2026, 6, 10, 6, 30, 0, 0, time.UTC),
		"2026-06-10T06:30:00Z":             time.Date(2026, 6, 10, 6, 30, 0, 0, time.UTC),
		"2026-06-10t06:30:00z":             time.Date(2026, 6, 10, 6, 30, 0, 0, time.UTC),
		"2026-06-10T06:30:00.123456+00:00": time.Date(2026, 6, 10, 6, 30, 0, 123456000, time.UTC),
	} {
		got, err := in.Time(ams)
		require.NoError(t, err, in)
		assert.True(t, want.Equal(got), "%s: %s", in, got)
	}
	_, err = dms.Timestamp("").Time(nil)
	assert.ErrorIs(t, err, dms.ErrNoTime)
	assert.True(t, dms.Timestamp("2026-06-10").DateOnly())
	assert.Equal(t, dms.Timestamp("2026-06-10T06:30:00Z"), dms.TimestampOf(time.Date(2026, 6, 10, 6, 30, 0, 0, time.UTC)))
	assert.Equal(t, dms.Timestamp("2026-06-10"), dms.DateOf(time.Date(2026, 6, 10, 6, 30, 0, 0, time.UTC)))
}

func TestParseFuel(t *testing.T) {
	for in, want := range map[string]dms.Fuel{"Benzine": dms.FuelPetrol, " DIESEL ": dms.FuelDiesel, "PHEV": dms.FuelPlugInHybrid, "Elektrisch": dms.FuelElectric, "": ""} {
		got, ok := dms.ParseFuel(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	_, ok := dms.ParseFuel("steam")
	assert.False(t, ok)
	assert.Equal(t, "steam", dms.NormaliseFuel("steam"))
	assert.Equal(t, "lpg", dms.NormaliseFuel("LPG"))
}

func TestHashIsStableAndSeesEveryChange(t *testing.T) {
	a, b := valid(), valid()
	h := a.Hash()
	assert.Regexp(t, `^sha256:[0-9a-f]{64}$`, h)
	assert.Equal(t, h, b.Hash(), "equal content, separately built")
	// A fixed value: the hash must not change between releases unless
	// hashVersion does, or every work order would be re-imported.
	assert.Equal(t, "sha256:98bc084107d31e70daf285a8078411994ad97ec985ed3d9d3e16d5fe1c996140", h)

	edits := []func(*dms.WorkOrder){
		func(w *dms.WorkOrder) { w.WONr = "WO-1002" },
		func(w *dms.WorkOrder) { w.Canceled = true },
		func(w *dms.WorkOrder) { w.DMSKM = nil },
		func(w *dms.WorkOrder) { w.DMSKM = km(45211) },
		func(w *dms.WorkOrder) { w.Interventions[0].Elements[1].Quantity = 0.75 },
		func(w *dms.WorkOrder) { w.Car.Fuel = "diesel" },
		func(w *dms.WorkOrder) { w.Driver.TelMobilePrivate = "+31600000000" },
		func(w *dms.WorkOrder) { w.Contractor = nil },
		func(w *dms.WorkOrder) { w.Owner.IsLeaseCompany = false },
	}
	seen := map[string]int{h: -1}
	for i, edit := range edits {
		w := valid()
		edit(&w)
		got := w.Hash()
		prev, dup := seen[got]
		assert.False(t, dup, "edit %d hashes like %d", i, prev)
		seen[got] = i
	}
	bad := valid()
	bad.Interventions[0].Price = math.Inf(1)
	assert.Empty(t, bad.Hash())
}
