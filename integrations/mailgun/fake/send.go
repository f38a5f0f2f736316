package mailgunfake

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"maps"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"time"
)

// Message is one message the fake accepted, as the client posted it.
type Message struct {
	ID        string // without angle brackets, as in events and webhooks
	From      string
	To        []string
	Subject   string
	Text      string
	HTML      string
	Tags      []string
	Variables map[string]string // v: fields
	Headers   map[string]string // h: fields
	Form      url.Values        // every field as posted
	Received  time.Time
}

// Messages returns a copy of every accepted message, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.msgs))
	for i, m := range s.msgs {
		out[i] = *m
		out[i].Variables, out[i].Headers = maps.Clone(m.Variables), maps.Clone(m.Headers)
		out[i].Form = url.Values(maps.Clone(map[string][]string(m.Form)))
	}
	return out
}

// send handles POST /v3/{domain}/messages (multipart or urlencoded).
func (s *Server) send(w http.ResponseWriter, r *http.Request) {
	if !s.domainOK(w, r) {
		return
	}
	if err := r.ParseMultipartForm(10 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		writeMessage(w, http.StatusBadRequest, "could not parse request body")
		return
	}
	if status := s.base.TakeFault(); status != 0 {
		writeMessage(w, status, http.StatusText(status))
		return
	}
	f := r.PostForm
	to, err := recipients(f["to"])
	switch {
	case f.Get("from") == "":
		writeMessage(w, http.StatusBadRequest, "from parameter is missing")
	case len(f["to"]) == 0:
		writeMessage(w, http.StatusBadRequest, "to parameter is missing")
	case f.Get("subject") == "":
		writeMessage(w, http.StatusBadRequest, "subject parameter is missing")
	case f.Get("text") == "" && f.Get("html") == "" && f.Get("template") == "":
		writeMessage(w, http.StatusBadRequest, "Need at least one of 'text', 'html' or 'template' parameters specified")
	case !looksLikeEmail(f.Get("from")):
		writeMessage(w, http.StatusBadRequest, "from parameter is not a valid address. please check documentation")
	case err != nil:
		writeMessage(w, http.StatusBadRequest, "to parameter is not a valid address. please check documentation")
	default:
		m := s.accept(f, to)
		writeJSON(w, http.StatusOK, map[string]string{"id": "<" + m.ID + ">", "message": "Queued. Thank you."})
	}
}

// accept records the message, its "accepted" events and starts delivery.
func (s *Server) accept(f url.Values, to []string) *Message {
	now := time.Now().UTC()
	m := &Message{
		ID:   now.Format("20060102150405") + "." + randHex(8) + "@" + s.domain,
		From: f.Get("from"), To: to, Subject: f.Get("subject"), Text: f.Get("text"), HTML: f.Get("html"),
		Tags: f["o:tag"], Variables: prefixed(f, "v:"), Headers: prefixed(f, "h:"),
		Form: f, Received: now,
	}
	s.mu.Lock()
	s.msgs = append(s.msgs, m)
	for _, rcpt := range to {
		s.events = append(s.events, newEvent("accepted", m, rcpt, now))
	}
	outcome, webhookURL := s.deliverAs, s.webhookURL
	s.mu.Unlock()
	// Once closed, the message stays "accepted" and is never delivered.
	s.base.Go(func(ctx context.Context) { s.deliver(ctx, m, outcome, webhookURL) })
	return m
}

// recipients splits every "to" field into bare addresses.
func recipients(fields []string) ([]string, error) {
	var out []string
	for _, field := range fields {
		list, err := mail.ParseAddressList(field)
		if err != nil {
			return nil, err
		}
		for _, a := range list {
			if !looksLikeEmail(a.Address) {
				return nil, errors.New("bad address")
			}
			out = append(out, a.Address)
		}
	}
	return out, nil
}

// looksLikeEmail wants local@domain.tld, as Mailgun's own check does.
func looksLikeEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return false
	}
	at := strings.LastIndex(a.Address, "@")
	domain := a.Address[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

func prefixed(f url.Values, prefix string) map[string]string {
	out := map[string]string{}
	for k, v := range f {
		if name, ok := strings.CutPrefix(k, prefix); ok && len(v) > 0 {
			out[name] = v[0]
		}
	}
	return out
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Forget deletes the messages with these ids (with or without angle
// brackets), as an erasure asks of the dev outbox (app/devstack); it
// returns how many it deleted.
func (s *Server) Forget(ids ...string) int {
	drop := make(map[string]bool, len(ids))
	for _, id := range ids {
		drop[strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")] = true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.msgs[:0]
	for _, m := range s.msgs {
		if !drop[m.ID] {
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
