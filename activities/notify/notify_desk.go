package notify

import (
	"context"
	"fmt"

	"github.com/pitstop-dev/pitstop/internal/errtypes"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/communicationsetting"
	"github.com/pitstop-dev/pitstop/ent/deskcommunicationevent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// SendDeskConfirmation plans the confirmation of an answered desk check-in:
// the receivers of its "answered" DeskCommunicationEvent, created once (a
// retry finds them). Nothing is planned where the location's
// CommunicationSetting does not SendConfirmationEmails. The message links to
// the appointment's communication, where the customer sees the check-in.
func (a *Activities) SendDeskConfirmation(ctx context.Context, deskID int) (SendOutput, error) {
	var out SendOutput
	desk, err := a.DB.DeskCommunication.Get(ctx, deskID)
	if err != nil {
		return out, store.WrapNotFound(err, "desk check-in", deskID)
	}
	com, err := a.ensureCommunication(ctx, desk.AppointmentID)
	if err != nil {
		return out, err
	}
	err = store.WithTx(ctx, a.DB.Client, func(tx *ent.Tx) error {
		ev, err := tx.DeskCommunicationEvent.Query().Where(deskcommunicationevent.DeskCommunicationID(deskID),
			deskcommunicationevent.TypeEQ(enums.DeskCommunicationEventTypeAnswered)).Order(ent.Asc(deskcommunicationevent.FieldID)).First(ctx)
		if ent.IsNotFound(err) {
			return errtypes.NewNotFound("answer of desk check-in", deskID)
		}
		if err != nil {
			return err
		}
		out.EventID = ev.ID
		existing, err := tx.CommunicationReceiver.Query().Where(communicationreceiver.DeskCommunicationEventID(ev.ID)).All(ctx)
		if err != nil {
			return err
		}
		if len(existing) == 0 {
			send, err := tx.CommunicationSetting.Query().Where(communicationsetting.DealerLocationID(desk.DealerLocationID),
				communicationsetting.SendConfirmationEmails(true)).Exist(ctx)
			if err != nil || !send {
				return err
			}
		}
		in := SendInput{Kind: KindDeskConfirmation,
			Event: appointment.EventInput{AppointmentID: desk.AppointmentID, CommunicationID: com.CommunicationID}}
		out.ReceiverIDs, err = a.ensureReceivers(ctx, tx, in, receiverOwner{existing: existing, keyPrefix: fmt.Sprintf("desk-confirmation-%d", ev.ID),
			attach: func(c *ent.CommunicationReceiverCreate) *ent.CommunicationReceiverCreate {
				return c.SetDeskCommunicationEventID(ev.ID)
			}})
		return err
	})
	return out, err
}
