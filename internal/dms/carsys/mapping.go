package carsys

import (
	"strings"

	"github.com/pitstop-dev/pitstop/internal/dms"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// ToWorkOrder maps a Carsys work order to the neutral model. Identifiers
// and names are trimmed; descriptions are kept as sent. Fuel spellings are
// normalised (dms.NormaliseFuel); an unknown one is kept for Validate to
// name. Carsys has no DMSID of its own in the spec's enumeration, so the
// work order carries DMSID (set by the caller's configuration; see
// Options.DMSID).
func ToWorkOrder(in *WorkOrder, dmsID enums.DMSID) dms.WorkOrder {
	t := strings.TrimSpace
	w := dms.WorkOrder{
		DMSID:           dmsID,
		DMSLocationID:   t(in.LocationID),
		DMSNr:           t(in.DMSNr),
		WONr:            t(in.WONr),
		TimeCarApp:      dms.Timestamp(t(in.AppointmentDate)),
		DMSCreatedAt:    dms.Timestamp(t(in.CreatedAt)),
		CustomerWaiting: in.CustomerWaiting,
	}
	for _, iv := range in.Interventions {
		w.Interventions = append(w.Interventions, dms.Intervention{
			DMSNr: t(iv.DMSNr), Title: t(iv.Title), Description: iv.Description, Price: iv.Price,
		})
	}
	if c := in.Car; c != nil {
		w.Car = dms.Car{
			DMSNr: t(c.DMSNr), Make: t(c.Make), Model: t(c.Model), RegNr: t(c.Registration), VIN: t(c.VIN),
			Fuel:            dms.NormaliseFuel(t(c.Fuel)),
			DMSRegistration: dms.Timestamp(t(c.FirstRegistration)),
			APKDateDMS:      dms.Timestamp(t(c.APKDate)),
			DriverDMSNr:     t(c.DriverID), OwnerDMSNr: t(c.OwnerID), ContractorDMSNr: t(c.ContractorID),
		}
	}
	w.Driver, w.Owner, w.Contractor = party(in.Driver), party(in.Owner), party(in.Contractor)
	return w
}

func party(p *Party) *dms.Party {
	if p == nil {
		return nil
	}
	t := strings.TrimSpace
	return &dms.Party{
		DMSNr: t(p.ID), Company: t(p.Company), Title: t(p.Title),
		FirstName: t(p.FirstName), Insertion: t(p.Insertion), Surname: t(p.LastName),
		Street: t(p.Street), HouseNr: t(p.HouseNumber), Postcode: t(p.Postcode), Place: t(p.Place),
		EmailPrivate: t(p.EmailPrivate), TelPrivateNr: t(p.TelephonePrivate), TelMobilePrivate: t(p.MobilePrivate),
		EmailBusiness: t(p.EmailBusiness), TelBusinessNr: t(p.TelephoneBusiness), TelMobileBusiness: t(p.MobileBusiness),
	}
}

// carsysName is the Carsys body's name for a dms.WorkOrder field, so a
// problem names the field Carsys sent.
var carsysName = map[string]string{
	"dms_location_id":     "location_id",
	"time_car_app":        "appointment_date",
	"dms_created_at":      "created_at",
	"reg_nr":              "registration",
	"dms_registration":    "first_registration",
	"apk_date_dms":        "apk_date",
	"driver_dms_nr":       "driver_id",
	"owner_dms_nr":        "owner_id",
	"contractor_dms_nr":   "contractor_id",
	"surname":             "last_name",
	"house_nr":            "house_number",
	"tel_private_nr":      "telephone_private",
	"tel_business_nr":     "telephone_business",
	"tel_mobile_private":  "mobile_private",
	"tel_mobile_business": "mobile_business",
}

// bodyField renames a dms.Problem's field path to the Carsys body's names.
func bodyField(path string) string {
	segs := strings.Split(path, ".")
	for i, s := range segs {
		if n, ok := carsysName[s]; ok {
			segs[i] = n
		}
	}
	if len(segs) == 2 && segs[1] == "dms_nr" {
		switch segs[0] {
		case "driver", "owner", "contractor":
			segs[1] = "id"
		}
	}
	return strings.Join(segs, ".")
}
