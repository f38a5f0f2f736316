package notify

import (
	"context"
	"fmt"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/internal/messages"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Reminder kinds (issue #25), the receivers' reminder_kind: the customer
// has not answered a communication, or has not collected a key.
const (
	KindAnswerReminder    = "answer_reminder"
	KindKeyPickupReminder = "key_pickup_reminder"
)

// ReminderInput is one reminder of an appointment's communication. For is
// the kind of the message reminded of (KindOnlineCheckIn,
// KindDiagnoseOverview, KindKeyLockerPickUpPIN): the reminder takes its
// channels by the same rules. DedupeKey makes it exactly once.
type ReminderInput struct {
	AppointmentID   int    `json:"appointment_id"`
	CommunicationID int    `json:"communication_id"`
	Kind            string `json:"kind"`
	For             string `json:"for"`
	DedupeKey       string `json:"dedupe_key"`
}

// SendReminder plans the reminder's receivers once (a retry finds them by
// their idempotency keys); the workflow delivers each with
// DeliverNotification, like every other message.
func (a *Activities) SendReminder(ctx context.Context, in ReminderInput) (SendOutput, error) {
	return a.planned(ctx, in.AppointmentID, true, func() (SendOutput, *ent.DealerLocation, error) { return unread(a.sendReminder(ctx, in)) })
}

func (a *Activities) sendReminder(ctx context.Context, in ReminderInput) (SendOutput, error) {
	if in.Kind != KindAnswerReminder && in.Kind != KindKeyPickupReminder {
		return SendOutput{}, fmt.Errorf("unknown reminder kind %q", in.Kind)
	}
	prefix := "reminder-" + in.DedupeKey
	var out SendOutput
	err := store.WithTx(ctx, a.DB.Client, func(tx *ent.Tx) error {
		existing, err := tx.CommunicationReceiver.Query().Where(communicationreceiver.IdempotencyKeyHasPrefix(prefix + "/")).All(ctx)
		if err != nil {
			return err
		}
		si := SendInput{Kind: in.For}
		si.Event.AppointmentID, si.Event.CommunicationID = in.AppointmentID, in.CommunicationID
		out.ReceiverIDs, err = a.ensureReceivers(ctx, tx, si, receiverOwner{existing: existing, keyPrefix: prefix,
			attach: func(c *ent.CommunicationReceiverCreate) *ent.CommunicationReceiverCreate {
				return c.SetReminderKind(in.Kind)
			}})
		return err
	})
	return out, err
}

// reminderMessage is the message kind of a reminder receiver.
func reminderMessage(kind string) messages.Kind {
	if kind == KindKeyPickupReminder {
		return messages.KeyPickupReminder
	}
	return messages.AnswerReminder
}
