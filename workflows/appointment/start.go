package appointment

import (
	"context"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
)

// StartAppointment starts the lifecycle of an appointment, or leaves the
// running one alone: starting twice is safe (DMS imports repeat).
func StartAppointment(ctx context.Context, c client.Client, taskQueue string, st AppointmentState) (client.WorkflowRun, error) {
	st.Stage = StageScheduled
	return c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       AppointmentWorkflowID(st.AppointmentID),
		TaskQueue:                taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		TypedSearchAttributes:    SearchAttributesOf(st),
		StaticSummary:            StaticSummary(st),
		StaticDetails:            StaticDetails(st),
	}, WorkflowName, AppointmentInput{AppointmentID: st.AppointmentID})
}
