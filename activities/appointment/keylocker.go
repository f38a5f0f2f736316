package appointment

import (
	"context"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunicationevent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keylocker"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// IssuePINInput asks for a drop-off PIN of the dealer's own key locker,
// requested at the locker's screen (spec 000's keylocker check-in).
type IssuePINInput struct {
	AppointmentID int                           `json:"appointment_id"`
	RequestType   enums.KeylockerPinRequestType `json:"pin_request_type"`
	// RequestKey makes the call idempotent (one per request).
	RequestKey string `json:"request_key"`
	// AgreementIDs: the agreement versions accepted at the locker's screen.
	AgreementIDs []int `json:"agreement_ids,omitempty"`
}

// IssueKeyLockerPIN creates a KeyLockerCommunication (status 1, a new PIN
// valid through the appointment day) and its "PIN for dropping the key has
// been sent" event with the request type, once per RequestKey. The message
// is then planned by notify.SendKeyLockerPIN, which finds this event.
func (a *Activities) IssueKeyLockerPIN(ctx context.Context, in IssuePINInput) error {
	return store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		if done, err := tx.KeyLockerCommunication.Query().Where(keylockercommunication.RequestKey(in.RequestKey)).Exist(ctx); err != nil || done {
			return err
		}
		ap, err := tx.Appointment.Get(ctx, in.AppointmentID)
		if err != nil {
			return store.WrapNotFound(err, "appointment", in.AppointmentID)
		}
		pin, err := keys.NewPIN(6)
		if err != nil {
			return err
		}
		c := NewKeyLockerCommunication(tx, ap, enums.KeyLockerCommunicationStatusDropPINSent, pin, keylocker.DropPINExpiry(ap)).
			SetRequestKey(in.RequestKey)
		if in.AgreementIDs != nil {
			c.SetAcceptedAgreementIds(in.AgreementIDs)
		}
		klc, err := c.Save(ctx)
		if err != nil {
			return err
		}
		return tx.KeyLockerCommunicationEvent.Create().SetKeyLockerCommunicationID(klc.ID).
			SetType(enums.KeyLockerCommunicationEventTypeDropPINSent).SetPinRequestType(in.RequestType).Exec(ctx)
	})
}

// PickUpPINInput asks for the customer's pick-up PIN of the dealer's own key
// locker once the key was dropped back after the repair.
type PickUpPINInput struct {
	AppointmentID            int    `json:"appointment_id"`
	KeyLockerCommunicationID int    `json:"key_locker_communication_id"`
	KeyLockerName            string `json:"key_locker_name"`
	KeyLockerBoxNumber       int    `json:"key_locker_box_number"`
}

// pickUpPINLife: how long the customer's pick-up PIN opens the locker.
// Decision: the spec is silent; a week covers a customer collecting late.
const pickUpPINLife = 7 * 24 * time.Hour

// IssueKeyLockerPickUpPIN moves the key-locker communication to status 4
// ("PIN for key pick up has been sent") with a new PIN and its event (type
// 4, the locker and box the key is in), once: a retry finds the event. The
// message is then planned by notify.SendKeyLockerPickUpPIN.
func (a *Activities) IssueKeyLockerPickUpPIN(ctx context.Context, in PickUpPINInput) error {
	return store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		klc, err := tx.KeyLockerCommunication.Query().Where(keylockercommunication.ID(in.KeyLockerCommunicationID),
			keylockercommunication.AppointmentID(in.AppointmentID)).Only(ctx)
		if err != nil {
			return store.WrapNotFound(err, "key-locker communication", in.KeyLockerCommunicationID)
		}
		if done, err := klc.QueryEvents().Where(keylockercommunicationevent.TypeEQ(enums.KeyLockerCommunicationEventTypePickUpPINSent)).Exist(ctx); err != nil || done {
			return err
		}
		pin, err := keys.NewPIN(6)
		if err != nil {
			return err
		}
		if err := klc.Update().SetStatus(enums.KeyLockerCommunicationStatusPickUpPINSent).SetPin(pin).
			SetPinExpireOn(time.Now().Add(pickUpPINLife)).Exec(ctx); err != nil {
			return err
		}
		return tx.KeyLockerCommunicationEvent.Create().SetKeyLockerCommunicationID(klc.ID).
			SetType(enums.KeyLockerCommunicationEventTypePickUpPINSent).SetKeyLockerName(in.KeyLockerName).
			SetKeyLockerBoxNumber(in.KeyLockerBoxNumber).Exec(ctx)
	})
}
