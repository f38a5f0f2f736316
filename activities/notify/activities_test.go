package notify_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/checkinresult"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/communicationsetting"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunicationevent"
	"github.com/pitstop-dev/pitstop/ent/user"
	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
	hookfake "github.com/pitstop-dev/pitstop/integrations/dealerhook/fake"
	"github.com/pitstop-dev/pitstop/integrations/mailgun"
	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
	"github.com/pitstop-dev/pitstop/integrations/twilio"
	twiliofake "github.com/pitstop-dev/pitstop/integrations/twilio/fake"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/keylocker"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/kioskcheckin"
	"github.com/pitstop-dev/pitstop/internal/messages"
	"github.com/pitstop-dev/pitstop/internal/metrics"
	"github.com/pitstop-dev/pitstop/internal/routes"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

const (
	keySecret  = "test-key-secret-0123456789abcdef"
	publicBase = "http://customer.test/app"
	hookSecret = "dealer-hook-secret-0123456789"
)

// fixture: the demo data on a fresh PostgreSQL database (its location sends
// e-mail and SMS for the online check-in), the Twilio and Mailgun fakes and
// a dealer's webhook receiver with our real clients, and the real notify
// Activities registered in the SDK's activity test environment.
type fixture struct {
	env    *testsuite.TestActivityEnvironment
	db     *ent.Client
	sql    *sql.DB
	acts   *notify.Activities
	twilio *twiliofake.Server
	mail   *mailgunfake.Server
	hook   *hookfake.Receiver
	loc    int
	ap     int
	com    int
	// metrics receives what the activities count (the worker's registry in
	// production).
	metrics *metrics.Metrics
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	sdb := storetest.New(t)
	db := sdb.Client
	lifecycle := &appointment.Activities{DB: db, KeySecret: []byte(keySecret)}
	demo, err := seed.Run(ctx, db, lifecycle, time.Now())
	require.NoError(t, err)
	f := &fixture{db: db, sql: sdb.SQL, twilio: twiliofake.New(), mail: mailgunfake.New(), hook: hookfake.New([]byte(hookSecret)),
		loc: demo.LocationID, ap: demo.Appointments[0].AppointmentID}
	t.Cleanup(f.twilio.Close)
	t.Cleanup(f.mail.Close)
	t.Cleanup(f.hook.Close)
	sms, err := twilio.New(twilio.Config{AccountSID: f.twilio.AccountSID(), AuthToken: f.twilio.AuthToken(),
		From: f.twilio.PhoneNumber(), BaseURL: f.twilio.URL()})
	require.NoError(t, err)
	email, err := mailgun.New(mailgun.Config{Domain: f.mail.Domain(), APIKey: f.mail.APIKey(), From: "Pitstop <noreply@" + f.mail.Domain() + ">",
		BaseURL: f.mail.URL(), WebhookSigningKey: f.mail.WebhookSigningKey()})
	require.NoError(t, err)
	f.acts = &notify.Activities{DB: sdb, KeySecret: []byte(keySecret), PublicBaseURL: publicBase,
		Notify: &notify.Notifier{SMS: sms, Email: email, Webhook: dealerhook.NewClient(nil), StatusCallbackURL: "http://api.test" + routes.TwilioStatusPath}}
	require.NoError(t, notify.Check(f.acts))
	f.metrics = metrics.New()
	suite := &testsuite.WorkflowTestSuite{}
	suite.SetMetricsHandler(f.metrics.Temporal())
	f.env = suite.NewTestActivityEnvironment()
	f.env.RegisterActivity(f.acts)
	com, err := lifecycle.EnsureCommunication(ctx, f.ap)
	require.NoError(t, err)
	f.com = com.CommunicationID
	return f
}

func (f *fixture) send(t *testing.T, kind string, typ enums.CommunicationEventType, key string) notify.SendOutput {
	t.Helper()
	v, err := f.env.ExecuteActivity(f.acts.SendCommunication, notify.SendInput{Kind: kind,
		Event: appointment.EventInput{AppointmentID: f.ap, CommunicationID: f.com, Type: typ, DedupeKey: key}})
	require.NoError(t, err)
	var out notify.SendOutput
	require.NoError(t, v.Get(&out))
	return out
}

func (f *fixture) deliver(t *testing.T, receiverID int) (notify.DeliveryOutput, error) {
	t.Helper()
	v, err := f.env.ExecuteActivity(f.acts.DeliverNotification, receiverID)
	if err != nil {
		return notify.DeliveryOutput{}, err
	}
	var out notify.DeliveryOutput
	require.NoError(t, v.Get(&out))
	return out, nil
}

func (f *fixture) receiver(t *testing.T, id int) *ent.CommunicationReceiver {
	t.Helper()
	return f.db.CommunicationReceiver.GetX(context.Background(), id)
}

// byChannel returns the planned receiver of a channel.
func (f *fixture) byChannel(t *testing.T, ids []int, ch enums.CommunicationChannelID) *ent.CommunicationReceiver {
	t.Helper()
	for _, id := range ids {
		if r := f.receiver(t, id); r.CommunicationChannelID == ch {
			return r
		}
	}
	t.Fatalf("no receiver on channel %d among %v", ch, ids)
	return nil
}

func TestSendCommunicationPlansOnceByTheChannelRules(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	out := f.send(t, notify.KindOnlineCheckIn, enums.CommunicationEventTypeOnlineCheckInSent, "check-in-sent-1")
	// The demo location has multiple channels and SMS for the check-in.
	require.Len(t, out.ReceiverIDs, 2)
	email := f.byChannel(t, out.ReceiverIDs, enums.CommunicationChannelIDEmail)
	sms := f.byChannel(t, out.ReceiverIDs, enums.CommunicationChannelIDSMS)
	require.Equal(t, "jan.devries@example.com", email.Destination)
	require.Equal(t, "+31612345678", sms.Destination)
	require.Equal(t, "queued", email.DeliveryState)
	require.Equal(t, "check-in-sent-1/1", email.IdempotencyKey)
	visible := f.db.CheckInResult.Query().Where(checkinresult.CustomerCommunicationID(f.com), checkinresult.Visible(true)).
		Order(ent.Asc(checkinresult.FieldID)).IDsX(ctx)
	require.NotEmpty(t, visible)
	require.Equal(t, visible, out.ItemIDs, "the check-in items the customer may answer")
	require.NotEmpty(t, out.AgreementIDs, "the demo dealer's agreements are presented")

	again := f.send(t, notify.KindOnlineCheckIn, enums.CommunicationEventTypeOnlineCheckInSent, "check-in-sent-1")
	require.Equal(t, out, again, "a retry finds the event and its receivers")
	require.Equal(t, 2, f.db.CommunicationReceiver.Query().Where(communicationreceiver.CommunicationEventID(out.EventID)).CountX(ctx))

	// A corrected phone number wins; a customer who blocked communication
	// gets nothing, and the receptionist sees why.
	f.db.CustomerCommunication.UpdateOneID(f.com).SetCorrectPhone("+31699999999").ExecX(ctx)
	diag := f.send(t, notify.KindDiagnoseOverview, enums.CommunicationEventTypeDiagnoseOverviewCreated, "diagnose-1")
	require.Equal(t, "+31699999999", f.byChannel(t, diag.ReceiverIDs, enums.CommunicationChannelIDSMS).Destination)
	require.NotEmpty(t, diag.ItemIDs, "the interventions shown to the customer")
	ap := f.db.Appointment.GetX(ctx, f.ap)
	f.db.Customer.UpdateOneID(ap.CustomerDriverID).SetBlockCommunication(true).ExecX(ctx)
	blocked := f.send(t, notify.KindRepairOverview, enums.CommunicationEventTypeRepairOverviewCreated, "repair-1")
	require.Empty(t, blocked.ReceiverIDs)
	rows := f.db.CommunicationReceiver.Query().Where(communicationreceiver.CommunicationEventID(blocked.EventID)).AllX(ctx)
	require.Len(t, rows, 1)
	require.Equal(t, enums.CommunicationReceiverStatusFailed, rows[0].Status)
	require.Equal(t, "failed", rows[0].DeliveryState)
	require.Equal(t, "the customer blocked communication", rows[0].Reason)
}

func TestDeliverSendsEachReceiverExactlyOnce(t *testing.T) {
	f := newFixture(t)
	out := f.send(t, notify.KindOnlineCheckIn, enums.CommunicationEventTypeOnlineCheckInSent, "check-in-sent-1")
	sms := f.byChannel(t, out.ReceiverIDs, enums.CommunicationChannelIDSMS)
	email := f.byChannel(t, out.ReceiverIDs, enums.CommunicationChannelIDEmail)
	var snapshotAt *time.Time
	for _, id := range out.ReceiverIDs {
		res, err := f.deliver(t, id)
		require.NoError(t, err)
		require.Equal(t, enums.CommunicationReceiverStatusSent, res.Status)
		res, err = f.deliver(t, id) // a retried activity after the commit
		require.NoError(t, err)
		require.Equal(t, enums.CommunicationReceiverStatusSent, res.Status)
		at := f.db.CustomerCommunication.GetX(context.Background(), f.com).SettingsSnapshotAt
		require.NotNil(t, at, "the setting the message was composed with is kept")
		if snapshotAt != nil {
			require.Equal(t, *snapshotAt, *at, "the same setting again (the other channel, a retry) is not rewritten")
		}
		snapshotAt = at
	}
	msgs, mails := f.twilio.Messages(), f.mail.Messages()
	require.Len(t, msgs, 1)
	require.Len(t, mails, 1)

	// The message carries the customer's own link and its reference.
	com := f.db.CustomerCommunication.GetX(context.Background(), f.com)
	link := messages.Link(publicBase, keys.Derive([]byte(keySecret), keys.Customer, com.ID, com.CustomerKeySalt))
	require.Equal(t, "+31612345678", msgs[0].To)
	require.Contains(t, msgs[0].Body, link)
	require.Contains(t, msgs[0].Body, notify.Reference(sms.ID))
	require.Contains(t, msgs[0].StatusCallback, routes.TwilioStatusPath)
	require.Equal(t, []string{"jan.devries@example.com"}, mails[0].To)
	require.Contains(t, mails[0].Text, link)
	require.Equal(t, email.IdempotencyKey, mails[0].Variables[routes.ReceiverVariable])

	sms, email = f.receiver(t, sms.ID), f.receiver(t, email.ID)
	require.Equal(t, "accepted", sms.DeliveryState)
	require.Equal(t, msgs[0].SID, sms.TwilioMessageSid)
	require.Equal(t, 1, sms.Attempts)
	require.Equal(t, "accepted", email.DeliveryState)
	require.Equal(t, mails[0].ID, strings.Trim(email.MailgunMessageID, "<>"))
	require.NotEmpty(t, com.SettingsSnapshot, "the setting the messages were composed with is kept")
}

// The receivers of one send delivered together: both go out at once; a
// passing failure of one fails the activity (to be retried) without
// holding the other back, and the retry sends neither twice.
func TestDeliverTogetherSendsEachOnceAndRetriesTheFailedOne(t *testing.T) {
	f := newFixture(t)
	out := f.send(t, notify.KindOnlineCheckIn, enums.CommunicationEventTypeOnlineCheckInSent, "check-in-sent-1")
	require.Len(t, out.ReceiverIDs, 2)
	sms := f.byChannel(t, out.ReceiverIDs, enums.CommunicationChannelIDSMS)
	email := f.byChannel(t, out.ReceiverIDs, enums.CommunicationChannelIDEmail)

	f.twilio.FailNext(1, 503)
	_, err := f.env.ExecuteActivity(f.acts.DeliverNotifications, out.ReceiverIDs)
	require.Error(t, err, "the text message's outage fails the activity, to be retried")
	require.Equal(t, "sending", f.receiver(t, sms.ID).DeliveryState)
	require.Equal(t, "accepted", f.receiver(t, email.ID).DeliveryState, "the email went anyway")
	require.Len(t, f.mail.Messages(), 1)

	v, err := f.env.ExecuteActivity(f.acts.DeliverNotifications, out.ReceiverIDs)
	require.NoError(t, err)
	var outs []notify.DeliveryOutput
	require.NoError(t, v.Get(&outs))
	require.Len(t, outs, 2)
	for _, o := range outs {
		require.Equal(t, enums.CommunicationReceiverStatusSent, o.Status)
	}
	require.Len(t, f.twilio.Messages(), 1)
	require.Len(t, f.mail.Messages(), 1, "the retry did not send the email again")
	require.Equal(t, 1, f.receiver(t, email.ID).Attempts)
	require.Equal(t, 2, f.receiver(t, sms.ID).Attempts)
}

// A receiver gone for good does not stop the retry of one that failed for
// a passing reason; when only final errors are left, the activity ends:
// checked as the SDK's failure converter turns the error into the failure
// the server retries by (it reads only the outermost error).
func TestJointDeliveryError(t *testing.T) {
	gone := errtypes.NewNotFound("receiver", 7)
	wrappedGone := fmt.Errorf("deliver receiver 9: %w", errtypes.NewNotFound("appointment", 9))
	outage := fmt.Errorf("deliver receiver 8: %w", errors.New("503"))
	retried := func(err error) bool {
		return !temporal.GetDefaultFailureConverter().ErrorToFailure(err).GetApplicationFailureInfo().GetNonRetryable()
	}

	err := notify.JointDeliveryError([]error{gone, outage})
	require.ErrorContains(t, err, "503")
	require.True(t, retried(err), "the outage is retried, the receiver gone for good does not stop it")

	err = notify.JointDeliveryError([]error{wrappedGone, gone})
	require.ErrorContains(t, err, "receiver 7 not found")
	require.ErrorContains(t, err, "appointment 9 not found")
	require.False(t, retried(err), "only final errors left: the activity ends (a joined error would be retried for ever)")
	require.Equal(t, errtypes.NotFound, temporal.GetDefaultFailureConverter().ErrorToFailure(err).GetApplicationFailureInfo().GetType())

	require.NoError(t, notify.JointDeliveryError([]error{nil, nil}))
}

// An attempt that died after the provider accepted the message (the row
// still says "sending") is not sent again: the retry finds it at the
// provider, by the reference in the SMS and the variable of the e-mail.
func TestDeliverAfterAnUncertainSendAsksTheProviderFirst(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	out := f.send(t, notify.KindOnlineCheckIn, enums.CommunicationEventTypeOnlineCheckInSent, "check-in-sent-1")
	for _, id := range out.ReceiverIDs {
		_, err := f.deliver(t, id)
		require.NoError(t, err)
		f.db.CommunicationReceiver.UpdateOneID(id).SetDeliveryState("sending").SetTwilioMessageSid("").SetMailgunMessageID("").ExecX(ctx)
		res, err := f.deliver(t, id)
		require.NoError(t, err)
		require.Equal(t, enums.CommunicationReceiverStatusSent, res.Status)
		r := f.receiver(t, id)
		require.Equal(t, "accepted", r.DeliveryState)
		require.NotEmpty(t, r.TwilioMessageSid+r.MailgunMessageID, "the provider's id, found again")
		require.Equal(t, 1, r.Attempts, "no second provider call")
	}
	require.Len(t, f.twilio.Messages(), 1)
	require.Len(t, f.mail.Messages(), 1)
}

// A provider's 5xx is returned (Temporal retries it); its 4xx is final: the
// receiver is failed with the reason and never sent again.
func TestDeliveryFailuresAreClassified(t *testing.T) {
	f := newFixture(t)
	out := f.send(t, notify.KindOnlineCheckIn, enums.CommunicationEventTypeOnlineCheckInSent, "check-in-sent-1")
	sms := f.byChannel(t, out.ReceiverIDs, enums.CommunicationChannelIDSMS)
	email := f.byChannel(t, out.ReceiverIDs, enums.CommunicationChannelIDEmail)

	f.twilio.FailNext(1, 503)
	_, err := f.deliver(t, sms.ID)
	require.Error(t, err, "a transient failure is retried by Temporal")
	require.Equal(t, "sending", f.receiver(t, sms.ID).DeliveryState)
	res, err := f.deliver(t, sms.ID)
	require.NoError(t, err)
	require.Equal(t, enums.CommunicationReceiverStatusSent, res.Status)
	require.Len(t, f.twilio.Messages(), 1)
	require.Equal(t, 2, f.receiver(t, sms.ID).Attempts)

	f.mail.FailNext(1, 400)
	res, err = f.deliver(t, email.ID)
	require.NoError(t, err, "a permanent failure is an outcome, not an activity error")
	require.Equal(t, enums.CommunicationReceiverStatusFailed, res.Status)
	require.NotEmpty(t, res.Reason)
	r := f.receiver(t, email.ID)
	require.Equal(t, "failed", r.DeliveryState)
	require.Equal(t, enums.CommunicationReceiverStatusFailed, r.Status)
	require.Equal(t, res.Reason, r.Reason)
	again, err := f.deliver(t, email.ID)
	require.NoError(t, err)
	require.Equal(t, res, again)
	require.Empty(t, f.mail.Messages())

	// Each send's outcome is counted once for ops; the answer from the
	// record (the last run) sends nothing and counts nothing.
	require.Equal(t, map[string]float64{"sms/retried": 1, "sms/accepted": 1, "email/failed": 1}, f.deliveries(t))
}

// deliveries reads pitstop_notification_deliveries_total by channel/outcome.
func (f *fixture) deliveries(t *testing.T) map[string]float64 {
	t.Helper()
	fams, err := f.metrics.Registry.Gather()
	require.NoError(t, err)
	out := map[string]float64{}
	for _, fam := range fams {
		if fam.GetName() != "pitstop_notification_deliveries_total" {
			continue
		}
		for _, m := range fam.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			require.Equal(t, "DeliverNotification", labels["activity_type"], "tagged with the activity")
			out[labels["channel"]+"/"+labels["outcome"]] += m.GetCounter().GetValue()
		}
	}
	return out
}

// A location's own template, read at send time, shapes the message; the
// SMS still ends with its reference.
func TestDeliverRendersTheLocationsTemplate(t *testing.T) {
	f := newFixture(t)
	f.db.MessageTemplate.Create().SetDealerLocationID(f.loc).SetKind(string(messages.OnlineCheckIn)).
		SetLanguageCode(enums.LanguageCodeEnGB).SetChannel(string(messages.SMS)).
		SetBody("Check in for {{.Reg}} at {{.Link}} - {{.Sender}}").ExecX(context.Background())
	out := f.send(t, notify.KindOnlineCheckIn, enums.CommunicationEventTypeOnlineCheckInSent, "check-in-sent-1")
	sms := f.byChannel(t, out.ReceiverIDs, enums.CommunicationChannelIDSMS)
	_, err := f.deliver(t, sms.ID)
	require.NoError(t, err)
	msgs := f.twilio.Messages()
	require.Len(t, msgs, 1)
	require.True(t, strings.HasPrefix(msgs[0].Body, "Check in for AB-123-C at "+publicBase), msgs[0].Body)
	require.Contains(t, msgs[0].Body, notify.Reference(sms.ID))
}

// Under third-party control the dealer gets the key by signed webhook
// instead of the customer; the stored history leaves the key out; a 4xx is
// final.
func TestThirdPartyWebhookDelivery(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.db.DealerLocation.UpdateOneID(f.loc).SetThirdPartySendCommunications(true).SetThirdPartyWebhookURL(f.hook.URL()).
		SetThirdPartyWebhookSecret(hookSecret).ExecX(ctx)
	out := f.send(t, notify.KindOnlineCheckIn, enums.CommunicationEventTypeOnlineCheckInSent, "check-in-sent-1")
	require.Len(t, out.ReceiverIDs, 1)
	hook := f.byChannel(t, out.ReceiverIDs, enums.CommunicationChannelIDWebhook)
	res, err := f.deliver(t, hook.ID)
	require.NoError(t, err)
	require.Equal(t, enums.CommunicationReceiverStatusSent, res.Status)
	_, err = f.deliver(t, hook.ID)
	require.NoError(t, err)
	got := f.hook.Received()
	require.Len(t, got, 1, "verified by the dealer's secret, once")
	require.Equal(t, hook.IdempotencyKey, got[0].ID)
	var p notify.WebhookPayload
	require.NoError(t, json.Unmarshal(got[0].Body, &p))
	com := f.db.CustomerCommunication.GetX(ctx, f.com)
	require.Equal(t, keys.Derive([]byte(keySecret), keys.Customer, com.ID, com.CustomerKeySalt), p.CommunicationKey)
	require.Equal(t, "WO-1001", p.WONr)
	require.Equal(t, "jan.devries@example.com", p.Customer.Email)
	hist := f.db.WebhookHistory.Query().AllX(ctx)
	require.Len(t, hist, 1)
	require.NotContains(t, hist[0].SentContent, p.CommunicationKey, "the history is for people, not for keys")
	require.Equal(t, "204", hist[0].ResponseStatus, "the receiver's answer is kept")
	require.Empty(t, f.twilio.Messages())
	require.Empty(t, f.mail.Messages())

	next := f.send(t, notify.KindDiagnoseOverview, enums.CommunicationEventTypeDiagnoseOverviewCreated, "diagnose-1")
	f.hook.FailNext(1, 410)
	res, err = f.deliver(t, next.ReceiverIDs[0])
	require.NoError(t, err)
	require.Equal(t, enums.CommunicationReceiverStatusFailed, res.Status)
	require.Len(t, f.hook.Received(), 1)
}

// The key-locker PIN issued with the check-in answer goes out once, by SMS
// too (it answers the customer's own check-in), carrying the PIN.
func TestKeyLockerPINMessageOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	in := notify.SendInput{Event: appointment.EventInput{AppointmentID: f.ap, CommunicationID: f.com}}
	v, err := f.env.ExecuteActivity(f.acts.SendKeyLockerPIN, in)
	require.NoError(t, err)
	var none notify.SendOutput
	require.NoError(t, v.Get(&none))
	require.Empty(t, none.ReceiverIDs, "no PIN issued: nothing to send")

	lifecycle := &appointment.Activities{DB: f.db, KeySecret: []byte(keySecret)}
	require.NoError(t, lifecycle.IssueKeyLockerPIN(ctx, appointment.IssuePINInput{AppointmentID: f.ap,
		RequestType: enums.KeylockerPinRequestTypeRegNumber, RequestKey: "pin-1"}))
	pin := f.db.KeyLockerCommunication.Query().OnlyX(ctx).Pin
	var out, again notify.SendOutput
	v, err = f.env.ExecuteActivity(f.acts.SendKeyLockerPIN, in)
	require.NoError(t, err)
	require.NoError(t, v.Get(&out))
	v, err = f.env.ExecuteActivity(f.acts.SendKeyLockerPIN, in)
	require.NoError(t, err)
	require.NoError(t, v.Get(&again))
	require.Equal(t, out, again)
	require.Len(t, out.ReceiverIDs, 2)
	for _, id := range out.ReceiverIDs {
		_, err := f.deliver(t, id)
		require.NoError(t, err)
	}
	msgs, mails := f.twilio.Messages(), f.mail.Messages()
	require.Len(t, msgs, 1)
	require.Len(t, mails, 1)
	require.Contains(t, msgs[0].Body, pin)
	require.Contains(t, mails[0].Text, pin)
}

// A drop-off PIN the API gave the locker itself (two-factor off, request
// type 3) is never planned as a message, even when it is the newest PIN
// still waiting to be used; an older PIN asked for by plate still is.
func TestKeyLockerPINGivenToTheLockerIsNeverSent(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	lifecycle := &appointment.Activities{DB: f.db, KeySecret: []byte(keySecret)}
	require.NoError(t, lifecycle.IssueKeyLockerPIN(ctx, appointment.IssuePINInput{AppointmentID: f.ap,
		RequestType: enums.KeylockerPinRequestTypeRegNumber, RequestKey: "pin-1"}))
	asked := f.db.KeyLockerCommunication.Query().OnlyX(ctx)
	tx, err := f.db.Tx(ctx)
	require.NoError(t, err)
	ap := tx.Appointment.GetX(ctx, f.ap)
	pin := "654321"
	if asked.Pin == pin {
		pin = "123456"
	}
	given := keylocker.NewCommunication(tx, ap, enums.KeyLockerCommunicationStatusDropPINSent, pin, keylocker.DropPINExpiry(ap)).SaveX(ctx)
	tx.KeyLockerCommunicationEvent.Create().SetKeyLockerCommunicationID(given.ID).SetType(enums.KeyLockerCommunicationEventTypeDropPINSent).
		SetPinRequestType(enums.KeylockerPinRequestTypeTwoFactorDisabled).ExecX(ctx)
	require.NoError(t, tx.Commit())

	in := notify.SendInput{Event: appointment.EventInput{AppointmentID: f.ap, CommunicationID: f.com}}
	v, err := f.env.ExecuteActivity(f.acts.SendKeyLockerPIN, in)
	require.NoError(t, err)
	var out notify.SendOutput
	require.NoError(t, v.Get(&out))
	require.Len(t, out.ReceiverIDs, 2)
	for _, id := range out.ReceiverIDs {
		_, err := f.deliver(t, id)
		require.NoError(t, err)
	}
	require.Zero(t, f.db.CommunicationReceiver.Query().Where(communicationreceiver.HasKeyLockerCommunicationEventWith(
		keylockercommunicationevent.KeyLockerCommunicationID(given.ID))).CountX(ctx))
	for _, m := range f.twilio.Messages() {
		require.Contains(t, m.Body, asked.Pin)
		require.NotContains(t, m.Body, given.Pin)
	}
	for _, m := range f.mail.Messages() {
		require.Contains(t, m.Text, asked.Pin)
		require.NotContains(t, m.Text, given.Pin)
	}

	// Only the given PIN left waiting: nothing to send.
	f.db.KeyLockerCommunication.UpdateOneID(asked.ID).SetStatus(enums.KeyLockerCommunicationStatusOpened).ExecX(ctx)
	v, err = f.env.ExecuteActivity(f.acts.SendKeyLockerPIN, in)
	require.NoError(t, err)
	var none notify.SendOutput
	require.NoError(t, v.Get(&none))
	require.Empty(t, none.ReceiverIDs)
}

// An answered desk check-in is confirmed by one e-mail, once, where the
// location sends confirmation e-mails; nothing is planned where it does not.
func TestDeskConfirmationOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tablet := f.db.User.Query().Where(user.Email("tablet@demo.pitstop.local")).OnlyX(ctx)
	desk := func(answered bool) int {
		d := f.db.DeskCommunication.Create().SetAppointmentID(f.ap).SetDealerLocationID(f.loc).SetTabletUserID(tablet.ID).SaveX(ctx)
		if answered {
			f.db.DeskCommunicationEvent.Create().SetDeskCommunicationID(d.ID).SetType(enums.DeskCommunicationEventTypeAnswered).ExecX(ctx)
		}
		return d.ID
	}
	confirm := func(id int) (notify.SendOutput, error) {
		v, err := f.env.ExecuteActivity(f.acts.SendDeskConfirmation, id)
		if err != nil {
			return notify.SendOutput{}, err
		}
		var out notify.SendOutput
		require.NoError(t, v.Get(&out))
		return out, nil
	}
	first := desk(true)
	out, err := confirm(first)
	require.NoError(t, err)
	again, err := confirm(first)
	require.NoError(t, err)
	require.Equal(t, out, again)
	require.Len(t, out.ReceiverIDs, 1, "a confirmation is an e-mail")
	require.Equal(t, enums.CommunicationChannelIDEmail, f.receiver(t, out.ReceiverIDs[0]).CommunicationChannelID)
	_, err = f.deliver(t, out.ReceiverIDs[0])
	require.NoError(t, err)
	_, err = f.deliver(t, out.ReceiverIDs[0])
	require.NoError(t, err)
	mails := f.mail.Messages()
	require.Len(t, mails, 1)
	require.Equal(t, []string{"jan.devries@example.com"}, mails[0].To)
	require.Empty(t, f.twilio.Messages())

	_, err = confirm(desk(false))
	requireFinalType(t, err, errtypes.NotFound)

	f.db.CommunicationSetting.Update().Where(communicationsetting.DealerLocationID(f.loc)).SetSendConfirmationEmails(false).ExecX(ctx)
	none, err := confirm(desk(true))
	require.NoError(t, err)
	require.Empty(t, none.ReceiverIDs)
}

func requireFinalType(t *testing.T, err error, typ string) {
	t.Helper()
	var ae *temporal.ApplicationError
	require.True(t, errors.As(err, &ae), "an application error: %v", err)
	require.Equal(t, typ, ae.Type())
	require.True(t, ae.NonRetryable())
}

// The customer's pick-up PIN of an ACSES drop-back booking goes out once
// per booking, naming the locker, with the booking's code as PIN.
func TestAcsesPickUpPINOncePerBooking(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)
	b := f.db.Booking.Create().SetID("bk-drop-back-1").SetLockerSystemID(seed.DemoLockerSystemID).SetAppointmentID(f.ap).
		SetStartDate(now).SetEndDate(now.Add(48 * time.Hour)).SetCode("583920").SetCreatedInAcses(now).
		SetPurpose("drop_back").SetLockerCellNumber("7").SaveX(ctx)
	in := notify.AcsesPINInput{AppointmentID: f.ap, CommunicationID: f.com, BookingID: b.ID}
	var out, again notify.SendOutput
	v, err := f.env.ExecuteActivity(f.acts.SendAcsesPickUpPIN, in)
	require.NoError(t, err)
	require.NoError(t, v.Get(&out))
	v, err = f.env.ExecuteActivity(f.acts.SendAcsesPickUpPIN, in)
	require.NoError(t, err)
	require.NoError(t, v.Get(&again))
	require.Equal(t, out, again)
	require.NotEmpty(t, out.ReceiverIDs)
	kl := f.db.KeyLockerCommunication.Query().WithEvents().OnlyX(ctx)
	require.Equal(t, "583920", kl.Pin)
	require.Len(t, kl.Edges.Events, 1)
	require.Equal(t, enums.KeyLockerCommunicationEventTypePickUpPINSent, kl.Edges.Events[0].Type)
	locker := f.db.LockerSystem.GetX(ctx, seed.DemoLockerSystemID)
	require.Equal(t, locker.Name, kl.Edges.Events[0].KeyLockerName)
	for _, id := range out.ReceiverIDs {
		_, err := f.deliver(t, id)
		require.NoError(t, err)
	}
	require.Len(t, f.twilio.Messages(), 1)
	require.Contains(t, f.twilio.Messages()[0].Body, "583920")

	_, err = f.env.ExecuteActivity(f.acts.SendAcsesPickUpPIN, notify.AcsesPINInput{AppointmentID: f.ap + 1, CommunicationID: f.com, BookingID: b.ID})
	requireFinalType(t, err, errtypes.NotFound)
}

// The online check-in tells the appointment's kiosk code only where the
// location has kiosks; the code is given once (the first message) and
// stays the same, and it is stored sealed.
func TestOnlineCheckInTellsTheKioskCodeOnlyWhereKiosksAreEnabled(t *testing.T) {
	ctx := context.Background()
	for _, enabled := range []bool{false, true} {
		f := newFixture(t)
		f.db.DealerLocation.UpdateOneID(f.loc).SetIsKioskEnabled(enabled).ExecX(ctx)
		out := f.send(t, notify.KindOnlineCheckIn, enums.CommunicationEventTypeOnlineCheckInSent, "check-in-sent-1")
		code := f.db.Appointment.GetX(ctx, f.ap).KioskCode
		require.Len(t, code, kioskcheckin.CodeDigits)
		f.send(t, notify.KindOnlineCheckIn, enums.CommunicationEventTypeOnlineCheckInSent, "check-in-sent-2")
		require.Equal(t, code, f.db.Appointment.GetX(ctx, f.ap).KioskCode, "the code is given once")
		var stored string
		require.NoError(t, f.sql.QueryRowContext(ctx, `SELECT kiosk_code FROM appointments WHERE id = $1`, f.ap).Scan(&stored))
		require.NotContains(t, stored, code, "sealed at rest")
		for _, id := range out.ReceiverIDs {
			_, err := f.deliver(t, id)
			require.NoError(t, err)
		}
		msgs, mails := f.twilio.Messages(), f.mail.Messages()
		require.Len(t, msgs, 1)
		require.Len(t, mails, 1)
		for _, s := range []string{msgs[0].Body, mails[0].Text, mails[0].HTML} {
			if enabled {
				require.Contains(t, s, "type code "+code)
			} else {
				require.NotContains(t, s, code)
			}
		}
	}
}
