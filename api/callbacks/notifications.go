package callbacks

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

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/optout"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	mailgun "github.com/pitstop-dev/pitstop/integrations/mailgun/webhook"
	twilio "github.com/pitstop-dev/pitstop/integrations/twilio/webhook"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/receiptstore"
	"github.com/pitstop-dev/pitstop/internal/routes"
	optoutcaller "github.com/pitstop-dev/pitstop/workflows/optout/caller"
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
//   - POST /v1/notifications/twilio/inbound: an SMS to our number. An
//     opt-out keyword in any of the four languages (contracts/optout: STOP,
//     AFMELDEN, ARRÊT, ABMELDEN, ...; case and accents ignored) sets
//     block_communication on every customer with that mobile number
//     (private, business, or corrected in a check-in answer), an opt-in
//     word (START, AANMELDEN, DÉMARRER, ANMELDEN, ...) clears it: one
//     workflow per message (workflows/optout) applies it, records it and
//     confirms it in the customer's language, unless Twilio answered its own
//     keyword. Replies 200 text/xml with an empty <Response/>, 403 when
//     forged, 503 when the workflow could not be started (Twilio retries).
//     Any other text is a customer's reply (two-way messages, inbound.go).
//   - POST /v1/notifications/mailgun/inbound: an e-mail reply, forwarded
//     by a Mailgun inbound route (inbound.go).
//   - POST /v1/notifications/mailgun/events: Mailgun's event webhook (JSON,
//     HMAC-SHA256 signature of timestamp+token). delivered -> 2, failed with
//     severity permanent -> 3 with the reason; temporary failures and other
//     events change nothing. A forged signature, a timestamp more than
//     mailgun.WebhookTolerance from now, or a token already used answers 406,
//     which Mailgun documents as "rejected, do not retry". 200 otherwise,
//     also for a message we do not know.
//
// Refused callbacks change nothing; accepted ones record what they say
// through internal/receiptstore. Logs name the route, the receiver and the
// outcome, never signatures, tokens, message bodies or phone numbers.

const (
	maxCallbackBody = 1 << 20
	emptyTwiML      = `<?xml version="1.0" encoding="UTF-8"?><Response/>`
	// maxMessageSID bounds the SID an inbound keyword's workflow ID is made
	// of (Twilio's are 34 characters).
	maxMessageSID = 64
)

// notificationRoutes mounts the providers' callbacks: delivery statuses from
// Twilio and Mailgun, and inbound SMS (opt-out keywords).
func (h *Handlers) notificationRoutes(v1 *gin.RouterGroup) {
	v1.POST(strings.TrimPrefix(routes.TwilioStatusPath, "/v1"), httpx.Handle(h.twilioStatus))
	v1.POST(strings.TrimPrefix(routes.TwilioInboundPath, "/v1"), httpx.Handle(h.twilioInbound))
	v1.POST(strings.TrimPrefix(routes.MailgunEventsPath, "/v1"), httpx.Handle(h.mailgunEvents))
	v1.POST(strings.TrimPrefix(routes.MailgunInboundPath, "/v1"), httpx.Handle(h.mailgunInbound))
}

// twilioForm parses the form and checks X-Twilio-Signature against the URL
// Twilio called: our public base URL plus the path and query we received.
func (h *Handlers) twilioForm(c *gin.Context) (url.Values, error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxCallbackBody)
	if err := c.Request.ParseForm(); err != nil {
		return nil, httpx.Invalid("invalid form payload")
	}
	fullURL := strings.TrimRight(h.APIBaseURL, "/") + c.Request.URL.RequestURI()
	if !twilio.ValidateCallback(h.TwilioAuthToken, fullURL, c.Request.PostForm, c.GetHeader("X-Twilio-Signature")) {
		h.Log.Warn("twilio callback refused: bad signature", "route", c.FullPath())
		return nil, httpx.Fail(http.StatusForbidden, "invalid Twilio signature")
	}
	// Values reach PostgreSQL queries and rows: text it cannot store (NUL,
	// invalid UTF-8) is refused, never a 500 (issue 14, found by fuzzing).
	for k, vs := range c.Request.PostForm {
		for _, v := range append([]string{k}, vs...) {
			if !storable(v) {
				return nil, httpx.Invalid("invalid form payload: a field is not valid text")
			}
		}
	}
	return c.Request.PostForm, nil
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

func (h *Handlers) twilioStatus(c *gin.Context) error {
	ctx := c.Request.Context() // not c: gin reuses it once the handler returns
	form, err := h.twilioForm(c)
	if err != nil {
		return err
	}
	sid := firstNonEmpty(form.Get("MessageSid"), form.Get("SmsSid"))
	status := firstNonEmpty(form.Get("MessageStatus"), form.Get("SmsStatus"))
	if sid == "" {
		return httpx.Invalid("MessageSid: required")
	}
	r, err := h.DB.CommunicationReceiver.Query().Where(communicationreceiver.TwilioMessageSid(sid)).First(ctx)
	if ent.IsNotFound(err) {
		// The callback may overtake the activity's write of the SID: the
		// signed URL names the receiver.
		r, err = h.receiverByParam(ctx, c, sid)
	}
	if ent.IsNotFound(err) {
		h.Log.Info("twilio status for an unknown message ignored", "status", status)
		c.Status(http.StatusOK)
		return nil
	}
	if err != nil {
		return httpx.Internal(err)
	}
	next, reason, final := twilioOutcome(status, form.Get("ErrorCode"))
	rec := receiptstore.Receipt{ReceiverID: r.ID, Final: final, Status: next, Reason: reason}
	if r.TwilioMessageSid == "" {
		rec.TwilioSID = sid
	}
	moved, err := receiptstore.Record(ctx, h.DB.Client, rec)
	if err != nil {
		return httpx.Internal(err)
	}
	h.Log.Info("twilio status", "receiver_id", r.ID, "status", status, "moved", moved)
	c.Status(http.StatusOK)
	return nil
}

// receiverByParam finds the SMS receiver named by the callback URL, if it
// has no other SID yet.
func (h *Handlers) receiverByParam(ctx context.Context, c *gin.Context, sid string) (*ent.CommunicationReceiver, error) {
	id, err := strconv.Atoi(c.Query(routes.ReceiverParam))
	if err != nil || id <= 0 {
		return nil, &ent.NotFoundError{}
	}
	return h.DB.CommunicationReceiver.Query().Where(communicationreceiver.ID(id),
		communicationreceiver.CommunicationChannelIDEQ(enums.CommunicationChannelIDSMS),
		communicationreceiver.TwilioMessageSidIn("", sid)).Only(ctx)
}

func (h *Handlers) twilioInbound(c *gin.Context) error {
	ctx := c.Request.Context() // not c: gin reuses it once the handler returns
	form, err := h.twilioForm(c)
	if err != nil {
		return err
	}
	from := strings.TrimSpace(form.Get("From"))
	sid := firstNonEmpty(form.Get("MessageSid"), form.Get("SmsSid"))
	kw, ok := optout.Classify(form.Get("Body"))
	if from != "" && ok {
		if sid == "" || len(sid) > maxMessageSID {
			return httpx.Invalid("MessageSid: required, at most 64 characters")
		}
		// One workflow per inbound message applies it and confirms it; a
		// failure to start answers 503 so that Twilio retries the webhook.
		in := optout.Input{MessageSID: sid, From: from, Keyword: kw, TwilioAnswered: form.Get("OptOutType") != ""}
		if err := optoutcaller.Start(ctx, h.Temporal, h.TaskQueue, keys.ContactSubject(h.KeySecret, from), in); err != nil {
			return httpx.Unavailable(err)
		}
		h.Log.Info("inbound SMS keyword", "keyword", kw.Word, "kind", string(kw.Kind), "message_sid", sid)
	} else if err := h.smsReply(ctx, form, sid); err != nil {
		return err
	}
	c.Data(http.StatusOK, "text/xml; charset=utf-8", []byte(emptyTwiML))
	return nil
}

func (h *Handlers) mailgunEvents(c *gin.Context) error {
	ctx := c.Request.Context() // not c: gin reuses it once the handler returns
	if h.Mailgun == nil {
		return httpx.Unavailable(errors.New("mailgun webhooks: no Mailgun client configured"))
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxCallbackBody))
	if err != nil {
		return httpx.Invalid("unreadable body")
	}
	sig, ev, err := mailgun.ParseWebhook(body)
	if err != nil || !storableEvent(ev) {
		// 406: Mailgun does not retry. Text PostgreSQL cannot store (NUL)
		// would fail the receiver's update with a 500 (found by fuzzing).
		return httpx.Fail(http.StatusNotAcceptable, "invalid Mailgun webhook payload")
	}
	switch err := h.Mailgun.VerifyWebhook(sig, h.Now()); {
	case errors.Is(err, mailgun.ErrBadSignature), errors.Is(err, mailgun.ErrStaleTimestamp), errors.Is(err, mailgun.ErrReplayedToken):
		h.Log.Warn("mailgun webhook refused", "reason", err.Error())
		return httpx.Fail(http.StatusNotAcceptable, "invalid Mailgun signature: "+strings.TrimPrefix(err.Error(), "mailgun: "))
	case err != nil: // no signing key, or the replay cache failed: let Mailgun retry
		return httpx.Unavailable(err)
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
		return nil
	}
	r, err := h.mailgunReceiver(ctx, ev)
	if ent.IsNotFound(err) {
		h.Log.Info("mailgun event for an unknown message ignored", "event", ev.Event)
		c.Status(http.StatusOK)
		return nil
	}
	if err != nil {
		return httpx.Internal(err)
	}
	rec := receiptstore.Receipt{ReceiverID: r.ID, Final: true, Status: next, Reason: reason}
	if r.MailgunMessageID == "" {
		rec.MailgunID = ev.MessageID
	}
	moved, err := receiptstore.Record(ctx, h.DB.Client, rec)
	if err != nil {
		return httpx.Internal(err)
	}
	h.Log.Info("mailgun event", "receiver_id", r.ID, "event", ev.Event, "moved", moved)
	c.Status(http.StatusOK)
	return nil
}

// mailgunReceiver finds the email receiver of a webhook by Mailgun's message
// id or, when the webhook overtakes the activity's write of that id, by the
// receiver variable every email carries.
func (h *Handlers) mailgunReceiver(ctx context.Context, ev mailgun.WebhookEvent) (*ent.CommunicationReceiver, error) {
	if ev.MessageID != "" {
		r, err := h.DB.CommunicationReceiver.Query().Where(communicationreceiver.MailgunMessageID(ev.MessageID)).First(ctx)
		if !ent.IsNotFound(err) {
			return r, err
		}
	}
	key := ev.UserVariables[routes.ReceiverVariable]
	if key == "" {
		return nil, &ent.NotFoundError{}
	}
	return h.DB.CommunicationReceiver.Query().Where(communicationreceiver.IdempotencyKey(key),
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
