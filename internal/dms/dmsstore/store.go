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
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"errors"
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"
	"unicode"

	entsql "entgo.io/ent/dialect/sql"

	"entgo.io/ent/dialect/sql/schema"

	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/car"
	"github.com/pitstop-dev/pitstop/ent/customer"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/interventionelement"
	"github.com/pitstop-dev/pitstop/ent/migrate"
	"github.com/pitstop-dev/pitstop/ent/predicate"
	"github.com/pitstop-dev/pitstop/internal/custerase"
	"github.com/pitstop-dev/pitstop/internal/dms"
	"github.com/pitstop-dev/pitstop/internal/dms/dmschange"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/readdoc"
)

// Kind is what an import did to an appointment, and so which lifecycle
// message its workflow is owed (internal/dms/dmschange, re-exported here).
type Kind = dmschange.Kind

// Kinds, in the order they win when changes pile up before delivery.
const (
	KindUnchanged   = dmschange.KindUnchanged
	KindChanged     = dmschange.KindChanged
	KindRescheduled = dmschange.KindRescheduled
	KindNew         = dmschange.KindNew
	KindCancelled   = dmschange.KindCancelled
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
type Change = dmschange.Change

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
// checked again here). A work order repeated within wos (same DMS key) is
// written once, from its last occurrence, which alone gets a Change.
func Upsert(ctx context.Context, db *ent.Client, loc Location, wos []dms.WorkOrder, createdBy string) ([]Change, error) {
	if len(wos) == 0 {
		return nil, nil
	}
	for i := range wos {
		if ps := wos[i].Validate(); len(ps) > 0 {
			return nil, fmt.Errorf("work order %d (%s): %w", i, wos[i].WONr, ps.Err())
		}
	}
	pg := isPostgres(ctx, db)
	tx, err := db.Tx(ctx)
	if err != nil {
		return nil, err
	}
	changes, err := upsertTx(ctx, tx.Client(), pg, loc, wos, createdBy)
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return changes, nil
}

// plan is one work order upsertTx writes.
type plan struct {
	index   int
	w       *dms.WorkOrder
	key     string
	hash    string
	old     *ent.Appointment
	at      time.Time
	pending Kind
	// filled while writing; newCar and newParty: inserted by this batch
	// (known on PostgreSQL only), so no other appointment shows them yet
	carID    *int
	parties  [3]*int
	newCar   bool
	newParty [3]bool
	erased   [3]bool // the party is an erased customer (erasedParties)
	id       int
}

// upsertTx writes a batch in a fixed number of statements, whatever its
// size: one read of the existing appointments, one bulk upsert (ids from
// its RETURNING) each for parties, cars and appointments, one read of the
// imported interventions, one bulk insert each for new interventions and
// elements, one read-model invalidation, and single updates only for
// interventions whose own fields changed. A key repeated within wos is
// written once, from its last occurrence (one Change, with that index).
func upsertTx(ctx context.Context, c *ent.Client, pg bool, loc Location, wos []dms.WorkOrder, createdBy string) ([]Change, error) {
	// The readdoc hook would cost queries per written row; invalidate
	// (below) clears the same documents once for the batch.
	ctx = readdoc.Bulk(ctx)
	keys := make([]string, len(wos))
	last := make(map[string]int, len(wos))
	for i := range wos {
		keys[i] = Key(&wos[i])
		last[keys[i]] = i
	}
	byKey := make(map[string]*ent.Appointment, len(wos))
	for _, chunk := range chunks(uniq(keys), inChunk) {
		existing, err := c.Appointment.Query().
			Where(entappointment.DealerLocationID(loc.ID), entappointment.DmsKeyIn(chunk...)).
			Select(entappointment.FieldID, entappointment.FieldDmsKey, entappointment.FieldDmsHash,
				entappointment.FieldTimeCarApp, entappointment.FieldDmsCanceled, entappointment.FieldDmsLifecyclePending).
			All(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range existing {
			byKey[*a.DmsKey] = a
		}
	}
	var out []Change
	var plans []*plan
	for i := range wos {
		if last[keys[i]] != i {
			continue
		}
		w := &wos[i]
		hash := w.Hash()
		old := byKey[keys[i]]
		at, _ := w.TimeCarApp.Time(loc.TZ)
		if old != nil && old.DmsHash == hash {
			if old.DmsLifecyclePending != "" {
				out = append(out, Change{Index: i, DealerLocationID: loc.ID, WONr: w.WONr, RegNumber: w.Car.RegNr,
					AppointmentID: old.ID, Kind: Kind(old.DmsLifecyclePending), AppointmentAt: old.TimeCarApp})
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
		plans = append(plans, &plan{index: i, w: w, key: keys[i], hash: hash, old: old, at: at, pending: pending})
	}
	if len(plans) > 0 {
		if err := upsertParties(ctx, c, pg, loc.ID, plans); err != nil {
			return nil, fmt.Errorf("parties: %w", err)
		}
		if err := upsertCars(ctx, c, pg, loc, plans); err != nil {
			return nil, fmt.Errorf("cars: %w", err)
		}
		if err := upsertAppointments(ctx, c, pg, loc, plans, createdBy); err != nil {
			return nil, fmt.Errorf("appointments: %w", err)
		}
		if err := upsertInterventions(ctx, c, pg, loc.ID, plans); err != nil {
			return nil, fmt.Errorf("interventions: %w", err)
		}
		if err := invalidate(ctx, c, plans); err != nil {
			return nil, fmt.Errorf("customer documents: %w", err)
		}
	}
	for _, p := range plans {
		out = append(out, Change{Index: p.index, DealerLocationID: loc.ID, WONr: p.w.WONr, RegNumber: p.w.Car.RegNr,
			AppointmentID: p.id, Kind: p.pending, AppointmentAt: p.at})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Index < out[b].Index })
	return out, nil
}

// invalidate clears the precomputed customer documents (internal/readdoc)
// of the communications the batch changed: those of the existing
// appointments it wrote, and of any appointment showing a party or car it
// wrote (a lease company shared by many). A new appointment has no
// communication yet, and a car or party the batch inserted is shown only by
// the batch's appointments: nothing to look up for them.
func invalidate(ctx context.Context, c *ent.Client, plans []*plan) error {
	var aps, cars, parties []int
	for _, p := range plans {
		if p.old != nil {
			aps = append(aps, p.id)
		}
		if p.carID != nil && !p.newCar {
			cars = append(cars, *p.carID)
		}
		for role, id := range p.parties {
			if id != nil && !p.newParty[role] {
				parties = append(parties, *id)
			}
		}
	}
	var or []predicate.Appointment
	for _, ids := range chunks(aps, inChunk) {
		or = append(or, entappointment.IDIn(ids...))
	}
	for _, ids := range chunks(cars, inChunk) {
		or = append(or, entappointment.CarIDIn(ids...))
	}
	for _, ids := range chunks(parties, inChunk) {
		or = append(or, entappointment.CustomerDriverIDIn(ids...), entappointment.CustomerOwnerIDIn(ids...),
			entappointment.CustomerContractIDIn(ids...))
	}
	if len(or) == 0 {
		return nil
	}
	coms, err := c.CustomerCommunication.Query().Where(customercommunication.HasAppointmentWith(entappointment.Or(or...))).IDs(ctx)
	if err != nil {
		return err
	}
	return readdoc.Invalidate(ctx, c, coms...)
}

// Statement sizes: PostgreSQL takes at most 65535 bind parameters per
// statement and SQLite 32766; rows are cut so the widest table (appointments,
// about 60 columns) stays well below both.
const (
	rowsPerInsert = 250
	// Elements have 13 columns: a 200-work-order page's 2,000 (five
	// interventions of two lines) go in one statement.
	elementsPerInsert = 2000
	inChunk           = 1000
)

func chunks[T any](s []T, n int) [][]T {
	var out [][]T
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	if len(s) > 0 {
		out = append(out, s)
	}
	return out
}

func uniq(s []string) []string {
	seen := make(map[string]bool, len(s))
	out := make([]string, 0, len(s))
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

func optTime(t dms.Timestamp, tz *time.Location) *time.Time {
	v, err := t.Time(tz)
	if err != nil {
		return nil
	}
	return &v
}

var roles = [3]string{"driver", "owner", "contractor"}

// partyKey: a driver, owner or contractor is stored by its DMS id; one
// without belongs to its work order alone ("<wo key>/<role>").
func partyKey(woKey string, role int, p *dms.Party) string {
	if p.DMSNr == "" {
		return "wo:" + woKey + "/" + roles[role]
	}
	return "p:" + p.DMSNr
}

// upsertParties stores every driver, owner and contractor of the plans (a
// party named by several work orders once, from the last) and sets
// plan.parties. Only the DMS's fields are overwritten: what users set
// (blocked communication, preferred channel, language) stays.
func upsertParties(ctx context.Context, c *ent.Client, pg bool, locID int, plans []*plan) error {
	now := time.Now()
	latest := map[string]*dms.Party{}
	var order []string
	for _, p := range plans {
		for role, party := range [3]*dms.Party{p.w.Driver, p.w.Owner, p.w.Contractor} {
			if party == nil {
				continue
			}
			k := partyKey(p.key, role, party)
			if _, ok := latest[k]; !ok {
				order = append(order, k)
			}
			latest[k] = party
		}
	}
	if len(order) == 0 {
		return nil
	}
	erased, err := erasedParties(ctx, c, locID, order)
	if err != nil {
		return err
	}
	ids := make(map[string]int, len(order))
	created := map[string]bool{}
	for _, ks := range chunks(order, rowsPerInsert) {
		bulk := make([]*ent.CustomerCreate, len(ks))
		for i, k := range ks {
			p := latest[k]
			bulk[i] = c.Customer.Create().
				SetDealerLocationID(locID).SetDmsKey(k).SetDmsNr(p.DMSNr).
				SetCompany(p.Company).SetIsLeaseCompany(p.IsLeaseCompany).SetTitle(p.Title).
				SetFirstName(p.FirstName).SetSurname(p.FullSurname()).
				SetStreet(p.Street).SetHouseNr(p.HouseNr).SetPostcode(p.Postcode).SetPlace(p.Place).
				SetEmailPrivate(p.EmailPrivate).SetEmailBusiness(p.EmailBusiness).
				SetTelPrivateNr(p.TelPrivateNr).SetTelBusinessNr(p.TelBusinessNr).
				SetTelMobilePrivate(p.TelMobilePrivate).SetTelMobileBusiness(p.TelMobileBusiness)
			if erased[k] {
				custerase.BlankCustomer(bulk[i].Mutation())
			}
		}
		got, err := upsertRows(ctx, c, pg, migrate.CustomersTable, ks, bulk, now, customerUpdate, created,
			func(bulk []*ent.CustomerCreate, o ...entsql.ConflictOption) ([]int, error) {
				cb := c.Customer.CreateBulk(bulk...)
				cb.OnConflict(o...)
				rows, err := cb.Save(ctx)
				return idsOf(rows, err, func(r *ent.Customer) int { return r.ID })
			})
		if err != nil {
			return err
		}
		maps.Copy(ids, got)
	}
	for _, p := range plans {
		for role, party := range [3]*dms.Party{p.w.Driver, p.w.Owner, p.w.Contractor} {
			if party == nil {
				continue
			}
			k := partyKey(p.key, role, party)
			id, ok := ids[k]
			if !ok {
				return fmt.Errorf("work order %s: %s not stored", p.w.WONr, roles[role])
			}
			p.parties[role], p.newParty[role], p.erased[role] = &id, created[k], erased[k]
		}
	}
	return nil
}

// erasedParties is which of keys (party keys at the location) name a
// customer erased in Pitstop (issue #26): a DMS that still sends them must
// not write their personal data back, on their row or on the roles they
// have on appointments (the dealer erases them in the DMS too).
func erasedParties(ctx context.Context, c *ent.Client, locID int, keys []string) (map[string]bool, error) {
	erased := map[string]bool{}
	for _, ks := range chunks(keys, inChunk) {
		found, err := c.Customer.Query().Where(customer.DealerLocationID(locID), customer.DmsKeyIn(ks...), customer.ErasedAtNotNil()).
			Select(customer.FieldDmsKey).Strings(ctx)
		if err != nil {
			return nil, err
		}
		for _, k := range found {
			erased[k] = true
		}
	}
	return erased, nil
}

// carKey: a car is stored by its DMS id, else its registration, else its
// VIN; a car with none of them is not stored ("").
func carKey(k *dms.Car) string {
	switch {
	case k.DMSNr != "":
		return "c:" + k.DMSNr
	case EscapeReg(k.RegNr) != "":
		return "reg:" + EscapeReg(k.RegNr)
	case k.VIN != "":
		return "vin:" + k.VIN
	}
	return ""
}

// upsertCars stores the plans' cars (each once, from the last work order
// naming it) and sets plan.carID.
func upsertCars(ctx context.Context, c *ent.Client, pg bool, loc Location, plans []*plan) error {
	now := time.Now()
	latest := map[string]*dms.Car{}
	var order []string
	for _, p := range plans {
		k := carKey(&p.w.Car)
		if k == "" {
			continue
		}
		if _, ok := latest[k]; !ok {
			order = append(order, k)
		}
		latest[k] = &p.w.Car
	}
	if len(order) == 0 {
		return nil
	}
	ids := make(map[string]int, len(order))
	created := map[string]bool{}
	for _, ks := range chunks(order, rowsPerInsert) {
		bulk := make([]*ent.CarCreate, len(ks))
		for i, key := range ks {
			k := latest[key]
			cr := c.Car.Create().SetDealerLocationID(loc.ID).SetDmsKey(key).SetDmsNr(k.DMSNr).
				SetMake(k.Make).SetModel(k.Model).SetFuel(k.Fuel).SetRegNr(k.RegNr).SetRegNrEscaped(EscapeReg(k.RegNr)).SetVin(k.VIN)
			cr.SetNillableDmsRegistration(optTime(k.DMSRegistration, loc.TZ)).
				SetNillableApkDateDms(optTime(k.APKDateDMS, loc.TZ)).
				SetNillableWarrantyDateStart(optTime(k.WarrantyDateStart, loc.TZ)).
				SetNillableWarrantyDateEnd(optTime(k.WarrantyDateEnd, loc.TZ))
			bulk[i] = cr
		}
		// A date a row does not set is NULL in its excluded row: taking it
		// clears a date the DMS dropped.
		got, err := upsertRows(ctx, c, pg, migrate.CarsTable, ks, bulk, now, carUpdate, created,
			func(bulk []*ent.CarCreate, o ...entsql.ConflictOption) ([]int, error) {
				cb := c.Car.CreateBulk(bulk...)
				cb.OnConflict(o...)
				rows, err := cb.Save(ctx)
				return idsOf(rows, err, func(r *ent.Car) int { return r.ID })
			})
		if err != nil {
			return err
		}
		maps.Copy(ids, got)
	}
	for _, p := range plans {
		if k := carKey(&p.w.Car); k != "" {
			id, ok := ids[k]
			if !ok {
				return fmt.Errorf("work order %s: car not stored", p.w.WONr)
			}
			p.carID, p.newCar = &id, created[k]
		}
	}
	return nil
}

// upsertAppointments inserts the new appointments and updates the changed
// ones in one statement per chunk (INSERT ... ON CONFLICT (location,
// dms_key) DO UPDATE of the DMS's columns only: what the lifecycle and users
// set stays), and takes their ids from its RETURNING.
func upsertAppointments(ctx context.Context, c *ent.Client, pg bool, loc Location, plans []*plan, createdBy string) error {
	now := time.Now()
	ids := make(map[string]int, len(plans))
	for _, ps := range chunks(plans, rowsPerInsert) {
		bulk := make([]*ent.AppointmentCreate, len(ps))
		for i, p := range ps {
			cr := c.Appointment.Create().SetDealerLocationID(loc.ID).SetDmsKey(p.key).SetCreatedBy(createdBy)
			if p.w.Canceled {
				// Only a new row takes these (they are not in the update
				// list): an existing one is cancelled by its workflow.
				cr.SetLifecycleStage("cancelled").SetAppointmentStatusIdentifier(enums.StatusIdentifierCancelled).SetClosedAt(now)
			}
			setFields(cr.Mutation(), p, loc, now)
			bulk[i] = cr
		}
		keys := make([]string, len(ps))
		for i, p := range ps {
			keys[i] = p.key
		}
		got, err := upsertRows(ctx, c, pg, migrate.AppointmentsTable, keys, bulk, now, appointmentUpdate, nil,
			func(bulk []*ent.AppointmentCreate, o ...entsql.ConflictOption) ([]int, error) {
				cb := c.Appointment.CreateBulk(bulk...)
				cb.OnConflict(o...)
				rows, err := cb.Save(ctx)
				return idsOf(rows, err, func(r *ent.Appointment) int { return r.ID })
			})
		if err != nil {
			return err
		}
		maps.Copy(ids, got)
	}
	for _, p := range plans {
		id, ok := ids[p.key]
		if !ok {
			return fmt.Errorf("work order %s: appointment not stored", p.w.WONr)
		}
		p.id = id
	}
	return nil
}

// setFields sets every imported appointment column of a create. A column
// left unset is NULL (or its default) in the upsert's excluded row, so an
// update clears what the DMS dropped.
func setFields(m *ent.AppointmentMutation, p *plan, loc Location, now time.Time) {
	w := p.w
	m.SetDmsID(w.DMSID)
	m.SetDmsHash(p.hash)
	m.SetDmsLifecyclePending(string(p.pending))
	m.SetDmsCanceled(w.Canceled)
	m.SetDmsNr(w.DMSNr)
	m.SetWoNr(w.WONr)
	m.SetTimeCarApp(p.at)
	for _, d := range []struct {
		set func(time.Time)
		t   dms.Timestamp
	}{
		{m.SetDmsCreatedAt, w.DMSCreatedAt}, {m.SetDueIn, w.DueIn}, {m.SetCarReturnTime, w.CarReturnTime},
		{m.SetCarInShop, w.CarInShop}, {m.SetCarOutOfShop, w.CarOutOfShop}, {m.SetCarApkDate, w.Car.APKDateDMS},
	} {
		if v := optTime(d.t, loc.TZ); v != nil {
			d.set(*v)
		}
	}
	km := 0
	if w.DMSKM != nil {
		km = *w.DMSKM
	}
	m.SetCustomerWaiting(w.CustomerWaiting)
	m.SetDmsKm(km)
	m.SetIsLeaseCompany(w.IsLeaseCompany())
	m.SetVin(w.Car.VIN)
	m.SetCarMake(w.Car.Make)
	m.SetCarModel(w.Car.Model)
	m.SetRegNumber(w.Car.RegNr)
	m.SetRegNumberEscaped(EscapeReg(w.Car.RegNr))
	name := func(p *dms.Party) (title, first, sur string) {
		if p == nil {
			return "", "", ""
		}
		return p.Title, p.FirstName, p.FullSurname()
	}
	t, f, s := name(w.Driver)
	m.SetDriverTitle(t)
	m.SetDriverFirstname(f)
	m.SetDriverSurname(s)
	t, f, s = name(w.Owner)
	m.SetOwnerTitle(t)
	m.SetOwnerFirstname(f)
	m.SetOwnerSurname(s)
	t, f, s = name(w.Contractor)
	m.SetContractorTitle(t)
	m.SetContractorFirstname(f)
	m.SetContractorSurname(s)
	custerase.BlankParties(m, p.erased[0], p.erased[1], p.erased[2])
	company := ""
	for _, p := range []*dms.Party{w.Contractor, w.Owner, w.Driver} {
		if p != nil && p.Company != "" {
			company = p.Company
			break
		}
	}
	m.SetCompany(company)
	m.SetImporterVersion("dmsstore/2")
	m.SetLastDmsUpdate(now)
	m.SetLastTimestamp(now)
	if p.carID != nil {
		m.SetCarID(*p.carID)
	}
	if p.parties[0] != nil {
		m.SetCustomerDriverID(*p.parties[0])
	}
	if p.parties[1] != nil {
		m.SetCustomerOwnerID(*p.parties[1])
	}
	if p.parties[2] != nil {
		m.SetCustomerContractID(*p.parties[2])
	}
}

// upsertInterventions matches the imported interventions (is_local false)
// by DMS id (by title when the DMS gives none), updates them in place so
// what the customer and mechanics recorded on them stays, creates new
// ones and marks the ones the DMS dropped dms_deleted. Elements of an
// imported intervention belong to the DMS: they are replaced. On
// PostgreSQL (pg) the new interventions and elements go in through
// pgbulk.go's single-statement inserts, elsewhere through ent's CreateBulk.
func upsertInterventions(ctx context.Context, c *ent.Client, pg bool, locID int, plans []*plan) error {
	apIDs := make([]int, len(plans))
	for i, p := range plans {
		apIDs[i] = p.id
	}
	oldsOf := map[int][]*ent.Intervention{}
	for _, ids := range chunks(apIDs, inChunk) {
		olds, err := c.Intervention.Query().Where(intervention.AppointmentIDIn(ids...), intervention.IsLocal(false)).
			Order(ent.Asc(intervention.FieldID)).All(ctx)
		if err != nil {
			return err
		}
		for _, o := range olds {
			oldsOf[o.AppointmentID] = append(oldsOf[o.AppointmentID], o)
		}
	}
	match := func(o *ent.Intervention, iv *dms.Intervention) bool {
		if iv.DMSNr != "" {
			return o.DmsNr == iv.DMSNr
		}
		return o.DmsNr == "" && o.Title == iv.Title
	}
	// A target is an intervention whose elements are (re)written: an
	// existing one (id), or a new one (creates[new], id known once created).
	type target struct {
		id  int
		iv  *dms.Intervention
		new int // index into creates, or -1
	}
	var targets []target
	var creates []*ent.InterventionCreate
	var touched, gone []int
	for _, p := range plans {
		olds := oldsOf[p.id]
		used := make([]bool, len(olds))
		for i := range p.w.Interventions {
			iv := &p.w.Interventions[i]
			found := -1
			for j, o := range olds {
				if !used[j] && match(o, iv) {
					found = j
					break
				}
			}
			if found < 0 {
				targets = append(targets, target{iv: iv, new: len(creates)})
				creates = append(creates, c.Intervention.Create().SetAppointmentID(p.id).SetDealerLocationID(locID).SetDmsNr(iv.DMSNr).
					SetTitle(iv.Title).SetDescription(iv.Description).SetPrice(iv.Price).SetNillableCarID(p.carID))
				continue
			}
			used[found] = true
			o := olds[found]
			targets = append(targets, target{id: o.ID, iv: iv, new: -1})
			touched = append(touched, o.ID)
			sameCar := p.carID == nil || o.CarID == *p.carID
			// A price the receptionist edited (dms_price_edited) stays: the
			// DMS's price is what the customer was not shown.
			priceChanged := o.Price != iv.Price && !o.DmsPriceEdited
			if o.Title != iv.Title || o.Description != iv.Description || priceChanged || o.DmsDeleted || !sameCar {
				up := c.Intervention.UpdateOneID(o.ID).SetTitle(iv.Title).SetDescription(iv.Description).SetDmsDeleted(false)
				if !o.DmsPriceEdited {
					up.SetPrice(iv.Price)
				}
				if p.carID != nil {
					up.SetCarID(*p.carID)
				}
				if err := up.Exec(ctx); err != nil {
					return err
				}
			}
		}
		for j, o := range olds {
			if !used[j] && !o.DmsDeleted {
				gone = append(gone, o.ID)
			}
		}
	}
	now := time.Now()
	created, err := createInterventions(ctx, c, pg, creates, now)
	if err != nil {
		return err
	}
	for _, ids := range chunks(gone, inChunk) {
		if err := c.Intervention.Update().Where(intervention.IDIn(ids...)).SetDmsDeleted(true).Exec(ctx); err != nil {
			return err
		}
	}
	for _, ids := range chunks(touched, inChunk) {
		if _, err := c.InterventionElement.Delete().Where(interventionelement.InterventionIDIn(ids...), interventionelement.IsLocal(false)).Exec(ctx); err != nil {
			return err
		}
	}
	var elems []*ent.InterventionElementCreate
	for _, t := range targets {
		id := t.id
		if t.new >= 0 {
			id = created[t.new]
		}
		for _, e := range t.iv.Elements {
			elems = append(elems, c.InterventionElement.Create().SetInterventionID(id).SetDmsNr(e.DMSNr).
				SetParentDmsNr(e.ParentDMSNr).SetElementType(e.ElementType).SetDescription(e.Description).
				SetPrice(e.Price).SetQuantity(e.Quantity).SetPrivateNote(e.PrivateNote))
		}
	}
	return createElements(ctx, c, pg, elems, now)
}

// createInterventions inserts ivs and returns their ids, in order: on
// PostgreSQL (pg) with ids taken from the sequence first and one unnest
// statement, elsewhere with ent's bulk create (ids from its RETURNING).
func createInterventions(ctx context.Context, c *ent.Client, pg bool, ivs []*ent.InterventionCreate, now time.Time) ([]int, error) {
	if len(ivs) == 0 {
		return nil, nil
	}
	if pg {
		ids, err := pgAllocIDs(ctx, c, migrate.InterventionsTable.Name, len(ivs))
		if err != nil {
			return nil, err
		}
		_, err = pgWrite(ctx, c, migrate.InterventionsTable, ids, mutations(ivs), now, nil, nil, "")
		return ids, err
	}
	var ids []int
	for _, vs := range chunks(ivs, rowsPerInsert*2) {
		ns, err := c.Intervention.CreateBulk(vs...).Save(ctx)
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			ids = append(ids, n.ID)
		}
	}
	return ids, nil
}

// createElements inserts es: on PostgreSQL (pg) in one unnest statement,
// elsewhere with ent's bulk create.
func createElements(ctx context.Context, c *ent.Client, pg bool, es []*ent.InterventionElementCreate, now time.Time) error {
	if len(es) == 0 {
		return nil
	}
	if pg {
		_, err := pgWrite(ctx, c, migrate.InterventionElementsTable, nil, mutations(es), now, nil, nil, "")
		return err
	}
	for _, chunk := range chunks(es, elementsPerInsert) {
		if err := c.InterventionElement.CreateBulk(chunk...).Exec(ctx); err != nil {
			return err
		}
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

// PendingChanges are the changes still owed to lifecycle workflows among
// the location's work orders with the given DMS keys (Key), Index being the
// key's position in keys: what an import stored and has not delivered yet,
// for a delivery that runs apart from the import (a Carsys push hands its
// keys to a workflow, which delivers them even when the push died right
// after storing).
func PendingChanges(ctx context.Context, db *ent.Client, locationID int, keys []string) ([]Change, error) {
	at := make(map[string]int, len(keys))
	for i, k := range keys {
		at[k] = i
	}
	var out []Change
	for start := 0; start < len(keys); start += 1000 {
		rows, err := db.Appointment.Query().Where(entappointment.DealerLocationID(locationID),
			entappointment.DmsKeyIn(keys[start:min(start+1000, len(keys))]...), entappointment.DmsLifecyclePendingNEQ("")).
			Order(ent.Asc(entappointment.FieldID)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			key := ""
			if r.DmsKey != nil {
				key = *r.DmsKey
			}
			out = append(out, Change{Index: at[key], AppointmentID: r.ID, DealerLocationID: r.DealerLocationID, WONr: r.WoNr,
				RegNumber: r.RegNumber, AppointmentAt: r.TimeCarApp, Kind: Kind(r.DmsLifecyclePending)})
		}
	}
	return out, nil
}

// SteerOutcome says what steering a change's lifecycle workflow did
// (workflows/appointment.SteerFromDMS).
type SteerOutcome = dmschange.SteerOutcome

// Outcomes of steering (see internal/dms/dmschange).
const (
	SteerStarted    = dmschange.SteerStarted
	SteerSignalled  = dmschange.SteerSignalled
	SteerClosed     = dmschange.SteerClosed
	SteerNoWorkflow = dmschange.SteerNoWorkflow
)

// Steer starts or steers one change's lifecycle workflow and says what it
// did. It must be safe to call again with the same change.
type Steer = dmschange.Steer

// Deliver hands one stored change to its lifecycle workflow (DeliverAll
// of one change).
func Deliver(ctx context.Context, db *ent.Client, steer Steer, ch Change) (SteerOutcome, error) {
	outs, err := DeliverAll(ctx, db, steer, []Change{ch}, nil)
	if err != nil {
		return "", err
	}
	return outs[0], nil
}

// steerConcurrency bounds how many workflows DeliverAll steers at once: a
// burst of 1,000 imported work orders waited on 1,000 Temporal round trips
// one after the other (issue 24's burst bench), and the server takes many
// at once.
const steerConcurrency = 16

// DeliverAll hands stored changes to their lifecycle workflows through
// steer, up to steerConcurrency appointments at once (the changes of one
// appointment in order, by one goroutine), calling each (if not nil,
// never concurrently) after every one; then, in a few statements for all
// of them (as Upsert writes a page), marks cancelled the appointments no
// workflow could take a cancellation for and clears the pending markers.
// It returns the outcome of each change by its index. When a steer fails,
// no further one starts, those steered are recorded (the others keep the
// empty outcome) and the rest stays pending, so the next import (or push)
// delivers it again (steering the same change twice is safe, see Steer).
func DeliverAll(ctx context.Context, db *ent.Client, steer Steer, changes []Change, each func(SteerOutcome)) ([]SteerOutcome, error) {
	outs := make([]SteerOutcome, len(changes))
	steered := make([]bool, len(changes))
	var byAppointment [][]int
	seen := map[int]int{}
	for i, ch := range changes {
		g, ok := seen[ch.AppointmentID]
		if !ok {
			g = len(byAppointment)
			seen[ch.AppointmentID] = g
			byAppointment = append(byAppointment, nil)
		}
		byAppointment[g] = append(byAppointment[g], i)
	}
	var (
		mu     sync.Mutex
		failed atomic.Bool
		eg     errgroup.Group
	)
	eg.SetLimit(steerConcurrency)
	for _, idxs := range byAppointment {
		if failed.Load() {
			break
		}
		eg.Go(func() error {
			for _, i := range idxs {
				if failed.Load() {
					return nil
				}
				out, err := steer(ctx, changes[i])
				if err != nil {
					failed.Store(true)
					return err
				}
				mu.Lock()
				outs[i], steered[i] = out, true
				if each != nil {
					each(out)
				}
				mu.Unlock()
			}
			return nil
		})
	}
	err := eg.Wait()
	var doneChanges []Change
	var doneOuts []SteerOutcome
	for i, ok := range steered {
		if ok {
			doneChanges, doneOuts = append(doneChanges, changes[i]), append(doneOuts, outs[i])
		}
	}
	if rerr := recordDelivered(ctx, db, doneChanges, doneOuts); rerr != nil {
		return nil, errors.Join(err, rerr)
	}
	return outs, err
}

// recordDelivered is DeliverAll's bookkeeping for the steered changes:
// one update for the cancellations no workflow took, one per kind (in
// chunks of inChunk ids) for the pending markers, each through the readdoc
// hook as a single row's update would be.
func recordDelivered(ctx context.Context, db *ent.Client, changes []Change, outs []SteerOutcome) error {
	var cancelled []int
	byKind := map[Kind][]int{}
	var kinds []Kind
	for i, ch := range changes {
		if outs[i] == SteerNoWorkflow {
			cancelled = append(cancelled, ch.AppointmentID)
		}
		if _, ok := byKind[ch.Kind]; !ok {
			kinds = append(kinds, ch.Kind)
		}
		byKind[ch.Kind] = append(byKind[ch.Kind], ch.AppointmentID)
	}
	for _, ids := range chunks(cancelled, inChunk) {
		if err := CancelledWithoutWorkflow(ctx, db, ids...); err != nil {
			return err
		}
	}
	for _, k := range kinds {
		for _, ids := range chunks(byKind[k], inChunk) {
			// A newer import may have replaced the marker meanwhile: only
			// the kind delivered is cleared.
			if _, err := db.Appointment.Update().
				Where(entappointment.IDIn(ids...), entappointment.DmsLifecyclePending(string(k))).
				SetDmsLifecyclePending("").Save(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// CancelledWithoutWorkflow marks an appointment cancelled in the read model
// when no running workflow could take the cancellation (never started, or
// already closed). One it closes gets closed_at (retention counts from
// it); one already cancelled keeps its own.
func CancelledWithoutWorkflow(ctx context.Context, db *ent.Client, appointmentIDs ...int) error {
	if _, err := db.Appointment.Update().
		Where(entappointment.IDIn(appointmentIDs...), entappointment.LifecycleStageNotIn("completed", "cancelled")).
		SetLifecycleStage("cancelled").SetAppointmentStatusIdentifier(enums.StatusIdentifierCancelled).SetClosedAt(time.Now()).
		Save(ctx); err != nil {
		return err
	}
	_, err := db.Appointment.Update().
		Where(entappointment.IDIn(appointmentIDs...), entappointment.LifecycleStage("cancelled")).
		SetAppointmentStatusIdentifier(enums.StatusIdentifierCancelled).
		Save(ctx)
	return err
}

// The upserts' conflict columns (the first two) and the columns an
// existing row takes from the import (the rest): the DMS's, never what
// users or the lifecycle set.
var customerUpdate = []string{customer.FieldDealerLocationID, customer.FieldDmsKey, customer.FieldDmsNr, customer.FieldCompany, customer.FieldIsLeaseCompany, customer.FieldTitle, customer.FieldFirstName, customer.FieldSurname, customer.FieldStreet, customer.FieldHouseNr, customer.FieldPostcode, customer.FieldPlace, customer.FieldEmailPrivate, customer.FieldEmailBusiness, customer.FieldTelPrivateNr, customer.FieldTelBusinessNr, customer.FieldTelMobilePrivate, customer.FieldTelMobileBusiness, customer.FieldUpdatedAt}
var carUpdate = []string{car.FieldDealerLocationID, car.FieldDmsKey, car.FieldDmsNr, car.FieldMake, car.FieldModel, car.FieldFuel, car.FieldRegNr, car.FieldRegNrEscaped, car.FieldVin, car.FieldUpdatedAt, car.FieldDmsRegistration, car.FieldApkDateDms, car.FieldWarrantyDateStart, car.FieldWarrantyDateEnd}
var appointmentUpdate = []string{entappointment.FieldDealerLocationID, entappointment.FieldDmsKey,
	entappointment.FieldDmsID, entappointment.FieldDmsHash, entappointment.FieldDmsLifecyclePending, entappointment.FieldDmsCanceled, entappointment.FieldDmsNr, entappointment.FieldWoNr, entappointment.FieldTimeCarApp, entappointment.FieldDmsCreatedAt, entappointment.FieldDueIn, entappointment.FieldCarReturnTime, entappointment.FieldCarInShop, entappointment.FieldCarOutOfShop, entappointment.FieldCarApkDate, entappointment.FieldCustomerWaiting, entappointment.FieldDmsKm, entappointment.FieldIsLeaseCompany, entappointment.FieldVin, entappointment.FieldCarMake, entappointment.FieldCarModel, entappointment.FieldRegNumber, entappointment.FieldRegNumberEscaped, entappointment.FieldDriverTitle, entappointment.FieldDriverFirstname, entappointment.FieldDriverSurname, entappointment.FieldOwnerTitle, entappointment.FieldOwnerFirstname, entappointment.FieldOwnerSurname, entappointment.FieldContractorTitle, entappointment.FieldContractorFirstname, entappointment.FieldContractorSurname, entappointment.FieldCompany, entappointment.FieldImporterVersion, entappointment.FieldLastDmsUpdate, entappointment.FieldLastTimestamp, entappointment.FieldCarID, entappointment.FieldCustomerDriverID, entappointment.FieldCustomerOwnerID, entappointment.FieldCustomerContractID, entappointment.FieldUpdatedAt}

// upsertRows inserts or updates creates (one per key, same order) on their
// (dealer_location_id, dms_key) and returns their ids by key: on
// PostgreSQL (pg) in one unnest statement (pgWrite), elsewhere through
// ent's bulk upsert (save), whose RETURNING gives the ids in order. cols
// are the conflict columns, then the columns an existing row takes.
// created, if not nil, gets the keys of the rows inserted rather than
// updated (on PostgreSQL; elsewhere it stays empty: every row may be old).
func upsertRows[C interface{ Mutation() M }, M ent.Mutation](ctx context.Context, c *ent.Client, pg bool, t *schema.Table,
	keys []string, creates []C, now time.Time, cols []string, created map[string]bool,
	save func([]C, ...entsql.ConflictOption) ([]int, error)) (map[string]int, error) {
	if pg {
		ids, inserted, err := pgUpsert(ctx, c, t, nil, mutations(creates), now, cols[:2], cols[2:], "dms_key")
		if created != nil {
			maps.Copy(created, inserted)
		}
		return ids, err
	}
	ids, err := save(creates, entsql.ConflictColumns(cols[:2]...), entsql.ResolveWith(func(u *entsql.UpdateSet) {
		for _, col := range cols[2:] {
			u.Set(col, entsql.Expr(updateValue(t.Name, col)))
		}
	}))
	if err != nil {
		return nil, err
	}
	if len(ids) != len(keys) {
		return nil, fmt.Errorf("%s: %d rows written, %d returned", t.Name, len(keys), len(ids))
	}
	out := make(map[string]int, len(keys))
	for i, k := range keys {
		out[k] = ids[i]
	}
	return out, nil
}

// idsOf is the ids of rows saved by a bulk create.
func idsOf[R any](rows []R, err error, id func(R) int) ([]int, error) {
	if err != nil {
		return nil, err
	}
	out := make([]int, len(rows))
	for i, r := range rows {
		out[i] = id(r)
	}
	return out, nil
}
