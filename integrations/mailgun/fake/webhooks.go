package mailgunfake

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/internal/fakehttp"
)

// Sign computes a Mailgun webhook signature: hex HMAC-SHA256 of
// timestamp+token keyed by the webhook signing key.
func Sign(signingKey, timestamp, token string) string {
	mac := hmac.New(sha256.New, []byte(signingKey))
	mac.Write([]byte(timestamp + token))
	return hex.EncodeToString(mac.Sum(nil))
}

// deliver waits, records the outcome event for every recipient and, if a
// webhook URL was set when the message was accepted, POSTs it. It runs
// under s.base.Go, so Close cancels ctx and waits for it.
func (s *Server) deliver(ctx context.Context, m *Message, outcome, webhookURL string) {
	select {
	case <-ctx.Done():
		return
	case <-time.After(s.delay):
	}
	for _, rcpt := range m.To {
		e := s.record(m, outcome, rcpt)
		if webhookURL != "" {
			_ = s.post(ctx, webhookURL, e) // like a receiver outage: no retry here
		}
	}
}

// record stores an outcome event with its delivery details.
func (s *Server) record(m *Message, outcome, rcpt string) event {
	e := newEvent(outcome, m, rcpt, time.Now().UTC())
	switch outcome {
	case "failed":
		e.data["severity"] = "permanent"
		e.data["reason"] = "bounce"
		e.data["delivery-status"] = map[string]any{
			"code": 550, "attempt-no": 1, "message": "5.1.1 The email account that you tried to reach does not exist.",
			"description": "",
		}
	default:
		e.data["delivery-status"] = map[string]any{"code": 250, "attempt-no": 1, "message": "OK", "description": ""}
	}
	s.mu.Lock()
	s.events = append(s.events, e)
	s.mu.Unlock()
	return e
}

// SendEvent records an event ("delivered", "failed", ...) for an accepted
// message and POSTs its webhook to webhookURL now; it fails unless the
// receiver answers 2xx. Use it to drive webhook handlers step by step.
func (s *Server) SendEvent(ctx context.Context, webhookURL, messageID, eventName string) error {
	var msg *Message
	s.mu.Lock()
	for _, m := range s.msgs {
		if m.ID == messageID {
			msg = m
		}
	}
	s.mu.Unlock()
	if msg == nil {
		return errors.New("mailgunfake: no message " + messageID)
	}
	for _, rcpt := range msg.To {
		if err := s.post(ctx, webhookURL, s.record(msg, eventName, rcpt)); err != nil {
			return err
		}
	}
	return nil
}

// post sends one event in Mailgun's webhook JSON shape, freshly signed.
func (s *Server) post(ctx context.Context, target string, e event) error {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	token := randHex(25) // Mailgun tokens are 50 hex characters
	s.mu.Lock()
	body, err := json.Marshal(map[string]any{
		"signature":  map[string]string{"timestamp": ts, "token": token, "signature": Sign(s.signingKey, ts, token)},
		"event-data": e.data,
	})
	s.mu.Unlock()
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	return fakehttp.Deliver(s.client, req, "mailgunfake")
}
