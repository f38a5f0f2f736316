// Package optout is the workflow that applies one SMS keyword (opt out of
// messages, or back in) exactly once, and confirms it to the customer.
package optout

import (
	"go.temporal.io/sdk/workflow"

	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/contracts/optout"
	"github.com/pitstop-dev/pitstop/workflows/options"
)

// WorkflowName is optout.WorkflowName.
const WorkflowName = optout.WorkflowName

// Result is what the keyword changed and the confirmation's Twilio SID
// ("" when none went out).
type Result struct {
	optout.Applied
	ConfirmationSID string `json:"confirmation_sid,omitempty"`
}

// SMSKeywordWorkflow applies the keyword to every customer at the sender's
// number, then (where optout.Confirm says so) sends one confirmation in
// the customer's language. Its ID is the inbound message's, so Twilio's
// retries of the webhook join it instead of applying the word again.
func SMSKeywordWorkflow(ctx workflow.Context, in optout.Input) (Result, error) {
	var res Result
	if err := workflow.ExecuteActivity(options.Store(ctx, "apply the SMS keyword "+in.Keyword.Word), nt.ApplyKeyword, in).Get(ctx, &res.Applied); err != nil {
		return res, err
	}
	if !optout.Confirm(in, res.Applied) {
		return res, nil
	}
	conf := notify.ConfirmKeywordInput{MessageSID: in.MessageSID, To: in.From, Since: workflow.Now(ctx),
		Text: optout.ConfirmationText(in.Keyword.Kind, res.Language, res.Dealer)}
	err := workflow.ExecuteActivity(options.Delivery(ctx, "confirm the SMS keyword in "+string(res.Language)), nt.ConfirmKeyword, conf).Get(ctx, &res.ConfirmationSID)
	return res, err
}

// nt is the typed reference to the notification activities.
var nt *notify.Activities
