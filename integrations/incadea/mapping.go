package incadea

import (
	"fmt"
	"strings"

	"github.com/pitstop-dev/pitstop/internal/dms"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

var lineKinds = map[string]enums.InterventionElementType{
	KindLabour: enums.InterventionElementTypeLabor,
	KindPart:   enums.InterventionElementTypePart,
	KindMenu:   enums.InterventionElementTypeTask, // a menu is a fixed-price package of work
	KindNote:   enums.InterventionElementTypeText,
}

// ToWorkOrder maps an Incadea work order to the neutral model. It is the
// only place that knows Incadea's field names. Problems are what cannot be
// mapped at all (an unknown line kind); the caller adds w.Validate() and
// imports only when both are empty. Identifiers and names are trimmed,
// descriptions kept as sent. Incadea has no title, insertion or house
// number on a customer (spec 002), so those stay empty.
func ToWorkOrder(in *WorkOrder) (dms.WorkOrder, dms.Problems) {
	t := strings.TrimSpace
	var ps dms.Problems
	w := dms.WorkOrder{
		DMSID:           enums.DMSIDIncadea,
		DMSLocationID:   t(in.BranchID),
		DMSNr:           t(in.ID),
		WONr:            t(in.Number),
		TimeCarApp:      dms.Timestamp(t(in.AppointmentDate)),
		DMSCreatedAt:    dms.Timestamp(t(in.CreatedAt)),
		DueIn:           dms.Timestamp(t(in.ScheduledIn)),
		CarReturnTime:   dms.Timestamp(t(in.ScheduledOut)),
		CustomerWaiting: in.CustomerWaiting,
		CarInShop:       dms.Timestamp(t(in.VehicleIn)),
		CarOutOfShop:    dms.Timestamp(t(in.VehicleOut)),
		Canceled:        in.Canceled,
	}
	if in.Mileage != nil {
		km := *in.Mileage
		w.DMSKM = &km
	}
	for i, j := range in.Jobs {
		iv := dms.Intervention{DMSNr: t(j.ID), Title: t(j.Title), Description: j.Description, Price: j.Price}
		for k, l := range j.Lines {
			typ, ok := lineKinds[strings.ToLower(t(l.Kind))]
			if !ok {
				ps = append(ps, dms.Problem{
					Field:   fmt.Sprintf("interventions[%d].elements[%d].element_type", i, k),
					Message: fmt.Sprintf("Incadea line kind %q is not %s, %s, %s or %s", l.Kind, KindLabour, KindPart, KindMenu, KindNote),
				})
			}
			iv.Elements = append(iv.Elements, dms.Element{
				DMSNr: t(l.ID), ParentDMSNr: t(l.ParentID), ElementType: typ,
				Description: l.Description, Price: l.Price, Quantity: l.Quantity, PrivateNote: l.InternalNote,
			})
		}
		w.Interventions = append(w.Interventions, iv)
	}
	if v := in.Vehicle; v != nil {
		w.Car = dms.Car{
			DMSNr: t(v.ID), Make: t(v.Make), Model: t(v.Model), RegNr: t(v.LicensePlate), VIN: t(v.VIN),
			DMSRegistration:   dms.Timestamp(t(v.FirstRegistration)),
			APKDateDMS:        dms.Timestamp(t(v.APKDate)),
			WarrantyDateStart: dms.Timestamp(t(v.WarrantyStart)),
			WarrantyDateEnd:   dms.Timestamp(t(v.WarrantyEnd)),
			DriverDMSNr:       t(v.DriverID), OwnerDMSNr: t(v.OwnerID),
		}
	}
	// The spec's Incadea car has no contractor id; the WO's contractor is
	// the best the car can say.
	if in.Contractor != nil {
		w.Car.ContractorDMSNr = t(in.Contractor.ID)
	}
	w.Driver, w.Owner, w.Contractor = party(in.Driver), party(in.Owner), party(in.Contractor)
	return w, ps
}

func party(c *Customer) *dms.Party {
	if c == nil {
		return nil
	}
	t := strings.TrimSpace
	return &dms.Party{
		DMSNr: t(c.ID), Company: t(c.Company), FirstName: t(c.FirstName), Surname: t(c.LastName),
		Street: t(c.Street), Postcode: t(c.PostalCode), Place: t(c.City),
		EmailPrivate: t(c.EmailPrivate), TelPrivateNr: t(c.PhonePrivate), TelMobilePrivate: t(c.MobilePrivate),
		EmailBusiness: t(c.EmailBusiness), TelBusinessNr: t(c.PhoneBusiness), TelMobileBusiness: t(c.MobileBusiness),
		IsLeaseCompany: c.IsLeaseCompany,
	}
}
