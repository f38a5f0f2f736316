// Package deskcheckin stores the desk check-in (the receptionist sends it
// to a counter tablet; the tablet reports what happens with the spec's
// DeskCommunicationStatus values): synchronous and on site, it lives in the
// database, not in a workflow (only the confirmation to the customer does,
// workflows/desk). The staff API (api/staff) calls it once per request.
package deskcheckin

import (
	"context"
	"slices"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Open are the statuses of a desk check-in still under way.
var Open = []enums.DeskCommunicationStatus{enums.DeskCommunicationStatusSent, enums.DeskCommunicationStatusReceived,
	enums.DeskCommunicationStatusFailedToOpen, enums.DeskCommunicationStatusOpened}

// deskTransitions: which status may follow which; Closed may follow any open one.
var deskTransitions = map[enums.DeskCommunicationStatus][]enums.DeskCommunicationStatus{
	enums.DeskCommunicationStatusSent:         {enums.DeskCommunicationStatusReceived, enums.DeskCommunicationStatusFailedToOpen, enums.DeskCommunicationStatusOpened},
	enums.DeskCommunicationStatusReceived:     {enums.DeskCommunicationStatusFailedToOpen, enums.DeskCommunicationStatusOpened},
	enums.DeskCommunicationStatusFailedToOpen: {enums.DeskCommunicationStatusOpened},
	enums.DeskCommunicationStatusOpened:       {enums.DeskCommunicationStatusAnswered},
}

var eventOf = map[enums.DeskCommunicationStatus]enums.DeskCommunicationEventType{
	enums.DeskCommunicationStatusSent:         enums.DeskCommunicationEventTypeSent,
	enums.DeskCommunicationStatusReceived:     enums.DeskCommunicationEventTypeReceived,
	enums.DeskCommunicationStatusFailedToOpen: enums.DeskCommunicationEventTypeFailedToOpen,
	enums.DeskCommunicationStatusOpened:       enums.DeskCommunicationEventTypeOpened,
	enums.DeskCommunicationStatusAnswered:     enums.DeskCommunicationEventTypeAnswered,
	enums.DeskCommunicationStatusClosed:       enums.DeskCommunicationEventTypeCanceled,
}

// Send closes the appointment's open desk check-ins and sends a new one to
// the tablet, with the agreements presented.
func Send(ctx context.Context, db *ent.Client, ap *ent.Appointment, tabletID, receptionistID int, checkingOut bool, presented []int) (*ent.DeskCommunication, error) {
	var desk *ent.DeskCommunication
	err := store.WithTx(ctx, db, func(tx *ent.Tx) (err error) {
		desk, err = send(ctx, tx, ap, tabletID, receptionistID, checkingOut, presented)
		return err
	})
	return desk, err
}

func send(ctx context.Context, tx *ent.Tx, ap *ent.Appointment, tabletID, receptionistID int, checkingOut bool, presented []int) (*ent.DeskCommunication, error) {
	open, err := tx.DeskCommunication.Query().Where(deskcommunication.AppointmentID(ap.ID), deskcommunication.StatusIn(Open...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range open {
		if err := move(ctx, tx, d, enums.DeskCommunicationStatusClosed, receptionistID, ""); err != nil {
			return nil, err
		}
	}
	create := tx.DeskCommunication.Create().SetAppointmentID(ap.ID).SetDealerLocationID(ap.DealerLocationID).
		SetTabletUserID(tabletID).SetReceptionistID(receptionistID).SetStatus(enums.DeskCommunicationStatusSent).
		SetIsCheckingOut(checkingOut).SetPresentedAgreementIds(presented)
	if ap.CustomerDriverID != 0 {
		create.SetCustomerID(ap.CustomerDriverID)
	}
	desk, err := create.Save(ctx)
	if err != nil {
		return nil, err
	}
	return desk, tx.DeskCommunicationEvent.Create().SetDeskCommunicationID(desk.ID).SetType(enums.DeskCommunicationEventTypeSent).SetUserID(receptionistID).Exec(ctx)
}

// CheckingOut says whether a desk communication sent now is a check-out:
// asked for, or (the spec) "done when the appointment status is car ready
// or quality check".
func CheckingOut(ap *ent.Appointment, asked bool) bool {
	return asked || ap.AppointmentStatusIdentifier == enums.StatusIdentifierCarReady ||
		ap.AppointmentStatusIdentifier == enums.StatusIdentifierQualityCheckCompleted
}

// Agreements are the IDs of the dealer's current agreements shown at a
// desk check-in (or check-out), never nil.
func Agreements(ctx context.Context, db *ent.Client, dealerID int, checkingOut bool) ([]int, error) {
	visible := communicationagreement.VisibleDeskCheckIn(true)
	if checkingOut {
		visible = communicationagreement.VisibleDeskCheckOut(true)
	}
	ids, err := db.CommunicationAgreement.Query().Where(communicationagreement.DealerID(dealerID), communicationagreement.Deleted(false), visible).
		Order(ent.Asc(communicationagreement.FieldID)).IDs(ctx)
	if ids == nil {
		ids = []int{}
	}
	return ids, err
}

// IsTablet says whether u is a counter tablet (role 100) of the location.
func IsTablet(u *ent.User, locationID int) bool {
	return u.RoleID == enums.RoleIDCounterTablet && (u.DealerLocationID == locationID || slices.Contains(u.LocationIds, locationID))
}

// Move records a reported status (by userID, with the customer's name);
// the customer's answer (Answered) stores the agreements accepted too.
func Move(ctx context.Context, db *ent.Client, desk *ent.DeskCommunication, to enums.DeskCommunicationStatus, userID int, name string, accepted []int) error {
	return store.WithTx(ctx, db, func(tx *ent.Tx) error {
		if to == enums.DeskCommunicationStatusAnswered {
			if accepted == nil {
				accepted = []int{}
			}
			if err := tx.DeskCommunication.UpdateOneID(desk.ID).SetAcceptedAgreementIds(accepted).Exec(ctx); err != nil {
				return err
			}
		}
		return move(ctx, tx, desk, to, userID, name)
	})
}

// MayMove says whether status to may follow from.
func MayMove(from, to enums.DeskCommunicationStatus) bool {
	if to == enums.DeskCommunicationStatusClosed {
		return from != enums.DeskCommunicationStatusClosed
	}
	for _, s := range deskTransitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

func move(ctx context.Context, tx *ent.Tx, d *ent.DeskCommunication, to enums.DeskCommunicationStatus, userID int, name string) error {
	upd := tx.DeskCommunication.UpdateOneID(d.ID).SetStatus(to)
	if name != "" {
		upd.SetCustomerName(name)
	}
	if err := upd.Exec(ctx); err != nil {
		return err
	}
	return tx.DeskCommunicationEvent.Create().SetDeskCommunicationID(d.ID).SetType(eventOf[to]).
		SetUserID(userID).SetCustomerName(name).Exec(ctx)
}
