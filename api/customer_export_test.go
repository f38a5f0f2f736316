package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/booking"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/customer"
	"github.com/pitstop-dev/pitstop/ent/customerconsentchange"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/ent/kioskcommunication"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/files"
	"github.com/pitstop-dev/pitstop/internal/routes"
)

// exportSeed is one customer of dealer A with an appointment holding each
// kind of data the export includes, a second customer sharing the phone
// number, and a customer of dealer B with the same number.
type exportSeed struct {
	eva, shared, other *ent.Customer
	app                *ent.Appointment
	com                *ent.CustomerCommunication
	photo, signature   *ent.UploadedFile
}

func seedExport(t *testing.T, f *adminFixture) exportSeed {
	t.Helper()
	ctx := context.Background()
	db := f.db
	var s exportSeed
	s.eva = db.Customer.Create().SetDealerLocationID(f.locA).SetFirstName("Eva").SetSurname("de Vries").
		SetTelMobilePrivate("06-12345678").SetEmailPrivate("Eva@Example.com").SaveX(ctx)
	s.shared = db.Customer.Create().SetDealerLocationID(f.locA).SetFirstName("Jan").SetSurname("de Vries").
		SetTelPrivateNr("+31 6 1234 5678").SaveX(ctx)
	s.other = db.Customer.Create().SetDealerLocationID(f.locB).SetFirstName("Eva").SetSurname("Elders").
		SetTelMobilePrivate("+31612345678").SetEmailPrivate("eva.elders@example.com").SaveX(ctx)
	dropped := time.Date(2026, 12, 1, 7, 30, 0, 0, time.UTC)
	s.app = db.Appointment.Create().SetLocationID(f.locA).SetCustomerDriverID(s.eva.ID).SetCustomerOwnerID(s.eva.ID).
		SetRegNumber("AB-123-C").SetTimeCarApp(dropped.Add(time.Hour)).SetCreatedBy("test").
		SetKeyDroppedAt(dropped).SetKeyDroppedIn("Key locker 1").SetContractorFirstname("Lars").SetContractorSurname("Leasing").SaveX(ctx)
	// An appointment of another customer at the same location: not exported.
	db.Appointment.Create().SetLocationID(f.locA).SetTimeCarApp(dropped).SetCreatedBy("test").SaveX(ctx)
	s.com = f.consoleCommunication(s.app)
	s.com = s.com.Update().SetCustomerID(s.eva.ID).SetCorrectEmail("eva.new@example.com").SaveX(ctx)
	ev := db.CommunicationEvent.Create().SetCustomerCommunicationID(s.com.ID).SetAppointmentID(s.app.ID).
		SetType(enums.CommunicationEventTypeOnlineCheckInAnswered).SetCustomerName("Eva de Vries").SaveX(ctx)
	db.CheckInResult.Create().SetCustomerCommunicationID(s.com.ID).SetAppointmentID(s.app.ID).SetName("Wipers").SetAccepted(true).SaveX(ctx)
	rem := db.CheckInRemark.Create().SetCustomerCommunicationID(s.com.ID).SetAppointmentID(s.app.ID).
		SetTitle("Scratch").SetDescription("On the left door").SaveX(ctx)
	tx, err := db.Tx(ctx)
	require.NoError(t, err)
	s.photo, err = files.Save(ctx, tx, files.Meta{CommunicationID: s.com.ID, Name: "door.png"}, strings.NewReader("\x89PNG\r\n\x1a\nphoto"), 1<<20)
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
	db.CheckInAttachment.Create().SetCheckInRemarkID(rem.ID).SetCustomerCommunicationID(s.com.ID).SetName("door.png").
		SetURL(routes.AttachmentPath + s.photo.ID.String() + "/door.png").SaveX(ctx)
	ag := db.CommunicationAgreement.Create().SetDealerID(f.dealerA).SetName("Terms").SetText("I agree to the terms.").SetVersion(2).SaveX(ctx)
	db.CustomerCommunicationAgreement.Create().SetCustomerCommunicationID(s.com.ID).SetCommunicationAgreementID(ag.ID).
		SetAppointmentID(s.app.ID).SetAccepted(true).SetCommunicationEventID(ev.ID).SaveX(ctx)
	for i, r := range []struct {
		ch   enums.CommunicationChannelID
		dest string
	}{{enums.CommunicationChannelIDSMS, "+31612345678"}, {enums.CommunicationChannelIDEmail, "eva.new@example.com"},
		{enums.CommunicationChannelIDSMS, "+31687654321"}, {enums.CommunicationChannelIDWebhook, "https://dealer.example/hook"}} {
		db.CommunicationReceiver.Create().SetCommunicationEventID(ev.ID).SetAppointmentID(s.app.ID).SetCommunicationChannelID(r.ch).
			SetDestination(r.dest).SetStatus(enums.CommunicationReceiverStatusReceived).SetDeliveryState("accepted").
			SetIdempotencyKey(fmt.Sprintf("exp-%d", i)).SaveX(ctx)
	}
	klc := db.KeyLockerCommunication.Create().SetAppointmentID(s.app.ID).SetDealerLocationID(f.locA).SaveX(ctx)
	db.KeyLockerCommunicationEvent.Create().SetKeyLockerCommunicationID(klc.ID).SetType(enums.KeyLockerCommunicationEventTypeAnswered).SaveX(ctx)
	// The desk check-in: answered with a signature (a file) and an e-mail
	// address corrected at the desk, to which its confirmation went.
	tx, err = db.Tx(ctx)
	require.NoError(t, err)
	s.signature, err = files.Save(ctx, tx, files.Meta{CommunicationID: s.com.ID, Name: "signature.png"}, strings.NewReader("\x89PNG\r\n\x1a\nsig"), 1<<20)
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
	desk := db.DeskCommunication.Create().SetAppointmentID(s.app.ID).SetDealerLocationID(f.locA).SetTabletUserID(f.users[enums.RoleIDCounterTablet]).
		SetCustomerID(s.eva.ID).SetCorrectEmail("eva.desk@example.com").SetAcceptedAgreementIds([]int{ag.ID}).SaveX(ctx)
	dev := db.DeskCommunicationEvent.Create().SetDeskCommunicationID(desk.ID).SetType(enums.DeskCommunicationEventTypeAnswered).
		SetSignatureFileID(s.signature.ID).SaveX(ctx)
	db.CommunicationReceiver.Create().SetDeskCommunicationEventID(dev.ID).SetAppointmentID(s.app.ID).
		SetCommunicationChannelID(enums.CommunicationChannelIDEmail).SetDestination("eva.desk@example.com").
		SetDeliveryState("failed").SetStatus(enums.CommunicationReceiverStatusFailed).SetReason("mailbox full").SetIdempotencyKey("exp-desk").SaveX(ctx)
	kiosk := db.KioskCommunication.Create().SetAppointmentID(s.app.ID).SetDealerLocationID(f.locA).SetKioskUserID(f.users[enums.RoleIDKiosk]).SaveX(ctx)
	db.KioskCommunicationEvent.Create().SetKioskCommunicationID(kiosk.ID).SetType(enums.KioskCommunicationEventTypeAnswered).
		SetCustomerSignature([]byte("\x89PNG kiosk")).SaveX(ctx)
	db.LockerSystem.Create().SetID("ls-1").SetDealerLocationID(f.locA).SaveX(ctx)
	db.Booking.Create().SetID("bk-1").SetLockerSystemID("ls-1").SetAppointmentID(s.app.ID).SetStartDate(dropped).SetEndDate(dropped.Add(time.Hour)).
		SetCreatedInAcses(dropped).SetPurpose("drop").SetCode("4711").SaveX(ctx)
	db.CustomerConsentChange.Create().SetCustomerID(s.eva.ID).SetBlockCommunication(true).SetChanged(true).SetSource("sms").
		SetKeyword("STOP").SetChangedAt(dropped).SaveX(ctx)
	db.RemoteDiagTicket.Create().SetRequestID("00000000-0000-4000-8000-0000000000e1").SetAppointmentID(s.app.ID).
		SetDealerLocationID(f.locA).SetConnectorID(7).SetVin("WVWZZZ1JZXW000001").SaveX(ctx)
	return s
}

type exportDoc struct {
	Format       string             `json:"format"`
	GeneratedAt  string             `json:"generated_at"`
	FoundBy      string             `json:"found_by"`
	Note         string             `json:"note"`
	Customers    []struct{ ID int } `json:"customers"`
	Consent      []struct{ ID int } `json:"consent_changes"`
	Appointments []struct {
		Roles       []string `json:"roles"`
		Appointment struct {
			ID           int       `json:"id"`
			KeyDroppedAt time.Time `json:"key_dropped_at"`
		} `json:"appointment"`
		Events         []struct{ ID int } `json:"events"`
		CheckInResults []struct{ ID int } `json:"check_in_results"`
		CheckInRemarks []struct {
			ID    int `json:"id"`
			Edges struct {
				Attachments []struct{ URL string } `json:"attachments"`
			} `json:"edges"`
		} `json:"check_in_remarks"`
		AgreementAnswers []struct {
			AgreementID int  `json:"agreement_id"`
			Version     int  `json:"version"`
			Accepted    bool `json:"accepted"`
		} `json:"agreement_answers"`
		Files []struct {
			ID  string `json:"id"`
			URL string `json:"url"`
		} `json:"files"`
		Messages []struct {
			ID            int    `json:"id"`
			Destination   string `json:"destination"`
			DeliveryState string `json:"delivery_state"`
			Status        int    `json:"status"`
		} `json:"messages"`
		KeyMovements struct {
			KeyDroppedAt *time.Time `json:"key_dropped_at"`
			KeyDroppedIn string     `json:"key_dropped_in"`
			Bookings     []struct {
				ID      string `json:"id"`
				Purpose string `json:"purpose"`
			} `json:"bookings"`
		} `json:"key_movements"`
		KeyLocker []struct {
			ID    int `json:"id"`
			Edges struct {
				Events []struct{ ID int } `json:"events"`
			} `json:"edges"`
		} `json:"key_locker"`
		Tickets []struct {
			RequestID string `json:"request_id"`
		} `json:"remote_diagnose_tickets"`
		DeskCheckIns []struct {
			ID    int `json:"id"`
			Edges struct {
				Events []struct {
					SignatureFileID string `json:"signature_file_id"`
				} `json:"events"`
			} `json:"edges"`
		} `json:"desk_check_ins"`
		KioskCheckIns []struct {
			ID         int `json:"id"`
			Signatures []struct {
				PNG []byte `json:"png"`
			} `json:"signatures"`
		} `json:"kiosk_check_ins"`
	} `json:"appointments"`
	Agreements []struct {
		ID      int    `json:"id"`
		Version int    `json:"version"`
		Text    string `json:"text"`
	} `json:"agreements"`
}

func ids[T any](xs []T, id func(T) int) []int {
	out := make([]int, 0, len(xs))
	for _, x := range xs {
		out = append(out, id(x))
	}
	sort.Ints(out)
	return out
}

// The export holds each kind of data seeded, and equals what direct
// queries of the database hold, section by section.
func TestCustomerExportMatchesTheDatabase(t *testing.T) {
	f := newAdminFixture(t)
	s := seedExport(t, f)
	ctx := context.Background()
	admin := f.token(enums.RoleIDDealerAdmin)

	var doc exportDoc
	code, body := f.call("GET", fmt.Sprintf("/v1/admin/customers/export?customer_id=%d", s.eva.ID), admin, nil, &doc)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, errorsIn(body), string(body))
	assert.Equal(t, "pitstop-customer-export/1", doc.Format)
	assert.NotEmpty(t, doc.GeneratedAt)
	assert.Equal(t, "customer_id", doc.FoundBy)
	require.Len(t, doc.Customers, 1)
	assert.Equal(t, s.eva.ID, doc.Customers[0].ID)
	assert.Contains(t, string(body), `"first_name":"Eva"`)
	assert.NotContains(t, string(body), "key_hash", "sensitive columns stay out")
	assert.NotContains(t, string(body), "Lars", "a party the customer is not stays out")

	// Appointments: those the customer is a party of, by a direct query.
	wantApps, err := f.db.Appointment.Query().Where(appointment.Or(appointment.CustomerDriverID(s.eva.ID),
		appointment.CustomerOwnerID(s.eva.ID), appointment.CustomerContractID(s.eva.ID))).IDs(ctx)
	require.NoError(t, err)
	require.Len(t, doc.Appointments, len(wantApps))
	a := doc.Appointments[0]
	assert.Equal(t, wantApps[0], a.Appointment.ID)
	assert.Equal(t, []string{"driver", "owner"}, a.Roles)

	com := f.db.CustomerCommunication.GetX(ctx, s.com.ID)
	assert.Equal(t, ids(com.QueryEvents().AllX(ctx), func(e *ent.CommunicationEvent) int { return e.ID }),
		ids(a.Events, func(e struct{ ID int }) int { return e.ID }))
	assert.Equal(t, ids(com.QueryCheckInResults().AllX(ctx), func(e *ent.CheckInResult) int { return e.ID }),
		ids(a.CheckInResults, func(e struct{ ID int }) int { return e.ID }))
	remarks := com.QueryCheckInRemarks().WithAttachments().AllX(ctx)
	require.Len(t, a.CheckInRemarks, len(remarks))
	assert.Equal(t, remarks[0].ID, a.CheckInRemarks[0].ID)
	require.Len(t, a.CheckInRemarks[0].Edges.Attachments, len(remarks[0].Edges.Attachments))

	answers := com.QueryAgreements().WithAgreement().AllX(ctx)
	require.Len(t, a.AgreementAnswers, len(answers))
	assert.Equal(t, answers[0].CommunicationAgreementID, a.AgreementAnswers[0].AgreementID)
	assert.Equal(t, answers[0].Edges.Agreement.Version, a.AgreementAnswers[0].Version)
	assert.True(t, a.AgreementAnswers[0].Accepted)
	require.Len(t, doc.Agreements, 1)
	assert.Equal(t, answers[0].Edges.Agreement.Text, doc.Agreements[0].Text)

	fileIDs := com.QueryUploadedFiles().IDsX(ctx)
	require.Len(t, a.Files, len(fileIDs))
	got := map[string]bool{}
	for _, fl := range a.Files {
		got[fl.ID] = true
	}
	for _, id := range fileIDs {
		assert.True(t, got[id.String()], "file %s", id)
	}
	assert.True(t, got[s.signature.ID.String()], "the desk signature is among the files")

	desks := f.db.DeskCommunication.Query().Where(deskcommunication.AppointmentID(s.app.ID)).WithEvents().AllX(ctx)
	require.Len(t, a.DeskCheckIns, len(desks))
	assert.Equal(t, desks[0].ID, a.DeskCheckIns[0].ID)
	require.Len(t, a.DeskCheckIns[0].Edges.Events, 1)
	assert.Equal(t, s.signature.ID.String(), a.DeskCheckIns[0].Edges.Events[0].SignatureFileID)
	kiosks := f.db.KioskCommunication.Query().Where(kioskcommunication.AppointmentID(s.app.ID)).AllX(ctx)
	require.Len(t, a.KioskCheckIns, len(kiosks))
	require.Len(t, a.KioskCheckIns[0].Signatures, 1)
	assert.Equal(t, []byte("\x89PNG kiosk"), a.KioskCheckIns[0].Signatures[0].PNG)
	bookings := f.db.Booking.Query().Where(booking.AppointmentID(s.app.ID)).IDsX(ctx)
	require.Len(t, a.KeyMovements.Bookings, len(bookings))
	assert.Equal(t, bookings[0], a.KeyMovements.Bookings[0].ID)
	assert.NotContains(t, string(body), "4711", "door codes stay out")
	consent := f.db.CustomerConsentChange.Query().Where(customerconsentchange.CustomerID(s.eva.ID)).IDsX(ctx)
	assert.Equal(t, consent, ids(doc.Consent, func(c struct{ ID int }) int { return c.ID }))

	// Messages: SMS and e-mail to the customer's own number and the address
	// they corrected; not the other number, not the dealer webhook.
	want := f.db.CommunicationReceiver.Query().Where(communicationreceiver.AppointmentID(s.app.ID),
		communicationreceiver.DestinationIn("+31612345678", "eva.new@example.com", "eva.desk@example.com")).AllX(ctx)
	assert.Equal(t, ids(want, func(r *ent.CommunicationReceiver) int { return r.ID }),
		ids(a.Messages, func(m struct {
			ID            int    `json:"id"`
			Destination   string `json:"destination"`
			DeliveryState string `json:"delivery_state"`
			Status        int    `json:"status"`
		}) int {
			return m.ID
		}))
	outcome := map[string]string{}
	for _, m := range a.Messages {
		outcome[m.Destination] = fmt.Sprintf("%s/%d", m.DeliveryState, m.Status)
	}
	assert.Equal(t, map[string]string{"+31612345678": "accepted/2", "eva.new@example.com": "accepted/2", "eva.desk@example.com": "failed/3"}, outcome)

	app := f.db.Appointment.GetX(ctx, s.app.ID)
	require.NotNil(t, a.KeyMovements.KeyDroppedAt)
	assert.True(t, app.KeyDroppedAt.Equal(*a.KeyMovements.KeyDroppedAt))
	assert.Equal(t, app.KeyDroppedIn, a.KeyMovements.KeyDroppedIn)
	klcs := app.QueryKeyLockerCommunications().WithEvents().AllX(ctx)
	require.Len(t, a.KeyLocker, len(klcs))
	assert.Len(t, a.KeyLocker[0].Edges.Events, len(klcs[0].Edges.Events))
	require.Len(t, a.Tickets, 1)
	assert.Equal(t, "00000000-0000-4000-8000-0000000000e1", a.Tickets[0].RequestID)

	// The same customer by e-mail (any case) and by phone.
	var byMail exportDoc
	code, body = f.call("GET", "/v1/admin/customers/export?email="+url.QueryEscape("EVA@example.COM"), admin, nil, &byMail)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, byMail.Customers, 1)
	assert.Equal(t, s.eva.ID, byMail.Customers[0].ID)
}

// A phone number held by two customers of the dealer exports both and says
// so; the customer of dealer B with the same number is not among them.
func TestCustomerExportSharedPhone(t *testing.T) {
	f := newAdminFixture(t)
	s := seedExport(t, f)
	var doc exportDoc
	code, body := f.call("GET", "/v1/admin/customers/export?phone="+url.QueryEscape("+31612345678"), f.token(enums.RoleIDDealerAdmin), nil, &doc)
	require.Equal(t, http.StatusOK, code, string(body))
	want := f.db.Customer.Query().Where(customer.DealerLocationID(f.locA), customer.IDIn(s.eva.ID, s.shared.ID)).IDsX(context.Background())
	assert.Equal(t, want, ids(doc.Customers, func(c struct{ ID int }) int { return c.ID }))
	assert.Equal(t, "phone", doc.FoundBy)
	assert.Contains(t, doc.Note, "several customer rows")
}

// Bad input: each answered in the spec's error contract, nothing changed.
func TestCustomerExportRefusals(t *testing.T) {
	f := newAdminFixture(t)
	s := seedExport(t, f)
	admin := f.token(enums.RoleIDDealerAdmin)
	before := f.db.Customer.Query().CountX(context.Background())

	// Dealer A's admin asks for dealer B's customer: not found, by ID, phone or e-mail alike.
	for _, q := range []string{fmt.Sprintf("customer_id=%d", s.other.ID), "email=eva.elders%40example.com", "customer_id=999999"} {
		code, body := f.call("GET", "/v1/admin/customers/export?"+q, admin, nil, nil)
		assert.Equal(t, http.StatusNotFound, code, q+": "+string(body))
		assert.NotEmpty(t, errorsIn(body), q)
	}
	code, body := f.call("GET", fmt.Sprintf("/v1/admin/customers/export?customer_id=%d&dealer_id=%d", s.other.ID, f.dealerB), admin, nil, nil)
	assert.Equal(t, http.StatusNotFound, code, string(body))
	assert.NotContains(t, string(body), "Elders")

	// A receptionist may not export.
	code, _ = f.call("GET", fmt.Sprintf("/v1/admin/customers/export?customer_id=%d", s.eva.ID), f.token(enums.RoleIDReceptionist), nil, nil)
	assert.Equal(t, http.StatusForbidden, code)

	// None, two, or malformed selectors: HTTP 200 with the error body.
	for q, want := range map[string]string{
		"":                                  "give one of customer_id, phone or email",
		"customer_id=1&email=a%40b.example": "give only one",
		"phone=0612345678":                  "E.164",
		"customer_id=x":                     "customer_id: must be a positive number",
		"email=nope":                        "email: not an e-mail address",
		"name=Eva":                          "name: unknown parameter",
	} {
		code, body := f.call("GET", "/v1/admin/customers/export?"+q, admin, nil, nil)
		assert.Equal(t, http.StatusOK, code, q)
		assert.Contains(t, strings.Join(errorsIn(body), ";"), want, q)
	}
	assert.Equal(t, before, f.db.Customer.Query().CountX(context.Background()))
}

// The photo's link in the export downloads within the hour and is refused
// after it (the API's clock moved on).
func TestCustomerExportPhotoLinkExpires(t *testing.T) {
	f := newAdminFixture(t)
	s := seedExport(t, f)
	clock := f.now
	router := New(Deps{DB: f.store, Tokens: f.iss, KeySecret: []byte("k"), APIBaseURL: "https://api.example",
		Now: func() time.Time { return clock }, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	get := func(path, token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		router.ServeHTTP(w, req)
		return w
	}
	w := get(fmt.Sprintf("/v1/admin/customers/export?customer_id=%d", s.eva.ID), f.token(enums.RoleIDDealerAdmin))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var doc exportDoc
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &doc))
	require.Len(t, doc.Appointments, 1)
	var link string
	for _, fl := range doc.Appointments[0].Files {
		if fl.ID == s.photo.ID.String() {
			link = fl.URL
		}
	}
	require.True(t, strings.HasPrefix(link, "https://api.example"+routes.AttachmentPath+s.photo.ID.String()+"/door.png?exp="), link)
	// The remark's attachment URL is signed the same way.
	att := doc.Appointments[0].CheckInRemarks[0].Edges.Attachments[0].URL
	assert.Contains(t, att, "&sig=")

	path := strings.TrimPrefix(link, "https://api.example")
	clock = clock.Add(59 * time.Minute)
	ok := get(path, "")
	require.Equal(t, http.StatusOK, ok.Code, ok.Body.String())
	assert.True(t, bytes.HasSuffix(ok.Body.Bytes(), []byte("photo")))
	clock = clock.Add(2 * time.Minute)
	assert.NotEqual(t, http.StatusOK, get(path, "").Code)
}
