// Package custexport collects everything a dealer holds on one customer
// into one JSON document: the right of access of issue #26. It only reads.
//
// Choices:
//   - A customer is found by internal/custfind (row ID, phone number in
//     E.164 or e-mail address, among the dealer's own customers).
//   - A phone number or e-mail address held by several customer rows (the
//     same person imported at two locations, or a family sharing a number)
//     exports them all: the document lists every row it matched in
//     "customers" and says so in "note". The admin exporting hands over
//     what belongs to the person asking.
//   - Attachments, photos and desk signatures are files: the document holds
//     their bare URLs under "url"; the caller signs them for an hour
//     (api/commread's SignDocument). Kiosk signatures live on their event
//     row and are inlined as base64 PNG.
//   - An appointment's row keeps the names of the parties the customer is
//     (driver, owner, contractor) and blanks the others'.
//   - Messages are the delivery rows (communication_receivers) of the
//     customer's appointments sent by SMS or e-mail to one of the customer's
//     contacts (their own numbers and addresses, or those they corrected in
//     the online communication or at the desk); dealer webhooks are not messages to the customer.
package custexport

import (
	"context"
	"database/sql"
	"net/url"
	"slices"
	"sort"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/booking"
	"github.com/pitstop-dev/pitstop/ent/checkinremark"
	"github.com/pitstop-dev/pitstop/ent/checkinresult"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/ent/customercommunicationagreement"
	"github.com/pitstop-dev/pitstop/ent/customerconsentchange"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewremark"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/kioskcommunication"
	"github.com/pitstop-dev/pitstop/ent/remotediagticket"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/internal/custfind"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/routes"
)

// Format names the document's shape; a change that breaks readers bumps it.
const Format = "pitstop-customer-export/1"

// ErrNotFound: no customer of the dealer matches.
var ErrNotFound = custfind.ErrNotFound

// Invalid is a selector that cannot be used (custfind.Invalid).
type Invalid = custfind.Invalid

// Selector finds the customer (custfind.Selector).
type Selector = custfind.Selector

// Options of an export.
type Options struct {
	// APIBaseURL prefixes the files' URLs (the API's public URL).
	APIBaseURL string
	Now        func() time.Time
}

// Document is the export. Nested rows are the database's rows as ent
// writes them to JSON (fields marked sensitive, such as communication key
// hashes, PINs, door codes and file bytes, are left out by ent).
type Document struct {
	Format      string    `json:"format"`
	GeneratedAt time.Time `json:"generated_at"`
	DealerID    int       `json:"dealer_id"`
	FoundBy     string    `json:"found_by"` // "customer_id", "phone" or "email"
	Note        string    `json:"note,omitempty"`
	// Customers are the rows matched (several when a phone or e-mail is shared).
	Customers      []*ent.Customer              `json:"customers"`
	ConsentChanges []*ent.CustomerConsentChange `json:"consent_changes"`
	Appointments   []Appointment                `json:"appointments"`
	// Agreements are the texts of every agreement version the customer was
	// shown or answered, by ID (the answers point at them).
	Agreements []Agreement `json:"agreements"`
}

// Appointment is one appointment the customer is driver, owner or contractor of.
type Appointment struct {
	Roles       []string         `json:"roles"` // driver, owner, contractor
	Appointment *ent.Appointment `json:"appointment"`
	// Communication is the online communication (nil when none was made).
	Communication           *ent.CustomerCommunication    `json:"communication"`
	Events                  []*ent.CommunicationEvent     `json:"events"`
	CheckInResults          []*ent.CheckInResult          `json:"check_in_results"`
	CheckInRemarks          []*ent.CheckInRemark          `json:"check_in_remarks"` // attachments under edges.attachments
	Results                 []*ent.CommunicationResult    `json:"results"`
	DiagnoseOverviewRemarks []*ent.DiagnoseOverviewRemark `json:"diagnose_overview_remarks"` // attachments under edges.attachments
	AgreementAnswers        []AgreementAnswer             `json:"agreement_answers"`
	Files                   []File                        `json:"files"`
	Messages                []*ent.CommunicationReceiver  `json:"messages"`
	KeyMovements            KeyMovements                  `json:"key_movements"`
	KeyLocker               []*ent.KeyLockerCommunication `json:"key_locker"` // events and remark under edges
	Tickets                 []*ent.RemoteDiagTicket       `json:"remote_diagnose_tickets"`
	DeskCheckIns            []*ent.DeskCommunication      `json:"desk_check_ins"` // events under edges; a signature is a file
	KioskCheckIns           []KioskCheckIn                `json:"kiosk_check_ins"`
}

// AgreementAnswer is one agreement answered in the online communication.
type AgreementAnswer struct {
	AgreementID int       `json:"agreement_id"`
	Version     int       `json:"version"`
	Accepted    bool      `json:"accepted"`
	EventID     *int      `json:"communication_event_id,omitempty"`
	AnsweredAt  time.Time `json:"answered_at"`
}

// Agreement is one version of an agreement's text.
type Agreement struct {
	ID       int    `json:"id"`
	ParentID int    `json:"parent_id"`
	Version  int    `json:"version"`
	Name     string `json:"name"`
	Text     string `json:"text"`
}

// File is an uploaded file (photo, attachment, desk signature); URL is
// bare until the caller signs it.
type File struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	CreatedAt   time.Time `json:"created_at"`
	URL         string    `json:"url"`
}

// KeyMovements are the appointment's key timestamps and lockers, and the
// ACSES bookings made for it.
type KeyMovements struct {
	KeyDroppedAt           *time.Time     `json:"key_dropped_at,omitempty"`
	KeyDroppedIn           string         `json:"key_dropped_in,omitempty"`
	KeyPickedUpAt          *time.Time     `json:"key_picked_up_at,omitempty"`
	KeyDroppedBackAt       *time.Time     `json:"key_dropped_back_at,omitempty"`
	KeyDroppedBackIn       string         `json:"key_dropped_back_in,omitempty"`
	KeyPickedUpBackAt      *time.Time     `json:"key_picked_up_back_at,omitempty"`
	ACSESKeyDroppedAt      *time.Time     `json:"acses_key_dropped_at,omitempty"`
	ACSESKeyDropIn         string         `json:"acses_key_drop_in,omitempty"`
	ACSESKeyPickedUpAt     *time.Time     `json:"acses_key_picked_up_at,omitempty"`
	ACSESKeyDroppedBackAt  *time.Time     `json:"acses_key_dropped_back_at,omitempty"`
	ACSESKeyDropBackIn     string         `json:"acses_key_drop_back_in,omitempty"`
	ACSESKeyPickedUpBackAt *time.Time     `json:"acses_key_picked_up_back_at,omitempty"`
	Bookings               []*ent.Booking `json:"bookings"`
}

// KioskCheckIn is a kiosk check-in with its events; a signature is inlined.
type KioskCheckIn struct {
	*ent.KioskCommunication
	Signatures []KioskSignature `json:"signatures"`
}

// KioskSignature is the PNG signed on a kiosk event (base64 in JSON).
type KioskSignature struct {
	EventID int    `json:"event_id"`
	PNG     []byte `json:"png"`
}

// Export collects the document of the customer sel finds among dealerID's
// customers, in one read-only transaction. It returns *Invalid for a bad
// selector, ErrNotFound when no customer of the dealer matches.
func Export(ctx context.Context, db *ent.Client, dealerID int, sel Selector, o Options) (*Document, error) {
	if err := sel.Check(); err != nil {
		return nil, err
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	// One snapshot: a write landing between two of the reads below cannot
	// make the sections disagree. SQLite refuses the isolation option; its
	// plain transaction is serializable anyway.
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		if tx, err = db.Tx(ctx); err != nil {
			return nil, err
		}
	}
	defer func() { _ = tx.Rollback() }()
	db = tx.Client()
	found, err := custfind.Find(ctx, db, dealerID, sel)
	if err != nil {
		return nil, err
	}
	locIDs, custs, foundBy := found.LocationIDs, found.Customers, found.FoundBy
	doc := &Document{Format: Format, GeneratedAt: now().UTC(), DealerID: dealerID, FoundBy: foundBy, Customers: custs,
		ConsentChanges: []*ent.CustomerConsentChange{}, Appointments: []Appointment{}, Agreements: []Agreement{}}
	if len(custs) > 1 {
		doc.Note = "the " + foundBy + " matches several customer rows of this dealer; all are exported"
	}
	ids := found.IDs()
	if doc.ConsentChanges, err = db.CustomerConsentChange.Query().Where(customerconsentchange.CustomerIDIn(ids...)).
		Order(ent.Asc(customerconsentchange.FieldID)).All(ctx); err != nil {
		return nil, err
	}
	apps, err := db.Appointment.Query().Where(appointment.DealerLocationIDIn(locIDs...), appointment.Or(
		appointment.CustomerDriverIDIn(ids...), appointment.CustomerOwnerIDIn(ids...), appointment.CustomerContractIDIn(ids...))).
		Order(ent.Asc(appointment.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	contacts := found.ContactsOf()
	agreementIDs := map[int]bool{}
	for _, a := range apps {
		ea, err := exportAppointment(ctx, db, a, ids, contacts, agreementIDs, o.APIBaseURL)
		if err != nil {
			return nil, err
		}
		doc.Appointments = append(doc.Appointments, ea)
	}
	if len(agreementIDs) > 0 {
		all := make([]int, 0, len(agreementIDs))
		for id := range agreementIDs {
			all = append(all, id)
		}
		ags, err := db.CommunicationAgreement.Query().Where(communicationagreement.IDIn(all...),
			communicationagreement.DealerID(dealerID)).Order(ent.Asc(communicationagreement.FieldID)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, g := range ags {
			doc.Agreements = append(doc.Agreements, Agreement{ID: g.ID, ParentID: g.ParentID, Version: g.Version, Name: g.Name, Text: g.Text})
		}
	}
	return doc, nil
}

func exportAppointment(ctx context.Context, db *ent.Client, a *ent.Appointment, ids []int, contacts custfind.Contacts,
	agreementIDs map[int]bool, apiBase string) (Appointment, error) {
	ea := Appointment{Appointment: a, Roles: []string{}, Events: []*ent.CommunicationEvent{}, CheckInResults: []*ent.CheckInResult{},
		CheckInRemarks: []*ent.CheckInRemark{}, Results: []*ent.CommunicationResult{}, DiagnoseOverviewRemarks: []*ent.DiagnoseOverviewRemark{},
		AgreementAnswers: []AgreementAnswer{}, Files: []File{}, Messages: []*ent.CommunicationReceiver{}}
	for _, r := range []struct {
		id   int
		role string
	}{{a.CustomerDriverID, "driver"}, {a.CustomerOwnerID, "owner"}, {a.CustomerContractID, "contractor"}} {
		if r.id != 0 && slices.Contains(ids, r.id) {
			ea.Roles = append(ea.Roles, r.role)
		}
	}
	loc, err := a.QueryLocation().Only(ctx)
	if err != nil {
		return ea, err
	}
	region := loc.Country
	// Contacts the customer corrected in this appointment's communication
	// count as theirs for its messages.
	contacts = contacts.Copy()

	com, err := db.CustomerCommunication.Query().Where(customercommunication.AppointmentID(a.ID)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
	case err != nil:
		return ea, err
	default:
		ea.Communication = com
		if com.CustomerID == nil || slices.Contains(ids, *com.CustomerID) {
			contacts.Add(com.CorrectPhone, com.CorrectEmail, region)
		}
		if ea.Events, err = com.QueryEvents().Order(ent.Asc(communicationevent.FieldID)).All(ctx); err != nil {
			return ea, err
		}
		if ea.CheckInResults, err = com.QueryCheckInResults().Order(ent.Asc(checkinresult.FieldID)).All(ctx); err != nil {
			return ea, err
		}
		if ea.CheckInRemarks, err = com.QueryCheckInRemarks().WithAttachments().Order(ent.Asc(checkinremark.FieldID)).All(ctx); err != nil {
			return ea, err
		}
		if ea.Results, err = com.QueryResults().Order(ent.Asc(communicationresult.FieldID)).All(ctx); err != nil {
			return ea, err
		}
		if ea.DiagnoseOverviewRemarks, err = com.QueryDiagnoseOverviewRemarks().WithAttachments().
			Order(ent.Asc(diagnoseoverviewremark.FieldID)).All(ctx); err != nil {
			return ea, err
		}
		ans, err := com.QueryAgreements().WithAgreement().Order(ent.Asc(customercommunicationagreement.FieldID)).All(ctx)
		if err != nil {
			return ea, err
		}
		for _, x := range ans {
			v := 0
			if x.Edges.Agreement != nil {
				v = x.Edges.Agreement.Version
			}
			agreementIDs[x.CommunicationAgreementID] = true
			ea.AgreementAnswers = append(ea.AgreementAnswers, AgreementAnswer{AgreementID: x.CommunicationAgreementID, Version: v,
				Accepted: x.Accepted, EventID: x.CommunicationEventID, AnsweredAt: x.CreatedAt})
		}
		files, err := com.QueryUploadedFiles().Select(uploadedfile.FieldID, uploadedfile.FieldName, uploadedfile.FieldContentType,
			uploadedfile.FieldSize, uploadedfile.FieldCreatedAt).Order(ent.Asc(uploadedfile.FieldCreatedAt), ent.Asc(uploadedfile.FieldID)).All(ctx)
		if err != nil {
			return ea, err
		}
		for _, f := range files {
			ea.Files = append(ea.Files, File{ID: f.ID.String(), Name: f.Name, ContentType: f.ContentType, Size: f.Size, CreatedAt: f.CreatedAt,
				URL: apiBase + routes.AttachmentPath + f.ID.String() + "/" + url.PathEscape(f.Name)})
		}
	}

	ea.KeyMovements = KeyMovements{KeyDroppedAt: a.KeyDroppedAt, KeyDroppedIn: a.KeyDroppedIn, KeyPickedUpAt: a.KeyPickedUpAt,
		KeyDroppedBackAt: a.KeyDroppedBackAt, KeyDroppedBackIn: a.KeyDroppedBackIn, KeyPickedUpBackAt: a.KeyPickedUpBackAt,
		ACSESKeyDroppedAt: a.AcsesKeyDroppedAt, ACSESKeyDropIn: a.AcsesKeyDropIn, ACSESKeyPickedUpAt: a.AcsesKeyPickedUpAt,
		ACSESKeyDroppedBackAt: a.AcsesKeyDroppedBackAt, ACSESKeyDropBackIn: a.AcsesKeyDropBackIn, ACSESKeyPickedUpBackAt: a.AcsesKeyPickedUpBackAt}
	if ea.KeyMovements.Bookings, err = db.Booking.Query().Where(booking.AppointmentID(a.ID)).Order(ent.Asc(booking.FieldCreatedInAcses)).All(ctx); err != nil {
		return ea, err
	}
	if ea.KeyLocker, err = db.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentID(a.ID)).
		WithEvents().WithRemark().Order(ent.Asc(keylockercommunication.FieldID)).All(ctx); err != nil {
		return ea, err
	}
	for _, k := range ea.KeyLocker {
		markAll(agreementIDs, k.AcceptedAgreementIds)
	}
	if ea.Tickets, err = db.RemoteDiagTicket.Query().Where(remotediagticket.AppointmentID(a.ID)).
		Order(ent.Asc(remotediagticket.FieldID)).All(ctx); err != nil {
		return ea, err
	}
	if ea.DeskCheckIns, err = db.DeskCommunication.Query().Where(deskcommunication.AppointmentID(a.ID)).
		WithEvents().WithAgreedInterventions().WithDeclinedInterventions().Order(ent.Asc(deskcommunication.FieldID)).All(ctx); err != nil {
		return ea, err
	}
	for _, d := range ea.DeskCheckIns {
		markAll(agreementIDs, d.PresentedAgreementIds)
		markAll(agreementIDs, d.AcceptedAgreementIds)
		if d.CustomerID == nil || slices.Contains(ids, *d.CustomerID) {
			contacts.Add(d.CorrectPhone, d.CorrectEmail, region)
		}
	}
	kiosks, err := db.KioskCommunication.Query().Where(kioskcommunication.AppointmentID(a.ID)).
		WithEvents().WithAgreedInterventions().WithRemark().Order(ent.Asc(kioskcommunication.FieldID)).All(ctx)
	if err != nil {
		return ea, err
	}
	ea.KioskCheckIns = []KioskCheckIn{}
	for _, k := range kiosks {
		markAll(agreementIDs, k.PresentedAgreementIds)
		markAll(agreementIDs, k.AcceptedAgreementIds)
		kc := KioskCheckIn{KioskCommunication: k, Signatures: []KioskSignature{}}
		for _, e := range k.Edges.Events {
			if len(e.CustomerSignature) > 0 {
				kc.Signatures = append(kc.Signatures, KioskSignature{EventID: e.ID, PNG: e.CustomerSignature})
			}
		}
		ea.KioskCheckIns = append(ea.KioskCheckIns, kc)
	}
	recv, err := db.CommunicationReceiver.Query().Where(communicationreceiver.AppointmentID(a.ID),
		communicationreceiver.CommunicationChannelIDIn(enums.CommunicationChannelIDSMS, enums.CommunicationChannelIDEmail)).
		Order(ent.Asc(communicationreceiver.FieldID)).All(ctx)
	if err != nil {
		return ea, err
	}
	for _, r := range recv {
		if contacts.Has(r.Destination, region) {
			ea.Messages = append(ea.Messages, r)
		}
	}

	sort.Strings(ea.Roles)
	ea.Appointment = otherPartiesBlanked(a, ea.Roles)
	return ea, nil
}

// otherPartiesBlanked is a copy of a without the names of the parties the
// customer is not (a lease company's export names no driver).
func otherPartiesBlanked(a *ent.Appointment, roles []string) *ent.Appointment {
	c := *a
	has := func(r string) bool { return slices.Contains(roles, r) }
	if !has("driver") {
		c.DriverInitials, c.DriverTitle, c.DriverFirstname, c.DriverSurname = "", "", "", ""
	}
	if !has("owner") {
		c.OwnerInitials, c.OwnerTitle, c.OwnerFirstname, c.OwnerSurname = "", "", "", ""
	}
	if !has("contractor") {
		c.ContractorInitials, c.ContractorTitle, c.ContractorFirstname, c.ContractorSurname = "", "", "", ""
	}
	return &c
}

func markAll(m map[int]bool, ids []int) {
	for _, id := range ids {
		m[id] = true
	}
}
