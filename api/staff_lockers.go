package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/lockersystem"
	"github.com/pitstop-dev/pitstop/integrations/acses"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// The spec 001 "Employee Controller": staff get door codes of ACSES lockers.
// Tokens are scoped to locations: another location's appointment or locker
// is "not found" (404), as for every staff endpoint.

// LockerSystem is the spec's LockerSystem model.
type LockerSystem struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Active bool   `json:"active"`
}

// LockersResponse answers /v1/employees/list_available_lockers.
type LockersResponse struct {
	Lockers []LockerSystem `json:"lockers"`
}

// AppointmentRequest is the body of /v1/employees/pickup and assist_pickup.
type AppointmentRequest struct {
	AppointmentID int `json:"appointment_id"`
}

// DropBackRequest is the body of /v1/employees/drop_back.
type DropBackRequest struct {
	LockerSystemID    string `json:"locker_system_id"`
	AppointmentID     int    `json:"appointment_id"`
	AppointmentNoteID *int   `json:"appointment_note_id"`
}

// PINResponse answers the three PIN endpoints.
type PINResponse struct {
	AcsesPIN *string `json:"acses_pin"`
}

// listAvailableLockers: the location's active locker systems; when the
// vendor answers (within 2 s) only those with a free cell. Decision: a
// vendor that does not answer leaves the list as the database has it (a
// receptionist can still pick one; the booking will say if it is full).
func (s *Server) listAvailableLockers(c *gin.Context) {
	var req LockerLocationRequest
	if !strictBind(c, &req) || !s.locationAllowed(c, req.DealerLocationID) {
		return
	}
	rows, err := s.DB.LockerSystem.Query().Where(lockersystem.DealerLocationID(req.DealerLocationID), lockersystem.Active(true)).
		Order(ent.Asc(lockersystem.FieldID)).All(c.Request.Context())
	if err != nil {
		internal(c, err)
		return
	}
	free := map[string]int{}
	if s.ACSES != nil && len(rows) > 0 {
		systems, err := s.ACSES.LockerSystems(c.Request.Context())
		if err != nil {
			s.Log.Warn("acses: locker systems not listed; showing all active ones", "error", err)
			free = nil
		}
		for _, v := range systems {
			free[v.ID] = v.FreeCells
		}
	} else {
		free = nil
	}
	out := LockersResponse{Lockers: []LockerSystem{}}
	for _, r := range rows {
		if free != nil && free[r.ID] <= 0 {
			continue
		}
		out.Lockers = append(out.Lockers, LockerSystem{ID: r.ID, Name: r.Name, Active: r.Active})
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) employeePickup(c *gin.Context)       { s.employeePIN(c, false) }
func (s *Server) employeeAssistPickup(c *gin.Context) { s.employeePIN(c, true) }

// employeePIN: the mechanic's pick-up PIN (the key the customer dropped) or
// a receptionist's assisted pick-up PIN (the key dropped back), through the
// appointment workflow, which records who asked.
func (s *Server) employeePIN(c *gin.Context, assist bool) {
	var req AppointmentRequest
	if !strictBind(c, &req) {
		return
	}
	ap, ok := s.appointmentAllowed(c, req.AppointmentID)
	if !ok {
		return
	}
	var res appointment.KeyPINResult
	if !s.update(c, ap.ID, appointment.UpdateKeyPIN, appointment.KeyPINRequest{UserID: claimsOf(c).UserID, Assist: assist}, &res) {
		return
	}
	c.JSON(http.StatusOK, PINResponse{AcsesPIN: &res.PIN})
}

// employeeDropBack books a cell for the key after the repair and answers its
// PIN (the receptionist drops the key with it; the customer's pick-up PIN
// goes out when the drop is reported).
func (s *Server) employeeDropBack(c *gin.Context) {
	var req DropBackRequest
	if !strictBind(c, &req) {
		return
	}
	if p := textcheck.Line("locker_system_id", req.LockerSystemID, 200); len(p) > 0 || strings.TrimSpace(req.LockerSystemID) == "" {
		invalid(c, append(p, "locker_system_id: required")...)
		return
	}
	ap, ok := s.appointmentAllowed(c, req.AppointmentID)
	if !ok {
		return
	}
	found, err := s.DB.LockerSystem.Query().Where(lockersystem.ID(req.LockerSystemID), lockersystem.DealerLocationID(ap.DealerLocationID),
		lockersystem.Active(true)).Exist(c.Request.Context())
	if err != nil {
		internal(c, err)
		return
	}
	if !found {
		invalid(c, "locker_system_id: no active locker system with this ID at the appointment's location")
		return
	}
	in := appointment.DropBackRequest{UserID: claimsOf(c).UserID, LockerSystemID: req.LockerSystemID}
	if req.AppointmentNoteID != nil {
		in.AppointmentNoteID = *req.AppointmentNoteID
	}
	var res appointment.KeyPINResult
	if !s.update(c, ap.ID, appointment.UpdateKeyDropBack, in, &res) {
		return
	}
	c.JSON(http.StatusOK, PINResponse{AcsesPIN: &res.PIN})
}

// acsesAvailable asks the vendor whether one of the location's active
// locker systems has a free cell, within acses.DefaultAvailabilityTimeout.
// A vendor down or slow is "not available", logged with why; never an error.
func (s *Server) acsesAvailable(ctx context.Context, locationID int) bool {
	ids, err := s.DB.LockerSystem.Query().Where(lockersystem.DealerLocationID(locationID), lockersystem.Active(true)).IDs(ctx)
	if err != nil {
		s.Log.Warn("acses availability: locker systems not read", "location_id", locationID, "error", err)
		return false
	}
	if len(ids) == 0 {
		return false
	}
	if s.ACSES == nil {
		s.Log.Warn("acses availability: no ACSES client configured", "location_id", locationID)
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, acses.DefaultAvailabilityTimeout)
	defer cancel()
	for _, id := range ids {
		cells, err := s.ACSES.FreeCells(ctx, id)
		if err != nil {
			s.Log.Warn("acses availability: vendor did not answer; locker not offered", "location_id", locationID, "locker_system", id, "error", err)
			continue
		}
		if len(cells) > 0 {
			return true
		}
		s.Log.Info("acses availability: no free cell", "location_id", locationID, "locker_system", id)
	}
	return false
}
