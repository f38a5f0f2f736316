// Package locker holds the activities of a key's journey through ACSES key
// lockers: booking a cell (idempotently, per appointment, purpose and
// attempt), cancelling or moving a booking, handing out the door code to a
// mechanic or receptionist, and recording each step of the key into the
// appointment's acses_key_* fields. Every activity can be retried: bookings
// carry the vendor's Idempotency-Key, and the appointment's fields are set
// once (a retry finds them set and changes nothing).
package locker

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/booking"
	"github.com/pitstop-dev/pitstop/integrations/acses"
)

// Activities holds what the locker activities use.
type Activities struct {
	DB    *ent.Client
	ACSES *acses.Client
	Log   *slog.Logger
	Now   func() time.Time
}

// Check (a function, not a method, so it is not registered as an activity)
// refuses a worker without the dependencies these activities need.
func Check(a *Activities) error {
	if a == nil || a.DB == nil {
		return errors.New("locker activities: no database client")
	}
	if a.ACSES == nil {
		return errors.New("locker activities: no ACSES client (PITSTOP_ACSES_BASE_URL, PITSTOP_ACSES_API_KEY)")
	}
	return nil
}

// forLocation is the ACSES client a location's calls use: signed in with
// the location's own ACSES login (acses_email and acses_password, as the
// spec's DealerLocation gives them) when it has both, else with the
// account's API key.
func (a *Activities) forLocation(l *ent.DealerLocation) *acses.Client {
	if l == nil {
		return a.ACSES
	}
	return a.ACSES.WithLogin(l.AcsesEmail, l.AcsesPassword)
}

// forBooking is forLocation for the location whose locker system holds the
// booking (the account's key when the booking is not in the read model).
func (a *Activities) forBooking(ctx context.Context, bookingID string) (*acses.Client, error) {
	l, err := a.DB.Booking.Query().Where(booking.ID(bookingID)).QueryLockerSystem().QueryLocation().Only(ctx)
	if ent.IsNotFound(err) {
		return a.ACSES, nil
	}
	if err != nil {
		return nil, err
	}
	return a.forLocation(l), nil
}

func (a *Activities) log() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return slog.Default()
}
