// Package caller is how the API starts the SMS keyword workflow. It imports
// the contract (contracts/optout) and the Temporal SDK, never the workflow
// or its activities.
package caller

import (
	"context"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/optout"
)

// Start starts the handling of one inbound keyword. Twilio retries a
// webhook it did not get a 2xx for: a second start of the same message,
// running or finished, does nothing. subject is the sender's
// keys.ContactSubject: its data key seals the workflow's payloads
// (optout.WorkflowID).
func Start(ctx context.Context, c client.Client, taskQueue, subject string, in optout.Input) error {
	_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       optout.WorkflowID(subject, in.MessageSID),
		TaskQueue:                taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		// No personal data: the word and the message's id, never the number.
		StaticSummary: fmt.Sprintf("SMS keyword %s (%s)", in.Keyword.Word, in.Keyword.Kind),
		StaticDetails: fmt.Sprintf("Inbound message %s: sets block_communication of every customer at the sender's number, records it, and confirms it once.", in.MessageSID),
	}, optout.WorkflowName, in)
	if temporal.IsWorkflowExecutionAlreadyStartedError(err) {
		return nil
	}
	return err
}
