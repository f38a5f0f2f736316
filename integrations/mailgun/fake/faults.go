package mailgunfake

import (
	"encoding/json"
	"net/http"
)

// FailNext makes the next n sends fail with HTTP status (e.g. 500, 503,
// 429) and Mailgun's {"message": ...} body, without recording the message.
func (s *Server) FailNext(n int, status int) { s.base.FailNext(n, status) }

// SetDown makes every request fail with a bare 503 until called with false.
func (s *Server) SetDown(down bool) { s.base.SetDown(down) }

// DeliverAs sets the outcome of messages accepted from now on: "delivered"
// (default) or "failed" (severity permanent, a hard bounce).
func (s *Server) DeliverAs(event string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deliverAs = event
}

// SetWebhookURL makes the fake POST each delivery outcome to url, signed
// with the webhook signing key; "" turns webhooks off (the default).
func (s *Server) SetWebhookURL(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhookURL = url
}

func writeMessage(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
