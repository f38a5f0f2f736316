package deskcheckin

import (
	"context"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/ent/user"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Why setting the car out of the shop opened no desk check-out.
const (
	NotOpenedSettingOff     = "setting_off"           // the location's IsOpenDeskCheckoutOnCarOutOfShopEnabled is off
	NotOpenedDeskDisabled   = "desk_checkin_disabled" // the location has no desk check-in
	NotOpenedNoTablet       = "no_tablet"             // the location has no counter tablet
	NotOpenedSeveralTablets = "several_tablets"       // several, none used for this appointment before: not guessed
	NotOpenedEarlier        = "not_opened_earlier"    // a repeat: the first setting opened none, for a reason since gone
)

// CarOut is what setting the car out of the shop did.
type CarOut struct {
	Appointment *ent.Appointment
	// AlreadySet: the receptionist had set it before; nothing changed and
	// Desk is the check-out that first time opened (if any).
	AlreadySet bool
	// Desk is the desk check-out opened on a counter tablet, or nil with
	// NotOpened saying why.
	Desk      *ent.DeskCommunication
	NotOpened string
}

// SetCarOutOfShop records that the receptionist (userID) set the car out of
// the shop now: car_out_of_shop, car_out_of_shop_edited (so a DMS import
// keeps it, dmsstore) and who. Where the location has
// IsOpenDeskCheckoutOnCarOutOfShopEnabled and desk check-in, the same
// transaction opens a desk check-out as Send does, on the tablet of the
// appointment's last desk check-in, else on the location's only tablet.
// A second call changes nothing and answers what the first did.
func SetCarOutOfShop(ctx context.Context, db *store.DB, appointmentID, userID int) (CarOut, error) {
	// The clock of the rows' created_at (time.Now), so that the check-out
	// opened now is found by time on a repeat; PostgreSQL keeps microseconds.
	now := time.Now().Truncate(time.Microsecond)
	var out CarOut
	err := store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		// The appointment's row serialises two requests for it.
		q := tx.Appointment.Query().Where(entappointment.ID(appointmentID))
		if db.Dialect == store.Postgres {
			q = q.ForUpdate()
		}
		ap, err := q.Only(ctx)
		if err != nil {
			return err
		}
		if ap.CarOutOfShopEdited && ap.CarOutOfShop != nil {
			out = CarOut{Appointment: ap, AlreadySet: true}
			// The check-out opened with it: sent by the setter from that moment on.
			d, err := tx.DeskCommunication.Query().Where(deskcommunication.AppointmentID(ap.ID), deskcommunication.IsCheckingOut(true),
				deskcommunication.CreatedAtGTE(*ap.CarOutOfShop), deskcommunication.ReceptionistIDEQ(derefOr(ap.CarOutOfShopSetByID))).
				Order(ent.Asc(deskcommunication.FieldID)).First(ctx)
			if err != nil && !ent.IsNotFound(err) {
				return err
			}
			if d != nil {
				out.Desk = d
				return nil
			}
			// Why not, as far as today's settings and tablets tell.
			_, out.NotOpened, err = chooseTablet(ctx, tx, ap)
			if out.NotOpened == "" {
				out.NotOpened = NotOpenedEarlier
			}
			return err
		}
		ap, err = tx.Appointment.UpdateOneID(ap.ID).SetCarOutOfShop(now).SetCarOutOfShopEdited(true).
			SetCarOutOfShopSetByID(userID).Save(ctx)
		if err != nil {
			return err
		}
		out = CarOut{Appointment: ap}
		tablet, why, err := chooseTablet(ctx, tx, ap)
		if err != nil || why != "" {
			out.NotOpened = why
			return err
		}
		loc, err := tx.DealerLocation.Get(ctx, ap.DealerLocationID)
		if err != nil {
			return err
		}
		presented, err := Agreements(ctx, tx.Client(), loc.DealerID, true)
		if err != nil {
			return err
		}
		out.Desk, err = send(ctx, tx, ap, tablet, userID, true, presented)
		return err
	})
	return out, err
}

func derefOr(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// chooseTablet picks the counter tablet a check-out opens on with car out
// of the shop, or says why none.
func chooseTablet(ctx context.Context, tx *ent.Tx, ap *ent.Appointment) (int, string, error) {
	loc, err := tx.DealerLocation.Get(ctx, ap.DealerLocationID)
	switch {
	case err != nil:
		return 0, "", err
	case !loc.IsOpenDeskCheckoutOnCarOutOfShopEnabled:
		return 0, NotOpenedSettingOff, nil
	case !loc.DeskCheckInEnabled:
		return 0, NotOpenedDeskDisabled, nil
	}
	usable := func(u *ent.User) bool { return IsTablet(u, loc.ID) && u.Status == enums.UserStatusIDActive }
	last, err := tx.DeskCommunication.Query().Where(deskcommunication.AppointmentID(ap.ID)).
		Order(ent.Desc(deskcommunication.FieldID)).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return 0, "", err
	}
	if last != nil {
		u, err := tx.User.Get(ctx, last.TabletUserID)
		if err != nil && !ent.IsNotFound(err) {
			return 0, "", err
		}
		if u != nil && usable(u) {
			return u.ID, "", nil
		}
	}
	// Few users are tablets; the location test (a JSON list) is done here.
	all, err := tx.User.Query().Where(user.RoleID(enums.RoleIDCounterTablet), user.Status(enums.UserStatusIDActive)).All(ctx)
	if err != nil {
		return 0, "", err
	}
	var ids []int
	for _, u := range all {
		if usable(u) {
			ids = append(ids, u.ID)
		}
	}
	switch len(ids) {
	case 0:
		return 0, NotOpenedNoTablet, nil
	case 1:
		return ids[0], "", nil
	}
	return 0, NotOpenedSeveralTablets, nil
}
