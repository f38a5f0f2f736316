package locker

import "time"

// Purpose is which step of the key's journey a booking authorises. The
// values are the Booking schema's purposes.
type Purpose string

const (
	// PurposeDrop: the customer drops the key before the appointment; the
	// same booking's second opening is the mechanic's pick-up.
	PurposeDrop Purpose = "drop"
	// PurposeDropBack: a receptionist drops the key back after the repair;
	// the same booking's second opening is the customer's pick-up.
	PurposeDropBack Purpose = "drop_back"
)

// Reasons a booking was not made (BookOutput.Reason).
const (
	ReasonNoLocker    = "no_locker"    // the location has no active ACSES locker system
	ReasonNoFreeCell  = "no_free_cell" // every cell is taken
	ReasonUnavailable = "unavailable"  // the vendor did not answer (set by the workflow after retries)
	ReasonRefused     = "refused"      // the vendor refused the request (4xx)
)

// BookInput asks for a cell for an appointment's key.
type BookInput struct {
	AppointmentID int     `json:"appointment_id"`
	Purpose       Purpose `json:"purpose"`
	// Seq numbers the bookings of one purpose (a drop back after an expired
	// one is a new booking): with AppointmentID and Purpose it makes the
	// vendor's Idempotency-Key, so a retried activity never books twice.
	Seq int `json:"seq"`
	// LockerSystemID picks the locker; empty: the location's first active one.
	LockerSystemID string `json:"locker_system_id,omitempty"`
	// UserID is who asked (drop back); 0 for the customer.
	UserID int `json:"user_id,omitempty"`
	// EndDate is when the booking expires, chosen by the workflow so a
	// retry sends the vendor the same body; zero: two weeks after the
	// appointment.
	EndDate time.Time `json:"end_date,omitempty"`
}

// BookOutput is the booking made, or why none was.
type BookOutput struct {
	Booked         bool      `json:"booked"`
	Reason         string    `json:"reason,omitempty"`
	BookingID      string    `json:"booking_id,omitempty"`
	LockerSystemID string    `json:"locker_system_id,omitempty"`
	LockerName     string    `json:"locker_name,omitempty"`
	Cell           string    `json:"cell,omitempty"`
	EndDate        time.Time `json:"end_date,omitempty"`
	// PIN is the door code. It travels to the customer (check-in answer) or
	// the receptionist (drop back); never logged.
	PIN string `json:"pin,omitempty"`
}

// CancelInput cancels a booking that is no longer needed.
type CancelInput struct {
	BookingID string `json:"booking_id"`
}

// CancelOutput says whether the cell was freed; a booking with the key
// inside (or used, or expired) is not cancelled, and Reason says why.
type CancelOutput struct {
	Cancelled bool   `json:"cancelled"`
	Reason    string `json:"reason,omitempty"`
}

// MoveInput moves a booking's end date (the appointment was rescheduled).
type MoveInput struct {
	BookingID string    `json:"booking_id"`
	EndDate   time.Time `json:"end_date"`
}

// MoveOutput: Moved false when the vendor refused (the booking is no longer
// BOOKED); Reason says why.
type MoveOutput struct {
	Moved  bool   `json:"moved"`
	Reason string `json:"reason,omitempty"`
}

// Step is one movement of the key recorded on the appointment.
type Step string

const (
	StepDropped      Step = "dropped"        // customer's drop-off (acses_key_dropped_at, acses_key_drop_in)
	StepPickedUp     Step = "picked_up"      // mechanic's checkout (acses_key_picked_up_at)
	StepDroppedBack  Step = "dropped_back"   // receptionist's drop back (acses_key_dropped_back_at, acses_key_drop_back_in)
	StepPickedUpBack Step = "picked_up_back" // customer's final checkout (acses_key_picked_up_back_at)
)

// RecordInput records one step; fields already set are left as they are,
// unless Replace is set.
type RecordInput struct {
	AppointmentID int       `json:"appointment_id"`
	Step          Step      `json:"step"`
	BookingID     string    `json:"booking_id"`
	Cell          string    `json:"cell"`
	At            time.Time `json:"at"`
	// Replace (drop steps only): the time and cell were taken from a
	// checkout that arrived before its dropoff; this is the dropoff's own.
	Replace bool `json:"replace,omitempty"`
}

// PINInput asks for the door code of a booking for a member of staff.
type PINInput struct {
	AppointmentID int    `json:"appointment_id"`
	BookingID     string `json:"booking_id"`
	UserID        int    `json:"user_id"`
	// Assist: a receptionist picks the key back up for the customer
	// (acses_key_assist_pick_up_*); otherwise the mechanic's pick-up
	// (acses_key_pick_up_*).
	Assist bool `json:"assist"`
}

// PINOutput is the door code.
type PINOutput struct {
	PIN string `json:"pin"`
}
