package staff

import (
	"net/http"
	"strings"

	"github.com/pitstop-dev/pitstop/api/httpx"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/lockersystem"
	"github.com/pitstop-dev/pitstop/integrations/acses"
	"github.com/pitstop-dev/pitstop/internal/keylocker"
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
func (s *Handlers) listAvailableLockers(c *gin.Context) error {
	var req LockerLocationRequest
	if err := httpx.DecodeStrict(c, &req); err != nil {
		return err
	}
	if err := httpx.Location(c, "dealer_location_id", req.DealerLocationID); err != nil {
		return err
	}
	rows, err := s.DB.LockerSystem.Query().Where(lockersystem.DealerLocationID(req.DealerLocationID), lockersystem.Active(true)).
		Order(ent.Asc(lockersystem.FieldID)).All(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	free := map[string]int{}
	if s.ACSES != nil && len(rows) > 0 {
		vendor, err := keylocker.ForLocation(c.Request.Context(), s.DB.Client, s.ACSES, req.DealerLocationID)
		var systems []acses.LockerSystem
		if err == nil {
			systems, err = vendor.LockerSystems(c.Request.Context())
		}
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
	return nil
}

func (s *Handlers) employeePickup(c *gin.Context) error       { return s.employeePIN(c, false) }
func (s *Handlers) employeeAssistPickup(c *gin.Context) error { return s.employeePIN(c, true) }

// employeePIN: the mechanic's pick-up PIN (the key the customer dropped) or
// a receptionist's assisted pick-up PIN (the key dropped back), through the
// appointment workflow, which records who asked.
func (s *Handlers) employeePIN(c *gin.Context, assist bool) error {
	var req AppointmentRequest
	if err := httpx.DecodeStrict(c, &req); err != nil {
		return err
	}
	ap, err := httpx.Appointment(c, s.DB.Client, "appointment_id", req.AppointmentID)
	if err != nil {
		return err
	}
	var res appointment.KeyPINResult
	if err := httpx.Update(c, s.Temporal, ap.ID, appointment.UpdateKeyPIN, appointment.KeyPINRequest{UserID: httpx.Claims(c).UserID, Assist: assist}, &res); err != nil {
		return err
	}
	c.JSON(http.StatusOK, PINResponse{AcsesPIN: &res.PIN})
	return nil
}

// employeeDropBack books a cell for the key after the repair and answers its
// PIN (the receptionist drops the key with it; the customer's pick-up PIN
// goes out when the drop is reported).
func (s *Handlers) employeeDropBack(c *gin.Context) error {
	var req DropBackRequest
	if err := httpx.DecodeStrict(c, &req); err != nil {
		return err
	}
	// Pitstop keeps no appointment notes (the spec's AppointmentNote is not
	// modelled): a note's ID would be taken and lost, so it is refused.
	if req.AppointmentNoteID != nil {
		return httpx.Invalid("appointment_note_id: Pitstop keeps no appointment notes; leave it out")
	}
	if p := textcheck.Line("locker_system_id", req.LockerSystemID, 200); len(p) > 0 || strings.TrimSpace(req.LockerSystemID) == "" {
		return httpx.Invalid(append(p, "locker_system_id: required")...)
	}
	ap, err := httpx.Appointment(c, s.DB.Client, "appointment_id", req.AppointmentID)
	if err != nil {
		return err
	}
	found, err := s.DB.LockerSystem.Query().Where(lockersystem.ID(req.LockerSystemID), lockersystem.DealerLocationID(ap.DealerLocationID),
		lockersystem.Active(true)).Exist(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	if !found {
		return httpx.Invalid("locker_system_id: no active locker system with this ID at the appointment's location")
	}
	in := appointment.DropBackRequest{UserID: httpx.Claims(c).UserID, LockerSystemID: req.LockerSystemID}
	var res appointment.KeyPINResult
	if err := httpx.Update(c, s.Temporal, ap.ID, appointment.UpdateKeyDropBack, in, &res); err != nil {
		return err
	}
	c.JSON(http.StatusOK, PINResponse{AcsesPIN: &res.PIN})
	return nil
}
