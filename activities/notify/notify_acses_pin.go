package notify

import (
	"context"
	"fmt"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	entbooking "github.com/pitstop-dev/pitstop/ent/booking"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunicationevent"
	"github.com/pitstop-dev/pitstop/ent/lockersystem"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// KindAcsesPickUpPIN is the customer's pick-up PIN of an ACSES locker,
// sent once the key was dropped back after the repair.
const KindAcsesPickUpPIN = "acses_pick_up_pin"

// AcsesPINInput names the drop-back booking whose code the customer gets.
type AcsesPINInput struct {
	AppointmentID   int    `json:"appointment_id"`
	CommunicationID int    `json:"communication_id"`
	BookingID       string `json:"booking_id"`
}

// SendAcsesPickUpPIN plans the message carrying the customer's pick-up PIN
// of an ACSES drop-back booking, the way SendKeyLockerPIN plans the drop-off
// PIN: a KeyLockerCommunication (status 4, the booking's code as PIN, its
// end as expiry) with one KeyLockerCommunicationEvent (type 4, "PIN for key
// pick up has been sent", the locker's name and cell) and its receivers,
// created once per booking. Decision: the spec has no ACSES message model,
// so the key-locker one carries it; KeyLockerName tells the lockers apart.
func (a *Activities) SendAcsesPickUpPIN(ctx context.Context, in AcsesPINInput) (SendOutput, error) {
	var out SendOutput
	err := store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		b, err := tx.Booking.Query().Where(entbooking.ID(in.BookingID), entbooking.AppointmentID(in.AppointmentID)).Only(ctx)
		if err != nil {
			return errtypes.WrapNotFound(err, "booking of appointment", in.AppointmentID)
		}
		ls, err := tx.LockerSystem.Query().Where(lockersystem.ID(b.LockerSystemID)).Only(ctx)
		if err != nil {
			return err
		}
		name := ls.Name
		if name == "" {
			name = ls.ID
		}
		ev, err := tx.KeyLockerCommunicationEvent.Query().Where(
			keylockercommunicationevent.TypeEQ(enums.KeyLockerCommunicationEventTypePickUpPINSent),
			keylockercommunicationevent.HasKeyLockerCommunicationWith(keylockercommunication.AppointmentID(in.AppointmentID),
				keylockercommunication.Pin(b.Code))).First(ctx)
		if ent.IsNotFound(err) {
			ap, aerr := tx.Appointment.Get(ctx, in.AppointmentID)
			if aerr != nil {
				return errtypes.WrapNotFound(aerr, "appointment", in.AppointmentID)
			}
			com, cerr := tx.CustomerCommunication.Get(ctx, in.CommunicationID)
			if cerr != nil {
				return errtypes.WrapNotFound(cerr, "communication", in.CommunicationID)
			}
			c := appointment.NewKeyLockerCommunication(tx, ap, enums.KeyLockerCommunicationStatusPickUpPINSent, b.Code, b.EndDate)
			klc, kerr := c.Save(ctx)
			if kerr != nil {
				return kerr
			}
			cell := 0
			_, _ = fmt.Sscanf(b.LockerCellNumber, "%d", &cell)
			ev, err = tx.KeyLockerCommunicationEvent.Create().SetKeyLockerCommunicationID(klc.ID).
				SetType(enums.KeyLockerCommunicationEventTypePickUpPINSent).SetCorrectPhone(com.CorrectPhone).
				SetCustomerName(com.CustomerName).SetKeyLockerName(name).SetKeyLockerBoxNumber(cell).Save(ctx)
		}
		if err != nil {
			return err
		}
		out.EventID = ev.ID
		existing, err := tx.CommunicationReceiver.Query().Where(communicationreceiver.KeyLockerCommunicationEventID(ev.ID)).All(ctx)
		if err != nil {
			return err
		}
		si := SendInput{Kind: KindAcsesPickUpPIN}
		si.Event.AppointmentID, si.Event.CommunicationID = in.AppointmentID, in.CommunicationID
		out.ReceiverIDs, err = a.ensureReceivers(ctx, tx, si, receiverOwner{existing: existing, keyPrefix: fmt.Sprintf("acses-pick-up-pin-%d", ev.ID),
			attach: func(c *ent.CommunicationReceiverCreate) *ent.CommunicationReceiverCreate {
				return c.SetKeyLockerCommunicationEventID(ev.ID)
			}})
		return err
	})
	return out, err
}
