package appointment

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	acts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/locker"
	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/workflows/options"
)

// The key's journey through an ACSES locker (spec 001): the customer agrees
// at the online check-in -> a cell is booked and its PIN returned in the
// answer -> dropoff -> a mechanic asks for the pick-up PIN -> checkout ->
// after the repair a receptionist drops the key back (a new booking) ->
// dropoff -> the customer's pick-up PIN goes out by SMS/email -> checkout,
// which completes the lifecycle. The vendor's events arrive as signals (see
// the API's /v1/events/handler), at least once and in any order: each step
// is applied once, and a checkout before its dropoff applies both.

// Tunables of the journey (variables so tests can shorten them).
var (
	// keyDropGrace: a key not in the locker this long after the appointment
	// time will not come; the booking is cancelled and the key expected at
	// the desk. Decision: the spec is silent; one hour covers a late customer.
	keyDropGrace = time.Hour
	// bookingLife: how long a booking lasts past the appointment (drop) or
	// the drop back; the vendor expires bookings still open at their end.
	bookingLife = 14 * 24 * time.Hour
)

// versionAcsesLocker guards the whole journey: histories recorded before it
// replay without booking anything.
const versionAcsesLocker = "acses-locker-journey"

var lk *locker.Activities

// bookingOptions: a booking answers a waiting person (the customer's check-in
// answer, a receptionist), so it is retried a few times only; a vendor that
// stays down is an outcome ("hand the key in at the desk"), never a hang.
func bookingOptions(ctx workflow.Context, summary string) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		// Short, so a crashed booking call is retried on another worker
		// within 10 s (the vendor answers in well under a second).
		StartToCloseTimeout: 8 * time.Second, Summary: summary,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumAttempts: 3,
			NonRetryableErrorTypes: append([]string{locker.ErrRefused}, errtypes.NonRetryable...)},
	})
}

// bookDrop books the customer's drop cell at the online check-in and puts
// the PIN and locker name into the answer. No locker, no free cell or a
// vendor that does not answer leaves the PIN empty: the customer is told to
// hand the key in at the desk (the customer page shows no PIN) and the
// lifecycle carries on as without a locker.
func (w *appointment) bookDrop(ctx workflow.Context, res *CheckInAnswerResult) {
	w.st.Locker = &LockerState{Phase: LockerNoCell}
	in := locker.BookInput{AppointmentID: w.st.AppointmentID, Purpose: locker.PurposeDrop, Seq: 1,
		EndDate: w.st.AppointmentAt.Add(bookingLife)}
	var out locker.BookOutput
	if err := workflow.ExecuteActivity(bookingOptions(ctx, "book an ACSES cell for the key drop"), lk.Book, in).Get(ctx, &out); err != nil {
		workflow.GetLogger(ctx).Warn("acses booking failed", "error", err)
		w.st.Locker.Outcome = "the locker vendor did not answer: hand the key in at the desk"
		return
	}
	w.st.Locker.LockerSystemID, w.st.Locker.LockerName = out.LockerSystemID, out.LockerName
	if !out.Booked {
		w.st.Locker.Outcome = noBookingOutcome(out.Reason)
		return
	}
	w.st.Locker.Phase, w.st.Locker.DropBookingID = LockerBooked, out.BookingID
	w.st.Locker.DropEnd = &in.EndDate
	res.AcsesPIN, res.AcsesLockerName = out.PIN, out.LockerName
}

func noBookingOutcome(reason string) string {
	switch reason {
	case locker.ReasonNoFreeCell:
		return "no free cell in the locker: hand the key in at the desk"
	case locker.ReasonNoLocker:
		return "no active locker at this location: hand the key in at the desk"
	}
	return "no locker booking (" + reason + "): hand the key in at the desk"
}

// lockerFact is one vendor event for the main loop.
type lockerFact struct {
	Signal string
	Key    KeySignal
}

// applyLocker applies one vendor event to the journey, once.
func (w *appointment) applyLocker(ctx workflow.Context, f lockerFact) error {
	l := w.st.Locker
	if l == nil {
		workflow.GetLogger(ctx).Warn("locker event for an appointment without a locker journey", "signal", f.Signal)
		return nil
	}
	k := f.Key
	if k.EventID != "" && slices.Contains(l.Events, k.EventID) {
		return nil // a redelivery
	}
	if k.EventID != "" {
		l.Events = append(l.Events, k.EventID)
	}
	switch {
	case k.BookingID != "" && k.BookingID == l.DropBookingID:
		return w.applyDrop(ctx, f)
	case k.BookingID != "" && k.BookingID == l.DropBackBookingID:
		return w.applyDropBack(ctx, f)
	}
	workflow.GetLogger(ctx).Warn("locker event for a booking of another step", "signal", f.Signal, "booking", k.BookingID)
	return nil
}

func (w *appointment) record(ctx workflow.Context, step locker.Step, k KeySignal) error {
	in := locker.RecordInput{AppointmentID: w.st.AppointmentID, Step: step, BookingID: k.BookingID, Cell: k.Cell, At: k.At}
	return workflow.ExecuteActivity(options.Store(ctx, "record the key "+string(step)), lk.Record, in).Get(ctx, nil)
}

// versionDropTimeFromDropoff guards replacing a drop time taken from a
// checkout that arrived first by the dropoff's own time: histories
// recorded before it replay keeping the checkout's time.
const versionDropTimeFromDropoff = "acses-drop-time-from-dropoff"

// dropoffAfterCheckout applies the time (and cell) of a dropoff that
// arrived after its checkout, which had stood in for it.
func (w *appointment) dropoffAfterCheckout(ctx workflow.Context, step locker.Step, k KeySignal, at **time.Time, cell *string, fromCheckout *bool) error {
	if w.getVersion(ctx, versionDropTimeFromDropoff, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	in := locker.RecordInput{AppointmentID: w.st.AppointmentID, Step: step, BookingID: k.BookingID, Cell: k.Cell, At: k.At, Replace: true}
	if err := workflow.ExecuteActivity(options.Store(ctx, "record the dropoff's own time"), lk.Record, in).Get(ctx, nil); err != nil {
		return err
	}
	t := k.At
	*at, *cell, *fromCheckout = &t, k.Cell, false
	w.note(ctx, "the dropoff reported after its checkout: drop time "+t.UTC().Format(time.RFC3339)+", cell "+k.Cell)
	return nil
}

func (w *appointment) note(ctx workflow.Context, note string) {
	w.st.History = append(w.st.History, StageChange{Stage: w.st.Stage, At: workflow.Now(ctx), Note: note})
}

// applyDrop: the customer's booking. Its dropoff is the key coming in, its
// checkout the mechanic taking it out (a checkout first implies the dropoff).
func (w *appointment) applyDrop(ctx workflow.Context, f lockerFact) error {
	l, k := w.st.Locker, f.Key
	switch f.Signal {
	case SignalKeyDropped, SignalKeyPickedUpByMechanic:
		if l.DroppedAt == nil {
			if err := w.record(ctx, locker.StepDropped, k); err != nil {
				return err
			}
			at := k.At
			l.DroppedAt, l.DropCell, l.Phase = &at, k.Cell, LockerDropped
			l.DropAtFromCheckout = f.Signal == SignalKeyPickedUpByMechanic
			w.note(ctx, "key dropped in the locker, cell "+k.Cell)
		} else if f.Signal == SignalKeyDropped && l.DropAtFromCheckout {
			if err := w.dropoffAfterCheckout(ctx, locker.StepDropped, k, &l.DroppedAt, &l.DropCell, &l.DropAtFromCheckout); err != nil {
				return err
			}
		}
		if f.Signal == SignalKeyPickedUpByMechanic && l.PickedUpAt == nil {
			if err := w.record(ctx, locker.StepPickedUp, k); err != nil {
				return err
			}
			at := k.At
			l.PickedUpAt, l.PickedUpBy, l.Phase = &at, l.PickUpRequestedBy, LockerPickedUp
			w.note(ctx, "key picked up from the locker by the workshop")
		}
		switch w.st.Stage {
		case StageScheduled, StageCheckInSent, StageAwaitingKeyDrop:
			return w.setStage(ctx, StageInWorkshop, "key dropped in the locker")
		}
		return w.save(ctx)
	case SignalLockerBookingExpired:
		if l.DroppedAt == nil {
			l.Phase, l.Outcome = LockerAbandoned, "the drop booking expired before the key was dropped: expect the key at the desk"
		} else if l.PickedUpAt == nil {
			l.Phase, l.Outcome = LockerAbandoned, "the drop booking expired with the key inside: the vendor empties the cell; fetch the key from the vendor"
		} else {
			return nil // expired after use: nothing changes
		}
		w.note(ctx, l.Outcome)
		if w.st.Stage == StageAwaitingKeyDrop {
			return w.setStage(ctx, StageInWorkshop, "locker booking expired")
		}
		return w.save(ctx)
	}
	return nil
}

// applyDropBack: the receptionist's booking. Its dropoff is the key back in
// (the customer's pick-up PIN goes out), its checkout the customer taking
// the key, which completes the lifecycle.
func (w *appointment) applyDropBack(ctx workflow.Context, f lockerFact) error {
	l, k := w.st.Locker, f.Key
	switch f.Signal {
	case SignalKeyDroppedBack, SignalKeyPickedUp:
		if l.DroppedBackAt == nil {
			if err := w.record(ctx, locker.StepDroppedBack, k); err != nil {
				return err
			}
			at := k.At
			l.DroppedBackAt, l.DropBackCell, l.Phase = &at, k.Cell, LockerDroppedBack
			l.DropBackAtFromCheckout = f.Signal == SignalKeyPickedUp
			w.note(ctx, "key dropped back in the locker, cell "+k.Cell)
			// A checkout reported before its dropoff: the key is already
			// out, so no PIN goes out any more.
			if f.Signal == SignalKeyDroppedBack && !l.PickUpPINSent {
				if err := w.sendPickUpPIN(ctx); err != nil {
					return err
				}
			}
		} else if f.Signal == SignalKeyDroppedBack && l.DropBackAtFromCheckout {
			if err := w.dropoffAfterCheckout(ctx, locker.StepDroppedBack, k, &l.DroppedBackAt, &l.DropBackCell, &l.DropBackAtFromCheckout); err != nil {
				return err
			}
		}
		if f.Signal == SignalKeyPickedUp && l.PickedUpBackAt == nil {
			if err := w.record(ctx, locker.StepPickedUpBack, k); err != nil {
				return err
			}
			at := k.At
			l.PickedUpBackAt, l.Phase = &at, LockerPickedUpBack
			if !w.st.Stage.Final() {
				return w.pickedUp(ctx, "key picked up from the locker")
			}
			w.note(ctx, "key picked up from the locker")
		}
		return w.save(ctx)
	case SignalLockerBookingExpired:
		if l.PickedUpBackAt != nil {
			return nil
		}
		if l.DroppedBackAt == nil {
			l.Outcome = "the drop-back booking expired before the key was dropped back: drop it back again or hand it over at the desk"
			l.Phase = LockerPickedUp
		} else {
			l.Outcome = "the customer did not pick the key up before the booking expired: the vendor empties the cell"
			l.Phase = LockerAbandoned
		}
		w.note(ctx, l.Outcome)
		return w.save(ctx)
	}
	return nil
}

// sendPickUpPIN plans the customer's pick-up PIN message (SMS/email per the
// location's channel rules) and delivers it in the background.
func (w *appointment) sendPickUpPIN(ctx workflow.Context) error {
	in := notify.AcsesPINInput{AppointmentID: w.st.AppointmentID, CommunicationID: w.st.CommunicationID, BookingID: w.st.Locker.DropBackBookingID}
	var out notify.SendOutput
	if err := workflow.ExecuteActivity(options.Store(ctx, "plan the customer's locker pick-up PIN message"), nt.SendAcsesPickUpPIN, in).Get(ctx, &out); err != nil {
		return err
	}
	w.st.Locker.PickUpPINSent = true
	w.deliverPlanned(ctx, out, "the locker pick-up PIN message")
	return w.armKeyFollowUp(ctx)
}

// versionAcsesDropPIN guards the message carrying the ACSES drop-off PIN:
// histories recorded before it replay without sending it.
const versionAcsesDropPIN = "acses-drop-pin-notification"

// sendAcsesDropPIN plans the message carrying the drop booking's code (the
// PIN the check-in answer returned) and delivers it in the background, so
// the customer's answer does not wait for providers. The plan is made once
// per booking; a retried activity finds its receivers.
func (w *appointment) sendAcsesDropPIN(ctx workflow.Context) {
	in := notify.AcsesPINInput{AppointmentID: w.st.AppointmentID, CommunicationID: w.st.CommunicationID, BookingID: w.st.Locker.DropBookingID}
	w.deliveries++
	workflow.Go(ctx, func(ctx workflow.Context) {
		defer func() { w.deliveries-- }()
		var out notify.SendOutput
		if err := workflow.ExecuteActivity(options.Store(ctx, "plan the customer's locker drop-off PIN message"), nt.SendAcsesDropPIN, in).Get(ctx, &out); err != nil {
			workflow.GetLogger(ctx).Error("ACSES drop-off PIN not planned", "error", err)
			return
		}
		w.deliver(ctx, out.ReceiverIDs)
	})
}

// keyDropMissed: the appointment time (plus grace) passed with the key not
// dropped. The booking is cancelled so the cell is free again.
func (w *appointment) keyDropMissed(ctx workflow.Context) error {
	l := w.st.Locker
	var out locker.CancelOutput
	if err := workflow.ExecuteActivity(options.Store(ctx, "cancel the unused drop booking"), lk.Cancel, locker.CancelInput{BookingID: l.DropBookingID}).Get(ctx, &out); err != nil {
		return err
	}
	w.st.KeyDropMissed = true
	l.Phase, l.Outcome = LockerAbandoned, "key not dropped by the appointment time: booking cancelled; expect the key at the desk"
	if !out.Cancelled {
		l.Outcome = "key not dropped by the appointment time, and the booking could not be cancelled: check the locker"
	}
	return w.setStage(ctx, StageInWorkshop, l.Outcome)
}

// keyLockerDropMissed is the outcome when the dealer's own key locker
// reported no drop by the appointment time.
const keyLockerDropMissed = "key not dropped in the dealer's key locker by the appointment time: expect the key at the desk"

// releaseBookings runs at a cancellation: bookings still empty are
// cancelled; a key inside stays until someone takes it out (the workflow
// keeps running for that, see finished).
func (w *appointment) releaseBookings(ctx workflow.Context) error {
	l := w.st.Locker
	if l == nil {
		return nil
	}
	var ids []string
	if l.Phase == LockerBooked {
		ids = append(ids, l.DropBookingID)
	}
	if l.Phase == LockerDropBackBooked {
		ids = append(ids, l.DropBackBookingID)
	}
	for _, id := range ids {
		var out locker.CancelOutput
		if err := workflow.ExecuteActivity(options.Store(ctx, "cancel a locker booking of the cancelled appointment"), lk.Cancel, locker.CancelInput{BookingID: id}).Get(ctx, &out); err != nil {
			return err
		}
		l.Phase, l.Outcome = LockerAbandoned, "appointment cancelled: locker booking cancelled"
	}
	if l.KeyInside() {
		l.Outcome = "appointment cancelled with the key in the locker: take it out with the pick-up PIN"
	}
	return nil
}

// versionMoveKeyInside guards moving a drop booking with the key inside
// after a reschedule: histories recorded before it replay without the move.
const versionMoveKeyInside = "acses-move-booking-with-key-inside"

// moveBookings follows a reschedule from prev: the drop booking ends
// bookingLife after the new appointment time. An unused booking moves
// either way; one with the key inside (the mechanic has not taken it out
// yet) is only extended, so the key stays reachable until after the new
// appointment instead of expiring in the cell.
func (w *appointment) moveBookings(ctx workflow.Context, prev time.Time) error {
	l := w.st.Locker
	if l == nil {
		return nil
	}
	end := w.st.AppointmentAt.Add(bookingLife)
	keyInside := l.Phase == LockerDropped && l.DroppedAt != nil && l.PickedUpAt == nil
	switch {
	case l.Phase == LockerBooked:
	case keyInside:
		if w.getVersion(ctx, versionMoveKeyInside, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
			return nil
		}
		current := prev.Add(bookingLife)
		if l.DropEnd != nil {
			current = *l.DropEnd
		}
		if !end.After(current) {
			return nil // it already lasts long enough
		}
	default:
		return nil
	}
	in := locker.MoveInput{BookingID: l.DropBookingID, EndDate: end}
	var out locker.MoveOutput
	if err := workflow.ExecuteActivity(options.Store(ctx, "move the drop booking with the appointment"), lk.Move, in).Get(ctx, &out); err != nil {
		return err
	}
	switch {
	case out.Moved:
		l.DropEnd = &end
		if keyInside {
			w.note(ctx, "drop booking with the key inside extended to "+end.UTC().Format(time.RFC3339))
		}
	case keyInside:
		l.Outcome = "the drop booking with the key inside could not be extended to the new appointment time: take the key out before the booking expires"
		w.note(ctx, l.Outcome)
	default:
		l.Outcome = "the drop booking could not follow the new appointment time"
	}
	return nil
}

// finished: the lifecycle is over and no key is left in a locker.
func (w *appointment) finished() bool {
	return w.st.Stage.Final() && !w.st.Locker.KeyInside()
}

var (
	errNoLocker     = errors.New("this appointment has no key in an ACSES locker")
	errKeyNotInside = errors.New("the key is not in the locker")
	errKeyInside    = errors.New("the key is in the locker: pick it up first")
	errDroppedBack  = errors.New("the key was already dropped back")
)

func (w *appointment) validateKeyPIN(r KeyPINRequest) error {
	l := w.st.Locker
	switch {
	case r.UserID <= 0:
		return Rejection(errors.New("user_id: required"))
	case l == nil:
		return Rejection(errNoLocker)
	case !r.Assist && (l.DroppedAt == nil || l.PickedUpAt != nil || l.Phase == LockerAbandoned):
		return Rejection(fmt.Errorf("%w (phase %s)", errKeyNotInside, l.Phase))
	case r.Assist && (l.DroppedBackAt == nil || l.PickedUpBackAt != nil || l.Phase == LockerAbandoned):
		return Rejection(fmt.Errorf("the key was not dropped back, or was picked up (phase %s)", l.Phase))
	}
	return nil
}

// keyPIN hands the mechanic (or an assisting receptionist) the door code.
func (w *appointment) keyPIN(ctx workflow.Context, r KeyPINRequest) (KeyPINResult, error) {
	if err := w.mu.Lock(ctx); err != nil {
		return KeyPINResult{}, err
	}
	defer w.mu.Unlock()
	if err := w.validateKeyPIN(r); err != nil {
		return KeyPINResult{}, err
	}
	l := w.st.Locker
	in := locker.PINInput{AppointmentID: w.st.AppointmentID, BookingID: l.DropBookingID, UserID: r.UserID, Assist: r.Assist}
	if r.Assist {
		in.BookingID = l.DropBackBookingID
	}
	var out locker.PINOutput
	if err := workflow.ExecuteActivity(options.Store(ctx, "hand a member of staff the door code"), lk.PIN, in).Get(ctx, &out); err != nil {
		return KeyPINResult{}, err
	}
	if r.Assist {
		l.AssistedBy = r.UserID
		w.note(ctx, fmt.Sprintf("assisted pick-up PIN asked by user %d", r.UserID))
	} else {
		l.PickUpRequestedBy = r.UserID
		w.note(ctx, fmt.Sprintf("pick-up PIN asked by user %d", r.UserID))
	}
	return KeyPINResult{PIN: out.PIN, LockerName: l.LockerName}, w.save(ctx)
}

func (w *appointment) validateDropBack(r DropBackRequest) error {
	l := w.st.Locker
	switch {
	case r.UserID <= 0:
		return Rejection(errors.New("user_id: required"))
	case r.LockerSystemID == "":
		return Rejection(errors.New("locker_system_id: required"))
	case w.st.Stage.Final():
		return Rejection(errFinal)
	case l.KeyInside() && l.DroppedBackAt != nil:
		return Rejection(errDroppedBack)
	case l.KeyInside():
		return Rejection(errKeyInside)
	}
	return nil
}

// dropBack books a cell for the key after the repair. Asked again before
// the key is in, it answers the same booking (same Idempotency-Key).
func (w *appointment) dropBack(ctx workflow.Context, r DropBackRequest) (KeyPINResult, error) {
	if err := w.mu.Lock(ctx); err != nil {
		return KeyPINResult{}, err
	}
	defer w.mu.Unlock()
	if err := w.validateDropBack(r); err != nil {
		return KeyPINResult{}, err
	}
	if w.st.Locker == nil {
		// The key was handed in at the desk; it may still go back by locker.
		w.st.Locker = &LockerState{Phase: LockerPickedUp}
	}
	l := w.st.Locker
	if l.Phase != LockerDropBackBooked || l.DropBackSeq == 0 {
		l.DropBackSeq++
	}
	in := locker.BookInput{AppointmentID: w.st.AppointmentID, Purpose: locker.PurposeDropBack, Seq: l.DropBackSeq,
		LockerSystemID: r.LockerSystemID, UserID: r.UserID, EndDate: workflow.Now(ctx).Add(bookingLife).Truncate(time.Second)}
	if l.Phase == LockerDropBackBooked && l.DropBackEnd != nil {
		in.EndDate = *l.DropBackEnd // the same body, so the vendor replays the booking
	}
	var out locker.BookOutput
	if err := workflow.ExecuteActivity(bookingOptions(ctx, "book an ACSES cell for the drop back"), lk.Book, in).Get(ctx, &out); err != nil {
		return KeyPINResult{}, err
	}
	if !out.Booked {
		return KeyPINResult{}, Rejection(errors.New(noBookingOutcome(out.Reason)))
	}
	end := in.EndDate
	l.Phase, l.DropBackBookingID, l.DropBackBy, l.DropBackEnd = LockerDropBackBooked, out.BookingID, r.UserID, &end
	l.LockerSystemID, l.LockerName, l.DroppedBackAt, l.PickedUpBackAt, l.PickUpPINSent = out.LockerSystemID, out.LockerName, nil, nil, false
	l.DropBackAtFromCheckout = false
	w.note(ctx, fmt.Sprintf("drop back booked by user %d", r.UserID))
	w.armLockerExpiry(ctx)
	return KeyPINResult{PIN: out.PIN, LockerName: out.LockerName}, w.save(ctx)
}

// issueRequestedPIN issues the requested PIN and sends it in the background.
func (w *appointment) issueRequestedPIN(ctx workflow.Context, r PINRequestSignal) error {
	in := acts.IssuePINInput{AppointmentID: w.st.AppointmentID, RequestType: r.RequestType, RequestKey: r.RequestKey,
		AgreementIDs: r.AgreementIDs}
	if err := workflow.ExecuteActivity(options.Store(ctx, "issue a key-locker PIN asked for at the locker"), lc.IssueKeyLockerPIN, in).Get(ctx, nil); err != nil {
		return err
	}
	w.sendPIN(ctx)
	w.note(ctx, fmt.Sprintf("key-locker PIN requested at the locker (request type %d) and sent", r.RequestType))
	return w.save(ctx)
}

// versionKeyLockerPickUpPIN guards the pick-up PIN of the dealer's own key
// locker: histories recorded before it replay without it.
const versionKeyLockerPickUpPIN = "key-locker-pick-up-pin"

// keyLockerPickUpPIN issues the customer's pick-up PIN (the communication
// moves to status 4) and sends it in the background, once per communication.
func (w *appointment) keyLockerPickUpPIN(ctx workflow.Context, r KeyLockerDropBackSignal) error {
	if w.getVersion(ctx, versionKeyLockerPickUpPIN, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	in := acts.PickUpPINInput{AppointmentID: w.st.AppointmentID, KeyLockerCommunicationID: r.KeyLockerCommunicationID,
		KeyLockerName: r.KeyLockerName, KeyLockerBoxNumber: r.KeyLockerBoxNumber}
	if err := workflow.ExecuteActivity(options.Store(ctx, "issue the customer's key-locker pick-up PIN"), lc.IssueKeyLockerPickUpPIN, in).Get(ctx, nil); err != nil {
		return err
	}
	send := notify.KeyLockerPickUpPINInput{AppointmentID: w.st.AppointmentID, CommunicationID: w.st.CommunicationID, KeyLockerCommunicationID: r.KeyLockerCommunicationID}
	var out notify.SendOutput
	if err := workflow.ExecuteActivity(options.Store(ctx, "plan the customer's key-locker pick-up PIN message"), nt.SendKeyLockerPickUpPIN, send).Get(ctx, &out); err != nil {
		return err
	}
	w.deliverPlanned(ctx, out, "the key-locker pick-up PIN message")
	w.note(ctx, "key dropped back in the key locker; the customer's pick-up PIN was sent")
	if err := w.armKeyFollowUp(ctx); err != nil {
		return err
	}
	return w.save(ctx)
}
