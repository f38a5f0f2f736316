// Package seed writes the demo data `pitstop dev` starts with: one dealer and
// location, a receptionist, a mechanic, a counter tablet, the workshop's
// checklists, customers with cars, and
// appointments at different points of their lifecycle.
package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealer"
	"github.com/pitstop-dev/pitstop/ent/user"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/checklists"
	"github.com/pitstop-dev/pitstop/internal/enums"
	wfappointment "github.com/pitstop-dev/pitstop/workflows/appointment"
)

// DemoDealer names the seeded dealer; seeding twice finds it and stops.
const DemoDealer = "Pitstop Demo Motors"

// DemoPassword signs in the demo receptionist (rita@demo.pitstop.local), the
// demo mechanic (max@demo.pitstop.local), the demo counter tablet
// (tablet@demo.pitstop.local, the /tablet/ screen) and the demo dealer admin
// (admin@demo.pitstop.local) with POST /v1/auth/login.
// Demo data only: never seed a production database.
const DemoPassword = "pitstop-demo-password"

// DemoLockerSystemID is the seeded ACSES locker system, the one the vendor
// simulator (integrations/acses/fake) holds as its demo locker.
const DemoLockerSystemID = "demo-locker"

// Demo is what was seeded, for printing and for tests.
type Demo struct {
	LocationID     int
	ReceptionistID int
	TabletID       int
	// MechanicID is the demo mechanic (max@demo.pitstop.local, the demo password).
	MechanicID   int
	Appointments []wfappointment.AppointmentState
}

// Run seeds the demo data once, relative to now. acts creates each
// appointment's communication and its check-in offers.
func Run(ctx context.Context, db *ent.Client, acts *appointment.Activities, now time.Time) (Demo, error) {
	if d, err := db.Dealer.Query().Where(dealer.Name(DemoDealer)).WithLocations().Only(ctx); err == nil {
		return existing(ctx, db, d)
	} else if !ent.IsNotFound(err) {
		return Demo{}, err
	}
	var demo Demo
	d, err := db.Dealer.Create().SetName(DemoDealer).SetCountryCode("NL").SetWebsiteURL("https://demo.pitstop.local").Save(ctx)
	if err != nil {
		return demo, err
	}
	loc, err := db.DealerLocation.Create().SetDealer(d).SetName("Amsterdam Zuid").SetCommercialName("Pitstop Demo Amsterdam").
		SetStreet("Werkplaatsweg 12").SetPostalCode("1083 HN").SetCity("Amsterdam").SetCountry("NL").SetPhoneNr("+31201234567").
		SetLanguageCode(enums.LanguageCodeEnGB).SetVat(21).SetIncludeVat(false).SetOnlineCheckInEnabled(true).
		SetDiagnoseOverviewEnabled(true).SetRepairOverviewEnabled(true).SetDeskCheckInEnabled(true).
		SetIsKeyLockerEnabled(true).SetIsAcsesEnabled(true).SetCheckInDaysPrior(3).SetActive(true).Save(ctx)
	if err != nil {
		return demo, err
	}
	demo.LocationID = loc.ID
	// The location's check-in offers, as a dealer admin sets them
	// (api/admin/offers.go): every new communication copies them.
	for i, o := range offers {
		if err := db.CheckInOffer.Create().SetDealerLocationID(loc.ID).SetName(o.name).SetDescription(o.desc).
			SetPrice(o.price).SetPosition(i + 1).Exec(ctx); err != nil {
			return demo, err
		}
	}
	// The ACSES simulator's demo locker system (16 cells) stands here.
	if err := db.LockerSystem.Create().SetID(DemoLockerSystemID).SetDealerLocationID(loc.ID).SetName("Demo locker").
		SetActive(true).Exec(ctx); err != nil {
		return demo, err
	}
	if err := db.CommunicationSetting.Create().SetLocationID(loc.ID).SetColor("#0b5cad").SetWelcomeText("Welcome to Pitstop Demo Motors").
		SetCheckInDaysPrior(3).SetVat(21).SetTotalPdfEnabled(true).SetEmail("service@demo.pitstop.local").
		SetPhoneNumber("+31201234567").SetIsSmsForOnlineCheckInEnabled(true).SetHasMultipleCommunicationChannels(true).
		SetOnlineCheckInSendPin(true).SetCheckInRemarksEnabled(true).SetSendConfirmationEmails(true).SetDiagnoseOverviewRemarksEnabled(true).
		SetLanguageCode(enums.LanguageCodeEnGB).Exec(ctx); err != nil {
		return demo, err
	}
	for _, a := range []struct{ name, text string }{
		{"Terms of service", "I agree to the workshop's terms of service."},
		{"Replacement parts", "Parts may be replaced by equivalent-quality parts."},
	} {
		if err := db.CommunicationAgreement.Create().SetDealerID(d.ID).SetName(a.name).SetText(a.text).
			// Optional: customers may answer without them (optional_* false
			// would make the answer refuse until accepted).
			SetVisibleOnlineCheckIn(true).SetVisibleCustomcom(true).SetOptionalOnlineCheckIn(true).SetOptionalCustomcom(true).Exec(ctx); err != nil {
			return demo, err
		}
	}
	// The workshop inspection's checklists: a regular multi-point
	// inspection (25 questions in 5 groups, tyres per position) and the
	// quality control before hand-over.
	for _, t := range []checklists.Template{checklists.DemoRegular(d.ID), checklists.DemoQualityControl(d.ID)} {
		if _, err := checklists.Create(ctx, db, t); err != nil {
			return demo, err
		}
	}
	mech, err := db.User.Create().SetDealerID(d.ID).SetFirstName("Max").SetLastName("Monteur").SetEmail("max@demo.pitstop.local").
		SetUsername("max").SetRoleID(enums.RoleIDMechanic).SetDealerLocationID(loc.ID).SetLocationIds([]int{loc.ID}).Save(ctx)
	if err != nil {
		return demo, err
	}
	demo.MechanicID = mech.ID
	rec, err := db.User.Create().SetDealerID(d.ID).SetFirstName("Rita").SetLastName("Receptie").SetEmail("rita@demo.pitstop.local").
		SetUsername("rita").SetRoleID(enums.RoleIDReceptionist).SetDealerLocationID(loc.ID).SetLocationIds([]int{loc.ID}).Save(ctx)
	if err != nil {
		return demo, err
	}
	demo.ReceptionistID = rec.ID
	tab, err := db.User.Create().SetDealerID(d.ID).SetFirstName("Counter").SetLastName("Tablet").SetEmail("tablet@demo.pitstop.local").
		SetUsername("tablet").SetRoleID(enums.RoleIDCounterTablet).SetIsCounterTabletUser(true).
		SetDealerLocationID(loc.ID).SetLocationIds([]int{loc.ID}).Save(ctx)
	if err != nil {
		return demo, err
	}
	demo.TabletID = tab.ID
	hash, err := auth.HashPassword(DemoPassword)
	if err != nil {
		return demo, err
	}
	if err := db.User.Update().Where(user.IDIn(rec.ID, mech.ID, tab.ID)).SetPasswordHash(hash).Exec(ctx); err != nil {
		return demo, err
	}
	if err := db.User.Create().SetDealerID(d.ID).SetFirstName("Dana").SetLastName("Admin").SetEmail("admin@demo.pitstop.local").
		SetUsername("admin").SetRoleID(enums.RoleIDDealerAdmin).SetDealerLocationID(loc.ID).SetLocationIds([]int{loc.ID}).
		SetPasswordHash(hash).Exec(ctx); err != nil {
		return demo, err
	}
	day := now.Truncate(time.Hour)
	for i, p := range people {
		cu, err := db.Customer.Create().SetLocationID(loc.ID).SetTitle(p.title).SetFirstName(p.first).SetSurname(p.last).
			SetEmailPrivate(p.email).SetTelMobilePrivate(p.phone).SetDmsNr(fmt.Sprintf("C%04d", i+1)).Save(ctx)
		if err != nil {
			return demo, err
		}
		car, err := db.Car.Create().SetLocationID(loc.ID).SetMake(p.make).SetModel(p.model).SetRegNr(p.reg).SetVin(p.vin).Save(ctx)
		if err != nil {
			return demo, err
		}
		ap, err := db.Appointment.Create().SetLocationID(loc.ID).SetCarID(car.ID).SetCustomerDriverID(cu.ID).
			SetWoNr(fmt.Sprintf("WO-%d", 1001+i)).SetDmsNr(fmt.Sprintf("D%d", 5001+i)).SetTimeCarApp(day.Add(p.in)).
			SetRegNumber(p.reg).SetVin(p.vin).SetCarMake(p.make).SetCarModel(p.model).SetCurrentKm(p.km).
			SetDriverFirstname(p.first).SetDriverSurname(p.last).SetCreatedBy("seed").Save(ctx)
		if err != nil {
			return demo, err
		}
		for _, iv := range interventions {
			if err := db.Intervention.Create().SetAppointmentID(ap.ID).SetDealerLocationID(loc.ID).SetCarID(car.ID).
				SetTitle(iv.title).SetDescription(iv.desc).SetPrice(iv.price).SetMechanicNotes(iv.notes).
				SetIsMaintenance(iv.maintenance).Exec(ctx); err != nil {
				return demo, err
			}
		}
		// The communication copies the location's check-in offers.
		if _, err := acts.EnsureCommunication(ctx, ap.ID); err != nil {
			return demo, err
		}
		demo.Appointments = append(demo.Appointments, stateOf(ap))
	}
	return demo, nil
}

func stateOf(ap *ent.Appointment) wfappointment.AppointmentState {
	return wfappointment.AppointmentState{AppointmentID: ap.ID, DealerLocationID: ap.DealerLocationID, WONr: ap.WoNr, RegNumber: ap.RegNumber}
}

func existing(ctx context.Context, db *ent.Client, d *ent.Dealer) (Demo, error) {
	var demo Demo
	if len(d.Edges.Locations) == 0 {
		return demo, fmt.Errorf("demo dealer %q has no location", DemoDealer)
	}
	loc := d.Edges.Locations[0]
	demo.LocationID = loc.ID
	users, err := d.QueryUsers().All(ctx)
	if err != nil {
		return demo, err
	}
	for _, u := range users {
		switch u.RoleID {
		case enums.RoleIDReceptionist:
			demo.ReceptionistID = u.ID
		case enums.RoleIDCounterTablet:
			demo.TabletID = u.ID
		case enums.RoleIDMechanic:
			demo.MechanicID = u.ID
		}
	}
	aps, err := loc.QueryAppointments().All(ctx)
	if err != nil {
		return demo, err
	}
	for _, ap := range aps {
		demo.Appointments = append(demo.Appointments, stateOf(ap))
	}
	return demo, nil
}

type person struct {
	title, first, last, email, phone, make, model, reg, vin string
	km                                                      int
	in                                                      time.Duration // appointment time from now
}

// The first appointment is two days away, inside the check-in window, so its
// check-in goes out at once; the others wait for theirs.
var people = []person{
	{"Mr", "Jan", "de Vries", "jan.devries@example.com", "+31612345678", "Volkswagen", "Golf", "AB-123-C", "WVWZZZ1KZAW000001", 48200, 2*24*time.Hour + 9*time.Hour},
	{"Ms", "Sophie", "Janssen", "sophie.janssen@example.com", "+31687654321", "Peugeot", "308", "XY-987-Z", "VF3LBHNZ6JS000002", 91500, 5*24*time.Hour + 10*time.Hour},
	{"Mr", "Ahmed", "El Amrani", "ahmed.elamrani@example.com", "+31611122233", "Toyota", "Yaris", "GH-456-J", "JTDKW923605000003", 23750, 9*24*time.Hour + 8*time.Hour},
}

var interventions = []struct {
	title, desc, notes string
	price              float64
	maintenance        bool
}{
	{"Major service", "Oil, filters, inspection according to the manufacturer's schedule", "", 289.00, true},
	{"Front brake pads", "Pads worn to 2 mm; replace pads and check discs", "Measured 2 mm front left", 184.50, false},
	{"Wiper blades", "Streaking on the windscreen", "", 39.95, false},
}

var offers = []struct {
	name, desc string
	price      float64
}{
	{"Car wash", "Exterior wash and vacuum", 19.50},
	{"Replacement car", "A courtesy car for the day", 35.00},
}

// PersonalData lists the demo customers' names, e-mail addresses and phone
// numbers: what must never show in clear in logs, workflow history or a
// screenshot of the Temporal UI (cmd/uishot checks its pictures for them).
func PersonalData() []string {
	var out []string
	for _, p := range people {
		out = append(out, p.first+" "+p.last, p.last, p.email, p.phone, p.phone[3:])
	}
	return out
}
