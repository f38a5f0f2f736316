package customer_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pitstop-dev/pitstop/ent/questionresultimage"
	"github.com/pitstop-dev/pitstop/internal/inspectphotos"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	actappointment "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/ent/communicationsetting"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

const readTestSecret = "read-test-key-secret-0123456789"

type readFixture struct {
	router  *gin.Engine
	db      *ent.Client
	com     *ent.CustomerCommunication
	recKey  string
	cusKey  string
	userID  int
	schema  *openapi3.Schema
	schemas openapi3.Schemas
}

func newReadFixture(t *testing.T) *readFixture {
	t.Helper()
	ctx := context.Background()
	db := storetest.New(t)
	acts := &actappointment.Activities{DB: db.Client, KeySecret: []byte(readTestSecret)}
	demo, err := seed.Run(ctx, db.Client, acts, time.Now())
	require.NoError(t, err)
	com, err := db.CustomerCommunication.Query().First(ctx)
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	require.NoError(t, err)
	require.NoError(t, doc.Validate(ctx))
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	return &readFixture{
		router: api.New(api.Deps{DB: db, KeySecret: []byte(readTestSecret), Log: quiet}),
		db:     db.Client, com: com, userID: demo.ReceptionistID,
		recKey:  keys.Derive([]byte(readTestSecret), keys.Receptionist, com.ID, com.ReceptionistKeySalt),
		cusKey:  keys.Derive([]byte(readTestSecret), keys.Customer, com.ID, com.CustomerKeySalt),
		schema:  doc.Components.Schemas["CustomerCommunication"].Value,
		schemas: doc.Components.Schemas,
	}
}

func (f *readFixture) read(t *testing.T, key string) map[string]any {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/v1/communication/read", strings.NewReader(fmt.Sprintf(`{"communication_key":%q}`, key)))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	f.router.ServeHTTP(w, req)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var v map[string]any
	dec := json.NewDecoder(bytes.NewReader(w.Body.Bytes()))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&v), w.Body.String())
	// The schema: every field present, nothing more.
	var plain any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &plain))
	require.NoError(t, f.schema.VisitJSON(plain), "response does not match the CustomerCommunication schema")
	return v
}

// fresh is the document assembled now from the tables, as JSON values.
func (f *readFixture) fresh(t *testing.T) map[string]any {
	t.Helper()
	d, err := commread.Assemble(context.Background(), f.db, "", f.com.ID)
	require.NoError(t, err)
	b, err := json.Marshal(d)
	require.NoError(t, err)
	var v map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&v))
	return v
}

// served is what a read serves, without the per-reader fields.
func (f *readFixture) served(t *testing.T) map[string]any {
	v := f.read(t, f.recKey)
	delete(v, "status")
	delete(v, "is_receptionist")
	delete(v, "receptionist_key")
	unsigned(v)
	return v
}

// unsigned drops the signature a read adds to each attachment URL (the
// stored document keeps the bare URL).
func unsigned(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "url" && strings.Contains(s, "?exp=") {
				x[k], _, _ = strings.Cut(s, "?exp=")
				continue
			}
			unsigned(e)
		}
	case []any:
		for _, e := range x {
			unsigned(e)
		}
	}
}

// Every status answers the schema, with zero values present and nothing
// internal; the customer's key moves "sent" to "opened" in the answer
// (Temporal is absent here: the read must not need it).
func TestReadShapeInEveryStatus(t *testing.T) {
	f := newReadFixture(t)
	ctx := context.Background()
	// Data that has zero values to show: a check-in result not accepted, a
	// remark with an attachment.
	_, err := f.db.CheckInResult.Create().SetCustomerCommunicationID(f.com.ID).SetAppointmentID(f.com.AppointmentID).
		SetName("Wipers").SetPrice(0).SetAccepted(false).Save(ctx)
	require.NoError(t, err)
	rm, err := f.db.CheckInRemark.Create().SetCustomerCommunicationID(f.com.ID).SetAppointmentID(f.com.AppointmentID).SetTitle("noise").Save(ctx)
	require.NoError(t, err)
	_, err = f.db.CheckInAttachment.Create().SetCheckInRemarkID(rm.ID).SetCustomerCommunicationID(f.com.ID).SetURL("http://x/a.jpg").SetName("a.jpg").Save(ctx)
	require.NoError(t, err)

	for _, st := range enums.CommunicationStatusValues {
		t.Run(fmt.Sprint(st), func(t *testing.T) {
			require.NoError(t, f.db.CustomerCommunication.UpdateOneID(f.com.ID).SetStatus(st).Exec(ctx))
			rec := f.read(t, f.recKey)
			require.Equal(t, json.Number(fmt.Sprint(int(st))), rec["status"])
			require.Equal(t, true, rec["is_receptionist"])
			require.Equal(t, f.recKey, rec["receptionist_key"])
			cus := f.read(t, f.cusKey)
			require.Equal(t, json.Number(fmt.Sprint(int(appointment.OpenedStatus(st)))), cus["status"])
			require.Equal(t, false, cus["is_receptionist"])
			require.Equal(t, "", cus["receptionist_key"])

			// No internal key anywhere; relations at the spec's names.
			b, _ := json.Marshal(rec)
			for _, bad := range []string{`"edges"`, `"dedupe_key"`, `"lifecycle_stage"`, `"created_at"`, `"updated_at"`,
				`"document"`, `"document_version"`, `"kind"`, `"customer_key_hash"`, `"private_note"`} {
				require.NotContains(t, string(b), bad)
			}
			for _, k := range []string{"results", "diagnose_overview_results", "receptionist", "receptionist_id", "check_in_results",
				"agreements", "events", "settings", "appointment", "customer", "car", "check_in_remarks", "diagnose_overview_remarks"} {
				require.Contains(t, rec, k)
			}
			// Zero values are present.
			cir := rec["check_in_results"].([]any)
			last := cir[len(cir)-1].(map[string]any)
			require.Equal(t, false, last["accepted"])
			require.Equal(t, json.Number("0"), last["price"])
			remarks := rec["check_in_remarks"].([]any)
			require.NotEmpty(t, remarks[0].(map[string]any)["attachments"])
			ap := rec["appointment"].(map[string]any)
			for _, iv := range ap["interventions"].([]any) {
				m := iv.(map[string]any)
				require.Contains(t, m, "elements")
				require.Contains(t, m, "mechanic_fixed")
				require.Contains(t, m, "attachments")
			}
			for _, a := range rec["agreements"].([]any) {
				m := a.(map[string]any)
				for _, k := range []string{"optional_online_check_in", "optional_customcom", "visible_customcom", "accepted", "customer_communication_agreement_id"} {
					require.Contains(t, m, k)
				}
			}
			s := rec["settings"].(map[string]any)
			for _, k := range []string{"location_street", "location_postal_code", "location_city", "location_name", "dealer_name", "vat", "include_vat"} {
				require.Contains(t, s, k)
			}
		})
	}
}

// After every kind of change the served document equals a fresh assembly
// from the tables (the invalidation hook missed nothing), and an unchanged
// communication is served from its stored document. The kinds of change are
// not a list to keep up by hand: every object the document shows (each
// path of its JSON, arrays flattened) must be changed by some step below,
// and each step must really change the document where it says (a step that
// changes nothing would pass without invalidating anything).
func TestServedDocumentFollowsEveryChange(t *testing.T) {
	f := newReadFixture(t)
	ctx := context.Background()
	c := f.db
	comID, apID := f.com.ID, f.com.AppointmentID
	ap, err := c.Appointment.Get(ctx, apID)
	require.NoError(t, err)
	loc, err := c.DealerLocation.Get(ctx, ap.DealerLocationID)
	require.NoError(t, err)

	// Something in every list the document shows, so every kind of object
	// appears in it.
	require.NoError(t, c.CustomerCommunication.UpdateOneID(comID).SetReceptionistID(f.userID).Exec(ctx))
	require.NoError(t, c.CheckInResult.Create().SetCustomerCommunicationID(comID).SetAppointmentID(apID).SetName("Tyres").SetPrice(12.5).Exec(ctx))
	require.NoError(t, c.CommunicationEvent.Create().SetCustomerCommunicationID(comID).SetAppointmentID(apID).
		SetType(enums.CommunicationEventTypeOnlineCheckInOpened).SetDedupeKey("t-0").Exec(ctx))
	cir, err := c.CheckInRemark.Create().SetCustomerCommunicationID(comID).SetAppointmentID(apID).SetTitle("noise").Save(ctx)
	require.NoError(t, err)
	require.NoError(t, c.CheckInAttachment.Create().SetCheckInRemarkID(cir.ID).SetCustomerCommunicationID(comID).
		SetURL("http://x/a.jpg").SetName("a.jpg").Exec(ctx))
	dor, err := c.DiagnoseOverviewRemark.Create().SetCustomerCommunicationID(comID).SetAppointmentID(apID).SetTitle("t").Save(ctx)
	require.NoError(t, err)
	require.NoError(t, c.DiagnoseOverviewAttachment.Create().SetDiagnoseOverviewRemarkID(dor.ID).SetCustomerCommunicationID(comID).
		SetURL("http://x/b.png").SetName("b.png").Exec(ctx))
	// A check result with a mechanic's photo (the check still open, so a
	// second photo can be taken below).
	chk, err := c.Check.Create().SetAppointmentID(apID).SetDealerLocationID(ap.DealerLocationID).SetChecklistID(1).
		SetMechanicID(f.userID).SetStartKey("read-test").SetStartedAt(time.Now()).Save(ctx)
	require.NoError(t, err)
	qr, err := c.QuestionResult.Create().SetCheckID(chk.ID).SetQuestionID(1).SetAppointmentID(apID).SetTitle("Oil").SetCompleted(true).
		SetAnswerKey("a1").SetStatus(enums.QuestionResultStatusAdvised).Save(ctx)
	require.NoError(t, err)
	photo := func(key string) error {
		_, err := inspectphotos.Save(ctx, c, inspectphotos.Input{AppointmentID: apID, CheckID: chk.ID, QuestionID: 1, MechanicID: f.userID,
			UploadKey: key, Name: key + ".png"}, bytes.NewReader(append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)))
		return err
	}
	require.NoError(t, photo("p1"))
	require.NoError(t, c.CommunicationResult.Create().SetCustomerCommunicationID(comID).SetAppointmentID(apID).SetKind("diagnose").SetTitle("q").
		SetQuestionResultID(qr.ID).Exec(ctx))
	iv, err := c.Intervention.Create().SetAppointmentID(apID).SetDealerLocationID(ap.DealerLocationID).SetTitle("Brakes").
		SetVisibleToCustomer(true).Save(ctx)
	require.NoError(t, err)
	require.NoError(t, c.InterventionElement.Create().SetInterventionID(iv.ID).SetDescription("pads").SetPrice(80).SetQuantity(1).
		SetElementType(enums.InterventionElementType(1)).Exec(ctx))
	agr, err := c.CommunicationAgreement.Query().Where(communicationagreement.DeletedEQ(false)).First(ctx)
	require.NoError(t, err)
	require.NoError(t, c.CustomerCommunicationAgreement.Create().SetCustomerCommunicationID(comID).SetCommunicationAgreementID(agr.ID).
		SetAppointmentID(apID).Exec(ctx))

	check := func(what string) {
		t.Helper()
		require.Equal(t, f.fresh(t), f.served(t), "after: %s", what)
		c, err := f.db.CustomerCommunication.Get(ctx, f.com.ID)
		require.NoError(t, err)
		require.NotNil(t, c.Document, "after %s: the read stored the document", what)
	}
	check("nothing")
	shown := map[string]bool{}
	docPaths(f.fresh(t), "", shown)

	// Each step names where the document shows what it changes.
	changes := []struct {
		path, name string
		do         func() error
	}{
		{"", "status move", func() error {
			return c.CustomerCommunication.UpdateOneID(comID).SetStatus(enums.CommunicationStatusCheckInOpened).Exec(ctx)
		}},
		{"", "answer: correct phone", func() error {
			return c.CustomerCommunication.UpdateOneID(comID).SetCorrectPhone("+31612345678").Exec(ctx)
		}},
		{"receptionist", "receptionist renamed", func() error { return c.User.UpdateOneID(f.userID).SetFirstName("Renamed").Exec(ctx) }},
		{"check_in_results[]", "check-in result added", func() error {
			return c.CheckInResult.Create().SetCustomerCommunicationID(comID).SetAppointmentID(apID).SetName("Wipers").SetPrice(9).Exec(ctx)
		}},
		{"check_in_results[]", "check-in results accepted", func() error { return c.CheckInResult.Update().SetAccepted(true).Exec(ctx) }},
		{"events[]", "event recorded", func() error {
			return c.CommunicationEvent.Create().SetCustomerCommunicationID(comID).SetAppointmentID(apID).
				SetType(enums.CommunicationEventTypeOnlineCheckInAnswered).SetDedupeKey("t-1").Exec(ctx)
		}},
		{"check_in_remarks[]", "check-in remark retitled", func() error { return c.CheckInRemark.UpdateOneID(cir.ID).SetTitle("louder").Exec(ctx) }},
		{"check_in_remarks[].attachments[]", "check-in attachment renamed", func() error {
			return c.CheckInAttachment.Update().SetName("renamed.jpg").Exec(ctx)
		}},
		{"check_in_remarks[].attachments[]", "check-in attachment deleted", func() error { _, err := c.CheckInAttachment.Delete().Exec(ctx); return err }},
		{"diagnose_overview_remarks[]", "remark with attachment", func() error {
			r, err := c.DiagnoseOverviewRemark.Create().SetCustomerCommunicationID(comID).SetAppointmentID(apID).SetTitle("t2").Save(ctx)
			if err != nil {
				return err
			}
			return c.DiagnoseOverviewAttachment.Create().SetDiagnoseOverviewRemarkID(r.ID).SetCustomerCommunicationID(comID).
				SetURL("http://x/c.png").SetName("c.png").Exec(ctx)
		}},
		{"diagnose_overview_remarks[]", "remark handled", func() error { return c.DiagnoseOverviewRemark.Update().SetReceptionistHandled(true).Exec(ctx) }},
		{"diagnose_overview_remarks[].attachments[]", "attachment deleted", func() error {
			_, err := c.DiagnoseOverviewAttachment.Delete().Exec(ctx)
			return err
		}},
		{"appointment.interventions[]", "intervention added", func() error {
			return c.Intervention.Create().SetAppointmentID(apID).SetDealerLocationID(ap.DealerLocationID).SetTitle("Lights").
				SetVisibleToCustomer(true).Exec(ctx)
		}},
		{"appointment.interventions[]", "intervention fixed", func() error { return c.Intervention.Update().SetMechanicFixed(true).Exec(ctx) }},
		{"appointment.interventions[].elements[]", "intervention element repriced", func() error {
			return c.InterventionElement.Update().SetPrice(95).Exec(ctx)
		}},
		{"appointment.interventions[].elements[]", "intervention element added", func() error {
			return c.InterventionElement.Create().SetInterventionID(iv.ID).SetDescription("discs").SetPrice(120).SetQuantity(2).
				SetElementType(enums.InterventionElementType(1)).Exec(ctx)
		}},
		{"results[]", "diagnose result sent", func() error {
			return c.CommunicationResult.Create().SetCustomerCommunicationID(comID).SetAppointmentID(apID).SetKind("diagnose").SetTitle("q2").Exec(ctx)
		}},
		{"diagnose_overview_results[]", "diagnose result retitled", func() error {
			return c.CommunicationResult.Update().SetTitle("q3").Exec(ctx)
		}},
		{"appointment.diagnose_overview_results[]", "diagnose result repriced", func() error {
			return c.CommunicationResult.Update().SetPrice(42).Exec(ctx)
		}},
		{"appointment.repair_overview_results[]", "diagnose result approved", func() error {
			return c.CommunicationResult.Update().SetStatus(enums.CommunicationResultStatusAgree).SetCustomerApproved(true).Exec(ctx)
		}},
		{"results[].images[]", "second photo of a result", func() error { return photo("p2") }},
		{"diagnose_overview_results[].images[]", "third photo of a result", func() error { return photo("p3") }},
		{"appointment.diagnose_overview_results[].images[]", "photo kept out of the PDF", func() error {
			return c.QuestionResultImage.Update().Where(questionresultimage.UploadKey("p2")).SetVisibleInPdf(false).Exec(ctx)
		}},
		{"appointment.repair_overview_results[].images[]", "photo hidden", func() error {
			return c.QuestionResultImage.Update().Where(questionresultimage.UploadKey("p1")).SetActive(false).Exec(ctx)
		}},
		{"appointment", "appointment rescheduled", func() error {
			return c.Appointment.UpdateOneID(apID).SetTimeCarApp(time.Now().Add(72 * time.Hour).UTC().Truncate(time.Second)).Exec(ctx)
		}},
		{"appointment.dealer_location", "location renamed", func() error { return c.DealerLocation.UpdateOneID(ap.DealerLocationID).SetName("Elsewhere").Exec(ctx) }},
		{"settings", "location moved", func() error { return c.DealerLocation.UpdateOneID(ap.DealerLocationID).SetCity("Elsewhere").Exec(ctx) }},
		{"settings.dealer_name", "dealer renamed", func() error { return c.Dealer.UpdateOneID(loc.DealerID).SetName("Other dealer").Exec(ctx) }},
		{"settings", "setting changed", func() error { return c.CommunicationSetting.Update().SetColor("#123456").Exec(ctx) }},
		{"agreements[]", "agreement text", func() error { return c.CommunicationAgreement.UpdateOneID(agr.ID).SetText("new text").Exec(ctx) }},
		{"agreements[]", "agreement accepted", func() error { return c.CustomerCommunicationAgreement.Update().SetAccepted(true).Exec(ctx) }},
		{"feedback", "picked up where the feedback question is asked", func() error {
			if err := c.CommunicationSetting.Update().SetFeedbackQuestionEnabled(true).Exec(ctx); err != nil {
				return err
			}
			return c.Appointment.UpdateOneID(apID).SetLifecycleStage(string(appointment.StageCompleted)).Exec(ctx)
		}},
		{"feedback", "feedback answered", func() error {
			return c.Feedback.Create().SetAppointmentID(apID).SetDealerLocationID(ap.DealerLocationID).SetScore(9).SetComment("Quick").
				SetAnsweredAt(time.Now().UTC().Truncate(time.Microsecond)).Exec(ctx)
		}},
	}
	type change = struct {
		path, name string
		do         func() error
	}
	if ap.CarID != 0 {
		changes = append(changes, change{"appointment.car", "car plate", func() error { return c.Car.UpdateOneID(ap.CarID).SetRegNr("XX-99-YY").Exec(ctx) }},
			change{"car", "car model", func() error { return c.Car.UpdateOneID(ap.CarID).SetModel("Other").Exec(ctx) }})
	}
	for path, id := range map[string]int{"appointment.customer_driver": ap.CustomerDriverID, "appointment.customer_owner": ap.CustomerOwnerID,
		"appointment.customer_contract": ap.CustomerContractID} {
		if id != 0 {
			changes = append(changes, change{path, path + " renamed", func() error { return c.Customer.UpdateOneID(id).SetSurname("Other " + path).Exec(ctx) }})
		}
	}
	if ap.CustomerDriverID != 0 {
		changes = append(changes, change{"customer", "driver's city", func() error { return c.Customer.UpdateOneID(ap.CustomerDriverID).SetStreet("Kerkstraat").Exec(ctx) }})
	}

	covered := map[string]bool{}
	for _, ch := range changes {
		before := valuesAt(f.fresh(t), ch.path)
		require.NoError(t, ch.do(), ch.name)
		require.NotEqual(t, before, valuesAt(f.fresh(t), ch.path), "%s changes nothing at %q: it proves nothing", ch.name, ch.path)
		check(ch.name)
		covered[ch.path] = true
	}
	for p := range shown {
		require.True(t, covered[p], "the document shows %q, which no step changes: add one", p)
	}
	t.Logf("%d kinds of object shown, each changed: %v", len(shown), slices.Sorted(maps.Keys(shown)))

	// In a transaction: the change and the invalidation commit together.
	tx, err := c.Tx(ctx)
	require.NoError(t, err)
	require.NoError(t, tx.CustomerCommunication.UpdateOneID(comID).SetNote("in tx").Exec(ctx))
	require.NoError(t, tx.Commit())
	check("change in a transaction")
}

// docPaths collects the paths of the objects a document shows (arrays
// flattened as "[]"; "" is the document itself).
func docPaths(v any, path string, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		out[path] = true
		for k, c := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			docPaths(c, p, out)
		}
	case []any:
		for _, c := range x {
			docPaths(c, path+"[]", out)
		}
	}
}

// valuesAt is what the document shows at path (docPaths' notation), as JSON.
func valuesAt(doc any, path string) string {
	vals := []any{doc}
	if path != "" {
		for _, part := range strings.Split(path, ".") {
			key, flat := strings.CutSuffix(part, "[]")
			var next []any
			for _, v := range vals {
				m, ok := v.(map[string]any)
				if !ok {
					continue
				}
				c := m[key]
				if a, ok := c.([]any); ok && flat {
					next = append(next, a...)
				} else if !flat {
					next = append(next, c)
				}
			}
			vals = next
		}
	}
	b, _ := json.Marshal(vals)
	return string(b)
}

// A dealer's setting change applies to what is sent afterwards: a customer
// who was sent the communication keeps seeing the setting as sent.
func TestReadShowsTheSettingAsSent(t *testing.T) {
	f := newReadFixture(t)
	ctx := context.Background()
	com, err := f.db.CustomerCommunication.Get(ctx, f.com.ID)
	require.NoError(t, err)
	ap, err := f.db.Appointment.Get(ctx, com.AppointmentID)
	require.NoError(t, err)
	st, err := f.db.CommunicationSetting.Query().Where(communicationsetting.DealerLocationID(ap.DealerLocationID)).Only(ctx)
	require.NoError(t, err)
	require.NoError(t, st.Update().SetColor("#111111").Exec(ctx))
	st, err = f.db.CommunicationSetting.Get(ctx, st.ID)
	require.NoError(t, err)
	snap, err := json.Marshal(st)
	require.NoError(t, err)
	require.NoError(t, f.db.CustomerCommunication.UpdateOneID(com.ID).SetSettingsSnapshot(string(snap)).Exec(ctx))
	require.NoError(t, st.Update().SetColor("#222222").Exec(ctx))
	settings := f.read(t, f.cusKey)["settings"].(map[string]any)
	require.Equal(t, "#111111", settings["color"], "the colour the customer was sent")
}

// has_acses_password says whether the location has an ACSES password (the
// password itself is never served), and follows a change of it.
func TestReadSaysWhetherTheLocationHasAnACSESPassword(t *testing.T) {
	f := newReadFixture(t)
	ctx := context.Background()
	ap, err := f.db.Appointment.Get(ctx, f.com.AppointmentID)
	require.NoError(t, err)
	loc := func() map[string]any {
		return f.read(t, f.recKey)["appointment"].(map[string]any)["dealer_location"].(map[string]any)
	}
	require.NoError(t, f.db.DealerLocation.UpdateOneID(ap.DealerLocationID).SetAcsesPassword("").Exec(ctx))
	assert.Equal(t, false, loc()["has_acses_password"])
	require.NoError(t, f.db.DealerLocation.UpdateOneID(ap.DealerLocationID).SetAcsesPassword("s3cret-acses").Exec(ctx))
	got := loc()
	assert.Equal(t, true, got["has_acses_password"])
	b, _ := json.Marshal(got)
	assert.NotContains(t, string(b), "s3cret-acses")
}

// The appointment names its dealer and location (location_name,
// location_phone, dealer_name, domain_name) and counts the items the
// customer approved that are not fixed yet (num_approved_items_not_fixed).
func TestReadFillsTheAppointmentsDerivedFields(t *testing.T) {
	f := newReadFixture(t)
	ctx := context.Background()
	ap, err := f.db.Appointment.Query().Where(entappointment.ID(f.com.AppointmentID)).WithInterventions().Only(ctx)
	require.NoError(t, err)
	loc, err := f.db.DealerLocation.Query().Where(dealerlocation.ID(ap.DealerLocationID)).WithDealer().Only(ctx)
	require.NoError(t, err)
	require.NoError(t, f.db.DealerLocation.UpdateOneID(loc.ID).SetPhoneNr("+31 20 123 4567").Exec(ctx))
	require.GreaterOrEqual(t, len(ap.Edges.Interventions), 2, "the demo appointment has interventions")
	ivs := ap.Edges.Interventions
	require.NotEmpty(t, loc.Edges.Dealer.Name)
	require.NoError(t, f.db.Intervention.UpdateOneID(ivs[0].ID).SetCustomerOk(true).SetMechanicFixed(false).Exec(ctx))
	require.NoError(t, f.db.Intervention.UpdateOneID(ivs[1].ID).SetCustomerOk(true).SetMechanicFixed(true).Exec(ctx))
	for _, iv := range ivs[2:] {
		require.NoError(t, f.db.Intervention.UpdateOneID(iv.ID).SetCustomerOk(false).Exec(ctx))
	}
	got := f.read(t, f.recKey)["appointment"].(map[string]any)
	assert.Equal(t, loc.Name, got["location_name"])
	assert.Equal(t, "+31 20 123 4567", got["location_phone"])
	assert.Equal(t, loc.Edges.Dealer.Name, got["dealer_name"])
	assert.Equal(t, json.Number("1"), got["num_approved_items_not_fixed"])
	assert.Equal(t, loc.TimeZone, got["dealer_location"].(map[string]any)["time_zone"])
	assert.NotEmpty(t, loc.TimeZone)
}

// A phone that accepts gzip gets the read compressed: the same bytes as
// the plain answer, a fraction of the size. One that refuses it, plain.
func TestReadIsCompressedWhenAccepted(t *testing.T) {
	f := newReadFixture(t)
	post := func(accept string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/v1/communication/read", strings.NewReader(fmt.Sprintf(`{"communication_key":%q}`, f.recKey)))
		req.Header.Set("Content-Type", "application/json")
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		w := httptest.NewRecorder()
		f.router.ServeHTTP(w, req)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		require.Contains(t, w.Header().Values("Vary"), "Accept-Encoding")
		return w
	}
	plain := post("")
	require.Empty(t, plain.Header().Get("Content-Encoding"))
	require.Empty(t, post("gzip;q=0").Header().Get("Content-Encoding"))
	zipped := post("gzip, deflate, br")
	require.Equal(t, "gzip", zipped.Header().Get("Content-Encoding"))
	zr, err := gzip.NewReader(zipped.Body)
	require.NoError(t, err)
	body, err := io.ReadAll(zr)
	require.NoError(t, err)
	require.JSONEq(t, plain.Body.String(), string(body))
	require.Less(t, zipped.Body.Len()*2, plain.Body.Len(), "compressed: %d of %d bytes", zipped.Body.Len(), plain.Body.Len())
}

// The feedback question (issue #25) in the read, from the read model: none
// before the lifecycle completed, none where the location does not ask it,
// an open question after the pick-up, and the answer once the Feedback row
// exists (whatever the setting says since). Each read answers the schema.
func TestReadAsksFeedbackAfterThePickUp(t *testing.T) {
	f := newReadFixture(t)
	ctx := context.Background()
	ap, err := f.db.Appointment.Get(ctx, f.com.AppointmentID)
	require.NoError(t, err)
	setFeedback := func(on bool) {
		require.NoError(t, f.db.CommunicationSetting.Update().Where(communicationsetting.DealerLocationID(ap.DealerLocationID)).
			SetFeedbackQuestionEnabled(on).Exec(ctx))
	}
	setFeedback(true)
	require.Nil(t, f.read(t, f.cusKey)["feedback"], "asked before the pick-up")

	require.NoError(t, f.db.Appointment.UpdateOneID(ap.ID).SetLifecycleStage(string(appointment.StageCompleted)).Exec(ctx))
	setFeedback(false)
	require.Nil(t, f.read(t, f.cusKey)["feedback"], "asked where the location does not ask it")

	setFeedback(true)
	open, ok := f.read(t, f.cusKey)["feedback"].(map[string]any)
	require.True(t, ok, "no open question after the pick-up")
	require.Equal(t, map[string]any{"score": nil, "comment": "", "answered_at": nil}, open)

	at := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	require.NoError(t, f.db.Feedback.Create().SetAppointmentID(ap.ID).SetDealerLocationID(ap.DealerLocationID).SetScore(0).
		SetComment("Waited long").SetAnsweredAt(at).Exec(ctx))
	setFeedback(false)
	for _, key := range []string{f.cusKey, f.recKey} {
		given, ok := f.read(t, key)["feedback"].(map[string]any)
		require.True(t, ok)
		require.Equal(t, map[string]any{"score": json.Number("0"), "comment": "Waited long", "answered_at": "2026-12-07T09:30:00Z"}, given)
	}
}
