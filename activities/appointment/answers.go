package appointment

import (
	"context"
	"fmt"
	"strings"

	"github.com/pitstop-dev/pitstop/internal/keylocker"

	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/checkinresult"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/customercommunicationagreement"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// RecordCheckInAnswer stores a validated online check-in answer in one
// transaction, keyed by its "answered" event: a retry after a commit finds
// the event and returns the PIN it already issued.
func (a *Activities) RecordCheckInAnswer(ctx context.Context, in RecordCheckInInput) (CheckInAnswerResult, error) {
	var res CheckInAnswerResult
	ans := in.Answer
	key := fmt.Sprintf("check-in-answer-%d", in.CommunicationID)
	err := store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		if done, err := tx.CommunicationEvent.Query().Where(communicationevent.DedupeKey(key)).Exist(ctx); err != nil || done {
			if err == nil {
				res, err = a.issuedPINs(ctx, tx, in.AppointmentID)
			}
			return err
		}
		ev, err := EventOnce(ctx, tx.Client(), EventInput{AppointmentID: in.AppointmentID, CommunicationID: in.CommunicationID,
			Type: enums.CommunicationEventTypeOnlineCheckInAnswered, DedupeKey: key, IP: ans.IP})
		if err != nil {
			return err
		}
		for _, r := range ans.Results {
			if err := tx.CheckInResult.Update().Where(checkinresult.ID(r.ID), checkinresult.CustomerCommunicationID(in.CommunicationID)).
				SetAccepted(r.Accepted).Exec(ctx); err != nil {
				return err
			}
		}
		for _, r := range ans.Remarks {
			rem, err := tx.CheckInRemark.Create().SetCustomerCommunicationID(in.CommunicationID).SetAppointmentID(in.AppointmentID).
				SetTitle(r.Title).SetDescription(r.Description).SetCustomerName(ans.CustomerName).Save(ctx)
			if err != nil {
				return err
			}
			for _, url := range r.Attachments {
				if err := tx.CheckInAttachment.Create().SetCustomerCommunicationID(in.CommunicationID).SetRemarkID(rem.ID).
					SetURL(url).SetName(attachmentName(ctx, tx, url)).Exec(ctx); err != nil {
					return err
				}
			}
		}
		if err := acceptAgreements(ctx, tx, in.CommunicationID, ev.ID, ans.AgreementIDs, true); err != nil {
			return err
		}
		com := tx.CustomerCommunication.UpdateOneID(in.CommunicationID).SetCorrectPhone(ans.CorrectPhone).
			SetCorrectEmail(ans.CorrectEmail).SetCustomerName(ans.CustomerName).SetDropInAcsesLocker(ans.DropInAcsesLocker)
		if ans.PreferredChannel != 0 {
			com.SetPreferredCommunicationChannel(ans.PreferredChannel)
		}
		if err := com.Exec(ctx); err != nil {
			return err
		}
		ap, err := tx.Appointment.Query().Where(entappointment.ID(in.AppointmentID)).WithLocation(func(q *ent.DealerLocationQuery) { q.WithSetting() }).Only(ctx)
		if err != nil {
			return store.WrapNotFound(err, "appointment", in.AppointmentID)
		}
		// The receptionist handles remarks and corrected contact details.
		toHandle := len(ans.Remarks) > 0 || ans.CorrectPhone != "" || ans.CorrectEmail != ""
		if err := ap.Update().SetCheckInComToHandle(toHandle).Exec(ctx); err != nil {
			return err
		}
		if ans.PreferredChannel != 0 && ap.CustomerDriverID != 0 {
			if err := tx.Customer.UpdateOneID(ap.CustomerDriverID).SetPreferredCommunicationChannel(ans.PreferredChannel).Exec(ctx); err != nil {
				return err
			}
		}
		if res, err = a.issuePIN(ctx, tx, ap); err != nil {
			return err
		}
		if res.KeyLockerPIN != "" {
			return ev.Update().SetKeyLockerPinSent(true).SetCustomerName(ans.CustomerName).Exec(ctx)
		}
		return ev.Update().SetCustomerName(ans.CustomerName).Exec(ctx)
	})
	return res, err
}

// issuePIN gives the customer a drop-off PIN for the location's key locker
// when the location sends PINs with the online check-in. ACSES lockers book a
// cell through the ACSES service (the key-locker issue); until then they
// issue no PIN here.
func (a *Activities) issuePIN(ctx context.Context, tx *ent.Tx, ap *ent.Appointment) (CheckInAnswerResult, error) {
	loc := ap.Edges.Location
	s := loc.Edges.Setting
	if !loc.IsKeyLockerEnabled || s == nil || !s.OnlineCheckInSendPin {
		return CheckInAnswerResult{}, nil
	}
	pin, err := keys.NewPIN(6)
	if err != nil {
		return CheckInAnswerResult{}, err
	}
	expires := keylocker.DropPINExpiry(ap) // the PIN works through the appointment day
	c := NewKeyLockerCommunication(tx, ap, enums.KeyLockerCommunicationStatusDropPINSent, pin, expires)
	if err := c.Exec(ctx); err != nil {
		return CheckInAnswerResult{}, err
	}
	return CheckInAnswerResult{KeyLockerPIN: pin}, nil
}

func (a *Activities) issuedPINs(ctx context.Context, tx *ent.Tx, appointmentID int) (CheckInAnswerResult, error) {
	k, err := tx.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentID(appointmentID),
		keylockercommunication.StatusEQ(enums.KeyLockerCommunicationStatusDropPINSent), keylocker.Own()).First(ctx)
	if ent.IsNotFound(err) {
		return CheckInAnswerResult{}, nil
	}
	if err != nil {
		return CheckInAnswerResult{}, err
	}
	return CheckInAnswerResult{KeyLockerPIN: k.Pin}, nil
}

// acceptAgreements marks the agreements the customer agreed to. byDefinition
// says whether ids are agreement definitions (check-in) or presented copies
// (diagnose overview).
func acceptAgreements(ctx context.Context, tx *ent.Tx, comID, eventID int, ids []int, byDefinition bool) error {
	if len(ids) == 0 {
		return nil
	}
	match := customercommunicationagreement.IDIn(ids...)
	if byDefinition {
		match = customercommunicationagreement.CommunicationAgreementIDIn(ids...)
	}
	return tx.CustomerCommunicationAgreement.Update().Where(customercommunicationagreement.CustomerCommunicationID(comID), match).
		SetAccepted(true).SetCommunicationEventID(eventID).Exec(ctx)
}

// RecordDiagnoseAnswer stores the customer's decision per intervention. Each
// diagnose send can be answered once; a resend opens a new answer.
func (a *Activities) RecordDiagnoseAnswer(ctx context.Context, in RecordDiagnoseInput) error {
	ans := in.Answer
	return store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		sends, err := tx.CommunicationEvent.Query().Where(communicationevent.CustomerCommunicationID(in.CommunicationID),
			communicationevent.TypeIn(enums.CommunicationEventTypeDiagnoseOverviewCreated, enums.CommunicationEventTypeDiagnoseOverviewResent)).Count(ctx)
		if err != nil {
			return err
		}
		key := fmt.Sprintf("diagnose-answer-%d-%d", in.CommunicationID, sends)
		if done, err := tx.CommunicationEvent.Query().Where(communicationevent.DedupeKey(key)).Exist(ctx); err != nil || done {
			return err
		}
		ev, err := EventOnce(ctx, tx.Client(), EventInput{AppointmentID: in.AppointmentID, CommunicationID: in.CommunicationID,
			Type: enums.CommunicationEventTypeDiagnoseOverviewAnswered, DedupeKey: key, IP: ans.IP})
		if err != nil {
			return err
		}
		ap, err := tx.Appointment.Query().Where(entappointment.ID(in.AppointmentID)).WithLocation().Only(ctx)
		if err != nil {
			return store.WrapNotFound(err, "appointment", in.AppointmentID)
		}
		for _, d := range ans.Interventions {
			iv, err := tx.Intervention.Query().Where(intervention.ID(d.ID), intervention.AppointmentID(in.AppointmentID)).Only(ctx)
			if err != nil {
				return store.WrapNotFound(err, "intervention", d.ID)
			}
			if err := iv.Update().SetCommunicationResultStatus(d.Status).SetCustomerOk(d.Status == enums.CommunicationResultStatusAgree).
				SetIsDeclinedByCustomer(d.Status == enums.CommunicationResultStatusDecline).SetIsSignedByCustomer(true).Exec(ctx); err != nil {
				return err
			}
			if err := tx.CustomerCommunicationIntervention.Create().SetCustomerCommunicationID(in.CommunicationID).
				SetInterventionID(iv.ID).SetCommunicationEventID(ev.ID).SetAppointmentID(in.AppointmentID).
				SetTitle(iv.Title).SetDescription(iv.Description).SetPrice(iv.Price).SetVat(ap.Edges.Location.Vat).
				SetCommunicationResultStatus(d.Status).Exec(ctx); err != nil {
				return err
			}
		}
		for _, d := range ans.Results {
			if err := recordResult(ctx, tx, ap, ev.ID, in.CommunicationID, d); err != nil {
				return err
			}
		}
		for _, r := range ans.Remarks {
			rem, err := tx.DiagnoseOverviewRemark.Create().SetCustomerCommunicationID(in.CommunicationID).SetAppointmentID(in.AppointmentID).
				SetTitle(r.Title).SetDescription(r.Description).SetCustomerName(ans.CustomerName).Save(ctx)
			if err != nil {
				return err
			}
			for _, url := range r.Attachments {
				if err := tx.DiagnoseOverviewAttachment.Create().SetCustomerCommunicationID(in.CommunicationID).SetRemarkID(rem.ID).
					SetURL(url).SetName(attachmentName(ctx, tx, url)).Exec(ctx); err != nil {
					return err
				}
			}
		}
		if err := acceptAgreements(ctx, tx, in.CommunicationID, ev.ID, ans.AgreementIDs, false); err != nil {
			return err
		}
		if err := ev.Update().SetCustomerName(ans.CustomerName).Exec(ctx); err != nil {
			return err
		}
		return tx.CustomerCommunication.UpdateOneID(in.CommunicationID).SetCorrectPhone(ans.CorrectPhone).
			SetCorrectEmail(ans.CorrectEmail).SetCustomerName(ans.CustomerName).Exec(ctx)
	})
}

// recordResult stores the customer's decision on one check result of the
// diagnose overview (a v1 answer): the CommunicationResult's status and
// customer_approved, and, for an approved result, the intervention the
// repair is done and shown under (the rows the repair overview and its PDF
// read). The intervention is local (is_local: a DMS import never touches
// or drops it), visible to the customer, signed and agreed, and names its
// question result; one per result, so a resent overview answered again
// updates it (declined later: no longer agreed) instead of adding another.
// The answering event eventID keeps the result as the customer saw it in
// its agreed, declined or contact list (the spec's DiagnoseOverview…Result
// Models): written in the event's transaction, so a retried activity, which
// finds the event, never writes them twice.
func recordResult(ctx context.Context, tx *ent.Tx, ap *ent.Appointment, eventID, comID int, d ResultDecision) error {
	cr, err := tx.CommunicationResult.Query().Where(communicationresult.CustomerCommunicationID(comID),
		communicationresult.Kind(inspectionKindDiagnose), communicationresult.QuestionResultID(d.QuestionResultID)).Only(ctx)
	if err != nil {
		return store.WrapNotFound(err, "check result", d.QuestionResultID)
	}
	approved := d.Status == enums.CommunicationResultStatusAgree
	if err := cr.Update().SetStatus(d.Status).SetCustomerApproved(approved).Exec(ctx); err != nil {
		return err
	}
	if err := snapshotResult(ctx, tx, ap.ID, eventID, cr, d.Status); err != nil {
		return err
	}
	iv, err := tx.Intervention.Query().Where(intervention.AppointmentID(ap.ID), intervention.QuestionResultID(d.QuestionResultID)).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return err
	}
	if iv != nil {
		return iv.Update().SetCommunicationResultStatus(d.Status).SetCustomerOk(approved).
			SetIsDeclinedByCustomer(d.Status == enums.CommunicationResultStatusDecline).SetIsSignedByCustomer(true).Exec(ctx)
	}
	if !approved {
		return nil // declined or "contact me": the result keeps the decision; nothing to repair
	}
	create := tx.Intervention.Create()
	if ap.CarID != 0 {
		create.SetCarID(ap.CarID)
	}
	return create.SetAppointmentID(ap.ID).SetDealerLocationID(ap.DealerLocationID).SetTitle(cr.Title).SetDescription(strings.Join(cr.QuestionOptions, ", ")).SetMechanicNotes(cr.MechanicNotes).
		SetPrice(cr.Price).SetMechanicFixed(cr.MechanicFixed).SetIsLocal(true).SetVisibleToCustomer(true).
		SetCustomerOk(true).SetIsSignedByCustomer(true).SetCommunicationResultStatus(d.Status).
		SetQuestionResultID(d.QuestionResultID).Exec(ctx)
}

// snapshotResult writes cr, as answered with status, into the event's
// agreed (fix), declined or contact list.
func snapshotResult(ctx context.Context, tx *ent.Tx, appointmentID, eventID int, cr *ent.CommunicationResult, status enums.CommunicationResultStatus) error {
	fill := func(m diagnoseSnapshot) {
		m.SetCommunicationEventID(eventID)
		m.SetAppointmentID(appointmentID)
		m.SetTitle(cr.Title)
		m.SetMechanicNotes(cr.MechanicNotes)
		m.SetPrice(cr.Price)
		m.SetVat(cr.Vat)
	}
	switch status {
	case enums.CommunicationResultStatusAgree:
		c := tx.DiagnoseOverviewAgreedResult.Create()
		fill(c.Mutation())
		return c.Exec(ctx)
	case enums.CommunicationResultStatusDecline:
		c := tx.DiagnoseOverviewDeclinedResult.Create()
		fill(c.Mutation())
		return c.Exec(ctx)
	case enums.CommunicationResultStatusContactMe:
		c := tx.DiagnoseOverviewContactResult.Create()
		fill(c.Mutation())
		return c.Exec(ctx)
	}
	return nil // validation admits only 2, 3 and 4
}

// diagnoseSnapshot is what the three diagnose result snapshots' mutations
// share (their fields are the same).
type diagnoseSnapshot interface {
	SetCommunicationEventID(int)
	SetAppointmentID(int)
	SetTitle(string)
	SetMechanicNotes(string)
	SetPrice(float64)
	SetVat(float64)
}

// inspectionKindDiagnose is CommunicationResult.kind of the diagnose
// overview's check results (activities/inspection.KindDiagnose).
const inspectionKindDiagnose = "diagnose"
