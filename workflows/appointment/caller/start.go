package caller

import (
	"context"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
)

// StartOptions are the lifecycle workflow's start options, built here only,
// for every caller (StartAppointment, the DMS importers through
// SteerFromDMS): one ID, one policy, one set of search attributes and one
// summary. A start uses the running workflow (USE_EXISTING, so starting
// twice is safe and two importers never race) and never reuses the ID of
// a closed one (REJECT_DUPLICATE: a finished appointment never messages
// the customer again).
func StartOptions(taskQueue string, st appointment.AppointmentState, regNumberHash string) client.StartWorkflowOptions {
	st.Stage = appointment.StageScheduled
	return client.StartWorkflowOptions{
		ID:                       appointment.AppointmentWorkflowID(st.AppointmentID),
		TaskQueue:                taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		TypedSearchAttributes:    SearchAttributesOf(st, regNumberHash),
		StaticSummary:            StaticSummary(st),
		StaticDetails:            StaticDetails(st),
	}
}

// StartAppointment starts the lifecycle of an appointment, or leaves the
// running one alone: starting twice is safe (DMS imports repeat).
func StartAppointment(ctx context.Context, c client.Client, taskQueue string, st appointment.AppointmentState) (client.WorkflowRun, error) {
	return c.ExecuteWorkflow(ctx, StartOptions(taskQueue, st, ""), appointment.WorkflowName, appointment.AppointmentInput{AppointmentID: st.AppointmentID})
}
