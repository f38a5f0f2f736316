// Package dms is the DMS-neutral work order model every DMS integration maps
// into (Incadea pulls, Carsys pushes, ...), so the importer that writes
// appointments, cars, customers and interventions is written once.
//
// Field names follow our ent columns (ent/schema) where a column exists; the
// comment says which. The model holds what the DMS said, not yet what we
// store: dates stay text (Timestamp) so Validate can refuse an ambiguous
// "10/6/2019" instead of a parser guessing a month, and Validate must pass
// before an importer writes anything.
package dms

import (
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// WorkOrder is one work order (WO) as a DMS reports it: the spec's imported
// Appointment fields plus its interventions, car and parties.
type WorkOrder struct {
	// DMSID says which DMS (and importer flavour) produced the work order.
	DMSID enums.DMSID `json:"dms_id"`
	// DMSLocationID is the dealer location's identifier in the DMS
	// (DealerLocationDMS.DMSLocationID): which of our locations it belongs to.
	DMSLocationID string `json:"dms_location_id"`

	DMSNr           string    `json:"dms_nr"`           // appointment.dms_nr: the WO's id in the DMS
	WONr            string    `json:"wo_nr"`            // appointment.wo_nr: the number people read
	TimeCarApp      Timestamp `json:"time_car_app"`     // appointment date
	DMSCreatedAt    Timestamp `json:"dms_created_at"`   // creation date in the DMS
	DueIn           Timestamp `json:"due_in"`           // scheduled in
	CarReturnTime   Timestamp `json:"car_return_time"`  // scheduled out
	CustomerWaiting bool      `json:"customer_waiting"` // the customer waits for the car
	CarInShop       Timestamp `json:"car_in_shop"`      // the car arrived
	CarOutOfShop    Timestamp `json:"car_out_of_shop"`  // the car left
	// DMSKM is the odometer reading in the DMS (appointment.dms_km); nil when the
	// DMS did not say, which is not the same as 0.
	DMSKM *int `json:"dms_km"`
	// Canceled is true when the DMS cancelled the WO; the importer cancels
	// the appointment (and its communication) instead of updating it.
	Canceled bool `json:"canceled"`

	Interventions []Intervention `json:"interventions"`
	Car           Car            `json:"car"`
	// Parties of the work order; nil when the DMS gave none.
	Driver     *Party `json:"driver"`
	Owner      *Party `json:"owner"`
	Contractor *Party `json:"contractor"`
}

// IsLeaseCompany is appointment.is_lease_company: the car belongs to a lease
// company, which the DMS tells on the owner or the contractor.
func (w *WorkOrder) IsLeaseCompany() bool {
	return (w.Owner != nil && w.Owner.IsLeaseCompany) || (w.Contractor != nil && w.Contractor.IsLeaseCompany)
}

// Intervention is one job of the work order (intervention table).
type Intervention struct {
	DMSNr       string `json:"dms_nr"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// Price is the part of the cost the customer pays.
	Price    float64   `json:"price"`
	Elements []Element `json:"elements"`
}

// Element is one line of an intervention (intervention_element table). The
// specs' "labour, parts, menus and notes" map to the element types Labor,
// Part, Task (a menu is a fixed-price package of work, which is what a task
// element denotes) and Text.
type Element struct {
	DMSNr       string                        `json:"dms_nr"`
	ParentDMSNr string                        `json:"parent_dms_nr"` // the menu a line belongs to, if any
	ElementType enums.InterventionElementType `json:"element_type"`
	Description string                        `json:"description"`
	Price       float64                       `json:"price"` // the line's total
	Quantity    float64                       `json:"quantity"`
	// PrivateNote is never shown to customers (a DMS's internal note).
	PrivateNote string `json:"private_note"`
}

// Car is the work order's car (car table, plus the DMS ids of its people).
type Car struct {
	DMSNr string `json:"dms_nr"` // the car's id in the DMS
	Make  string `json:"make"`
	Model string `json:"model"`
	RegNr string `json:"reg_nr"` // registration (licence plate) as the DMS writes it
	VIN   string `json:"vin"`
	// Fuel is one of the Fuel values, or "" when unknown to the DMS.
	// Integrations normalise their spelling with ParseFuel; anything else is
	// kept as given so Validate can name it.
	Fuel              string    `json:"fuel"`
	DMSRegistration   Timestamp `json:"dms_registration"` // first registration date
	APKDateDMS        Timestamp `json:"apk_date_dms"`     // Dutch periodic inspection (APK) due
	WarrantyDateStart Timestamp `json:"warranty_date_start"`
	WarrantyDateEnd   Timestamp `json:"warranty_date_end"`
	// DMS ids of the car's driver, owner and contractor, as the car record
	// holds them (they may differ from the WO's parties' DMSNr).
	DriverDMSNr     string `json:"driver_dms_nr"`
	OwnerDMSNr      string `json:"owner_dms_nr"`
	ContractorDMSNr string `json:"contractor_dms_nr"`
}

// Party is a driver, owner or contractor (customer table).
type Party struct {
	DMSNr   string `json:"dms_nr"`
	Company string `json:"company"`
	Title   string `json:"title"` // salutation (Dhr., Mevr., ...)
	// FirstName, Insertion (Dutch tussenvoegsel: "van der") and Surname.
	// There is no insertion column: an importer stores "Insertion Surname"
	// in surname (see FullSurname).
	FirstName string `json:"first_name"`
	Insertion string `json:"insertion"`
	Surname   string `json:"surname"`
	Street    string `json:"street"`
	HouseNr   string `json:"house_nr"`
	Postcode  string `json:"postcode"`
	Place     string `json:"place"`

	EmailPrivate      string `json:"email_private"`
	EmailBusiness     string `json:"email_business"`
	TelPrivateNr      string `json:"tel_private_nr"`
	TelBusinessNr     string `json:"tel_business_nr"`
	TelMobilePrivate  string `json:"tel_mobile_private"`
	TelMobileBusiness string `json:"tel_mobile_business"`

	IsLeaseCompany bool `json:"is_lease_company"`
}

// FullSurname is the surname with its insertion in front, as customer.surname
// stores it ("van der Berg").
func (p *Party) FullSurname() string {
	switch {
	case p.Insertion == "":
		return p.Surname
	case p.Surname == "":
		return p.Insertion
	}
	return p.Insertion + " " + p.Surname
}
