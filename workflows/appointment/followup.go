package appointment

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	acts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/notify"
	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/workflows/options"
)

// Reminders and escalations (issue #25). When the lifecycle sends an online
// check-in or a diagnose overview, or the customer's key-locker pick-up
// PIN, it arms a follow-up with the location's hours: no answer (no pick-up)
// within them, one reminder to the customer over the message's channels;
// none a further escalation_hours later, a task for the receptionist; then
// it stops. Each wait is one durable timer of the main loop (its summary
// says what it waits for), cancelled the moment the answer arrives: the
// stage the follow-up belongs to is left, so it no longer counts.

type FollowUp = contract.FollowUp

// versionFollowUps guards arming follow-ups: histories recorded before it
// replay without them (and without the settings' activity).
const versionFollowUps = "reminders-and-escalations"

// armFollowUp starts the follow-up of a communication just sent (stage is
// the stage it is sent into; items the answers it awaits). A resend starts
// it again.
func (w *appointment) armFollowUp(ctx workflow.Context, kind string, stage Stage, items int) error {
	if w.getVersion(ctx, versionFollowUps, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	set, err := w.followUpSettings(ctx)
	if err != nil {
		return err
	}
	hours := set.CheckInReminderHours
	if kind == contract.TaskDiagnoseUnanswered {
		hours = set.DiagnoseReminderHours
	}
	w.st.FollowUp = newFollowUp(ctx, kind, stage, hours, set.EscalationHours, items)
	w.followUpArmed++
	w.publish()
	return nil
}

// armKeyFollowUp starts the follow-up of a key waiting in a locker for the
// customer, once its pick-up PIN went out.
func (w *appointment) armKeyFollowUp(ctx workflow.Context) error {
	if w.getVersion(ctx, versionFollowUps, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	set, err := w.followUpSettings(ctx)
	if err != nil {
		return err
	}
	w.st.KeyFollowUp = newFollowUp(ctx, contract.TaskKeyNotCollected, "", set.KeyPickupReminderHours, set.EscalationHours, 0)
	w.followUpArmed++
	w.publish()
	return nil
}

func newFollowUp(ctx workflow.Context, kind string, stage Stage, reminder, escalation, items int) *FollowUp {
	if reminder == 0 && escalation == 0 {
		return nil // both off
	}
	return &FollowUp{Kind: kind, Stage: stage, Since: workflow.Now(ctx), ReminderHours: reminder, EscalationHours: escalation, Items: items}
}

func (w *appointment) followUpSettings(ctx workflow.Context) (acts.FollowUpSettings, error) {
	var set acts.FollowUpSettings
	err := workflow.ExecuteActivity(options.Store(ctx, "load the location's reminder hours"), lc.LoadFollowUpSettings, w.st.DealerLocationID).Get(ctx, &set)
	return set, err
}

// activeFollowUp is the communication's follow-up while its stage lasts.
func (w *appointment) activeFollowUp() *FollowUp {
	f := w.st.FollowUp
	if f == nil || f.Done || f.Stage != w.st.Stage {
		return nil
	}
	return f
}

// activeKeyFollowUp is the key's follow-up while the key waits: until the
// lifecycle ends (the customer took the key) or the locker booking ends.
func (w *appointment) activeKeyFollowUp() *FollowUp {
	f := w.st.KeyFollowUp
	if f == nil || f.Done || w.st.Stage.Final() {
		return nil
	}
	if l := w.st.Locker; l != nil && l.DropBackBookingID != "" && l.Phase != LockerDroppedBack {
		return nil // an ACSES key taken out, or its booking expired
	}
	return f
}

// wakeUp is the main loop's next timer: the stage's deadline or a
// follow-up's, whichever comes first, and the timer's summary.
func (w *appointment) wakeUp(deadline time.Time, hasDeadline bool) (time.Time, bool, string) {
	at, ok, summary := deadline, hasDeadline, ""
	if ok {
		summary = w.deadlineSummary()
	}
	for _, f := range []*FollowUp{w.activeFollowUp(), w.activeKeyFollowUp()} {
		if due, fok := f.Due(); fok && (!ok || due.Before(at)) {
			at, ok, summary = due, true, followUpSummary(f)
		}
	}
	if x, xok := w.lockerExpiry(); xok && (!ok || x.due.Before(at)) {
		at, ok, summary = x.due, true, x.summary()
	}
	return at, ok, summary
}

// followUpSummary names a follow-up's timer in the Temporal UI.
func followUpSummary(f *FollowUp) string {
	if f.RemindNext() {
		return fmt.Sprintf("wait %d h for the %s, then remind the customer", f.ReminderHours, awaited(f.Kind))
	}
	return fmt.Sprintf("wait %d h more for the %s, then open a task for the receptionist", f.EscalationHours, awaited(f.Kind))
}

func awaited(kind string) string {
	switch kind {
	case contract.TaskCheckInUnanswered:
		return "online check-in answer"
	case contract.TaskDiagnoseUnanswered:
		return "diagnose overview answer"
	}
	return "key pick-up from the locker"
}

// followUps acts on every follow-up that is due: the reminder, or the task.
func (w *appointment) followUps(ctx workflow.Context) {
	for _, f := range []*FollowUp{w.activeFollowUp(), w.activeKeyFollowUp()} {
		if due, ok := f.Due(); ok && !workflow.Now(ctx).Before(due) {
			w.actOn(ctx, f)
		}
	}
	if x, ok := w.lockerExpiry(); ok && !workflow.Now(ctx).Before(x.due) {
		w.warnLockerExpiry(ctx, x)
	}
}

// actOn sends the reminder or opens the task. A failure is logged, not
// raised: a reminder is never worth failing the lifecycle, and the
// follow-up then stops.
func (w *appointment) actOn(ctx workflow.Context, f *FollowUp) {
	now := workflow.Now(ctx)
	key := fmt.Sprintf("%s-%s-%d", workflow.GetInfo(ctx).WorkflowExecution.ID, f.Kind, f.Since.UnixMilli())
	hours := int(now.Sub(f.Since) / time.Hour)
	if f.RemindNext() {
		f.RemindedAt = &now
		f.Done = f.EscalationHours == 0
		kind, about := notify.KindAnswerReminder, notify.KindOnlineCheckIn
		switch f.Kind {
		case contract.TaskDiagnoseUnanswered:
			about = notify.KindDiagnoseOverview
		case contract.TaskKeyNotCollected:
			kind, about = notify.KindKeyPickupReminder, notify.KindKeyLockerPickUpPIN
		}
		in := notify.ReminderInput{AppointmentID: w.st.AppointmentID, CommunicationID: w.st.CommunicationID, Kind: kind, For: about, DedupeKey: key}
		var out notify.SendOutput
		summary := fmt.Sprintf("plan the customer's reminder: %s missing for %d h", awaited(f.Kind), hours)
		if err := workflow.ExecuteActivity(options.Store(ctx, summary), nt.SendReminder, in).Get(ctx, &out); err != nil {
			workflow.GetLogger(ctx).Error("reminder not planned", "kind", f.Kind, "error", err)
			f.Done = true
		} else {
			w.deliverPlanned(ctx, out, "the reminder")
		}
		w.publish()
		return
	}
	f.Done = true
	in := acts.OpenTaskInput{AppointmentID: w.st.AppointmentID, Kind: f.Kind, Hours: hours, Items: f.Items, DedupeKey: key + "-task"}
	summary := fmt.Sprintf("open a task for the receptionist: %s missing for %d h", awaited(f.Kind), hours)
	if f.Items > 0 {
		summary += fmt.Sprintf(", %d items", f.Items)
	}
	var id int
	if err := workflow.ExecuteActivity(options.Store(ctx, summary), lc.OpenTask, in).Get(ctx, &id); err != nil {
		workflow.GetLogger(ctx).Error("task not opened", "kind", f.Kind, "error", err)
	} else {
		f.TaskID = id
	}
	w.publish()
}
