package notify

import (
	"context"
	"fmt"

	"github.com/pitstop-dev/pitstop/internal/keylocker"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunicationevent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// SendKeyLockerPIN plans the message carrying the key-locker drop-off PIN
// that RecordCheckInAnswer issued: one KeyLockerCommunicationEvent ("PIN for
// dropping the key has been sent") and its CommunicationReceivers, created
// once. A retry finds them; the workflow delivers each receiver with
// DeliverNotification, like every other message. No PIN issued: nothing to do.
// A PIN the API answered to the locker because the location has two-factor
// off (request type 3) is never the one sent.
func (a *Activities) SendKeyLockerPIN(ctx context.Context, in SendInput) (SendOutput, error) {
	var out SendOutput
	err := store.WithTx(ctx, a.DB.Client, func(tx *ent.Tx) error {
		klc, err := tx.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentID(in.Event.AppointmentID),
			keylockercommunication.StatusEQ(enums.KeyLockerCommunicationStatusDropPINSent), keylockercommunication.PinNEQ(""),
			keylocker.Own(), keylockercommunication.Not(keylocker.GivenToLocker())).
			Order(ent.Desc(keylockercommunication.FieldID)).First(ctx)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		ev, err := tx.KeyLockerCommunicationEvent.Query().Where(keylockercommunicationevent.KeyLockerCommunicationID(klc.ID),
			keylockercommunicationevent.TypeEQ(enums.KeyLockerCommunicationEventTypeDropPINSent)).First(ctx)
		if ent.IsNotFound(err) {
			com, cerr := tx.CustomerCommunication.Get(ctx, in.Event.CommunicationID)
			if cerr != nil {
				return store.WrapNotFound(cerr, "communication", in.Event.CommunicationID)
			}
			// Only the online check-in's PIN has no event yet (a PIN asked
			// for at the locker has its own): request type 4.
			ev, err = tx.KeyLockerCommunicationEvent.Create().SetKeyLockerCommunicationID(klc.ID).
				SetType(enums.KeyLockerCommunicationEventTypeDropPINSent).SetCorrectPhone(com.CorrectPhone).
				SetCustomerName(com.CustomerName).SetPinRequestType(enums.KeylockerPinRequestTypeOnlineCheckInAnswered).Save(ctx)
		}
		if err != nil {
			return err
		}
		out.EventID = ev.ID
		existing, err := tx.CommunicationReceiver.Query().Where(communicationreceiver.KeyLockerCommunicationEventID(ev.ID)).All(ctx)
		if err != nil {
			return err
		}
		in.Kind = KindKeyLockerPIN
		out.ReceiverIDs, err = a.ensureReceivers(ctx, tx, in, receiverOwner{existing: existing, keyPrefix: fmt.Sprintf("key-locker-pin-%d", ev.ID),
			attach: func(c *ent.CommunicationReceiverCreate) *ent.CommunicationReceiverCreate {
				return c.SetKeyLockerCommunicationEventID(ev.ID)
			}})
		return err
	})
	return out, err
}

// pinOf returns the PIN a key-locker receiver carries, the appointment's
// communication (whose key the message links to) and the event (its type
// says drop-off or pick-up PIN; its locker name is shown).
func (a *Activities) pinOf(ctx context.Context, r *ent.CommunicationReceiver) (string, int, *ent.KeyLockerCommunicationEvent, error) {
	ev, err := a.DB.KeyLockerCommunicationEvent.Query().Where(keylockercommunicationevent.ID(*r.KeyLockerCommunicationEventID)).
		WithKeyLockerCommunication().Only(ctx)
	if err != nil {
		return "", 0, nil, store.WrapNotFound(err, "key-locker event of receiver", r.ID)
	}
	com, err := a.ensureCommunication(ctx, r.AppointmentID)
	if err != nil {
		return "", 0, nil, err
	}
	return ev.Edges.KeyLockerCommunication.Pin, com.CommunicationID, ev, nil
}

// KindKeyLockerPickUpPIN is the customer's pick-up PIN of the dealer's own
// key locker, sent once a mechanic dropped the key back after the repair.
const KindKeyLockerPickUpPIN = "key_locker_pick_up_pin"

// KeyLockerPickUpPINInput names the key-locker communication whose pick-up
// PIN (issued by IssueKeyLockerPickUpPIN) the customer gets.
type KeyLockerPickUpPINInput struct {
	AppointmentID            int `json:"appointment_id"`
	CommunicationID          int `json:"communication_id"`
	KeyLockerCommunicationID int `json:"key_locker_communication_id"`
}

// SendKeyLockerPickUpPIN plans the message carrying the pick-up PIN: the
// receivers of the communication's "PIN for key pick up has been sent"
// event, written once; a retry finds them.
func (a *Activities) SendKeyLockerPickUpPIN(ctx context.Context, in KeyLockerPickUpPINInput) (SendOutput, error) {
	return a.planned(ctx, in.AppointmentID, true, func() (SendOutput, *ent.DealerLocation, error) {
		return unread(a.sendKeyLockerPickUpPIN(ctx, in))
	})
}

func (a *Activities) sendKeyLockerPickUpPIN(ctx context.Context, in KeyLockerPickUpPINInput) (SendOutput, error) {
	var out SendOutput
	err := store.WithTx(ctx, a.DB.Client, func(tx *ent.Tx) error {
		ev, err := tx.KeyLockerCommunicationEvent.Query().Where(keylockercommunicationevent.KeyLockerCommunicationID(in.KeyLockerCommunicationID),
			keylockercommunicationevent.TypeEQ(enums.KeyLockerCommunicationEventTypePickUpPINSent),
			keylockercommunicationevent.HasKeyLockerCommunicationWith(keylockercommunication.AppointmentID(in.AppointmentID))).First(ctx)
		if err != nil {
			return store.WrapNotFound(err, "pick-up PIN of key-locker communication", in.KeyLockerCommunicationID)
		}
		out.EventID = ev.ID
		existing, err := tx.CommunicationReceiver.Query().Where(communicationreceiver.KeyLockerCommunicationEventID(ev.ID)).All(ctx)
		if err != nil {
			return err
		}
		si := SendInput{Kind: KindKeyLockerPickUpPIN}
		si.Event.AppointmentID, si.Event.CommunicationID = in.AppointmentID, in.CommunicationID
		out.ReceiverIDs, err = a.ensureReceivers(ctx, tx, si, receiverOwner{existing: existing, keyPrefix: fmt.Sprintf("key-locker-pick-up-pin-%d", ev.ID),
			attach: func(c *ent.CommunicationReceiverCreate) *ent.CommunicationReceiverCreate {
				return c.SetKeyLockerCommunicationEventID(ev.ID)
			}})
		return err
	})
	return out, err
}
