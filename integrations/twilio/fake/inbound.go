package twiliofake

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// Twilio's default opt-out and opt-in keywords (Advanced Opt-Out off).
var (
	stopWords  = map[string]bool{"STOP": true, "STOPALL": true, "UNSUBSCRIBE": true, "CANCEL": true, "END": true, "QUIT": true}
	startWords = map[string]bool{"START": true, "YES": true, "UNSTOP": true}
)

// SendInbound simulates a customer texting the account's number: it POSTs
// Twilio's incoming-message form, signed, to webhookURL and returns an error
// unless the reply is 2xx. Like Twilio, a STOP keyword opts the sender out
// of further sends (error 21610) and START opts them back in.
func (s *Server) SendInbound(ctx context.Context, webhookURL, from, body string) error {
	return s.SendInboundTo(ctx, webhookURL, from, s.phone, body)
}

// SendInboundTo is SendInbound to one of the account's other numbers (a
// sender pool: the customer answers the number a message came from).
func (s *Server) SendInboundTo(ctx context.Context, webhookURL, from, to, body string) error {
	now := time.Now().UTC()
	m := &Message{
		SID: newSID("SM"), AccountSID: s.sid, From: from, To: to, Body: body,
		Status: "received", Direction: "inbound", DateCreated: now, DateSent: now, DateUpdated: now,
	}
	kw := strings.ToUpper(strings.TrimSpace(body))
	s.mu.Lock()
	s.msgs = append(s.msgs, m)
	switch {
	case stopWords[kw]:
		s.optedOut[from] = true
	case startWords[kw]:
		s.optedOut[from] = false
	}
	s.mu.Unlock()

	form := url.Values{
		"MessageSid":    {m.SID},
		"SmsSid":        {m.SID},
		"SmsMessageSid": {m.SID},
		"AccountSid":    {s.sid},
		"From":          {from},
		"To":            {to},
		"Body":          {body},
		"NumMedia":      {"0"},
		"NumSegments":   {"1"},
		"SmsStatus":     {"received"},
		"ApiVersion":    {"2010-04-01"},
	}
	if stopWords[kw] || startWords[kw] {
		// Twilio tells the webhook which keyword type it handled.
		t := "STOP"
		if startWords[kw] {
			t = "START"
		}
		form.Set("OptOutType", t)
	}
	return s.post(ctx, webhookURL, form)
}
