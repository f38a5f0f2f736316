package keylocker

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// The dealer's key locker device's reports (api/staff's /v1/keylocker/*),
// stored here: the locker is on site and synchronous, like the desk
// check-in; the appointment's lifecycle hears of the key through signals
// the API sends after the write. Each report is recorded once: a repeat
// changes nothing.

// GivePIN (two-factor off) gives the matched appointment's drop-off PIN to the
// locker: a new KeyLockerCommunication (status 1, valid through the
// appointment day, the accepted agreements) whose event 1 records request
// type 3 and the device's user, with no receivers: nothing is sent. While a
// PIN given this way is live and its key-locker check-in has not reached
// the pick-up PIN, a request again (the device retrying, the customer back
// at the screen) answers that PIN instead of issuing another.
func GivePIN(ctx context.Context, db *store.DB, appointmentID int, agreementIDs []int, userID int, now time.Time) (string, error) {
	var pin string
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
		given, err := tx.KeyLockerCommunication.Query().Where(Own(), keylockercommunication.AppointmentID(ap.ID),
			keylockercommunication.StatusIn(enums.KeyLockerCommunicationStatusDropPINSent, enums.KeyLockerCommunicationStatusOpened,
				enums.KeyLockerCommunicationStatusAnswered),
			keylockercommunication.PinExpireOnGT(now),
			GivenToLocker()).
			Order(ent.Desc(keylockercommunication.FieldID)).First(ctx)
		if err == nil {
			pin = given.Pin
			return nil
		}
		if !ent.IsNotFound(err) {
			return err
		}
		if pin, err = keys.NewPIN(6); err != nil {
			return err
		}
		create := NewCommunication(tx, ap, enums.KeyLockerCommunicationStatusDropPINSent, pin, DropPINExpiry(ap))
		if agreementIDs != nil {
			create.SetAcceptedAgreementIds(agreementIDs)
		}
		k, err := create.Save(ctx)
		if err != nil {
			return err
		}
		return tx.KeyLockerCommunicationEvent.Create().SetKeyLockerCommunicationID(k.ID).
			SetType(enums.KeyLockerCommunicationEventTypeDropPINSent).SetPinRequestType(enums.KeylockerPinRequestTypeTwoFactorDisabled).
			SetUserID(userID).Exec(ctx)
	})
	return pin, err
}

// Opened records that the customer typed the drop-off PIN at the locker
// (status 2 and its event, once).
func Opened(ctx context.Context, db *ent.Client, k *ent.KeyLockerCommunication, userID int, lockerName string, box int) error {
	return store.WithTx(ctx, db, func(tx *ent.Tx) error {
		n, err := tx.KeyLockerCommunication.Update().Where(keylockercommunication.ID(k.ID),
			keylockercommunication.StatusEQ(enums.KeyLockerCommunicationStatusDropPINSent)).
			SetStatus(enums.KeyLockerCommunicationStatusOpened).Save(ctx)
		if err != nil || n == 0 {
			return err // already opened: nothing new
		}
		return tx.KeyLockerCommunicationEvent.Create().SetKeyLockerCommunicationID(k.ID).
			SetType(enums.KeyLockerCommunicationEventTypeOpened).SetUserID(userID).
			SetKeyLockerName(lockerName).SetKeyLockerBoxNumber(box).Exec(ctx)
	})
}

// Answer is what the customer answered at the locker (checked by the caller).
type Answer struct {
	UserID       int
	CustomerName string
	CorrectPhone string
	Remark       string
	AgreementIDs []int
	Agreed       []AgreedIntervention
}

// AgreedIntervention is an intervention the customer agreed to at the locker.
type AgreedIntervention struct {
	Title, Description string
	Price, VAT         float64
}

// ErrAlreadyAnswered: the key-locker check-in was answered before.
var ErrAlreadyAnswered = errors.New("this key-locker check-in was already answered")

// Answered records the customer's answer (status 3 and its event, the
// accepted agreements, agreed interventions and remark), once; a remark or
// a corrected phone number is the receptionist's to handle.
func Answered(ctx context.Context, db *ent.Client, k *ent.KeyLockerCommunication, a Answer) error {
	return store.WithTx(ctx, db, func(tx *ent.Tx) error {
		// Only one answer: the status moves from 1 or 2 in this transaction.
		n, err := tx.KeyLockerCommunication.Update().Where(keylockercommunication.ID(k.ID), keylockercommunication.StatusIn(
			enums.KeyLockerCommunicationStatusDropPINSent, enums.KeyLockerCommunicationStatusOpened)).
			SetStatus(enums.KeyLockerCommunicationStatusAnswered).SetAcceptedAgreementIds(union(k.AcceptedAgreementIds, a.AgreementIDs)).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrAlreadyAnswered
		}
		ev, err := tx.KeyLockerCommunicationEvent.Create().SetKeyLockerCommunicationID(k.ID).
			SetType(enums.KeyLockerCommunicationEventTypeAnswered).SetUserID(a.UserID).
			SetCustomerName(a.CustomerName).SetCorrectPhone(a.CorrectPhone).Save(ctx)
		if err != nil {
			return err
		}
		for _, iv := range a.Agreed {
			if err := tx.KeyLockerAgreedIntervention.Create().SetKeyLockerCommunicationID(k.ID).SetKeyLockerCommunicationEventID(ev.ID).
				SetTitle(strings.TrimSpace(iv.Title)).SetDescription(iv.Description).SetPrice(iv.Price).SetVat(iv.VAT).Exec(ctx); err != nil {
				return err
			}
		}
		if a.Remark != "" {
			if err := tx.KeyLockerRemark.Create().SetKeyLockerCommunicationID(k.ID).SetAppointmentID(k.AppointmentID).
				SetDescription(a.Remark).SetCustomerName(a.CustomerName).Exec(ctx); err != nil {
				return err
			}
		}
		// The receptionist handles a remark or a corrected phone number.
		if a.Remark != "" || a.CorrectPhone != "" {
			return tx.Appointment.UpdateOneID(k.AppointmentID).SetCheckInComToHandle(true).Exec(ctx)
		}
		return nil
	})
}

// union keeps the agreement IDs accepted with the PIN request and adds the
// answer's, each once, in order.
func union(had, add []int) []int {
	out := append([]int{}, had...)
	for _, id := range add {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// KeyDropped records the customer's key in the locker (once), with its
// key.dropped event of the dealers' stream in the same transaction.
func KeyDropped(ctx context.Context, db *ent.Client, appointmentID int, lockerName string, at time.Time) error {
	return keyStep(ctx, db, appointmentID, at, dealerevents.TypeKeyDropped, dealerevents.KeyByCustomer, func(c *ent.Client) *ent.AppointmentUpdate {
		return c.Appointment.Update().Where(entappointment.ID(appointmentID), entappointment.KeyDroppedAtIsNil()).
			SetKeyDroppedAt(at).SetKeyDroppedIn(lockerName)
	})
}

// KeyDroppedBack records the key back in the locker after the repair, by
// a member of staff (once).
func KeyDroppedBack(ctx context.Context, db *ent.Client, appointmentID, userID int, lockerName string, at time.Time) error {
	return keyStep(ctx, db, appointmentID, at, dealerevents.TypeKeyDropped, dealerevents.KeyByStaff, func(c *ent.Client) *ent.AppointmentUpdate {
		return c.Appointment.Update().Where(entappointment.ID(appointmentID), entappointment.KeyDroppedBackAtIsNil()).
			SetKeyDroppedBackAt(at).SetKeyDroppedBackByID(userID).SetKeyDroppedBackIn(lockerName)
	})
}

// KeyPickedUp records the mechanic taking the customer's key (once).
func KeyPickedUp(ctx context.Context, db *ent.Client, appointmentID, userID int, at time.Time) error {
	return keyStep(ctx, db, appointmentID, at, dealerevents.TypeKeyPickedUp, dealerevents.KeyByStaff, func(c *ent.Client) *ent.AppointmentUpdate {
		return c.Appointment.Update().Where(entappointment.ID(appointmentID), entappointment.KeyPickedUpAtIsNil()).
			SetKeyPickedUpAt(at).SetKeyPickedUpByID(userID)
	})
}

// KeyPickedUpBack records the key taken after the repair (once): by the
// customer (userID 0) or a receptionist helping.
func KeyPickedUpBack(ctx context.Context, db *ent.Client, appointmentID, userID int, at time.Time) error {
	return keyStep(ctx, db, appointmentID, at, dealerevents.TypeKeyPickedUp, dealerevents.KeyByCustomer, func(c *ent.Client) *ent.AppointmentUpdate {
		upd := c.Appointment.Update().Where(entappointment.ID(appointmentID), entappointment.KeyPickedUpBackAtIsNil()).SetKeyPickedUpBackAt(at)
		if userID != 0 {
			upd.SetKeyPickedUpBackByID(userID)
		}
		return upd
	})
}

// keyStep runs one conditional key update and, when it changed the row
// (the first time), records the step's event in the same transaction.
func keyStep(ctx context.Context, db *ent.Client, appointmentID int, at time.Time, typ dealerevents.Type, by string,
	update func(*ent.Client) *ent.AppointmentUpdate) error {
	return store.WithTx(ctx, db, func(tx *ent.Tx) error {
		n, err := update(tx.Client()).Save(ctx)
		if err != nil || n == 0 {
			return err
		}
		ap, err := tx.Appointment.Get(ctx, appointmentID)
		if err != nil {
			return err
		}
		_, err = dealerevents.Record(ctx, tx.Client(), dealerevents.Event{LocationID: ap.DealerLocationID, AppointmentID: ap.ID,
			Type: typ, At: at, Data: dealerevents.Key{By: by, Locker: dealerevents.LockerDevice}})
		return err
	})
}
