package acsesfake

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/acses"
)

func (s *Server) listSystems(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	out := make([]acses.LockerSystem, 0, len(s.order))
	for _, id := range s.order {
		sys := s.systems[id]
		out = append(out, acses.LockerSystem{
			ID: id, Name: sys.cfg.Name, Active: true,
			Cells: sys.cfg.Cells, FreeCells: len(s.freeCellsLocked(sys)),
		})
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"lockersystems": out})
}

// listCells answers every cell, or only the free ones with ?free=true.
func (s *Server) listCells(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("system")
	onlyFree := r.URL.Query().Get("free") == "true"
	s.mu.Lock()
	sys, ok := s.systems[id]
	if !ok {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, acses.CodeNotFound, "no locker system "+id)
		return
	}
	free := map[string]bool{}
	for _, n := range s.freeCellsLocked(sys) {
		free[n] = true
	}
	out := []acses.Cell{}
	for i := 1; i <= sys.cfg.Cells; i++ {
		n := itoa(i)
		if onlyFree && !free[n] {
			continue
		}
		out = append(out, acses.Cell{ID: cellID(id, n), Number: n, Free: free[n]})
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"cells": out})
}

// book answers 201 for a new booking and 200 for a replayed Idempotency-Key.
func (s *Server) book(w http.ResponseWriter, r *http.Request) {
	var in bookInput
	if !decode(w, r, &in) {
		return
	}
	s.mu.Lock()
	b, created, err := s.bookLocked(r.PathValue("system"), r.Header.Get("Idempotency-Key"), in)
	s.mu.Unlock()
	if err != nil {
		writeError(w, err.Status, err.Code, err.Message)
		return
	}
	status := http.StatusCreated
	if !created {
		w.Header().Set("Idempotent-Replayed", "true")
		status = http.StatusOK
	}
	writeJSON(w, status, b)
}

func (s *Server) getBooking(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	b, ok := s.bookings[r.PathValue("booking")]
	var out acses.Booking
	if ok {
		out = b.Booking
	}
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, acses.CodeNotFound, "no such booking")
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) moveBooking(w http.ResponseWriter, r *http.Request) {
	var in moveInput
	if !decode(w, r, &in) {
		return
	}
	s.mu.Lock()
	b, err := s.moveLocked(r.PathValue("booking"), in)
	s.mu.Unlock()
	if err != nil {
		writeError(w, err.Status, err.Code, err.Message)
		return
	}
	writeJSON(w, http.StatusOK, b)
}

func (s *Server) cancelBooking(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	b, err := s.cancelLocked(r.PathValue("booking"))
	s.mu.Unlock()
	if err != nil {
		writeError(w, err.Status, err.Code, err.Message)
		return
	}
	writeJSON(w, http.StatusOK, b)
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	d := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16))
	d.DisallowUnknownFields() // a misspelt field must not be silently ignored
	if err := d.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, acses.CodeInvalidRequest, "body: "+err.Error())
		return false
	}
	return true
}

type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	var b errorBody
	b.Error.Code, b.Error.Message = code, msg
	writeJSON(w, status, b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// faultCode names an injected failure the way the vendor would.
func faultCode(status int) string {
	if status >= 500 {
		return acses.CodeUnavailable
	}
	return "injected_fault"
}

func isSim(path string) bool { return strings.HasPrefix(path, "/sim/") }

func queryEscape(s string) string { return url.QueryEscape(s) }

func (s *Server) getLatency() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latency
}
