package mailgunfake

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/internal/fakehttp"
)

// Inbound is a customer's e-mail as a Mailgun inbound route forwards it.
type Inbound struct {
	Sender    string // the customer's address
	Recipient string // ours, e.g. reply+<token>@<domain>
	Subject   string
	Text      string
	// MessageID is the e-mail's Message-Id (made up when empty).
	MessageID string
}

// InboundForm is the form a route's forward() action POSTs: recipient,
// sender, from, subject, body-plain, stripped-text, Message-Id, and the
// signature fields timestamp, token and signature (HMAC-SHA256 of
// timestamp+token with the webhook signing key), freshly signed.
func (s *Server) InboundForm(in Inbound) url.Values {
	if in.MessageID == "" {
		in.MessageID = "<" + randHex(12) + "@mail.customer.test>"
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	token := randHex(25)
	s.mu.Lock()
	sig := Sign(s.signingKey, ts, token)
	s.mu.Unlock()
	return url.Values{
		"recipient": {in.Recipient}, "sender": {in.Sender}, "from": {in.Sender}, "To": {in.Recipient},
		"subject": {in.Subject}, "Subject": {in.Subject}, "body-plain": {in.Text}, "stripped-text": {strings.TrimSpace(in.Text)},
		"Message-Id": {in.MessageID}, "message-headers": {`[["Message-Id", "` + in.MessageID + `"]]`},
		"timestamp": {ts}, "token": {token}, "signature": {sig},
	}
}

// SendInbound simulates a customer's e-mail matching an inbound route that
// forwards to routeURL; it fails unless the receiver answers 2xx. Like
// Mailgun, it posts the same form again when asked to retry (PostInbound).
func (s *Server) SendInbound(ctx context.Context, routeURL string, in Inbound) (url.Values, error) {
	form := s.InboundForm(in)
	return form, s.PostInbound(ctx, routeURL, form)
}

// PostInbound posts a route's form as it is (a retry of the same forward).
func (s *Server) PostInbound(ctx context.Context, routeURL string, form url.Values) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, routeURL, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return fakehttp.Deliver(s.client, req, "mailgunfake")
}
