package appointment

import (
	"context"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
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
			return errtypes.WrapNotFound(err, "appointment", in.AppointmentID)
		}
		pin, err := keys.NewPIN(6)
		if err != nil {
			return err
		}
		c := NewKeyLockerCommunication(tx, ap, enums.KeyLockerCommunicationStatusDropPINSent, pin, ap.TimeCarApp.Add(24*time.Hour)).
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
