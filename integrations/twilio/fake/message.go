package twiliofake

import (
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"time"
)

// Message is one message the fake has seen, outgoing ("outbound-api") or
// simulated incoming ("inbound").
type Message struct {
	SID                 string
	AccountSID          string
	MessagingServiceSID string
	From                string
	To                  string
	Body                string
	StatusCallback      string
	Status              string
	ErrorCode           int
	Direction           string
	DateCreated         time.Time
	DateSent            time.Time
	DateUpdated         time.Time
	// Form is exactly what the client posted (outgoing messages only).
	Form url.Values
}

// Messages returns a copy of every message, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.msgs))
	for i, m := range s.msgs {
		out[i] = *m
		out[i].Form = cloneValues(m.Form)
	}
	return out
}

// messageJSON is the resource as Twilio serialises it; nil pointers become
// JSON null like Twilio's unset fields.
type messageJSON struct {
	AccountSID          string            `json:"account_sid"`
	APIVersion          string            `json:"api_version"`
	Body                string            `json:"body"`
	DateCreated         string            `json:"date_created"`
	DateSent            *string           `json:"date_sent"`
	DateUpdated         string            `json:"date_updated"`
	Direction           string            `json:"direction"`
	ErrorCode           *int              `json:"error_code"`
	ErrorMessage        *string           `json:"error_message"`
	From                *string           `json:"from"`
	MessagingServiceSID *string           `json:"messaging_service_sid"`
	NumMedia            string            `json:"num_media"`
	NumSegments         string            `json:"num_segments"`
	Price               *string           `json:"price"`
	PriceUnit           string            `json:"price_unit"`
	SID                 string            `json:"sid"`
	Status              string            `json:"status"`
	SubresourceURIs     map[string]string `json:"subresource_uris"`
	To                  string            `json:"to"`
	URI                 string            `json:"uri"`
}

func (m *Message) toJSON() messageJSON {
	base := "/2010-04-01/Accounts/" + m.AccountSID + "/Messages/" + m.SID
	j := messageJSON{
		AccountSID: m.AccountSID, APIVersion: "2010-04-01", Body: m.Body,
		DateCreated: rfc2822(m.DateCreated), DateUpdated: rfc2822(m.DateUpdated),
		Direction: m.Direction, NumMedia: "0", NumSegments: "1", PriceUnit: "USD",
		SID: m.SID, Status: m.Status, To: m.To, URI: base + ".json",
		SubresourceURIs: map[string]string{"media": base + "/Media.json"},
	}
	if !m.DateSent.IsZero() {
		d := rfc2822(m.DateSent)
		j.DateSent = &d
	}
	if m.From != "" {
		j.From = &m.From
	}
	if m.MessagingServiceSID != "" {
		j.MessagingServiceSID = &m.MessagingServiceSID
	}
	if m.ErrorCode != 0 {
		j.ErrorCode = &m.ErrorCode
	}
	return j
}

// rfc2822 formats times as Twilio does: "Mon, 02 Jan 2006 15:04:05 +0000".
func rfc2822(t time.Time) string { return t.UTC().Format(time.RFC1123Z) }

// newSID returns a prefix plus 32 hex digits, the shape of every Twilio SID.
func newSID(prefix string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// Forget deletes the messages with these SIDs, as an erasure asks of the
// dev outbox (app/devstack); it returns how many it deleted.
func (s *Server) Forget(sids ...string) int {
	drop := make(map[string]bool, len(sids))
	for _, sid := range sids {
		drop[sid] = true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.msgs[:0]
	for _, m := range s.msgs {
		if !drop[m.SID] {
			kept = append(kept, m)
		}
	}
	n := len(s.msgs) - len(kept)
	for i := len(kept); i < len(s.msgs); i++ {
		s.msgs[i] = nil
	}
	s.msgs = kept
	return n
}
