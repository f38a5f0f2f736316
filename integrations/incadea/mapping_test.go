package incadea_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/incadea"
	"github.com/pitstop-dev/pitstop/internal/dms"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

func TestMappingCoversEveryField(t *testing.T) {
	in := fullWO()
	got, ps := incadea.ToWorkOrder(&in)
	require.Empty(t, ps)
	assert.Empty(t, got.Validate().Strings())

	want := dms.WorkOrder{
		DMSID: enums.DMSIDIncadea, DMSLocationID: "BR-1", DMSNr: "900123", WONr: "WO-1001",
		TimeCarApp: "2026-06-10T08:30:00+02:00", DMSCreatedAt: "2026-06-01T10:00:00Z",
		DueIn: "2026-06-10T08:00:00+02:00", CarReturnTime: "2026-06-10T17:00:00+02:00",
		CustomerWaiting: true, CarInShop: "2026-06-10T08:05:00+02:00", CarOutOfShop: "2026-06-10T16:00:00+02:00",
		DMSKM: km(45210),
		Interventions: []dms.Intervention{{DMSNr: "J1", Title: "Service", Description: "Yearly service", Price: 249.5, Elements: []dms.Element{
			{DMSNr: "M1", ElementType: enums.InterventionElementTypeTask, Description: "Service menu", Quantity: 1, Price: 199},
			{DMSNr: "L1", ParentDMSNr: "M1", ElementType: enums.InterventionElementTypeLabor, Description: "Labour", Quantity: 0.5, Price: 50.5, PrivateNote: "tight bolt"},
			{DMSNr: "P1", ParentDMSNr: "M1", ElementType: enums.InterventionElementTypePart, Description: "Oil filter", Quantity: 1, Price: 12.5},
			{DMSNr: "N1", ElementType: enums.InterventionElementTypeText, Description: "Customer asks about tyres"},
		}}},
		Car: dms.Car{DMSNr: "V1", Make: "Volkswagen", Model: "Golf", RegNr: "AB-123-C", VIN: "WVWZZZ1KZAW000001",
			DMSRegistration: "2019-03-01", APKDateDMS: "2027-03-01", WarrantyDateStart: "2019-03-01", WarrantyDateEnd: "2024-03-01",
			DriverDMSNr: "K1", OwnerDMSNr: "K2", ContractorDMSNr: "K3"},
		Driver: &dms.Party{DMSNr: "K1", FirstName: "Jan", Surname: "Berg", Street: "Dorpsstraat 12a", Postcode: "1234 AB", Place: "Utrecht",
			EmailPrivate: "jan@example.nl", TelPrivateNr: "+31301234567", TelMobilePrivate: "+31612345678",
			EmailBusiness: "jan@work.example", TelBusinessNr: "+31307654321", TelMobileBusiness: "+31687654321"},
		Owner:      &dms.Party{DMSNr: "K2", Company: "Lease BV", IsLeaseCompany: true},
		Contractor: &dms.Party{DMSNr: "K3", Company: "Werkgever BV"},
	}
	assert.Equal(t, want, got)
	assert.True(t, got.IsLeaseCompany())

	// The mileage is copied, not shared.
	*in.Mileage = 1
	assert.Equal(t, 45210, *got.DMSKM)
}

func TestMappingRefusesUnknownLineKindAndKeepsBadDatesForValidate(t *testing.T) {
	in := fullWO()
	in.Jobs[0].Lines[2].Kind = "gift"
	in.AppointmentDate = "10/6/2019"
	in.Number = ""
	got, ps := incadea.ToWorkOrder(&in)
	require.Len(t, ps, 1)
	assert.Equal(t, "interventions[0].elements[2].element_type", ps[0].Field)
	assert.Contains(t, ps[0].Message, `"gift"`)
	assert.Equal(t, []string{
		`wo_nr: is missing`,
		`time_car_app: "10/6/2019" is not an ISO 8601 date (want YYYY-MM-DD or RFC 3339 such as 2026-06-10T08:30:00+02:00)`,
		`interventions[0].elements[2].element_type: 0 is not an element type of the spec's InterventionElementType enumeration`,
	}, got.Validate().Strings())

	empty, ps := incadea.ToWorkOrder(&incadea.WorkOrder{ID: "1", Number: "WO", BranchID: "B", AppointmentDate: "2026-06-10"})
	assert.Empty(t, ps)
	assert.Nil(t, empty.DMSKM)
	assert.Nil(t, empty.Driver)
	assert.Empty(t, empty.Validate())
}
