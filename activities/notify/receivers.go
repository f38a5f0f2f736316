package notify

import (
	"context"
	"fmt"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// receiverOwner says which message the receivers belong to: the rows a
// retry must find, and how a new row is tied to the message.
type receiverOwner struct {
	// existing are the message's receivers already written (by an earlier attempt).
	existing []*ent.CommunicationReceiver
	// attach ties a new receiver to its event.
	attach func(*ent.CommunicationReceiverCreate) *ent.CommunicationReceiverCreate
	// keyPrefix makes the idempotency keys: <keyPrefix>/<channel>.
	keyPrefix string
	// appointment is the message's appointment as loadPlanned reads it,
	// when the caller has it; nil: planning reads it.
	appointment *ent.Appointment
}

// ensureReceivers plans the receivers of one message once and returns those
// still to deliver: a retry finds the rows an earlier attempt wrote; the
// first attempt applies the channel rules (Plan) and writes one row per
// destination, failed ones with their reason so the receptionist sees why.
func (a *Activities) ensureReceivers(ctx context.Context, tx *ent.Tx, in SendInput, o receiverOwner) ([]int, error) {
	rows := o.existing
	if len(rows) == 0 {
		pi, err := a.planInput(ctx, tx, in, o.appointment)
		if err != nil {
			return nil, err
		}
		for _, p := range Plan(pi) {
			state := stateQueued
			if p.Status == enums.CommunicationReceiverStatusFailed {
				state = stateFailed
			}
			r, err := o.attach(tx.CommunicationReceiver.Create()).SetAppointmentID(in.Event.AppointmentID).
				SetCommunicationChannelID(p.Channel).SetDestination(p.Destination).SetStatus(p.Status).SetReason(p.Reason).
				SetDeliveryState(state).SetIdempotencyKey(fmt.Sprintf("%s/%d", o.keyPrefix, p.Channel)).Save(ctx)
			if err != nil {
				return nil, err
			}
			rows = append(rows, r)
		}
	}
	var ids []int
	for _, r := range rows {
		if r.DeliveryState != stateFailed {
			ids = append(ids, r.ID)
		}
	}
	return ids, nil
}
