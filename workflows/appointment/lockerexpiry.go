package appointment

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	acts "github.com/pitstop-dev/pitstop/activities/appointment"
	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/workflows/options"
)

// A locker booking about to end with the key not where it should end
// (issue #25): the drop booking with the key not dropped yet, or dropped
// and still inside; the drop-back booking with the key dropped back and not
// collected. The location's locker_expiry_warning_hours before the
// booking's end, the receptionist gets one task. The wait is another
// deadline of the main loop (wakeUp), over the moment the key moves, the
// booking moves (a new end waits anew) or ends, or the lifecycle closes.

// versionLockerExpiryWarning guards the warning: histories recorded before
// it replay without loading the hours at a booking (and so never warn).
const versionLockerExpiryWarning = "locker-expiry-warning"

// armLockerExpiry reads the location's warning hours when a booking is made.
// A failure is logged, not raised: the booking stands without a warning.
func (w *appointment) armLockerExpiry(ctx workflow.Context) {
	if w.getVersion(ctx, versionLockerExpiryWarning, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return
	}
	set, err := w.followUpSettings(ctx)
	if err != nil {
		workflow.GetLogger(ctx).Error("locker expiry warning hours not loaded", "error", err)
		return
	}
	w.st.Locker.ExpiryWarningHours = set.LockerExpiryWarningHours
	w.followUpArmed++ // the main loop recomputes its timer
}

// lockerWarning is the warning the main loop waits for.
type lockerWarning struct {
	booking, which string
	end, due       time.Time
	hours          int
}

func (x lockerWarning) key() string { return x.booking + "@" + x.end.UTC().Format(time.RFC3339) }

func (x lockerWarning) summary() string {
	return fmt.Sprintf("wait until %d h before the %s booking ends, then open a task for the receptionist", x.hours, x.which)
}

// lockerExpiry is the pending warning, if any.
func (w *appointment) lockerExpiry() (lockerWarning, bool) {
	l := w.st.Locker
	if l == nil || l.ExpiryWarningHours <= 0 || w.st.Stage.Final() {
		return lockerWarning{}, false
	}
	x := lockerWarning{hours: l.ExpiryWarningHours}
	var end *time.Time
	switch {
	case l.Phase == LockerDroppedBack && l.DroppedBackAt != nil && l.PickedUpBackAt == nil:
		x.booking, x.which, end = l.DropBackBookingID, "drop-back", l.DropBackEnd
	case l.Phase == LockerBooked, l.Phase == LockerDropped && l.DroppedAt != nil && l.PickedUpAt == nil:
		x.booking, x.which, end = l.DropBookingID, "drop", l.DropEnd
	}
	if x.booking == "" || end == nil {
		return lockerWarning{}, false
	}
	x.end = *end
	x.due = x.end.Add(-time.Duration(x.hours) * time.Hour)
	if l.ExpiryWarned == x.key() {
		return lockerWarning{}, false // warned for this end already
	}
	return x, true
}

// warnLockerExpiry opens the task, once per booking end. A failure is
// logged, not raised, and not retried.
func (w *appointment) warnLockerExpiry(ctx workflow.Context, x lockerWarning) {
	l := w.st.Locker
	l.ExpiryWarned = x.key()
	end := x.end
	in := acts.OpenTaskInput{AppointmentID: w.st.AppointmentID, Kind: contract.TaskLockerBookingExpiring, Hours: x.hours, Ends: &end,
		DedupeKey: fmt.Sprintf("%s-%s-%s", workflow.GetInfo(ctx).WorkflowExecution.ID, contract.TaskLockerBookingExpiring, x.key())}
	summary := fmt.Sprintf("open a task for the receptionist: the %s booking ends in %d h with the key not collected", x.which, x.hours)
	var id int
	if err := workflow.ExecuteActivity(options.Store(ctx, summary), lc.OpenTask, in).Get(ctx, &id); err != nil {
		workflow.GetLogger(ctx).Error("task not opened", "kind", in.Kind, "error", err)
	} else {
		l.ExpiryTaskID = id
	}
	w.publish()
}
