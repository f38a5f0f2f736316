package mailgunfake

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// event is one stored event; data is its JSON as the Events API and
// webhooks show it.
type event struct {
	name      string
	msgID     string
	recipient string
	vars      map[string]string
	data      map[string]any
}

func newEvent(name string, m *Message, rcpt string, at time.Time) event {
	vars := map[string]any{}
	for k, v := range m.Variables {
		vars[k] = v
	}
	tags := append([]string{}, m.Tags...)
	data := map[string]any{
		"event":            name,
		"id":               randHex(11),
		"timestamp":        float64(at.UnixMicro()) / 1e6,
		"log-level":        "info",
		"recipient":        rcpt,
		"recipient-domain": rcpt[strings.LastIndex(rcpt, "@")+1:],
		"tags":             tags,
		"user-variables":   vars,
		"flags":            map[string]any{"is-authenticated": true, "is-test-mode": false},
		"envelope":         map[string]any{"sender": m.From, "transport": "smtp", "targets": rcpt},
		"message": map[string]any{
			"headers":     map[string]any{"to": strings.Join(m.To, ", "), "message-id": m.ID, "from": m.From, "subject": m.Subject},
			"attachments": []any{},
			"size":        len(m.Text) + len(m.HTML),
		},
	}
	if name == "accepted" {
		data["method"] = "HTTP"
	}
	return event{name: name, msgID: m.ID, recipient: rcpt, vars: m.Variables, data: data}
}

// listEvents handles GET /v3/{domain}/events with the event, recipient,
// message-id and user-variables filters, limit, ascending and paging.
func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) {
	if !s.domainOK(w, r) {
		return
	}
	q := r.URL.Query()
	var wantVars map[string]any
	if raw := q.Get("user-variables"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &wantVars); err != nil {
			writeMessage(w, http.StatusBadRequest, "invalid user-variables filter")
			return
		}
	}
	limit := min(max(atoi(q.Get("limit"), 100), 1), 300)
	offset := max(atoi(q.Get("page"), 0), 0)

	s.mu.Lock()
	var hits []map[string]any
	for _, e := range s.events {
		if matches(e, q, wantVars) {
			hits = append(hits, e.data)
		}
	}
	s.mu.Unlock()
	if q.Get("ascending") != "yes" {
		slices.Reverse(hits) // newest first unless asked otherwise
	}

	start := min(offset, len(hits))
	end := min(start+limit, len(hits))
	page := func(off int) string { return pageURL(r, q, off) }
	writeJSON(w, http.StatusOK, map[string]any{
		"items": append([]map[string]any{}, hits[start:end]...),
		"paging": map[string]string{
			"first": page(0), "next": page(end), "previous": page(max(start-limit, 0)),
			"last": page(max(len(hits)-limit, 0)),
		},
	})
}

func matches(e event, q url.Values, wantVars map[string]any) bool {
	if ev := q.Get("event"); ev != "" && !slices.Contains(strings.Split(ev, " OR "), e.name) {
		return false
	}
	if rc := q.Get("recipient"); rc != "" && rc != e.recipient {
		return false
	}
	if id := q.Get("message-id"); id != "" && strings.Trim(id, "<>") != e.msgID {
		return false
	}
	for k, v := range wantVars {
		got, ok := e.vars[k]
		if !ok {
			return false
		}
		if s, isStr := v.(string); isStr && s != got || !isStr && string(mustJSON(v)) != got {
			return false
		}
	}
	return true
}

// pageURL is an absolute URL for another page, as Mailgun returns and the
// SDK fetches verbatim; built from the request so it works behind prefixes.
func pageURL(r *http.Request, q url.Values, offset int) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	path := r.URL.Path
	if u, err := url.ParseRequestURI(r.RequestURI); err == nil {
		path = u.Path // before any StripPrefix
	}
	v := url.Values{}
	for k, vs := range q {
		v[k] = vs
	}
	v.Set("page", strconv.Itoa(offset))
	return scheme + "://" + r.Host + path + "?" + v.Encode()
}

func atoi(s string, d int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return d
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
