package appointment

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/workflows/options"
)

// Car ready and feedback (issue #25). Both messages are planned by
// notify.SendAftersales, which sends nothing where the location has them
// switched off, and delivered in the background like every message: the
// repair overview's sender and the pick-up do not wait for providers.

// versionCarReady: from version 1 on, the first repair overview is
// followed by "your car is ready" (amount due, opening hours, how to
// collect the key). Histories recorded before it replay without it.
const versionCarReady = "car-ready-message"

// versionFeedbackInvitation: from version 1 on, a pick-up (at the desk,
// by the receptionist, from a locker) sends one feedback question before
// the lifecycle completes. A lifecycle closed without a pick-up asks none.
const versionFeedbackInvitation = "feedback-invitation"

// pickedUp completes the lifecycle after the car was collected.
func (w *appointment) pickedUp(ctx workflow.Context, note string) error {
	if err := w.setStage(ctx, StageCompleted, note); err != nil {
		return err
	}
	if w.getVersion(ctx, versionFeedbackInvitation, workflow.DefaultVersion, 1) == 1 {
		w.sendAftersales(ctx, notify.KindFeedbackInvitation, "feedback")
	}
	return nil
}

// sendAftersales plans one aftersales message and delivers it in the
// background; run waits for it before the workflow closes. Its dedupe key
// names the run and the history step, so a retry plans it once.
func (w *appointment) sendAftersales(ctx workflow.Context, kind, name string) {
	in := notify.AftersalesInput{AppointmentID: w.st.AppointmentID, CommunicationID: w.st.CommunicationID, Kind: kind,
		DedupeKey: fmt.Sprintf("%s-%d-%s-%d", workflow.GetInfo(ctx).WorkflowExecution.ID, w.st.Runs, name, len(w.st.History))}
	w.deliveries++
	workflow.Go(ctx, func(ctx workflow.Context) {
		defer func() { w.deliveries-- }()
		var out notify.SendOutput
		if err := workflow.ExecuteActivity(options.Store(ctx, "plan the "+kindTitle(kind)+" message"), nt.SendAftersales, in).Get(ctx, &out); err != nil {
			workflow.GetLogger(ctx).Error("aftersales message not planned", "kind", kind, "error", err)
			return
		}
		w.deliver(ctx, out.ReceiverIDs)
	})
}
