package appointment

import (
	"errors"
	"time"

	"go.temporal.io/sdk/workflow"

	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/workflows/options"
)

// feedbackIdle bounds how long a FeedbackWorkflow waits for its answer: it
// is started together with the update that carries it (update-with-start),
// so it only waits when that update was refused before it was accepted.
var feedbackIdle = 10 * time.Minute

// FeedbackWorkflow records a customer's feedback after the pick-up (issue
// #25): one activity, the one writer of the Feedback row. It is its own
// short workflow, not an update of the lifecycle, because the lifecycle
// ends at the pick-up that the feedback follows. Its ID names the
// appointment (caller.AnswerFeedback): a repeat joins a running first
// answer, or starts a run whose activity finds the row.
func FeedbackWorkflow(ctx workflow.Context, in contract.FeedbackInput) (contract.FeedbackResult, error) {
	var (
		out     contract.FeedbackResult
		handled int
	)
	validate := func(a contract.FeedbackAnswer) error {
		if err := contract.FeedbackShape(a); err != nil {
			return Rejection(err)
		}
		if a.AppointmentID != in.AppointmentID {
			return Rejection(errors.New("appointment_id: not this workflow's appointment"))
		}
		return nil
	}
	record := func(ctx workflow.Context, a contract.FeedbackAnswer) (contract.FeedbackResult, error) {
		defer func() { handled++ }()
		if out.AnsweredAt.IsZero() { // none recorded in this run yet (two at once: the activity orders them)
			var res contract.FeedbackResult
			if err := workflow.ExecuteActivity(options.Store(ctx, "record the customer's feedback"), lc.RecordFeedback, a).Get(ctx, &res); err != nil {
				return res, err
			}
			if res.Refused != "" {
				return contract.FeedbackResult{}, Rejection(errors.New(res.Refused))
			}
			out = res
		}
		if !out.Same(a) {
			return contract.FeedbackResult{}, Rejection(errors.New(contract.FeedbackAlreadyAnswered))
		}
		return out, nil
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, contract.UpdateAnswerFeedback, record,
		workflow.UpdateHandlerOptions{Validator: validate}); err != nil {
		return out, err
	}
	if _, err := workflow.AwaitWithTimeout(ctx, feedbackIdle, func() bool { return handled > 0 }); err != nil {
		return out, err
	}
	err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
	return out, err
}
