package notify

import (
	"context"
	"fmt"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/communicationsetting"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunicationevent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/messages"
	"github.com/pitstop-dev/pitstop/internal/repairpdf"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Aftersales kinds (issue #25), kept in the receivers' reminder_kind like
// the reminders (messages of the appointment's communication without an
// event of their own): "your car is ready" with the repair overview, and
// the feedback question after the pick-up.
const (
	KindCarReady           = "car_ready"
	KindFeedbackInvitation = "feedback_invitation"
)

// AftersalesInput is one aftersales message of an appointment. DedupeKey
// makes it exactly once.
type AftersalesInput struct {
	AppointmentID   int    `json:"appointment_id"`
	CommunicationID int    `json:"communication_id"`
	Kind            string `json:"kind"`
	DedupeKey       string `json:"dedupe_key"`
}

// SendAftersales plans the message's receivers once, when the location has
// it switched on (CommunicationSetting car_ready_message_enabled or
// feedback_question_enabled): no receivers otherwise. A retry finds the
// rows by their idempotency keys; the workflow delivers each with
// DeliverNotification. What the message says (amount, hours, the locker
// PIN) is read when it is delivered, so none of it enters the history.
func (a *Activities) SendAftersales(ctx context.Context, in AftersalesInput) (SendOutput, error) {
	if in.Kind != KindCarReady && in.Kind != KindFeedbackInvitation {
		return SendOutput{}, fmt.Errorf("unknown aftersales kind %q", in.Kind)
	}
	prefix := in.Kind + "-" + in.DedupeKey
	var out SendOutput
	err := store.WithTx(ctx, a.DB.Client, func(tx *ent.Tx) error {
		existing, err := tx.CommunicationReceiver.Query().Where(communicationreceiver.IdempotencyKeyHasPrefix(prefix + "/")).All(ctx)
		if err != nil {
			return err
		}
		if len(existing) == 0 {
			ap, err := tx.Appointment.Get(ctx, in.AppointmentID)
			if err != nil {
				return store.WrapNotFound(err, "appointment", in.AppointmentID)
			}
			set, err := tx.CommunicationSetting.Query().Where(communicationsetting.DealerLocationID(ap.DealerLocationID)).Only(ctx)
			if ent.IsNotFound(err) {
				return nil // a location without settings has both off
			}
			if err != nil {
				return err
			}
			if (in.Kind == KindCarReady && !set.CarReadyMessageEnabled) || (in.Kind == KindFeedbackInvitation && !set.FeedbackQuestionEnabled) {
				return nil
			}
		}
		si := SendInput{Kind: in.Kind}
		si.Event.AppointmentID, si.Event.CommunicationID = in.AppointmentID, in.CommunicationID
		out.ReceiverIDs, err = a.ensureReceivers(ctx, tx, si, receiverOwner{existing: existing, keyPrefix: prefix,
			attach: func(c *ent.CommunicationReceiverCreate) *ent.CommunicationReceiverCreate {
				return c.SetReminderKind(in.Kind)
			}})
		return err
	})
	return out, err
}

// carReady fills what the car-ready message says: the amount due (the
// repair overview's total, repairpdf.Totals), the opening hours, and the
// pick-up PIN of a key waiting in a locker (none: the desk).
func (a *Activities) carReady(ctx context.Context, ap *ent.Appointment, d *messages.Data) error {
	loc := ap.Edges.Location
	set := loc.Edges.Setting
	if set == nil {
		set = &ent.CommunicationSetting{Vat: loc.Vat, IncludeVat: loc.IncludeVat}
	}
	// The interventions the repair overview shows (api/customer/repair.go).
	ivs, err := a.DB.Intervention.Query().Where(intervention.AppointmentID(ap.ID), intervention.VisibleToCustomer(true),
		intervention.DmsDeleted(false)).All(ctx)
	if err != nil {
		return err
	}
	ov := repairpdf.Overview{VATPercent: set.Vat, PricesIncludeVAT: set.IncludeVat}
	for _, iv := range ivs {
		ov.Items = append(ov.Items, repairpdf.Item{Price: iv.Price, Fixed: iv.MechanicFixed})
	}
	_, _, d.AmountDue = repairpdf.Totals(ov)
	d.OpeningHours = loc.OpeningHours
	ev, err := a.DB.KeyLockerCommunicationEvent.Query().Where(keylockercommunicationevent.TypeEQ(enums.KeyLockerCommunicationEventTypePickUpPINSent),
		keylockercommunicationevent.HasKeyLockerCommunicationWith(keylockercommunication.AppointmentID(ap.ID))).
		WithKeyLockerCommunication().Order(ent.Desc(keylockercommunicationevent.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	d.PIN, d.LockerName = ev.Edges.KeyLockerCommunication.Pin, ev.KeyLockerName
	return nil
}

// messageOf is the message kind of a receiver kept by its reminder_kind.
func messageOf(kind string) messages.Kind {
	switch kind {
	case KindCarReady:
		return messages.CarReady
	case KindFeedbackInvitation:
		return messages.FeedbackInvitation
	}
	return reminderMessage(kind)
}
