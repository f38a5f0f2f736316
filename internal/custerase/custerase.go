// Package custerase erases what a dealer holds on one customer from the
// database: the right to erasure of issue #26. It is the one writer of
// erasures (the admin API and `pitstop admin customer erase` call Erase
// once per request) and records each in a CustomerErasure row that holds no
// personal data.
//
// Choices:
//   - The customer is found by internal/custfind, as the export finds them
//     (row ID, phone in E.164, e-mail; the dealer's own customers only);
//     every row a phone number or address matches is erased.
//   - What is erased: the customer rows' names, addresses, phone numbers,
//     e-mail addresses and company (the row stays, with erased_at set and
//     its communication blocked, so appointments keep pointing at it); on
//     each appointment they are a party of, the names of their roles
//     (driver, owner, contractor), and where they are the driver or owner
//     the registration number and the staff's communication note. The
//     customer-facing records of those appointments that are theirs (the
//     record's customer_id names them, or names nobody and they are the
//     driver or owner): the online communication's corrected contacts,
//     note, name and cached document; its events' IP, name and signature;
//     the check-in and diagnose-overview remarks' titles, texts and names
//     and their attachments' names and links; the communication's files
//     (customer uploads, mechanic photos and videos, desk signatures):
//     bytes deleted, and the photo and video rows pointing at them; desk
//     check-ins' names, signatures and corrected contacts; kiosk check-ins'
//     names, corrected phones, signatures and remarks; key-locker PIN
//     requests' names, corrected phones and remarks; remote-diagnose
//     tickets' satisfaction comments. Messages sent to the customer's
//     contacts (SMS and e-mail delivery rows) keep only their outcome: the
//     destination is blanked and the contact struck from the failure reason.
//   - Kept: counts, prices, statuses, timestamps, interventions, check
//     results, agreement answers, the car (make, model, VIN), DMS numbers,
//     consent changes (no phone number in them) and the rows themselves.
//   - An appointment of the customer still in its lifecycle (neither
//     completed nor cancelled) refuses the erasure (*InProgress names them):
//     the workflow would still message the customer's contacts and the DMS
//     could write them again. Finish or cancel it first.
//   - A customer already erased is answered with *AlreadyErased and the
//     earlier record. An erased row has no phone number or e-mail address
//     left, so asking again by either finds nobody (ErrNotFound).
//   - A dry run runs the same erasure in a transaction it rolls back: the
//     counts are exactly what the real run touches, and nothing changes.
//   - The customers' workflow payload keys are deleted in the same
//     transaction (internal/custkeys): their workflow histories keep only
//     redacted copies of their payloads (crypto-shredding). So are the
//     contact subjects' keys of their numbers and addresses: those on
//     their rows and those found only in their check-in records and
//     threads (eraser.collect, before the rows are blanked).
//   - The dev outbox (app/devstack) forgets the messages whose delivery
//     rows this blanks, at its next read; logs never hold personal data.
//   - Not yet: copies at the real message providers. A later DMS import that
//     still sends an erased customer (the same DMS customer key at the
//     location) does not write them back: their row and the roles they
//     have on imported appointments, old or new, stay blank
//     (BlankCustomer, BlankParties; erase them in the DMS too). The
//     car's own row (registration number, VIN) is kept: it belongs to the
//     vehicle and its next owner.
package custerase

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/appointmentmessage"
	"github.com/pitstop-dev/pitstop/ent/checkinattachment"
	"github.com/pitstop-dev/pitstop/ent/checkinremark"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/conversation"
	"github.com/pitstop-dev/pitstop/ent/customer"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/ent/customererasure"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/ent/deskcommunicationevent"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewattachment"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewremark"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunicationevent"
	"github.com/pitstop-dev/pitstop/ent/keylockerremark"
	"github.com/pitstop-dev/pitstop/ent/kioskcommunication"
	"github.com/pitstop-dev/pitstop/ent/kioskcommunicationevent"
	"github.com/pitstop-dev/pitstop/ent/kioskremark"
	"github.com/pitstop-dev/pitstop/ent/questionresultimage"
	"github.com/pitstop-dev/pitstop/ent/questionresultvideo"
	"github.com/pitstop-dev/pitstop/ent/remotediagticket"
	"github.com/pitstop-dev/pitstop/ent/task"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/ent/uploadedfilechunk"
	"github.com/pitstop-dev/pitstop/internal/custfind"
	"github.com/pitstop-dev/pitstop/internal/custkeys"
	"github.com/pitstop-dev/pitstop/internal/enums"
	pkeys "github.com/pitstop-dev/pitstop/internal/keys"
)

// ErrNotFound: no customer of the dealer matches.
var ErrNotFound = custfind.ErrNotFound

// Invalid is a request that cannot be used (custfind.Invalid).
type Invalid = custfind.Invalid

// Selector finds the customer (custfind.Selector).
type Selector = custfind.Selector

// Ways of asking, recorded in Record.Via.
const (
	ViaAPI = "api"
	ViaCLI = "cli"
	// ViaRetention: the nightly retention run (RetainCustomers), not a request.
	ViaRetention = "retention"
)

// Request is one erasure request.
type Request struct {
	DealerID int
	Selector Selector
	// RequestedBy is the asking user's ID (0 from the command line).
	RequestedBy int
	Via         string // ViaAPI or ViaCLI
	DryRun      bool
	// Progress, when set, hears each kind of row as it is done.
	Progress func(kind string, n int)
	Now      func() time.Time
	// KeySecret is PITSTOP_KEY_SECRET: the erasure computes the contact
	// subjects of the customers' numbers and addresses with it
	// (keys.ContactSubject) and erases their data keys (the inbound
	// replies' and SMS keywords' histories). Required.
	KeySecret []byte
}

// Record is an erasure: the stored CustomerErasure, or what a dry run
// would store (ID 0, DryRun true).
type Record struct {
	ID                int            `json:"id,omitempty"`
	DryRun            bool           `json:"dry_run"`
	DealerID          int            `json:"dealer_id"`
	RequestedByUserID *int           `json:"requested_by_user_id"`
	Via               string         `json:"via"`
	FoundBy           string         `json:"found_by"`
	CustomerIDs       []int          `json:"customer_ids"`
	Touched           map[string]int `json:"touched"`
	ErasedAt          time.Time      `json:"erased_at"`
}

// AlreadyErased answers a request for a customer erased before.
type AlreadyErased struct{ Record Record }

func (e *AlreadyErased) Error() string {
	return fmt.Sprintf("customer already erased on %s (erasure %d)", e.Record.ErasedAt.UTC().Format(time.RFC3339), e.Record.ID)
}

// InProgress refuses an erasure while appointments of the customer are in
// their lifecycle.
type InProgress struct{ AppointmentIDs []int }

func (e *InProgress) Error() string {
	ids := make([]string, len(e.AppointmentIDs))
	for i, id := range e.AppointmentIDs {
		ids[i] = fmt.Sprint(id)
	}
	return "appointment(s) " + strings.Join(ids, ", ") + " of this customer are in progress: erase after they are completed or cancelled"
}

// Kinds of rows a Record counts, in the order they are done.
const (
	KindCustomers       = "customers"
	KindAppointments    = "appointments"
	KindCommunications  = "communications"
	KindCommEvents      = "communication_events"
	KindRemarks         = "remarks"
	KindAttachments     = "attachments"
	KindFiles           = "files"
	KindPhotosVideos    = "photos_and_videos"
	KindDeskCheckIns    = "desk_check_ins"
	KindDeskEvents      = "desk_events"
	KindKioskCheckIns   = "kiosk_check_ins"
	KindKioskEvents     = "kiosk_events"
	KindKeyLocker       = "key_locker_requests"
	KindKeyLockerEvents = "key_locker_events"
	KindTickets         = "remote_diagnose_tickets"
	KindMessages        = "messages"
	// KindDataKeys counts the customers' workflow payload keys deleted
	// (crypto-shredding, internal/custkeys).
	KindDataKeys = "data_keys"
)

const (
	stageCompleted       = "completed" // contracts/appointment.StageCompleted
	stageCancelled       = "cancelled" // contracts/appointment.StageCancelled
	erasedMark           = "[erased]"
	recordsScannedAtMost = 10000
)

// Erase erases the customer req.Selector finds among req.DealerID's, in one
// transaction, and records it (a dry run rolls everything back). Errors:
// *Invalid, ErrNotFound, *AlreadyErased, *InProgress, or the database's.
func Erase(ctx context.Context, db *ent.Client, req Request) (*Record, error) {
	if req.Via != ViaAPI && req.Via != ViaCLI {
		return nil, fmt.Errorf("custerase: via %q", req.Via)
	}
	if err := req.Selector.Check(); err != nil {
		return nil, err
	}
	if len(req.KeySecret) == 0 {
		return nil, errors.New("custerase: no key secret (PITSTOP_KEY_SECRET): the contacts' data keys could not be found")
	}
	now := time.Now().UTC()
	if req.Now != nil {
		now = req.Now().UTC()
	}
	tx, err := db.Tx(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }()
	c := tx.Client()
	found, err := custfind.Find(ctx, c, req.DealerID, req.Selector)
	if err != nil {
		return nil, err
	}
	var live []*ent.Customer
	for _, cu := range found.Customers {
		if cu.ErasedAt == nil {
			live = append(live, cu)
		}
	}
	if len(live) == 0 {
		return nil, alreadyErased(ctx, c, req.DealerID, found.IDs())
	}
	found.Customers = live
	ids := found.IDs()
	apps, err := c.Appointment.Query().Where(appointment.DealerLocationIDIn(found.LocationIDs...), appointment.Or(
		appointment.CustomerDriverIDIn(ids...), appointment.CustomerOwnerIDIn(ids...), appointment.CustomerContractIDIn(ids...))).
		Order(ent.Asc(appointment.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	var busy []int
	for _, a := range apps {
		if a.LifecycleStage != stageCompleted && a.LifecycleStage != stageCancelled {
			busy = append(busy, a.ID)
		}
	}
	if len(busy) > 0 {
		return nil, &InProgress{AppointmentIDs: busy}
	}
	e := &eraser{ctx: ctx, c: c, ids: ids, found: found, touched: map[string]int{}, progress: req.Progress, shred: custfind.Contacts{}}
	// The customer rows first: the conditional update locks them, so a
	// second erasure running at the same time waits, then finds them erased.
	n, err := blankCustomers(ctx, c, ids, now)
	if err != nil {
		return nil, err
	}
	if n != len(ids) {
		_ = tx.Rollback()
		return nil, alreadyErased(ctx, db, req.DealerID, ids)
	}
	e.count(KindCustomers, n)
	for _, a := range apps {
		if err := e.appointment(a); err != nil {
			return nil, fmt.Errorf("appointment %d: %w", a.ID, err)
		}
	}
	// Their own contacts and those found only in their threads and
	// check-in records (collect).
	held := found.ContactsOf()
	for a := range e.shred {
		held[a] = true
	}
	if err := e.unmatched(found.LocationIDs, held); err != nil {
		return nil, fmt.Errorf("unmatched replies: %w", err)
	}
	// Their data keys go in the same transaction: their workflow histories'
	// personal fields become unreadable exactly when the rows are blanked.
	keys, err := custkeys.Erase(ctx, c, ids, now)
	if err != nil {
		return nil, err
	}
	subjects, err := custkeys.EraseSubjects(ctx, c, ContactSubjects(req.KeySecret, held), now)
	if err != nil {
		return nil, err
	}
	e.count(KindDataKeys, keys+subjects)
	rec := Record{DryRun: req.DryRun, DealerID: req.DealerID, Via: req.Via, FoundBy: found.FoundBy, CustomerIDs: ids,
		Touched: e.touched, ErasedAt: now}
	if req.RequestedBy != 0 {
		rec.RequestedByUserID = &req.RequestedBy
	}
	if req.DryRun {
		return &rec, tx.Rollback()
	}
	row, err := c.CustomerErasure.Create().SetDealerID(rec.DealerID).SetNillableRequestedByUserID(rec.RequestedByUserID).
		SetVia(rec.Via).SetFoundBy(rec.FoundBy).SetCustomerIds(rec.CustomerIDs).SetTouched(rec.Touched).
		SetErasedAt(rec.ErasedAt).Save(ctx)
	if err != nil {
		return nil, err
	}
	rec.ID = row.ID
	return &rec, tx.Commit()
}

// ContactSubjects are the subjects (keys.ContactSubject) of phone numbers
// and e-mail addresses, sorted: the data keys of the messages they sent us.
func ContactSubjects(secret []byte, contacts custfind.Contacts) []string {
	var out []string
	for c := range contacts {
		if s := pkeys.ContactSubject(secret, c); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// blankCustomers is what erasing a customer row means: names, address,
// phones, e-mail addresses and company blanked, communication blocked,
// erased_at set. Rows erased before are left alone (the count says how
// many were not).
func blankCustomers(ctx context.Context, c *ent.Client, ids []int, now time.Time) (int, error) {
	u := c.Customer.Update().Where(customer.IDIn(ids...), customer.ErasedAtIsNil())
	BlankCustomer(u.Mutation())
	return u.SetBlockCommunication(true).SetErasedAt(now).Save(ctx)
}

// BlankCustomer blanks a customer row's personal fields (names, address,
// phones, e-mail addresses, company) on its create or update: the one list
// of what an erasure removes from the row, also used by the DMS import
// (internal/dms/dmsstore) so that a DMS still sending an erased customer
// does not write them back.
func BlankCustomer(m *ent.CustomerMutation) {
	m.SetTitle("")
	m.SetInitials("")
	m.SetFirstName("")
	m.SetSurname("")
	m.SetCompany("")
	m.SetStreet("")
	m.SetHouseNr("")
	m.SetPostcode("")
	m.SetPlace("")
	m.SetEmailPrivate("")
	m.SetEmailBusiness("")
	m.SetTelMobilePrivate("")
	m.SetTelMobileBusiness("")
	m.SetTelPrivateNr("")
	m.SetTelBusinessNr("")
}

// BlankParties blanks on an appointment's create or update what an erasure
// removes there for its erased parties: the names of each erased role
// (driver, owner, contractor) and, where the driver or the owner is
// erased, the registration number and the staff's communication note.
// Also used by the DMS import (see BlankCustomer).
func BlankParties(m *ent.AppointmentMutation, driver, owner, contractor bool) {
	if driver {
		m.SetDriverInitials("")
		m.SetDriverTitle("")
		m.SetDriverFirstname("")
		m.SetDriverSurname("")
	}
	if owner {
		m.SetOwnerInitials("")
		m.SetOwnerTitle("")
		m.SetOwnerFirstname("")
		m.SetOwnerSurname("")
	}
	if contractor {
		m.SetContractorInitials("")
		m.SetContractorTitle("")
		m.SetContractorFirstname("")
		m.SetContractorSurname("")
	}
	if driver || owner {
		m.SetRegNumber("")
		m.SetRegNumberEscaped("")
		m.SetCommunicationNote("")
	}
}

// AnonymiseAppointment removes from the closed appointment a what an
// erasure removes there for the customers in found (see the package's
// choices: party names, registration number and note, the customer-facing
// records' texts and signatures, files, messages reduced to their outcome).
// The customer rows themselves are left: RetainCustomers erases those. It
// runs in the caller's transaction (c) and returns the rows it touched by
// kind. The retention run (activities/retention) is its caller; the caller
// checks the appointment is closed.
//
// The other addresses the appointment's thread and check-in records hold
// (a reply from a second phone, a corrected e-mail address; see
// eraser.collect) lose their contact subjects' data keys here, in the same
// transaction, for the rows that named them are blanked now (secret is
// PITSTOP_KEY_SECRET). The customers' own contacts are left to
// RetainCustomers, which erases them with the customer.
func AnonymiseAppointment(ctx context.Context, c *ent.Client, a *ent.Appointment, found *custfind.Found, now time.Time,
	secret []byte) (map[string]int, error) {
	if len(secret) == 0 {
		return nil, errors.New("custerase: no key secret (PITSTOP_KEY_SECRET): the contacts' data keys could not be found")
	}
	e := &eraser{ctx: ctx, c: c, ids: found.IDs(), found: found, touched: map[string]int{}, shred: custfind.Contacts{}}
	if err := e.appointment(a); err != nil {
		return nil, err
	}
	n, err := custkeys.EraseSubjects(ctx, c, ContactSubjects(secret, e.shred), now)
	if err != nil {
		return nil, err
	}
	e.count(KindDataKeys, n)
	return e.touched, nil
}

// RetainCustomers erases the rows of the dealer's customers ids (every
// appointment of theirs past its retention and anonymised; the caller
// checks) and records it as an erasure via ViaRetention with no requester,
// in the caller's transaction. Customers erased before are left out; none
// left: no record (nil).
//
// secret is PITSTOP_KEY_SECRET and country the dealer's locations' country
// codes: the data keys of the customers' numbers' and addresses' subjects
// are erased too (see Request.KeySecret).
func RetainCustomers(ctx context.Context, c *ent.Client, dealerID int, ids []int, now time.Time, secret []byte,
	country map[int]string) (*Record, error) {
	if len(secret) == 0 {
		return nil, errors.New("custerase: no key secret (PITSTOP_KEY_SECRET): the contacts' data keys could not be found")
	}
	rows, err := c.Customer.Query().Where(customer.IDIn(ids...), customer.ErasedAtIsNil()).Order(ent.Asc(customer.FieldID)).All(ctx)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	found := custfind.Found{Country: country, Customers: rows}
	live := found.IDs()
	n, err := blankCustomers(ctx, c, live, now)
	if err != nil {
		return nil, err
	}
	keys, err := custkeys.Erase(ctx, c, live, now)
	if err != nil {
		return nil, err
	}
	subjects, err := custkeys.EraseSubjects(ctx, c, ContactSubjects(secret, found.ContactsOf()), now)
	if err != nil {
		return nil, err
	}
	keys += subjects
	touched := map[string]int{KindCustomers: n}
	if keys > 0 {
		touched[KindDataKeys] = keys
	}
	rec := Record{DealerID: dealerID, Via: ViaRetention, FoundBy: ViaRetention, CustomerIDs: live,
		Touched: touched, ErasedAt: now}
	row, err := c.CustomerErasure.Create().SetDealerID(dealerID).SetVia(rec.Via).SetFoundBy(rec.FoundBy).
		SetCustomerIds(rec.CustomerIDs).SetTouched(rec.Touched).SetErasedAt(now).Save(ctx)
	if err != nil {
		return nil, err
	}
	rec.ID = row.ID
	return &rec, nil
}

// alreadyErased finds the latest erasure of one of ids.
func alreadyErased(ctx context.Context, c *ent.Client, dealerID int, ids []int) error {
	recs, err := c.CustomerErasure.Query().Where(customererasure.DealerID(dealerID)).
		Order(ent.Desc(customererasure.FieldErasedAt), ent.Desc(customererasure.FieldID)).Limit(recordsScannedAtMost).All(ctx)
	if err != nil {
		return err
	}
	for _, r := range recs {
		for _, id := range ids {
			if slices.Contains(r.CustomerIds, id) {
				return &AlreadyErased{Record: fromRow(r)}
			}
		}
	}
	// Erased, but its record is gone (or older than the scan): say so all the same.
	return &AlreadyErased{Record: Record{DealerID: dealerID, CustomerIDs: ids, Touched: map[string]int{}}}
}

func fromRow(r *ent.CustomerErasure) Record {
	return Record{ID: r.ID, DealerID: r.DealerID, RequestedByUserID: r.RequestedByUserID, Via: r.Via, FoundBy: r.FoundBy,
		CustomerIDs: r.CustomerIds, Touched: r.Touched, ErasedAt: r.ErasedAt}
}

type eraser struct {
	ctx      context.Context
	c        *ent.Client
	ids      []int
	found    *custfind.Found
	touched  map[string]int
	progress func(string, int)
	// shred: the addresses other than the customers' own found in their
	// threads and check-in records (collect), whose contact subjects'
	// data keys go with the erasure.
	shred custfind.Contacts
}

func (e *eraser) count(kind string, n int) {
	if n == 0 {
		return
	}
	e.touched[kind] += n
	if e.progress != nil {
		e.progress(kind, n)
	}
}

// theirs: a record naming a customer is theirs when it names one of ids;
// one naming nobody is theirs when they drive or own the car.
func (e *eraser) theirs(customerID *int, personal bool) bool {
	if customerID == nil || *customerID == 0 {
		return personal
	}
	return slices.Contains(e.ids, *customerID)
}

func (e *eraser) appointment(a *ent.Appointment) error {
	ctx, c := e.ctx, e.c
	has := func(id int) bool { return id != 0 && slices.Contains(e.ids, id) }
	u := c.Appointment.UpdateOneID(a.ID)
	BlankParties(u.Mutation(), has(a.CustomerDriverID), has(a.CustomerOwnerID), has(a.CustomerContractID))
	personal := has(a.CustomerDriverID) || has(a.CustomerOwnerID)
	if err := u.Exec(ctx); err != nil {
		return err
	}
	e.count(KindAppointments, 1)
	loc, err := a.QueryLocation().Only(ctx)
	if err != nil {
		return err
	}
	region := loc.Country
	contacts := e.found.ContactsOf()
	var files []uuid.UUID

	com, err := c.CustomerCommunication.Query().Where(customercommunication.AppointmentID(a.ID)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
	case err != nil:
		return err
	case e.theirs(com.CustomerID, personal):
		contacts.Add(com.CorrectPhone, com.CorrectEmail, region)
		if err := c.CustomerCommunication.UpdateOneID(com.ID).SetCorrectPhone("").SetCorrectEmail("").SetNote("").
			SetCustomerName("").ClearDocument().Exec(ctx); err != nil {
			return err
		}
		e.count(KindCommunications, 1)
		n, err := c.CommunicationEvent.Update().Where(communicationevent.CustomerCommunicationID(com.ID)).
			SetIP("").SetCustomerName("").SetCustomerSignature("").Save(ctx)
		if err != nil {
			return err
		}
		e.count(KindCommEvents, n)
		n, err = c.CheckInRemark.Update().Where(checkinremark.CustomerCommunicationID(com.ID)).
			SetTitle("").SetDescription("").SetCustomerName("").Save(ctx)
		if err != nil {
			return err
		}
		e.count(KindRemarks, n)
		if n, err = c.DiagnoseOverviewRemark.Update().Where(diagnoseoverviewremark.CustomerCommunicationID(com.ID)).
			SetTitle("").SetDescription("").SetCustomerName("").Save(ctx); err != nil {
			return err
		}
		e.count(KindRemarks, n)
		if n, err = c.CheckInAttachment.Update().Where(checkinattachment.CustomerCommunicationID(com.ID)).
			SetURL("").SetName("").Save(ctx); err != nil {
			return err
		}
		e.count(KindAttachments, n)
		if n, err = c.DiagnoseOverviewAttachment.Update().Where(diagnoseoverviewattachment.CustomerCommunicationID(com.ID)).
			SetURL("").SetName("").Save(ctx); err != nil {
			return err
		}
		e.count(KindAttachments, n)
		if files, err = c.UploadedFile.Query().Where(uploadedfile.CustomerCommunicationID(com.ID)).IDs(ctx); err != nil {
			return err
		}
	}

	desks, err := c.DeskCommunication.Query().Where(deskcommunication.AppointmentID(a.ID)).All(ctx)
	if err != nil {
		return err
	}
	for _, d := range desks {
		if !e.theirs(d.CustomerID, personal) {
			continue
		}
		contacts.Add(d.CorrectPhone, d.CorrectEmail, region)
		if err := c.DeskCommunication.UpdateOneID(d.ID).SetCustomerName("").SetCustomerSignature("").
			SetCorrectPhone("").SetCorrectEmail("").Exec(ctx); err != nil {
			return err
		}
		e.count(KindDeskCheckIns, 1)
		evs, err := c.DeskCommunicationEvent.Query().Where(deskcommunicationevent.DeskCommunicationID(d.ID)).All(ctx)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			if ev.SignatureFileID != nil && !slices.Contains(files, *ev.SignatureFileID) {
				files = append(files, *ev.SignatureFileID)
			}
		}
		n, err := c.DeskCommunicationEvent.Update().Where(deskcommunicationevent.DeskCommunicationID(d.ID)).
			SetCustomerName("").ClearSignatureFileID().Save(ctx)
		if err != nil {
			return err
		}
		e.count(KindDeskEvents, n)
	}

	kiosks, err := c.KioskCommunication.Query().Where(kioskcommunication.AppointmentID(a.ID)).All(ctx)
	if err != nil {
		return err
	}
	for _, k := range kiosks {
		if !e.theirs(k.CustomerID, personal) {
			continue
		}
		evs, err := c.KioskCommunicationEvent.Query().Where(kioskcommunicationevent.KioskCommunicationID(k.ID)).All(ctx)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			contacts.Add(ev.CorrectPhone, "", region)
		}
		n, err := c.KioskCommunicationEvent.Update().Where(kioskcommunicationevent.KioskCommunicationID(k.ID)).
			SetCorrectPhone("").SetCustomerName("").ClearCustomerSignature().Save(ctx)
		if err != nil {
			return err
		}
		e.count(KindKioskEvents, n)
		if err := c.KioskRemark.Update().Where(kioskremark.KioskCommunicationID(k.ID)).SetDescription("").Exec(ctx); err != nil {
			return err
		}
		e.count(KindKioskCheckIns, 1)
	}

	lockers, err := c.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentID(a.ID)).All(ctx)
	if err != nil {
		return err
	}
	for _, k := range lockers {
		id := k.CustomerID
		if !e.theirs(&id, personal) {
			continue
		}
		evs, err := c.KeyLockerCommunicationEvent.Query().Where(keylockercommunicationevent.KeyLockerCommunicationID(k.ID)).All(ctx)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			contacts.Add(ev.CorrectPhone, "", region)
		}
		n, err := c.KeyLockerCommunicationEvent.Update().Where(keylockercommunicationevent.KeyLockerCommunicationID(k.ID)).
			SetCorrectPhone("").SetCustomerName("").Save(ctx)
		if err != nil {
			return err
		}
		e.count(KindKeyLockerEvents, n)
		if err := c.KeyLockerRemark.Update().Where(keylockerremark.KeyLockerCommunicationID(k.ID)).
			SetDescription("").SetCustomerName("").Exec(ctx); err != nil {
			return err
		}
		e.count(KindKeyLocker, 1)
	}

	if personal {
		n, err := c.RemoteDiagTicket.Update().Where(remotediagticket.AppointmentID(a.ID), remotediagticket.CsatCommentNEQ("")).
			SetCsatComment("").Save(ctx)
		if err != nil {
			return err
		}
		e.count(KindTickets, n)
	}
	if err := e.deleteFiles(files); err != nil {
		return err
	}
	if err := e.collect(a, personal, contacts, region); err != nil {
		return err
	}
	return e.messages(a.ID, contacts, region)
}

// collect adds to e.shred, before the rows are blanked, the addresses of
// the appointment that are the erased customers' without being on their
// rows: the corrected contacts of their check-in records (in contacts)
// and, when they drive or own the car, every address of its two-way
// thread (messages in and out, conversations: a reply from a second
// phone). Left out: the customers' own contacts (erased with the
// customer), those of the appointment's parties not being erased, and
// addresses still in another appointment's thread or conversation (that
// one's erasure or retention takes them).
func (e *eraser) collect(a *ent.Appointment, personal bool, contacts custfind.Contacts, region string) error {
	ctx, c := e.ctx, e.c
	cand := custfind.Contacts{}
	for k := range contacts {
		cand[k] = true
	}
	if personal {
		ms, err := c.AppointmentMessage.Query().Where(appointmentmessage.AppointmentID(a.ID), appointmentmessage.CustomerAddressNEQ("")).
			Select(appointmentmessage.FieldCustomerAddress).Strings(ctx)
		if err != nil {
			return err
		}
		cs, err := c.Conversation.Query().Where(conversation.AppointmentID(a.ID)).Select(conversation.FieldCustomerAddress).Strings(ctx)
		if err != nil {
			return err
		}
		for _, addr := range append(ms, cs...) {
			if strings.Contains(addr, "@") {
				cand.Add("", addr, "")
			} else {
				cand.Add(addr, "", region)
			}
		}
	}
	own := e.found.ContactsOf()
	var others []int
	for _, id := range []int{a.CustomerDriverID, a.CustomerOwnerID, a.CustomerContractID} {
		if id != 0 && !slices.Contains(e.ids, id) {
			others = append(others, id)
		}
	}
	theirs := custfind.Contacts{}
	if len(others) > 0 {
		rows, err := c.Customer.Query().Where(customer.IDIn(others...)).All(ctx)
		if err != nil {
			return err
		}
		theirs = (&custfind.Found{Country: map[int]string{}, Customers: rows}).ContactsOf()
		for _, r := range rows {
			for _, p := range custfind.Phones(r) {
				theirs.Add(p, "", region)
			}
		}
	}
	var left []string
	for addr := range cand {
		if !own[addr] && !theirs[addr] && !e.shred[addr] {
			left = append(left, addr)
		}
	}
	if len(left) == 0 {
		return nil
	}
	// Stored as the providers give them (E.164, an e-mail address in lower
	// case), the spelling of the candidates: one query of each table.
	inMessages, err := c.AppointmentMessage.Query().Where(appointmentmessage.AppointmentIDNEQ(a.ID),
		appointmentmessage.AppointmentIDNotNil(), appointmentmessage.CustomerAddressIn(left...)).
		Select(appointmentmessage.FieldCustomerAddress).Strings(ctx)
	if err != nil {
		return err
	}
	inConvs, err := c.Conversation.Query().Where(conversation.AppointmentIDNEQ(a.ID), conversation.CustomerAddressIn(left...)).
		Select(conversation.FieldCustomerAddress).Strings(ctx)
	if err != nil {
		return err
	}
	for _, addr := range left {
		if !slices.Contains(inMessages, addr) && !slices.Contains(inConvs, addr) {
			e.shred[addr] = true
		}
	}
	return nil
}

// deleteFiles deletes the files' bytes and rows, and the mechanic's photo
// and video rows that show them.
func (e *eraser) deleteFiles(files []uuid.UUID) error {
	if len(files) == 0 {
		return nil
	}
	ctx, c := e.ctx, e.c
	n, err := c.QuestionResultImage.Delete().Where(questionresultimage.UploadedFileIDIn(files...)).Exec(ctx)
	if err != nil {
		return err
	}
	m, err := c.QuestionResultVideo.Delete().Where(questionresultvideo.UploadedFileIDIn(files...)).Exec(ctx)
	if err != nil {
		return err
	}
	e.count(KindPhotosVideos, n+m)
	if _, err := c.UploadedFileChunk.Delete().Where(uploadedfilechunk.FileIDIn(files...)).Exec(ctx); err != nil {
		return err
	}
	if n, err = c.UploadedFile.Delete().Where(uploadedfile.IDIn(files...)).Exec(ctx); err != nil {
		return err
	}
	e.count(KindFiles, n)
	return nil
}

// messages reduces the SMS and e-mails of appointment a sent to contacts to
// their delivery outcome.
func (e *eraser) messages(appointmentID int, contacts custfind.Contacts, region string) error {
	ctx, c := e.ctx, e.c
	recv, err := e.c.CommunicationReceiver.Query().Where(communicationreceiver.AppointmentID(appointmentID),
		communicationreceiver.CommunicationChannelIDIn(enums.CommunicationChannelIDSMS, enums.CommunicationChannelIDEmail),
		communicationreceiver.DestinationNEQ("")).All(ctx)
	if err != nil {
		return err
	}
	strike := striker(contacts)
	for _, r := range recv {
		if !contacts.Has(r.Destination, region) {
			continue
		}
		reason := strings.ReplaceAll(r.Reason, r.Destination, erasedMark)
		if strike != nil {
			reason = strike.ReplaceAllString(reason, erasedMark)
		}
		if err := c.CommunicationReceiver.UpdateOneID(r.ID).SetDestination("").SetReason(reason).Exec(ctx); err != nil {
			return err
		}
		e.count(KindMessages, 1)
	}
	// The two-way thread: the replies' and answers' texts and the
	// customer's address go; the rows stay (direction, channel, time).
	// The conversations that routed replies by the customer's address go
	// too: a later reply from it matches nothing. Tasks of the appointment
	// may name the customer or quote a reply: their text goes.
	n, err := c.AppointmentMessage.Update().Where(appointmentmessage.AppointmentID(appointmentID),
		appointmentmessage.Or(appointmentmessage.TextNEQ(""), appointmentmessage.CustomerAddressNEQ(""))).
		SetText("").SetCustomerAddress("").Save(ctx)
	if err != nil {
		return err
	}
	e.count(KindMessages, n)
	if _, err := c.Conversation.Delete().Where(conversation.AppointmentID(appointmentID)).Exec(ctx); err != nil {
		return err
	}
	if _, err := c.Task.Update().Where(task.AppointmentID(appointmentID), task.TextNEQ("")).SetText("").Save(ctx); err != nil {
		return err
	}
	return nil
}

// unmatched blanks the replies that matched no appointment but came from
// one of the customer's contacts (an SMS from their number, an e-mail from
// their address), and the text of each one's unmatched_reply task, which
// quotes it: those at the dealer's locations and those no location could
// be told for. Their addresses are as the providers gave them (E.164, an
// e-mail address), so no region is needed to compare them.
func (e *eraser) unmatched(locationIDs []int, contacts custfind.Contacts) error {
	ctx, c := e.ctx, e.c
	ms, err := c.AppointmentMessage.Query().Where(appointmentmessage.AppointmentIDIsNil(), appointmentmessage.CustomerAddressNEQ(""),
		appointmentmessage.Or(appointmentmessage.DealerLocationIDIsNil(), appointmentmessage.DealerLocationIDIn(locationIDs...))).All(ctx)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if !contacts.Has(m.CustomerAddress, "") {
			continue
		}
		if err := BlankUnmatchedReply(ctx, c, m.ID); err != nil {
			return err
		}
		e.count(KindMessages, 1)
	}
	return nil
}

// BlankUnmatchedReply blanks one reply that matched no appointment: its
// text and the sender's address go (the row stays: direction, channel,
// location, time), and so does the text of its unmatched_reply task, which
// quotes it. The one rule for an erasure (unmatched) and the nightly
// retention (activities/retention); it runs in the caller's transaction.
func BlankUnmatchedReply(ctx context.Context, c *ent.Client, messageID int) error {
	if err := c.AppointmentMessage.UpdateOneID(messageID).SetText("").SetCustomerAddress("").Exec(ctx); err != nil {
		return err
	}
	_, err := c.Task.Update().Where(task.DedupeKey(fmt.Sprintf("unmatched-reply-%d", messageID))).SetText("").Save(ctx)
	return err
}

// striker matches any of the contacts in a text, in any case.
func striker(contacts custfind.Contacts) *regexp.Regexp {
	keys := make([]string, 0, len(contacts))
	for k := range contacts {
		keys = append(keys, regexp.QuoteMeta(k))
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	return regexp.MustCompile("(?i)" + strings.Join(keys, "|"))
}
