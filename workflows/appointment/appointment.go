package appointment

import (
	"fmt"
	"time"

	"github.com/pitstop-dev/pitstop/workflows/options"

	acts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/notify"

	"go.temporal.io/sdk/workflow"

	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/inspection"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Tunables of the lifecycle. Variables, not constants, only so tests of the
// continue-as-new path can lower historyLimit.
var (
	// completeAfterRepair ends a lifecycle whose key pick-up was never reported.
	completeAfterRepair = 30 * 24 * time.Hour
	// historyLimit bounds one run's history; past it the workflow continues as new.
	historyLimit = 2000
	// stepLimit bounds the loop's steps per run, the same guard counted by us
	// (the test environment reports no history length).
	stepLimit = 200
)

// AppointmentWorkflow drives one appointment from the online check-in to the
// key pick-up: online check-in -> key drop -> diagnose -> repair overview ->
// pick-up. It is a state machine over AppointmentState, so it can continue as
// new at any stage and carry on where it was.
func AppointmentWorkflow(ctx workflow.Context, in AppointmentInput) (AppointmentState, error) {
	w := &appointment{}
	if err := w.setup(ctx, in); err != nil {
		return AppointmentState{}, err
	}
	return w.run(ctx)
}

type appointment struct {
	st AppointmentState
	// published is st as of its last write to the read model: what the state
	// query answers, so the live state is never ahead of the database.
	published AppointmentState
	// mu serialises everything that writes the database, so handlers and the
	// main loop never race on the communication's status.
	mu workflow.Mutex
	// Facts received by signals, consumed by the main loop.
	opened      []OpenedSignal
	rescheduled *RescheduledSignal
	cancelled   *CancelledSignal
	keyDropped  *KeySignal
	keyPickedUp *KeySignal
	// lockerFacts are ACSES events, applied in arrival order.
	lockerFacts []lockerFact
	// pinRequests are PIN requests at the dealer's own key locker.
	pinRequests []PINRequestSignal
	completed   bool
	atDesk      *DeskCheckInSignal
	atKiosk     *KioskCheckInSignal
	// deliveries counts notification deliveries still running in the background.
	deliveries int
	// steps counts main-loop steps in this run.
	steps int

	// keyLockerBacks are keys dropped back into the dealer's own key locker.
	keyLockerBacks []KeyLockerDropBackSignal

	// checks are the workshop inspection's checks (inspection.go).
	checks []inspection.CheckRef
	// answerQueue holds accepted answers not yet written, in order;
	// answerWriting: writeAnswers is running (on writeCtx, the workflow's
	// own context, as it outlives the update that started it).
	answerQueue   []queuedAnswer
	answerWriting bool
	writeCtx      workflow.Context

	// followUpArmed counts follow-ups armed (followup.go), so the main
	// loop wakes to set its timer for a new one.
	followUpArmed int

	// regNumberHash is the RegNumber search attribute: the plate's keyed
	// hash ("" when it has no plate; see versionRegNumberHash).
	regNumberHash string

	// epoch is this run's version of versionEpoch: from 1 on, the change
	// IDs of epochChanges answer without a marker (w.getVersion), from 2
	// on those of epochChanges2 too.
	epoch workflow.Version
}

// versionHandlersFirst: from version 1 on, a new lifecycle registers its
// query and update handlers before its first activity, so a query or an
// update sent right after the start (a page opened at once, an
// update-with-start) is answered instead of refused for want of a
// handler. The query answers the scheduled stage until the appointment is
// loaded; an update accepted meanwhile waits for the load (the load holds
// the mutex every handler takes) and re-checks the loaded state. Histories
// recorded before it replay with the old order.
const versionHandlersFirst = "handlers-before-first-activity"

func (w *appointment) setup(ctx workflow.Context, in AppointmentInput) error {
	// The epoch first, before any other change ID is asked (epoch.go).
	w.epoch = workflow.GetVersion(ctx, versionEpoch, workflow.DefaultVersion, 2)
	w.mu = workflow.NewMutex(ctx)
	if in.State == nil && w.getVersion(ctx, versionHandlersFirst, workflow.DefaultVersion, 1) == 1 {
		w.st = AppointmentState{AppointmentID: in.AppointmentID, Stage: StageScheduled}
		w.published = w.st
		if err := w.mu.Lock(ctx); err != nil {
			return err
		}
		if err := w.registerHandlers(ctx); err != nil {
			return err
		}
		err := w.load(ctx, in)
		w.mu.Unlock()
		if err != nil {
			return err
		}
		if err := w.upsertSearchAttributes(ctx); err != nil {
			return err
		}
		w.publish()
		workflow.Go(ctx, w.receiveSignals)
		workflow.Go(ctx, w.releaseHeld)
		return nil
	}
	if in.State != nil {
		w.st = *in.State
		w.checks = in.Checks
		w.regNumberHash = in.RegNumberHash
		w.st.Runs++
	} else if err := w.load(ctx, in); err != nil {
		return err
	}
	if err := w.upsertSearchAttributes(ctx); err != nil {
		return err
	}
	w.publish()
	if err := w.registerHandlers(ctx); err != nil {
		return err
	}
	workflow.Go(ctx, w.receiveSignals)
	workflow.Go(ctx, w.releaseHeld)
	return nil
}

// versionRegNumberHash: from version 1 on, the RegNumber search attribute
// holds the keyed hash of the plate (internal/keys.RegNumberHash, made by
// the LoadAppointment activity, carried across continue-as-new in
// AppointmentInput.RegNumberHash), never the plate itself: Temporal's
// visibility store is out of an erasure's reach (issue #26). A run
// continued from one without a hash asks the HashRegNumber activity.
// Histories recorded before it replay with the plate.
const versionRegNumberHash = "reg-number-search-hash"

// upsertSearchAttributes sets the lifecycle's search attributes from its
// state (at the start of each run).
func (w *appointment) upsertSearchAttributes(ctx workflow.Context) error {
	if w.getVersion(ctx, versionRegNumberHash, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return workflow.UpsertTypedSearchAttributes(ctx, plateSearchAttributeUpdates(w.st)...)
	}
	if w.regNumberHash == "" && w.st.RegNumber != "" {
		if err := workflow.ExecuteActivity(options.Store(ctx, "hash the registration for the RegNumber search attribute"),
			lc.HashRegNumber, w.st.RegNumber).Get(ctx, &w.regNumberHash); err != nil {
			return fmt.Errorf("hash the registration of appointment %d: %w", w.st.AppointmentID, err)
		}
	}
	updates := searchAttributeUpdates(w.st, w.regNumberHash)
	if w.epoch >= 1 {
		// Under the epoch, only what the run does not have yet (a DMS
		// start carries them all: then no upsert at all).
		updates = changedSearchAttributeUpdates(workflow.GetTypedSearchAttributes(ctx), w.st, w.regNumberHash)
		if len(updates) == 0 {
			return nil
		}
	}
	return workflow.UpsertTypedSearchAttributes(ctx, updates...)
}

// load reads a new lifecycle's appointment and its communication.
func (w *appointment) load(ctx workflow.Context, in AppointmentInput) error {
	var snap acts.AppointmentSnapshot
	if err := workflow.ExecuteActivity(options.Store(ctx, "load the appointment and its location's settings"), lc.LoadAppointment, in.AppointmentID).Get(ctx, &snap); err != nil {
		return fmt.Errorf("load appointment %d: %w", in.AppointmentID, err)
	}
	var com acts.CommunicationRef
	if err := workflow.ExecuteActivity(options.Store(ctx, "find or create the customer communication"), lc.EnsureCommunication, in.AppointmentID).Get(ctx, &com); err != nil {
		return fmt.Errorf("communication of appointment %d: %w", in.AppointmentID, err)
	}
	w.st = AppointmentState{
		AppointmentID: snap.AppointmentID, DealerLocationID: snap.DealerLocationID,
		WONr: snap.WONr, RegNumber: snap.RegNumber, AppointmentAt: snap.AppointmentAt,
		Stage: StageScheduled, CommunicationID: com.CommunicationID, CommunicationStatus: com.Status,
		StatusIdentifier: snap.StatusIdentifier, CheckInEnabled: snap.CheckInEnabled,
		CheckInDaysPrior: snap.CheckInDaysPrior,
	}
	w.regNumberHash = snap.RegNumberHash
	w.st.CheckInSendAt = w.checkInSendAt()
	w.st.History = []StageChange{{Stage: StageScheduled, At: workflow.Now(ctx)}}
	if snap.StatusIdentifier == enums.StatusIdentifierCancelled {
		w.cancelled = &CancelledSignal{Reason: "cancelled before the lifecycle started"}
	}
	return nil
}

// registerHandlers registers the state query and every update.
func (w *appointment) registerHandlers(ctx workflow.Context) error {
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (AppointmentState, error) { return w.published, nil }); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateAnswerCheckIn, w.answerCheckIn,
		workflow.UpdateHandlerOptions{Validator: func(a CheckInAnswer) error { return Rejection(ValidateCheckInAnswer(a, &w.st)) }}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateAnswerDiagnose, w.answerDiagnose,
		workflow.UpdateHandlerOptions{Validator: func(a DiagnoseAnswer) error { return Rejection(ValidateDiagnoseAnswer(a, &w.st)) }}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateSendDiagnoseOverview, w.sendDiagnose,
		workflow.UpdateHandlerOptions{Validator: w.validateSendDiagnose}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateSendRepairOverview, w.sendRepair,
		workflow.UpdateHandlerOptions{Validator: w.validateSendRepair}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateKeyPIN, w.keyPIN,
		workflow.UpdateHandlerOptions{Validator: w.validateKeyPIN}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateKeyDropBack, w.dropBack,
		workflow.UpdateHandlerOptions{Validator: w.validateDropBack}); err != nil {
		return err
	}
	return w.registerInspection(ctx)
}

func (w *appointment) checkInSendAt() time.Time {
	return w.st.AppointmentAt.Add(-time.Duration(w.st.CheckInDaysPrior) * 24 * time.Hour)
}

// receiveSignals turns signals into facts for the main loop.
func (w *appointment) receiveSignals(ctx workflow.Context) {
	for {
		w.selectSignal(ctx, true)
	}
}

// selectSignal takes one signal; with block false it returns false when none waits.
func (w *appointment) selectSignal(ctx workflow.Context, block bool) bool {
	got := false
	sel := workflow.NewSelector(ctx)
	sel.AddReceive(workflow.GetSignalChannel(ctx, SignalCommunicationOpened), func(c workflow.ReceiveChannel, _ bool) {
		var s OpenedSignal
		c.Receive(ctx, &s)
		w.opened, got = append(w.opened, s), true
	})
	sel.AddReceive(workflow.GetSignalChannel(ctx, SignalRescheduled), func(c workflow.ReceiveChannel, _ bool) {
		var s RescheduledSignal
		c.Receive(ctx, &s)
		w.rescheduled, got = &s, true
	})
	sel.AddReceive(workflow.GetSignalChannel(ctx, SignalCancelled), func(c workflow.ReceiveChannel, _ bool) {
		var s CancelledSignal
		c.Receive(ctx, &s)
		w.cancelled, got = &s, true
	})
	sel.AddReceive(workflow.GetSignalChannel(ctx, SignalKeyDropped), func(c workflow.ReceiveChannel, _ bool) {
		var s KeySignal
		c.Receive(ctx, &s)
		if s.BookingID != "" {
			w.lockerFacts, got = append(w.lockerFacts, lockerFact{Signal: SignalKeyDropped, Key: s}), true
			return
		}
		w.keyDropped, got = &s, true
	})
	sel.AddReceive(workflow.GetSignalChannel(ctx, SignalKeyPickedUp), func(c workflow.ReceiveChannel, _ bool) {
		var s KeySignal
		c.Receive(ctx, &s)
		if s.BookingID != "" {
			w.lockerFacts, got = append(w.lockerFacts, lockerFact{Signal: SignalKeyPickedUp, Key: s}), true
			return
		}
		w.keyPickedUp, got = &s, true
	})
	sel.AddReceive(workflow.GetSignalChannel(ctx, SignalKeyLockerPINRequested), func(c workflow.ReceiveChannel, _ bool) {
		var s PINRequestSignal
		c.Receive(ctx, &s)
		w.pinRequests, got = append(w.pinRequests, s), true
	})
	sel.AddReceive(workflow.GetSignalChannel(ctx, SignalKeyLockerDroppedBack), func(c workflow.ReceiveChannel, _ bool) {
		var s KeyLockerDropBackSignal
		c.Receive(ctx, &s)
		w.keyLockerBacks, got = append(w.keyLockerBacks, s), true
	})
	for _, name := range []string{SignalKeyPickedUpByMechanic, SignalKeyDroppedBack, SignalLockerBookingExpired} {
		sel.AddReceive(workflow.GetSignalChannel(ctx, name), func(c workflow.ReceiveChannel, _ bool) {
			var s KeySignal
			c.Receive(ctx, &s)
			w.lockerFacts, got = append(w.lockerFacts, lockerFact{Signal: name, Key: s}), true
		})
	}
	sel.AddReceive(workflow.GetSignalChannel(ctx, SignalCompleted), func(c workflow.ReceiveChannel, _ bool) {
		c.Receive(ctx, nil)
		w.completed, got = true, true
	})
	sel.AddReceive(workflow.GetSignalChannel(ctx, SignalCheckedInAtDesk), func(c workflow.ReceiveChannel, _ bool) {
		var s DeskCheckInSignal
		c.Receive(ctx, &s)
		w.atDesk, got = &s, true
	})
	sel.AddReceive(workflow.GetSignalChannel(ctx, SignalCheckedInAtKiosk), func(c workflow.ReceiveChannel, _ bool) {
		var s KioskCheckInSignal
		c.Receive(ctx, &s)
		w.atKiosk, got = &s, true
	})
	if block {
		sel.Select(ctx)
		return true
	}
	for sel.HasPending() {
		sel.Select(ctx)
	}
	return got
}

func (w *appointment) pendingFacts() bool {
	return len(w.opened) > 0 || w.rescheduled != nil || w.cancelled != nil ||
		w.keyDropped != nil || w.keyPickedUp != nil || w.completed || w.atDesk != nil || w.atKiosk != nil || len(w.lockerFacts) > 0 || len(w.pinRequests) > 0 ||
		len(w.keyLockerBacks) > 0
}

// run is the main loop: wait for a fact, a stage change by an update, or the
// stage's own deadline; act; repeat until a final stage.
func (w *appointment) run(ctx workflow.Context) (AppointmentState, error) {
	for !w.finished() {
		stage, armed := w.st.Stage, w.followUpArmed
		deadline, hasDeadline := w.deadline()
		// The timer is the stage's deadline or a follow-up's, whichever
		// comes first (without follow-ups: the stage's, as before them).
		wake, hasWake, summary := w.wakeUp(deadline, hasDeadline)
		cond := func() bool { return w.pendingFacts() || w.st.Stage != stage || w.followUpArmed != armed }
		workflow.SetCurrentDetails(ctx, w.details())
		if hasWake {
			wait := wake.Sub(workflow.Now(ctx))
			if wait > 0 {
				opts := workflow.AwaitOptions{Timeout: wait, TimerOptions: workflow.TimerOptions{Summary: summary}}
				if _, err := workflow.AwaitWithOptions(ctx, opts, cond); err != nil {
					return w.st, err
				}
			}
		} else if err := workflow.Await(ctx, cond); err != nil {
			return w.st, err
		}
		if err := w.step(ctx, stage, deadline, hasDeadline); err != nil {
			return w.st, err
		}
		w.steps++
		if !w.finished() && w.historyTooLong(ctx) {
			if err := w.continueAsNew(ctx); err != nil {
				return w.st, err // the ContinueAsNewError, or a real failure
			}
		}
	}
	// Let running handlers and deliveries (held ones too) finish before the workflow closes.
	err := workflow.Await(ctx, func() bool {
		return workflow.AllHandlersFinished(ctx) && w.deliveries == 0 && len(w.st.HeldMessages) == 0 && !w.answersPending(0)
	})
	return w.st, err
}

// deadline is when the current stage acts on its own.
func (w *appointment) deadline() (time.Time, bool) {
	switch w.st.Stage {
	case StageScheduled:
		if !w.st.CheckInEnabled {
			return w.st.AppointmentAt, true
		}
		return w.st.CheckInSendAt, true
	case StageCheckInSent:
		return w.st.AppointmentAt, true // an unanswered check-in closes when the car is due
	case StageAwaitingKeyDrop:
		if w.st.Locker != nil { // (set only by versioned code: older runs keep no deadline here)
			return w.st.AppointmentAt.Add(keyDropGrace), true // a key that never comes
		}
	case StageRepairSent:
		return w.lastChange().Add(completeAfterRepair), true
	}
	return time.Time{}, false
}

func (w *appointment) lastChange() time.Time { return w.st.History[len(w.st.History)-1].At }

// step handles the facts that arrived, then the deadline if it passed.
func (w *appointment) step(ctx workflow.Context, stage Stage, deadline time.Time, hasDeadline bool) error {
	if err := w.mu.Lock(ctx); err != nil {
		return err
	}
	defer w.mu.Unlock()
	if w.cancelled != nil {
		return w.cancel(ctx, w.cancelled.Reason)
	}
	if w.rescheduled != nil {
		if err := w.reschedule(ctx, w.rescheduled.AppointmentAt); err != nil {
			return err
		}
		w.rescheduled = nil
		return nil // deadlines moved: wait again
	}
	for len(w.opened) > 0 {
		s := w.opened[0]
		w.opened = w.opened[1:]
		if err := w.markOpened(ctx, s); err != nil {
			return err
		}
	}
	for len(w.lockerFacts) > 0 {
		f := w.lockerFacts[0]
		w.lockerFacts = w.lockerFacts[1:]
		if err := w.applyLocker(ctx, f); err != nil {
			return err
		}
	}
	if w.st.Stage.Final() {
		w.pinRequests, w.keyLockerBacks = nil, nil
		return nil // only the key's way out of a locker is still followed
	}
	for len(w.keyLockerBacks) > 0 {
		r := w.keyLockerBacks[0]
		w.keyLockerBacks = w.keyLockerBacks[1:]
		if err := w.keyLockerPickUpPIN(ctx, r); err != nil {
			return err
		}
	}
	for len(w.pinRequests) > 0 {
		r := w.pinRequests[0]
		w.pinRequests = w.pinRequests[1:]
		if err := w.issueRequestedPIN(ctx, r); err != nil {
			return err
		}
	}
	if w.keyDropped != nil {
		w.keyDropped = nil
		if w.st.Stage == StageAwaitingKeyDrop || w.st.Stage == StageCheckInSent || w.st.Stage == StageScheduled {
			if err := w.setStage(ctx, StageInWorkshop, "key dropped in the locker"); err != nil {
				return err
			}
		}
	}
	if w.atDesk != nil {
		w.atDesk = nil
		if err := w.checkedInAtDesk(ctx); err != nil {
			return err
		}
	}
	if w.atKiosk != nil {
		w.atKiosk = nil
		// The kiosk check-in closes the online check-in as the desk's does.
		if w.getVersion(ctx, versionKioskCheckIn, workflow.DefaultVersion, 1) == 1 {
			if err := w.checkedInOnSite(ctx, noteCheckedInAtKiosk); err != nil {
				return err
			}
		}
	}
	if w.keyPickedUp != nil || w.completed {
		note := "appointment completed by the receptionist"
		if w.keyPickedUp != nil {
			note = "key picked up"
		}
		w.keyPickedUp, w.completed = nil, false
		return w.pickedUp(ctx, note)
	}
	w.followUps(ctx)
	if w.st.Stage != stage || !hasDeadline || workflow.Now(ctx).Before(deadline) {
		return nil
	}
	switch stage {
	case StageScheduled:
		if !w.st.CheckInEnabled {
			return w.setStage(ctx, StageInWorkshop, "online check-in disabled for this location")
		}
		return w.sendCheckIn(ctx)
	case StageCheckInSent:
		w.st.CommunicationStatus = enums.CommunicationStatusCheckInClosed
		return w.setStage(ctx, StageInWorkshop, "check-in not answered before the appointment; closed")
	case StageRepairSent:
		return w.setStage(ctx, StageCompleted, "no pick-up reported; closed after the repair overview")
	case StageAwaitingKeyDrop:
		if w.st.Locker != nil && w.st.Locker.Phase == LockerBooked {
			return w.keyDropMissed(ctx)
		}
		if w.st.Locker != nil {
			// Waiting for the dealer's own key locker, whose drop is not
			// reported by the vendor: the car is due, so on to the workshop.
			w.st.KeyDropMissed = true
			w.st.Locker.Outcome = keyLockerDropMissed
			return w.setStage(ctx, StageInWorkshop, "no key drop reported by the appointment time: "+keyLockerDropMissed)
		}
	}
	return nil
}

// checkedInAtDesk: the customer checked in on site. An online check-in still
// waiting to go out is never sent; one sent but unanswered is closed (status
// 4), so its link no longer asks for a check-in already done. Later stages
// are not moved: the desk check-in came after the online one.
func (w *appointment) checkedInAtDesk(ctx workflow.Context) error {
	return w.checkedInOnSite(ctx, noteCheckedInAtDesk)
}

// versionKioskCheckIn guards the kiosk check-in signal's effect (issue #23).
const versionKioskCheckIn = "kiosk-check-in-closes-online-check-in"

// checkedInOnSite: the customer checked in at the desk or the kiosk; an
// online check-in not yet answered is closed and the car is in the workshop.
func (w *appointment) checkedInOnSite(ctx workflow.Context, note string) error {
	if w.st.Stage != StageScheduled && w.st.Stage != StageCheckInSent {
		return nil
	}
	w.st.CommunicationStatus = enums.CommunicationStatusCheckInClosed
	return w.setStage(ctx, StageInWorkshop, note)
}

// setStage moves the lifecycle and writes the read model and search attributes.
func (w *appointment) setStage(ctx workflow.Context, s Stage, note string) error {
	w.st.Stage = s
	w.st.History = append(w.st.History, StageChange{Stage: s, At: workflow.Now(ctx), Note: note})
	if err := w.save(ctx); err != nil {
		return err
	}
	return workflow.UpsertTypedSearchAttributes(ctx, SALifecycleStage.ValueSet(string(s)))
}

func (w *appointment) save(ctx workflow.Context) error {
	snap := acts.LifecycleSnapshot{
		AppointmentID: w.st.AppointmentID, CommunicationID: w.st.CommunicationID, Stage: string(w.st.Stage),
		StatusIdentifier: w.st.StatusIdentifier, CommunicationStatus: w.st.CommunicationStatus,
		AppointmentAt: w.st.AppointmentAt, CheckInSent: w.happened(noteCheckInSent),
		CheckInAnswered: w.happened(noteCheckInAnswered),
	}
	if err := workflow.ExecuteActivity(options.Store(ctx, "save stage "+string(w.st.Stage)+" to the read model"), lc.SaveLifecycle, snap).Get(ctx, nil); err != nil {
		return err
	}
	w.publish()
	return nil
}

// publish makes the current state what queries see (History and Locker
// copied: st changes them in place).
func (w *appointment) publish() {
	w.published = w.st
	w.published.History = append([]StageChange(nil), w.st.History...)
	if w.st.Locker != nil { // a copy: the journey is changed in place between saves
		l := *w.st.Locker
		l.Events = append([]string(nil), l.Events...)
		w.published.Locker = &l
	}
	w.published.HeldMessages = append([]HeldMessage(nil), w.st.HeldMessages...)
	for _, f := range []**FollowUp{&w.published.FollowUp, &w.published.KeyFollowUp} {
		if *f != nil { // a copy: a follow-up changes in place
			c := **f
			*f = &c
		}
	}
}

// happened reports whether the history holds a step with this note.
func (w *appointment) happened(note string) bool {
	for _, h := range w.st.History {
		if h.Note == note {
			return true
		}
	}
	return false
}

const (
	noteCheckedInAtDesk  = "checked in at the desk"
	noteCheckedInAtKiosk = "checked in at the kiosk"
	noteCheckInSent      = "online check-in sent"
	noteCheckInAnswered  = "online check-in answered"
)

func (w *appointment) sendCheckIn(ctx workflow.Context) error {
	out, err := w.send(ctx, notify.KindOnlineCheckIn, enums.CommunicationEventTypeOnlineCheckInSent, "check-in", 0)
	if err != nil {
		return err
	}
	w.st.CheckInResultIDs, w.st.AgreementIDs = out.ItemIDs, out.AgreementIDs
	w.st.CommunicationStatus = enums.CommunicationStatusCheckInSent
	// The stage first: the messages are already on their way, and an
	// answer is refused until the stage says the check-in is open.
	if err := w.setStage(ctx, StageCheckInSent, noteCheckInSent); err != nil {
		return err
	}
	return w.armFollowUp(ctx, contract.TaskCheckInUnanswered, StageCheckInSent, 0)
}

// send records the event, plans the notifications and delivers them in the
// background: the caller (often an HTTP request) does not wait for providers.
func (w *appointment) send(ctx workflow.Context, kind string, ev enums.CommunicationEventType, name string, userID int) (notify.SendOutput, error) {
	in := notify.SendInput{Kind: kind, Event: acts.EventInput{
		AppointmentID: w.st.AppointmentID, CommunicationID: w.st.CommunicationID, Type: ev, UserID: userID,
		DedupeKey: fmt.Sprintf("%s-%d-%s-%d", workflow.GetInfo(ctx).WorkflowExecution.ID, w.st.Runs, name, len(w.st.History)),
	}}
	var out notify.SendOutput
	if err := workflow.ExecuteActivity(options.Store(ctx, "record and plan the "+kindTitle(kind)), nt.SendCommunication, in).Get(ctx, &out); err != nil {
		return out, err
	}
	if userID != 0 {
		out.Quiet = nil // sent by a person: at once, whatever the hour
	}
	w.deliverPlanned(ctx, out, "the "+kindTitle(kind))
	return out, nil
}

// versionDeliverTogether: from version 1 on, the receivers of one send
// (a text message and an email) are delivered by one DeliverNotifications
// activity instead of one DeliverNotification each: one activity and one
// workflow task fewer per send (#24). Runs before it replay one activity
// per receiver.
const versionDeliverTogether = "deliver-send-receivers-together"

// deliver delivers the receivers of one send in the background: by one
// DeliverNotifications (versionDeliverTogether), or one
// DeliverNotification per receiver.
func (w *appointment) deliver(ctx workflow.Context, receiverIDs []int) {
	if len(receiverIDs) > 1 && w.getVersion(ctx, versionDeliverTogether, workflow.DefaultVersion, 1) == 1 {
		w.deliveries++
		workflow.Go(ctx, func(ctx workflow.Context) {
			defer func() { w.deliveries-- }()
			deliverTogether(ctx, receiverIDs)
		})
		return
	}
	for _, id := range receiverIDs {
		w.deliveries++
		workflow.Go(ctx, func(ctx workflow.Context) {
			defer func() { w.deliveries-- }()
			deliverOne(ctx, id)
		})
	}
}

// deliverOne delivers one receiver's message; a failure is logged (the
// activity retries by its own policy first).
func deliverOne(ctx workflow.Context, id int) {
	var res notify.DeliveryOutput
	if err := workflow.ExecuteActivity(options.Delivery(ctx, fmt.Sprintf("deliver message %d", id)), nt.DeliverNotification, id).Get(ctx, &res); err != nil {
		workflow.GetLogger(ctx).Error("delivery failed", "receiver_id", id, "error", err)
	}
}

// deliverTogether delivers one send's receivers by one activity; a failure
// is logged (the activity retries by its own policy first).
func deliverTogether(ctx workflow.Context, ids []int) {
	var res []notify.DeliveryOutput
	if err := workflow.ExecuteActivity(options.Delivery(ctx, fmt.Sprintf("deliver messages %v", ids)), nt.DeliverNotifications, ids).Get(ctx, &res); err != nil {
		workflow.GetLogger(ctx).Error("delivery failed", "receiver_ids", ids, "error", err)
	}
}

func (w *appointment) markOpened(ctx workflow.Context, s OpenedSignal) error {
	next, ev, ok := contract.Opened(w.st.CommunicationStatus)
	if !ok {
		return nil // already opened, answered or closed: reading again changes nothing
	}
	in := acts.EventInput{AppointmentID: w.st.AppointmentID, CommunicationID: w.st.CommunicationID, Type: ev, IP: s.IP,
		DedupeKey: fmt.Sprintf("%s-%d-opened-%d", workflow.GetInfo(ctx).WorkflowExecution.ID, w.st.Runs, len(w.st.History))}
	if err := workflow.ExecuteActivity(options.Store(ctx, "record that the customer opened the communication"), lc.RecordEvent, in).Get(ctx, nil); err != nil {
		return err
	}
	w.st.CommunicationStatus = next
	w.st.History = append(w.st.History, StageChange{Stage: w.st.Stage, At: workflow.Now(ctx), Note: fmt.Sprintf("opened by the customer (status %d)", next)})
	return w.save(ctx)
}

func (w *appointment) reschedule(ctx workflow.Context, at time.Time) error {
	prev := w.st.AppointmentAt
	w.st.AppointmentAt = at
	w.st.CheckInSendAt = w.checkInSendAt()
	if err := w.moveBookings(ctx, prev); err != nil {
		return err
	}
	w.st.History = append(w.st.History, StageChange{Stage: w.st.Stage, At: workflow.Now(ctx), Note: "rescheduled to " + at.UTC().Format(time.RFC3339)})
	return w.save(ctx)
}

func (w *appointment) cancel(ctx workflow.Context, reason string) error {
	switch w.st.CommunicationStatus {
	case enums.CommunicationStatusCheckInSent, enums.CommunicationStatusCheckInOpened, enums.CommunicationStatusCheckInAnswered:
		w.st.CommunicationStatus = enums.CommunicationStatusCheckInClosed
	case enums.CommunicationStatusDiagnoseOverviewSent, enums.CommunicationStatusDiagnoseOverviewOpened, enums.CommunicationStatusDiagnoseOverviewAnswered:
		w.st.CommunicationStatus = enums.CommunicationStatusDiagnoseOverviewClosed
	}
	w.st.StatusIdentifier = enums.StatusIdentifierCancelled
	w.st.CancelReason = reason
	if err := w.releaseBookings(ctx); err != nil {
		return err
	}
	w.cancelled = nil
	return w.setStage(ctx, StageCancelled, "cancelled: "+reason)
}

// continueAsNew returns the ContinueAsNewError, or nil when facts are still
// waiting to be acted on (the loop comes back here after acting on them).
// historyTooLong: continue as new before the history grows without bound.
func (w *appointment) historyTooLong(ctx workflow.Context) bool {
	info := workflow.GetInfo(ctx)
	return info.GetContinueAsNewSuggested() || info.GetCurrentHistoryLength() > historyLimit || w.steps >= stepLimit
}

func (w *appointment) continueAsNew(ctx workflow.Context) error {
	if err := workflow.Await(ctx, func() bool {
		return workflow.AllHandlersFinished(ctx) && w.deliveries == 0 && !w.answersPending(0)
	}); err != nil {
		return err
	}
	// Signals that arrived but were not yet acted on travel with the state
	// only if handled; take them now so none is lost across the new run.
	if w.selectSignal(ctx, false) || w.pendingFacts() {
		return nil
	}
	st := w.st
	return workflow.NewContinueAsNewError(ctx, WorkflowName, AppointmentInput{AppointmentID: st.AppointmentID, State: &st, Checks: w.checks, RegNumberHash: w.regNumberHash})
}

// kindTitle names a message kind for activity summaries.
func kindTitle(kind string) string {
	switch kind {
	case notify.KindOnlineCheckIn:
		return "online check-in"
	case notify.KindDiagnoseOverview:
		return "diagnose overview"
	case notify.KindRepairOverview:
		return "repair overview"
	case notify.KindCarReady:
		return "car-ready"
	case notify.KindFeedbackInvitation:
		return "feedback question"
	}
	return kind
}
