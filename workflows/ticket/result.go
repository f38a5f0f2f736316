package ticket

import (
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	acts "github.com/pitstop-dev/pitstop/activities/ticket"
	"github.com/pitstop-dev/pitstop/contracts/ticket"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/workflows/options"
)

// The receptionist's decision on an ended ticket's result: put its
// intervention in the diagnose overview (the customer sees it in the next
// diagnose overview sent), or dismiss it (it stays hidden). Either clears
// the appointment's remote_diagnosis_to_handle flag when no other ended
// ticket's result waits; doing one again changes nothing. The activities
// write; the rule of when the diagnose overview is closed lives here.

// VersionResultWait: from version 1 on, a ticket whose CSAT score came
// early stays open until its result is handled (or the CSAT window ends),
// so the receptionist's decision still reaches it. Before it the ticket
// ended with the CSAT score.
const VersionResultWait = "wait-for-result-decision"

// msgRepairSent: the diagnose overview is closed once the repair overview went out.
const msgRepairSent = "the repair overview was already sent; the diagnose overview is closed"

func (r *run) resultHandlers(ctx workflow.Context) error {
	validate := func(what string) error {
		if r.st.InterventionID == 0 {
			return temporal.NewApplicationError(fmt.Sprintf("the ticket has no result on the appointment yet (status %s): only a ticket "+
				"that ended closed or failed has %s", r.st.Status, what), errtypes.Rejected)
		}
		return nil
	}
	in := func() acts.NoticeInput { return acts.NoticeInput{RequestID: r.in.RequestID} }
	if err := workflow.SetUpdateHandlerWithOptions(ctx, ticket.UpdateAddToDiagnoseOverview, func(ctx workflow.Context) (ticket.ResultHandled, error) {
		out := ticket.ResultHandled{InterventionID: r.st.InterventionID, VisibleToCustomer: true}
		var status enums.CommunicationStatus
		if err := workflow.ExecuteActivity(options.Store(ctx, "read the appointment's communication status"), ta.CommunicationStatus, in()).
			Get(ctx, &status); err != nil {
			return out, err
		}
		switch status {
		case enums.CommunicationStatusRepairOverviewSent, enums.CommunicationStatusRepairOverviewOpened:
			return out, temporal.NewApplicationError(msgRepairSent, errtypes.Rejected)
		case enums.CommunicationStatusDiagnoseOverviewSent, enums.CommunicationStatusDiagnoseOverviewOpened,
			enums.CommunicationStatusDiagnoseOverviewAnswered, enums.CommunicationStatusDiagnoseOverviewClosed:
			out.ResendNeeded = true
		}
		var res acts.ResultOutput
		if err := workflow.ExecuteActivity(options.Store(ctx, "put the ticket's result in the diagnose overview"), ta.ShowResult, in()).
			Get(ctx, &res); err != nil {
			return out, err
		}
		out.RemoteDiagnosisToHandle, r.resultHandled = res.RemoteDiagnosisToHandle, true
		return out, nil
	}, workflow.UpdateHandlerOptions{Validator: func() error { return validate("an intervention to show") }}); err != nil {
		return err
	}
	return workflow.SetUpdateHandlerWithOptions(ctx, ticket.UpdateDismissResult, func(ctx workflow.Context) (ticket.ResultHandled, error) {
		out := ticket.ResultHandled{InterventionID: r.st.InterventionID, ResultDismissed: true}
		var res acts.ResultOutput
		if err := workflow.ExecuteActivity(options.Store(ctx, "dismiss the ticket's result"), ta.DismissResult, in()).Get(ctx, &res); err != nil {
			return out, err
		}
		out.RemoteDiagnosisToHandle, r.resultHandled = res.RemoteDiagnosisToHandle, true
		return out, nil
	}, workflow.UpdateHandlerOptions{Validator: func() error { return validate("a result to dismiss") }})
}
