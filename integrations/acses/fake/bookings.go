package acsesfake

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/acses"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Error is a refusal in the vendor's error format; UseDoor and the handlers
// return it.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("acsesfake: %d %s: %s", e.Status, e.Code, e.Message)
}

func refuse(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Door actions, in the order one booking goes through them: the object is
// put in (dropoff), later taken out (checkout). One booking, one code, two
// door openings: that is how the spec's events pair "dropoff" and
// "checkout" for the same booking.
const (
	ActionDropoff  = enums.ObjectStatusDropoff
	ActionCheckout = enums.ObjectStatusCheckout
)

// newID is a random tablekey. Random rather than a counter, so a restarted
// simulator never reuses an event id Pitstop has already deduped on.
func newID(prefix string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// active reports whether b holds its cell: BOOKED, whether or not the
// object is in it yet.
func active(b *booking) bool { return b.State == enums.BookingStateBooked }

// holderLocked returns the active booking in a cell, if any; s.mu held.
func (s *Server) holderLocked(systemID, cell string) *booking {
	for _, b := range s.bookings {
		if active(b) && b.LockerSystemID == systemID && b.LockerCellNumber == cell {
			return b
		}
	}
	return nil
}

// freeCellsLocked lists the free cell numbers of a system in order; s.mu held.
func (s *Server) freeCellsLocked(sys *system) []string {
	if sys.full {
		return nil
	}
	var free []string
	for i := 1; i <= sys.cfg.Cells; i++ {
		n := strconv.Itoa(i)
		if s.holderLocked(sys.cfg.ID, n) == nil {
			free = append(free, n)
		}
	}
	return free
}

func cellID(systemID, cell string) string { return systemID + "-cell-" + cell }

func validCell(sys *system, cell string) bool {
	n, err := strconv.Atoi(cell)
	return err == nil && n >= 1 && n <= sys.cfg.Cells && strconv.Itoa(n) == cell
}

// bookInput is the JSON of POST /api/v1/lockersystems/{system}/bookings.
type bookInput struct {
	Tag        string     `json:"tag"`
	Name       string     `json:"name"`
	StartDate  *time.Time `json:"startDate"`
	EndDate    *time.Time `json:"endDate"`
	CellNumber string     `json:"cellnumber"`
}

func (in bookInput) fingerprint(systemID string) string {
	f := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("%q %q %q %s %s %q", systemID, in.Tag, in.Name, f(in.StartDate), f(in.EndDate), in.CellNumber)
}

// bookLocked creates a booking or returns the one made earlier under key;
// created reports which. s.mu held.
func (s *Server) bookLocked(systemID, key string, in bookInput) (b acses.Booking, created bool, err *Error) {
	sys, ok := s.systems[systemID]
	if !ok {
		return b, false, refuse(http.StatusNotFound, acses.CodeNotFound, "no locker system %q", systemID)
	}
	if key == "" {
		return b, false, refuse(http.StatusBadRequest, acses.CodeInvalidRequest, "the Idempotency-Key header is required")
	}
	fp := in.fingerprint(systemID)
	if k, ok := s.byKey[key]; ok {
		if k.fingerprint != fp {
			return b, false, refuse(http.StatusUnprocessableEntity, acses.CodeKeyReused, "Idempotency-Key %q was used for another request", key)
		}
		return s.bookings[k.bookingID].Booking, false, nil
	}
	t := now()
	start := t
	if in.StartDate != nil {
		start = in.StartDate.UTC()
	}
	switch {
	case in.Tag == "":
		return b, false, refuse(http.StatusBadRequest, acses.CodeInvalidRequest, "tag is required")
	case in.EndDate == nil:
		return b, false, refuse(http.StatusBadRequest, acses.CodeInvalidRequest, "endDate is required")
	case !in.EndDate.After(start):
		return b, false, refuse(http.StatusBadRequest, acses.CodeInvalidRequest, "endDate must be after startDate")
	}
	cell := in.CellNumber
	if cell != "" {
		if !validCell(sys, cell) {
			return b, false, refuse(http.StatusNotFound, acses.CodeNotFound, "no cell %q in %q", cell, systemID)
		}
		if sys.full || s.holderLocked(systemID, cell) != nil {
			return b, false, refuse(http.StatusConflict, acses.CodeCellOccupied, "cell %s of %q is taken", cell, systemID)
		}
	} else {
		free := s.freeCellsLocked(sys)
		if len(free) == 0 {
			return b, false, refuse(http.StatusConflict, acses.CodeNoFreeCell, "every cell of %q is taken", systemID)
		}
		cell = free[0]
	}
	objKey := systemID + "\x00" + in.Tag
	obj, ok := s.objects[objKey]
	if !ok {
		obj = newID("obj_")
		s.objects[objKey] = obj
	}
	nb := &booking{Booking: acses.Booking{
		ID: newID("bkg_"), Name: in.Name, Tag: in.Tag,
		State: enums.BookingStateBooked, StartDate: start, EndDate: in.EndDate.UTC(),
		Code: s.codeLocked(systemID), Create: t, LastAction: enums.ObjectStatusRegistered,
		LockerCellNumber: cell, LockerCellID: cellID(systemID, cell), ObjectID: obj, LockerSystemID: systemID,
	}}
	s.bookings[nb.ID] = nb
	s.bookingOrder = append(s.bookingOrder, nb.ID)
	s.byKey[key] = keyed{bookingID: nb.ID, fingerprint: fp}
	s.emitLocked(nb, enums.ObjectStatusRegistered, t)
	return nb.Booking, true, nil
}

// codeLocked draws a 6-digit door code no active booking of the system has.
func (s *Server) codeLocked(systemID string) string {
	for {
		c := fmt.Sprintf("%06d", s.rng.IntN(1_000_000))
		if s.activeByCodeLocked(systemID, c) == nil {
			return c
		}
	}
}

func (s *Server) activeByCodeLocked(systemID, code string) *booking {
	for _, b := range s.bookings {
		if active(b) && b.LockerSystemID == systemID && b.Code == code {
			return b
		}
	}
	return nil
}

// moveInput is the JSON of PATCH /api/v1/bookings/{booking}.
type moveInput struct {
	CellNumber string     `json:"cellnumber"`
	StartDate  *time.Time `json:"startDate"`
	EndDate    *time.Time `json:"endDate"`
}

func (s *Server) moveLocked(id string, in moveInput) (acses.Booking, *Error) {
	b, ok := s.bookings[id]
	if !ok {
		return acses.Booking{}, refuse(http.StatusNotFound, acses.CodeNotFound, "no booking %q", id)
	}
	if !active(b) {
		return acses.Booking{}, refuse(http.StatusConflict, acses.CodeInvalidState, "booking is %s", b.State)
	}
	start, end := b.StartDate, b.EndDate
	if in.StartDate != nil {
		start = in.StartDate.UTC()
	}
	if in.EndDate != nil {
		end = in.EndDate.UTC()
	}
	if !end.After(start) {
		return acses.Booking{}, refuse(http.StatusBadRequest, acses.CodeInvalidRequest, "endDate must be after startDate")
	}
	if in.CellNumber != "" && in.CellNumber != b.LockerCellNumber {
		sys := s.systems[b.LockerSystemID]
		switch {
		case b.LastAction == enums.ObjectStatusDropoff:
			// The object is behind the old door; the vendor cannot move it.
			return acses.Booking{}, refuse(http.StatusConflict, acses.CodeInvalidState, "the object is in cell %s", b.LockerCellNumber)
		case !validCell(sys, in.CellNumber):
			return acses.Booking{}, refuse(http.StatusNotFound, acses.CodeNotFound, "no cell %q in %q", in.CellNumber, b.LockerSystemID)
		case sys.full || s.holderLocked(b.LockerSystemID, in.CellNumber) != nil:
			return acses.Booking{}, refuse(http.StatusConflict, acses.CodeCellOccupied, "cell %s is taken", in.CellNumber)
		}
		b.LockerCellNumber, b.LockerCellID = in.CellNumber, cellID(b.LockerSystemID, in.CellNumber)
	}
	b.StartDate, b.EndDate = start, end
	return b.Booking, nil
}

func (s *Server) cancelLocked(id string) (acses.Booking, *Error) {
	b, ok := s.bookings[id]
	if !ok {
		return acses.Booking{}, refuse(http.StatusNotFound, acses.CodeNotFound, "no booking %q", id)
	}
	switch {
	case b.State == acses.BookingCancelled:
		return b.Booking, nil // a retried cancel
	case !active(b):
		return acses.Booking{}, refuse(http.StatusConflict, acses.CodeInvalidState, "booking is %s", b.State)
	case b.LastAction == enums.ObjectStatusDropoff:
		return acses.Booking{}, refuse(http.StatusConflict, acses.CodeInvalidState, "the object is in cell %s: check it out first", b.LockerCellNumber)
	}
	b.State = acses.BookingCancelled
	return b.Booking, nil
}

// useDoorLocked opens the door of the booking with code: the first opening
// is the drop-off, the second the checkout, which uses the booking up.
// action, when given, must be the expected one (the spec's simulate call
// names it). s.mu held.
func (s *Server) useDoorLocked(systemID, code string, action enums.ObjectStatus) (acses.Event, *Error) {
	if _, ok := s.systems[systemID]; !ok {
		return acses.Event{}, refuse(http.StatusNotFound, acses.CodeNotFound, "no locker system %q", systemID)
	}
	if s.doorFailN > 0 {
		s.doorFailN--
		return acses.Event{}, refuse(http.StatusInternalServerError, "door_failed", "the door did not open")
	}
	b := s.activeByCodeLocked(systemID, code)
	if b == nil {
		for _, o := range s.bookings {
			if o.LockerSystemID == systemID && o.Code == code {
				return acses.Event{}, refuse(http.StatusConflict, acses.CodeInvalidState, "code no longer valid: booking is %s", o.State)
			}
		}
		return acses.Event{}, refuse(http.StatusNotFound, acses.CodeNotFound, "unknown code")
	}
	t := now()
	if t.Before(b.StartDate) {
		return acses.Event{}, refuse(http.StatusConflict, acses.CodeInvalidState, "booking starts at %s", b.StartDate.Format(time.RFC3339))
	}
	next := ActionDropoff
	if b.LastAction == enums.ObjectStatusDropoff {
		next = ActionCheckout
	}
	if action != "" && action != next {
		return acses.Event{}, refuse(http.StatusConflict, acses.CodeInvalidState, "expected %s, not %s", next, action)
	}
	b.LastAction = next
	if next == ActionCheckout {
		b.State = enums.BookingStateUsed // frees the cell
	}
	return s.emitLocked(b, next, t), nil
}

// expireLocked expires an active booking and emits "expired". The
// simulator frees the cell even if an object is inside: the vendor's staff
// empties expired cells.
func (s *Server) expireLocked(b *booking) {
	b.State, b.LastAction = enums.BookingStateExpired, enums.ObjectStatusExpired
	s.emitLocked(b, enums.ObjectStatusExpired, now())
}
