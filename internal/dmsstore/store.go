// Package dmsstore writes validated DMS work orders (internal/dms) into the
// read model: appointment, car, driver/owner/contractor and interventions
// with their elements, idempotently by DMS identifiers. Every importer uses
// it (the Incadea activities, the Carsys push endpoint), so "importing the
// same data twice changes nothing" is decided in one place.
//
// Idempotency: a work order's key within its location is its DMS id
// (dms_nr), or "wo:<wo_nr>" when the DMS gives none; the unique index
// (dealer_location_id, dms_key) makes two importers racing on one work order
// end with one row (the loser's transaction fails and its retry sees the
// row). The work order's content hash (dms.WorkOrder.Hash) is stored as
// dms_hash: an equal hash skips the work order entirely.
//
// Lifecycle: each stored change also records which lifecycle message it
// owes the appointment's workflow (dms_lifecycle_pending) in the same
// transaction; the caller delivers it and calls Delivered. A crash between
// the two is repaired by the next import of the same work order, which
// returns the pending change again even though the hash is unchanged.
package dmsstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/car"
	"github.com/pitstop-dev/pitstop/ent/customer"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/interventionelement"
	"github.com/pitstop-dev/pitstop/internal/dms"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Kind is what an import did to an appointment, and so which lifecycle
// message its workflow is owed.
type Kind string

// Kinds, in the order they win when changes pile up before delivery
// (a cancellation beats everything; a new appointment is started with its
// latest data, which covers a later reschedule or change).
const (
	KindUnchanged   Kind = ""
	KindChanged     Kind = "changed"     // fields or interventions changed: the workflow reads them from the read model
	KindRescheduled Kind = "rescheduled" // the appointment date moved: re-arm the check-in timer
	KindNew         Kind = "new"         // start the lifecycle
	KindCancelled   Kind = "cancelled"   // end the lifecycle
)

func rank(k Kind) int {
	switch k {
	case KindChanged:
		return 1
	case KindRescheduled:
		return 2
	case KindNew:
		return 3
	case KindCancelled:
		return 4
	}
	return 0
}

// merge is the message owed after a pending one and a new change.
func merge(pending, now Kind) Kind {
	if rank(now) > rank(pending) {
		return now
	}
	return pending
}

// Change is one appointment an import created or changed (or whose earlier
// change was never delivered).
type Change struct {
	// Index is the work order's position in Upsert's input.
	Index            int       `json:"index"`
	AppointmentID    int       `json:"appointment_id"`
	DealerLocationID int       `json:"dealer_location_id"`
	WONr             string    `json:"wo_nr"`
	RegNumber        string    `json:"reg_number"`
	AppointmentAt    time.Time `json:"time_car_app"`
	Kind             Kind      `json:"kind"`
}

// ErrUnknownLocation: no dealer location has the work order's DMS location id.
var ErrUnknownLocation = errors.New("unknown dealer location")

// Location is a dealer location as the importer needs it.
type Location struct {
	ID            int
	DMSLocationID string
	TZ            *time.Location
}

// FindLocation finds the location whose dms_location_id is id.
func FindLocation(ctx context.Context, db *ent.Client, id string) (Location, error) {
	l, err := db.DealerLocation.Query().Where(dealerlocation.DmsLocationID(id)).Only(ctx)
	if ent.IsNotFound(err) {
		return Location{}, fmt.Errorf("dms_location_id %q: %w", id, ErrUnknownLocation)
	}
	if err != nil {
		return Location{}, err
	}
	return LocationOf(l), nil
}

// LocationOf converts a dealer location row.
func LocationOf(l *ent.DealerLocation) Location {
	tz, err := time.LoadLocation(l.TimeZone)
	if err != nil {
		tz = time.UTC
	}
	id := ""
	if l.DmsLocationID != nil {
		id = *l.DmsLocationID
	}
	return Location{ID: l.ID, DMSLocationID: id, TZ: tz}
}

// Key is the work order's idempotency key within its location.
func Key(w *dms.WorkOrder) string {
	if w.DMSNr != "" {
		return w.DMSNr
	}
	return "wo:" + w.WONr
}

// EscapeReg is a registration without separators, upper case.
func EscapeReg(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// Upsert writes work orders of one location in one transaction and returns
// the changes owed to workflows, in input order. Every work order must be
// valid (Validate() empty) and belong to loc (its DMSLocationID is not
// checked again here). A work order repeated within wos is written once per
// occurrence, the last winning.
func Upsert(ctx context.Context, db *ent.Client, loc Location, wos []dms.WorkOrder, createdBy string) ([]Change, error) {
	if len(wos) == 0 {
		return nil, nil
	}
	for i := range wos {
		if ps := wos[i].Validate(); len(ps) > 0 {
			return nil, fmt.Errorf("work order %d (%s): %w", i, wos[i].WONr, ps.Err())
		}
	}
	tx, err := db.Tx(ctx)
	if err != nil {
		return nil, err
	}
	changes, err := upsertTx(ctx, tx.Client(), loc, wos, createdBy)
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return changes, nil
}

func upsertTx(ctx context.Context, c *ent.Client, loc Location, wos []dms.WorkOrder, createdBy string) ([]Change, error) {
	keys := make([]string, len(wos))
	for i := range wos {
		keys[i] = Key(&wos[i])
	}
	existing, err := c.Appointment.Query().
		Where(entappointment.DealerLocationID(loc.ID), entappointment.DmsKeyIn(keys...)).
		Select(entappointment.FieldID, entappointment.FieldDmsKey, entappointment.FieldDmsHash,
			entappointment.FieldTimeCarApp, entappointment.FieldDmsCanceled, entappointment.FieldDmsLifecyclePending).
		All(ctx)
	if err != nil {
		return nil, err
	}
	byKey := make(map[string]*ent.Appointment, len(existing))
	for _, a := range existing {
		byKey[*a.DmsKey] = a
	}
	var out []Change
	for i := range wos {
		w := &wos[i]
		hash := w.Hash()
		old := byKey[keys[i]]
		at, _ := w.TimeCarApp.Time(loc.TZ)
		ch := Change{Index: i, DealerLocationID: loc.ID, WONr: w.WONr, RegNumber: w.Car.RegNr, AppointmentAt: at}
		if old != nil && old.DmsHash == hash {
			if old.DmsLifecyclePending != "" {
				ch.AppointmentID, ch.Kind = old.ID, Kind(old.DmsLifecyclePending)
				ch.AppointmentAt = old.TimeCarApp
				out = append(out, ch)
			}
			continue
		}
		kind := KindChanged
		switch {
		case old == nil:
			kind = KindNew
			if w.Canceled {
				kind = KindCancelled
			}
		case w.Canceled && !old.DmsCanceled:
			kind = KindCancelled
		case w.Canceled:
			kind = KindChanged // still cancelled; the read model takes the rest
		case old.DmsCanceled:
			// The DMS took a cancellation back. A cancelled lifecycle is
			// closed and is not restarted (see appointment.SteerFromDMS):
			// the read model is updated, the workflow stays closed.
			kind = KindNew
		case !old.TimeCarApp.Equal(at):
			kind = KindRescheduled
		}
		pending := kind
		if old != nil {
			pending = merge(Kind(old.DmsLifecyclePending), kind)
		}
		id, err := writeOne(ctx, c, loc, w, keys[i], hash, old, pending, createdBy)
		if err != nil {
			return nil, fmt.Errorf("work order %s: %w", w.WONr, err)
		}
		ch.AppointmentID, ch.Kind = id, pending
		out = append(out, ch)
		if old == nil {
			// A later copy of the same key in this batch updates this row.
			byKey[keys[i]] = &ent.Appointment{ID: id, DmsKey: &keys[i], DmsHash: hash, TimeCarApp: at, DmsCanceled: w.Canceled, DmsLifecyclePending: string(pending)}
		} else {
			old.DmsHash, old.TimeCarApp, old.DmsCanceled, old.DmsLifecyclePending = hash, at, w.Canceled, string(pending)
		}
	}
	return out, nil
}

func optTime(t dms.Timestamp, tz *time.Location) *time.Time {
	v, err := t.Time(tz)
	if err != nil {
		return nil
	}
	return &v
}

func writeOne(ctx context.Context, c *ent.Client, loc Location, w *dms.WorkOrder, key, hash string, old *ent.Appointment, pending Kind, createdBy string) (int, error) {
	partyIDs := [3]*int{}
	parties := [3]*dms.Party{w.Driver, w.Owner, w.Contractor}
	for i, p := range parties {
		if p == nil {
			continue
		}
		id, err := upsertParty(ctx, c, loc.ID, key, i, p)
		if err != nil {
			return 0, err
		}
		partyIDs[i] = &id
	}
	carID, err := upsertCar(ctx, c, loc, w)
	if err != nil {
		return 0, err
	}
	at, _ := w.TimeCarApp.Time(loc.TZ)
	now := time.Now()
	name := func(p *dms.Party) (title, first, sur string) {
		if p == nil {
			return "", "", ""
		}
		return p.Title, p.FirstName, p.FullSurname()
	}
	dt, df, ds := name(w.Driver)
	ot, of, os := name(w.Owner)
	ct, cf, cs := name(w.Contractor)
	company := ""
	for _, p := range []*dms.Party{w.Contractor, w.Owner, w.Driver} {
		if p != nil && p.Company != "" {
			company = p.Company
			break
		}
	}
	km := 0
	if w.DMSKM != nil {
		km = *w.DMSKM
	}

	var id int
	if old == nil {
		cr := c.Appointment.Create().SetDealerLocationID(loc.ID).SetDmsKey(key).SetCreatedBy(createdBy)
		if w.Canceled {
			cr.SetLifecycleStage("cancelled").SetAppointmentStatusIdentifier(enums.StatusIdentifierCancelled)
		}
		m := cr.Mutation()
		setFields(m, w, loc, hash, at, km, carID, partyIDs, company, [9]string{dt, df, ds, ot, of, os, ct, cf, cs}, string(pending), now)
		a, err := cr.Save(ctx)
		if err != nil {
			return 0, err
		}
		id = a.ID
	} else {
		up := c.Appointment.UpdateOneID(old.ID)
		m := up.Mutation()
		if carID == nil {
			up.ClearCarID()
		}
		for i, f := range []func() *ent.AppointmentUpdateOne{up.ClearCustomerDriverID, up.ClearCustomerOwnerID, up.ClearCustomerContractID} {
			if partyIDs[i] == nil {
				f()
			}
		}
		setFields(m, w, loc, hash, at, km, carID, partyIDs, company, [9]string{dt, df, ds, ot, of, os, ct, cf, cs}, string(pending), now)
		if err := up.Exec(ctx); err != nil {
			return 0, err
		}
		id = old.ID
	}
	return id, upsertInterventions(ctx, c, loc.ID, id, carID, w.Interventions)
}

// setFields sets every imported appointment column on a create or update.
func setFields(m *ent.AppointmentMutation, w *dms.WorkOrder, loc Location, hash string, at time.Time, km int, carID *int, party [3]*int, company string, names [9]string, pending string, now time.Time) {
	m.SetDmsID(w.DMSID)
	m.SetDmsHash(hash)
	m.SetDmsLifecyclePending(pending)
	m.SetDmsCanceled(w.Canceled)
	m.SetDmsNr(w.DMSNr)
	m.SetWoNr(w.WONr)
	m.SetTimeCarApp(at)
	setOpt := func(set func(time.Time), clear func(), t dms.Timestamp) {
		if v := optTime(t, loc.TZ); v != nil {
			set(*v)
		} else {
			clear()
		}
	}
	setOpt(m.SetDmsCreatedAt, m.ClearDmsCreatedAt, w.DMSCreatedAt)
	setOpt(m.SetDueIn, m.ClearDueIn, w.DueIn)
	setOpt(m.SetCarReturnTime, m.ClearCarReturnTime, w.CarReturnTime)
	setOpt(m.SetCarInShop, m.ClearCarInShop, w.CarInShop)
	setOpt(m.SetCarOutOfShop, m.ClearCarOutOfShop, w.CarOutOfShop)
	setOpt(m.SetCarApkDate, m.ClearCarApkDate, w.Car.APKDateDMS)
	m.SetCustomerWaiting(w.CustomerWaiting)
	m.SetDmsKm(km)
	m.SetIsLeaseCompany(w.IsLeaseCompany())
	m.SetVin(w.Car.VIN)
	m.SetCarMake(w.Car.Make)
	m.SetCarModel(w.Car.Model)
	m.SetRegNumber(w.Car.RegNr)
	m.SetRegNumberEscaped(EscapeReg(w.Car.RegNr))
	m.SetDriverTitle(names[0])
	m.SetDriverFirstname(names[1])
	m.SetDriverSurname(names[2])
	m.SetOwnerTitle(names[3])
	m.SetOwnerFirstname(names[4])
	m.SetOwnerSurname(names[5])
	m.SetContractorTitle(names[6])
	m.SetContractorFirstname(names[7])
	m.SetContractorSurname(names[8])
	m.SetCompany(company)
	m.SetImporterVersion("dmsstore/1")
	m.SetLastDmsUpdate(now)
	m.SetLastTimestamp(now)
	if carID != nil {
		m.SetCarID(*carID)
	}
	if party[0] != nil {
		m.SetCustomerDriverID(*party[0])
	}
	if party[1] != nil {
		m.SetCustomerOwnerID(*party[1])
	}
	if party[2] != nil {
		m.SetCustomerContractID(*party[2])
	}
}

var roles = [3]string{"driver", "owner", "contractor"}

// upsertParty stores a driver, owner or contractor by its DMS id; a party
// without one belongs to its work order alone ("<wo key>/<role>"). Only the
// DMS's fields are overwritten: what users set (blocked communication,
// preferred channel, language) stays.
func upsertParty(ctx context.Context, c *ent.Client, locID int, woKey string, role int, p *dms.Party) (int, error) {
	key := "p:" + p.DMSNr
	if p.DMSNr == "" {
		key = "wo:" + woKey + "/" + roles[role]
	}
	return c.Customer.Create().
		SetDealerLocationID(locID).SetDmsKey(key).SetDmsNr(p.DMSNr).
		SetCompany(p.Company).SetIsLeaseCompany(p.IsLeaseCompany).SetTitle(p.Title).
		SetFirstName(p.FirstName).SetSurname(p.FullSurname()).
		SetStreet(p.Street).SetHouseNr(p.HouseNr).SetPostcode(p.Postcode).SetPlace(p.Place).
		SetEmailPrivate(p.EmailPrivate).SetEmailBusiness(p.EmailBusiness).
		SetTelPrivateNr(p.TelPrivateNr).SetTelBusinessNr(p.TelBusinessNr).
		SetTelMobilePrivate(p.TelMobilePrivate).SetTelMobileBusiness(p.TelMobileBusiness).
		OnConflictColumns(customer.FieldDealerLocationID, customer.FieldDmsKey).
		Update(func(u *ent.CustomerUpsert) {
			u.UpdateDmsNr().UpdateCompany().UpdateIsLeaseCompany().UpdateTitle().UpdateFirstName().UpdateSurname().
				UpdateStreet().UpdateHouseNr().UpdatePostcode().UpdatePlace().
				UpdateEmailPrivate().UpdateEmailBusiness().UpdateTelPrivateNr().UpdateTelBusinessNr().
				UpdateTelMobilePrivate().UpdateTelMobileBusiness().UpdateUpdatedAt()
		}).ID(ctx)
}

// upsertCar stores the car by its DMS id, else its registration, else its
// VIN; a car with none of them is not stored.
func upsertCar(ctx context.Context, c *ent.Client, loc Location, w *dms.WorkOrder) (*int, error) {
	k := w.Car
	var key string
	switch {
	case k.DMSNr != "":
		key = "c:" + k.DMSNr
	case EscapeReg(k.RegNr) != "":
		key = "reg:" + EscapeReg(k.RegNr)
	case k.VIN != "":
		key = "vin:" + k.VIN
	default:
		return nil, nil
	}
	cr := c.Car.Create().SetDealerLocationID(loc.ID).SetDmsKey(key).SetDmsNr(k.DMSNr).
		SetMake(k.Make).SetModel(k.Model).SetFuel(k.Fuel).SetRegNr(k.RegNr).SetRegNrEscaped(EscapeReg(k.RegNr)).SetVin(k.VIN)
	m := cr.Mutation()
	for _, d := range []struct {
		set func(time.Time)
		t   dms.Timestamp
	}{{m.SetDmsRegistration, k.DMSRegistration}, {m.SetApkDateDms, k.APKDateDMS}, {m.SetWarrantyDateStart, k.WarrantyDateStart}, {m.SetWarrantyDateEnd, k.WarrantyDateEnd}} {
		if v := optTime(d.t, loc.TZ); v != nil {
			d.set(*v)
		}
	}
	id, err := cr.OnConflictColumns(car.FieldDealerLocationID, car.FieldDmsKey).
		Update(func(u *ent.CarUpsert) {
			u.UpdateDmsNr().UpdateMake().UpdateModel().UpdateFuel().UpdateRegNr().UpdateRegNrEscaped().UpdateVin().UpdateUpdatedAt()
			for _, d := range []struct {
				t              dms.Timestamp
				update, clear_ func() *ent.CarUpsert
			}{
				{k.DMSRegistration, u.UpdateDmsRegistration, u.ClearDmsRegistration},
				{k.APKDateDMS, u.UpdateApkDateDms, u.ClearApkDateDms},
				{k.WarrantyDateStart, u.UpdateWarrantyDateStart, u.ClearWarrantyDateStart},
				{k.WarrantyDateEnd, u.UpdateWarrantyDateEnd, u.ClearWarrantyDateEnd},
			} {
				if optTime(d.t, loc.TZ) != nil {
					d.update()
				} else {
					d.clear_()
				}
			}
		}).ID(ctx)
	if err != nil {
		return nil, err
	}
	return &id, nil
}

// upsertInterventions matches the imported interventions (is_local false)
// by DMS id (by title when the DMS gives none), updates them in place so
// what the customer and mechanics recorded on them stays, creates new
// ones and marks the ones the DMS dropped dms_deleted. Elements of an
// imported intervention belong to the DMS: they are replaced.
func upsertInterventions(ctx context.Context, c *ent.Client, locID, apID int, carID *int, ivs []dms.Intervention) error {
	olds, err := c.Intervention.Query().Where(intervention.AppointmentID(apID), intervention.IsLocal(false)).All(ctx)
	if err != nil {
		return err
	}
	match := func(o *ent.Intervention, iv *dms.Intervention) bool {
		if iv.DMSNr != "" {
			return o.DmsNr == iv.DMSNr
		}
		return o.DmsNr == "" && o.Title == iv.Title
	}
	used := make([]bool, len(olds))
	var touched []int
	var elems []*ent.InterventionElementCreate
	for i := range ivs {
		iv := &ivs[i]
		var id int
		found := -1
		for j, o := range olds {
			if !used[j] && match(o, iv) {
				found = j
				break
			}
		}
		if found >= 0 {
			used[found] = true
			id = olds[found].ID
			up := c.Intervention.UpdateOneID(id).SetTitle(iv.Title).SetDescription(iv.Description).SetPrice(iv.Price).SetDmsDeleted(false)
			if carID != nil {
				up.SetCarID(*carID)
			}
			if err := up.Exec(ctx); err != nil {
				return err
			}
			touched = append(touched, id)
		} else {
			cr := c.Intervention.Create().SetAppointmentID(apID).SetDealerLocationID(locID).SetDmsNr(iv.DMSNr).
				SetTitle(iv.Title).SetDescription(iv.Description).SetPrice(iv.Price)
			if carID != nil {
				cr.SetCarID(*carID)
			}
			n, err := cr.Save(ctx)
			if err != nil {
				return err
			}
			id = n.ID
		}
		for _, e := range iv.Elements {
			elems = append(elems, c.InterventionElement.Create().SetInterventionID(id).SetDmsNr(e.DMSNr).
				SetParentDmsNr(e.ParentDMSNr).SetElementType(e.ElementType).SetDescription(e.Description).
				SetPrice(e.Price).SetQuantity(e.Quantity).SetPrivateNote(e.PrivateNote))
		}
	}
	var gone []int
	for j, o := range olds {
		if !used[j] && !o.DmsDeleted {
			gone = append(gone, o.ID)
		}
	}
	if len(gone) > 0 {
		if err := c.Intervention.Update().Where(intervention.IDIn(gone...)).SetDmsDeleted(true).Exec(ctx); err != nil {
			return err
		}
	}
	if len(touched) > 0 {
		if _, err := c.InterventionElement.Delete().Where(interventionelement.InterventionIDIn(touched...), interventionelement.IsLocal(false)).Exec(ctx); err != nil {
			return err
		}
	}
	for len(elems) > 0 {
		n := min(len(elems), 500)
		if err := c.InterventionElement.CreateBulk(elems[:n]...).Exec(ctx); err != nil {
			return err
		}
		elems = elems[n:]
	}
	return nil
}

// Delivered records that the workflow got the change: it clears the pending
// message unless a newer import replaced it meanwhile.
func Delivered(ctx context.Context, db *ent.Client, ch Change) error {
	_, err := db.Appointment.Update().
		Where(entappointment.ID(ch.AppointmentID), entappointment.DmsLifecyclePending(string(ch.Kind))).
		SetDmsLifecyclePending("").Save(ctx)
	return err
}

// SteerOutcome says what steering a change's lifecycle workflow did
// (workflows/appointment.SteerFromDMS).
type SteerOutcome string

// Outcomes of steering.
const (
	SteerStarted   SteerOutcome = "started"   // the lifecycle runs (started now, or already running)
	SteerSignalled SteerOutcome = "signalled" // rescheduled/cancelled delivered to the running lifecycle
	// SteerClosed: the lifecycle already ended (completed or cancelled). A
	// re-import after that is not restarted: the workflow ID is never reused
	// (REJECT_DUPLICATE), so a finished appointment never messages the
	// customer again; the read model carries the DMS's new data.
	SteerClosed SteerOutcome = "closed"
	// SteerNoWorkflow: a cancellation with no lifecycle to end; Deliver marks
	// the read model cancelled.
	SteerNoWorkflow SteerOutcome = "no_workflow"
)

// Steer starts or steers one change's lifecycle workflow and says what it
// did. It must be safe to call again with the same change.
type Steer func(ctx context.Context, ch Change) (SteerOutcome, error)

// Deliver hands one stored change to its lifecycle workflow through steer,
// marks the appointment cancelled when no workflow could take a
// cancellation, and clears the pending marker. A failure leaves the change
// pending: the next import (or push) of the work order delivers it again.
func Deliver(ctx context.Context, db *ent.Client, steer Steer, ch Change) (SteerOutcome, error) {
	out, err := steer(ctx, ch)
	if err != nil {
		return "", err
	}
	if out == SteerNoWorkflow {
		if err := CancelledWithoutWorkflow(ctx, db, ch.AppointmentID); err != nil {
			return "", err
		}
	}
	return out, Delivered(ctx, db, ch)
}

// CancelledWithoutWorkflow marks an appointment cancelled in the read model
// when no running workflow could take the cancellation (never started, or
// already closed).
func CancelledWithoutWorkflow(ctx context.Context, db *ent.Client, appointmentID int) error {
	_, err := db.Appointment.Update().
		Where(entappointment.ID(appointmentID), entappointment.LifecycleStageNotIn("completed")).
		SetLifecycleStage("cancelled").SetAppointmentStatusIdentifier(enums.StatusIdentifierCancelled).
		Save(ctx)
	return err
}
