package twiliofake

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// listPage is Twilio's list envelope; twilio-go follows next_page_uri.
type listPage struct {
	End             int           `json:"end"`
	FirstPageURI    string        `json:"first_page_uri"`
	NextPageURI     *string       `json:"next_page_uri"`
	Page            int           `json:"page"`
	PageSize        int           `json:"page_size"`
	PreviousPageURI *string       `json:"previous_page_uri"`
	Start           int           `json:"start"`
	URI             string        `json:"uri"`
	Messages        []messageJSON `json:"messages"`
}

// listMessages handles GET .../Messages.json with To, From, DateSent,
// DateSent< and DateSent> filters, newest first, paged by Page/PageSize.
func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("sid") != s.sid {
		writeError(w, http.StatusNotFound, 20404, "The requested resource was not found")
		return
	}
	q := r.URL.Query()
	match, err := filterFrom(q)
	if err != nil {
		writeError(w, http.StatusBadRequest, 20001, err.Error())
		return
	}
	size := clamp(atoiDefault(q.Get("PageSize"), 50), 1, 1000)
	page := max(atoiDefault(q.Get("Page"), 0), 0)

	s.mu.Lock()
	var hits []messageJSON
	// Newest first, as Twilio lists.
	ordered := append([]*Message(nil), s.msgs...)
	sort.SliceStable(ordered, func(i, j int) bool { return ordered[i].DateCreated.After(ordered[j].DateCreated) })
	for _, m := range ordered {
		if match(m) {
			hits = append(hits, m.toJSON())
		}
	}
	s.mu.Unlock()

	start := min(page*size, len(hits))
	end := min(start+size, len(hits))
	path := r.URL.Path
	p := listPage{
		Page: page, PageSize: size, Start: start, End: max(end-1, start),
		URI:          pageURI(path, q, page, size),
		FirstPageURI: pageURI(path, q, 0, size),
		Messages:     append([]messageJSON{}, hits[start:end]...),
	}
	if end < len(hits) {
		next := pageURI(path, q, page+1, size)
		p.NextPageURI = &next
	}
	if page > 0 {
		prev := pageURI(path, q, page-1, size)
		p.PreviousPageURI = &prev
	}
	writeJSON(w, http.StatusOK, p)
}

// fetchMessage handles GET .../Messages/{SID}.json.
func (s *Server) fetchMessage(w http.ResponseWriter, r *http.Request) {
	sid, ok := strings.CutSuffix(r.PathValue("file"), ".json")
	if r.PathValue("sid") != s.sid || !ok {
		writeError(w, http.StatusNotFound, 20404, "The requested resource was not found")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.msgs {
		if m.SID == sid {
			writeJSON(w, http.StatusOK, m.toJSON())
			return
		}
	}
	writeError(w, http.StatusNotFound, 20404, "The requested resource was not found")
}

// filterFrom builds the predicate for the list filters. A message not yet
// sent is dated by its creation, so reconciliation right after a send finds it.
func filterFrom(q url.Values) (func(*Message) bool, error) {
	var preds []func(*Message) bool
	if to := q.Get("To"); to != "" {
		preds = append(preds, func(m *Message) bool { return m.To == to })
	}
	if from := q.Get("From"); from != "" {
		preds = append(preds, func(m *Message) bool { return m.From == from })
	}
	for _, key := range []string{"DateSent", "DateSent<", "DateSent>"} {
		raw := q.Get(key)
		if raw == "" {
			continue
		}
		t, dateOnly, err := parseFilterTime(raw)
		if err != nil {
			return nil, err
		}
		switch key {
		case "DateSent>":
			preds = append(preds, func(m *Message) bool { return !sentAt(m).Before(t) })
		case "DateSent<":
			limit := t
			if dateOnly {
				limit = t.Add(24 * time.Hour)
			}
			preds = append(preds, func(m *Message) bool { return sentAt(m).Before(limit) || sentAt(m).Equal(t) })
		default:
			preds = append(preds, func(m *Message) bool {
				d := sentAt(m)
				if dateOnly {
					return d.Truncate(24 * time.Hour).Equal(t)
				}
				return d.Equal(t)
			})
		}
	}
	return func(m *Message) bool {
		for _, p := range preds {
			if !p(m) {
				return false
			}
		}
		return true
	}, nil
}

func sentAt(m *Message) time.Time {
	if !m.DateSent.IsZero() {
		return m.DateSent
	}
	return m.DateCreated
}

// parseFilterTime accepts the YYYY-MM-DD Twilio documents and the RFC 3339
// twilio-go sends.
func parseFilterTime(raw string) (time.Time, bool, error) {
	if t, err := time.Parse(time.DateOnly, raw); err == nil {
		return t, true, nil
	}
	t, err := time.Parse(time.RFC3339, raw)
	return t.UTC(), false, err
}

func pageURI(path string, q url.Values, page, size int) string {
	v := url.Values{}
	for k, vs := range q {
		if k != "Page" && k != "PageSize" && k != "PageToken" {
			v[k] = vs
		}
	}
	v.Set("PageSize", strconv.Itoa(size))
	v.Set("Page", strconv.Itoa(page))
	return path + "?" + v.Encode()
}

func atoiDefault(s string, d int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return d
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }
