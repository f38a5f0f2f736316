package twiliofake

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// lifecycle advances an accepted message to "sent" and then to its final
// status, POSTing a status callback after each change, as Twilio does.
func (s *Server) lifecycle(m *Message, final string, calls bool) {
	defer s.wg.Done()
	for _, status := range []string{"sent", final} {
		select {
		case <-s.ctx.Done():
			return
		case <-time.After(s.delay):
		}
		form := s.advance(m, status)
		if calls && m.StatusCallback != "" {
			// Twilio does not retry failed status callbacks; neither do we.
			_ = s.post(s.ctx, m.StatusCallback, form)
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
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("twiliofake: webhook replied %d", resp.StatusCode)
	}
	return nil
}
