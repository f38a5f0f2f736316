package acsesfake

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"

	"github.com/pitstop-dev/pitstop/integrations/acses"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// UseDoor opens the door of the booking with code in a locker system, as a
// customer or mechanic typing the code would: the first use is the
// drop-off, the second the checkout. action may be "" or the expected
// action. It returns the event it emitted, or an *Error (unknown code,
// used/expired/cancelled booking, wrong action, a jammed door).
func (s *Server) UseDoor(lockerSystemID, code string, action enums.ObjectStatus) (acses.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ev, err := s.useDoorLocked(lockerSystemID, code, action)
	if err != nil {
		return ev, err
	}
	return ev, nil
}

// doorInput is the JSON of POST /sim/doors/use.
type doorInput struct {
	LockerSystem string             `json:"lockersystem"`
	Code         string             `json:"code"`
	Action       enums.ObjectStatus `json:"action"`
}

// useDoorJSON answers 200 with the emitted event, or the vendor's error.
func (s *Server) useDoorJSON(w http.ResponseWriter, r *http.Request) {
	var in doorInput
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil {
		writeError(w, http.StatusBadRequest, acses.CodeInvalidRequest, "body: "+err.Error())
		return
	}
	s.mu.Lock()
	ev, err := s.useDoorLocked(in.LockerSystem, in.Code, in.Action)
	s.mu.Unlock()
	if err != nil {
		writeError(w, err.Status, err.Code, err.Message)
		return
	}
	writeJSON(w, http.StatusOK, ev)
}

var doorTmpl = template.Must(template.New("door").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ACSES door {{.System}}</title>
<style>body{font-family:sans-serif;max-width:30em;margin:2em auto}button{font-size:1.4em;padding:.5em 1.5em}.err{color:#b00}.ok{color:#070}</style></head>
<body><h1>Locker {{.System}}</h1>
{{with .Result}}<p class="{{if $.Failed}}err{{else}}ok{{end}}">{{.}}</p>{{end}}
{{with .Booking}}<p>Cell <b>{{.LockerCellNumber}}</b> · {{.Tag}} {{.Name}} · state {{.State}} · last action {{.LastAction}}</p>{{end}}
{{if .Next}}<form method="post" action="door">
<input type="hidden" name="lockersystem" value="{{.System}}"><input type="hidden" name="code" value="{{.Code}}">
<button type="submit">Open door with {{.Code}} ({{.Next}})</button></form>{{end}}
</body></html>`))

type doorView struct {
	System, Code, Result string
	Failed               bool
	Booking              *acses.Booking
	Next                 enums.ObjectStatus
}

// doorPage shows what the code opens and a button to open it.
func (s *Server) doorPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.renderDoor(w, http.StatusOK, q.Get("lockersystem"), q.Get("code"), "", false)
}

// doorPageUse is the button: it opens the door and shows the outcome.
func (s *Server) doorPageUse(w http.ResponseWriter, r *http.Request) {
	system, code := r.PostFormValue("lockersystem"), r.PostFormValue("code")
	s.mu.Lock()
	ev, err := s.useDoorLocked(system, code, "")
	s.mu.Unlock()
	if err != nil {
		s.renderDoor(w, err.Status, system, code, "Door did not open: "+err.Message, true)
		return
	}
	s.renderDoor(w, http.StatusOK, system, code, "Door opened: "+string(ev.EventName)+" in cell "+ev.LockerCellNumber, false)
}

func (s *Server) renderDoor(w http.ResponseWriter, status int, system, code, result string, failed bool) {
	v := doorView{System: system, Code: code, Result: result, Failed: failed}
	s.mu.Lock()
	if b := s.activeByCodeLocked(system, code); b != nil {
		cp := b.Booking
		v.Booking, v.Next = &cp, ActionDropoff
		if b.LastAction == enums.ObjectStatusDropoff {
			v.Next = ActionCheckout
		}
	} else if result == "" {
		v.Result, v.Failed = "No active booking with this code.", true
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = doorTmpl.Execute(w, v)
}

func itoa(i int) string { return strconv.Itoa(i) }
