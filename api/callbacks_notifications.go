package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/customer"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	mailgun "github.com/pitstop-dev/pitstop/integrations/mailgun/webhook"
	twilio "github.com/pitstop-dev/pitstop/integrations/twilio/webhook"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/routes"
)

// Provider callbacks. Each is authenticated by the provider's signature and
// nothing else:
//
//   - POST /v1/notifications/twilio/status: Twilio's delivery status
//     callback (form, X-Twilio-Signature over our full public URL). Moves the
//     receiver found by MessageSid (or by the receiver_id we put in the
//     callback URL, when the callback overtakes the activity's own write):
//     delivered/read -> 2, failed/undelivered/canceled -> 3 with a reason
//     naming Twilio's ErrorCode; queued/sent and the like change nothing.
//     A final status (2 or 3) never moves again, so repeated and reordered
//     callbacks are harmless. Replies 200 with no body, also for a SID we do
//     not know (Twilio must not retry it), 403 when the signature fails.
//   - POST /v1/notifications/twilio/inbound: an SMS to our number. The
//     opt-out keywords STOP, STOPALL, UNSUBSCRIBE, CANCEL, END and QUIT set
//     block_communication on every customer with that mobile number (private,
//     business, or corrected in a check-in answer); START, UNSTOP and YES (Twilio's
//     opt-in keywords) clear it. Replies 200 text/xml with an empty
//     <Response/> (no auto-reply: Twilio sends its own), 403 when forged.
//   - POST /v1/notifications/mailgun/events: Mailgun's event webhook (JSON,
//     HMAC-SHA256 signature of timestamp+token). delivered -> 2, failed with
//     severity permanent -> 3 with the reason; temporary failures and other
//     events change nothing. A forged signature, a timestamp more than
//     mailgun.WebhookTolerance from now, or a token already used answers 406,
//     which Mailgun documents as "rejected, do not retry". 200 otherwise,
//     also for a message we do not know.
//
// Refused callbacks change nothing. Logs name the route, the receiver and the
// outcome, never signatures, tokens, message bodies or phone numbers.

const (
	maxCallbackBody = 1 << 20
	emptyTwiML      = `<?xml version="1.0" encoding="UTF-8"?><Response/>`
)

// Twilio's default opt-out and opt-in keywords.
var (
	optOutWords = map[string]bool{"STOP": true, "STOPALL": true, "UNSUBSCRIBE": true, "CANCEL": true, "END": true, "QUIT": true}
	optInWords  = map[string]bool{"START": true, "UNSTOP": true, "YES": true}
)

// callbackRoutes mounts the providers' callbacks: delivery statuses from
// Twilio and Mailgun, and inbound SMS (opt-out keywords).
func (s *Server) callbackRoutes(v1 *gin.RouterGroup) {
	r := v1.Group("")
	r.POST(strings.TrimPrefix(routes.TwilioStatusPath, "/v1"), s.twilioStatus)
	r.POST(strings.TrimPrefix(routes.TwilioInboundPath, "/v1"), s.twilioInbound)
	r.POST(strings.TrimPrefix(routes.MailgunEventsPath, "/v1"), s.mailgunEvents)
}

// twilioForm parses the form and checks X-Twilio-Signature against the URL
// Twilio called: our public base URL plus the path and query we received.
func (s *Server) twilioForm(c *gin.Context) (url.Values, bool) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxCallbackBody)
	if err := c.Request.ParseForm(); err != nil {
		invalid(c, "invalid form payload")
		return nil, false
	}
	fullURL := strings.TrimRight(s.APIBaseURL, "/") + c.Request.URL.RequestURI()
	if !twilio.ValidateCallback(s.TwilioAuthToken, fullURL, c.Request.PostForm, c.GetHeader("X-Twilio-Signature")) {
		s.Log.Warn("twilio callback refused: bad signature", "route", c.FullPath())
		fail(c, http.StatusForbidden, "invalid Twilio signature")
		return nil, false
	}
	// Values reach PostgreSQL queries and rows: text it cannot store (NUL,
	// invalid UTF-8) is refused, never a 500 (issue 14, found by fuzzing).
	for k, vs := range c.Request.PostForm {
		for _, v := range append([]string{k}, vs...) {
			if !storable(v) {
				invalid(c, "invalid form payload: a field is not valid text")
				return nil, false
			}
		}
	}
	return c.Request.PostForm, true
}

// twilioOutcome maps a Twilio message status to the spec's receiver status;
// ok is false for statuses that are not final.
func twilioOutcome(status, errorCode string) (enums.CommunicationReceiverStatus, string, bool) {
	switch strings.ToLower(status) {
	case "delivered", "read":
		return enums.CommunicationReceiverStatusReceived, "", true
	case "failed", "undelivered", "canceled":
		reason := "twilio: message " + strings.ToLower(status)
		if errorCode != "" {
			reason += " (error " + errorCode + ")"
		}
		return enums.CommunicationReceiverStatusFailed, reason, true
	}
	return 0, "", false
}

func (s *Server) twilioStatus(c *gin.Context) {
	ctx := c.Request.Context() // not c: gin reuses it once the handler returns
	form, ok := s.twilioForm(c)
	if !ok {
		return
	}
	sid := firstNonEmpty(form.Get("MessageSid"), form.Get("SmsSid"))
	status := firstNonEmpty(form.Get("MessageStatus"), form.Get("SmsStatus"))
	if sid == "" {
		invalid(c, "MessageSid: required")
		return
	}
	r, err := s.DB.CommunicationReceiver.Query().Where(communicationreceiver.TwilioMessageSid(sid)).First(ctx)
	if ent.IsNotFound(err) {
		// The callback may overtake the activity's write of the SID: the
		// signed URL names the receiver.
		r, err = s.receiverByParam(ctx, c, sid)
	}
	if ent.IsNotFound(err) {
		s.Log.Info("twilio status for an unknown message ignored", "status", status)
		c.Status(http.StatusOK)
		return
	}
	if err != nil {
		internal(c, err)
		return
	}
	if r.TwilioMessageSid == "" {
		if err := s.DB.CommunicationReceiver.Update().Where(communicationreceiver.ID(r.ID), communicationreceiver.TwilioMessageSid("")).
			SetTwilioMessageSid(sid).SetSmsGatewayID(enums.SMSGatewayTwilio).Exec(ctx); err != nil {
			internal(c, err)
			return
		}
	}
	next, reason, final := twilioOutcome(status, form.Get("ErrorCode"))
	moved, err := s.settle(ctx, r.ID, final, next, reason)
	if err != nil {
		internal(c, err)
		return
	}
	s.Log.Info("twilio status", "receiver_id", r.ID, "status", status, "moved", moved)
	c.Status(http.StatusOK)
}

// receiverByParam finds the SMS receiver named by the callback URL, if it
// has no other SID yet.
func (s *Server) receiverByParam(ctx context.Context, c *gin.Context, sid string) (*ent.CommunicationReceiver, error) {
	id, err := strconv.Atoi(c.Query(routes.ReceiverParam))
	if err != nil || id <= 0 {
		return nil, &ent.NotFoundError{}
	}
	return s.DB.CommunicationReceiver.Query().Where(communicationreceiver.ID(id),
		communicationreceiver.CommunicationChannelIDEQ(enums.CommunicationChannelIDSMS),
		communicationreceiver.TwilioMessageSidIn("", sid)).Only(ctx)
}

// settle moves a receiver still at 1 (sent) to a final status; a final
// status never changes again. It reports whether the row moved.
func (s *Server) settle(ctx context.Context, id int, final bool, to enums.CommunicationReceiverStatus, reason string) (bool, error) {
	if !final {
		return false, nil
	}
	n, err := s.DB.CommunicationReceiver.Update().Where(communicationreceiver.ID(id),
		communicationreceiver.StatusEQ(enums.CommunicationReceiverStatusSent)).SetStatus(to).SetReason(reason).Save(ctx)
	return n > 0, err
}

func (s *Server) twilioInbound(c *gin.Context) {
	ctx := c.Request.Context() // not c: gin reuses it once the handler returns
	form, ok := s.twilioForm(c)
	if !ok {
		return
	}
	from := strings.TrimSpace(form.Get("From"))
	kw := strings.ToUpper(strings.TrimSpace(form.Get("Body")))
	if from != "" && (optOutWords[kw] || optInWords[kw]) {
		block := optOutWords[kw]
		n, err := s.setBlocked(ctx, from, block)
		if err != nil {
			internal(c, err)
			return
		}
		s.Log.Info("inbound SMS keyword", "keyword", kw, "block_communication", block, "customers", n)
	}
	c.Data(http.StatusOK, "text/xml; charset=utf-8", []byte(emptyTwiML))
}

// setBlocked sets block_communication on every customer reachable at
// number: their own mobile numbers, or the one they gave in a check-in answer.
func (s *Server) setBlocked(ctx context.Context, number string, block bool) (int, error) {
	match := []string{number}
	if rest, ok := strings.CutPrefix(number, "+"); ok {
		match = append(match, "00"+rest) // the same number as some DMSs store it
	}
	ids, err := s.DB.Customer.Query().Where(customer.Or(customer.TelMobilePrivateIn(match...), customer.TelMobileBusinessIn(match...))).IDs(ctx)
	if err != nil {
		return 0, err
	}
	corrected, err := s.DB.CustomerCommunication.Query().Where(customercommunication.CorrectPhoneIn(match...)).
		QueryAppointment().QueryCustomerDriver().IDs(ctx)
	if err != nil {
		return 0, err
	}
	ids = append(ids, corrected...)
	if len(ids) == 0 {
		return 0, nil
	}
	return s.DB.Customer.Update().Where(customer.IDIn(ids...)).SetBlockCommunication(block).Save(ctx)
}

func (s *Server) mailgunEvents(c *gin.Context) {
	ctx := c.Request.Context() // not c: gin reuses it once the handler returns
	if s.Mailgun == nil {
		unavailable(c, errors.New("mailgun webhooks: no Mailgun client configured"))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxCallbackBody))
	if err != nil {
		invalid(c, "unreadable body")
		return
	}
	sig, ev, err := mailgun.ParseWebhook(body)
	if err != nil || !storableEvent(ev) {
		// 406: Mailgun does not retry. Text PostgreSQL cannot store (NUL)
		// would fail the receiver's update with a 500 (found by fuzzing).
		fail(c, http.StatusNotAcceptable, "invalid Mailgun webhook payload")
		return
	}
	switch err := s.Mailgun.VerifyWebhook(sig, s.Now()); {
	case errors.Is(err, mailgun.ErrBadSignature), errors.Is(err, mailgun.ErrStaleTimestamp), errors.Is(err, mailgun.ErrReplayedToken):
		s.Log.Warn("mailgun webhook refused", "reason", err.Error())
		fail(c, http.StatusNotAcceptable, "invalid Mailgun signature: "+strings.TrimPrefix(err.Error(), "mailgun: "))
		return
	case err != nil: // no signing key, or the replay cache failed: let Mailgun retry
		unavailable(c, err)
		return
	}
	var (
		next   enums.CommunicationReceiverStatus
		reason string
	)
	switch {
	case ev.Event == "delivered":
		next = enums.CommunicationReceiverStatusReceived
	case ev.Event == "failed" && strings.EqualFold(ev.Severity, "permanent"):
		next, reason = enums.CommunicationReceiverStatusFailed, mailgunReason(ev)
	default: // accepted, opened, temporary failures...: the status stays
		c.Status(http.StatusOK)
		return
	}
	r, err := s.mailgunReceiver(ctx, ev)
	if ent.IsNotFound(err) {
		s.Log.Info("mailgun event for an unknown message ignored", "event", ev.Event)
		c.Status(http.StatusOK)
		return
	}
	if err != nil {
		internal(c, err)
		return
	}
	if r.MailgunMessageID == "" && ev.MessageID != "" {
		if err := s.DB.CommunicationReceiver.Update().Where(communicationreceiver.ID(r.ID), communicationreceiver.MailgunMessageID("")).
			SetMailgunMessageID(ev.MessageID).Exec(ctx); err != nil {
			internal(c, err)
			return
		}
	}
	moved, err := s.settle(ctx, r.ID, true, next, reason)
	if err != nil {
		internal(c, err)
		return
	}
	s.Log.Info("mailgun event", "receiver_id", r.ID, "event", ev.Event, "moved", moved)
	c.Status(http.StatusOK)
}

// mailgunReceiver finds the email receiver of a webhook by Mailgun's message
// id or, when the webhook overtakes the activity's write of that id, by the
// receiver variable every email carries.
func (s *Server) mailgunReceiver(ctx context.Context, ev mailgun.WebhookEvent) (*ent.CommunicationReceiver, error) {
	if ev.MessageID != "" {
		r, err := s.DB.CommunicationReceiver.Query().Where(communicationreceiver.MailgunMessageID(ev.MessageID)).First(ctx)
		if !ent.IsNotFound(err) {
			return r, err
		}
	}
	key := ev.UserVariables[routes.ReceiverVariable]
	if key == "" {
		return nil, &ent.NotFoundError{}
	}
	return s.DB.CommunicationReceiver.Query().Where(communicationreceiver.IdempotencyKey(key),
		communicationreceiver.CommunicationChannelIDEQ(enums.CommunicationChannelIDEmail),
		communicationreceiver.MailgunMessageIDIn("", ev.MessageID)).Only(ctx)
}

// mailgunReason says why Mailgun gave up, e.g. "mailgun: bounce (550 5.1.1 ...)".
func mailgunReason(ev mailgun.WebhookEvent) string {
	reason := "mailgun: " + firstNonEmpty(ev.Reason, "failed")
	switch {
	case ev.DeliveryCode != 0 && ev.DeliveryText != "":
		reason += fmt.Sprintf(" (%d %s)", ev.DeliveryCode, ev.DeliveryText)
	case ev.DeliveryCode != 0:
		reason += fmt.Sprintf(" (%d)", ev.DeliveryCode)
	case ev.DeliveryText != "":
		reason += " (" + ev.DeliveryText + ")"
	}
	return reason
}

// storable: PostgreSQL stores this text (valid UTF-8, no NUL byte).
func storable(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }

// storableEvent: every text of the event that reaches the database is storable.
func storableEvent(ev mailgun.WebhookEvent) bool {
	for _, s := range []string{ev.Event, ev.MessageID, ev.Severity, ev.Reason, ev.DeliveryText} {
		if !storable(s) {
			return false
		}
	}
	return storable(ev.UserVariables[routes.ReceiverVariable])
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
