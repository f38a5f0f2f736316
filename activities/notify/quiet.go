package notify

import (
	"context"

	"github.com/pitstop-dev/pitstop/contracts/quiethours"
	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// planned runs the plan of a message, then, for an automated one, adds the
// location's quiet hours (issue #25), so the workflow decides by its own
// clock whether to hold it until the opening time. Quiet stays nil while
// the location's quiet hours are off; a message sent by a person (or in
// reply to the customer) never carries them. plan may return the
// appointment's location it read, with its setting edge loaded, so it is
// not read again; nil: planned reads it.
func (a *Activities) planned(ctx context.Context, appointmentID int, automated bool,
	plan func() (SendOutput, *ent.DealerLocation, error)) (SendOutput, error) {
	out, loc, err := plan()
	if err != nil || !automated {
		return out, err
	}
	if loc == nil {
		ap, err := a.DB.Appointment.Query().Where(entappointment.ID(appointmentID)).WithLocation().Only(ctx)
		if err != nil {
			return out, store.WrapNotFound(err, "appointment", appointmentID)
		}
		loc = ap.Edges.Location
	}
	cs := loc.Edges.Setting
	if cs == nil { // not loaded, or the location has none yet: onboard.Setting writes it
		if cs, err = onboard.Setting(ctx, a.DB.Client, loc); err != nil {
			return out, err
		}
	}
	if !cs.QuietHoursEnabled {
		return out, nil
	}
	out.Quiet = &quiethours.Window{TimeZone: loc.TimeZone, OpeningHours: loc.OpeningHours, QuietFrom: cs.QuietHoursFrom, Holidays: cs.QuietHoursHolidays}
	return out, nil
}

// unread is a plan's result for planned when the plan did not read the
// appointment's location.
func unread(out SendOutput, err error) (SendOutput, *ent.DealerLocation, error) {
	return out, nil, err
}
