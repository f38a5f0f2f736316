package activities

import (
	"context"
	"fmt"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/checkinresult"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/customercommunicationagreement"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/workflows"
)

// RecordEvent writes one CommunicationEvent once (by its dedupe key).
func (a *Activities) RecordEvent(ctx context.Context, in workflows.EventInput) error {
	_, err := eventOnce(ctx, a.DB, in)
	return err
}

// eventOnce returns the event with in.DedupeKey, creating it the first time.
func eventOnce(ctx context.Context, db *ent.Client, in workflows.EventInput) (ev *ent.CommunicationEvent, err error) {
	if in.DedupeKey == "" {
		return nil, fmt.Errorf("event of communication %d: empty dedupe key", in.CommunicationID)
	}
	if ev, err = db.CommunicationEvent.Query().Where(communicationevent.DedupeKey(in.DedupeKey)).Only(ctx); err == nil || !ent.IsNotFound(err) {
		return ev, err
	}
	c := db.CommunicationEvent.Create().SetCustomerCommunicationID(in.CommunicationID).SetAppointmentID(in.AppointmentID).
		SetType(in.Type).SetDedupeKey(in.DedupeKey).SetIP(in.IP)
	if in.UserID != 0 {
		c.SetUserID(in.UserID)
	}
	ev, err = c.Save(ctx)
	if ent.IsConstraintError(err) {
		return db.CommunicationEvent.Query().Where(communicationevent.DedupeKey(in.DedupeKey)).Only(ctx)
	}
	return ev, err
}

// SendCommunication records a "sent/created/resent" event, attaches what the
// customer may answer (check-in items or interventions, agreements), and
// plans one CommunicationReceiver per destination. Delivery is a separate
// activity per receiver, so one slow provider never re-sends another's message.
func (a *Activities) SendCommunication(ctx context.Context, in workflows.SendInput) (workflows.SendOutput, error) {
	var out workflows.SendOutput
	err := store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		ev, err := eventOnce(ctx, tx.Client(), in.Event)
		if err != nil {
			return err
		}
		out.EventID = ev.ID
		if out.ItemIDs, err = a.answerableItems(ctx, tx, in); err != nil {
			return err
		}
		if out.AgreementIDs, err = a.attachAgreements(ctx, tx, in, ev.ID); err != nil {
			return err
		}
		out.ReceiverIDs, err = a.planReceivers(ctx, tx, in, ev)
		return err
	})
	return out, err
}

func (a *Activities) answerableItems(ctx context.Context, tx *ent.Tx, in workflows.SendInput) ([]int, error) {
	switch in.Kind {
	case workflows.KindOnlineCheckIn:
		return tx.CheckInResult.Query().Where(checkinresult.CustomerCommunicationID(in.Event.CommunicationID),
			checkinresult.Visible(true)).Order(ent.Asc(checkinresult.FieldID)).IDs(ctx)
	case workflows.KindDiagnoseOverview:
		return tx.Intervention.Query().Where(intervention.AppointmentID(in.Event.AppointmentID),
			intervention.VisibleToCustomer(true), intervention.DmsDeleted(false)).Order(ent.Asc(intervention.FieldID)).IDs(ctx)
	}
	return nil, nil
}

// attachAgreements presents the dealer's agreements with a communication. The
// check-in answer names agreement definitions (CommunicationAgreementID); the
// diagnose answer names the presented copies (CustomerCommunicationAgreementID),
// as the spec's two answer payloads say.
func (a *Activities) attachAgreements(ctx context.Context, tx *ent.Tx, in workflows.SendInput, eventID int) ([]int, error) {
	if in.Kind == workflows.KindRepairOverview {
		return nil, nil
	}
	ap, err := tx.Appointment.Query().Where(appointmentIs(in.Event.AppointmentID)).WithLocation().Only(ctx)
	if err != nil {
		return nil, wrapNotFound(err, "appointment", in.Event.AppointmentID)
	}
	visible := communicationagreement.VisibleCustomcom(true)
	if in.Kind == workflows.KindOnlineCheckIn {
		visible = communicationagreement.VisibleOnlineCheckIn(true)
	}
	defs, err := tx.CommunicationAgreement.Query().Where(communicationagreement.DealerID(ap.Edges.Location.DealerID),
		communicationagreement.Deleted(false), visible).Order(ent.Asc(communicationagreement.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	var ids []int
	for _, d := range defs {
		cca, err := tx.CustomerCommunicationAgreement.Query().Where(
			customercommunicationagreement.CustomerCommunicationID(in.Event.CommunicationID),
			customercommunicationagreement.CommunicationAgreementID(d.ID),
			customercommunicationagreement.CommunicationEventID(eventID)).Only(ctx)
		if ent.IsNotFound(err) {
			cca, err = tx.CustomerCommunicationAgreement.Create().SetCustomerCommunicationID(in.Event.CommunicationID).
				SetCommunicationAgreementID(d.ID).SetAppointmentID(in.Event.AppointmentID).SetCommunicationEventID(eventID).Save(ctx)
		}
		if err != nil {
			return nil, err
		}
		if in.Kind == workflows.KindOnlineCheckIn {
			ids = append(ids, d.ID)
		} else {
			ids = append(ids, cca.ID)
		}
	}
	return ids, nil
}
