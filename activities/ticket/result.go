package ticket

import (
	"context"

	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/remotediagticket"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// The receptionist's decision on an ended ticket's result, for the ticket
// workflow's result updates: put its intervention in the diagnose overview,
// or dismiss it. Either refreshes the appointment's
// remote_diagnosis_to_handle flag. Doing one again changes nothing.

// ResultOutput is the appointment's flag after a decision.
type ResultOutput struct {
	RemoteDiagnosisToHandle bool `json:"remote_diagnosis_to_handle"`
}

// CommunicationStatus is the status of the ticket's appointment's customer
// communication (0: none yet), which decides whether its result may still
// go in the diagnose overview (the workflow's rule).
func (a *Activities) CommunicationStatus(ctx context.Context, in NoticeInput) (enums.CommunicationStatus, error) {
	rec, err := a.record(ctx, in.RequestID)
	if err != nil {
		return 0, err
	}
	com, err := a.DB.CustomerCommunication.Query().Where(customercommunication.AppointmentID(rec.AppointmentID)).Only(ctx)
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, dbErr(err)
	}
	return com.Status, nil
}

// ShowResult makes the ticket's intervention visible to the customer.
func (a *Activities) ShowResult(ctx context.Context, in NoticeInput) (ResultOutput, error) {
	return a.decide(ctx, in, func(tx *ent.Tx, rec *ent.RemoteDiagTicket) error {
		n, err := tx.Intervention.Update().Where(intervention.ID(*rec.InterventionID), intervention.AppointmentID(rec.AppointmentID)).
			SetVisibleToCustomer(true).Save(ctx)
		if err == nil && n == 0 {
			return temporal.NewNonRetryableApplicationError("the ticket's intervention no longer exists", errtypes.NotFound, nil)
		}
		return err
	})
}

// DismissResult records that the ticket's result will not be shown.
func (a *Activities) DismissResult(ctx context.Context, in NoticeInput) (ResultOutput, error) {
	return a.decide(ctx, in, func(tx *ent.Tx, rec *ent.RemoteDiagTicket) error {
		return tx.RemoteDiagTicket.UpdateOneID(rec.ID).SetResultDismissed(true).Exec(ctx)
	})
}

// decide applies a decision and refreshes the flag in one transaction.
func (a *Activities) decide(ctx context.Context, in NoticeInput, apply func(*ent.Tx, *ent.RemoteDiagTicket) error) (ResultOutput, error) {
	rec, err := a.record(ctx, in.RequestID)
	if err != nil {
		return ResultOutput{}, err
	}
	if rec.InterventionID == nil {
		return ResultOutput{}, temporal.NewNonRetryableApplicationError("the ticket has no result on the appointment yet", errtypes.Rejected, nil)
	}
	var out ResultOutput
	err = store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		if err := apply(tx, rec); err != nil {
			return err
		}
		out.RemoteDiagnosisToHandle, err = refreshToHandle(ctx, tx, rec.AppointmentID)
		return err
	})
	return out, err
}

// refreshToHandle sets the appointment's remote_diagnosis_to_handle flag
// from its tickets: raised while an ended ticket's result is neither in the
// diagnose overview nor dismissed.
func refreshToHandle(ctx context.Context, tx *ent.Tx, appointmentID int) (bool, error) {
	ivIDs, err := tx.RemoteDiagTicket.Query().Where(remotediagticket.AppointmentID(appointmentID), remotediagticket.InterventionIDNotNil(),
		remotediagticket.ResultDismissed(false)).Select(remotediagticket.FieldInterventionID).Ints(ctx)
	if err != nil {
		return false, err
	}
	waiting, err := tx.Intervention.Query().Where(intervention.IDIn(ivIDs...), intervention.VisibleToCustomer(false)).Exist(ctx)
	if err != nil {
		return false, err
	}
	return waiting, tx.Appointment.UpdateOneID(appointmentID).SetRemoteDiagnosisToHandle(waiting).Exec(ctx)
}
