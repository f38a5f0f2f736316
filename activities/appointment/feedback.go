package appointment

import (
	"context"
	"time"

	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/feedback"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// RecordFeedback writes a customer's feedback once (issue #25): the
// appointment must be picked up (its lifecycle completed); a row already
// there answers itself when the answer is the same and a refusal when it
// differs. Refusals are results, not errors: nothing to retry.
func (a *Activities) RecordFeedback(ctx context.Context, in contract.FeedbackAnswer) (contract.FeedbackResult, error) {
	var out contract.FeedbackResult
	err := store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		ap, err := tx.Appointment.Get(ctx, in.AppointmentID)
		if err != nil {
			return store.WrapNotFound(err, "appointment", in.AppointmentID)
		}
		if ap.LifecycleStage != string(contract.StageCompleted) {
			out = contract.FeedbackResult{AppointmentID: ap.ID, Refused: contract.FeedbackNotPickedUp}
			return nil
		}
		row, err := tx.Feedback.Query().Where(feedback.AppointmentID(ap.ID)).Only(ctx)
		if err == nil {
			out = resultOf(row)
			if !out.Same(in) {
				out.Refused = contract.FeedbackAlreadyAnswered
			}
			return nil
		}
		if !ent.IsNotFound(err) {
			return err
		}
		// Two first answers at once (two feedback workflows, the first
		// ended) meet at the unique appointment_id: the loser fails,
		// and its retry finds the winner's row above.
		row, err = tx.Feedback.Create().SetAppointmentID(ap.ID).SetDealerLocationID(ap.DealerLocationID).
			SetScore(in.Score).SetComment(in.Comment).SetAnsweredAt(a.now().UTC().Truncate(time.Microsecond)).Save(ctx)
		if err != nil {
			return err
		}
		out = resultOf(row)
		_, err = dealerevents.Record(ctx, tx.Client(), dealerevents.Event{LocationID: ap.DealerLocationID, AppointmentID: ap.ID,
			Type: dealerevents.TypeFeedbackAnswered, At: row.AnsweredAt, Data: dealerevents.Feedback{Score: row.Score}})
		return err
	})
	return out, err
}

func resultOf(row *ent.Feedback) contract.FeedbackResult {
	return contract.FeedbackResult{AppointmentID: row.AppointmentID, Score: row.Score, Comment: row.Comment, AnsweredAt: row.AnsweredAt.UTC()}
}
