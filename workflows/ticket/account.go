package ticket

import (
	"go.temporal.io/sdk/workflow"

	acts "github.com/pitstop-dev/pitstop/activities/ticket"
)

// VersionAccount: from version 1 on, the readiness check names the ticket
// request, so the activity calls the provider with the provider account of
// the request's location (every other ticket activity finds the location
// through the request already). Histories recorded before it replay
// without; their checks find the location through the ticket running on
// the connector.
const VersionAccount = "remote-diag-account"

func (r *run) readinessInput(ctx workflow.Context) acts.ReadinessInput {
	in := acts.ReadinessInput{ConnectorID: r.in.ConnectorID}
	if workflow.GetVersion(ctx, VersionAccount, workflow.DefaultVersion, 1) >= 1 {
		in.RequestID = r.in.RequestID
	}
	return in
}
