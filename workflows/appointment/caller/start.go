package caller

import (
	"context"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
)

// StartAppointment starts the lifecycle of an appointment, or leaves the
// running one alone: starting twice is safe (DMS imports repeat).
func StartAppointment(ctx context.Context, c client.Client, taskQueue string, st appointment.AppointmentState) (client.WorkflowRun, error) {
	st.Stage = appointment.StageScheduled
	return c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       appointment.AppointmentWorkflowID(st.AppointmentID),
		TaskQueue:                taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		TypedSearchAttributes:    SearchAttributesOf(st),
		StaticSummary:            StaticSummary(st),
		StaticDetails:            StaticDetails(st),
	}, appointment.WorkflowName, appointment.AppointmentInput{AppointmentID: st.AppointmentID})
}
