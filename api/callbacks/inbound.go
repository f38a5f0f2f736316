package callbacks

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/conversation"
	mailgun "github.com/pitstop-dev/pitstop/integrations/mailgun/webhook"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	convcaller "github.com/pitstop-dev/pitstop/workflows/conversation/caller"
)

// Customers' replies (two-way messages, issue #25). Each verified message
// starts one InboundMessageWorkflow named after the provider's message id:
// it stores the reply against the appointment of the conversation it
// answers (the SMS pair customer number + our sender number; the e-mail's
// reply+<token> address), closed or not, or unmatched (kept with no
// appointment) when none is found, and opens a task. A repeated webhook
// starts nothing again. Logs carry ids, never numbers, addresses or text.

// smsReply hands a non-keyword SMS to its workflow; an empty message (a
// picture alone) has nothing to store.
func (h *Handlers) smsReply(ctx context.Context, form url.Values, sid string) error {
	from, to, body := strings.TrimSpace(form.Get("From")), strings.TrimSpace(form.Get("To")), form.Get("Body")
	if from == "" || to == "" || strings.TrimSpace(body) == "" {
		return nil
	}
	if sid == "" || len(sid) > maxMessageSID {
		return httpx.Invalid("MessageSid: required, at most 64 characters")
	}
	in := conversation.Inbound{Channel: enums.CommunicationChannelIDSMS, ProviderID: "twilio:" + sid, From: from, To: to,
		Text: conversation.Clip(body)}
	if err := convcaller.Inbound(ctx, h.Temporal, h.TaskQueue, keys.ContactSubject(h.KeySecret, in.From), in); err != nil {
		return httpx.Unavailable(err) // Twilio retries
	}
	h.Log.Info("inbound SMS reply", "message_sid", sid)
	return nil
}

// mailgunInbound: POST /v1/notifications/mailgun/inbound, the form a
// Mailgun route forwards (recipient, sender, subject, body-plain,
// stripped-text, Message-Id, timestamp, token, signature). The signature
// is checked like an event webhook's (HMAC, freshness); a token already
// used is a repeat of the same message, which its workflow ID makes
// harmless, so it is accepted, not refused: Mailgun must not give up on a
// reply whose first delivery we answered 503. 406 (do not retry) for a
// forged or stale one; 200 with a short JSON otherwise, also for a reply
// to an address that is not a conversation (kept unmatched).
func (h *Handlers) mailgunInbound(c *gin.Context) error {
	ctx := c.Request.Context() // not c: gin reuses it once the handler returns
	if h.Mailgun == nil {
		return httpx.Unavailable(errors.New("mailgun inbound: no Mailgun client configured"))
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 4*maxCallbackBody)
	if err := c.Request.ParseMultipartForm(4 * maxCallbackBody); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return httpx.Fail(http.StatusNotAcceptable, "invalid Mailgun inbound payload")
	}
	f := c.Request.PostForm
	sig := mailgun.Signature{Timestamp: f.Get("timestamp"), Token: f.Get("token"), Signature: f.Get("signature")}
	switch err := h.Mailgun.VerifyWebhook(sig, h.Now()); {
	case errors.Is(err, mailgun.ErrReplayedToken): // a repeat: joins the first (see above)
	case errors.Is(err, mailgun.ErrBadSignature), errors.Is(err, mailgun.ErrStaleTimestamp):
		h.Log.Warn("mailgun inbound refused", "reason", err.Error())
		return httpx.Fail(http.StatusNotAcceptable, "invalid Mailgun signature: "+strings.TrimPrefix(err.Error(), "mailgun: "))
	case err != nil:
		return httpx.Unavailable(err)
	}
	msgID := firstNonEmpty(f.Get("Message-Id"), f.Get("message-id"), f.Get("token"))
	text := firstNonEmpty(f.Get("stripped-text"), f.Get("body-plain"))
	for _, v := range []string{f.Get("recipient"), f.Get("sender"), msgID} {
		if !storable(v) {
			return httpx.Fail(http.StatusNotAcceptable, "invalid Mailgun inbound payload: a field is not valid text")
		}
	}
	from := firstNonEmpty(f.Get("sender"), f.Get("from"))
	if f.Get("recipient") == "" || from == "" || strings.TrimSpace(text) == "" {
		return httpx.Fail(http.StatusNotAcceptable, "invalid Mailgun inbound payload: recipient, sender and a text are required")
	}
	// The token of reply+<token>@<domain>; another address of ours keeps
	// its whole recipient, stored unmatched.
	to := conversation.ReplyToken(f.Get("recipient"), h.MailDomain)
	if to == "" {
		to = strings.ToLower(strings.TrimSpace(f.Get("recipient")))
	}
	in := conversation.Inbound{Channel: enums.CommunicationChannelIDEmail, ProviderID: conversation.MailProviderID(msgID),
		From: strings.ToLower(strings.TrimSpace(from)), To: to, Text: conversation.Clip(text)}
	if err := convcaller.Inbound(ctx, h.Temporal, h.TaskQueue, keys.ContactSubject(h.KeySecret, in.From), in); err != nil {
		return httpx.Unavailable(err)
	}
	h.Log.Info("inbound e-mail reply")
	c.JSON(http.StatusOK, gin.H{"message": "reply received"})
	return nil
}
