package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pitstop-dev/pitstop/internal/keylocker"

	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/routes"
	"github.com/pitstop-dev/pitstop/internal/store"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
	"github.com/pitstop-dev/pitstop/integrations/mailgun"
	"github.com/pitstop-dev/pitstop/integrations/twilio"
	"github.com/pitstop-dev/pitstop/internal/config"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/messages"
)

// Notifier holds the outside channels: Twilio (SMS), Mailgun (email) and the
// dealers' webhooks (third-party control).
type Notifier struct {
	SMS     *twilio.Client
	Email   *mailgun.Client
	Webhook *dealerhook.Client
	// StatusCallbackURL is where Twilio reports delivery (our API).
	StatusCallbackURL string
	// SenderPool are the SMS sender numbers of two-way messages (issue
	// #25); empty: DefaultFrom only, and Twilio's own From when that is
	// empty too (a reply then matches the customer's newest appointment).
	SenderPool  []string
	DefaultFrom string
	// ReplyDomain is the mail domain of e-mails' Reply-To addresses
	// (reply+<token>@ReplyDomain, a Mailgun inbound route); "": no Reply-To.
	ReplyDomain string
}

// NewNotifier builds the real clients from the configuration.
func NewNotifier(cfg config.Config) (*Notifier, error) {
	sms, err := twilio.New(twilio.Config{AccountSID: cfg.Twilio.AccountSID, AuthToken: cfg.Twilio.AuthToken,
		From: cfg.Twilio.From, BaseURL: cfg.Twilio.BaseURL})
	if err != nil {
		return nil, fmt.Errorf("twilio: %w", err)
	}
	email, err := mailgun.New(mailgun.Config{Domain: cfg.Mailgun.Domain, APIKey: cfg.Mailgun.APIKey, From: cfg.Mailgun.From,
		BaseURL: cfg.Mailgun.BaseURL, WebhookSigningKey: cfg.Mailgun.WebhookSigningKey})
	if err != nil {
		return nil, fmt.Errorf("mailgun: %w", err)
	}
	return &Notifier{SMS: sms, Email: email, Webhook: dealerhook.NewClient(nil), StatusCallbackURL: cfg.APIBaseURL + routes.TwilioStatusPath,
		SenderPool: cfg.Twilio.SenderPool, DefaultFrom: cfg.Twilio.From, ReplyDomain: cfg.Mailgun.Domain}, nil
}

// Delivery states of a receiver (ours; the spec's status is 1/2/3).
const (
	stateQueued   = "queued"
	stateSending  = "sending" // a provider call may have happened: reconcile before resending
	stateAccepted = "accepted"
	stateFailed   = "failed"
)

// Reference is the short code printed in every message and used to find an
// SMS at Twilio again: fixed width, so no reference is a prefix of another.
func Reference(receiverID int) string {
	s := strings.ToUpper(strconv.FormatInt(int64(receiverID), 36))
	return "PS" + strings.Repeat("0", max(0, 7-len(s))) + s
}

// planReceivers creates the receivers of a communication event once; a
// retried SendCommunication finds them by the event.
func (a *Activities) planReceivers(ctx context.Context, tx *ent.Tx, in SendInput, ap *ent.Appointment, ev *ent.CommunicationEvent) ([]int, error) {
	existing, err := tx.CommunicationReceiver.Query().Where(communicationreceiver.CommunicationEventID(ev.ID)).All(ctx)
	if err != nil {
		return nil, err
	}
	return a.ensureReceivers(ctx, tx, in, receiverOwner{existing: existing, keyPrefix: *ev.DedupeKey, appointment: ap,
		attach: func(c *ent.CommunicationReceiverCreate) *ent.CommunicationReceiverCreate {
			return c.SetCommunicationEventID(ev.ID)
		}})
}

// loadPlanned reads an appointment with what planning its receivers reads
// of it: its customer, its location and the location's setting.
func loadPlanned(ctx context.Context, tx *ent.Tx, id int) (*ent.Appointment, error) {
	ap, err := tx.Appointment.Query().Where(entappointment.ID(id)).WithCustomerDriver().
		WithLocation(func(q *ent.DealerLocationQuery) { q.WithSetting() }).Only(ctx)
	return ap, store.WrapNotFound(err, "appointment", id)
}

// planInput is what Plan decides from; ap is the appointment as
// loadPlanned reads it, or nil to read it here.
func (a *Activities) planInput(ctx context.Context, tx *ent.Tx, in SendInput, ap *ent.Appointment) (PlanInput, error) {
	if ap == nil {
		var err error
		if ap, err = loadPlanned(ctx, tx, in.Event.AppointmentID); err != nil {
			return PlanInput{}, err
		}
	}
	com, err := tx.CustomerCommunication.Get(ctx, in.Event.CommunicationID)
	if err != nil {
		return PlanInput{}, store.WrapNotFound(err, "communication", in.Event.CommunicationID)
	}
	loc, set := ap.Edges.Location, ap.Edges.Location.Edges.Setting
	if set == nil {
		set = &ent.CommunicationSetting{}
	}
	p := PlanInput{Kind: in.Kind, IsLease: ap.IsLeaseCompany,
		ThirdParty: loc.ThirdPartySendCommunications && loc.ThirdPartyWebhookURL != "", WebhookURL: loc.ThirdPartyWebhookURL,
		SMSForCheckIn: set.IsSmsForOnlineCheckInEnabled, MultipleChannels: set.HasMultipleCommunicationChannels,
		BlockLeaseAuto: set.BlockAutomatedCommunicationForLeaseCustomer}
	switch in.Kind {
	case KindOnlineCheckIn, KindKeyLockerPIN, KindDeskConfirmation, KindAcsesPickUpPIN, KindKeyLockerPickUpPIN: // all answer a check-in
		p.TestingMode, p.TestingEmail, p.TestingPhone = set.CheckInTestingMode, set.CheckInTestingEmail, set.CheckInTestingPhone
	case KindDiagnoseOverview:
		p.TestingMode, p.TestingEmail, p.TestingPhone = set.DiagnoseCcTestingMode, set.DiagnoseCcTestingEmail, set.DiagnoseCcTestingPhone
	case KindRepairOverview, KindCarReady, KindFeedbackInvitation: // all follow the repair
		p.TestingMode, p.TestingEmail, p.TestingPhone = set.RepairCcTestingMode, set.RepairCcTestingEmail, set.RepairCcTestingPhone
	}
	if cu := ap.Edges.CustomerDriver; cu != nil {
		p.BlockCommunication, p.IsLease = cu.BlockCommunication, p.IsLease || cu.IsLeaseCompany
		p.Email = firstOf(com.CorrectEmail, cu.EmailPrivate, cu.EmailBusiness)
		p.Phone = firstOf(com.CorrectPhone, cu.TelMobilePrivate, cu.TelMobileBusiness)
		if cu.PreferredCommunicationChannel != nil {
			p.Preferred = *cu.PreferredCommunicationChannel
		}
	}
	if com.PreferredCommunicationChannel != nil {
		p.Preferred = *com.PreferredCommunicationChannel
	}
	return p, nil
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// DeliverNotification sends one CommunicationReceiver exactly once:
//   - a receiver already accepted or failed is not sent again;
//   - before calling the provider the receiver is marked "sending"; a retry
//     that finds "sending" first asks the provider whether the earlier call
//     got through (Twilio: by the reference in the body; Mailgun: by the
//     receiver variable) and only sends when it did not;
//   - a permanent provider error (bad number, bad address) is recorded as a
//     failed receiver with its reason and not retried; a transient one is
//     returned, and Temporal retries with backoff, losing nothing.
func (a *Activities) DeliverNotification(ctx context.Context, receiverID int) (DeliveryOutput, error) {
	if a.Notify == nil {
		return DeliveryOutput{}, errors.New("no notifier configured")
	}
	r, err := a.DB.CommunicationReceiver.Query().Where(communicationreceiver.ID(receiverID)).WithCommunicationEvent().Only(ctx)
	if err != nil {
		return DeliveryOutput{}, store.WrapNotFound(err, "receiver", receiverID)
	}
	switch r.DeliveryState {
	case stateAccepted, stateFailed:
		return DeliveryOutput{Status: r.Status, Reason: r.Reason}, nil
	case stateSending:
		if found, err := a.reconcile(ctx, r); err != nil || found {
			return DeliveryOutput{Status: enums.CommunicationReceiverStatusSent}, err
		}
	}
	var (
		msg     messages.Message
		payload WebhookPayload
		loc     *ent.DealerLocation // the appointment's, when compose read it
	)
	if answerOf(r) {
		msg, err = a.composeAnswer(ctx, r)
		payload.Kind = KindAnswer
	} else {
		msg, payload, loc, err = a.compose(ctx, r)
	}
	if err != nil {
		return DeliveryOutput{}, err
	}
	// The conversation a reply comes back through (issue #25).
	var sender, replyTo string
	switch r.CommunicationChannelID {
	case enums.CommunicationChannelIDSMS:
		sender, err = a.smsSender(ctx, r.AppointmentID, r.Destination)
	case enums.CommunicationChannelIDEmail:
		replyTo, err = a.replyAddress(ctx, r.AppointmentID, r.Destination)
	}
	if err != nil {
		return DeliveryOutput{}, err
	}
	if err := a.updateReceiver(r).SetDeliveryState(stateSending).AddAttempts(1).SetSmsSender(sender).Exec(ctx); err != nil {
		return DeliveryOutput{}, err
	}
	var providerID string
	var permanent bool
	switch r.CommunicationChannelID {
	case enums.CommunicationChannelIDSMS:
		var res twilio.Result
		res, err = a.Notify.SMS.SendSMS(ctx, twilio.SMS{To: r.Destination, From: sender, Body: msg.SMS, StatusCallback: a.Notify.statusCallback(r.ID)})
		providerID, permanent = res.SID, twilio.IsPermanent(err)
	case enums.CommunicationChannelIDEmail:
		e := mailgun.Email{To: r.Destination, Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML,
			Tags: []string{payload.Kind}, Variables: map[string]string{routes.ReceiverVariable: r.IdempotencyKey}}
		if replyTo != "" {
			e.Headers = map[string]string{"Reply-To": replyTo}
		}
		providerID, err = a.Notify.Email.SendEmail(ctx, e)
		permanent = mailgun.IsPermanent(err)
	case enums.CommunicationChannelIDWebhook:
		providerID, permanent, err = a.deliverWebhook(ctx, r, payload, loc)
	default:
		err, permanent = fmt.Errorf("unknown channel %d", r.CommunicationChannelID), true
	}
	if err != nil && permanent {
		countDelivery(ctx, r.CommunicationChannelID, "failed")
		reason := err.Error()
		// The provider's text may quote the number or address ("The 'To'
		// number +31… is not a valid phone number"): the log gets its code.
		code, status := providerCode(r.CommunicationChannelID, err)
		a.logger().Warn("delivery failed permanently", "receiver_id", r.ID, "channel", int(r.CommunicationChannelID),
			"provider_code", code, "http_status", status)
		if uerr := a.updateReceiver(r).SetDeliveryState(stateFailed).SetStatus(enums.CommunicationReceiverStatusFailed).SetReason(reason).Exec(ctx); uerr != nil {
			return DeliveryOutput{}, uerr
		}
		return DeliveryOutput{Status: enums.CommunicationReceiverStatusFailed, Reason: reason}, nil
	}
	if err != nil {
		countDelivery(ctx, r.CommunicationChannelID, "retried")
		return DeliveryOutput{}, fmt.Errorf("deliver receiver %d: %w", r.ID, err)
	}
	countDelivery(ctx, r.CommunicationChannelID, "accepted")
	return DeliveryOutput{Status: enums.CommunicationReceiverStatusSent}, a.accepted(ctx, r, providerID)
}

// DeliverNotifications delivers the receivers of one send (a text message
// and an email, say) together, each as DeliverNotification does and at the
// same time: one activity for the send instead of one per receiver, so one
// workflow task wakes the lifecycle for all of them (two fewer round trips
// through Temporal per check-in, #24). It waits for every receiver and
// fails, to be retried, when any failed for a passing reason; a retry sends
// none twice (an accepted receiver is left alone, a "sending" one is asked
// of the provider first). Outputs are in receiverIDs' order.
func (a *Activities) DeliverNotifications(ctx context.Context, receiverIDs []int) ([]DeliveryOutput, error) {
	outs := make([]DeliveryOutput, len(receiverIDs))
	errs := make([]error, len(receiverIDs))
	var wg sync.WaitGroup
	for i, id := range receiverIDs {
		wg.Go(func() { outs[i], errs[i] = a.DeliverNotification(ctx, id) })
	}
	wg.Wait()
	return outs, jointDeliveryError(errs)
}

// jointDeliveryError is the error of deliveries run together, as the
// SDK's failure converter must see it (it reads only the outermost error):
// retryable when any of them may be retried (a receiver gone for good must
// not stop the others' retry), else a non-retryable ApplicationError of the
// first final error's type (a joined error would be retried for ever, and
// the lifecycle waits for its deliveries before it continues as new).
func jointDeliveryError(errs []error) error {
	var retry, final []error
	var firstFinal *temporal.ApplicationError
	for _, err := range errs {
		var ae *temporal.ApplicationError
		switch {
		case err == nil:
		case errors.As(err, &ae) && ae.NonRetryable():
			final = append(final, err)
			if firstFinal == nil {
				firstFinal = ae
			}
		default:
			retry = append(retry, err)
		}
	}
	switch {
	case len(retry) > 0:
		return errors.New(errors.Join(retry...).Error())
	case len(final) > 0:
		return temporal.NewNonRetryableApplicationError(errors.Join(final...).Error(), firstFinal.Type(), nil)
	}
	return nil
}

// providerCode is what may be logged of a provider's refusal: its error
// code (Twilio's; 0 for the others) and HTTP status, never its text.
func providerCode(channel enums.CommunicationChannelID, err error) (code, status int) {
	switch channel {
	case enums.CommunicationChannelIDSMS:
		return twilio.ErrorCode(err), twilio.HTTPStatus(err)
	case enums.CommunicationChannelIDEmail:
		return 0, mailgun.StatusCode(err)
	}
	return 0, 0
}

// metricChannels names the channels in metric labels.
var metricChannels = map[enums.CommunicationChannelID]string{enums.CommunicationChannelIDSMS: "sms",
	enums.CommunicationChannelIDEmail: "email", enums.CommunicationChannelIDWebhook: "webhook"}

// countDelivery counts one send's outcome with the provider: accepted,
// failed for good (bad number or address) or retried (an outage). Through
// the activity's metrics handler it reaches the worker's Prometheus
// registry as pitstop_notification_deliveries_total{channel,outcome,...}.
func countDelivery(ctx context.Context, ch enums.CommunicationChannelID, outcome string) {
	if !activity.IsActivity(ctx) {
		return
	}
	channel := metricChannels[ch]
	if channel == "" {
		channel = "other"
	}
	activity.GetMetricsHandler(ctx).WithTags(map[string]string{"channel": channel, "outcome": outcome}).
		Counter("pitstop_notification_deliveries").Inc(1)
}

// updateReceiver updates r's row by one UPDATE: ent's update of one
// entity would wrap it in a transaction of its own and read the row back
// (four statements), twice per delivery, for a result no caller reads.
func (a *Activities) updateReceiver(r *ent.CommunicationReceiver) *ent.CommunicationReceiverUpdate {
	return a.DB.CommunicationReceiver.Update().Where(communicationreceiver.ID(r.ID))
}

func (a *Activities) accepted(ctx context.Context, r *ent.CommunicationReceiver, providerID string) error {
	upd := a.updateReceiver(r).SetDeliveryState(stateAccepted)
	switch r.CommunicationChannelID {
	case enums.CommunicationChannelIDSMS:
		upd.SetTwilioMessageSid(providerID).SetSmsGatewayID(enums.SMSGatewayTwilio)
	case enums.CommunicationChannelIDEmail:
		upd.SetMailgunMessageID(providerID)
	case enums.CommunicationChannelIDWebhook:
		upd.SetWebhookID(providerID)
	}
	return upd.Exec(ctx)
}

// statusCallback is the status callback URL of one receiver's SMS ("" when
// none is configured). Twilio signs the full URL, query included.
func (n *Notifier) statusCallback(receiverID int) string {
	if n.StatusCallbackURL == "" {
		return ""
	}
	sep := "?"
	if strings.Contains(n.StatusCallbackURL, "?") {
		sep = "&"
	}
	return n.StatusCallbackURL + sep + routes.ReceiverParam + "=" + strconv.Itoa(receiverID)
}

// reconcile asks the provider whether an uncertain earlier send arrived.
func (a *Activities) reconcile(ctx context.Context, r *ent.CommunicationReceiver) (bool, error) {
	switch r.CommunicationChannelID {
	case enums.CommunicationChannelIDSMS:
		res, found, err := a.Notify.SMS.FindSent(ctx, r.Destination, r.CreatedAt.Add(-time.Minute), Reference(r.ID))
		if err != nil || !found {
			return false, err
		}
		return true, a.accepted(ctx, r, res.SID)
	case enums.CommunicationChannelIDEmail:
		id, found, err := a.Notify.Email.FindSent(ctx, routes.ReceiverVariable, r.IdempotencyKey)
		if err != nil || !found {
			return false, err
		}
		return true, a.accepted(ctx, r, id)
	}
	return false, nil // dealer webhooks dedupe on webhook-id: sending again is safe
}

// WebhookPayload is what a dealer with third-party control receives instead
// of the customer: the communication key and link to pass on.
type WebhookPayload struct {
	Type             string                       `json:"type"`
	Kind             string                       `json:"kind"`
	EventType        enums.CommunicationEventType `json:"event_type"`
	AppointmentID    int                          `json:"appointment_id"`
	DealerLocationID int                          `json:"dealer_location_id"`
	WONr             string                       `json:"wo_nr"`
	RegNumber        string                       `json:"reg_number"`
	CommunicationKey string                       `json:"communication_key"`
	Link             string                       `json:"link"`
	// PIN is the key-locker PIN, for key_locker_drop_pin only.
	PIN      string          `json:"pin,omitempty"`
	Customer WebhookCustomer `json:"customer"`
}

// WebhookCustomer is who the dealer should notify.
type WebhookCustomer struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// compose renders the message of a receiver (and the webhook payload),
// and returns the appointment's location it read.
func (a *Activities) compose(ctx context.Context, r *ent.CommunicationReceiver) (messages.Message, WebhookPayload, *ent.DealerLocation, error) {
	var (
		kind   messages.Kind
		wkind  string
		evType enums.CommunicationEventType
		comID  int
		pin    string
		// lockerName names an ACSES locker in its pick-up PIN message.
		lockerName string
	)
	switch ev := r.Edges.CommunicationEvent; {
	case ev != nil:
		kind, wkind = kindOf(ev.Type)
		evType, comID = ev.Type, ev.CustomerCommunicationID
	case r.KeyLockerCommunicationEventID != nil:
		var err error
		var kev *ent.KeyLockerCommunicationEvent
		if pin, comID, kev, err = a.pinOf(ctx, r); err != nil {
			return messages.Message{}, WebhookPayload{}, nil, err
		}
		kind, wkind, lockerName = messages.KeyLockerDropPIN, KindKeyLockerPIN, kev.KeyLockerName
		if kev.Type == enums.KeyLockerCommunicationEventTypePickUpPINSent {
			kind, wkind = messages.KeyLockerPickUpPIN, KindKeyLockerPickUpPIN
			if rk := kev.Edges.KeyLockerCommunication.RequestKey; rk != nil && strings.HasPrefix(*rk, keylocker.AcsesRequestKeyPrefix) {
				wkind = KindAcsesPickUpPIN
			}
		}
	case r.DeskCommunicationEventID != nil:
		com, err := a.ensureCommunication(ctx, r.AppointmentID)
		if err != nil {
			return messages.Message{}, WebhookPayload{}, nil, err
		}
		comID, kind, wkind = com.CommunicationID, messages.DeskCheckInConfirmation, KindDeskConfirmation
	case r.ReminderKind != nil:
		com, err := a.ensureCommunication(ctx, r.AppointmentID)
		if err != nil {
			return messages.Message{}, WebhookPayload{}, nil, err
		}
		comID, kind, wkind = com.CommunicationID, messageOf(*r.ReminderKind), *r.ReminderKind
	default:
		return messages.Message{}, WebhookPayload{}, nil, errtypes.NewNotFound("event of receiver", r.ID)
	}
	com, err := a.DB.CustomerCommunication.Get(ctx, comID)
	if err != nil {
		return messages.Message{}, WebhookPayload{}, nil, store.WrapNotFound(err, "communication", comID)
	}
	ap, err := a.DB.Appointment.Query().Where(entappointment.ID(r.AppointmentID)).WithCustomerDriver().
		WithLocation(func(q *ent.DealerLocationQuery) { q.WithSetting().WithDealer() }).Only(ctx)
	if err != nil {
		return messages.Message{}, WebhookPayload{}, nil, store.WrapNotFound(err, "appointment", r.AppointmentID)
	}
	key := keys.Derive(a.KeySecret, keys.Customer, com.ID, com.CustomerKeySalt)
	loc := ap.Edges.Location
	tz, err := time.LoadLocation(loc.TimeZone)
	if err != nil {
		tz = time.UTC
	}
	d := messages.Data{Lang: loc.LanguageCode, LocationName: loc.Name, LocationPhone: loc.PhoneNr, AppointmentDate: ap.TimeCarApp,
		TimeZone: tz, RegNumber: ap.RegNumber, Link: messages.Link(a.PublicBaseURL, key), PIN: pin, Reference: Reference(r.ID),
		LockerName: lockerName}
	if kind == messages.CarReady {
		if err := a.carReady(ctx, ap, &d); err != nil {
			return messages.Message{}, WebhookPayload{}, nil, err
		}
	}
	if kind == messages.OnlineCheckIn && loc.IsKioskEnabled {
		d.KioskCode = ap.KioskCode
	}
	if loc.Edges.Dealer != nil {
		d.DealerName = loc.Edges.Dealer.Name
	}
	if s := loc.Edges.Setting; s != nil {
		d.Color, d.Logo, d.WelcomeText = s.Color, loc.Logo, s.WelcomeText
	}
	payload := WebhookPayload{Type: "communication." + wkind, Kind: wkind, EventType: evType, AppointmentID: ap.ID,
		DealerLocationID: ap.DealerLocationID, WONr: ap.WoNr, RegNumber: ap.RegNumber, CommunicationKey: key, Link: d.Link, PIN: pin}
	if cu := ap.Edges.CustomerDriver; cu != nil {
		d.CustomerName = strings.TrimSpace(cu.FirstName + " " + cu.Surname)
		if cu.LanguageCode != "" {
			d.Lang = enums.LanguageCode(cu.LanguageCode)
		}
		payload.Customer = WebhookCustomer{Name: d.CustomerName, Email: firstOf(com.CorrectEmail, cu.EmailPrivate, cu.EmailBusiness),
			Phone: firstOf(com.CorrectPhone, cu.TelMobilePrivate, cu.TelMobileBusiness)}
	}
	msg, err := a.render(ctx, ap.DealerLocationID, kind, d)
	if err == nil {
		err = a.snapshotSettings(ctx, com, loc.Edges.Setting)
	}
	return msg, payload, loc, err
}

func kindOf(t enums.CommunicationEventType) (messages.Kind, string) {
	switch t {
	case enums.CommunicationEventTypeDiagnoseOverviewCreated, enums.CommunicationEventTypeDiagnoseOverviewResent:
		return messages.DiagnoseOverview, KindDiagnoseOverview
	case enums.CommunicationEventTypeRepairOverviewCreated, enums.CommunicationEventTypeRepairOverviewResent:
		return messages.RepairOverview, KindRepairOverview
	}
	return messages.OnlineCheckIn, KindOnlineCheckIn
}

// deliverWebhook posts the key to the dealer, signed, and keeps the attempt
// in the webhook history. loc is the payload's location when the caller
// has read it; nil: it is read here.
func (a *Activities) deliverWebhook(ctx context.Context, r *ent.CommunicationReceiver, p WebhookPayload, loc *ent.DealerLocation) (string, bool, error) {
	if loc == nil {
		var err error
		if loc, err = a.DB.DealerLocation.Get(ctx, p.DealerLocationID); err != nil {
			return "", false, err
		}
	}
	attempt := 1
	if activity.IsActivity(ctx) {
		attempt = int(activity.GetInfo(ctx).Attempt)
	}
	hook := a.Notify.Webhook
	if hook == nil {
		hook = defaultWebhook
	}
	res, err := hook.Deliver(ctx, r.Destination, []byte(loc.ThirdPartyWebhookSecret), r.IdempotencyKey, p)
	status := strconv.Itoa(res.StatusCode)
	if err != nil && res.StatusCode == 0 {
		status = "error: " + err.Error()
	}
	// The stored copy leaves out the key and PIN: the history is for people.
	logged := p
	logged.CommunicationKey, logged.Link = keys.Redact(p.CommunicationKey), ""
	if logged.PIN != "" {
		logged.PIN = "[redacted]"
	}
	sent, _ := json.Marshal(logged)
	if herr := a.DB.WebhookHistory.Create().SetWebhookEventID(r.IdempotencyKey).SetDirection("out").SetDealerLocationID(loc.ID).
		SetTargetURL(r.Destination).SetSentContent(string(sent)).SetResponseStatus(status).
		SetResponseContent(res.ResponseBody).SetSentDate(a.now()).SetAttempt(attempt).Exec(ctx); herr != nil && !ent.IsConstraintError(herr) {
		return "", false, herr
	}
	return r.IdempotencyKey, dealerhook.IsPermanent(err), err
}

var defaultWebhook = dealerhook.NewClient(nil)

func (a *Activities) logger() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return slog.Default()
}
