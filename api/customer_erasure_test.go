package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/kioskcommunication"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/ent/uploadedfilechunk"
	"github.com/pitstop-dev/pitstop/internal/custerase"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// erasureMarkers are strings only the erased customers' personal data
// holds after seedErasure (dealer B's customer shares the phone number, so
// it is counted apart).
var erasureMarkers = []string{"de Vries", "06-12345678", "1234 5678", "eva@example.com", "eva.new@example.com",
	"eva.desk@example.com", "Evangeline", "203.0.113.77", "+31611122233", "Kerkstraat", "XK-999-Z"}

// seedErasure is seedExport with free texts, names and contacts in each
// record erasure anonymises.
func seedErasure(t *testing.T, f *adminFixture) exportSeed {
	t.Helper()
	ctx := context.Background()
	s := seedExport(t, f)
	db := f.db
	db.Customer.UpdateOneID(s.eva.ID).SetStreet("Kerkstraat").SetHouseNr("5").SaveX(ctx)
	db.Appointment.UpdateOneID(s.app.ID).SetDriverFirstname("Eva").SetDriverSurname("de Vries").SetRegNumber("XK-999-Z").
		SetCommunicationNote("Evangeline calls after five").SaveX(ctx)
	db.CustomerCommunication.UpdateOneID(s.com.ID).SetNote("Evangeline: the left door").SetCustomerName("Eva de Vries").SaveX(ctx)
	for _, ev := range s.com.QueryEvents().AllX(ctx) {
		ev.Update().SetIP("203.0.113.77").SetCustomerSignature("Evangeline's signature").SaveX(ctx)
	}
	for _, r := range s.com.QueryCheckInRemarks().AllX(ctx) {
		r.Update().SetDescription("Evangeline saw a scratch").SetCustomerName("Eva de Vries").SaveX(ctx)
	}
	db.DeskCommunication.Update().SetCustomerName("Evangeline").SetCustomerSignature("Evangeline").ExecX(ctx)
	kiosk := db.KioskCommunication.Query().Where(kioskcommunication.AppointmentID(s.app.ID)).OnlyX(ctx)
	db.KioskRemark.Create().SetKioskCommunicationID(kiosk.ID).SetAppointmentID(s.app.ID).SetDescription("Evangeline waits").SaveX(ctx)
	klc := db.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentID(s.app.ID)).OnlyX(ctx)
	for _, ev := range klc.QueryEvents().AllX(ctx) {
		ev.Update().SetCorrectPhone("+31611122233").SetCustomerName("Eva de Vries").SaveX(ctx)
	}
	db.KeyLockerRemark.Create().SetKeyLockerCommunicationID(klc.ID).SetAppointmentID(s.app.ID).
		SetDescription("Evangeline left the key").SetCustomerName("Eva de Vries").SaveX(ctx)
	db.CommunicationReceiver.Update().Where(communicationreceiver.Destination("eva.desk@example.com")).
		SetReason("550 mailbox eva.desk@example.com full").ExecX(ctx)
	return s
}

// dumpTables is every row of every table of the test database as text, by
// table: what "nothing changed" compares and the scan for personal data reads.
func dumpTables(t *testing.T, f *adminFixture) map[string][]string {
	t.Helper()
	ctx := context.Background()
	rows, err := f.store.SQL.QueryContext(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
	require.NoError(t, err)
	var tables []string
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		tables = append(tables, n)
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	require.Contains(t, tables, "customer_erasures")
	out := map[string][]string{}
	for _, tb := range tables {
		r, err := f.store.SQL.QueryContext(ctx, fmt.Sprintf(`SELECT x::text FROM %q x ORDER BY x::text`, tb))
		require.NoError(t, err)
		for r.Next() {
			var s string
			require.NoError(t, r.Scan(&s))
			out[tb] = append(out[tb], s)
		}
		require.NoError(t, r.Err())
		require.NoError(t, r.Close())
	}
	return out
}

func holding(dump map[string][]string, marker string) []string {
	var hits []string
	for tb, rows := range dump {
		for _, r := range rows {
			if strings.Contains(strings.ToLower(r), strings.ToLower(marker)) {
				hits = append(hits, tb+": "+r)
			}
		}
	}
	return hits
}

// After an erasure by phone number, no row of the database holds the
// customers' personal data, their files are gone, the messages keep their
// outcome, the record names who asked; the dry run before it said exactly
// what it touched and changed nothing; a second erasure answers when the
// first was.
func TestCustomerErasureLeavesNoPersonalData(t *testing.T) {
	f := newAdminFixture(t)
	s := seedErasure(t, f)
	ctx := context.Background()
	f.db.Appointment.UpdateOneID(s.app.ID).SetLifecycleStage("completed").ExecX(ctx)
	admin := f.token(enums.RoleIDDealerAdmin)
	before := dumpTables(t, f)
	for _, m := range erasureMarkers {
		require.NotEmpty(t, holding(before, m), "the seed holds %q", m)
	}

	var dry custerase.Record
	code, body := f.call("POST", "/v1/admin/customers/erasure", admin, map[string]any{"phone": "+31612345678", "dry_run": true}, &dry)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, errorsIn(body), string(body))
	assert.True(t, dry.DryRun)
	assert.Zero(t, dry.ID)
	assert.Equal(t, []int{s.eva.ID, s.shared.ID}, dry.CustomerIDs)
	assert.Equal(t, before, dumpTables(t, f), "a dry run changes nothing")

	var rec custerase.Record
	code, body = f.call("POST", "/v1/admin/customers/erasure", admin, map[string]any{"phone": "+31612345678"}, &rec)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, errorsIn(body), string(body))
	assert.False(t, rec.DryRun)
	assert.NotZero(t, rec.ID)
	assert.Equal(t, dry.Touched, rec.Touched, "the dry run counted what the erasure touched")
	assert.Equal(t, map[string]int{"customers": 2, "appointments": 1, "communications": 1, "communication_events": 1, "remarks": 1,
		"attachments": 1, "files": 2, "desk_check_ins": 1, "desk_events": 1, "kiosk_check_ins": 1, "kiosk_events": 1,
		"key_locker_requests": 1, "key_locker_events": 1, "messages": 3}, rec.Touched)

	after := dumpTables(t, f)
	for _, m := range erasureMarkers {
		assert.Empty(t, holding(after, m), "personal data %q is left", m)
	}
	// The number is also dealer B's customer's, who is not erased.
	other := holding(after, "+31612345678")
	require.Len(t, other, 1)
	assert.Contains(t, other[0], "Elders")

	// Files: bytes and rows gone.
	assert.Zero(t, f.db.UploadedFile.Query().Where(uploadedfile.CustomerCommunicationID(s.com.ID)).CountX(ctx))
	assert.Zero(t, f.db.UploadedFileChunk.Query().Where(uploadedfilechunk.FileIDIn(s.photo.ID, s.signature.ID)).CountX(ctx))

	// Messages keep their outcome; the other number and the webhook are untouched.
	outcome := map[string]string{}
	for _, r := range f.db.CommunicationReceiver.Query().Where(communicationreceiver.AppointmentID(s.app.ID)).Order(ent.Asc(communicationreceiver.FieldID)).AllX(ctx) {
		outcome[fmt.Sprintf("%d/%s", r.CommunicationChannelID, r.Destination)] += fmt.Sprintf("%s/%d/%s;", r.DeliveryState, r.Status, r.Reason)
	}
	assert.Equal(t, map[string]string{
		fmt.Sprintf("%d/", enums.CommunicationChannelIDSMS):                                "accepted/2/;",
		fmt.Sprintf("%d/", enums.CommunicationChannelIDEmail):                              "accepted/2/;failed/3/550 mailbox [erased] full;",
		fmt.Sprintf("%d/+31687654321", enums.CommunicationChannelIDSMS):                    "accepted/2/;",
		fmt.Sprintf("%d/https://dealer.example/hook", enums.CommunicationChannelIDWebhook): "accepted/2/;",
	}, outcome)

	// Kept: the appointment's other party, its times, the rows themselves.
	app := f.db.Appointment.GetX(ctx, s.app.ID)
	assert.Equal(t, "Lars", app.ContractorFirstname)
	assert.NotNil(t, app.KeyDroppedAt)
	eva := f.db.Customer.GetX(ctx, s.eva.ID)
	require.NotNil(t, eva.ErasedAt)
	assert.True(t, eva.BlockCommunication)

	// The record: who asked, by what, nothing personal (the scan above read it too).
	row := f.db.CustomerErasure.GetX(ctx, rec.ID)
	require.NotNil(t, row.RequestedByUserID)
	assert.Equal(t, f.users[enums.RoleIDDealerAdmin], *row.RequestedByUserID)
	assert.Equal(t, "phone", row.FoundBy)
	assert.Equal(t, "api", row.Via)

	// Again: by ID it is already erased, with the date; by phone nobody has the number now.
	code, body = f.call("POST", "/v1/admin/customers/erasure", admin, map[string]any{"customer_id": s.eva.ID}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, errorsIn(body), 1, string(body))
	assert.Contains(t, errorsIn(body)[0], "already erased on "+row.ErasedAt.UTC().Format("2006-01-02T15:04:05Z"))
	code, body = f.call("POST", "/v1/admin/customers/erasure", admin, map[string]any{"phone": "+31612345678"}, nil)
	assert.Equal(t, http.StatusNotFound, code, string(body))
	assert.Contains(t, strings.Join(errorsIn(body), ";"), "ask by customer_id")
	assert.Equal(t, 1, f.db.CustomerErasure.Query().CountX(ctx))
}

// Refusals change nothing: another role, another dealer's customer, bad
// selectors, and an appointment still in its lifecycle.
func TestCustomerErasureRefusals(t *testing.T) {
	f := newAdminFixture(t)
	s := seedErasure(t, f)
	admin := f.token(enums.RoleIDDealerAdmin)
	before := dumpTables(t, f)
	path := "/v1/admin/customers/erasure"
	eva := map[string]any{"customer_id": s.eva.ID}

	// Roles that may not: a receptionist, and a support admin (who may export).
	for _, role := range []enums.RoleID{enums.RoleIDReceptionist, enums.RoleIDSupportAdmin} {
		code, body := f.call("POST", path, f.token(role), eva, nil)
		assert.Equal(t, http.StatusForbidden, code, "role %d: %s", role, body)
		assert.NotEmpty(t, errorsIn(body))
	}
	// Dealer B's customer is not found for dealer A's admin.
	code, body := f.call("POST", path, admin, map[string]any{"customer_id": s.other.ID}, nil)
	assert.Equal(t, http.StatusNotFound, code, string(body))
	for req, want := range map[string]string{
		`{}`:                              "give one of customer_id, phone or email",
		`{"customer_id":1,"email":"a@b"}`: "give only one",
		`{"phone":"0612345678"}`:          "E.164",
		`{"customer_id":-1}`:              "customer_id: must be a positive number",
		`{"name":"Eva"}`:                  "name",
	} {
		code, body := f.call("POST", path, admin, req, nil)
		assert.Equal(t, http.StatusOK, code, req)
		assert.Contains(t, strings.Join(errorsIn(body), ";"), want, req)
	}
	// The appointment is still scheduled: refused, naming it.
	code, body = f.call("POST", path, admin, eva, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, errorsIn(body), 1, string(body))
	assert.Contains(t, errorsIn(body)[0], fmt.Sprintf("appointment(s) %d of this customer are in progress", s.app.ID))
	assert.Equal(t, before, dumpTables(t, f), "refusals change nothing")
}
