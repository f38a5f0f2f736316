// Package incadeafake is a real HTTP server speaking the Incadea protocol of
// ../PROTOCOL.md, holding work orders, customers and vehicles a test can
// add, change and cancel, with injectable outages, failures and slow
// answers. The incadea.Client talks to it in tests and in dev.
package incadeafake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/pitstop-dev/pitstop/integrations/incadea"
	"github.com/pitstop-dev/pitstop/integrations/internal/fakehttp"
)

// Defaults used unless overridden by WithAPIKey.
const (
	DefaultAPIKey   = "incadea-test-key"
	DefaultDealerID = "D1"
)

// MileageWrite is one write-back the fake received.
type MileageWrite struct {
	WorkOrderID string
	Mileage     int
	Accepted    bool // false when refused as lower than the stored mileage
	At          time.Time
}

type workOrder struct {
	w                                          incadea.WorkOrder // without vehicle and parties
	vehicleID, driverID, ownerID, contractorID string
	modified                                   time.Time
}

// Server is the fake. Create it with New; always Close it.
type Server struct {
	base fakehttp.Base
	mux  *http.ServeMux

	mu        sync.Mutex
	keys      map[string]string // API key -> dealer id
	now       func() time.Time
	wos       map[string]*workOrder
	vehicles  map[string]incadea.Vehicle
	customers map[string]incadea.Customer
	writes    []MileageWrite
	requests  int
	slowSkip  int
	slowN     int
	slowFor   time.Duration
}

// Option configures a Server.
type Option func(*Server)

// WithAPIKey adds an API key for a dealer (replacing the default key on
// first use). A request only sees its dealer's work orders.
func WithAPIKey(key, dealerID string) Option {
	return func(s *Server) {
		if _, ok := s.keys[DefaultAPIKey]; ok && key != DefaultAPIKey {
			delete(s.keys, DefaultAPIKey)
		}
		s.keys[key] = dealerID
	}
}

// WithClock sets the clock that stamps changes (default time.Now).
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// New starts the fake on 127.0.0.1 with a random port.
func New(opts ...Option) *Server {
	s := &Server{
		keys: map[string]string{DefaultAPIKey: DefaultDealerID}, now: time.Now,
		wos: map[string]*workOrder{}, vehicles: map[string]incadea.Vehicle{}, customers: map[string]incadea.Customer{},
	}
	for _, o := range opts {
		o(s)
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /api/v1/workorders", s.search)
	s.mux.HandleFunc("GET /api/v1/workorders/changes", s.changes)
	s.mux.HandleFunc("GET /api/v1/workorders/{id}", s.get)
	s.mux.HandleFunc("PUT /api/v1/workorders/{id}/mileage", s.writeMileage)
	s.base.Listen(s)
	return s
}

// URL is the base URL for incadea.Config.BaseURL.
func (s *Server) URL() string { return s.base.URL() }

// Close stops the listener (ending slow answers first).
func (s *Server) Close() { s.base.Close() }

// SetDown makes every request fail with a bare 503 until called with false.
func (s *Server) SetDown(down bool) { s.base.SetDown(down) }

// FailNext makes the next n authenticated requests fail with HTTP status and
// an APIError body.
func (s *Server) FailNext(n, status int) { s.base.FailNext(n, status) }

// SlowAfter lets the next skip authenticated requests through normally and
// then holds each of the following n for d before answering (or until the
// client gives up): a timeout in the middle of paging.
func (s *Server) SlowAfter(skip, n int, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slowSkip, s.slowN, s.slowFor = skip, n, d
}

// Requests counts the authenticated requests served (faulted ones too).
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// MileageWrites returns every write-back received, in order.
func (s *Server) MileageWrites() []MileageWrite {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]MileageWrite(nil), s.writes...)
}

// PutCustomer adds or replaces a customer; the work orders naming it count
// as changed.
func (s *Server) PutCustomer(c incadea.Customer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.customers[c.ID] = c
	s.touchLocked(func(o *workOrder) bool {
		return o.driverID == c.ID || o.ownerID == c.ID || o.contractorID == c.ID
	})
}

// PutVehicle adds or replaces a vehicle; the work orders for it count as
// changed.
func (s *Server) PutVehicle(v incadea.Vehicle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.vehicles[v.ID] = v
	s.touchLocked(func(o *workOrder) bool { return o.vehicleID == v.ID })
}

// PutWorkOrder adds or replaces a work order. Its embedded Vehicle, Driver,
// Owner and Contractor are stored as vehicles and customers (replacing any
// with the same id) and referenced by id; DealerID defaults to
// DefaultDealerID; ModifiedAt is set by the fake.
func (s *Server) PutWorkOrder(w incadea.WorkOrder) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.DealerID == "" {
		w.DealerID = DefaultDealerID
	}
	o := &workOrder{}
	if w.Vehicle != nil {
		s.vehicles[w.Vehicle.ID], o.vehicleID = *w.Vehicle, w.Vehicle.ID
	}
	for _, p := range []struct {
		c  *incadea.Customer
		id *string
	}{{w.Driver, &o.driverID}, {w.Owner, &o.ownerID}, {w.Contractor, &o.contractorID}} {
		if p.c != nil {
			s.customers[p.c.ID], *p.id = *p.c, p.c.ID
		}
	}
	w.Vehicle, w.Driver, w.Owner, w.Contractor = nil, nil, nil, nil
	w.Jobs = append([]incadea.Job(nil), w.Jobs...)
	o.w, o.modified = w, s.stamp()
	s.wos[w.ID] = o
}

// UpdateWorkOrder changes a stored work order's own fields (not its vehicle
// or parties: use PutVehicle / PutCustomer). It reports false for an
// unknown id.
func (s *Server) UpdateWorkOrder(id string, change func(*incadea.WorkOrder)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.wos[id]
	if !ok {
		return false
	}
	change(&o.w)
	o.modified = s.stamp()
	return true
}

// Cancel marks a work order canceled, as Incadea reports a cancelled WO.
func (s *Server) Cancel(id string) bool {
	return s.UpdateWorkOrder(id, func(w *incadea.WorkOrder) { w.Canceled = true })
}

// WorkOrder returns a stored work order as the API would serve it.
func (s *Server) WorkOrder(id string) (incadea.WorkOrder, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.wos[id]
	if !ok {
		return incadea.WorkOrder{}, false
	}
	return s.viewLocked(o), true
}

// stamp is the clock without its monotonic reading, so times compare the
// same way before and after a round trip through a cursor.
func (s *Server) stamp() time.Time { return s.now().Round(0) }

func (s *Server) touchLocked(match func(*workOrder) bool) {
	now := s.stamp()
	for _, o := range s.wos {
		if match(o) {
			o.modified = now
		}
	}
}

// viewLocked is the work order with its vehicle and parties resolved.
func (s *Server) viewLocked(o *workOrder) incadea.WorkOrder {
	w := o.w
	w.ModifiedAt = o.modified.UTC().Format(time.RFC3339Nano)
	if v, ok := s.vehicles[o.vehicleID]; ok {
		w.Vehicle = &v
	}
	for _, p := range []struct {
		id  string
		dst **incadea.Customer
	}{{o.driverID, &w.Driver}, {o.ownerID, &w.Owner}, {o.contractorID, &w.Contractor}} {
		if c, ok := s.customers[p.id]; ok {
			*p.dst = &c
		}
	}
	return w
}

// ServeHTTP applies the outage, authentication, injected faults and slow
// answers, in that order, then routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.base.Unavailable(w) {
		return
	}
	s.mu.Lock()
	dealer, ok := s.keys[r.Header.Get(incadea.APIKeyHeader)]
	var slow time.Duration
	if ok {
		s.requests++
		switch {
		case s.slowSkip > 0:
			s.slowSkip--
		case s.slowN > 0:
			s.slowN--
			slow = s.slowFor
		}
	}
	s.mu.Unlock()
	if !ok || r.Header.Get(incadea.APIKeyHeader) == "" {
		writeError(w, http.StatusUnauthorized, incadea.CodeUnauthorized, "missing or unknown API key")
		return
	}
	if status := s.base.TakeFault(); status != 0 {
		writeError(w, status, incadea.CodeInternalError, "injected failure")
		return
	}
	if slow > 0 {
		t := time.NewTimer(slow)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	r.Header.Set("X-Fake-Dealer", dealer) // for the handlers; never from the client
	s.mux.ServeHTTP(w, r)
}

func dealerOf(r *http.Request) string { return r.Header.Get("X-Fake-Dealer") }

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	number, plate := strings.TrimSpace(q.Get("number")), plateKey(q.Get("licensePlate"))
	if (number == "") == (plate == "") {
		writeError(w, http.StatusBadRequest, incadea.CodeBadRequest, "give exactly one of number and licensePlate")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	items := []incadea.WorkOrder{}
	for _, o := range s.sortedLocked(dealerOf(r)) {
		if number != "" && o.w.Number == number {
			items = append(items, s.viewLocked(o))
		}
		if plate != "" {
			if v, ok := s.vehicles[o.vehicleID]; ok && plateKey(v.LicensePlate) == plate {
				items = append(items, s.viewLocked(o))
			}
		}
	}
	writeJSON(w, http.StatusOK, incadea.SearchResult{Items: items})
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.wos[r.PathValue("id")]
	if !ok || o.w.DealerID != dealerOf(r) {
		writeError(w, http.StatusNotFound, incadea.CodeNotFound, "no work order "+r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, s.viewLocked(o))
}

// changes serves keyset pages ordered by (modified, id); the cursor is the
// last key served, so changes made while a client pages never make it skip
// a work order.
func (s *Server) changes(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	since, err := time.Parse(time.RFC3339Nano, q.Get("since"))
	if err != nil {
		writeError(w, http.StatusBadRequest, incadea.CodeBadRequest, "since must be an RFC 3339 time")
		return
	}
	limit := incadea.DefaultPageSize
	if l := q.Get("limit"); l != "" {
		if limit, err = strconv.Atoi(l); err != nil || limit < 1 || limit > incadea.MaxPageSize {
			writeError(w, http.StatusBadRequest, incadea.CodeBadRequest, fmt.Sprintf("limit must be 1..%d", incadea.MaxPageSize))
			return
		}
	}
	var after *key
	if c := q.Get("cursor"); c != "" {
		k, ok := decodeCursor(c)
		if !ok {
			writeError(w, http.StatusBadRequest, incadea.CodeBadRequest, "unknown cursor")
			return
		}
		after = &k
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := incadea.Page{Items: []incadea.WorkOrder{}}
	var last key
	more := false
	for _, o := range s.sortedLocked(dealerOf(r)) {
		k := key{o.modified, o.w.ID}
		if o.modified.Before(since) || (after != nil && !after.less(k)) {
			continue
		}
		if len(p.Items) == limit {
			more = true
			break
		}
		p.Items = append(p.Items, s.viewLocked(o))
		last = k
	}
	if more {
		p.NextCursor = last.encode()
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) writeMileage(w http.ResponseWriter, r *http.Request) {
	var body incadea.MileageWrite
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil || body.Mileage < 0 {
		writeError(w, http.StatusBadRequest, incadea.CodeBadRequest, `body must be {"mileage": <km, not negative>}`)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("id")
	o, ok := s.wos[id]
	if !ok || o.w.DealerID != dealerOf(r) {
		writeError(w, http.StatusNotFound, incadea.CodeNotFound, "no work order "+id)
		return
	}
	rec := MileageWrite{WorkOrderID: id, Mileage: body.Mileage, At: s.stamp()}
	if o.w.Mileage != nil && body.Mileage < *o.w.Mileage {
		s.writes = append(s.writes, rec)
		writeError(w, http.StatusConflict, incadea.CodeMileageLower, fmt.Sprintf("mileage %d is lower than %d", body.Mileage, *o.w.Mileage))
		return
	}
	rec.Accepted = true
	s.writes = append(s.writes, rec)
	km := body.Mileage
	if o.w.Mileage == nil || *o.w.Mileage != km {
		o.w.Mileage, o.modified = &km, s.stamp()
	}
	writeJSON(w, http.StatusOK, body)
}

// sortedLocked lists a dealer's work orders by (modified, id).
func (s *Server) sortedLocked(dealer string) []*workOrder {
	var out []*workOrder
	for _, o := range s.wos {
		if o.w.DealerID == dealer {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return key{out[i].modified, out[i].w.ID}.less(key{out[j].modified, out[j].w.ID})
	})
	return out
}

type key struct {
	t  time.Time
	id string
}

func (a key) less(b key) bool {
	if !a.t.Equal(b.t) {
		return a.t.Before(b.t)
	}
	return a.id < b.id
}

func (k key) encode() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(k.t.UnixNano(), 10) + "|" + k.id))
}

func decodeCursor(c string) (key, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return key{}, false
	}
	ns, id, ok := strings.Cut(string(b), "|")
	n, err := strconv.ParseInt(ns, 10, 64)
	if !ok || err != nil {
		return key{}, false
	}
	return key{time.Unix(0, n), id}, true
}

// plateKey is a registration without separators, upper case.
func plateKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	var e incadea.APIError
	e.Error.Code, e.Error.Message = code, msg
	writeJSON(w, status, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
