// Package caller is how the API starts the two-way message workflows. It
// imports the contract and the Temporal SDK, never the workflows.
package caller

import (
	"context"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/conversation"
)

// Inbound starts the handling of one customer reply. A provider's retry of
// the same message, running or finished, starts nothing again. subject is
// the sender's keys.ContactSubject: its data key seals the workflow's
// payloads (conversation.InboundWorkflowID).
func Inbound(ctx context.Context, c client.Client, taskQueue, subject string, in conversation.Inbound) error {
	_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       conversation.InboundWorkflowID(subject, in.ProviderID),
		TaskQueue:                taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		// No personal data: the channel only, never the number or the text.
		StaticSummary: fmt.Sprintf("Customer reply (channel %d)", in.Channel),
	}, conversation.InboundWorkflowName, in)
	if temporal.IsWorkflowExecutionAlreadyStartedError(err) {
		return nil
	}
	return err
}

// Answer runs the delivery of one receptionist's answer and waits for it
// (bounded by ctx). The ID names appointment and request key: a repeat
// joins the running one or, after it ended, finds the answer delivered.
func Answer(ctx context.Context, c client.Client, taskQueue string, in conversation.Answer) (conversation.AnswerResult, error) {
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       conversation.AnswerWorkflowID(in.AppointmentID, in.Key),
		TaskQueue:                taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		StaticSummary:            fmt.Sprintf("Answer to the customer of appointment %d", in.AppointmentID),
	}, conversation.AnswerWorkflowName, in)
	if err != nil {
		return conversation.AnswerResult{}, err
	}
	var out conversation.AnswerResult
	err = run.Get(ctx, &out)
	return out, err
}
