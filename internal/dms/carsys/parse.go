package carsys

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/pitstop-dev/pitstop/internal/dms"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Limits of one push.
const (
	MaxBodyBytes  = 8 << 20 // the HTTP layer should cut the body at this size too
	MaxBatchItems = 500
)

// Options says what the endpoint that received the push knows.
type Options struct {
	// LocationID is the location the endpoint belongs to. An item without
	// location_id gets it; an item naming another location is refused.
	LocationID string
	// DMSID is the dealer location's configured DMS; the spec's DMSID
	// enumeration has no Carsys value, so the caller says which to record.
	// Zero means enums.DMSIDUnset.
	DMSID enums.DMSID
}

// BodyError is a push that cannot be read at all (not JSON, trailing data,
// neither an object nor an array, too big): answer it with 400 and no
// per-item results.
type BodyError struct{ Msg string }

func (e *BodyError) Error() string { return "carsys: " + e.Msg }

// Result is the outcome of one item, in the order the items came. Index is
// the item's position (0 for a single work order); WONr is what the item
// said, when it could be read. An item is Accepted only with no Errors.
type Result struct {
	Index    int      `json:"index"`
	WONr     string   `json:"wo_nr"`
	Accepted bool     `json:"accepted"`
	Errors   []string `json:"errors"`

	// WorkOrder is the mapped work order of an accepted item, Hash its
	// dms hash; for the importer, not for the reply.
	WorkOrder *dms.WorkOrder `json:"-"`
	Hash      string         `json:"-"`
}

// Push is a parsed body.
type Push struct {
	// Batch is true when the body was an array.
	Batch   bool
	Results []Result
}

// Accepted returns the accepted work orders, in order.
func (p *Push) Accepted() []dms.WorkOrder {
	var out []dms.WorkOrder
	for _, r := range p.Results {
		if r.Accepted {
			out = append(out, *r.WorkOrder)
		}
	}
	return out
}

// Parse reads a push body: one work order as a JSON object, or a batch as a
// JSON array of such objects. A body that is not that is a *BodyError. In a
// batch every item is judged alone: a bad item is refused with its reasons
// and never keeps the good ones from being accepted. A WO number that
// occurs more than once in the same batch is refused at every occurrence:
// we cannot tell which copy is current, and importing either could store
// stale data.
func Parse(body []byte, opts Options) (*Push, error) {
	if len(body) > MaxBodyBytes {
		return nil, &BodyError{fmt.Sprintf("body is %d bytes, at most %d allowed", len(body), MaxBodyBytes)}
	}
	raw, err := strictValue(body)
	if err != nil {
		return nil, err
	}
	p := &Push{}
	var items []json.RawMessage
	switch raw[0] {
	case '{':
		items = []json.RawMessage{raw}
	case '[':
		p.Batch = true
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, &BodyError{"body: " + jsonMessage(err)}
		}
		if len(items) == 0 {
			return nil, &BodyError{"batch is empty"}
		}
		if len(items) > MaxBatchItems {
			return nil, &BodyError{fmt.Sprintf("batch has %d work orders, at most %d allowed", len(items), MaxBatchItems)}
		}
	default:
		return nil, &BodyError{"body must be a work order (JSON object) or a batch (JSON array of work orders)"}
	}

	p.Results = make([]Result, len(items))
	for i, item := range items {
		p.Results[i] = parseItem(i, item, opts)
	}
	refuseDuplicates(p.Results)
	for i := range p.Results {
		r := &p.Results[i]
		r.Accepted = len(r.Errors) == 0
		if r.Errors == nil {
			r.Errors = []string{} // JSON [] rather than null, for the pusher
		}
		if !r.Accepted {
			r.WorkOrder, r.Hash = nil, ""
		}
	}
	return p, nil
}

// strictValue returns the one JSON value of body, refusing syntax errors,
// an empty body and anything after the value.
func strictValue(body []byte) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &BodyError{"body is empty"}
		}
		return nil, &BodyError{"body is not JSON: " + jsonMessage(err)}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &BodyError{fmt.Sprintf("unexpected data after the JSON value at byte %d", dec.InputOffset())}
	}
	return raw, nil
}

func parseItem(i int, item json.RawMessage, opts Options) Result {
	r := Result{Index: i}
	trimmed := bytes.TrimSpace(item)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		r.Errors = []string{"a work order must be a JSON object"}
		return r
	}
	var in WorkOrder
	dec := json.NewDecoder(bytes.NewReader(item))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		r.WONr = looseWONr(item)
		r.Errors = []string{jsonMessage(err)}
		return r
	}
	r.WONr = strings.TrimSpace(in.WONr)

	dmsID := opts.DMSID
	if dmsID == 0 {
		dmsID = enums.DMSIDUnset
	}
	w := ToWorkOrder(&in, dmsID)
	switch {
	case w.DMSLocationID == "":
		w.DMSLocationID = opts.LocationID
	case opts.LocationID != "" && w.DMSLocationID != opts.LocationID:
		r.Errors = append(r.Errors, fmt.Sprintf("location_id: %q is not this endpoint's location %q", w.DMSLocationID, opts.LocationID))
	}
	for _, p := range w.Validate() {
		r.Errors = append(r.Errors, bodyField(p.Field)+": "+p.Message)
	}
	r.WorkOrder, r.Hash = &w, w.Hash()
	return r
}

// looseWONr digs wo_nr out of an item that failed strict decoding, so the
// refusal still names the work order.
func looseWONr(item json.RawMessage) string {
	var v struct {
		WONr json.RawMessage `json:"wo_nr"`
	}
	if json.Unmarshal(item, &v) != nil {
		return ""
	}
	var s string
	if json.Unmarshal(v.WONr, &s) == nil {
		return strings.TrimSpace(s)
	}
	return ""
}

func refuseDuplicates(rs []Result) {
	at := map[string][]int{}
	for i, r := range rs {
		if r.WONr != "" {
			at[r.WONr] = append(at[r.WONr], i)
		}
	}
	for wo, idx := range at {
		if len(idx) < 2 {
			continue
		}
		sort.Ints(idx)
		s := make([]string, len(idx))
		for k, i := range idx {
			s[k] = strconv.Itoa(i)
		}
		msg := fmt.Sprintf("wo_nr: %q occurs more than once in this batch (indexes %s); send each work order once", wo, strings.Join(s, ", "))
		for _, i := range idx {
			rs[i].Errors = append(rs[i].Errors, msg)
		}
	}
}

// jsonMessage words encoding/json's errors for the pusher.
func jsonMessage(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		if te.Field == "" {
			return fmt.Sprintf("expected %s, got JSON %s", goKind(te.Type.Kind().String()), te.Value)
		}
		return fmt.Sprintf("%s: expected %s, got JSON %s", te.Field, goKind(te.Type.Kind().String()), te.Value)
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "JSON ends too early"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func goKind(k string) string {
	switch k {
	case "float64", "int":
		return "a number"
	case "bool":
		return "true or false"
	case "string":
		return "a string"
	case "slice":
		return "an array"
	case "struct", "ptr":
		return "an object"
	}
	return k
}
