package notify

import (
	"context"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/checkinresult"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/customercommunicationagreement"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/internal/kioskcheckin"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// SendCommunication records a "sent/created/resent" event, attaches what the
// customer may answer (check-in items or interventions, agreements), and
// plans one CommunicationReceiver per destination. Delivery is a separate
// activity per receiver, so one slow provider never re-sends another's message.
func (a *Activities) SendCommunication(ctx context.Context, in SendInput) (SendOutput, error) {
	return a.planned(ctx, in.Event.AppointmentID, in.Event.UserID == 0, func() (SendOutput, *ent.DealerLocation, error) {
		return a.sendCommunication(ctx, in)
	})
}

// sendCommunication reads the appointment once, with what the kiosk code,
// the agreements and the receivers' plan need (its customer, its location
// and the location's setting), and returns that location for planned.
func (a *Activities) sendCommunication(ctx context.Context, in SendInput) (SendOutput, *ent.DealerLocation, error) {
	var (
		out SendOutput
		loc *ent.DealerLocation
	)
	err := store.WithTx(ctx, a.DB.Client, func(tx *ent.Tx) error {
		ev, recordLast, err := appointment.EventOnceRecordLast(ctx, tx.Client(), in.Event)
		if err != nil {
			return err
		}
		out.EventID = ev.ID
		// The first message gives the appointment its kiosk code; it is
		// printed when a receiver's message is composed, never returned here
		// (workflow history holds no code).
		ap, err := loadPlanned(ctx, tx, in.Event.AppointmentID)
		if err != nil {
			return err
		}
		loc = ap.Edges.Location
		if _, err := kioskcheckin.EnsureCode(ctx, tx.Client(), ap, a.now()); err != nil {
			return err
		}
		if out.ItemIDs, err = a.answerableItems(ctx, tx, in); err != nil {
			return err
		}
		if in.Kind == KindDiagnoseOverview {
			if out.ResultIDs, err = tx.CommunicationResult.Query().Where(communicationresult.CustomerCommunicationID(in.Event.CommunicationID),
				communicationresult.Kind(diagnoseResults), communicationresult.QuestionResultIDNotNil()).
				Order(ent.Asc(communicationresult.FieldQuestionResultID)).Select(communicationresult.FieldQuestionResultID).Ints(ctx); err != nil {
				return err
			}
		}
		if out.AgreementIDs, err = a.attachAgreements(ctx, tx, in, ap, ev.ID); err != nil {
			return err
		}
		if out.ReceiverIDs, err = a.planReceivers(ctx, tx, in, ap, ev); err != nil {
			return err
		}
		return recordLast(ap)
	})
	return out, loc, err
}

// diagnoseResults is CommunicationResult.kind of the diagnose overview's
// check results (activities/inspection.KindDiagnose writes them).
const diagnoseResults = "diagnose"

func (a *Activities) answerableItems(ctx context.Context, tx *ent.Tx, in SendInput) ([]int, error) {
	switch in.Kind {
	case KindOnlineCheckIn:
		return tx.CheckInResult.Query().Where(checkinresult.CustomerCommunicationID(in.Event.CommunicationID),
			checkinresult.Visible(true)).Order(ent.Asc(checkinresult.FieldID)).IDs(ctx)
	case KindDiagnoseOverview:
		// An intervention made from an approved check result is answered
		// through that result (v1), not a second time as an intervention.
		return tx.Intervention.Query().Where(intervention.AppointmentID(in.Event.AppointmentID),
			intervention.VisibleToCustomer(true), intervention.DmsDeleted(false), intervention.QuestionResultIDIsNil()).
			Order(ent.Asc(intervention.FieldID)).IDs(ctx)
	}
	return nil, nil
}

// attachAgreements presents the dealer's agreements with a communication. The
// check-in answer names agreement definitions (CommunicationAgreementID); the
// diagnose answer names the presented copies (CustomerCommunicationAgreementID),
// as the spec's two answer payloads say.
func (a *Activities) attachAgreements(ctx context.Context, tx *ent.Tx, in SendInput, ap *ent.Appointment, eventID int) ([]int, error) {
	if in.Kind == KindRepairOverview {
		return nil, nil
	}
	visible := communicationagreement.VisibleCustomcom(true)
	if in.Kind == KindOnlineCheckIn {
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
		if in.Kind == KindOnlineCheckIn {
			ids = append(ids, d.ID)
		} else {
			ids = append(ids, cca.ID)
		}
	}
	return ids, nil
}
