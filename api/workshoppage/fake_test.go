package workshoppage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/api/workshop"
	"github.com/pitstop-dev/pitstop/contracts/inspection"
	"github.com/pitstop-dev/pitstop/internal/checklists"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/strictjson"
)

// fakeAPI stands in for the endpoints the workshop screen calls: the staff
// sign-in, GET /v1/workshop/locations, the staff appointment list and the
// workshop inspection endpoints. It answers in their shapes (the Go types of
// api/workshop, internal/checklists and contracts/inspection), applies the
// contract's rules to every answer (inspection.ValidateAnswer, TyreAnswer,
// the question's options) and, like the appointment workflow, records an
// answer once per answer_id (a retry gets the first result). It records
// every request.
type fakeAPI struct {
	t    *testing.T
	mu   sync.Mutex
	zone *time.Location
	// appointments of the location (staff appointment view's fields).
	appointments []map[string]any
	lists        []checklists.Version
	users        map[string]fakeUser // by e-mail
	tokens       map[string]fakeUser // by token
	checks       map[int]*fakeCheck
	nextCheck    int
	requests     []recorded
	// down answers 503 to answers while set: the server is away.
	down bool
}

type fakeUser struct {
	ID     int
	Role   enums.RoleID
	Token  string
	Locs   []int
	Passwd string
}

type fakeCheck struct {
	ID, AppointmentID, ChecklistID, Mechanic int
	Finished                                 bool
	// results by "question:tyre position"; seen answer IDs -> result ID.
	results map[string]*workshop.Result
	seen    map[string]int
	photos  map[string]bool // upload IDs stored
}

type recorded struct {
	Method, Path string
	Body         string
}

const (
	locID      = 3
	mechanicPW = "a good long password"
)

func newFakeAPI(t *testing.T) *fakeAPI {
	zone, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeAPI{t: t, zone: zone, checks: map[int]*fakeCheck{}, nextCheck: 500,
		users: map[string]fakeUser{
			"mechanic@demo.example": {ID: 7, Role: enums.RoleIDMechanic, Token: "tok-mechanic", Locs: []int{locID}, Passwd: mechanicPW},
			"tablet@demo.example":   {ID: 8, Role: enums.RoleIDCounterTablet, Token: "tok-tablet", Locs: []int{locID}, Passwd: mechanicPW},
		}, tokens: map[string]fakeUser{}}
	for _, u := range f.users {
		f.tokens[u.Token] = u
	}
	// Today in Amsterdam: three cars today and a cancelled one, one late
	// yesterday (which is today somewhere west) and one just after midnight
	// tonight (today in UTC and further west): only the three are the
	// mechanic's today.
	now := time.Now().In(zone)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, zone)
	at := func(d time.Duration) string { return day.Add(d).UTC().Format(time.RFC3339) }
	car := func(id int, when, plate, make, model, wo string, waiting bool) map[string]any {
		return map[string]any{"id": id, "dealer_location_id": locID, "wo_nr": wo, "time_car_app": when, "reg_number": plate,
			"car_make": make, "car_model": model, "customer_waiting": waiting, "lifecycle_stage": "in_workshop", "driver_firstname": "Jamie"}
	}
	f.appointments = []map[string]any{
		car(101, at(8*time.Hour+30*time.Minute), "GH-123-K", "Volkswagen", "Golf", "WO-1001", false),
		car(102, at(9*time.Hour+15*time.Minute), "KL-456-M", "Toyota", "Yaris", "WO-1002", true),
		car(103, at(13*time.Hour), "NP-789-R", "Peugeot", "208", "WO-1003", false),
		car(104, at(15*time.Hour), "CA-111-N", "Cancelled", "Car", "WO-1004", false),
		car(190, at(-30*time.Minute), "YE-000-S", "Yesterday", "Late", "WO-0999", false),
		car(191, at(24*time.Hour+15*time.Minute), "TO-000-M", "Tomorrow", "Early", "WO-1999", false),
	}
	f.appointments[3]["lifecycle_stage"] = "cancelled"
	q := func(id int, group string, gOrder, qOrder int, title string, price float64, tyre bool, options ...string) checklists.Question {
		return checklists.Question{ID: id, GroupName: group, GroupOrder: gOrder, QuestionOrder: qOrder, Title: title, DefaultPrice: price,
			ContainsTyreElement: tyre, Options: options}
	}
	f.lists = []checklists.Version{
		{ID: 41, RootID: 41, Version: 1, Template: checklists.Template{DealerID: 1, Name: "Annual inspection", Active: true,
			ChecklistType: enums.ChecklistType(0), Questions: []checklists.Question{
				q(411, "Brakes", 1, 1, "Front brake pads", 189.5, false, "Pads", "Discs"),
				q(412, "Brakes", 1, 2, "Brake fluid", 24.95, false),
				q(413, "Tyres", 2, 1, "Tyre tread depth", 95, true),
			}}},
		{ID: 42, RootID: 42, Version: 1, Template: checklists.Template{DealerID: 1, Name: "Quality control", Active: true,
			ChecklistType: enums.ChecklistType(1), Questions: []checklists.Question{q(421, "Final", 1, 1, "Test drive", 0, false)}}},
	}
	return f
}

func (f *fakeAPI) register(mux *http.ServeMux) {
	mux.HandleFunc("POST /v1/auth/login", f.login)
	mux.HandleFunc("GET /v1/workshop/locations", f.auth(f.locations))
	mux.HandleFunc("GET /v1/appointments", f.auth(f.list))
	mux.HandleFunc("GET /v1/workshop/appointments/{id}/checklists", f.auth(f.checklists))
	mux.HandleFunc("POST /v1/workshop/appointments/{id}/checks", f.auth(f.start))
	mux.HandleFunc("GET /v1/workshop/appointments/{id}/checks/{check}", f.auth(f.check))
	mux.HandleFunc("POST /v1/workshop/appointments/{id}/checks/{check}/answers", f.auth(f.answer))
	mux.HandleFunc("POST /v1/workshop/appointments/{id}/checks/{check}/photos", f.auth(f.photo))
	mux.HandleFunc("POST /v1/workshop/appointments/{id}/checks/{check}/finish", f.auth(f.finish))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, msg ...string) {
	writeJSON(w, status, httpx.ErrorBody{Errors: msg})
}

func (f *fakeAPI) record(r *http.Request, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, recorded{Method: r.Method, Path: r.URL.Path, Body: body})
}

// calls are the recorded requests whose path ends in suffix.
func (f *fakeAPI) calls(suffix string) []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []recorded
	for _, r := range f.requests {
		if strings.HasSuffix(r.Path, suffix) {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakeAPI) setDown(v bool) {
	f.mu.Lock()
	f.down = v
	f.mu.Unlock()
}

type fakeHandler func(w http.ResponseWriter, r *http.Request, u fakeUser)

// auth is RequireStaff and Allow(PermInspection or PermAppointmentsRead).
func (f *fakeAPI) auth(next fakeHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		f.mu.Lock()
		u, known := f.tokens[tok]
		f.mu.Unlock()
		if !ok || !known {
			f.record(r, "")
			fail(w, http.StatusUnauthorized, "missing bearer token")
			return
		}
		perm := httpx.PermInspection
		if r.URL.Path == "/v1/appointments" {
			perm = httpx.PermAppointmentsRead
		}
		if !httpx.RoleMay(u.Role, perm) {
			f.record(r, "")
			fail(w, http.StatusForbidden, "your role may not use this endpoint")
			return
		}
		next(w, r, u)
	}
}

func (f *fakeAPI) login(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	f.record(r, string(raw))
	var req struct{ Email, Password string }
	if err := strictjson.DecodeWith(strings.NewReader(string(raw)), &req, 1<<16, strictjson.Options{DisallowUnknownFields: true}); err != nil {
		fail(w, http.StatusOK, err.Error())
		return
	}
	u, ok := f.users[strings.ToLower(strings.TrimSpace(req.Email))]
	if !ok || u.Passwd != req.Password {
		fail(w, http.StatusUnauthorized, "wrong e-mail or password, or the user is disabled")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"token": u.Token, "expires_at": time.Now().Add(12 * time.Hour).UTC(), "user_id": u.ID,
		"role_id": int(u.Role), "dealer_id": 1, "location_ids": u.Locs})
}

func (f *fakeAPI) locations(w http.ResponseWriter, r *http.Request, u fakeUser) {
	f.record(r, "")
	writeJSON(w, http.StatusOK, map[string]any{"locations": []workshop.Location{{ID: locID, Name: "Autohuis Demo Utrecht",
		TimeZone: "Europe/Amsterdam", LanguageCode: enums.LanguageCodeNlNL, Country: "NL"}}})
}

// list is GET /v1/appointments with the real one's parameters: the
// location is required and the caller's, from/to are RFC 3339.
func (f *fakeAPI) list(w http.ResponseWriter, r *http.Request, u fakeUser) {
	f.record(r, r.URL.RawQuery)
	q := r.URL.Query()
	loc, _ := strconv.Atoi(q.Get("dealer_location_id"))
	if !slices.Contains(u.Locs, loc) {
		fail(w, http.StatusNotFound, "location not found")
		return
	}
	from, err1 := time.Parse(time.RFC3339, q.Get("from"))
	to, err2 := time.Parse(time.RFC3339, q.Get("to"))
	if err := errors.Join(err1, err2); err != nil {
		fail(w, http.StatusOK, "from/to: RFC 3339 timestamps, e.g. 2026-11-24T00:00:00Z")
		return
	}
	out := []map[string]any{}
	for _, a := range f.appointments {
		at, _ := time.Parse(time.RFC3339, a["time_car_app"].(string))
		if !at.Before(from) && at.Before(to) {
			out = append(out, a)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"appointments": out, "page": 1, "page_size": 200})
}

func (f *fakeAPI) appointment(w http.ResponseWriter, r *http.Request) (int, bool) {
	id, _ := strconv.Atoi(r.PathValue("id"))
	for _, a := range f.appointments {
		if a["id"] == id {
			return id, true
		}
	}
	fail(w, http.StatusNotFound, "appointment not found")
	return 0, false
}

func (f *fakeAPI) checklists(w http.ResponseWriter, r *http.Request, u fakeUser) {
	f.record(r, "")
	if _, ok := f.appointment(w, r); !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"checklists": f.lists})
}

func (f *fakeAPI) version(id int) (checklists.Version, bool) {
	for _, v := range f.lists {
		if v.ID == id {
			return v, true
		}
	}
	return checklists.Version{}, false
}

// start: the same mechanic starting the same checklist gets their open check back.
func (f *fakeAPI) start(w http.ResponseWriter, r *http.Request, u fakeUser) {
	raw, _ := io.ReadAll(r.Body)
	f.record(r, string(raw))
	ap, ok := f.appointment(w, r)
	if !ok {
		return
	}
	var b struct {
		ChecklistID   int    `json:"checklist_id"`
		ClientCheckID string `json:"client_check_id"`
	}
	if err := strictjson.DecodeWith(strings.NewReader(string(raw)), &b, 1<<16, strictjson.Options{DisallowUnknownFields: true}); err != nil {
		fail(w, http.StatusOK, err.Error())
		return
	}
	if err := inspection.ValidateStart(inspection.StartCheck{ChecklistID: b.ChecklistID, MechanicID: u.ID, ClientCheckID: b.ClientCheckID}); err != nil {
		e, _ := inspection.AsError(err)
		fail(w, http.StatusOK, e.Problems...)
		return
	}
	v, ok := f.version(b.ChecklistID)
	if !ok {
		fail(w, http.StatusOK, inspection.ErrChecklistGone)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.checks {
		if c.AppointmentID == ap && c.ChecklistID == v.ID && !c.Finished {
			if c.Mechanic != u.ID {
				fail(w, http.StatusOK, inspection.ErrOtherMechanic(c.Mechanic))
				return
			}
			writeJSON(w, http.StatusOK, inspection.StartCheckResult{CheckID: c.ID, ChecklistID: v.ID, ChecklistType: v.ChecklistType})
			return
		}
	}
	f.nextCheck++
	c := &fakeCheck{ID: f.nextCheck, AppointmentID: ap, ChecklistID: v.ID, Mechanic: u.ID, results: map[string]*workshop.Result{},
		seen: map[string]int{}, photos: map[string]bool{}}
	f.checks[c.ID] = c
	writeJSON(w, http.StatusOK, inspection.StartCheckResult{CheckID: c.ID, ChecklistID: v.ID, ChecklistType: v.ChecklistType})
}

func (f *fakeAPI) findCheck(w http.ResponseWriter, r *http.Request) (*fakeCheck, bool) {
	ap, ok := f.appointment(w, r)
	if !ok {
		return nil, false
	}
	id, _ := strconv.Atoi(r.PathValue("check"))
	f.mu.Lock()
	c := f.checks[id]
	f.mu.Unlock()
	if c == nil || c.AppointmentID != ap {
		fail(w, http.StatusNotFound, "check not found")
		return nil, false
	}
	return c, true
}

func (f *fakeAPI) check(w http.ResponseWriter, r *http.Request, u fakeUser) {
	f.record(r, "")
	c, ok := f.findCheck(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	out := workshop.Check{ID: c.ID, AppointmentID: c.AppointmentID, ChecklistID: c.ChecklistID, MechanicID: c.Mechanic, QuestionResults: []workshop.Result{}}
	for _, res := range c.results {
		out.QuestionResults = append(out.QuestionResults, *res)
	}
	writeJSON(w, http.StatusOK, out)
}

type answerBody struct {
	QuestionID    int                        `json:"question_id"`
	AnswerID      string                     `json:"answer_id"`
	Status        enums.QuestionResultStatus `json:"status"`
	MechanicNotes string                     `json:"mechanic_notes"`
	MechanicFixed bool                       `json:"mechanic_fixed"`
	Price         *float64                   `json:"price"`
	Options       []string                   `json:"options"`
	TyrePosition  enums.TyrePosition         `json:"tyre_position"`
	TyreProfile   float64                    `json:"tyre_profile"`
}

func (f *fakeAPI) answer(w http.ResponseWriter, r *http.Request, u fakeUser) {
	raw, _ := io.ReadAll(r.Body)
	f.record(r, string(raw))
	f.mu.Lock()
	down := f.down
	f.mu.Unlock()
	if down {
		fail(w, http.StatusServiceUnavailable, "service temporarily unavailable, try again later")
		return
	}
	c, ok := f.findCheck(w, r)
	if !ok {
		return
	}
	var b answerBody
	if err := strictjson.DecodeWith(strings.NewReader(string(raw)), &b, 1<<16, strictjson.Options{DisallowUnknownFields: true}); err != nil {
		fail(w, http.StatusOK, err.Error())
		return
	}
	a := inspection.Answer{CheckID: c.ID, QuestionID: b.QuestionID, MechanicID: u.ID, AnswerID: b.AnswerID, Status: b.Status,
		MechanicNotes: b.MechanicNotes, MechanicFixed: b.MechanicFixed, Price: b.Price, Options: b.Options,
		TyrePosition: b.TyrePosition, TyreProfile: b.TyreProfile}
	if err := inspection.ValidateAnswer(a); err != nil {
		e, _ := inspection.AsError(err)
		fail(w, http.StatusOK, e.Problems...)
		return
	}
	v, _ := f.version(c.ChecklistID)
	qi := slices.IndexFunc(v.Questions, func(q checklists.Question) bool { return q.ID == b.QuestionID })
	if qi < 0 {
		fail(w, http.StatusOK, inspection.ErrNotInChecklist)
		return
	}
	q := v.Questions[qi]
	if err := inspection.TyreAnswer(q.ContainsTyreElement, b.TyrePosition); err != nil {
		e, _ := inspection.AsError(err)
		fail(w, http.StatusOK, e.Problems...)
		return
	}
	for _, o := range b.Options {
		if !slices.Contains(q.Options, o) {
			fail(w, http.StatusOK, fmt.Sprintf("options: %q is not an option of this question", o))
			return
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if c.Mechanic != u.ID {
		fail(w, http.StatusOK, inspection.ErrOtherMechanic(c.Mechanic))
		return
	}
	if id, seen := c.seen[b.AnswerID]; seen { // the update's ID: a retry gets the first result
		writeJSON(w, http.StatusOK, inspection.AnswerResult{QuestionResultID: id})
		return
	}
	if c.Finished {
		fail(w, http.StatusOK, inspection.ErrCheckFinished)
		return
	}
	key := fmt.Sprintf("%d:%d", b.QuestionID, b.TyrePosition)
	price := q.DefaultPrice
	if b.Price != nil {
		price = *b.Price
	}
	res := c.results[key]
	if res == nil {
		res = &workshop.Result{ID: c.ID*100 + len(c.results) + 1, Images: []workshop.Image{}}
		c.results[key] = res
	}
	images := res.Images
	*res = workshop.Result{ID: res.ID, QuestionID: q.ID, Status: b.Status, Title: q.Title, GroupName: q.GroupName, GroupOrder: q.GroupOrder,
		QuestionOrder: q.QuestionOrder, MechanicNotes: b.MechanicNotes, Price: price, Options: append([]string{}, b.Options...),
		TyrePosition: b.TyrePosition, TyreProfile: b.TyreProfile, Images: images}
	c.seen[b.AnswerID] = res.ID
	writeJSON(w, http.StatusOK, inspection.AnswerResult{QuestionResultID: res.ID})
}

func (f *fakeAPI) photo(w http.ResponseWriter, r *http.Request, u fakeUser) {
	c, ok := f.findCheck(w, r)
	if !ok {
		f.record(r, "")
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		f.record(r, "")
		fail(w, http.StatusOK, "expected a multipart/form-data body with the fields question_id, upload_id and file")
		return
	}
	qid, pos, upload := r.FormValue("question_id"), r.FormValue("tyre_position"), r.FormValue("upload_id")
	f.record(r, fmt.Sprintf("question_id=%s tyre_position=%s upload_id=%s", qid, pos, upload))
	file, _, err := r.FormFile("file")
	if err != nil || upload == "" {
		fail(w, http.StatusOK, "question_id and upload_id (1-64 characters) are required before the file in the form")
		return
	}
	_ = file.Close()
	if pos == "" {
		pos = "0"
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	res := c.results[qid+":"+pos]
	if res == nil {
		fail(w, http.StatusOK, "question_id: answer the question before adding a photo")
		return
	}
	if !c.photos[upload] {
		c.photos[upload] = true
		p, _ := strconv.Atoi(pos)
		res.Images = append(res.Images, workshop.Image{ID: len(c.photos), FileID: fmt.Sprintf("00000000-0000-0000-0000-%012d", len(c.photos)), TyrePosition: enums.TyrePosition(p)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": len(c.photos), "question_result_id": res.ID, "file_id": "x", "content_type": "image/png", "size": 70})
}

func (f *fakeAPI) finish(w http.ResponseWriter, r *http.Request, u fakeUser) {
	f.record(r, "")
	c, ok := f.findCheck(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if c.Mechanic != u.ID {
		fail(w, http.StatusOK, inspection.ErrOtherMechanic(c.Mechanic))
		return
	}
	c.Finished = true
	n := 0
	for _, res := range c.results {
		if inspection.CustomerFacing(res.Status, nil) {
			n++
		}
	}
	writeJSON(w, http.StatusOK, inspection.FinishResult{CheckID: c.ID, Results: len(c.results), CommunicationResults: n, Stage: "inspected"})
}

// results are the check's stored results by "question:tyre position".
func (f *fakeAPI) results(checkID int) map[string]workshop.Result {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]workshop.Result{}
	if c := f.checks[checkID]; c != nil {
		for k, v := range c.results {
			out[k] = *v
		}
	}
	return out
}
