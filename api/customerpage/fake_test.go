package customerpage

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
)

// fakeAPI is an in-test stand-in for the public customer endpoints: it reads
// spec-shaped CustomerCommunication fixtures from testdata/ and records every
// answer, upload and download it receives.
type fakeAPI struct {
	t  *testing.T
	mu sync.Mutex
	// coms by key: a decoded fixture, changed by answers as the API would.
	coms map[string]map[string]any
	// dropNext makes the next answer on a key be processed and its response
	// lost (the connection is closed): the customer's phone sees a network error.
	dropNext map[string]bool
	requests []recorded
	uploads  int
}

type recorded struct {
	Path string
	Key  string
	Body string
}

// fakeKeys: key -> fixture and language of its location.
var fakeKeys = map[string][2]string{
	"CHECKIN1":    {"checkin", "en-GB"},
	"CHECKINDROP": {"checkin", "en-GB"},
	"DIAG1":       {"diagnose", "en-GB"},
	"REPAIR1":     {"repair", "en-GB"},
	"CLOSED1":     {"closed", "en-GB"},
	"CHECKINNL":   {"checkin", "nl-NL"},
	"DIAGNL":      {"diagnose", "nl-NL"},
	"REPAIRNL":    {"repair", "nl-NL"},
	"CLOSEDNL":    {"closed", "nl-NL"},
	"REPAIRGB":    {"repair", "en-GB"},
	"CHECKINFR":   {"checkin", "fr-FR"},
	"DIAGFR":      {"diagnose", "fr-FR"},
	"REPAIRFR":    {"repair", "fr-FR"},
	"CLOSEDFR":    {"closed", "fr-FR"},
	"CHECKINDE":   {"checkin", "de-DE"},
	"DIAGDE":      {"diagnose", "de-DE"},
	"REPAIRDE":    {"repair", "de-DE"},
	"CLOSEDDE":    {"closed", "de-DE"},
	"KEYBOARD":    {"checkin", "en-GB"},
	"DIAGCH":      {"diagnose", "de-DE"},
	// A diagnose overview with the mechanic's results: answered with v1.
	"INSP1":     {"inspection", "en-GB"},
	"INSPBAD":   {"inspection", "en-GB"},
	"INSPEN":    {"inspection", "en-GB"},
	"INSPNL":    {"inspection", "nl-NL"},
	"INSPFR":    {"inspection", "fr-FR"},
	"INSPDE":    {"inspection", "de-DE"},
	"INSPPAINT": {"inspection", "en-GB"},
	// After the pick-up (issue #25): the repair overview's communication
	// with the feedback question open (feedback), or answered (feedbackDone).
	"FEEDBACK1":    {"feedback", "en-GB"},
	"FEEDBACKEN":   {"feedback", "en-GB"},
	"FEEDBACKNL":   {"feedback", "nl-NL"},
	"FEEDBACKFR":   {"feedback", "fr-FR"},
	"FEEDBACKDE":   {"feedback", "de-DE"},
	"FEEDBACKGONE": {"feedback", "en-GB"},
	"FEEDBACKLATE": {"feedback", "en-GB"},
	"FEEDBACKDONE": {"feedbackDone", "en-GB"},
}

// fakeFeedback: key -> the answer the fake holds that the read does not show
// yet (given meanwhile on another phone), or a refusal of every answer.
var fakeFeedback = map[string]map[string]any{
	"FEEDBACKLATE": {"score": 3.0, "comment": "From the other phone", "answered_at": "2026-12-05T17:00:00Z"},
	"FEEDBACKGONE": {"refuse": appointment.FeedbackNotPickedUp},
}

// fakeCountry: key -> its location's country, where not the fixtures' NL.
var fakeCountry = map[string]string{"REPAIRGB": "GB", "DIAGCH": "ch"}

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{t: t, coms: map[string]map[string]any{}, dropNext: map[string]bool{"CHECKINDROP": true}}
	for key, v := range fakeKeys {
		file := v[0]
		if strings.HasPrefix(file, "feedback") {
			file = "repair"
		}
		b, err := os.ReadFile(filepath.Join("testdata", file+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var com map[string]any
		if err := json.Unmarshal(b, &com); err != nil {
			t.Fatalf("%s: %v", v[0], err)
		}
		com["settings"].(map[string]any)["language_code"] = v[1]
		if c, ok := fakeCountry[key]; ok {
			com["settings"].(map[string]any)["location_country"] = c
			com["appointment"].(map[string]any)["dealer_location"].(map[string]any)["country"] = c
		}
		switch v[0] {
		case "feedback":
			com["feedback"] = map[string]any{"score": nil, "comment": "", "answered_at": nil}
		case "feedbackDone":
			com["feedback"] = map[string]any{"score": 9.0, "comment": "Friendly and quick.", "answered_at": "2026-12-04T16:10:00Z"}
		}
		f.coms[key] = com
	}
	return f
}

func (f *fakeAPI) register(mux *http.ServeMux) {
	mux.HandleFunc("POST /v1/communication/read", f.read)
	mux.HandleFunc("POST /v1/online_checkin/is_acses_available", f.acses)
	mux.HandleFunc("POST /v1/online_checkin/answer", f.answerCheckIn)
	mux.HandleFunc("POST /v2/diagnose_overview/answer", f.answerDiagnose)
	mux.HandleFunc("POST /v1/diagnose_overview/answer", f.answerDiagnoseV1)
	mux.HandleFunc("POST /v1/repair_overview/download", f.download)
	mux.HandleFunc("POST /v1/feedback/answer", f.answerFeedback)
	mux.HandleFunc("POST /v1/communication/upload_attachment", f.upload)
	mux.HandleFunc("GET /img/{name}", image)
	mux.HandleFunc("GET /files/{n}/{name}", image)
}

func (f *fakeAPI) answers(path string) []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []recorded
	for _, r := range f.requests {
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func errorsBody(msg ...string) map[string]any { return map[string]any{"errors": msg} }

// body reads a JSON request, records it and finds its communication; it
// answers 401/503 itself (ok false) as the real API does.
func (f *fakeAPI) body(w http.ResponseWriter, r *http.Request) (map[string]any, string, map[string]any, bool) {
	raw, _ := io.ReadAll(r.Body)
	var req map[string]any
	if err := json.Unmarshal(raw, &req); err != nil {
		writeJSON(w, http.StatusOK, errorsBody("invalid JSON"))
		return nil, "", nil, false
	}
	key, _ := req["key"].(string)
	if key == "" {
		key, _ = req["communication_key"].(string)
	}
	f.mu.Lock()
	f.requests = append(f.requests, recorded{Path: r.URL.Path, Key: key, Body: string(raw)})
	com := f.coms[key]
	f.mu.Unlock()
	switch {
	case key == "DOWN":
		writeJSON(w, http.StatusServiceUnavailable, errorsBody("service temporarily unavailable, try again later"))
		return nil, "", nil, false
	case com == nil:
		writeJSON(w, http.StatusUnauthorized, errorsBody("invalid communication key"))
		return nil, "", nil, false
	}
	return req, key, com, true
}

func (f *fakeAPI) read(w http.ResponseWriter, r *http.Request) {
	_, _, com, ok := f.body(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	writeJSON(w, http.StatusOK, com)
}

func (f *fakeAPI) acses(w http.ResponseWriter, r *http.Request) {
	if _, _, _, ok := f.body(w, r); ok {
		writeJSON(w, http.StatusOK, map[string]bool{"available": true})
	}
}

func status(com map[string]any) int { return int(com["status"].(float64)) }

// lose processes the answer but breaks the connection in the middle of the response.
func (f *fakeAPI) lose(w http.ResponseWriter, key string) bool {
	f.mu.Lock()
	drop := f.dropNext[key]
	delete(f.dropNext, key)
	f.mu.Unlock()
	if !drop {
		return false
	}
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		f.t.Error(err)
		return true
	}
	// Headers, then the connection breaks inside the body. (A connection
	// closed before any byte would be retried by Chrome itself.)
	_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"acses")
	_ = buf.Flush()
	_ = conn.Close()
	return true
}

func (f *fakeAPI) answerCheckIn(w http.ResponseWriter, r *http.Request) {
	req, key, com, ok := f.body(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	if s := status(com); s != 1 && s != 2 {
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, errorsBody("the online check-in is closed"))
		return
	}
	if name, _ := req["customer_name"].(string); strings.TrimSpace(name) == "" {
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, errorsBody("customer_name: required"))
		return
	}
	accepted := map[float64]bool{}
	results, _ := req["results"].([]any)
	for _, x := range results {
		m := x.(map[string]any)
		accepted[m["id"].(float64)], _ = m["accepted"].(bool)
	}
	for _, x := range com["check_in_results"].([]any) {
		m := x.(map[string]any)
		m["accepted"] = accepted[m["id"].(float64)]
	}
	com["status"] = 3.0
	f.mu.Unlock()
	if f.lose(w, key) {
		return
	}
	res := map[string]string{"keylocker_pin": "", "acses_pin": "", "acses_locker_name": ""}
	if drop, _ := req["drop_in_acses_locker"].(bool); drop {
		res["acses_pin"], res["acses_locker_name"] = "482913", "Entrance locker"
	}
	writeJSON(w, http.StatusOK, res)
}

func (f *fakeAPI) answerDiagnose(w http.ResponseWriter, r *http.Request) {
	req, _, com, ok := f.body(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if s := status(com); s != 5 && s != 6 {
		writeJSON(w, http.StatusOK, errorsBody("there is no open diagnose overview to answer"))
		return
	}
	decided := map[float64]float64{}
	list, _ := req["interventions"].([]any)
	for _, x := range list {
		m := x.(map[string]any)
		decided[m["id"].(float64)], _ = m["communication_result_status"].(float64)
	}
	for _, x := range com["appointment"].(map[string]any)["interventions"].([]any) {
		m := x.(map[string]any)
		m["communication_result_status"] = decided[m["id"].(float64)]
	}
	com["status"] = 7.0
	w.WriteHeader(http.StatusOK)
}

// answerDiagnoseV1 is POST /v1/diagnose_overview/answer as the spec has it:
// key, results ([]CommunicationResult: the results read, each with its
// status set to the customer's answer, 2 fix, 3 do not fix, 4 contact me),
// remarks, correct_phone, correct_email, agreement_ids (customer
// communication agreement IDs) and customer_name; nothing else. Every
// result read is answered once; an empty 200 on success.
func (f *fakeAPI) answerDiagnoseV1(w http.ResponseWriter, r *http.Request) {
	req, _, com, ok := f.body(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	allowed := map[string]bool{"key": true, "communication_key": true, "results": true, "remarks": true,
		"correct_phone": true, "correct_email": true, "agreement_ids": true, "customer_name": true}
	var errs []string
	for k := range req {
		if !allowed[k] {
			errs = append(errs, k+": unknown field")
		}
	}
	if s := status(com); s != 5 && s != 6 {
		errs = append(errs, "there is no open diagnose overview to answer")
	}
	if name, _ := req["customer_name"].(string); strings.TrimSpace(name) == "" {
		errs = append(errs, "customer_name: required")
	}
	read := com["diagnose_overview_results"].([]any)
	byID := map[float64]map[string]any{}
	for _, x := range read {
		m := x.(map[string]any)
		byID[m["question_result_id"].(float64)] = m
	}
	list, isList := req["results"].([]any)
	if !isList || len(list) == 0 {
		errs = append(errs, "results: required")
	}
	decided := map[float64]float64{}
	for i, x := range list {
		m, _ := x.(map[string]any)
		id, _ := m["question_result_id"].(float64)
		st, _ := m["status"].(float64)
		switch {
		case byID[id] == nil:
			errs = append(errs, fmt.Sprintf("results[%d]: not a result of this communication", i))
		case decided[id] != 0:
			errs = append(errs, fmt.Sprintf("results[%d]: answered twice", i))
		case st < 2 || st > 4:
			errs = append(errs, fmt.Sprintf("results[%d].status: must be 2, 3 or 4", i))
		case m["title"] != byID[id]["title"] || m["price"] != byID[id]["price"]:
			errs = append(errs, fmt.Sprintf("results[%d]: not the result as read", i))
		}
		decided[id] = st
	}
	if len(errs) == 0 && len(decided) != len(read) {
		errs = append(errs, "results: every result must be answered")
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusOK, errorsBody(errs...))
		return
	}
	for _, l := range []string{"diagnose_overview_results", "results"} {
		for _, x := range com[l].([]any) {
			m := x.(map[string]any)
			m["status"] = decided[m["question_result_id"].(float64)]
		}
	}
	com["status"] = 7.0
	w.WriteHeader(http.StatusOK)
}

// answerFeedback is POST /v1/feedback/answer as api/customer and
// FeedbackWorkflow answer it: key, score (a whole number 0-10, required)
// and comment (at most contracts/appointment.MaxFeedbackCommentLen
// characters); nothing else. One answer per appointment: the same answer
// again gets the first one's result, a different one the refusal; none
// before the pick-up. The result is the recorded answer.
func (f *fakeAPI) answerFeedback(w http.ResponseWriter, r *http.Request) {
	req, key, com, ok := f.body(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	allowed := map[string]bool{"key": true, "communication_key": true, "score": true, "comment": true}
	var errs []string
	for k := range req {
		if !allowed[k] {
			errs = append(errs, k+": unknown field")
		}
	}
	score, isNum := req["score"].(float64)
	switch {
	case req["score"] == nil:
		errs = append(errs, "score: required")
	case !isNum || score != float64(int(score)) || score < 0 || score > appointment.FeedbackScoreMax:
		errs = append(errs, fmt.Sprintf("score: must be a whole number between 0 and %d", appointment.FeedbackScoreMax))
	}
	comment, isText := req["comment"].(string)
	if req["comment"] != nil && !isText {
		errs = append(errs, "comment: must be text")
	}
	if n := utf8.RuneCountInString(comment); n > appointment.MaxFeedbackCommentLen {
		errs = append(errs, fmt.Sprintf("comment is %d characters long, at most %d allowed", n, appointment.MaxFeedbackCommentLen))
	}
	fb, _ := com["feedback"].(map[string]any)
	held := fakeFeedback[key]
	switch {
	case len(errs) > 0:
	case fb == nil || held["refuse"] != nil:
		errs = append(errs, appointment.FeedbackNotPickedUp)
	case held != nil && fb["answered_at"] == nil: // given meanwhile elsewhere: the read shows it from now on
		for k, v := range held {
			fb[k] = v
		}
	}
	if len(errs) == 0 && fb["answered_at"] == nil {
		fb["score"], fb["comment"], fb["answered_at"] = score, comment, "2026-12-07T10:00:00Z"
	} else if len(errs) == 0 && (fb["score"] != score || fb["comment"] != comment) {
		errs = append(errs, appointment.FeedbackAlreadyAnswered)
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusOK, errorsBody(errs...))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"appointment_id": 1001, "score": fb["score"], "comment": fb["comment"], "answered_at": fb["answered_at"]})
}

func (f *fakeAPI) download(w http.ResponseWriter, r *http.Request) {
	if _, _, _, ok := f.body(w, r); !ok {
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="repair-overview-WO-1001.pdf"`)
	_, _ = io.WriteString(w, "%PDF-1.4\n% fake repair overview\n%%EOF\n")
}

func (f *fakeAPI) upload(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		writeJSON(w, http.StatusOK, errorsBody(err.Error()))
		return
	}
	key := r.FormValue("key")
	file, hdr, err := r.FormFile("file")
	if err != nil {
		writeJSON(w, http.StatusOK, errorsBody("file: required"))
		return
	}
	_ = file.Close()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, recorded{Path: r.URL.Path, Key: key, Body: hdr.Filename})
	if f.coms[key] == nil {
		writeJSON(w, http.StatusUnauthorized, errorsBody("invalid communication key"))
		return
	}
	f.uploads++
	writeJSON(w, http.StatusOK, map[string]string{"url": fmt.Sprintf("/files/%d/%s", f.uploads, hdr.Filename)})
}

// image draws a placeholder picture: the logo or a mechanic's photo.
func image(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSuffix(r.PathValue("name"), filepath.Ext(r.PathValue("name")))
	w.Header().Set("Content-Type", "image/svg+xml")
	if name == "logo" {
		_, _ = io.WriteString(w, `<svg xmlns="http://www.w3.org/2000/svg" width="180" height="48" viewBox="0 0 180 48">`+
			`<rect width="48" height="48" rx="10" fill="#1b1f24"/><path d="M12 32 L24 14 L36 32 Z" fill="#f4b400"/>`+
			`<text x="58" y="31" font-family="sans-serif" font-size="18" font-weight="700" fill="#1b1f24">Autohuis</text></svg>`)
		return
	}
	colors := map[string]string{"brakes": "#8d6e63", "disc": "#607d8b", "wipers": "#546e7a", "oil": "#3e2723"}
	c := colors[name]
	if c == "" {
		c = "#90a4ae"
	}
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240" viewBox="0 0 320 240">`+
		`<rect width="320" height="240" fill="%s"/><circle cx="160" cy="120" r="70" fill="none" stroke="#eceff1" stroke-width="18"/>`+
		`<circle cx="160" cy="120" r="22" fill="#eceff1"/></svg>`, c)
}
