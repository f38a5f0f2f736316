// Package acses is Pitstop's client of the ACSES key-locker vendor: it lists
// locker systems and their free cells and books, moves, cancels and reads
// bookings (a cell reserved for an object, opened by a door code). The vendor
// reports door use back to Pitstop's /v1/events/handler as signed webhooks;
// Verify and VerifyEvent check them. The vendor's HTTP protocol is not in the
// spec, so it is defined in PROTOCOL.md and simulated by package acsesfake.
package acses

import (
	"time"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// BookingCancelled is the vendor's state of a cancelled booking. The spec's
// BookingState enumeration has no such value (cancelled bookings never reach
// the spec's endpoints), so enums.BookingState.Valid reports false for it.
const BookingCancelled enums.BookingState = "CANCELLED"

// LockerSystem is one key locker (the spec's LockerSystem model plus its
// cell counts). ID is the vendor's string name, e.g. "demo-locker".
type LockerSystem struct {
	ID        string `json:"tablekey"`
	Name      string `json:"name"`
	Active    bool   `json:"active"`
	Cells     int    `json:"cells"`
	FreeCells int    `json:"freeCells"`
}

// Cell is one numbered cell of a locker system. Numbers are strings on the
// wire, as the spec's "cellnumber" and "lockercell" are.
type Cell struct {
	ID     string `json:"tablekey"`
	Number string `json:"cellnumber"`
	Free   bool   `json:"free"`
}

// Booking is the spec's Booking model with the JSON names of the spec's
// /v1/events/handler payload. The spec lists LockerSystemID where the payload
// has "siteTablekey", so that field carries the locker system's ID.
type Booking struct {
	ID               string             `json:"tablekey"`
	Name             string             `json:"name"`
	Tag              string             `json:"tag"`
	State            enums.BookingState `json:"state"`
	StartDate        time.Time          `json:"startDate"`
	EndDate          time.Time          `json:"endDate"`
	Code             string             `json:"code"`
	Create           time.Time          `json:"create"`
	LastAction       enums.ObjectStatus `json:"lastaction"`
	LockerCellNumber string             `json:"lockercell"`
	LockerCellID     string             `json:"lockercellTablekey"`
	ObjectID         string             `json:"objectTablekey"`
	LockerSystemID   string             `json:"siteTablekey"`
}

// Event is the body the vendor POSTs to /v1/events/handler, exactly the
// spec's request payload. ID ("tablekey") is unique per event and is also
// the webhook-id header: receivers dedupe on it.
type Event struct {
	ID               string             `json:"tablekey"`
	LockerSystemID   string             `json:"lockersystem"`
	LockerCellNumber string             `json:"cellnumber"`
	EventName        enums.ObjectStatus `json:"eventName"`
	EventDate        time.Time          `json:"eventDate"`
	Booking          Booking            `json:"booking"`
}

// BookRequest asks for a cell for an object.
type BookRequest struct {
	// Key makes the call idempotent: a repeated Book with the same Key and
	// the same request returns the first booking instead of booking again,
	// so a retried Temporal activity never holds two cells. Required; use
	// something stable per attempt-independent intent, e.g. the activity's
	// workflow ID plus purpose.
	Key            string
	LockerSystemID string
	// Tag identifies the object for Pitstop, e.g. "appointment-42"; Name is
	// what the vendor shows, e.g. the registration number.
	Tag, Name string
	// StartDate defaults to now at the vendor; EndDate is required. A
	// booking still BOOKED after EndDate expires.
	StartDate, EndDate time.Time
	// CellNumber picks a cell; empty lets the vendor choose a free one.
	CellNumber string
}

// MoveRequest changes a booking; zero fields are left as they are.
type MoveRequest struct {
	CellNumber         string
	StartDate, EndDate time.Time
}
