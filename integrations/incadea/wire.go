// Package incadea talks to Incadea, the DMS that Pitstop pulls work orders
// from (spec 002): search by WO number or registration, refresh one work
// order, follow changes, write the mileage back.
//
// The package is split so a real Incadea adapter replaces only the
// transport: wire.go holds the JSON types of the protocol in PROTOCOL.md,
// client.go and errors.go the HTTP transport, and mapping.go the mapping
// from wire types to dms.WorkOrder, which knows nothing of HTTP.
package incadea

// WorkOrder is a work order as the Incadea API returns it, with its vehicle
// and parties resolved (the fake and the protocol embed them, so a refresh
// sees a changed customer).
type WorkOrder struct {
	ID              string    `json:"id"`       // the WO's id in Incadea (our dms_nr)
	DealerID        string    `json:"dealerId"` // the Incadea dealer the API key belongs to
	BranchID        string    `json:"branchId"` // the dealer location inside Incadea
	Number          string    `json:"number"`   // WO number
	AppointmentDate string    `json:"appointmentDate"`
	CreatedAt       string    `json:"createdAt"`
	ScheduledIn     string    `json:"scheduledIn"`
	ScheduledOut    string    `json:"scheduledOut"`
	CustomerWaiting bool      `json:"customerWaiting"`
	VehicleIn       string    `json:"vehicleIn"`  // car arrived in the shop
	VehicleOut      string    `json:"vehicleOut"` // car left the shop
	Mileage         *int      `json:"mileage"`    // km, null when unknown
	Canceled        bool      `json:"canceled"`
	ModifiedAt      string    `json:"modifiedAt"` // last change of the WO, its vehicle or parties
	Jobs            []Job     `json:"jobs"`
	Vehicle         *Vehicle  `json:"vehicle"`
	Driver          *Customer `json:"driver"`
	Owner           *Customer `json:"owner"`
	Contractor      *Customer `json:"contractor"`
}

// Job is an intervention.
type Job struct {
	ID          string  `json:"id"`
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Price       float64 `json:"price"`
	Lines       []Line  `json:"lines"`
}

// Line kinds (spec 002: "labor, parts, menus and notes").
const (
	KindLabour = "labour"
	KindPart   = "part"
	KindMenu   = "menu"
	KindNote   = "note"
)

// Line is an element of a job.
type Line struct {
	ID           string  `json:"id"`
	ParentID     string  `json:"parentId"` // the menu this line belongs to
	Kind         string  `json:"kind"`
	Description  string  `json:"description"`
	Quantity     float64 `json:"quantity"`
	Price        float64 `json:"price"` // line total
	InternalNote string  `json:"internalNote"`
}

// Vehicle is the work order's car.
type Vehicle struct {
	ID                string `json:"id"`
	Make              string `json:"make"`
	Model             string `json:"model"`
	LicensePlate      string `json:"licensePlate"`
	VIN               string `json:"vin"`
	FirstRegistration string `json:"firstRegistration"`
	APKDate           string `json:"apkDate"`
	WarrantyStart     string `json:"warrantyStart"`
	WarrantyEnd       string `json:"warrantyEnd"`
	DriverID          string `json:"driverId"`
	OwnerID           string `json:"ownerId"`
}

// Customer is a driver, owner or contractor.
type Customer struct {
	ID             string `json:"id"`
	Company        string `json:"company"`
	FirstName      string `json:"firstName"`
	LastName       string `json:"lastName"`
	Street         string `json:"street"`
	PostalCode     string `json:"postalCode"`
	City           string `json:"city"`
	EmailPrivate   string `json:"emailPrivate"`
	PhonePrivate   string `json:"phonePrivate"`
	MobilePrivate  string `json:"mobilePrivate"`
	EmailBusiness  string `json:"emailBusiness"`
	PhoneBusiness  string `json:"phoneBusiness"`
	MobileBusiness string `json:"mobileBusiness"`
	IsLeaseCompany bool   `json:"isLeaseCompany"`
}

// Page is one page of changed work orders. NextCursor is "" on the last page.
type Page struct {
	Items      []WorkOrder `json:"items"`
	NextCursor string      `json:"nextCursor"`
}

// SearchResult is the reply to a search.
type SearchResult struct {
	Items []WorkOrder `json:"items"`
}

// MileageWrite is the body of a mileage write-back.
type MileageWrite struct {
	Mileage int `json:"mileage"`
}

// APIError is the body of every error reply the API makes itself (an outage
// in front of it answers a bare 503 instead).
type APIError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// Error codes of APIError.
const (
	CodeUnauthorized  = "unauthorized"
	CodeNotFound      = "not_found"
	CodeBadRequest    = "bad_request"
	CodeMileageLower  = "mileage_lower"
	CodeInternalError = "internal_error"
)
