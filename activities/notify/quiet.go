package notify

import (
	"context"

	"github.com/pitstop-dev/pitstop/contracts/quiethours"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// planned runs the plan of a message, then, for an automated one, adds the
// location's quiet hours (issue #25), so the workflow decides by its own
// clock whether to hold it until the opening time. Quiet stays nil while
// the location's quiet hours are off; a message sent by a person (or in
// reply to the customer) never carries them.
func (a *Activities) planned(ctx context.Context, appointmentID int, automated bool, plan func() (SendOutput, error)) (SendOutput, error) {
	out, err := plan()
	if err != nil || !automated {
		return out, err
	}
	ap, err := a.DB.Appointment.Query().Where(entappointment.ID(appointmentID)).WithLocation().Only(ctx)
	if err != nil {
		return out, store.WrapNotFound(err, "appointment", appointmentID)
	}
	cs, err := onboard.Setting(ctx, a.DB.Client, ap.Edges.Location)
	if err != nil || !cs.QuietHoursEnabled {
		return out, err
	}
	loc := ap.Edges.Location
	out.Quiet = &quiethours.Window{TimeZone: loc.TimeZone, OpeningHours: loc.OpeningHours, QuietFrom: cs.QuietHoursFrom, Holidays: cs.QuietHoursHolidays}
	return out, nil
}
