// Package carsys reads what Carsys pushes to us. Carsys, unlike the other
// DMSs, sends its work orders itself (spec 004); this package turns a push
// body into dms.WorkOrders and a result per item, and knows nothing of HTTP
// or the database. The body is described in PROTOCOL.md.
package carsys

// WorkOrder is one work order in a Carsys push: the spec 004 field list,
// nothing more. Every field is optional to JSON; Validate on the mapped
// dms.WorkOrder says which ones must be there (wo_nr, appointment_date,
// location_id).
type WorkOrder struct {
	// LocationID is the Carsys identifier of the dealer location. It may be
	// left out when the endpoint the body is pushed to already names the
	// location (Options.LocationID).
	LocationID      string         `json:"location_id"`
	DMSNr           string         `json:"dms_nr"`
	WONr            string         `json:"wo_nr"`
	AppointmentDate string         `json:"appointment_date"`
	CreatedAt       string         `json:"created_at"`
	CustomerWaiting bool           `json:"customer_waiting"`
	Interventions   []Intervention `json:"interventions"`
	Car             *Car           `json:"car"`
	Driver          *Party         `json:"driver"`
	Owner           *Party         `json:"owner"`
	Contractor      *Party         `json:"contractor"`
}

// Intervention is a job: title, description and price (spec 004 lists no
// elements for Carsys).
type Intervention struct {
	DMSNr       string  `json:"dms_nr"`
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Price       float64 `json:"price"`
}

// Car is the work order's car.
type Car struct {
	DMSNr             string `json:"dms_nr"`
	Make              string `json:"make"`
	Model             string `json:"model"`
	Registration      string `json:"registration"`
	VIN               string `json:"vin"`
	Fuel              string `json:"fuel"`
	FirstRegistration string `json:"first_registration"`
	APKDate           string `json:"apk_date"`
	DriverID          string `json:"driver_id"`
	OwnerID           string `json:"owner_id"`
	ContractorID      string `json:"contractor_id"`
}

// Party is a driver, owner or contractor.
type Party struct {
	ID        string `json:"id"`
	Company   string `json:"company"`
	Title     string `json:"title"`
	FirstName string `json:"first_name"`
	// Insertion is the Dutch tussenvoegsel ("van der"); optional, Carsys may
	// also send it inside last_name.
	Insertion         string `json:"insertion"`
	LastName          string `json:"last_name"`
	Street            string `json:"street"`
	HouseNumber       string `json:"house_number"`
	Postcode          string `json:"postcode"`
	Place             string `json:"place"`
	EmailPrivate      string `json:"email_private"`
	TelephonePrivate  string `json:"telephone_private"`
	MobilePrivate     string `json:"mobile_private"`
	EmailBusiness     string `json:"email_business"`
	TelephoneBusiness string `json:"telephone_business"`
	MobileBusiness    string `json:"mobile_business"`
}
