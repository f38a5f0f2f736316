package twiliofake

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/internal/fakehttp"
)

// lifecycle advances an accepted message to "sent" and then to its final
// status, POSTing a status callback after each change, as Twilio does.
// It runs under s.base.Go, so Close cancels ctx and waits for it.
func (s *Server) lifecycle(ctx context.Context, m *Message, final string, calls bool) {
	for _, status := range []string{"sent", final} {
		select {
		case <-ctx.Done():
			return
		case <-time.After(s.delay):
		}
		form := s.advance(m, status)
		if calls && m.StatusCallback != "" {
			// Twilio does not retry failed status callbacks; neither do we.
			_ = s.post(ctx, m.StatusCallback, form)
		}
	}
}

// advance applies a status change and returns the callback form for it.
func (s *Server) advance(m *Message, status string) url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now().UTC()
	m.Status, m.DateUpdated = status, now
	if status == "sent" {
		m.DateSent = now
		if m.From == "" {
			m.From = s.phone
		}
	}
	m.ErrorCode = finalErrorCode(status)
	f := url.Values{
		"AccountSid":    {m.AccountSID},
		"ApiVersion":    {"2010-04-01"},
		"From":          {m.From},
		"To":            {m.To},
		"MessageSid":    {m.SID},
		"SmsSid":        {m.SID},
		"MessageStatus": {status},
		"SmsStatus":     {status},
	}
	if m.MessagingServiceSID != "" {
		f.Set("MessagingServiceSid", m.MessagingServiceSID)
	}
	if m.ErrorCode != 0 {
		f.Set("ErrorCode", strconv.Itoa(m.ErrorCode))
	}
	return f
}

// post sends a signed form to a webhook URL and fails on a non-2xx reply.
func (s *Server) post(ctx context.Context, target string, form url.Values) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "TwilioProxy/1.1")
	req.Header.Set("X-Twilio-Signature", Sign(s.token, target, form))
	return fakehttp.Deliver(s.client, req, "twiliofake")
}
