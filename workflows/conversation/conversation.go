// Package conversation holds the workflows of two-way messages (issue
// #25): one per customer reply (stored against its appointment and shown
// to the receptionist as a task) and one per receptionist's answer
// (written once and delivered exactly once).
//
// Each is its own short workflow, not a signal to the appointment's
// lifecycle: a reply often arrives after that lifecycle ended (a closed
// appointment) or matches no appointment at all, and must be kept in
// every case; the same path for all three keeps the rule in one home, and
// the lifecycle's recorded histories are untouched.
package conversation

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	acts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/notify"
	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/conversation"
	"github.com/pitstop-dev/pitstop/workflows/options"
)

// Workflow types.
const (
	InboundWorkflowName = conversation.InboundWorkflowName
	AnswerWorkflowName  = conversation.AnswerWorkflowName
)

// InboundMessageWorkflow stores a customer's reply once and, when it
// matched an appointment (open or closed), opens one task for the
// receptionist; unmatched, it opens one at the location whose own number
// the customer wrote to, if any. Its ID is the provider's message id: a repeated webhook
// joins or finds it.
func InboundMessageWorkflow(ctx workflow.Context, in conversation.Inbound) (conversation.InboundResult, error) {
	var out conversation.InboundResult
	if err := workflow.ExecuteActivity(options.Store(ctx, "store the customer's reply"), nt.RecordInbound, in).Get(ctx, &out); err != nil {
		return out, err
	}
	if !out.Matched {
		// An unmatched reply to one of a location's own numbers opens a
		// task at that location; one whose location cannot be told stays
		// listed for admins (GET /v1/admin/unmatched_messages).
		if out.LocationID == 0 || workflow.GetVersion(ctx, VersionUnmatchedReplyTask, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
			return out, nil
		}
		task := acts.OpenTaskInput{LocationID: out.LocationID, MessageID: out.MessageID, Kind: contract.TaskUnmatchedReply,
			DedupeKey: fmt.Sprintf("unmatched-reply-%d", out.MessageID)}
		var taskID int
		err := workflow.ExecuteActivity(options.Store(ctx, fmt.Sprintf("open a task at location %d for an unmatched reply", out.LocationID)),
			lc.OpenTask, task).Get(ctx, &taskID)
		return out, err
	}
	task := acts.OpenTaskInput{AppointmentID: out.AppointmentID, Kind: contract.TaskCustomerReply,
		DedupeKey: fmt.Sprintf("customer-reply-%d", out.MessageID)}
	var taskID int
	err := workflow.ExecuteActivity(options.Store(ctx, fmt.Sprintf("open a task for the reply to appointment %d", out.AppointmentID)),
		lc.OpenTask, task).Get(ctx, &taskID)
	return out, err
}

// VersionUnmatchedReplyTask: an unmatched reply whose location is known
// (the number it was sent to is in that location's own pool) opens an
// unmatched_reply task; before it, such a reply ended with its row.
const VersionUnmatchedReplyTask = "unmatched-reply-task"

// AppointmentAnswerWorkflow writes the receptionist's answer once per
// request key and delivers it exactly once (DeliverNotification: a retry
// asks the provider before sending again).
func AppointmentAnswerWorkflow(ctx workflow.Context, in conversation.Answer) (conversation.AnswerResult, error) {
	var out conversation.AnswerResult
	if err := workflow.ExecuteActivity(options.Store(ctx, fmt.Sprintf("write the answer to appointment %d", in.AppointmentID)),
		nt.PlanAnswer, in).Get(ctx, &out); err != nil || out.ReceiverID == 0 {
		return out, err
	}
	var d notify.DeliveryOutput
	err := workflow.ExecuteActivity(options.Delivery(ctx, fmt.Sprintf("deliver the answer to appointment %d", in.AppointmentID)),
		nt.DeliverNotification, out.ReceiverID).Get(ctx, &d)
	out.Status = d.Status
	return out, err
}

// Typed references to the activities.
var (
	lc *acts.Activities
	nt *notify.Activities
)
