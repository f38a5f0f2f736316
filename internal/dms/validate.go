package dms

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// Limits Validate enforces. Lengths count characters (as PostgreSQL's
// varchar does), not bytes. The spec gives none; these are generous for real
// DMS data and small enough that a broken export is noticed.
const (
	MaxIDLen            = 64    // DMS ids, WO numbers, location ids
	MaxShortLen         = 255   // names, titles, streets, e-mail addresses, make, model
	MaxCodeLen          = 32    // postcodes, house numbers, telephone numbers, fuel
	MaxRegNrLen         = 16    // registration plates
	MaxVINLen           = 17    // ISO 3779; older cars have shorter ones
	MaxTextLen          = 10000 // descriptions and notes
	MaxInterventions    = 500
	MaxElementsPerJob   = 1000
	MaxMileage          = 5_000_000 // km; a truck's odometer stays well under this
	MaxAbsPrice         = 1e9
	MaxElementQuantity  = 1e6
	maxProblemsReported = 100
)

// Problem is one thing wrong with a work order: Field is a JSON path in the
// WorkOrder's own field names ("interventions[2].elements[0].price"),
// Message says what is wrong in words a dealer's admin understands.
type Problem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (p Problem) String() string { return p.Field + ": " + p.Message }

// Problems is what Validate found; empty means valid.
type Problems []Problem

// Strings renders each problem as "field: message".
func (ps Problems) Strings() []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// Err is nil when there are no problems, otherwise the problems as an error.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

func (ps Problems) Error() string { return "invalid work order: " + strings.Join(ps.Strings(), "; ") }

type checker struct{ ps Problems }

func (c *checker) add(field, format string, args ...any) {
	if len(c.ps) == maxProblemsReported {
		c.ps = append(c.ps, Problem{Field: "", Message: "too many problems, the rest are not listed"})
	}
	if len(c.ps) > maxProblemsReported {
		return
	}
	c.ps = append(c.ps, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
}

// str checks what PostgreSQL can store and the length limit.
func (c *checker) str(field, s string, max int) {
	if s == "" {
		return
	}
	if !utf8.ValidString(s) {
		c.add(field, "is not valid UTF-8 text")
		return
	}
	if strings.IndexByte(s, 0) >= 0 {
		c.add(field, "contains a NUL byte, which PostgreSQL cannot store")
	}
	if n := utf8.RuneCountInString(s); n > max {
		c.add(field, "is %d characters long, at most %d allowed", n, max)
	}
}

// line is str for single-line values (ids, numbers, names, codes): line
// breaks, tabs, other control characters and bidirectional formatting
// characters are refused too (textcheck.Line), since they end up in
// subjects, SMS, log lines, CSV exports and PDFs.
func (c *checker) line(field, s string, max int) {
	c.str(field, s, max)
	if s == "" || !utf8.ValidString(s) {
		return
	}
	for _, p := range textcheck.Line(field, strings.ReplaceAll(s, "\x00", ""), 0) {
		c.add(field, "%s", strings.TrimPrefix(p, field+" "))
	}
}

func (c *checker) required(field, s string) {
	if strings.TrimSpace(s) == "" {
		c.add(field, "is missing")
	}
}

func (c *checker) date(field string, t Timestamp) {
	if t.IsZero() {
		return
	}
	if !utf8.ValidString(string(t)) || strings.IndexByte(string(t), 0) >= 0 || len(t) > 64 {
		c.add(field, "is not a date")
		return
	}
	if _, err := t.Time(nil); err != nil {
		c.add(field, "%q is %v", string(t), err)
	}
}

func (c *checker) money(field string, v float64, allowNegative bool) {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		c.add(field, "is not a number")
	case v < 0 && !allowNegative:
		c.add(field, "is negative (%g)", v)
	case math.Abs(v) > MaxAbsPrice:
		c.add(field, "is %g, beyond ±%g", v, MaxAbsPrice)
	}
}

// Validate lists everything that keeps w from being imported as it is. An
// importer must not write a work order with problems; the DMS (or its
// admin) has to fix it, and the problems say what and where.
func (w *WorkOrder) Validate() Problems {
	var c checker
	if !w.DMSID.Valid() {
		c.add("dms_id", "%d is not a DMS of the spec's DMSID enumeration", int(w.DMSID))
	}
	c.required("dms_location_id", w.DMSLocationID)
	c.line("dms_location_id", w.DMSLocationID, MaxIDLen)
	c.line("dms_nr", w.DMSNr, MaxIDLen)
	c.required("wo_nr", w.WONr)
	c.line("wo_nr", w.WONr, MaxIDLen)

	if w.TimeCarApp.IsZero() {
		c.add("time_car_app", "the appointment date is missing")
	}
	for _, d := range []struct {
		f string
		t Timestamp
	}{
		{"time_car_app", w.TimeCarApp}, {"dms_created_at", w.DMSCreatedAt},
		{"due_in", w.DueIn}, {"car_return_time", w.CarReturnTime},
		{"car_in_shop", w.CarInShop}, {"car_out_of_shop", w.CarOutOfShop},
	} {
		c.date(d.f, d.t)
	}
	if in, err := w.DueIn.Time(nil); err == nil {
		if out, err := w.CarReturnTime.Time(nil); err == nil && out.Before(in) {
			c.add("car_return_time", "scheduled out (%s) is before scheduled in (%s)", w.CarReturnTime, w.DueIn)
		}
	}
	if in, err := w.CarInShop.Time(nil); err == nil {
		if out, err := w.CarOutOfShop.Time(nil); err == nil && out.Before(in) {
			c.add("car_out_of_shop", "out of shop (%s) is before in shop (%s)", w.CarOutOfShop, w.CarInShop)
		}
	}
	if w.DMSKM != nil {
		switch km := *w.DMSKM; {
		case km < 0:
			c.add("dms_km", "mileage is negative (%d)", km)
		case km > MaxMileage:
			c.add("dms_km", "mileage %d is beyond %d km", km, MaxMileage)
		}
	}

	if len(w.Interventions) > MaxInterventions {
		c.add("interventions", "%d interventions, at most %d allowed", len(w.Interventions), MaxInterventions)
	}
	for i, iv := range w.Interventions {
		if i >= MaxInterventions {
			break
		}
		validateIntervention(&c, fmt.Sprintf("interventions[%d]", i), &iv)
	}
	validateCar(&c, &w.Car)
	validateParty(&c, "driver", w.Driver)
	validateParty(&c, "owner", w.Owner)
	validateParty(&c, "contractor", w.Contractor)
	return c.ps
}

func validateIntervention(c *checker, f string, iv *Intervention) {
	c.line(f+".dms_nr", iv.DMSNr, MaxIDLen)
	if strings.TrimSpace(iv.Title) == "" && strings.TrimSpace(iv.Description) == "" {
		c.add(f+".title", "an intervention needs a title or a description")
	}
	c.line(f+".title", iv.Title, MaxShortLen)
	c.str(f+".description", iv.Description, MaxTextLen)
	c.money(f+".price", iv.Price, false)
	if len(iv.Elements) > MaxElementsPerJob {
		c.add(f+".elements", "%d elements, at most %d allowed", len(iv.Elements), MaxElementsPerJob)
	}
	for j, e := range iv.Elements {
		if j >= MaxElementsPerJob {
			break
		}
		ef := fmt.Sprintf("%s.elements[%d]", f, j)
		if !e.ElementType.Valid() {
			c.add(ef+".element_type", "%d is not an element type of the spec's InterventionElementType enumeration", int(e.ElementType))
		}
		c.line(ef+".dms_nr", e.DMSNr, MaxIDLen)
		c.line(ef+".parent_dms_nr", e.ParentDMSNr, MaxIDLen)
		c.str(ef+".description", e.Description, MaxTextLen)
		c.str(ef+".private_note", e.PrivateNote, MaxTextLen)
		// A discount is a negative amount by nature; nothing else is.
		c.money(ef+".price", e.Price, e.ElementType == enums.InterventionElementTypeDiscount)
		switch q := e.Quantity; {
		case math.IsNaN(q) || math.IsInf(q, 0):
			c.add(ef+".quantity", "is not a number")
		case q < 0:
			c.add(ef+".quantity", "is negative (%g)", q)
		case q > MaxElementQuantity:
			c.add(ef+".quantity", "is %g, beyond %g", q, MaxElementQuantity)
		}
	}
}

func validateCar(c *checker, car *Car) {
	c.line("car.dms_nr", car.DMSNr, MaxIDLen)
	c.line("car.make", car.Make, MaxShortLen)
	c.line("car.model", car.Model, MaxShortLen)
	c.line("car.reg_nr", car.RegNr, MaxRegNrLen)
	c.line("car.vin", car.VIN, MaxVINLen)
	if car.Fuel != "" && !Fuel(car.Fuel).Valid() {
		c.line("car.fuel", car.Fuel, MaxCodeLen)
		if utf8.ValidString(car.Fuel) && strings.IndexByte(car.Fuel, 0) < 0 {
			c.add("car.fuel", "%q is not a known fuel (one of %s)", car.Fuel, fuelList())
		}
	}
	c.date("car.dms_registration", car.DMSRegistration)
	c.date("car.apk_date_dms", car.APKDateDMS)
	c.date("car.warranty_date_start", car.WarrantyDateStart)
	c.date("car.warranty_date_end", car.WarrantyDateEnd)
	if s, err := car.WarrantyDateStart.Time(nil); err == nil {
		if e, err := car.WarrantyDateEnd.Time(nil); err == nil && e.Before(s) {
			c.add("car.warranty_date_end", "warranty ends (%s) before it starts (%s)", car.WarrantyDateEnd, car.WarrantyDateStart)
		}
	}
	c.line("car.driver_dms_nr", car.DriverDMSNr, MaxIDLen)
	c.line("car.owner_dms_nr", car.OwnerDMSNr, MaxIDLen)
	c.line("car.contractor_dms_nr", car.ContractorDMSNr, MaxIDLen)
}

func validateParty(c *checker, f string, p *Party) {
	if p == nil {
		return
	}
	c.line(f+".dms_nr", p.DMSNr, MaxIDLen)
	for _, s := range []struct {
		name string
		v    string
		max  int
	}{
		{"company", p.Company, MaxShortLen}, {"title", p.Title, MaxCodeLen},
		{"first_name", p.FirstName, MaxShortLen}, {"insertion", p.Insertion, MaxCodeLen},
		{"surname", p.Surname, MaxShortLen}, {"street", p.Street, MaxShortLen},
		{"house_nr", p.HouseNr, MaxCodeLen}, {"postcode", p.Postcode, MaxCodeLen},
		{"place", p.Place, MaxShortLen},
		{"email_private", p.EmailPrivate, MaxShortLen}, {"email_business", p.EmailBusiness, MaxShortLen},
		{"tel_private_nr", p.TelPrivateNr, MaxCodeLen}, {"tel_business_nr", p.TelBusinessNr, MaxCodeLen},
		{"tel_mobile_private", p.TelMobilePrivate, MaxCodeLen}, {"tel_mobile_business", p.TelMobileBusiness, MaxCodeLen},
	} {
		c.line(f+"."+s.name, s.v, s.max)
	}
}

func fuelList() string {
	s := make([]string, len(FuelValues))
	for i, f := range FuelValues {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}
