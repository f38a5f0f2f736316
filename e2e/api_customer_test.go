package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/ent/checkinattachment"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// The customer endpoints of the spec, each with its bad inputs, on one
// lifecycle: online check-in, diagnose overview, repair overview, closed.
func TestAPICustomerEndpoints(t *testing.T) {
	s := newStack(t)
	s.start()
	ap := s.Demo.Appointments[0].AppointmentID
	other := s.Demo.Appointments[1].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	key := s.customerKey("jan.devries@example.com")
	require.Equal(t, s.keyOf(ap, keys.Customer), key, "the link carries the derived customer key")
	recKey := s.keyOf(ap, keys.Receptionist)
	base := s.API.URL

	jsonEndpoints := []string{"/v1/communication/read", "/v1/online_checkin/answer", "/v1/online_checkin/is_acses_available",
		"/v2/diagnose_overview/answer", "/v1/diagnose_overview/answer", "/v1/repair_overview/download"}

	// Missing key: the spec's validation error, HTTP 200.
	for _, path := range jsonEndpoints {
		code, body := s.call("POST", path, "", map[string]any{"customer_name": "x"}, nil)
		require.Equal(t, http.StatusOK, code, path)
		require.Equal(t, []string{"key: required"}, errorsOf(t, body), path)
	}
	code, body := s.uploadForm(base, nil, "a.txt", "text/plain", []byte("hello"))
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{"key: required before the file in the form"}, errorsOf(t, body), "the file is not read before the key")

	// A wrong key: 401 everywhere (6 wrong keys: under the limit of 10).
	for _, path := range jsonEndpoints {
		code, body := s.call("POST", path, "", map[string]any{"key": wrongKey, "customer_name": "x"}, nil)
		failed(t, code, body, http.StatusUnauthorized)
	}
	code, body = s.uploadForm(base, map[string]string{"key": wrongKey}, "a.txt", "text/plain", []byte("hello"))
	failed(t, code, body, http.StatusUnauthorized)

	// Malformed payloads: HTTP 200 with the error body.
	for _, path := range jsonEndpoints {
		code, body := s.call("POST", path, "", `{"key": "`+key+`", "remarks": [`, nil)
		refused(t, code, body, "invalid JSON payload")
		code, body = s.call("POST", path, "", `{"key": 42}`, nil)
		refused(t, code, body, "invalid JSON payload")
	}
	code, body = s.call("POST", "/v1/communication/upload_attachment", "", map[string]string{"key": key}, nil)
	refused(t, code, body, "multipart/form-data")
	code, body = s.uploadForm(base, map[string]string{"key": key}, "", "", nil)
	refused(t, code, body, "file: required")
	code, body = s.uploadForm(base, map[string]string{"key": key}, "empty.txt", "text/plain", nil)
	refused(t, code, body, "file: empty")

	// The receptionist's key reads without marking the communication opened.
	var view commread.CommunicationView
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": recKey}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	require.True(t, view.IsReceptionist)
	require.Equal(t, recKey, view.ReceptionistKey)
	require.Equal(t, enums.CommunicationStatusCheckInSent, view.Status)
	require.False(t, s.signalled(ap, appointment.SignalCommunicationOpened), "no opened signal for a receptionist read")
	require.Equal(t, enums.CommunicationStatusCheckInSent, s.communication(ap).Status)
	require.Equal(t, []enums.CommunicationEventType{enums.CommunicationEventTypeOnlineCheckInSent}, s.eventTypes(ap))
	// ... and may not answer, nor upload for the customer.
	code, body = s.call("POST", "/v1/online_checkin/answer", "", map[string]any{"key": recKey, "customer_name": "Rita"}, nil)
	refused(t, code, body, "only the customer's key can answer")
	code, body = s.uploadForm(base, map[string]string{"key": recKey}, "a.txt", "text/plain", []byte("hello"))
	refused(t, code, body, "only the customer's key")
	require.Equal(t, 0, s.files(ap))

	// The customer's read marks it opened: status 2 and event 2.
	view = commread.CommunicationView{}
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	require.False(t, view.IsReceptionist)
	require.Empty(t, view.ReceptionistKey, "the customer never sees the receptionist's key")
	require.NotContains(t, string(body), recKey)
	require.Equal(t, enums.CommunicationStatusCheckInOpened, view.Status)
	s.waitEvents(ap, enums.CommunicationEventTypeOnlineCheckInSent, enums.CommunicationEventTypeOnlineCheckInOpened)

	var acses struct {
		Available *bool `json:"available"`
	}
	code, body = s.call("POST", "/v1/online_checkin/is_acses_available", "", map[string]string{"key": key}, &acses)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotNil(t, acses.Available, string(body))
	require.True(t, *acses.Available, "the demo location's ACSES locker (the simulator's) has free cells")

	// Attachments: a file over 32 MB is refused and nothing is stored.
	code, body = s.uploadStream(base, key, "huge.bin", api.MaxAttachmentBytes+1)
	refused(t, code, body, "larger than 32 MB")
	code, body = s.uploadStream(base, key, "huger.bin", api.MaxAttachmentBytes+1<<20)
	refused(t, code, body, "larger than 32 MB")
	require.Equal(t, 0, s.files(ap))
	// Ten files are accepted, the eleventh is refused; ten rows remain.
	var urls []string
	odd := `Schade #1 (voor) "links" ü?.jpg` // URL and header syntax in one name
	for i := range 10 {
		name := fmt.Sprintf("photo-%d.jpg", i)
		if i == 0 {
			name = odd
		}
		urls = append(urls, s.upload(key, name, bytes.Repeat([]byte{0xff, 0xd8, byte(i)}, 50)))
	}
	code, body = s.uploadRaw(key, "photo-10.jpg", []byte("eleventh"))
	refused(t, code, body, "at most 10 files")
	require.Equal(t, 10, s.files(ap))

	// An uploaded file is served by its URL; other IDs are 404.
	res, err := http.Get(urls[3])
	require.NoError(t, err)
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, bytes.Repeat([]byte{0xff, 0xd8, 3}, 50), data)
	// A name with spaces, '#' and non-ASCII letters is escaped in its URL and
	// comes back in the download's file name.
	require.NotContains(t, urls[0], " ")
	res, err = http.Get(urls[0])
	require.NoError(t, err)
	data, _ = io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, bytes.Repeat([]byte{0xff, 0xd8, 0}, 50), data)
	_, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
	require.NoError(t, err)
	// Characters no file system takes (quotes, '?') are cleaned at upload.
	require.Equal(t, `Schade #1 (voor) _links_ ü_.jpg`, params["filename"])
	for _, path := range []string{"/v1/communication/attachments/not-a-uuid/x.jpg",
		"/v1/communication/attachments/3f1b8c1e-0000-4000-8000-000000000000/x.jpg"} {
		code, body = s.callAt(base, "GET", path, "", nil, nil, commread.AttachmentKeyHeader, key)
		failed(t, code, body, http.StatusNotFound)
	}

	// A file of another communication cannot be attached, nor a foreign URL.
	otherURL := s.upload(s.keyOf(other, keys.Customer), "other.jpg", []byte{0xff, 0xd8, 0xff})
	good := map[string]any{"key": key, "customer_name": "Jan de Vries",
		"results":       []map[string]any{{"id": view.CheckInResults[0].ID, "accepted": true}},
		"agreement_ids": []int{view.Agreements[0].ID},
		"remarks":       []map[string]any{{"title": "Rattle", "attachments": []string{urls[0]}}},
	}
	with := func(m map[string]any, kv ...any) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1]
		}
		return out
	}
	for _, c := range []struct {
		answer map[string]any
		want   string
	}{
		{with(good, "remarks", []map[string]any{{"title": "Rattle", "attachments": []string{otherURL}}}), "remarks[0].attachments[0]: not uploaded to this communication"},
		{with(good, "remarks", []map[string]any{{"title": "x", "attachments": []string{"https://evil.example/x.jpg"}}}), "remarks[0].attachments[0]"},
		{with(good, "remarks", []map[string]any{{"title": " ", "description": ""}}), "remarks[0]: a remark needs a title or a description"},
		{with(good, "correct_email", "jan@"), `correct_email is not a valid e-mail address`},
		{with(good, "correct_email", "Jan <jan@example.com>"), "correct_email"},
		{with(good, "correct_phone", "call me"), `correct_phone: `},
		{with(good, "customer_name", "Jan\x00"), `customer_name`},
		{with(good, "customer_name", ""), "customer_name: required"},
		{with(good, "preferred_communication_channel", 3), "preferred_communication_channel: 3"},
		{with(good, "remarks", []map[string]any{{"title": "many", "attachments": append(append([]string{}, urls...), urls[0])}}), "at most 10 attachments"},
		// Checked by the workflow against what it sent.
		{with(good, "results", []map[string]any{{"id": 999999, "accepted": true}}), "results[0]: check-in result 999999 is not part of this communication"},
		{with(good, "agreement_ids", []int{999999}), "agreement_ids: 999999 was not part of this communication"},
	} {
		code, body := s.call("POST", "/v1/online_checkin/answer", "", c.answer, nil)
		refused(t, code, body, c.want)
	}
	st := s.waitState(ap, func(appointment.AppointmentState) bool { return true })
	require.Equal(t, appointment.StageCheckInSent, st.Stage, "refused answers change nothing")

	// The valid answer: PINs back, and a second answer is refused.
	var pins appointment.CheckInAnswerResult
	code, body = s.call("POST", "/v1/online_checkin/answer", "", good, &pins)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Regexp(t, `^\d{6}$`, pins.KeyLockerPIN)
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageInWorkshop })
	att, err := s.DB.CheckInAttachment.Query().Where(checkinattachment.URL(strings.SplitN(urls[0], "?", 2)[0])).Only(context.Background())
	require.NoError(t, err)
	require.Equal(t, `Schade #1 (voor) _links_ ü_.jpg`, att.Name, "the attachment keeps the (cleaned) name it was uploaded with")
	// Sent again (a timeout, a double tap, a second tab): the first answer's
	// result, PIN included, not "closed"; nothing is recorded twice.
	var again appointment.CheckInAnswerResult
	code, body = s.call("POST", "/v1/online_checkin/answer", "", good, &again)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, pins, again)
	require.Equal(t, 1, s.countEvents(ap, enums.CommunicationEventTypeOnlineCheckInAnswered))

	// No PDF before the repair overview.
	code, body = s.call("POST", "/v1/repair_overview/download", "", map[string]string{"communication_key": key}, nil)
	refused(t, code, body, "the repair overview has not been sent yet")

	// Diagnose overview.
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/diagnose_overview/send", ap), s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, enums.CommunicationStatusDiagnoseOverviewOpened, view.Status)
	s.waitEvents(ap, 1, 2, 3, 4, 5)
	require.Len(t, view.Appointment.Interventions, 3)
	ivs := view.Appointment.Interventions
	decision := map[string]any{"key": key, "customer_name": "Jan de Vries", "interventions": []map[string]any{
		{"id": ivs[0].ID, "communication_result_status": 2}, {"id": ivs[1].ID, "communication_result_status": 3},
		{"id": ivs[2].ID, "communication_result_status": 4}}}
	for _, c := range []struct {
		answer map[string]any
		want   string
	}{
		{with(decision, "interventions", []map[string]any{{"id": ivs[0].ID, "communication_result_status": 9}}), "interventions[0]: communication_result_status 9 is not 2 (agree), 3 (decline) or 4 (contact me)"},
		{with(decision, "interventions", []map[string]any{{"id": ivs[0].ID, "communication_result_status": 1}}), "communication_result_status 1"},
		{with(decision, "interventions", []map[string]any{}), "interventions: answer at least one intervention"},
		{with(decision, "interventions", []map[string]any{{"id": ivs[0].ID, "communication_result_status": 2}, {"id": ivs[0].ID, "communication_result_status": 3}}), "answered twice"},
		{with(decision, "remarks", []map[string]any{{"attachments": []string{urls[1]}}}), "remarks[0]: a remark needs a title or a description"},
		{with(decision, "remarks", []map[string]any{{"title": "x", "attachments": []string{otherURL}}}), "not uploaded to this communication"},
		{with(decision, "correct_email", "not-an-email"), "correct_email"},
		{with(decision, "correct_phone", "12"), "correct_phone"},
		{with(decision, "key", recKey), "only the customer's key can answer"},
		// Checked by the workflow against what it sent.
		{with(decision, "interventions", []map[string]any{{"id": 999999, "communication_result_status": 2}}), "interventions[0]: intervention 999999 is not part of this diagnose overview"},
		{with(decision, "agreement_ids", []int{999999}), "agreement_ids: 999999"},
	} {
		code, body := s.call("POST", "/v2/diagnose_overview/answer", "", c.answer, nil)
		refused(t, code, body, c.want)
	}
	code, body = s.call("POST", "/v2/diagnose_overview/answer", "", with(decision,
		"remarks", []map[string]any{{"description": "Please call before replacing the pads", "attachments": []string{urls[1]}}},
		"correct_email", "jan@example.org"), nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, body)
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageDiagnoseAnswered })
	// The same overview answered again: the first answer's outcome, once.
	code, body = s.call("POST", "/v2/diagnose_overview/answer", "", decision, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, body)
	require.Equal(t, 1, s.countEvents(ap, enums.CommunicationEventTypeDiagnoseOverviewAnswered))

	// Repair overview: now the PDF is there, for the receptionist's key too.
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/repair_overview/send", ap), s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageRepairSent })
	for _, k := range []string{key, recKey} {
		code, pdf := s.call("POST", "/v1/repair_overview/download", "", map[string]string{"communication_key": k}, nil)
		require.Equal(t, http.StatusOK, code, string(pdf))
		require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))
	}

	// After the lifecycle: reads work, answers are refused.
	code, _ = s.call("POST", fmt.Sprintf("/v1/appointments/%d/complete", ap), s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code)
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCompleted })
	require.Eventually(t, func() bool {
		d, err := s.Temporal.DescribeWorkflowExecution(t.Context(), appointment.AppointmentWorkflowID(ap), "")
		return err == nil && d.GetWorkflowExecutionInfo().GetCloseTime() != nil
	}, 10*time.Second, 25*time.Millisecond, "the workflow closes")
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	// A repeated answer still gets its first outcome (the server keeps it
	// with the closed workflow); any new action is refused as closed.
	code, body = s.call("POST", "/v1/online_checkin/answer", "", good, &again)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, pins, again)
	code, body = s.callAt(s.API.URL, "POST", fmt.Sprintf("/v1/appointments/%d/diagnose_overview/send", ap), s.Token, nil, nil, "Idempotency-Key", "after-close")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{"this appointment's communication is closed"}, errorsOf(t, body))
}

// An uploaded file cannot run script on the API's origin.
func TestAPIAttachmentIsSandboxed(t *testing.T) {
	s := newStack(t)
	key := s.keyOf(s.Demo.Appointments[0].AppointmentID, keys.Customer)
	code, body := s.uploadForm(s.API.URL, map[string]string{"key": key}, "page.html", "text/html", []byte("<script>alert(1)</script>"))
	require.Equal(t, http.StatusOK, code, string(body))
	var up struct {
		URL string `json:"url"`
	}
	require.NoError(t, jsonUnmarshal(body, &up))
	res, err := http.Get(up.URL)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Contains(t, res.Header.Get("Content-Security-Policy"), "sandbox")
	require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
}

// Wrong keys from one client: 401 ten times, then 429 for every key request,
// even a good key and even when the client claims another IP.
func TestAPIWrongKeysAreRateLimited(t *testing.T) {
	s := newStack(t)
	srv := s.apiWith(slog.New(slog.NewTextHandler(io.Discard, nil)))
	key := s.keyOf(s.Demo.Appointments[0].AppointmentID, keys.Customer)
	code, body := s.callAt(srv.URL, "POST", "/v1/communication/read", "", map[string]string{"key": key}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	for i := range 10 {
		k := wrongKey
		if i%2 == 1 {
			k = "short" // malformed keys count as well
		}
		code, body := s.callAt(srv.URL, "POST", "/v1/communication/read", "", map[string]string{"key": k}, nil,
			"X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i+1))
		failed(t, code, body, http.StatusUnauthorized)
	}
	code, body = s.callAt(srv.URL, "POST", "/v1/communication/read", "", map[string]string{"key": wrongKey}, nil)
	failed(t, code, body, http.StatusTooManyRequests)
	code, body = s.callAt(srv.URL, "POST", "/v1/communication/read", "", map[string]string{"key": "short"}, nil,
		"X-Forwarded-For", "198.51.100.7", "X-Real-IP", "198.51.100.7")
	failed(t, code, body, http.StatusTooManyRequests)
	code, body = s.callAt(srv.URL, "POST", "/v1/online_checkin/is_acses_available", "", map[string]string{"key": wrongKey}, nil)
	failed(t, code, body, http.StatusTooManyRequests)
	code, body = s.uploadForm(srv.URL, map[string]string{"key": wrongKey}, "a.txt", "text/plain", []byte("x"))
	failed(t, code, body, http.StatusTooManyRequests)
	// Only failures count: a customer with a valid key behind the same
	// address (a shared NAT, an untrusted proxy) still gets in.
	code, body = s.callAt(srv.URL, "POST", "/v1/communication/read", "", map[string]string{"key": key}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = s.callAt(srv.URL, "POST", "/v1/online_checkin/is_acses_available", "", map[string]string{"key": key}, nil)
	require.Equal(t, http.StatusOK, code, string(body))

	// The limit is per API process and per client: the stack's own API still serves.
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, nil)
	require.Equal(t, http.StatusOK, code, string(body))

	// Behind a trusted proxy (PITSTOP_TRUSTED_PROXIES, here the test's own
	// address) the limit is per forwarded client: one client's wrong keys do
	// not lock out the others behind the same load balancer.
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	proxied := s.apiWith(quiet)
	proxied.Config.Handler = api.New(api.Deps{DB: s.DB, Temporal: s.Temporal, TaskQueue: s.Queue, Tokens: s.tokens,
		KeySecret: []byte(keySecret), Log: quiet, TrustedProxies: []string{"127.0.0.1", "::1"}})
	for range 10 {
		code, body := s.callAt(proxied.URL, "POST", "/v1/communication/read", "", map[string]string{"key": wrongKey}, nil,
			"X-Forwarded-For", "203.0.113.50")
		failed(t, code, body, http.StatusUnauthorized)
	}
	code, body = s.callAt(proxied.URL, "POST", "/v1/communication/read", "", map[string]string{"key": wrongKey}, nil,
		"X-Forwarded-For", "203.0.113.50")
	failed(t, code, body, http.StatusTooManyRequests)
	code, body = s.callAt(proxied.URL, "POST", "/v1/communication/read", "", map[string]string{"key": key}, nil,
		"X-Forwarded-For", "203.0.113.51")
	require.Equal(t, http.StatusOK, code, string(body))
}

// No key ever reaches the API's log, whatever the outcome of the request.
func TestAPIKeysAreNeverLogged(t *testing.T) {
	s := newStack(t)
	s.start()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	var logs bytes.Buffer
	srv := s.apiWith(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	key, recKey := s.customerKey("jan.devries@example.com"), s.keyOf(ap, keys.Receptionist)
	otherKey := s.keyOf(s.Demo.Appointments[1].AppointmentID, keys.Customer)

	call := func(path string, body any) {
		code, b := s.callAt(srv.URL, "POST", path, "", body, nil)
		require.Less(t, code, 500, string(b))
	}
	for _, k := range []string{key, recKey, otherKey} {
		call("/v1/communication/read", map[string]string{"key": k})
		call("/v1/online_checkin/is_acses_available", map[string]string{"communication_key": k})
		call("/v1/repair_overview/download", map[string]string{"communication_key": k})
		call("/v1/online_checkin/answer", map[string]any{"key": k, "customer_name": "", "correct_email": "bad"})
		call("/v2/diagnose_overview/answer", map[string]any{"key": k, "customer_name": "Jan"})
		call("/v1/communication/read", `{"key":"`+k+`",`)
		call("/v1/communication/read", map[string]string{"key": k[:42]})
		code, b := s.uploadForm(srv.URL, map[string]string{"key": k}, "a.txt", "text/plain", []byte("x"))
		require.Equal(t, http.StatusOK, code, string(b))
	}
	code, b := s.callAt(srv.URL, "GET", fmt.Sprintf("/v1/appointments/%d", ap), s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Contains(t, string(b), recKey, "the receptionist gets the key in the body ...")
	code, b = s.callAt(srv.URL, "POST", "/v1/online_checkin/answer", "", map[string]any{"key": key, "customer_name": "Jan de Vries"}, nil)
	require.Equal(t, http.StatusOK, code, string(b))

	out := logs.String()
	require.Contains(t, out, `"msg":"http request"`, "the requests were logged")
	require.GreaterOrEqual(t, strings.Count(out, `"msg":"http request"`), 26)
	for _, k := range []string{key, recKey, otherKey, key[:42], key[:20], recKey[:20]} {
		require.NotContains(t, out, k, "... but no key reaches the log")
	}
}
