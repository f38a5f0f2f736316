package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/internal/tracing/tracingtest"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

func spansOf(rec *tracetest.SpanRecorder, id trace.TraceID) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range rec.Ended() {
		if s.SpanContext().TraceID() == id {
			out = append(out, s)
		}
	}
	return out
}

// One customer's check-in answer is one trace: the API's span for the
// request, the Temporal update it sends, the workflow handling it, the
// activities it runs and the SMS they send through Twilio (the fake, over
// HTTP), each a descendant of the one before. No span holds the customer's
// name, phone number, e-mail address or communication key.
func TestCheckInAnswerIsOneTrace(t *testing.T) {
	rec := tracingtest.Recorder()
	s := newStackWith(t, stackOptions{Tracing: true})
	s.start()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	key := s.customerKey(janEmail)

	var view commread.CommunicationView
	code, body := s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	answer := map[string]any{
		"key": key, "customer_name": "Jan de Vries", "correct_phone": "+31611111111",
		"results":       []map[string]any{{"id": view.CheckInResults[0].ID, "accepted": true}, {"id": view.CheckInResults[1].ID, "accepted": false}},
		"agreement_ids": []int{view.Agreements[0].ID}, "preferred_communication_channel": 2, "drop_in_acses_locker": false,
	}
	code, body = s.call("POST", "/v1/online_checkin/answer", "", answer, nil)
	require.Equal(t, http.StatusOK, code, string(body))

	var root sdktrace.ReadOnlySpan
	for _, sp := range rec.Ended() {
		if sp.Name() == "POST /v1/online_checkin/answer" {
			root = sp
		}
	}
	require.NotNil(t, root, "the API opened a span for the answer")
	// Spans are recorded as they end, a parent after its children: wait
	// until the SMS's chain reaches the request (or time runs out).
	var spans []sdktrace.ReadOnlySpan
	var sms sdktrace.ReadOnlySpan
	var chain []string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		spans = spansOf(rec, root.SpanContext().TraceID())
		byID := map[trace.SpanID]sdktrace.ReadOnlySpan{}
		sms = nil
		for _, sp := range spans {
			byID[sp.SpanContext().SpanID()] = sp
			if sp.Name() == "POST api.twilio.com" {
				sms = sp
			}
		}
		chain = nil
		for sp := sms; sp != nil; sp = byID[sp.Parent().SpanID()] {
			chain = append(chain, sp.Name())
		}
		if len(chain) > 0 && chain[len(chain)-1] == root.Name() {
			break
		}
	}
	require.NotNil(t, sms, "the SMS to Twilio is in the answer's trace")
	require.Equal(t, []string{"POST api.twilio.com", "RunActivity:DeliverNotifications", "StartActivity:DeliverNotifications",
		"HandleUpdate:answer-online-check-in", "UpdateWorkflow:answer-online-check-in", "POST /v1/online_checkin/answer"}, chain)
	require.True(t, hasSpan(spans, "POST "+strings.TrimPrefix(s.Mailgun.URL(), "http://")), "the e-mail to Mailgun too")
	require.True(t, hasSpan(spans, "RunActivity:RecordCheckInAnswer"), "the activity storing the answer")

	// No personal data, secret or raw path in any span of the trace.
	demo, err := s.DB.Appointment.Get(t.Context(), ap)
	require.NoError(t, err)
	for _, sp := range spans {
		text := sp.Name()
		for _, a := range sp.Attributes() {
			text += " " + string(a.Key) + "=" + a.Value.String()
		}
		for _, secret := range []string{"Jan", "Vries", janEmail, janPhone, "31611111111", key, demo.RegNumber} {
			require.NotContains(t, text, secret, "span %q", sp.Name())
		}
	}
}

func hasSpan(spans []sdktrace.ReadOnlySpan, name string) bool {
	for _, sp := range spans {
		if strings.HasPrefix(sp.Name(), name) {
			return true
		}
	}
	return false
}
