package appointment

import (
	"context"
	"errors"
	"fmt"

	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/internal/store"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/checkinoffer"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
)

// LoadAppointment reads what the workflow needs of an appointment.
func (a *Activities) LoadAppointment(ctx context.Context, id int) (AppointmentSnapshot, error) {
	ap, err := a.DB.Appointment.Query().Where(entappointment.ID(id)).
		WithLocation(func(q *ent.DealerLocationQuery) { q.WithSetting() }).Only(ctx)
	if err != nil {
		return AppointmentSnapshot{}, store.WrapNotFound(err, "appointment", id)
	}
	loc := ap.Edges.Location
	days := loc.CheckInDaysPrior
	if s := loc.Edges.Setting; s != nil && s.CheckInDaysPrior > 0 {
		days = s.CheckInDaysPrior // the communication setting wins over the location's default
	}
	return AppointmentSnapshot{
		AppointmentID: ap.ID, DealerLocationID: ap.DealerLocationID, WONr: ap.WoNr, RegNumber: ap.RegNumber,
		RegNumberHash: keys.RegNumberHash(a.KeySecret, ap.RegNumber),
		AppointmentAt: ap.TimeCarApp, StatusIdentifier: ap.AppointmentStatusIdentifier,
		CheckInEnabled: loc.OnlineCheckInEnabled && loc.Active, CheckInDaysPrior: days,
	}, nil
}

// HashRegNumber is keys.RegNumberHash of a plate with the server secret:
// the lifecycle's RegNumber search attribute, for a run continued from one
// that had no hash (workflow code never reads the secret).
func (a *Activities) HashRegNumber(_ context.Context, plate string) (string, error) {
	if len(a.KeySecret) == 0 {
		return "", errors.New("hash registration: no key secret")
	}
	return keys.RegNumberHash(a.KeySecret, plate), nil
}

// EnsureCommunication returns the appointment's one CustomerCommunication,
// creating it (with fresh key salts) the first time.
func (a *Activities) EnsureCommunication(ctx context.Context, appointmentID int) (CommunicationRef, error) {
	if c, err := a.DB.CustomerCommunication.Query().Where(customercommunication.AppointmentID(appointmentID)).Only(ctx); err == nil {
		return CommunicationRef{CommunicationID: c.ID, Status: c.Status}, nil
	} else if !ent.IsNotFound(err) {
		return CommunicationRef{}, err
	}
	ap, err := a.DB.Appointment.Get(ctx, appointmentID)
	if err != nil {
		return CommunicationRef{}, store.WrapNotFound(err, "appointment", appointmentID)
	}
	c, err := a.createCommunication(ctx, ap)
	if ent.IsConstraintError(err) { // another attempt won the race: use its row
		c, err = a.DB.CustomerCommunication.Query().Where(customercommunication.AppointmentID(appointmentID)).Only(ctx)
	}
	if err != nil {
		return CommunicationRef{}, fmt.Errorf("communication of appointment %d: %w", appointmentID, err)
	}
	return CommunicationRef{CommunicationID: c.ID, Status: c.Status}, nil
}

// createCommunication inserts the row, then sets the key hashes, which depend
// on the row's ID.
func (a *Activities) createCommunication(ctx context.Context, ap *ent.Appointment) (*ent.CustomerCommunication, error) {
	custSalt, err := keys.NewSalt()
	if err != nil {
		return nil, err
	}
	recSalt, err := keys.NewSalt()
	if err != nil {
		return nil, err
	}
	// Placeholders are unique (the salts) until the real hashes replace
	// them. The row, its check-in offers and its hashes appear together.
	var out *ent.CustomerCommunication
	err = store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		c, err := tx.CustomerCommunication.Create().SetAppointmentID(ap.ID).SetDealerLocationID(ap.DealerLocationID).
			SetStatus(enums.CommunicationStatusCheckInSent).SetCustomerKeySalt(custSalt).SetReceptionistKeySalt(recSalt).
			SetCustomerKeyHash("pending-" + custSalt).SetReceptionistKeyHash("pending-" + recSalt).
			SetNillableCustomerID(nonZero(ap.CustomerDriverID)).SetNillableCarID(nonZero(ap.CarID)).Save(ctx)
		if err != nil {
			return err
		}
		if err := copyOffers(ctx, tx, ap, c.ID); err != nil {
			return err
		}
		// One UPDATE: ent's update of the entity would read the row back.
		custHash := keys.Hash(keys.Derive(a.KeySecret, keys.Customer, c.ID, custSalt))
		recHash := keys.Hash(keys.Derive(a.KeySecret, keys.Receptionist, c.ID, recSalt))
		if err := tx.CustomerCommunication.Update().Where(customercommunication.ID(c.ID)).
			SetCustomerKeyHash(custHash).SetReceptionistKeyHash(recHash).Exec(ctx); err != nil {
			return err
		}
		c.CustomerKeyHash, c.ReceptionistKeyHash, out = custHash, recHash, c
		return nil
	})
	return out, err
}

func nonZero(id int) *int {
	if id == 0 {
		return nil
	}
	return &id
}

// copyOffers gives a new communication the location's active check-in
// offers (a dealer admin's, api/admin/offers.go) as its CheckInResult rows,
// in the location's order: the online check-in offers the visible ones. An
// offer hidden for lease cars is copied hidden when the appointment is a
// lease company's, so the staff still see what was not offered.
func copyOffers(ctx context.Context, tx *ent.Tx, ap *ent.Appointment, communicationID int) error {
	offers, err := tx.CheckInOffer.Query().Where(checkinoffer.DealerLocationID(ap.DealerLocationID), checkinoffer.Active(true)).
		Order(ent.Asc(checkinoffer.FieldPosition), ent.Asc(checkinoffer.FieldID)).All(ctx)
	if err != nil || len(offers) == 0 {
		return err
	}
	rows := make([]*ent.CheckInResultCreate, len(offers))
	for i, o := range offers {
		rows[i] = tx.CheckInResult.Create().SetCustomerCommunicationID(communicationID).SetAppointmentID(ap.ID).
			SetName(o.Name).SetDescription(o.Description).SetPrice(o.Price).SetInfoURL(o.InfoURL).
			SetHideForLeaseAppointments(o.HideForLeaseAppointments).
			SetVisible(!(o.HideForLeaseAppointments && ap.IsLeaseCompany))
	}
	return tx.CheckInResult.CreateBulk(rows...).Exec(ctx)
}

// SaveLifecycle writes the workflow's view of the appointment into the read
// model. Values are absolute, so a retried write changes nothing. A change
// of stage is also an appointment.stage_changed event of the dealers'
// stream, written in the same transaction (a retry finds the stage saved
// and records nothing again). The move to a closing stage (completed or
// cancelled) sets closed_at, the moment the nightly retention counts from
// (activities/retention); a retry, or a later save of the same closed
// stage, finds it closed and keeps it; a move back to an open stage clears
// it.
func (a *Activities) SaveLifecycle(ctx context.Context, s LifecycleSnapshot) error {
	return store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		ap, err := tx.Appointment.Get(ctx, s.AppointmentID)
		if err != nil {
			return store.WrapNotFound(err, "appointment", s.AppointmentID)
		}
		upd := tx.Appointment.UpdateOneID(s.AppointmentID).
			SetLifecycleStage(string(s.Stage)).SetAppointmentStatusIdentifier(s.StatusIdentifier).
			SetCheckInComSent(s.CheckInSent).SetCheckInComAnswered(s.CheckInAnswered).SetLastTimestamp(a.now())
		if !s.AppointmentAt.IsZero() {
			upd.SetTimeCarApp(s.AppointmentAt)
		}
		if s.StatusIdentifier == enums.StatusIdentifierCancelled {
			upd.SetStatusOverride(enums.StatusOverrideCanceled)
		}
		was, to := contract.Stage(ap.LifecycleStage).Final(), contract.Stage(s.Stage).Final()
		switch {
		case to && !was:
			upd.SetClosedAt(a.now())
		case !to:
			upd.ClearClosedAt()
		}
		if err := upd.Exec(ctx); err != nil {
			return store.WrapNotFound(err, "appointment", s.AppointmentID)
		}
		if s.CommunicationID != 0 {
			err = tx.CustomerCommunication.UpdateOneID(s.CommunicationID).SetStatus(s.CommunicationStatus).Exec(ctx)
			if err != nil {
				return store.WrapNotFound(err, "communication", s.CommunicationID)
			}
		}
		// Last: the dealers' stream event locks the location's stream row
		// until the commit (EventOnceRecordLast says why that matters).
		if s.Stage != "" && string(s.Stage) != ap.LifecycleStage {
			_, err := dealerevents.Record(ctx, tx.Client(), dealerevents.Event{LocationID: ap.DealerLocationID,
				AppointmentID: ap.ID, Type: dealerevents.TypeStageChanged, At: a.now(),
				Data: dealerevents.StageChanged{From: ap.LifecycleStage, To: string(s.Stage)}})
			return err
		}
		return nil
	})
}
