package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/converter"
	sdkworker "go.temporal.io/sdk/worker"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/pitstop-dev/pitstop/app/devstack"
	"github.com/pitstop-dev/pitstop/contracts/conversation"
	"github.com/pitstop-dev/pitstop/contracts/optout"
	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
	rdfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
	"github.com/pitstop-dev/pitstop/internal/config"
	"github.com/pitstop-dev/pitstop/internal/custerase"
	"github.com/pitstop-dev/pitstop/internal/custfind"
	"github.com/pitstop-dev/pitstop/internal/custkeys"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/payloadcodec"
	"github.com/pitstop-dev/pitstop/internal/routes"
	"github.com/pitstop-dev/pitstop/workflows"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// Crypto-shredding (issue #26): Jan's appointment runs its lifecycle with
// his data key; after his erasure every payload of its history, read through
// the codec endpoint with a valid token, holds none of his personal data,
// while Sophie's history still decodes; Jan's history still replays. Its
// RegNumber search attribute, which no codec reaches, holds the keyed hash
// of his plate, by which ops still find it. After the erasure the dev
// outbox (the fakes' store of sent SMS and e-mail) holds none of his
// messages, and the process logs never held his name, number, address or
// plate.
func TestErasureShredsTheCustomersHistories(t *testing.T) {
	logs := &syncBuffer{}
	s := newStackWith(t, stackOptions{CustomerKeys: true, Logs: logs})
	s.start()
	ctx := context.Background()
	jan, sophie := s.Demo.Appointments[0].AppointmentID, s.Demo.Appointments[1].AppointmentID
	s.waitState(jan, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	key := s.customerKey("jan.devries@example.com")
	answer := map[string]any{"key": key, "customer_name": "Jan de Vries", "correct_phone": "+31611111111",
		"correct_email": "jan.devries@example.com", "results": []map[string]any{}, "agreement_ids": []int{},
		"preferred_communication_channel": 2, "drop_in_acses_locker": false}
	code, body := s.call("POST", "/v1/online_checkin/answer", "", answer, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitState(jan, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageInWorkshop })
	// A remote diagnosis of his car, with the mechanic's CSAT comment.
	ticketID := s.orderTicket(ticketBody(rdfake.ConnectorOnlineID))
	require.Equal(t, "closed", s.waitTicket(ticketID, ended).Status)
	code, body = s.call("POST", "/v1/remote_diagnose/tickets/"+ticketID+"/dismiss", s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = s.call("POST", "/v1/remote_diagnose/tickets/"+ticketID+"/csat", s.Token,
		map[string]any{"score": 0.5, "comment": "Jan de Vries waited in the car"}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	ticketWF := s.ticketWF(ticketID)
	require.NoError(t, s.Temporal.GetWorkflow(ctx, ticketWF, "").Get(ctx, nil))
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/complete", jan), s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitClosed(jan)
	s.waitState(sophie, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageScheduled })
	// From his number: a reply, and an opt-out keyword (Twilio answered it).
	inbound := s.API.URL + routes.TwilioInboundPath
	reply := url.Values{"MessageSid": {"SMjanreply1"}, "From": {janPhone}, "To": {s.Twilio.PhoneNumber()},
		"Body": {"Greetings from Jan, the umbrella is mine"}}
	stop := url.Values{"MessageSid": {"SMjanstop1"}, "From": {janPhone}, "To": {s.Twilio.PhoneNumber()}, "Body": {"STOP"},
		"OptOutType": {"STOP"}}
	for _, form := range []url.Values{reply, stop, reply} { // a provider retry joins the first
		code, body := s.signedTwilio(inbound, form)
		require.Equal(t, http.StatusOK, code, string(body))
	}
	janSubject := keys.ContactSubject([]byte(keySecret), janPhone)
	replyWF := conversation.InboundWorkflowID(janSubject, "twilio:SMjanreply1")
	stopWF := optout.WorkflowID(janSubject, "SMjanstop1")
	require.NoError(t, s.Temporal.GetWorkflow(ctx, replyWF, "").Get(ctx, nil))
	require.NoError(t, s.Temporal.GetWorkflow(ctx, stopWF, "").Get(ctx, nil))
	// And by e-mail, through Mailgun's inbound route, to the Reply-To of
	// the e-mails he was sent (his address as his mail program writes it).
	replyTo := "reply+none@" + s.Mailgun.Domain()
	for _, m := range s.emailsTo("jan.devries@example.com") {
		if r := m.Headers["Reply-To"]; r != "" {
			replyTo = r
		}
	}
	const janMailID = "<janmail1@mail.customer.test>"
	_, err := s.Mailgun.SendInbound(ctx, s.API.URL+routes.MailgunInboundPath, mailgunfake.Inbound{Sender: "Jan.deVries@example.com",
		Recipient: replyTo, Subject: "Re: your appointment", Text: "Jan by e-mail: the umbrella is still mine", MessageID: janMailID})
	require.NoError(t, err)
	mailWF := conversation.InboundWorkflowID(keys.ContactSubject([]byte(keySecret), "jan.devries@example.com"),
		conversation.MailProviderID(janMailID))
	require.NoError(t, s.Temporal.GetWorkflow(ctx, mailWF, "").Get(ctx, nil))

	codec := httptest.NewServer(mustCodecHandler(t, s.Codec))
	t.Cleanup(codec.Close)
	janWF, sophieWF := appointment.AppointmentWorkflowID(jan), appointment.AppointmentWorkflowID(sophie)
	janData := []string{"de Vries", "jan.devries@example.com", "+31612345678", "+31611111111", "AB-123-C"}

	// Before: his payloads are sealed with his own key and read in full.
	hist := s.fullHistory(janWF)
	payloads := payloadsOf(hist)
	sealed := 0
	for _, p := range payloads {
		if strings.HasPrefix(string(p.Metadata[payloadcodec.MetadataKeyID]), payloadcodec.CustomerKeyPrefix) {
			sealed++
		}
	}
	require.Greater(t, sealed, 5, "Jan's workflow payloads are sealed with his data key")
	before := decodeThroughEndpoint(t, codec.URL, payloads)
	require.Contains(t, before, "AB-123-C", "the test reads what the history holds before the erasure")
	require.Contains(t, before, "+31611111111")
	// The histories of his messages and of the ticket are sealed with his
	// keys (his number's, his appointment's customers') and read in full.
	others := map[string][]string{
		replyWF:  {janPhone, "Greetings from Jan, the umbrella is mine"},
		stopWF:   {janPhone},
		mailWF:   {"jan.devries@example.com", "Jan by e-mail: the umbrella is still mine"},
		ticketWF: {"AB-123-C", "Jan de Vries waited in the car"},
	}
	for wf, personal := range others {
		ps := payloadsOf(s.fullHistory(wf))
		for _, p := range ps {
			id := string(p.Metadata[payloadcodec.MetadataKeyID])
			require.True(t, id == "" || strings.HasPrefix(id, payloadcodec.CustomerKeyPrefix), "%s: a payload sealed with master key %q", wf, id)
		}
		got := decodeThroughEndpoint(t, codec.URL, ps)
		for _, d := range personal {
			require.Contains(t, got, d, "%s holds %q before the erasure", wf, d)
		}
	}
	// The ticket's summary (shown by the Temporal UI) names no plate.
	tdesc, err := s.Temporal.DescribeWorkflowExecution(ctx, ticketWF, "")
	require.NoError(t, err)
	summary := decodeThroughEndpoint(t, codec.URL, []*commonpb.Payload{tdesc.GetExecutionConfig().GetUserMetadata().GetSummary()})
	require.Contains(t, summary, "Remote diagnosis")
	require.NotContains(t, summary, "AB-123-C")

	// Visibility holds the hash of his plate, never the plate; the query
	// `pitstop admin regnumber-hash` prints finds his workflow.
	regHash := keys.RegNumberHash([]byte(keySecret), "AB-123-C")
	desc, err := s.Temporal.DescribeWorkflowExecution(ctx, janWF, "")
	require.NoError(t, err)
	var reg string
	require.NoError(t, converter.GetDefaultDataConverter().FromPayload(desc.GetWorkflowExecutionInfo().GetSearchAttributes().GetIndexedFields()["RegNumber"], &reg))
	require.Equal(t, regHash, reg)
	require.Eventually(t, func() bool {
		res, err := s.Temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: fmt.Sprintf("RegNumber = %q", regHash)})
		return err == nil && len(res.GetExecutions()) == 1 && res.GetExecutions()[0].GetExecution().GetWorkflowId() == janWF
	}, 20*time.Second, 100*time.Millisecond, "the hash finds his lifecycle")

	// The dev outbox shows his messages before the erasure (the test can fail).
	outbox := func() string {
		r := gin.New()
		(&devstack.Fakes{Twilio: s.Twilio, Mailgun: s.Mailgun, ACSES: s.ACSES}).Mount(r, s.DB.Client)
		w := httptest.NewRecorder()
		r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/dev/outbox", nil))
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		return w.Body.String()
	}
	require.Contains(t, outbox(), "jan.devries@example.com", "the outbox shows his messages before the erasure")

	dealer, err := s.DB.DealerLocation.Get(ctx, s.Demo.LocationID)
	require.NoError(t, err)
	rec, err := custerase.Erase(ctx, s.DB.Client, custerase.Request{DealerID: dealer.DealerID, Via: custerase.ViaCLI, KeySecret: []byte(keySecret),
		Selector: custfind.Selector{Email: "jan.devries@example.com"}})
	require.NoError(t, err)
	require.Equal(t, 3, rec.Touched[custerase.KindDataKeys], "his data key, his number's and his e-mail address's are erased with the rows")

	after := decodeThroughEndpoint(t, codec.URL, payloadsOf(s.fullHistory(janWF)))
	for _, personal := range janData {
		require.NotContains(t, after, personal, "Jan's %q is readable after his erasure", personal)
	}
	require.Contains(t, after, payloadcodec.ErasedText, "his payloads decode to their redacted copies")
	require.Contains(t, after, string(appointment.StageCompleted), "the structure stays readable")
	require.Greater(t, rec.Touched[custerase.KindDataKeys], 0)
	// His reply's, his keyword's and his car's ticket's histories too.
	for wf := range others {
		got := decodeThroughEndpoint(t, codec.URL, payloadsOf(s.fullHistory(wf)))
		for _, personal := range append(janData, "Greetings from Jan", "umbrella", "Jan de Vries waited") {
			require.NotContains(t, got, personal, "%s: Jan's %q is readable after his erasure", wf, personal)
		}
		require.Contains(t, got, payloadcodec.ErasedText, wf)
	}

	// The dev outbox, and the fakes' stores behind it, forget his messages
	// (he is the only demo customer messaged by now).
	page := outbox()
	stores := fmt.Sprintf("%+v\n%+v", s.Twilio.Messages(), s.Mailgun.Messages())
	for _, personal := range janData {
		require.NotContains(t, page, personal, "the dev outbox shows Jan's %q after his erasure", personal)
		require.NotContains(t, stores, personal, "the fake providers hold Jan's %q after his erasure", personal)
	}

	// Sophie's history still decodes in full.
	require.Contains(t, decodeThroughEndpoint(t, codec.URL, payloadsOf(s.fullHistory(sophieWF))), "XY-987-Z")

	// Replay with the customer-aware converter.
	keyring, err := payloadcodec.ParseKeyring(config.DevPayloadKeys)
	require.NoError(t, err)
	replay := func(h *historypb.History) error {
		r, err := sdkworker.NewWorkflowReplayerWithOptions(sdkworker.WorkflowReplayerOptions{
			DataConverter: payloadcodec.NewCustomerDataConverter(keyring, custkeys.New(s.DB.Client, keyring))})
		require.NoError(t, err)
		workflows.Register(r)
		return r.ReplayWorkflowHistory(nil, h)
	}
	// Replay after the erasure: his payloads decode to their redacted
	// copies, which keep what the workflow branches on and what the SDK's
	// markers name (change IDs, local activities), so the history replays.
	require.NoError(t, replay(hist), "his history, fetched before the erasure, replays after it")
	require.NoError(t, replay(s.fullHistory(janWF)), "his history replays after the erasure")
	for wf := range others {
		require.NoError(t, replay(s.fullHistory(wf)), "%s replays after the erasure", wf)
	}

	// The logs of the whole run (API, activities, the Temporal SDK) never
	// held his data.
	all := logs.String()
	require.NotEmpty(t, all, "the logs are captured")
	for _, personal := range append(janData, "Jan de Vries", "AB123C") {
		require.NotContains(t, all, personal, "the process logs hold Jan's %q", personal)
	}
}

// syncBuffer is a bytes.Buffer many goroutines write (the process logs).
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func mustCodecHandler(t *testing.T, c *payloadcodec.Codec) http.Handler {
	t.Helper()
	h, err := payloadcodec.NewHTTPHandler(c, payloadcodec.HandlerOptions{Token: codecToken, AllowedOrigin: "http://127.0.0.1:8233"})
	require.NoError(t, err)
	return h
}

const codecToken = "e2e-codec-token-0123456789"

// fullHistory is a workflow's whole history as the server keeps it.
func (s *stack) fullHistory(workflowID string) *historypb.History {
	s.t.Helper()
	it := s.Temporal.GetWorkflowHistory(context.Background(), workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	h := &historypb.History{}
	for it.HasNext() {
		e, err := it.Next()
		require.NoError(s.t, err)
		h.Events = append(h.Events, e)
	}
	return h
}

// payloadsOf collects every payload of a history that goes through the
// data converter: all but search attributes, which Temporal indexes as
// they are and no codec sees (RegNumber holds a keyed hash of the plate,
// checked on its own).
func payloadsOf(h *historypb.History) []*commonpb.Payload {
	var out []*commonpb.Payload
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		if p, ok := m.Interface().(*commonpb.Payload); ok {
			out = append(out, p)
			return
		}
		if _, ok := m.Interface().(*commonpb.SearchAttributes); ok {
			return
		}
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.IsList() && fd.Message() != nil:
				for i := 0; i < v.List().Len(); i++ {
					walk(v.List().Get(i).Message())
				}
			case fd.IsMap() && fd.MapValue().Message() != nil:
				v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
					walk(mv.Message())
					return true
				})
			case fd.Message() != nil && !fd.IsList() && !fd.IsMap():
				walk(v.Message())
			}
			return true
		})
	}
	walk(h.ProtoReflect())
	return out
}

// decodeThroughEndpoint posts payloads to the codec endpoint's /decode as
// the Temporal UI does and returns every decoded payload's data and metadata.
func decodeThroughEndpoint(t *testing.T, base string, payloads []*commonpb.Payload) string {
	t.Helper()
	body, err := protojson.Marshal(&commonpb.Payloads{Payloads: payloads})
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, base+"/decode", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+codecToken)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	var got commonpb.Payloads
	var buf bytes.Buffer
	_, err = buf.ReadFrom(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode, buf.String())
	require.NoError(t, protojson.Unmarshal(buf.Bytes(), &got))
	require.Len(t, got.Payloads, len(payloads))
	var sb strings.Builder
	for _, p := range got.Payloads {
		for k, v := range p.Metadata {
			sb.WriteString(k + "=" + string(v) + " ")
		}
		sb.Write(p.Data)
		sb.WriteString("\n")
	}
	return sb.String()
}
