package twiliofake

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"time"
	"unicode/utf8"
)

var (
	e164     = regexp.MustCompile(`^\+[1-9]\d{6,14}$`)
	mgSIDRE  = regexp.MustCompile(`^MG[0-9a-fA-F]{32}$`)
	maxChars = 1600 // Twilio's limit for a concatenated body
)

// createMessage handles POST .../Messages.json with Twilio's validations.
func (s *Server) createMessage(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("sid") != s.sid {
		writeError(w, http.StatusNotFound, 20404, "The requested resource was not found")
		return
	}
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, 21620, "Invalid form body")
		return
	}
	if status := s.base.TakeFault(); status != 0 {
		writeError(w, status, 20000+status, http.StatusText(status))
		return
	}
	f := r.PostForm
	to, from, body, svc, cb := f.Get("To"), f.Get("From"), f.Get("Body"), f.Get("MessagingServiceSid"), f.Get("StatusCallback")
	switch {
	case to == "":
		writeError(w, http.StatusBadRequest, 21604, "A 'To' phone number is required.")
	case from == "" && svc == "":
		writeError(w, http.StatusBadRequest, 21603, "A 'From' phone number is required.")
	case svc != "" && !mgSIDRE.MatchString(svc):
		writeError(w, http.StatusBadRequest, 21701, "The Messaging Service Sid "+svc+" is invalid.")
	case body == "":
		writeError(w, http.StatusBadRequest, 21602, "Message body is required.")
	case !e164.MatchString(to):
		writeError(w, http.StatusBadRequest, 21211, fmt.Sprintf("The 'To' number %s is not a valid phone number.", to))
	case utf8.RuneCountInString(body) > maxChars:
		writeError(w, http.StatusBadRequest, 21617, "The concatenated message body exceeds the 1600 character limit.")
	case cb != "" && !isHTTPURL(cb):
		writeError(w, http.StatusBadRequest, 21609, "The StatusCallback URL "+cb+" is not a valid URL.")
	case s.isOptedOut(to):
		writeError(w, http.StatusBadRequest, 21610, "Attempt to send to unsubscribed recipient")
	default:
		m := s.accept(to, from, body, svc, cb, f)
		j := m.toJSON()
		if svc != "" {
			j.From = nil // Twilio assigns the sender later for service sends
		}
		writeJSON(w, http.StatusCreated, j)
	}
}

// accept records an outgoing message and starts its status lifecycle.
func (s *Server) accept(to, from, body, svc, cb string, form url.Values) *Message {
	now := time.Now().UTC()
	m := &Message{
		SID: newSID("SM"), AccountSID: s.sid, MessagingServiceSID: svc,
		From: from, To: to, Body: body, StatusCallback: cb,
		Status: "queued", Direction: "outbound-api",
		DateCreated: now, DateUpdated: now, Form: cloneValues(form),
	}
	if svc != "" {
		m.Status = "accepted"
	}
	snapshot := *m
	s.mu.Lock()
	s.msgs = append(s.msgs, m)
	final, calls := s.deliverAs, !s.noCalls
	s.mu.Unlock()
	// Once closed, the message stays recorded but its status never advances.
	s.base.Go(func(ctx context.Context) { s.lifecycle(ctx, m, final, calls) })
	return &snapshot
}

func (s *Server) isOptedOut(n string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.optedOut[n]
}

func isHTTPURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
