package api_test

// Native fuzz targets (issue 14, "Then fuzz") for every JSON handler, the
// multipart upload and the provider callbacks. Each target builds the real
// router over a fresh PostgreSQL database seeded with the demo data, and a
// mocked Temporal client (go.temporal.io/sdk/mocks) that accepts, rejects as
// a validator would, or is unavailable, chosen by the input. The properties
// every input must keep:
//
//   - no panic and no 5xx, except 503 when the mock plays an unavailable
//     Temporal;
//   - a refusal (any status but 200, or a 200 body starting {"errors") is the
//     spec's {"errors":[...]} with at least one non-empty message;
//   - no string PostgreSQL cannot store (NUL bytes, invalid UTF-8) reaches a
//     workflow: the edge must refuse it, or the workflow's record activity
//     fails forever (issue 14, item 1). Handlers that write the database
//     themselves would answer 500 for such text, which the second rule
//     catches.
//
// Inputs may name the seeded data with placeholders, so the fuzzer reaches
// past the key and ID checks: $CUSTKEY and $RECKEY (the communication's
// keys), $AP (its appointment), $DESK (a fresh desk check-in), $TABLET (the
// counter tablet), $CHECKIN and $DIAG (remark IDs).
//
// `go test ./api/` runs the seed corpus in testdata/fuzz as regular tests;
// `make fuzz` fuzzes each target for a few seconds.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/mocks"

	actappointment "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/api/callbacks"
	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/integrations/mailgun"
	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
	twiliofake "github.com/pitstop-dev/pitstop/integrations/twilio/fake"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/routes"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
	apptcaller "github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

const (
	fuzzKeySecret   = "fuzz-key-secret-0123456789"
	fuzzTwilioToken = "fuzztwiliotoken"
	fuzzMailgunKey  = "fuzz-mailgun-signing-key"
	fuzzAPIBase     = "https://api.pitstop.example"
	fuzzCarsysUser  = "carsys-fuzz"
	fuzzCarsysPass  = "carsys-fuzz-secret"
	fuzzCarsysLoc   = "CS-7"
)

// Temporal modes chosen by a fuzz input's mode byte.
const (
	temporalAccepts = iota
	temporalRejects
	temporalDown
	temporalModes
)

type fuzzEnv struct {
	h        http.Handler
	db       *store.DB
	demo     seed.Demo
	comID    int
	apID     int
	custKey  string
	recKey   string
	recTok   string
	tabTok   string
	checkIn  int
	diag     int
	mode     int
	badText  []string // strings PostgreSQL cannot store that reached Temporal
	mgTokens int
}

func newFuzzEnv(f *testing.F) *fuzzEnv {
	f.Helper()
	ctx := context.Background()
	db := storetest.New(f)
	acts := &actappointment.Activities{DB: db.Client, KeySecret: []byte(fuzzKeySecret)}
	demo, err := seed.Run(ctx, db.Client, acts, time.Now())
	if err != nil {
		f.Fatal(err)
	}
	com, err := db.CustomerCommunication.Query().Order(ent.Asc(customercommunication.FieldID)).First(ctx)
	if err != nil {
		f.Fatal(err)
	}
	e := &fuzzEnv{db: db, demo: demo, comID: com.ID, apID: com.AppointmentID,
		custKey: keys.Derive([]byte(fuzzKeySecret), keys.Customer, com.ID, com.CustomerKeySalt),
		recKey:  keys.Derive([]byte(fuzzKeySecret), keys.Receptionist, com.ID, com.ReceptionistKeySalt)}

	// What the seed leaves out: Carsys credentials, remarks to mark handled,
	// receivers for the providers' callbacks.
	carsysHash, err := callbacks.HashCarsysPassword(fuzzCarsysPass)
	must(f, err)
	must(f, db.DealerLocation.UpdateOneID(demo.LocationID).SetDmsLocationID(fuzzCarsysLoc).SetDmsID(enums.DMSIDTestAPI).
		SetCarsysUsername(fuzzCarsysUser).SetCarsysPasswordHash(carsysHash).Exec(ctx))
	ci, err := db.CheckInRemark.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(com.AppointmentID).
		SetTitle("Noise").SetDescription("Rattles").Save(ctx)
	must(f, err)
	e.checkIn = ci.ID
	do, err := db.DiagnoseOverviewRemark.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(com.AppointmentID).
		SetTitle("Tyres").SetDescription("Winter tyres?").Save(ctx)
	must(f, err)
	e.diag = do.ID
	must(f, db.CommunicationReceiver.Create().SetAppointmentID(com.AppointmentID).SetCommunicationChannelID(enums.CommunicationChannelIDSMS).
		SetDestination("+31612345678").SetTwilioMessageSid("SMfuzz").SetIdempotencyKey("fuzz-sms").Exec(ctx))
	must(f, db.CommunicationReceiver.Create().SetAppointmentID(com.AppointmentID).SetCommunicationChannelID(enums.CommunicationChannelIDEmail).
		SetDestination("anna@example.nl").SetIdempotencyKey("fuzz-email").Exec(ctx))

	iss, err := auth.NewIssuer("fuzz-token-secret-0123456789")
	must(f, err)
	e.recTok, err = iss.Mint(demo.ReceptionistID, []int{demo.LocationID}, enums.RoleIDReceptionist, 24*time.Hour, time.Now())
	must(f, err)
	e.tabTok, err = iss.Mint(demo.TabletID, []int{demo.LocationID}, enums.RoleIDCounterTablet, 24*time.Hour, time.Now())
	must(f, err)
	mg, err := mailgun.New(mailgun.Config{Domain: "mg.example.com", APIKey: "key", From: "a@mg.example.com", WebhookSigningKey: fuzzMailgunKey})
	must(f, err)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.h = api.New(api.Deps{DB: db, Temporal: e.temporal(), TaskQueue: "fuzz", Tokens: iss, KeySecret: []byte(fuzzKeySecret),
		PublicBaseURL: "https://pitstop.example", APIBaseURL: fuzzAPIBase, Log: quiet,
		TwilioAuthToken: fuzzTwilioToken, Mailgun: mg.Webhooks()})
	return e
}

// addSeed lists one input of a target's seed corpus. The corpus itself is the
// files in testdata/fuzz/<FuzzName>/ (run once with
// PITSTOP_FUZZ_WRITE_CORPUS=1 to write the listed seeds there); a normal
// run checks each listed seed has its file, so the two cannot drift apart.
func addSeed(f *testing.F, args ...any) {
	f.Helper()
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, a := range args {
		switch v := a.(type) {
		case string:
			fmt.Fprintf(&b, "string(%q)\n", v)
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case uint8:
			fmt.Fprintf(&b, "uint8(%d)\n", v)
		case bool:
			fmt.Fprintf(&b, "bool(%t)\n", v)
		default:
			f.Fatalf("seed: unsupported type %T", a)
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	file := filepath.Join("testdata", "fuzz", f.Name(), "seed-"+hex.EncodeToString(sum[:8]))
	if os.Getenv("PITSTOP_FUZZ_WRITE_CORPUS") != "" {
		must(f, os.MkdirAll(filepath.Dir(file), 0o755))
		must(f, os.WriteFile(file, []byte(b.String()), 0o644))
		return
	}
	if _, err := os.Stat(file); err != nil {
		f.Fatalf("seed %v has no corpus file %s: run with PITSTOP_FUZZ_WRITE_CORPUS=1", args, file)
	}
}

func must(f *testing.F, err error) {
	f.Helper()
	if err != nil {
		f.Fatal(err)
	}
}

// temporal is the SDK's mock client; each call checks its arguments for
// text PostgreSQL cannot store, then answers as e.mode says.
func (e *fuzzEnv) temporal() client.Client {
	tc := &mocks.Client{}
	outcome := func() error {
		switch e.mode {
		case temporalRejects:
			return apptcaller.Rejection(errors.New("refused by the fuzz validator"))
		case temporalDown:
			return errors.New("temporal: connection refused (fuzz)")
		}
		return nil
	}
	tc.On("UpdateWorkflow", mock.Anything, mock.Anything).Return(
		func(_ context.Context, o client.UpdateWorkflowOptions) (client.WorkflowUpdateHandle, error) {
			e.checkArgs("update "+o.UpdateName, o.Args)
			if e.mode == temporalDown {
				return nil, outcome()
			}
			h := &mocks.WorkflowUpdateHandle{}
			h.On("Get", mock.Anything, mock.Anything).Return(outcome())
			return h, nil
		})
	tc.On("SignalWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(
		func(_ context.Context, _, _, name string, arg any) error {
			e.checkArgs("signal "+name, []any{arg})
			return outcome()
		})
	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(
		func(_ context.Context, o client.StartWorkflowOptions, _ any, args ...any) (client.WorkflowRun, error) {
			e.checkArgs("start "+o.ID, args)
			if err := outcome(); err != nil {
				return nil, err
			}
			run := &mocks.WorkflowRun{}
			run.On("GetID").Return(o.ID).Maybe()
			run.On("GetRunID").Return("fuzz-run").Maybe()
			run.On("Get", mock.Anything, mock.Anything).Return(nil).Maybe()
			return run, nil
		})
	return tc
}

// checkArgs records every string in args PostgreSQL could not store.
func (e *fuzzEnv) checkArgs(call string, args []any) {
	for _, a := range args {
		walkStrings(reflect.ValueOf(a), func(s string) {
			if strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s) {
				e.badText = append(e.badText, fmt.Sprintf("%s: %q", call, s))
			}
		})
	}
}

func walkStrings(v reflect.Value, fn func(string)) {
	switch v.Kind() {
	case reflect.String:
		fn(v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkStrings(v.Elem(), fn)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			walkStrings(v.Field(i), fn)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkStrings(v.Index(i), fn)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			walkStrings(it.Key(), fn)
			walkStrings(it.Value(), fn)
		}
	}
}

// fill replaces the placeholders with the seeded data.
func (e *fuzzEnv) fill(s string) string {
	return strings.NewReplacer("$CUSTKEY", e.custKey, "$RECKEY", e.recKey, "$AP", strconv.Itoa(e.apID),
		"$TABLET", strconv.Itoa(e.demo.TabletID), "$CHECKIN", strconv.Itoa(e.checkIn), "$DIAG", strconv.Itoa(e.diag)).Replace(s)
}

// serve runs one request and checks the properties every response keeps.
func (e *fuzzEnv) serve(t *testing.T, mode uint8, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	e.mode = int(mode % temporalModes)
	e.badText = nil
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	body := w.Body.String()
	if w.Code >= 500 && !(w.Code == http.StatusServiceUnavailable && e.mode == temporalDown) {
		t.Fatalf("%s %s: HTTP %d %s", req.Method, req.URL, w.Code, body)
	}
	if w.Code != http.StatusOK || strings.HasPrefix(body, `{"errors"`) {
		var eb httpx.ErrorBody
		if err := json.Unmarshal(w.Body.Bytes(), &eb); err != nil || len(eb.Errors) == 0 {
			t.Fatalf("%s %s: HTTP %d without the spec's error body: %q", req.Method, req.URL, w.Code, body)
		}
		for _, m := range eb.Errors {
			if strings.TrimSpace(m) == "" {
				t.Fatalf("%s %s: empty error message in %s", req.Method, req.URL, body)
			}
		}
	}
	if len(e.badText) > 0 {
		t.Fatalf("%s %s: text PostgreSQL cannot store reached Temporal: %v (answered %d %s)", req.Method, req.URL, e.badText, w.Code, body)
	}
	return w
}

func (e *fuzzEnv) jsonRequest(path, token, body string) *http.Request {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

// fuzzJSON is a target posting a fuzzed JSON body (placeholders filled) to
// one path.
func fuzzJSON(f *testing.F, path string, staff bool, seeds ...string) {
	e := newFuzzEnv(f)
	for i, s := range seeds {
		addSeed(f, s, uint8(i%temporalModes))
	}
	f.Fuzz(func(t *testing.T, body string, mode uint8) {
		tok := ""
		if staff {
			tok = e.recTok
		}
		e.serve(t, mode, e.jsonRequest(e.fill(path), tok, e.fill(body)))
	})
}

// Customer endpoints.

func FuzzCommunicationRead(f *testing.F) {
	fuzzJSON(f, "/v1/communication/read", false,
		`{"key":"$CUSTKEY"}`, `{"communication_key":"$RECKEY"}`, `{"key":"$CUSTKEY"} garbage`,
		`{"key":"$CUSTKEY","key":"x"}`, `{"key":"\u0000"}`, `{"key":123}`, `[]`, ``, `{"key":"$CUSTKEY\u0000"}`)
}

func FuzzIsAcsesAvailable(f *testing.F) {
	fuzzJSON(f, "/v1/online_checkin/is_acses_available", false,
		`{"key":"$CUSTKEY"}`, `{"communication_key":"$RECKEY"}`, `{"key":""}`, `null`, `{"key":"\ud800"}`)
}

func FuzzRepairOverviewDownload(f *testing.F) {
	fuzzJSON(f, "/v1/repair_overview/download", false,
		`{"key":"$CUSTKEY"}`, `{"communication_key":"$RECKEY"}`, `{"key":"$CUSTKEY","extra":1}`, `{}`)
}

func FuzzOnlineCheckInAnswer(f *testing.F) {
	fuzzJSON(f, "/v1/online_checkin/answer", false,
		`{"key":"$CUSTKEY","results":[],"agreement_ids":[],"customer_name":"Anna de Vries","preferred_communication_channel":1}`,
		`{"key":"$CUSTKEY","customer_name":"An\u0000na","preferred_communication_channel":2}`,
		`{"key":"$CUSTKEY","remarks":[{"title":"t\u0000","description":"d","attachments":[]}]}`,
		`{"key":"$CUSTKEY","remarks":[{"title":"t","description":"d","attachments":["https://x/v1/communication/attachments/1/a.jpg"]}]}`,
		`{"key":"$CUSTKEY","correct_phone":"+31 (6) 1234-5678","correct_email":"a@b.nl"}`,
		`{"key":"$CUSTKEY","correct_phone":"\u0000","correct_email":"a\u0000@b.nl"}`,
		`{"key":"$CUSTKEY","results":[{"id":-1,"accepted":true}],"drop_in_acses_locker":true}`,
		`{"key":"$RECKEY","customer_name":"x"}`,
		`{"key":"$CUSTKEY","preferred_communication_channel":9223372036854775807}`)
}

func FuzzDiagnoseOverviewAnswer(f *testing.F) {
	fuzzJSON(f, "/v2/diagnose_overview/answer", false,
		`{"key":"$CUSTKEY","interventions":[{"id":1,"communication_result_status":2}],"customer_name":"Anna"}`,
		`{"key":"$CUSTKEY","interventions":[],"customer_name":"\u0000"}`,
		`{"key":"$CUSTKEY","remarks":[{"title":"t","description":"\u0000","attachments":["\u0000"]}]}`,
		`{"key":"$CUSTKEY","correct_phone":"0612345678","correct_email":"not an email"}`,
		`{"key":"$CUSTKEY","interventions":[{"id":0,"communication_result_status":-5}]}`,
		`{"key":"$RECKEY"}`)
}

// Staff endpoints taking JSON bodies.

func FuzzReschedule(f *testing.F) {
	fuzzJSON(f, "/v1/appointments/$AP/reschedule", true,
		`{"time_car_app":"2030-01-02T09:00:00Z"}`, `{"time_car_app":"0001-01-01T00:00:00Z"}`,
		`{"time_car_app":"9999-12-31T23:59:59+14:00"}`, `{"time_car_app":"yesterday"}`, `{}`)
}

func FuzzCancel(f *testing.F) {
	fuzzJSON(f, "/v1/appointments/$AP/cancel", true,
		`{"reason":"customer called"}`, `{"reason":"a\u0000b"}`, `{}`, `{"reason":"`+strings.Repeat("x", 501)+`"}`)
}

func FuzzRemarksHandled(f *testing.F) {
	fuzzJSON(f, "/v1/remarks/handled", true,
		`{"type":"check_in","id":$CHECKIN}`, `{"type":"diagnose_overview","id":$DIAG}`,
		`{"type":"check_in","id":9223372036854775807}`, `{"type":"x","id":1}`, `{"type":"check_in\u0000","id":1}`)
}

func FuzzDeskCheckInSend(f *testing.F) {
	fuzzJSON(f, "/v1/appointments/$AP/desk_checkin/send", true,
		`{"tablet_user_id":$TABLET}`, `{"tablet_user_id":0}`, `{"tablet_user_id":-1}`, `{"tablet_user_id":"$TABLET"}`)
}

// FuzzDeskCheckInStatus posts a status to a fresh desk check-in of the
// counter tablet each time, so every input meets a desk it may move.
func FuzzDeskCheckInStatus(f *testing.F) {
	e := newFuzzEnv(f)
	for i, s := range []string{`{"status":2}`, `{"status":3,"customer_name":"Anna"}`, `{"status":3,"customer_name":"An\u0000na"}`,
		`{"status":6}`, `{"status":0}`, `{"status":3}`, `{"status":4,"customer_name":"` + strings.Repeat("é", 201) + `"}`} {
		addSeed(f, s, uint8(i%temporalModes), false)
	}
	addSeed(f, `{"status":3,"customer_name":"\u0000"}`, uint8(temporalDown), true)
	f.Fuzz(func(t *testing.T, body string, mode uint8, asReceptionist bool) {
		ctx := context.Background()
		desk, err := e.db.DeskCommunication.Create().SetAppointmentID(e.apID).SetDealerLocationID(e.demo.LocationID).
			SetTabletUserID(e.demo.TabletID).SetReceptionistID(e.demo.ReceptionistID).SetStatus(enums.DeskCommunicationStatusSent).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tok := e.tabTok
		if asReceptionist {
			tok = e.recTok
		}
		e.serve(t, mode, e.jsonRequest(fmt.Sprintf("/v1/desk_checkin/%d/status", desk.ID), tok, e.fill(body)))
	})
}

// FuzzCarsysPush: Carsys's work-order push, authenticated with the
// location's credentials (or not, when basicAuth is false).
func FuzzCarsysPush(f *testing.F) {
	e := newFuzzEnv(f)
	one := `{"location_id":"CS-7","dms_nr":"88001","wo_nr":"WO-1","appointment_date":"2030-06-10T08:30:00+02:00",
"interventions":[{"dms_nr":"J1","title":"APK","description":"keuring","price":49.95}],
"car":{"dms_nr":"C9","make":"Peugeot","model":"208","registration":"XX-123-Y","vin":"VF3ABCDEF12345678","driver_id":"P1"},
"driver":{"id":"P1","first_name":"Anna","last_name":"Vries","mobile_private":"06-12345678","email_private":"anna@example.nl"}}`
	for i, s := range []string{one, "[" + one + "," + one + "]", strings.Replace(one, "Anna", `An\u0000na`, 1),
		strings.Replace(one, "WO-1", `WO-\u0000`, 1), `{"location_id":"other"}`, `[]`, `{}`, `nul`, one + ` trailing`} {
		addSeed(f, s, uint8(i%temporalModes), true)
	}
	addSeed(f, one, uint8(0), false)
	f.Fuzz(func(t *testing.T, body string, mode uint8, basicAuth bool) {
		req := e.jsonRequest("/v1/carsys/workorders", "", body)
		if basicAuth {
			req.SetBasicAuth(fuzzCarsysUser, fuzzCarsysPass)
		}
		e.serve(t, mode, req)
	})
}

// FuzzUploadAttachment: the multipart upload, built from fuzzed parts (the
// key field's name and value, the file's name, type and bytes), or a raw
// fuzzed body when raw is set.
func FuzzUploadAttachment(f *testing.F) {
	e := newFuzzEnv(f)
	addSeed(f, "key", "$CUSTKEY", "photo.jpg", "image/jpeg", []byte("\xff\xd8\xff\xe0jpeg"), false)
	addSeed(f, "communication_key", "$CUSTKEY", "../../etc/passwd", "text/plain", []byte("x"), false)
	addSeed(f, "key", "$CUSTKEY", "a\x00b.jpg", "image/jpeg\x00", []byte("x"), false)
	addSeed(f, "key", "$CUSTKEY", "bad\xff\xfe.png", "\xff", []byte("x"), false)
	addSeed(f, "key", "$CUSTKEY", "evil\u202egnp.exe", "", []byte{}, false)
	addSeed(f, "key", "$RECKEY", "a.jpg", "image/jpeg", []byte("x"), false)
	addSeed(f, "key", "wrong", "a.jpg", "image/jpeg", []byte("x"), false)
	addSeed(f, "file", "", "", "", []byte("--fuzz\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n$CUSTKEY\r\n--fuzz--\r\n"), true)
	f.Fuzz(func(t *testing.T, keyField, key, name, ctype string, data []byte, raw bool) {
		var body bytes.Buffer
		contentType := "multipart/form-data; boundary=fuzz"
		if raw {
			body.WriteString(e.fill(string(data)))
		} else {
			mw := multipart.NewWriter(&body)
			_ = mw.WriteField(keyField, e.fill(key))
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
			if ctype != "" {
				h.Set("Content-Type", ctype)
			}
			pw, err := mw.CreatePart(h)
			if err != nil {
				t.Skip()
			}
			_, _ = pw.Write(data)
			_ = mw.Close()
			contentType = mw.FormDataContentType()
		}
		req := httptest.NewRequest(http.MethodPost, "/v1/communication/upload_attachment", &body)
		req.Header.Set("Content-Type", contentType)
		e.serve(t, 0, req)
		// The communication takes ten files; start every input afresh.
		if _, err := e.db.UploadedFile.Delete().Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}

// Provider callbacks, signed as the provider would sign them (or not).

func FuzzTwilioStatusCallback(f *testing.F) {
	fuzzTwilio(f, routes.TwilioStatusPath,
		"MessageSid=SMfuzz&MessageStatus=delivered", "MessageSid=SMfuzz&MessageStatus=failed&ErrorCode=30003",
		"MessageSid=SM%00&MessageStatus=delivered", "MessageSid=SMnew&MessageStatus=undelivered&ErrorCode=%00%FF",
		"SmsSid=SMfuzz&SmsStatus=read", "MessageStatus=delivered", "MessageSid=%FF%FE&MessageStatus=sent", "%zz")
}

func FuzzTwilioInboundCallback(f *testing.F) {
	fuzzTwilio(f, routes.TwilioInboundPath,
		"From=%2B31612345678&Body=STOP", "From=%2B31612345678&Body=start", "MessageSid=SMkw&From=%2B31612345678&Body=Arr%C3%AAt", "From=%00&Body=STOP",
		"From=%FF%FE&Body=UNSUBSCRIBE", "From=&Body=STOP", "Body=hello", "From=%2B31612345678&Body=QUIT%00")
}

func fuzzTwilio(f *testing.F, path string, seeds ...string) {
	e := newFuzzEnv(f)
	for _, s := range seeds {
		addSeed(f, s, "", true)
	}
	addSeed(f, seeds[0], routes.ReceiverParam+"=1", true)
	addSeed(f, seeds[0], "", false)
	f.Fuzz(func(t *testing.T, form, query string, signed bool) {
		target := path
		if query != "" {
			if _, err := url.ParseQuery(query); err != nil {
				t.Skip()
			}
			target += "?" + query
		}
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(form))
		req.URL.RawQuery = query
		req.URL.Path = path
		req.RequestURI = target
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if values, err := url.ParseQuery(form); err == nil && signed {
			req.Header.Set("X-Twilio-Signature", twiliofake.Sign(fuzzTwilioToken, fuzzAPIBase+target, values))
		}
		e.serve(t, 0, req)
	})
}

// FuzzMailgunEvents wraps a fuzzed "event-data" in a freshly signed envelope
// (a new token each time: the replay cache refuses a used one), or posts the
// fuzzed bytes as the whole body when signed is false.
func FuzzMailgunEvents(f *testing.F) {
	e := newFuzzEnv(f)
	for _, s := range []string{
		`{"event":"delivered","id":"e1","message":{"headers":{"message-id":"m-fuzz"}},"user-variables":{"pitstop_receiver":"fuzz-email"}}`,
		`{"event":"failed","severity":"permanent","reason":"bounce","delivery-status":{"code":550,"description":"no such user"},"user-variables":{"pitstop_receiver":"fuzz-email"}}`,
		`{"event":"failed","severity":"permanent","reason":"\u0000","delivery-status":{"code":550,"message":"\u0000"},"user-variables":{"pitstop_receiver":"fuzz-email"}}`,
		`{"event":"delivered","message":{"headers":{"message-id":"<m\u0000>"}}}`,
		`{"event":"delivered","user-variables":{"pitstop_receiver":"\u0000"}}`,
		`{"event":"delivered","user-variables":{"pitstop_receiver":{"a":[1,2]}}}`,
		`{"event":"opened","timestamp":1e308}`, `null`, `[]`,
	} {
		addSeed(f, s, true)
	}
	addSeed(f, `{"signature":{"timestamp":"1","token":"t","signature":"s"},"event-data":{"event":"delivered"}}`, false)
	f.Fuzz(func(t *testing.T, eventData string, signed bool) {
		body := eventData
		if signed {
			e.mgTokens++
			ts := strconv.FormatInt(time.Now().Unix(), 10)
			token := fmt.Sprintf("fuzz-token-%d-%d", time.Now().UnixNano(), e.mgTokens)
			sig, _ := json.Marshal(mailgun.Signature{Timestamp: ts, Token: token, Signature: mailgunfake.Sign(fuzzMailgunKey, ts, token)})
			body = `{"signature":` + string(sig) + `,"event-data":` + eventData + `}`
		}
		e.serve(t, 0, e.jsonRequest(routes.MailgunEventsPath, "", body))
	})
}

func FuzzDiagnoseOverviewResultsAnswer(f *testing.F) {
	fuzzJSON(f, "/v1/diagnose_overview/answer", false,
		`{"key":"$CUSTKEY","results":[{"question_result_id":1,"status":2}],"customer_name":"Anna"}`,
		`{"key":"$CUSTKEY","results":[{"question_result_id":1,"status":2,"title":"Oil","images":[{"url":"x"}]}],"interventions":[{"id":1,"communication_result_status":3}],"customer_name":"Anna"}`,
		`{"key":"$CUSTKEY","results":[],"customer_name":"\u0000"}`,
		`{"key":"$CUSTKEY","results":[{"question_result_id":-1,"status":9223372036854775807}]}`,
		`{"key":"$CUSTKEY","results":[{"question_result_id":"1","status":"2"}]}`,
		`{"key":"$RECKEY","results":[{"question_result_id":1,"status":2}]}`)
}
