package appointment

import (
	"errors"

	"github.com/pitstop-dev/pitstop/workflows/options"

	acts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/notify"

	"go.temporal.io/sdk/workflow"

	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Update handlers of the AppointmentWorkflow. Validators run before anything
// is written to history; handlers take the mutex and re-check, because the
// state may have moved while they waited for it.

func (w *appointment) answerCheckIn(ctx workflow.Context, a CheckInAnswer) (CheckInAnswerResult, error) {
	var res CheckInAnswerResult
	if err := w.mu.Lock(ctx); err != nil {
		return res, err
	}
	defer w.mu.Unlock()
	if err := checkInAgainst(a, &w.st); err != nil {
		return res, Rejection(err)
	}
	if err := w.openedFirst(ctx, a.IP); err != nil {
		return res, err
	}
	in := acts.RecordCheckInInput{AppointmentID: w.st.AppointmentID, CommunicationID: w.st.CommunicationID, Answer: a}
	if err := workflow.ExecuteActivity(options.Store(ctx, "record the online check-in answer"), lc.RecordCheckInAnswer, in).Get(ctx, &res); err != nil {
		return res, err
	}
	if res.KeyLockerPIN != "" && w.getVersion(ctx, versionPINNotification, workflow.DefaultVersion, 1) == 1 {
		w.sendPIN(ctx)
	}
	if a.DropInAcsesLocker && w.getVersion(ctx, versionAcsesLocker, workflow.DefaultVersion, 1) == 1 {
		w.bookDrop(ctx, &res)
		if res.AcsesPIN != "" && w.getVersion(ctx, versionAcsesDropPIN, workflow.DefaultVersion, 1) == 1 {
			w.sendAcsesDropPIN(ctx)
		}
		if w.st.Locker.Phase == LockerBooked {
			w.armLockerExpiry(ctx)
		}
	}
	w.st.CommunicationStatus = enums.CommunicationStatusCheckInAnswered
	w.st.StatusIdentifier = enums.StatusIdentifierCustomerAnsweredOnline
	w.st.DropInLocker = a.DropInAcsesLocker && (res.AcsesPIN != "" || res.KeyLockerPIN != "")
	next := StageInWorkshop
	if w.st.DropInLocker {
		next = StageAwaitingKeyDrop
	}
	return res, w.setStage(ctx, next, noteCheckInAnswered)
}

func (w *appointment) answerDiagnose(ctx workflow.Context, a DiagnoseAnswer) error {
	if err := w.mu.Lock(ctx); err != nil {
		return err
	}
	defer w.mu.Unlock()
	if err := diagnoseAgainst(a, &w.st); err != nil {
		return Rejection(err)
	}
	if err := w.openedFirst(ctx, a.IP); err != nil {
		return err
	}
	in := acts.RecordDiagnoseInput{AppointmentID: w.st.AppointmentID, CommunicationID: w.st.CommunicationID, Answer: a}
	if err := workflow.ExecuteActivity(options.Store(ctx, "record the diagnose decisions"), lc.RecordDiagnoseAnswer, in).Get(ctx, nil); err != nil {
		return err
	}
	w.st.CommunicationStatus = enums.CommunicationStatusDiagnoseOverviewAnswered
	w.st.StatusIdentifier = enums.StatusIdentifierCustomerAnsweredOnline
	return w.setStage(ctx, StageDiagnoseAnswered, "diagnose overview answered")
}

// versionOpenedFirst guards openedFirst: histories recorded before it
// replay without it.
const versionOpenedFirst = "opened-before-answer"

// openedFirst records the "opened" event of a communication answered before
// its "opened" signal was acted on: a read and an answer can arrive in one
// workflow task, the answer's handler first, and the main loop then found
// the communication answered and left no "opened" event. An answer implies
// a read; the late signal then changes nothing.
func (w *appointment) openedFirst(ctx workflow.Context, ip string) error {
	if w.getVersion(ctx, versionOpenedFirst, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	switch w.st.CommunicationStatus {
	case enums.CommunicationStatusCheckInSent, enums.CommunicationStatusDiagnoseOverviewSent:
		return w.markOpened(ctx, OpenedSignal{IP: ip})
	}
	return nil
}

// versionPINNotification guards the key-locker PIN message: histories
// recorded before it replay without it.
const versionPINNotification = "key-locker-pin-notification"

// sendPIN plans the key-locker PIN message and delivers it in the
// background, so the customer's answer does not wait for providers.
func (w *appointment) sendPIN(ctx workflow.Context) {
	in := notify.SendInput{Kind: notify.KindKeyLockerPIN, Event: acts.EventInput{AppointmentID: w.st.AppointmentID, CommunicationID: w.st.CommunicationID}}
	w.deliveries++
	workflow.Go(ctx, func(ctx workflow.Context) {
		defer func() { w.deliveries-- }()
		var out notify.SendOutput
		if err := workflow.ExecuteActivity(options.Store(ctx, "plan the key-locker PIN message"), nt.SendKeyLockerPIN, in).Get(ctx, &out); err != nil {
			workflow.GetLogger(ctx).Error("key-locker PIN not planned", "error", err)
			return
		}
		w.deliver(ctx, out.ReceiverIDs)
	})
}

var (
	errFinal      = errors.New("the appointment's lifecycle has ended")
	errRepairSent = errors.New("the repair overview was already sent; the diagnose overview is closed")
)

func (w *appointment) validateSendDiagnose(SendRequest) error {
	switch {
	case w.st.Stage.Final():
		return Rejection(errFinal)
	case w.st.Stage == StageRepairSent:
		return Rejection(errRepairSent)
	}
	return nil
}

func (w *appointment) validateSendRepair(SendRequest) error {
	if w.st.Stage.Final() {
		return Rejection(errFinal)
	}
	return nil
}

// sendDiagnose sends (event 4) or resends (event 7) the diagnose overview.
func (w *appointment) sendDiagnose(ctx workflow.Context, r SendRequest) (SendResult, error) {
	if err := w.mu.Lock(ctx); err != nil {
		return SendResult{}, err
	}
	defer w.mu.Unlock()
	return w.sendDiagnoseLocked(ctx, r)
}

// sendDiagnoseLocked is sendDiagnose for a caller holding the mutex (the
// automatic send after an inspection).
func (w *appointment) sendDiagnoseLocked(ctx workflow.Context, r SendRequest) (SendResult, error) {
	if err := w.validateSendDiagnose(r); err != nil {
		return SendResult{}, err
	}
	ev := enums.CommunicationEventTypeDiagnoseOverviewCreated
	if w.st.DiagnoseSends > 0 {
		ev = enums.CommunicationEventTypeDiagnoseOverviewResent
	}
	out, err := w.send(ctx, notify.KindDiagnoseOverview, ev, "diagnose", r.UserID)
	if err != nil {
		return SendResult{}, err
	}
	w.st.DiagnoseSends++
	w.st.InterventionIDs, w.st.AgreementIDs = out.ItemIDs, out.AgreementIDs
	// What the send recorded (an older activity result has none): state
	// only, no command, so no version is needed.
	w.st.ResultIDs = out.ResultIDs
	w.st.CommunicationStatus = enums.CommunicationStatusDiagnoseOverviewSent
	w.st.StatusIdentifier = enums.StatusIdentifierContactingCustomer
	if err := w.setStage(ctx, StageDiagnoseSent, "diagnose overview sent"); err != nil {
		return SendResult{}, err
	}
	// After the stage (see sendCheckIn).
	if err := w.armFollowUp(ctx, contract.TaskDiagnoseUnanswered, StageDiagnoseSent, len(w.st.InterventionIDs)+len(w.st.ResultIDs)); err != nil {
		return SendResult{}, err
	}
	return SendResult{EventType: ev, CommunicationStatus: w.st.CommunicationStatus}, nil
}

// sendRepair sends (event 8) or resends (event 9) the repair overview.
func (w *appointment) sendRepair(ctx workflow.Context, r SendRequest) (SendResult, error) {
	if err := w.mu.Lock(ctx); err != nil {
		return SendResult{}, err
	}
	defer w.mu.Unlock()
	if err := w.validateSendRepair(r); err != nil {
		return SendResult{}, err
	}
	ev := enums.CommunicationEventTypeRepairOverviewCreated
	if w.st.RepairSends > 0 {
		ev = enums.CommunicationEventTypeRepairOverviewResent
	}
	if _, err := w.send(ctx, notify.KindRepairOverview, ev, "repair", r.UserID); err != nil {
		return SendResult{}, err
	}
	w.st.RepairSends++
	w.st.CommunicationStatus = enums.CommunicationStatusRepairOverviewSent
	w.st.StatusIdentifier = enums.StatusIdentifierCarReady
	if err := w.setStage(ctx, StageRepairSent, "repair overview sent"); err != nil {
		return SendResult{}, err
	}
	if w.st.RepairSends == 1 && w.getVersion(ctx, versionCarReady, workflow.DefaultVersion, 1) == 1 {
		w.sendAftersales(ctx, notify.KindCarReady, "car-ready")
	}
	return SendResult{EventType: ev, CommunicationStatus: w.st.CommunicationStatus}, nil
}
