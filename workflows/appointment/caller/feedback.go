package caller

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
)

// AnswerFeedback sends a customer's feedback to the appointment's
// FeedbackWorkflow, starting it if none runs (update-with-start: the row
// and its workflow appear together), and waits for the recorded answer.
// The update ID names the answer's content: the same answer sent twice
// gets the first one's outcome, a different one is judged on its own (and
// refused once an answer is recorded).
func AnswerFeedback(ctx context.Context, c client.Client, taskQueue string, a contract.FeedbackAnswer) (contract.FeedbackResult, error) {
	start := c.NewWithStartWorkflowOperation(client.StartWorkflowOptions{
		ID:                       contract.FeedbackWorkflowID(a.AppointmentID),
		TaskQueue:                taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		// No personal data: the appointment only, never the comment.
		StaticSummary: fmt.Sprintf("Feedback of appointment %d", a.AppointmentID),
	}, contract.FeedbackWorkflowName, contract.FeedbackInput{AppointmentID: a.AppointmentID})
	sum := sha256.Sum256(fmt.Appendf(nil, "%d\x00%s", a.Score, a.Comment))
	h, err := c.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start,
		UpdateOptions: client.UpdateWorkflowOptions{UpdateName: contract.UpdateAnswerFeedback,
			UpdateID: "feedback-" + hex.EncodeToString(sum[:8]), Args: []any{a}, WaitForStage: client.WorkflowUpdateStageCompleted},
	})
	var out contract.FeedbackResult
	if err == nil {
		err = h.Get(ctx, &out)
	}
	return out, err
}
