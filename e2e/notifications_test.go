package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/workflows"

	"github.com/pitstop-dev/pitstop/internal/routes"
	deskwf "github.com/pitstop-dev/pitstop/workflows/desk"
	"github.com/pitstop-dev/pitstop/workflows/options"
	optoutwf "github.com/pitstop-dev/pitstop/workflows/optout"

	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/converter"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/api"
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/contracts/optout"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/customerconsentchange"
	"github.com/pitstop-dev/pitstop/ent/webhookhistory"
	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
	dealerhookfake "github.com/pitstop-dev/pitstop/integrations/dealerhook/fake"
	mailgun "github.com/pitstop-dev/pitstop/integrations/mailgun"
	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
	twilio "github.com/pitstop-dev/pitstop/integrations/twilio"
	twiliofake "github.com/pitstop-dev/pitstop/integrations/twilio/fake"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/worker"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// Deliveries retry in these tests after 200 ms (not 5 s) and a lost attempt
// is retried after 3 s (not a minute): the same code paths, in test time.
func init() {
	options.DeliveryStartToClose = 3 * time.Second
	options.DeliveryInitialInterval = 200 * time.Millisecond
	options.DeliveryMaximumInterval = time.Second
}

// The seeded first customer, whose online check-in goes out by email and SMS
// as soon as the lifecycle starts.
const (
	janEmail = "jan.devries@example.com"
	janPhone = "+31612345678"
)

// Exactly once across a worker crash: the providers accept the check-in's
// email and SMS, the worker dies before it hears back (its connection to
// Temporal is gone, so the attempt's result is lost), a new worker takes the
// retried activities after their StartToClose timeout, finds the earlier
// sends at the providers and records them instead of sending again. A reset
// of the workflow to before the send re-runs it, and still nothing is resent.
func TestNotificationsExactlyOnceAcrossWorkerCrash(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID

	// Workflows run on a worker that stays up; activities on one that will die.
	s.Worker.Stop()
	ww := sdkworker.New(s.Temporal, s.Queue, sdkworker.Options{LocalActivityWorkerOnly: true}) // polls no activities
	workflows.Register(ww)
	require.NoError(t, ww.Start())
	t.Cleanup(ww.Stop)

	smsProxy, mailProxy := newHoldProxy(t, s.Twilio.URL()), newHoldProxy(t, s.Mailgun.URL())
	doomedNotify := *s.Acts.Notify
	doomedNotify.Notify = &notify.Notifier{SMS: s.twilioClient(smsProxy.URL), Email: s.mailgunClient(mailProxy.URL),
		Webhook: s.Acts.Notify.Notify.Webhook, StatusCallbackURL: s.Acts.Notify.Notify.StatusCallbackURL}
	dc, err := dialTemporal(devServer, s.Queue)
	doomed := worker.Activities{Appointment: s.Acts.Appointment, Notify: &doomedNotify, Locker: s.Acts.Locker}
	require.NoError(t, err)
	dw := sdkworker.New(dc, s.Queue, sdkworker.Options{DisableWorkflowWorker: true})
	worker.RegisterActivities(dw, doomed)
	require.NoError(t, dw.Start())

	smsProxy.hold.Store(true)
	mailProxy.hold.Store(true)
	s.start()
	require.Eventually(t, func() bool {
		return smsProxy.held.Load() == 1 && mailProxy.held.Load() == 1
	}, 20*time.Second, 20*time.Millisecond, "both providers accepted a message whose reply is withheld")
	require.Len(t, s.smsTo(janPhone), 1)
	require.Len(t, s.emailsTo(janEmail), 1)

	// The crash: the process's connection goes, then the process.
	dc.Close()
	dw.Stop()
	nw, err := worker.New(s.Temporal, s.Queue, s.Acts)
	require.NoError(t, err)
	require.NoError(t, nw.Start())
	t.Cleanup(nw.Stop)

	rs := s.waitReceivers(ap, 2, func(r *ent.CommunicationReceiver) bool {
		return r.DeliveryState == "accepted" && r.Status == enums.CommunicationReceiverStatusReceived
	})
	sms, email := byChannel(t, rs)
	require.Equal(t, s.smsTo(janPhone)[0].SID, sms.TwilioMessageSid)
	require.Equal(t, s.emailsTo(janEmail)[0].ID, email.MailgunMessageID)
	for _, r := range rs {
		require.Equal(t, 1, r.Attempts, "one provider call per receiver: the retry reconciled, it did not resend")
	}
	wfID := appointment.AppointmentWorkflowID(ap)
	require.Eventually(t, func() bool {
		at := s.activityAttempts(wfID, "", "DeliverNotifications")
		return len(at) == 1 && at[0] >= 2
	}, 20*time.Second, 50*time.Millisecond, "the send's delivery (both receivers, one activity) completed on a retry after the lost attempt")

	// Re-run the send: reset the workflow to the task that scheduled SendCommunication.
	resetTo := s.taskBefore(wfID, "SendCommunication")
	res, err := s.Temporal.ResetWorkflowExecution(ctx, &workflowservice.ResetWorkflowExecutionRequest{
		Namespace: s.Queue, WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: wfID},
		Reason: "e2e: run the check-in send again", WorkflowTaskFinishEventId: resetTo,
		RequestId: fmt.Sprintf("reset-%d", time.Now().UnixNano()),
	})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		return len(s.activityAttempts(wfID, res.GetRunId(), "DeliverNotifications")) == 1
	}, 20*time.Second, 50*time.Millisecond, "the reset run delivered both receivers again")
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	require.Len(t, s.smsTo(janPhone), 1, "the reset run found the receivers already accepted")
	require.Len(t, s.emailsTo(janEmail), 1)
	require.Len(t, s.receivers(ap), 2, "and planned no new ones")
}

// A provider answering 5xx is retried with backoff; the message arrives once.
func TestProvider5xxIsRetried(t *testing.T) {
	s := newStack(t)
	ap := s.Demo.Appointments[0].AppointmentID
	s.Twilio.FailNext(2, http.StatusInternalServerError)
	s.Mailgun.FailNext(2, http.StatusInternalServerError)
	s.start()
	rs := s.waitReceivers(ap, 2, func(r *ent.CommunicationReceiver) bool { return r.DeliveryState == "accepted" })
	for _, r := range rs {
		require.Equal(t, 3, r.Attempts, "two failed provider calls, then the one that got through")
	}
	require.Len(t, s.smsTo(janPhone), 1)
	require.Len(t, s.emailsTo(janEmail), 1)
	// Both receivers by one activity: both failed twice at once.
	s.waitAttempts(appointment.AppointmentWorkflowID(ap), []int32{3})
}

// A 4xx (invalid number, invalid address) is final: a failed receiver with
// the provider's reason, recorded on the first attempt and never retried.
// The process logs name the refusal by its code, never by the provider's
// text, which quotes the number and the address.
func TestInvalidDestinationsFailWithoutRetry(t *testing.T) {
	logs := &syncBuffer{}
	s := newStackWith(t, stackOptions{Logs: logs})
	ctx := context.Background()
	ap := s.Demo.Appointments[0]
	a, err := s.DB.Appointment.Get(ctx, ap.AppointmentID)
	require.NoError(t, err)
	require.NoError(t, s.DB.Customer.UpdateOneID(a.CustomerDriverID).SetTelMobilePrivate("12345").SetEmailPrivate("not-an-email").Exec(ctx))
	s.start()
	rs := s.waitReceivers(ap.AppointmentID, 2, func(r *ent.CommunicationReceiver) bool { return r.DeliveryState == "failed" })
	sms, email := byChannel(t, rs)
	require.Contains(t, sms.Reason, "21211")
	require.Contains(t, sms.Reason, "not a valid phone number")
	require.Contains(t, email.Reason, "not a valid address")
	for _, r := range rs {
		require.Equal(t, enums.CommunicationReceiverStatusFailed, r.Status)
		require.Equal(t, 1, r.Attempts)
	}
	// The activity (both receivers) completed on its first attempt,
	// recording the failures.
	s.waitAttempts(appointment.AppointmentWorkflowID(ap.AppointmentID), []int32{1})
	require.Empty(t, s.Mailgun.Messages())
	require.Empty(t, s.smsTo("12345"))
	all := logs.String()
	require.Contains(t, all, "delivery failed permanently", "the failures are logged")
	require.Contains(t, all, "provider_code=21211", "by Twilio's code")
	require.NotContains(t, all, "number 12345", "the log quotes the provider's text with the number")
	require.NotContains(t, all, "not-an-email", "the log holds the address")
}

// A provider that is down delays messages and loses none.
func TestProviderDownDelaysAndLosesNothing(t *testing.T) {
	s := newStack(t)
	ap := s.Demo.Appointments[0].AppointmentID
	s.Twilio.SetDown(true)
	s.Mailgun.SetDown(true)
	s.start()
	wfID := appointment.AppointmentWorkflowID(ap)
	require.Eventually(t, func() bool {
		d, err := s.Temporal.DescribeWorkflowExecution(context.Background(), wfID, "")
		if err != nil {
			return false
		}
		n := 0
		for _, p := range d.GetPendingActivities() {
			if p.GetActivityType().GetName() == "DeliverNotifications" && p.GetAttempt() >= 3 {
				n++
			}
		}
		return n == 1
	}, 20*time.Second, 50*time.Millisecond, "the send's delivery (both receivers) keeps retrying while the providers are down")
	for _, r := range s.receivers(ap) {
		require.Equal(t, "sending", r.DeliveryState)
	}
	require.Empty(t, s.Mailgun.Messages())
	require.Empty(t, s.Twilio.Messages())

	s.Twilio.SetDown(false)
	s.Mailgun.SetDown(false)
	s.waitReceivers(ap, 2, func(r *ent.CommunicationReceiver) bool { return r.DeliveryState == "accepted" })
	require.Len(t, s.smsTo(janPhone), 1)
	require.Len(t, s.emailsTo(janEmail), 1)
}

// Delivery callbacks move receivers; forged, stale and replayed ones are
// refused and change nothing; a final status stays final.
func TestDeliveryCallbacks(t *testing.T) {
	s := newStack(t)
	ap := s.Demo.Appointments[0].AppointmentID
	s.Twilio.SetCallbacks(false) // driven by hand first
	s.Mailgun.SetWebhookURL("")
	s.start()
	rs := s.waitReceivers(ap, 2, func(r *ent.CommunicationReceiver) bool { return r.DeliveryState == "accepted" })
	sms, email := byChannel(t, rs)

	// Twilio: the URL Twilio calls (and signs) is the one we gave it.
	statusURL := s.statusCallback(sms)
	twilioForm := func(status string) url.Values {
		return url.Values{"MessageSid": {sms.TwilioMessageSid}, "MessageStatus": {status}, "AccountSid": {s.Twilio.AccountSID()}}
	}
	for name, sig := range map[string]string{
		"no signature":       "",
		"garbage":            "Zm9yZ2Vk",
		"another token":      twiliofake.Sign("someoneelsestoken", statusURL, twilioForm("delivered")),
		"another URL signed": twiliofake.Sign(s.Twilio.AuthToken(), s.API.URL+routes.TwilioStatusPath, twilioForm("delivered")),
	} {
		code, body := s.postForm(statusURL, twilioForm("delivered"), sig)
		require.Equal(t, http.StatusForbidden, code, name)
		require.Equal(t, []string{"invalid Twilio signature"}, errorsOf(t, body), name)
	}
	// A signature over other parameters does not cover these.
	code, _ := s.postForm(statusURL, twilioForm("undelivered"), twiliofake.Sign(s.Twilio.AuthToken(), statusURL, twilioForm("delivered")))
	require.Equal(t, http.StatusForbidden, code)
	require.Equal(t, enums.CommunicationReceiverStatusSent, s.receiver(sms.ID).Status, "refused callbacks change nothing")

	code, _ = s.signedTwilio(statusURL, twilioForm("sent"))
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, enums.CommunicationReceiverStatusSent, s.receiver(sms.ID).Status)
	code, _ = s.signedTwilio(statusURL, twilioForm("delivered"))
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, enums.CommunicationReceiverStatusReceived, s.receiver(sms.ID).Status)
	code, _ = s.signedTwilio(statusURL, twilioForm("delivered")) // Twilio may repeat itself
	require.Equal(t, http.StatusOK, code)
	code, _ = s.signedTwilio(statusURL, twilioForm("undelivered"))
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, enums.CommunicationReceiverStatusReceived, s.receiver(sms.ID).Status, "a final status stays")
	unknown := url.Values{"MessageSid": {"SM00000000000000000000000000000000"}, "MessageStatus": {"delivered"}}
	code, _ = s.signedTwilio(s.API.URL+routes.TwilioStatusPath, unknown)
	require.Equal(t, http.StatusOK, code, "an unknown SID is acknowledged, so Twilio stops")

	// Mailgun: forged, stale and replayed webhooks get 406 and change nothing.
	key := s.Mailgun.WebhookSigningKey()
	now := time.Now()
	delivered := mailgunEvent("delivered", email.MailgunMessageID, nil)
	for name, body := range map[string][]byte{
		"forged":          mailgunBody("not-the-key", now, "tok-forged-0001", delivered),
		"stale":           mailgunBody(key, now.Add(-10*time.Minute), "tok-stale-0001", delivered),
		"from the future": mailgunBody(key, now.Add(10*time.Minute), "tok-future-001", delivered),
	} {
		code, body := s.postJSON(routes.MailgunEventsPath, body)
		require.Equal(t, http.StatusNotAcceptable, code, name)
		require.Len(t, errorsOf(t, body), 1, name)
	}
	require.Equal(t, enums.CommunicationReceiverStatusSent, s.receiver(email.ID).Status)
	temporary := mailgunEvent("failed", email.MailgunMessageID, map[string]any{"severity": "temporary", "reason": "generic"})
	code, _ = s.postJSON(routes.MailgunEventsPath, mailgunBody(key, now, "tok-temporary-01", temporary))
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, enums.CommunicationReceiverStatusSent, s.receiver(email.ID).Status, "Mailgun keeps trying after a temporary failure")
	genuine := mailgunBody(key, now, "tok-delivered-01", delivered)
	code, _ = s.postJSON(routes.MailgunEventsPath, genuine)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, enums.CommunicationReceiverStatusReceived, s.receiver(email.ID).Status)
	code, body := s.postJSON(routes.MailgunEventsPath, genuine)
	require.Equal(t, http.StatusNotAcceptable, code, "a replayed token is refused")
	require.Equal(t, []string{"invalid Mailgun signature: webhook token already used"}, errorsOf(t, body))
	bounced := mailgunEvent("failed", email.MailgunMessageID, map[string]any{"severity": "permanent", "reason": "bounce"})
	code, _ = s.postJSON(routes.MailgunEventsPath, mailgunBody(key, now, "tok-bounced-001", bounced))
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, enums.CommunicationReceiverStatusReceived, s.receiver(email.ID).Status, "a final status stays")

	// The providers' own callbacks, failing this time: the diagnose overview.
	s.Twilio.SetCallbacks(true)
	s.Twilio.DeliverAs("undelivered")
	s.Mailgun.SetWebhookURL(s.API.URL + routes.MailgunEventsPath)
	s.Mailgun.DeliverAs("failed")
	s.sendDiagnose(ap)
	rs = s.waitEventReceivers(ap, enums.CommunicationEventTypeDiagnoseOverviewCreated, 2, func(r *ent.CommunicationReceiver) bool {
		return r.Status == enums.CommunicationReceiverStatusFailed
	})
	sms, email = byChannel(t, rs)
	require.Equal(t, "twilio: message undelivered (error 30003)", sms.Reason)
	require.Contains(t, email.Reason, "mailgun: bounce (550")
	for _, r := range rs {
		require.Equal(t, "accepted", r.DeliveryState, "the provider took it; delivery failed later")
	}
}

// An inbound STOP blocks the customer: the next communication is recorded as
// a failed receiver and nothing is sent. START opts back in.
func TestInboundStopBlocksCommunication(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	a, err := s.DB.Appointment.Get(ctx, ap)
	require.NoError(t, err)
	s.start()
	s.waitReceivers(ap, 2, func(r *ent.CommunicationReceiver) bool { return r.DeliveryState == "accepted" })
	blocked := func() bool {
		cu, err := s.DB.Customer.Get(ctx, a.CustomerDriverID)
		require.NoError(t, err)
		return cu.BlockCommunication
	}
	inbound := s.API.URL + routes.TwilioInboundPath
	stop := url.Values{"MessageSid": {"SM1"}, "From": {janPhone}, "To": {s.Twilio.PhoneNumber()}, "Body": {"STOP"}}
	code, body := s.postForm(inbound, stop, twiliofake.Sign("someoneelsestoken", inbound, stop))
	require.Equal(t, http.StatusForbidden, code)
	require.Equal(t, []string{"invalid Twilio signature"}, errorsOf(t, body))
	require.False(t, blocked(), "a forged STOP changes nothing")

	hello := url.Values{"MessageSid": {"SM2"}, "From": {janPhone}, "To": {s.Twilio.PhoneNumber()}, "Body": {"stop it, I'll call you"}}
	code, body = s.signedTwilio(inbound, hello)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, `<?xml version="1.0" encoding="UTF-8"?><Response/>`, string(body))
	require.False(t, blocked(), "only a keyword on its own opts out")

	require.NoError(t, s.Twilio.SendInbound(ctx, inbound, janPhone, "  Stop \n"))
	require.Eventually(t, blocked, 10*time.Second, 20*time.Millisecond, "STOP blocks (its workflow applies it)")

	before := len(s.Twilio.Messages())
	mails := len(s.Mailgun.Messages())
	s.sendDiagnose(ap)
	rs := s.waitEventReceivers(ap, enums.CommunicationEventTypeDiagnoseOverviewCreated, 1, func(r *ent.CommunicationReceiver) bool {
		return r.DeliveryState == "failed"
	})
	require.Equal(t, enums.CommunicationReceiverStatusFailed, rs[0].Status)
	require.Equal(t, "the customer blocked communication", rs[0].Reason)
	require.Equal(t, 0, rs[0].Attempts)
	require.Len(t, s.Twilio.Messages(), before, "nothing sent by SMS")
	require.Len(t, s.Mailgun.Messages(), mails, "nothing sent by email")

	require.NoError(t, s.Twilio.SendInbound(ctx, inbound, janPhone, "unstop"))
	require.Eventually(t, func() bool { return !blocked() }, 10*time.Second, 20*time.Millisecond, "START/UNSTOP opts back in")
}

// A keyword in the customer's own language (which Twilio does not know)
// opts out and back in; Pitstop confirms each once, in that language, even
// when Twilio retries the webhook; each change is recorded with its source.
func TestInboundKeywordInFourLanguages(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	a, err := s.DB.Appointment.Get(ctx, ap)
	require.NoError(t, err)
	s.start()
	s.waitReceivers(ap, 2, func(r *ent.CommunicationReceiver) bool { return r.DeliveryState == "accepted" })
	blocked := func() bool { return s.DB.Customer.GetX(ctx, a.CustomerDriverID).BlockCommunication }
	inbound := s.API.URL + routes.TwilioInboundPath
	confirmations := func() []string {
		var got []string
		for _, m := range s.Twilio.Messages() {
			if m.Direction != "inbound" && m.To == janPhone && !strings.Contains(m.Body, "http") {
				got = append(got, m.Body)
			}
		}
		return got
	}
	keyword := func(sid, word string) optoutwf.Result {
		form := url.Values{"MessageSid": {sid}, "From": {janPhone}, "To": {s.Twilio.PhoneNumber()}, "Body": {word}}
		for range 2 { // Twilio retries a webhook it thinks failed: the same message, twice
			code, body := s.signedTwilio(inbound, form)
			require.Equal(t, http.StatusOK, code, string(body))
		}
		var res optoutwf.Result
		require.NoError(t, s.Temporal.GetWorkflow(ctx, optout.WorkflowID(keys.ContactSubject([]byte(keySecret), janPhone), sid), "").Get(ctx, &res))
		return res
	}

	res := keyword("SMnl00000000000000000000000000001", "Afmelden!")
	recordHistory(t, s, optout.WorkflowID(keys.ContactSubject([]byte(keySecret), janPhone), "SMnl00000000000000000000000000001"), "sms_keyword_confirmed")
	require.True(t, blocked())
	require.Equal(t, 1, res.Changed)
	require.Equal(t, enums.LanguageCodeNlNL, res.Language)
	require.Equal(t, []string{optout.ConfirmationText(optout.OptOut, enums.LanguageCodeNlNL, res.Dealer)}, confirmations(), "one Dutch confirmation")

	res = keyword("SMde00000000000000000000000000001", "ANMELDEN")
	require.False(t, blocked())
	require.Equal(t, enums.LanguageCodeDeDE, res.Language)
	require.Len(t, confirmations(), 2)
	require.Contains(t, confirmations()[1], "ABMELDEN", "the German confirmation names the German word to stop")

	changes := s.DB.CustomerConsentChange.Query().Where(customerconsentchange.CustomerID(a.CustomerDriverID)).
		Order(ent.Asc(customerconsentchange.FieldID)).AllX(ctx)
	require.Len(t, changes, 2, "one record per message, however often it arrived")
	require.Equal(t, []string{"AFMELDEN", "ANMELDEN"}, []string{changes[0].Keyword, changes[1].Keyword})
	require.Equal(t, []bool{true, false}, []bool{changes[0].BlockCommunication, changes[1].BlockCommunication})
	for _, c := range changes {
		require.Equal(t, optout.SourceSMSKeyword, c.Source)
	}
}

// Third-party control: the dealer's webhook gets the key and link, signed;
// the customer gets nothing from us; every attempt is in the webhook history.
func TestThirdPartyControlSendsToTheDealer(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	const secret = "whsec_ZGVhbGVyLXNlY3JldC0wMTIzNDU2Nzg5"
	hook := dealerhookfake.New([]byte(secret))
	t.Cleanup(hook.Close)
	require.NoError(t, s.DB.DealerLocation.UpdateOneID(s.Demo.LocationID).SetThirdPartySendCommunications(true).
		SetThirdPartyWebhookURL(hook.URL()+"/pitstop").SetThirdPartyWebhookSecret(secret).Exec(ctx))
	hook.FailNext(1, http.StatusInternalServerError)
	s.start()

	rs := s.waitReceivers(ap, 1, func(r *ent.CommunicationReceiver) bool { return r.DeliveryState == "accepted" })
	r := rs[0]
	require.Equal(t, enums.CommunicationChannelIDWebhook, r.CommunicationChannelID)
	require.Equal(t, r.IdempotencyKey, r.WebhookID)
	got := hook.Received()
	require.Len(t, got, 1)
	require.Zero(t, hook.Rejected())
	require.Equal(t, r.IdempotencyKey, got[0].ID, "webhook-id is the dealer's dedupe key")
	require.NoError(t, dealerhook.Verify([][]byte{[]byte(secret)}, got[0].Headers, got[0].Body, time.Now(), 0))
	var p notify.WebhookPayload
	require.NoError(t, json.Unmarshal(got[0].Body, &p))
	require.Equal(t, "communication.online_check_in", p.Type)
	require.Equal(t, enums.CommunicationEventTypeOnlineCheckInSent, p.EventType)
	require.Equal(t, "WO-1001", p.WONr)
	require.Equal(t, "http://customer.test/app/#!/"+p.CommunicationKey, p.Link)
	require.Equal(t, p.CommunicationKey, linkKey.FindStringSubmatch(p.Link)[1], "the customer link form")
	require.Equal(t, janEmail, p.Customer.Email)
	code, body := s.call("POST", "/v1/communication/read", "", map[string]string{"key": p.CommunicationKey}, nil)
	require.Equal(t, http.StatusOK, code, "the dealer passes on the customer's real key: %s", body)

	require.Empty(t, s.Twilio.Messages(), "nothing to the customer from us")
	require.Empty(t, s.Mailgun.Messages())
	hist, err := s.DB.WebhookHistory.Query().Where(webhookhistory.WebhookEventID(r.IdempotencyKey)).Order(ent.Asc(webhookhistory.FieldAttempt)).All(ctx)
	require.NoError(t, err)
	require.Len(t, hist, 2, "the failed attempt and the retry")
	require.Equal(t, []int{1, 2}, []int{hist[0].Attempt, hist[1].Attempt})
	require.Equal(t, []string{"500", "204"}, []string{hist[0].ResponseStatus, hist[1].ResponseStatus})
	for _, h := range hist {
		require.Equal(t, "out", h.Direction)
		require.NotContains(t, h.SentContent, p.CommunicationKey, "the history keeps no usable key")
	}
}

// Testing mode sends to the location's testing addresses; lease customers
// get no automated communication where the location blocks it, but still
// get what a receptionist sends.
func TestTestingModeAndLeaseBlock(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	first, second := s.Demo.Appointments[0].AppointmentID, s.Demo.Appointments[1].AppointmentID
	set, err := s.DB.CommunicationSetting.Query().Only(ctx)
	require.NoError(t, err)
	require.NoError(t, set.Update().SetCheckInTestingMode(true).SetCheckInTestingEmail("tests@dealer.example").
		SetCheckInTestingPhone("+31699999999").SetBlockAutomatedCommunicationForLeaseCustomer(true).Exec(ctx))
	// The second appointment becomes a lease car due tomorrow: its check-in goes out now.
	require.NoError(t, s.DB.Appointment.UpdateOneID(second).SetIsLeaseCompany(true).SetTimeCarApp(time.Now().Add(26*time.Hour)).Exec(ctx))
	s.start()

	rs := s.waitReceivers(first, 2, func(r *ent.CommunicationReceiver) bool { return r.DeliveryState == "accepted" })
	sms, email := byChannel(t, rs)
	require.Equal(t, "+31699999999", sms.Destination)
	require.Equal(t, "tests@dealer.example", email.Destination)
	require.Len(t, s.smsTo("+31699999999"), 1)
	require.Len(t, s.emailsTo("tests@dealer.example"), 1)
	require.Empty(t, s.smsTo(janPhone), "the customer gets nothing in testing mode")
	require.Empty(t, s.emailsTo(janEmail))

	rs = s.waitReceivers(second, 1, func(r *ent.CommunicationReceiver) bool { return r.DeliveryState == "failed" })
	require.Equal(t, "automated communication is blocked for lease customers at this location", rs[0].Reason)
	require.Empty(t, s.emailsTo("sophie.janssen@example.com"))

	s.sendDiagnose(second)
	s.waitEventReceivers(second, enums.CommunicationEventTypeDiagnoseOverviewCreated, 2, func(r *ent.CommunicationReceiver) bool {
		return r.DeliveryState == "accepted"
	})
	require.Len(t, s.emailsTo("sophie.janssen@example.com"), 1, "the receptionist's diagnose overview is not automated")
	require.Len(t, s.smsTo("+31687654321"), 1)
}

// The key-locker PIN issued with the check-in answer reaches the customer by
// SMS (at the number they corrected) and email, once, through the same
// delivery path.
func TestKeyLockerPINMessage(t *testing.T) {
	s := newStack(t)
	ap := s.Demo.Appointments[0].AppointmentID
	s.start()
	s.waitReceivers(ap, 2, func(r *ent.CommunicationReceiver) bool { return r.DeliveryState == "accepted" })
	key := s.customerKey(janEmail)
	answer := map[string]any{"key": key, "customer_name": "Jan de Vries", "correct_phone": "+31611111111",
		"results": []map[string]any{}, "remarks": []map[string]any{}, "agreement_ids": []int{},
		// (Not the ACSES locker: its drop-off PIN is a message of its own,
		// see TestLockerDropPINSentOnce.)
		"preferred_communication_channel": 2, "drop_in_acses_locker": false}
	var pins appointment.CheckInAnswerResult
	code, body := s.call("POST", "/v1/online_checkin/answer", "", answer, &pins)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Regexp(t, `^\d{6}$`, pins.KeyLockerPIN, string(body))

	var rs []*ent.CommunicationReceiver
	require.Eventually(t, func() bool {
		all, err := s.DB.CommunicationReceiver.Query().Where(communicationreceiver.AppointmentID(ap),
			communicationreceiver.KeyLockerCommunicationEventIDNotNil()).All(context.Background())
		require.NoError(t, err)
		rs = all
		return len(all) == 2 && all[0].DeliveryState == "accepted" && all[1].DeliveryState == "accepted"
	}, 20*time.Second, 50*time.Millisecond)
	sms, email := byChannel(t, rs)
	require.Equal(t, "+31611111111", sms.Destination)
	require.Equal(t, janEmail, email.Destination)
	texts := s.smsTo("+31611111111")
	require.Len(t, texts, 1)
	require.Contains(t, texts[0].Body, pins.KeyLockerPIN)
	var pinMails []mailgunfake.Message
	for _, m := range s.emailsTo(janEmail) {
		if strings.Contains(m.Text, pins.KeyLockerPIN) {
			pinMails = append(pinMails, m)
		}
	}
	require.Len(t, pinMails, 1)
	require.Equal(t, "Your PIN to drop off your key", pinMails[0].Subject)
	require.Equal(t, sms.TwilioMessageSid, texts[0].SID)

	// The receptionist sees the PIN message's receivers, never the PIN.
	var kl struct {
		List []staffapi.KeyLockerCommunicationView `json:"keylocker_communications"`
	}
	code, body = s.call("GET", fmt.Sprintf("/v1/appointments/%d/keylocker", ap), s.Token, nil, &kl)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotContains(t, string(body), pins.KeyLockerPIN)
	var shown []int
	for _, k := range kl.List {
		for _, e := range k.Events {
			for _, r := range e.Receivers {
				shown = append(shown, r.ID)
			}
		}
	}
	require.ElementsMatch(t, []int{sms.ID, email.ID}, shown)
}

// A desk check-in answered on the counter tablet is confirmed to the
// customer by email, once: a tablet that reports "answered" again (its first
// try timed out, or Temporal was down and it got 503) starts nothing new.
// A location that does not send confirmation emails sends nothing.
func TestDeskCheckInConfirmation(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	ap, ap2 := s.Demo.Appointments[0].AppointmentID, s.Demo.Appointments[1].AppointmentID
	tablet := s.token(s.Demo.TabletID, []int{s.Demo.LocationID}, enums.RoleIDCounterTablet, time.Hour, time.Now())
	answered := map[string]any{"status": 5, "customer_name": "Jan de Vries"}
	openDesk := func(appointmentID int) int {
		var desk ent.DeskCommunication
		code, body := s.call("POST", fmt.Sprintf("/v1/appointments/%d/desk_checkin/send", appointmentID), s.Token,
			map[string]int{"tablet_user_id": s.Demo.TabletID}, &desk)
		require.Equal(t, http.StatusOK, code, string(body))
		code, body = s.call("POST", fmt.Sprintf("/v1/desk_checkin/%d/status", desk.ID), tablet, map[string]int{"status": 4}, nil)
		require.Equal(t, http.StatusOK, code, string(body))
		return desk.ID
	}
	confirmation := func(desk int) deskwf.DeskConfirmationResult {
		var res deskwf.DeskConfirmationResult
		require.NoError(t, s.Temporal.GetWorkflow(ctx, deskwf.DeskConfirmationWorkflowID(desk), "").Get(ctx, &res))
		return res
	}

	// Temporal is down when the customer answers: the answer is kept, the
	// tablet is told to try again, and its retry sends the confirmation.
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	down, err := dialTemporal(devServer, "e2e-1")
	require.NoError(t, err)
	down.Close()
	outage := s.apiWith(quiet)
	outage.Config.Handler = api.New(api.Deps{DB: s.DB, Temporal: down, TaskQueue: s.Queue, Tokens: s.tokens, Log: quiet})
	desk := openDesk(ap)
	code, body := s.callAt(outage.URL, "POST", fmt.Sprintf("/v1/desk_checkin/%d/status", desk), tablet, answered, nil)
	failed(t, code, body, http.StatusServiceUnavailable)
	stored, err := s.DB.DeskCommunication.Get(ctx, desk)
	require.NoError(t, err)
	require.Equal(t, enums.DeskCommunicationStatusAnswered, stored.Status, "the answer is stored before the confirmation starts")
	require.Equal(t, "Jan de Vries", stored.CustomerName)

	code, body = s.call("POST", fmt.Sprintf("/v1/desk_checkin/%d/status", desk), tablet, answered, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	res := confirmation(desk)
	require.Len(t, res.Deliveries, 1)
	require.Equal(t, enums.CommunicationReceiverStatusSent, res.Deliveries[0].Status)
	r := s.receiver(res.Deliveries[0].ReceiverID)
	require.Equal(t, enums.CommunicationChannelIDEmail, r.CommunicationChannelID)
	require.Equal(t, janEmail, r.Destination)
	require.Equal(t, "accepted", r.DeliveryState)
	require.NotEmpty(t, r.MailgunMessageID)
	require.NotNil(t, r.DeskCommunicationEventID)
	require.Equal(t, res.EventID, *r.DeskCommunicationEventID)
	ev, err := s.DB.DeskCommunicationEvent.Get(ctx, res.EventID)
	require.NoError(t, err)
	require.Equal(t, enums.DeskCommunicationEventTypeAnswered, ev.Type)

	mails := s.emailsTo(janEmail)
	require.Len(t, mails, 1)
	require.Regexp(t, `^Your check-in at .+ is confirmed$`, mails[0].Subject)
	require.Contains(t, r.MailgunMessageID, mails[0].ID)
	// The link opens the appointment's communication, like every other message's.
	key := s.customerKey(janEmail)
	var view struct {
		AppointmentID int `json:"appointment_id"`
	}
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, ap, view.AppointmentID)

	// The receptionist sees where the confirmation went and how it fared.
	var list struct {
		Desks []staffapi.DeskCommunicationView `json:"desk_communications"`
	}
	code, body = s.call("GET", fmt.Sprintf("/v1/appointments/%d/desk_checkin", ap), s.Token, nil, &list)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, list.Desks, 1)
	evs := list.Desks[0].Events
	require.Len(t, evs, 3, "sent, opened, answered")
	require.Equal(t, enums.DeskCommunicationEventTypeAnswered, evs[2].Type)
	require.Len(t, evs[2].Receivers, 1)
	require.Equal(t, janEmail, evs[2].Receivers[0].Destination)
	require.Empty(t, evs[0].Receivers)

	// Reported again: 200, the same finished workflow, no second email.
	first, err := s.Temporal.DescribeWorkflowExecution(ctx, deskwf.DeskConfirmationWorkflowID(desk), "")
	require.NoError(t, err)
	code, body = s.call("POST", fmt.Sprintf("/v1/desk_checkin/%d/status", desk), tablet, answered, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	again, err := s.Temporal.DescribeWorkflowExecution(ctx, deskwf.DeskConfirmationWorkflowID(desk), "")
	require.NoError(t, err)
	require.Equal(t, first.WorkflowExecutionInfo.Execution.RunId, again.WorkflowExecutionInfo.Execution.RunId)
	require.Len(t, s.emailsTo(janEmail), 1)
	// Ops find it in the Temporal UI by the appointment.
	var saID int64
	require.NoError(t, converter.GetDefaultDataConverter().FromPayload(
		again.WorkflowExecutionInfo.SearchAttributes.IndexedFields["AppointmentID"], &saID))
	require.Equal(t, int64(ap), saID)

	// No confirmation emails at this location: the workflow plans nothing.
	require.NoError(t, s.DB.CommunicationSetting.Update().SetSendConfirmationEmails(false).Exec(ctx))
	desk2 := openDesk(ap2)
	code, body = s.call("POST", fmt.Sprintf("/v1/desk_checkin/%d/status", desk2), tablet, answered, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	res2 := confirmation(desk2)
	require.NotZero(t, res2.EventID)
	require.Empty(t, res2.Deliveries)
	n, err := s.DB.CommunicationReceiver.Query().Where(communicationreceiver.AppointmentID(ap2)).Count(ctx)
	require.NoError(t, err)
	require.Zero(t, n)
}

// The customer checks in at the desk while the online check-in is open:
// the online check-in closes (its link says so, its answer is refused) and
// the lifecycle moves on to the workshop.
func TestDeskCheckInClosesTheOnlineCheckIn(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	s.start()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	key := s.customerKey(janEmail)

	tablet := s.token(s.Demo.TabletID, []int{s.Demo.LocationID}, enums.RoleIDCounterTablet, time.Hour, time.Now())
	var desk ent.DeskCommunication
	code, body := s.call("POST", fmt.Sprintf("/v1/appointments/%d/desk_checkin/send", ap), s.Token,
		map[string]int{"tablet_user_id": s.Demo.TabletID}, &desk)
	require.Equal(t, http.StatusOK, code, string(body))
	for _, st := range []any{map[string]int{"status": 4}, map[string]any{"status": 5, "customer_name": "Jan de Vries"}} {
		code, body = s.call("POST", fmt.Sprintf("/v1/desk_checkin/%d/status", desk.ID), tablet, st, nil)
		require.Equal(t, http.StatusOK, code, string(body))
	}

	st := s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageInWorkshop })
	require.Equal(t, enums.CommunicationStatusCheckInClosed, st.CommunicationStatus)
	require.Equal(t, "checked in at the desk", st.History[len(st.History)-1].Note)
	require.Equal(t, enums.CommunicationStatusCheckInClosed, s.communication(ap).Status, "the state query is never ahead of the read model")
	var view struct {
		Status enums.CommunicationStatus `json:"status"`
	}
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, enums.CommunicationStatusCheckInClosed, view.Status)
	answer := map[string]any{"key": key, "customer_name": "Jan de Vries", "results": []map[string]any{},
		"remarks": []map[string]any{}, "agreement_ids": []int{}}
	code, body = s.call("POST", "/v1/online_checkin/answer", "", answer, nil)
	refused(t, code, body, "the online check-in is closed")

	var res deskwf.DeskConfirmationResult
	require.NoError(t, s.Temporal.GetWorkflow(ctx, deskwf.DeskConfirmationWorkflowID(desk.ID), "").Get(ctx, &res))
	require.Len(t, res.Deliveries, 1, "the confirmation still goes out")
	recordHistory(t, s, deskwf.DeskConfirmationWorkflowID(desk.ID), "desk_confirmation")
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/complete", ap), s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCompleted })
	recordHistory(t, s, appointment.AppointmentWorkflowID(ap), "appointment_desk_check_in")
}

// ---- helpers ----

// holdProxy stands in front of a fake provider. While hold is set, a POST
// (a send) is forwarded, so the provider accepts it, but the reply never
// comes back: the window between "the provider took it" and "the worker
// recorded it" in which a crash would make a naive sender send twice.
type holdProxy struct {
	*httptest.Server
	hold atomic.Bool
	held atomic.Int32
}

func newHoldProxy(t *testing.T, target string) *holdProxy {
	u, err := url.Parse(target)
	require.NoError(t, err)
	rp := httputil.NewSingleHostReverseProxy(u)
	done := make(chan struct{})
	p := &holdProxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !p.hold.Load() {
			rp.ServeHTTP(w, r)
			return
		}
		rp.ServeHTTP(httptest.NewRecorder(), r)
		p.held.Add(1)
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	t.Cleanup(p.Close)
	t.Cleanup(func() { close(done) })
	return p
}

func (s *stack) twilioClient(baseURL string) *twilio.Client {
	c, err := twilio.New(twilio.Config{AccountSID: s.Twilio.AccountSID(), AuthToken: s.Twilio.AuthToken(),
		From: s.Twilio.PhoneNumber(), BaseURL: baseURL})
	require.NoError(s.t, err)
	return c
}

func (s *stack) mailgunClient(baseURL string) *mailgun.Client {
	c, err := mailgun.New(mailgun.Config{Domain: s.Mailgun.Domain(), APIKey: s.Mailgun.APIKey(),
		From: "Pitstop <noreply@" + s.Mailgun.Domain() + ">", BaseURL: baseURL, WebhookSigningKey: s.Mailgun.WebhookSigningKey()})
	require.NoError(s.t, err)
	return c
}

// smsTo lists the outgoing SMS the Twilio fake accepted for number.
func (s *stack) smsTo(number string) []twiliofake.Message {
	var out []twiliofake.Message
	for _, m := range s.Twilio.Messages() {
		if m.Direction != "inbound" && m.To == number {
			out = append(out, m)
		}
	}
	return out
}

// emailsTo lists the emails the Mailgun fake accepted for addr.
func (s *stack) emailsTo(addr string) []mailgunfake.Message {
	var out []mailgunfake.Message
	for _, m := range s.Mailgun.Messages() {
		for _, to := range m.To {
			if to == addr {
				out = append(out, m)
			}
		}
	}
	return out
}

func (s *stack) receivers(appointmentID int) []*ent.CommunicationReceiver {
	rs, err := s.DB.CommunicationReceiver.Query().Where(communicationreceiver.AppointmentID(appointmentID)).
		Order(ent.Asc(communicationreceiver.FieldID)).All(context.Background())
	require.NoError(s.t, err)
	return rs
}

func (s *stack) receiver(id int) *ent.CommunicationReceiver {
	r, err := s.DB.CommunicationReceiver.Get(context.Background(), id)
	require.NoError(s.t, err)
	return r
}

// waitReceivers waits until the appointment has n receivers, all matching cond.
func (s *stack) waitReceivers(appointmentID, n int, cond func(*ent.CommunicationReceiver) bool) []*ent.CommunicationReceiver {
	s.t.Helper()
	var rs []*ent.CommunicationReceiver
	require.Eventually(s.t, func() bool {
		rs = s.receivers(appointmentID)
		return len(rs) == n && all(rs, cond)
	}, 20*time.Second, 50*time.Millisecond, "receivers: %s", dump(rs))
	return rs
}

// waitEventReceivers waits for n receivers of the appointment's event of type t, all matching cond.
func (s *stack) waitEventReceivers(appointmentID int, t enums.CommunicationEventType, n int, cond func(*ent.CommunicationReceiver) bool) []*ent.CommunicationReceiver {
	s.t.Helper()
	var rs []*ent.CommunicationReceiver
	require.Eventually(s.t, func() bool {
		var err error
		rs, err = s.DB.CommunicationReceiver.Query().Where(communicationreceiver.AppointmentID(appointmentID),
			communicationreceiver.HasCommunicationEventWith(communicationevent.TypeEQ(t))).
			Order(ent.Asc(communicationreceiver.FieldID)).All(context.Background())
		require.NoError(s.t, err)
		return len(rs) == n && all(rs, cond)
	}, 20*time.Second, 50*time.Millisecond, "receivers: %s", dump(rs))
	return rs
}

func all(rs []*ent.CommunicationReceiver, cond func(*ent.CommunicationReceiver) bool) bool {
	for _, r := range rs {
		if !cond(r) {
			return false
		}
	}
	return true
}

func dump(rs []*ent.CommunicationReceiver) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "[id=%d ch=%d state=%s status=%d attempts=%d reason=%q] ", r.ID, r.CommunicationChannelID, r.DeliveryState, r.Status, r.Attempts, r.Reason)
	}
	return b.String()
}

// byChannel splits the SMS and the email receiver.
func byChannel(t *testing.T, rs []*ent.CommunicationReceiver) (sms, email *ent.CommunicationReceiver) {
	t.Helper()
	for _, r := range rs {
		switch r.CommunicationChannelID {
		case enums.CommunicationChannelIDSMS:
			sms = r
		case enums.CommunicationChannelIDEmail:
			email = r
		}
	}
	require.NotNil(t, sms, "an SMS receiver: %s", dump(rs))
	require.NotNil(t, email, "an email receiver: %s", dump(rs))
	return sms, email
}

// Each call is a deliberate send: its own Idempotency-Key, so sends in quick
// succession are not collapsed into one.
func (s *stack) sendDiagnose(appointmentID int) {
	s.t.Helper()
	code, body := s.callAt(s.API.URL, "POST", fmt.Sprintf("/v1/appointments/%d/diagnose_overview/send", appointmentID), s.Token, struct{}{}, nil,
		"Idempotency-Key", uuid.NewString())
	require.Equal(s.t, http.StatusOK, code, string(body))
}

// activityAttempts lists, for each activity of this type in the run
// (runID "" for the latest), the attempt that completed it.
func (s *stack) activityAttempts(workflowID, runID, activityType string) []int32 {
	it := s.Temporal.GetWorkflowHistory(context.Background(), workflowID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	scheduled := map[int64]bool{}
	started := map[int64]int32{}
	var out []int32
	for it.HasNext() {
		ev, err := it.Next()
		require.NoError(s.t, err)
		if a := ev.GetActivityTaskScheduledEventAttributes(); a != nil && a.GetActivityType().GetName() == activityType {
			scheduled[ev.GetEventId()] = true
		}
		if a := ev.GetActivityTaskStartedEventAttributes(); a != nil {
			started[ev.GetEventId()] = a.GetAttempt()
		}
		if a := ev.GetActivityTaskCompletedEventAttributes(); a != nil && scheduled[a.GetScheduledEventId()] {
			out = append(out, started[a.GetStartedEventId()])
		}
	}
	return out
}

// waitAttempts waits until the run's DeliverNotifications activities (one
// per send of several receivers) have completed, on these attempts.
func (s *stack) waitAttempts(workflowID string, want []int32) {
	s.t.Helper()
	var got []int32
	require.Eventually(s.t, func() bool {
		got = s.activityAttempts(workflowID, "", "DeliverNotifications")
		return len(got) == len(want)
	}, 20*time.Second, 50*time.Millisecond)
	require.Equal(s.t, want, got)
}

// taskBefore is the last workflow task completed before the first
// ActivityTaskScheduled of activityType: a reset point that re-runs it.
func (s *stack) taskBefore(workflowID, activityType string) int64 {
	it := s.Temporal.GetWorkflowHistory(context.Background(), workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	var last int64
	for it.HasNext() {
		ev, err := it.Next()
		require.NoError(s.t, err)
		switch {
		case ev.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			last = ev.GetEventId()
		case ev.GetActivityTaskScheduledEventAttributes().GetActivityType().GetName() == activityType:
			return last
		}
	}
	s.t.Fatalf("no %s in the history of %s", activityType, workflowID)
	return 0
}

// statusCallback is the status callback URL an SMS receiver was sent with.
func (s *stack) statusCallback(r *ent.CommunicationReceiver) string {
	return s.API.URL + routes.TwilioStatusPath + "?" + routes.ReceiverParam + "=" + strconv.Itoa(r.ID)
}

// postForm posts a form with an X-Twilio-Signature.
func (s *stack) postForm(target string, form url.Values, signature string) (int, []byte) {
	s.t.Helper()
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	require.NoError(s.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if signature != "" {
		req.Header.Set("X-Twilio-Signature", signature)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(s.t, err)
	if target == s.API.URL+routes.TwilioInboundPath && res.StatusCode == http.StatusOK {
		require.Equal(s.t, "text/xml; charset=utf-8", res.Header.Get("Content-Type"))
	}
	return res.StatusCode, b
}

// signedTwilio posts a form signed as Twilio signs it.
func (s *stack) signedTwilio(target string, form url.Values) (int, []byte) {
	return s.postForm(target, form, twiliofake.Sign(s.Twilio.AuthToken(), target, form))
}

func (s *stack) postJSON(path string, body []byte) (int, []byte) {
	return s.call("POST", path, "", string(body), nil)
}

// mailgunEvent is the "event-data" of a Mailgun webhook about messageID.
func mailgunEvent(name, messageID string, extra map[string]any) map[string]any {
	e := map[string]any{
		"event": name, "id": "ev-" + name + strconv.FormatInt(time.Now().UnixNano(), 36),
		"timestamp": float64(time.Now().UnixMicro()) / 1e6, "recipient": janEmail,
		"message": map[string]any{"headers": map[string]any{"message-id": messageID}},
	}
	for k, v := range extra {
		e[k] = v
	}
	return e
}

// mailgunBody signs an event as Mailgun does (key, timestamp, token).
func mailgunBody(signingKey string, at time.Time, token string, event map[string]any) []byte {
	ts := strconv.FormatInt(at.Unix(), 10)
	b, _ := json.Marshal(map[string]any{
		"signature":  map[string]string{"timestamp": ts, "token": token, "signature": mailgunfake.Sign(signingKey, ts, token)},
		"event-data": event,
	})
	return b
}
