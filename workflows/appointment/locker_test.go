package appointment

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	acts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/locker"
	"github.com/pitstop-dev/pitstop/activities/notify"
	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
)

// lockerEnv is the lifecycle environment plus the locker activities, mocked
// as a healthy vendor with free cells would answer.
type lockerEnv struct {
	*lifecycleEnv
	books    []locker.BookInput
	cancels  []string
	moves    []locker.MoveInput
	steps    []locker.Step
	records  []locker.RecordInput
	pins     []locker.PINInput
	pinSends []notify.AcsesPINInput
	// book, when set, answers Book instead of the default.
	book func(locker.BookInput) (locker.BookOutput, error)
	// move, when set, answers Move instead of the default.
	move func(locker.MoveInput) (locker.MoveOutput, error)
}

func newLockerEnv(t *testing.T) *lockerEnv {
	e := &lockerEnv{lifecycleEnv: newLifecycleEnv(t, snapshot())}
	e.RegisterActivity(&locker.Activities{})
	reg := func(act, fn any) { e.OnActivity(act, mock.Anything, mock.Anything).Return(fn).Maybe() }
	reg(lk.Book, func(_ context.Context, in locker.BookInput) (locker.BookOutput, error) {
		e.books = append(e.books, in)
		if e.book != nil {
			return e.book(in)
		}
		id, pin := "bkg-drop", "111111"
		if in.Purpose == locker.PurposeDropBack {
			id, pin = "bkg-back", "222222"
		}
		return locker.BookOutput{Booked: true, BookingID: id, LockerSystemID: "demo-locker", LockerName: "Demo locker", Cell: "3", PIN: pin}, nil
	})
	reg(lk.Cancel, func(_ context.Context, in locker.CancelInput) (locker.CancelOutput, error) {
		e.cancels = append(e.cancels, in.BookingID)
		return locker.CancelOutput{Cancelled: true}, nil
	})
	reg(lk.Move, func(_ context.Context, in locker.MoveInput) (locker.MoveOutput, error) {
		e.moves = append(e.moves, in)
		if e.move != nil {
			return e.move(in)
		}
		return locker.MoveOutput{Moved: true}, nil
	})
	reg(lk.Record, func(_ context.Context, in locker.RecordInput) error {
		e.steps = append(e.steps, in.Step)
		e.records = append(e.records, in)
		return nil
	})
	reg(lk.PIN, func(_ context.Context, in locker.PINInput) (locker.PINOutput, error) {
		e.pins = append(e.pins, in)
		if in.Assist {
			return locker.PINOutput{PIN: "222222"}, nil
		}
		return locker.PINOutput{PIN: "111111"}, nil
	})
	reg(nt.SendAcsesPickUpPIN, func(_ context.Context, in notify.AcsesPINInput) (notify.SendOutput, error) {
		e.pinSends = append(e.pinSends, in)
		return notify.SendOutput{EventID: 1, ReceiverIDs: []int{901, 902}}, nil
	})
	return e
}

const checkInAt = 2*24*time.Hour + time.Minute // the check-in goes out 3 days before the appointment

// answerWithLocker answers the check-in choosing the locker and returns
// the outcome, to be checked a minute later.
func (e *lockerEnv) answerWithLocker() *outcome {
	a := goodCheckIn()
	a.DropInAcsesLocker = true
	return e.update(UpdateAnswerCheckIn, a)
}

func key(event, booking string, at time.Time) KeySignal {
	return KeySignal{LockerName: "Demo locker", At: at, EventID: event, BookingID: booking, LockerSystemID: "demo-locker", Cell: "3"}
}

func answerOf(t *testing.T, o *outcome) CheckInAnswerResult {
	t.Helper()
	ok(t, o)
	res, isResult := o.val.(CheckInAnswerResult)
	require.True(t, isResult, "answer: %T", o.val)
	return res
}

func TestLockerWholeJourney(t *testing.T) {
	e := newLockerEnv(t)
	var answer, early, pickup, dropBack, dropBackAgain, assist, lateDropBack *outcome
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	e.at(checkInAt, func() { answer = e.answerWithLocker() })
	e.at(checkInAt+time.Minute, func() {
		res := answerOf(t, answer)
		require.Equal(t, "111111", res.AcsesPIN)
		require.Equal(t, "Demo locker", res.AcsesLockerName)
		st := e.state(t)
		require.Equal(t, StageAwaitingKeyDrop, st.Stage)
		require.Equal(t, LockerBooked, st.Locker.Phase)
		require.Equal(t, "bkg-drop", st.Locker.DropBookingID)
		early = e.update(UpdateKeyPIN, KeyPINRequest{UserID: 9})
	})
	e.at(checkInAt+2*time.Minute, func() {
		require.Len(t, rejected(t, early), 1, "no pick-up PIN before the key is in")
		// The dropoff arrives twice (a redelivery).
		e.SignalWorkflow(SignalKeyDropped, key("evt-1", "bkg-drop", at(checkInAt+2*time.Minute)))
		e.SignalWorkflow(SignalKeyDropped, key("evt-1", "bkg-drop", at(checkInAt+2*time.Minute)))
	})
	e.at(checkInAt+3*time.Minute, func() {
		st := e.state(t)
		require.Equal(t, StageInWorkshop, st.Stage)
		require.Equal(t, LockerDropped, st.Locker.Phase)
		require.NotNil(t, st.Locker.DroppedAt)
		pickup = e.update(UpdateKeyPIN, KeyPINRequest{UserID: 9})
	})
	e.at(checkInAt+4*time.Minute, func() {
		ok(t, pickup)
		require.Equal(t, 9, e.state(t).Locker.PickUpRequestedBy)
		e.SignalWorkflow(SignalKeyPickedUpByMechanic, key("evt-2", "bkg-drop", at(checkInAt+4*time.Minute)))
	})
	e.at(checkInAt+5*time.Minute, func() {
		st := e.state(t)
		require.Equal(t, LockerPickedUp, st.Locker.Phase)
		require.Equal(t, 9, st.Locker.PickedUpBy)
		dropBack = e.update(UpdateKeyDropBack, DropBackRequest{UserID: 4, LockerSystemID: "demo-locker"})
	})
	e.at(checkInAt+6*time.Minute, func() {
		ok(t, dropBack)
		require.Equal(t, LockerDropBackBooked, e.state(t).Locker.Phase)
		dropBackAgain = e.update(UpdateKeyDropBack, DropBackRequest{UserID: 4, LockerSystemID: "demo-locker"})
	})
	e.at(checkInAt+7*time.Minute, func() {
		ok(t, dropBackAgain)
		require.Equal(t, e.books[1], e.books[2], "asked twice, the same booking request (the vendor replays it)")
		e.SignalWorkflow(SignalKeyDroppedBack, key("evt-3", "bkg-back", at(checkInAt+7*time.Minute)))
	})
	e.at(checkInAt+8*time.Minute, func() {
		st := e.state(t)
		require.Equal(t, LockerDroppedBack, st.Locker.Phase)
		require.True(t, st.Locker.PickUpPINSent)
		require.Len(t, e.pinSends, 1)
		lateDropBack = e.update(UpdateKeyDropBack, DropBackRequest{UserID: 4, LockerSystemID: "demo-locker"})
		assist = e.update(UpdateKeyPIN, KeyPINRequest{UserID: 5, Assist: true})
	})
	e.at(checkInAt+9*time.Minute, func() {
		require.Equal(t, []string{errDroppedBack.Error()}, rejected(t, lateDropBack))
		ok(t, assist)
		require.Equal(t, 5, e.state(t).Locker.AssistedBy)
		e.SignalWorkflow(SignalKeyPickedUp, key("evt-4", "bkg-back", at(checkInAt+9*time.Minute)))
	})

	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.True(t, e.IsWorkflowCompleted())
	require.NoError(t, e.GetWorkflowError())
	var st AppointmentState
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, StageCompleted, st.Stage)
	require.Equal(t, LockerPickedUpBack, st.Locker.Phase)
	require.Equal(t, []locker.Step{locker.StepDropped, locker.StepPickedUp, locker.StepDroppedBack, locker.StepPickedUpBack}, e.steps,
		"each step recorded once, in order")
	require.Equal(t, []string{"evt-1", "evt-2", "evt-3", "evt-4"}, st.Locker.Events)
	require.Equal(t, locker.BookInput{AppointmentID: 7, Purpose: locker.PurposeDrop, Seq: 1, EndDate: snapshot().AppointmentAt.Add(bookingLife)}, e.books[0])
	require.Equal(t, []locker.PINInput{{AppointmentID: 7, BookingID: "bkg-drop", UserID: 9},
		{AppointmentID: 7, BookingID: "bkg-back", UserID: 5, Assist: true}}, e.pins)
	require.Subset(t, e.deliv, []int{901, 902}, "the pick-up PIN is delivered")
	require.Empty(t, e.cancels)
}

func TestLockerCheckoutBeforeDropoff(t *testing.T) {
	e := newLockerEnv(t)
	var answer *outcome
	e.at(checkInAt, func() { answer = e.answerWithLocker() })
	e.at(checkInAt+time.Minute, func() {
		answerOf(t, answer)
		// The mechanic's checkout arrives before the customer's dropoff.
		e.SignalWorkflow(SignalKeyPickedUpByMechanic, key("evt-2", "bkg-drop", t0.Add(checkInAt+2*time.Minute)))
	})
	e.at(checkInAt+2*time.Minute, func() {
		e.SignalWorkflow(SignalKeyDropped, key("evt-1", "bkg-drop", t0.Add(checkInAt+time.Minute)))
	})
	e.at(checkInAt+3*time.Minute, func() {
		st := e.state(t)
		require.Equal(t, StageInWorkshop, st.Stage)
		require.Equal(t, LockerPickedUp, st.Locker.Phase)
		require.Equal(t, []locker.Step{locker.StepDropped, locker.StepPickedUp, locker.StepDropped}, e.steps,
			"the dropoff is implied once; its own time is recorded when it arrives")
		e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "test done"})
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
}

func TestLockerNoFreeCell(t *testing.T) {
	for name, tc := range map[string]struct {
		book    func(locker.BookInput) (locker.BookOutput, error)
		outcome string
	}{
		"no free cell": {func(locker.BookInput) (locker.BookOutput, error) {
			return locker.BookOutput{Reason: locker.ReasonNoFreeCell, LockerSystemID: "demo-locker"}, nil
		}, "no free cell in the locker: hand the key in at the desk"},
		"vendor down": {func(locker.BookInput) (locker.BookOutput, error) {
			return locker.BookOutput{}, errors.New("acses: vendor unavailable")
		}, "the locker vendor did not answer: hand the key in at the desk"},
	} {
		t.Run(name, func(t *testing.T) {
			e := newLockerEnv(t)
			e.book = tc.book
			var answer *outcome
			e.at(checkInAt, func() { answer = e.answerWithLocker() })
			e.at(checkInAt+time.Minute, func() {
				res := answerOf(t, answer)
				require.Empty(t, res.AcsesPIN)
				st := e.state(t)
				require.Equal(t, StageInWorkshop, st.Stage, "never waits for a key that has no cell")
				require.Equal(t, LockerNoCell, st.Locker.Phase)
				require.Equal(t, tc.outcome, st.Locker.Outcome)
				e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "test done"})
			})
			e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
			require.NoError(t, e.GetWorkflowError())
			require.Empty(t, e.cancels)
		})
	}
}

func TestLockerKeyNeverDropped(t *testing.T) {
	e := newLockerEnv(t)
	var answer *outcome
	e.at(checkInAt, func() { answer = e.answerWithLocker() })
	e.at(checkInAt+time.Minute, func() { answerOf(t, answer) })
	due := 5*24*time.Hour + keyDropGrace
	e.at(due+time.Minute, func() {
		st := e.state(t)
		require.Equal(t, StageInWorkshop, st.Stage)
		require.Equal(t, LockerAbandoned, st.Locker.Phase)
		require.Contains(t, st.Locker.Outcome, "key not dropped by the appointment time")
		require.True(t, st.KeyDropMissed)
		require.Equal(t, []string{"bkg-drop"}, e.cancels)
		e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "test done"})
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Equal(t, []string{"bkg-drop"}, e.cancels, "cancelling later frees nothing twice")
}

func TestLockerRescheduleMovesAndCancelFreesTheCell(t *testing.T) {
	e := newLockerEnv(t)
	var answer *outcome
	later := t0.Add(8 * 24 * time.Hour)
	e.at(checkInAt, func() { answer = e.answerWithLocker() })
	e.at(checkInAt+time.Minute, func() {
		answerOf(t, answer)
		e.SignalWorkflow(SignalRescheduled, RescheduledSignal{AppointmentAt: later})
	})
	e.at(checkInAt+2*time.Minute, func() {
		require.Equal(t, []locker.MoveInput{{BookingID: "bkg-drop", EndDate: later.Add(bookingLife)}}, e.moves)
		e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "customer cancelled"})
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	var st AppointmentState
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, StageCancelled, st.Stage)
	require.Equal(t, []string{"bkg-drop"}, e.cancels)
	require.Equal(t, LockerAbandoned, st.Locker.Phase)
}

func TestLockerCancelWithKeyInside(t *testing.T) {
	e := newLockerEnv(t)
	var answer, pickup *outcome
	e.at(checkInAt, func() { answer = e.answerWithLocker() })
	e.at(checkInAt+time.Minute, func() {
		answerOf(t, answer)
		e.SignalWorkflow(SignalKeyDropped, key("evt-1", "bkg-drop", t0.Add(checkInAt+time.Minute)))
	})
	e.at(checkInAt+2*time.Minute, func() { e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "customer cancelled"}) })
	e.at(checkInAt+3*time.Minute, func() {
		st := e.state(t)
		require.Equal(t, StageCancelled, st.Stage)
		require.Contains(t, st.Locker.Outcome, "with the key in the locker")
		require.Empty(t, e.cancels, "a booking with the key inside is not cancelled")
		pickup = e.update(UpdateKeyPIN, KeyPINRequest{UserID: 9})
	})
	e.at(checkInAt+4*time.Minute, func() {
		ok(t, pickup)
		e.SignalWorkflow(SignalKeyPickedUpByMechanic, key("evt-2", "bkg-drop", t0.Add(checkInAt+4*time.Minute)))
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.True(t, e.IsWorkflowCompleted(), "the lifecycle ends once the key is out")
	require.NoError(t, e.GetWorkflowError())
	var st AppointmentState
	require.NoError(t, e.GetWorkflowResult(&st))
	require.Equal(t, StageCancelled, st.Stage)
	require.Equal(t, LockerPickedUp, st.Locker.Phase)
}

func TestLockerBookingExpiresBeforeDrop(t *testing.T) {
	e := newLockerEnv(t)
	var answer *outcome
	e.at(checkInAt, func() { answer = e.answerWithLocker() })
	e.at(checkInAt+time.Minute, func() {
		answerOf(t, answer)
		e.SignalWorkflow(SignalLockerBookingExpired, key("evt-9", "bkg-drop", t0.Add(checkInAt+time.Minute)))
	})
	e.at(checkInAt+2*time.Minute, func() {
		st := e.state(t)
		require.Equal(t, StageInWorkshop, st.Stage)
		require.Equal(t, LockerAbandoned, st.Locker.Phase)
		require.Contains(t, st.Locker.Outcome, "expired before the key was dropped")
		e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "test done"})
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Empty(t, e.cancels, "an expired booking is not cancelled")
}

// A reschedule with the key already in the drop cell extends the drop
// booking (the vendor would otherwise expire it with the key inside at the
// old end); a vendor that refuses is an outcome for the staff.
func TestLockerRescheduleExtendsBookingWithKeyInside(t *testing.T) {
	for _, refused := range []bool{false, true} {
		t.Run(map[bool]string{false: "moved", true: "refused"}[refused], func(t *testing.T) {
			e := newLockerEnv(t)
			if refused {
				e.move = func(locker.MoveInput) (locker.MoveOutput, error) {
					return locker.MoveOutput{Reason: "booking is EXPIRED"}, nil
				}
			}
			var answer *outcome
			later := t0.Add(20 * 24 * time.Hour)
			earlier := t0.Add(3 * 24 * time.Hour)
			e.at(checkInAt, func() { answer = e.answerWithLocker() })
			e.at(checkInAt+time.Minute, func() {
				answerOf(t, answer)
				st := e.state(t)
				require.Equal(t, t0.Add(5*24*time.Hour+bookingLife), *st.Locker.DropEnd)
				e.SignalWorkflow(SignalKeyDropped, key("evt-1", "bkg-drop", t0.Add(checkInAt+time.Minute)))
			})
			e.at(checkInAt+2*time.Minute, func() {
				require.Equal(t, LockerDropped, e.state(t).Locker.Phase)
				e.SignalWorkflow(SignalRescheduled, RescheduledSignal{AppointmentAt: later})
			})
			e.at(checkInAt+3*time.Minute, func() {
				st := e.state(t)
				require.Equal(t, []locker.MoveInput{{BookingID: "bkg-drop", EndDate: later.Add(bookingLife)}}, e.moves)
				if refused {
					require.Equal(t, t0.Add(5*24*time.Hour+bookingLife), *st.Locker.DropEnd, "the vendor kept the old end")
					require.Contains(t, st.Locker.Outcome, "could not be extended")
				} else {
					require.Equal(t, later.Add(bookingLife), *st.Locker.DropEnd)
					require.Contains(t, st.History[len(st.History)-2].Note, "drop booking with the key inside extended")
				}
				// Moving the appointment earlier never shortens a booking with the key inside.
				e.SignalWorkflow(SignalRescheduled, RescheduledSignal{AppointmentAt: earlier})
			})
			e.at(checkInAt+4*time.Minute, func() {
				require.Len(t, e.moves, 1)
				e.SignalWorkflow(SignalKeyPickedUpByMechanic, key("evt-2", "bkg-drop", t0.Add(checkInAt+4*time.Minute)))
				e.SignalWorkflow(SignalCompleted, nil)
			})
			e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
			require.NoError(t, e.GetWorkflowError())
		})
	}
}

// The dealer's own key locker reports the key dropped back after the
// repair: the customer's pick-up PIN is issued for that key-locker
// communication and its message planned and delivered; the state notes it.
func TestKeyLockerDroppedBackIssuesPickUpPIN(t *testing.T) {
	e := newLifecycleEnv(t, snapshot())
	var issued []acts.PickUpPINInput
	var planned []notify.KeyLockerPickUpPINInput
	e.OnActivity(lc.IssueKeyLockerPickUpPIN, mock.Anything, mock.Anything).Return(func(_ context.Context, in acts.PickUpPINInput) error {
		issued = append(issued, in)
		return nil
	})
	e.OnActivity(nt.SendKeyLockerPickUpPIN, mock.Anything, mock.Anything).Return(func(_ context.Context, in notify.KeyLockerPickUpPINInput) (notify.SendOutput, error) {
		planned = append(planned, in)
		return notify.SendOutput{EventID: 3, ReceiverIDs: []int{501, 502}}, nil
	})
	var answer *outcome
	e.at(checkInAt, func() { answer = e.update(UpdateAnswerCheckIn, goodCheckIn()) })
	e.at(checkInAt+time.Minute, func() {
		ok(t, answer)
		require.Equal(t, StageInWorkshop, e.state(t).Stage)
		require.Empty(t, issued)
		e.SignalWorkflow(SignalKeyLockerDroppedBack, KeyLockerDropBackSignal{KeyLockerCommunicationID: 55, KeyLockerName: "Front desk locker", KeyLockerBoxNumber: 4})
	})
	e.at(checkInAt+2*time.Minute, func() {
		require.Equal(t, []acts.PickUpPINInput{{AppointmentID: 7, KeyLockerCommunicationID: 55, KeyLockerName: "Front desk locker", KeyLockerBoxNumber: 4}}, issued)
		require.Equal(t, []notify.KeyLockerPickUpPINInput{{AppointmentID: 7, CommunicationID: 70, KeyLockerCommunicationID: 55}}, planned)
		require.Subset(t, e.deliv, []int{501, 502}, "the PIN message is delivered")
		require.Contains(t, e.delivTogether, []int{501, 502}, "by one activity for the send (versionDeliverTogether)")
		st := e.state(t)
		require.Equal(t, StageInWorkshop, st.Stage, "the drop back alone does not end the lifecycle")
		require.Contains(t, st.History[len(st.History)-1].Note, "pick-up PIN was sent")
		e.SignalWorkflow(SignalCompleted, nil)
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
	require.Len(t, issued, 1)
}

// The customer chose the dealer's own key locker at the check-in (no ACSES
// at the location) and no drop is reported by the appointment time: the
// lifecycle moves on to the workshop and the state says the key is missing.
func TestKeyLockerKeyNeverDropped(t *testing.T) {
	for _, dropped := range []bool{false, true} {
		t.Run(map[bool]string{false: "missed", true: "dropped"}[dropped], func(t *testing.T) {
			e := newLockerEnv(t)
			e.checkInResult = CheckInAnswerResult{KeyLockerPIN: "654321"}
			e.book = func(locker.BookInput) (locker.BookOutput, error) {
				return locker.BookOutput{Reason: locker.ReasonNoLocker}, nil
			}
			e.OnActivity(nt.SendKeyLockerPIN, mock.Anything, mock.Anything).Return(notify.SendOutput{EventID: 2, ReceiverIDs: []int{301}}, nil).Maybe()
			var answer *outcome
			e.at(checkInAt, func() { answer = e.answerWithLocker() })
			e.at(checkInAt+time.Minute, func() {
				res := answerOf(t, answer)
				require.Equal(t, "654321", res.KeyLockerPIN)
				st := e.state(t)
				require.Equal(t, StageAwaitingKeyDrop, st.Stage)
				require.False(t, st.KeyDropMissed)
				if dropped { // the key locker's device reports the drop
					e.SignalWorkflow(SignalKeyDropped, KeySignal{LockerName: "Front desk locker", At: t0.Add(checkInAt + time.Minute)})
				}
			})
			e.at(5*24*time.Hour+keyDropGrace+time.Minute, func() {
				st := e.state(t)
				require.Equal(t, StageInWorkshop, st.Stage, "never stuck waiting for the key")
				require.Equal(t, !dropped, st.KeyDropMissed)
				if dropped {
					require.NotContains(t, st.Locker.Outcome, "key not dropped")
				} else {
					require.Equal(t, keyLockerDropMissed, st.Locker.Outcome)
					require.Contains(t, st.History[len(st.History)-1].Note, "no key drop reported by the appointment time")
				}
				e.SignalWorkflow(SignalCompleted, nil)
			})
			e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
			require.NoError(t, e.GetWorkflowError())
		})
	}
}

// A checkout that arrives before its dropoff stands in for the drop time
// until the dropoff arrives; then the dropoff's own time and cell are
// applied (recorded with Replace), once, and a redelivery changes nothing.
func TestLockerDropoffAfterCheckoutKeepsItsOwnTime(t *testing.T) {
	e := newLockerEnv(t)
	dropAt, checkoutAt := t0.Add(checkInAt+time.Minute), t0.Add(checkInAt+90*time.Second)
	var answer *outcome
	e.at(checkInAt, func() { answer = e.answerWithLocker() })
	e.at(checkInAt+time.Minute, func() {
		answerOf(t, answer)
		out := key("evt-2", "bkg-drop", checkoutAt)
		out.Cell = "3"
		e.SignalWorkflow(SignalKeyPickedUpByMechanic, out)
	})
	e.at(checkInAt+2*time.Minute, func() {
		st := e.state(t)
		require.True(t, st.Locker.DroppedAt.Equal(checkoutAt), "until the dropoff comes, the checkout's time stands in")
		require.True(t, st.Locker.DropAtFromCheckout)
		in := key("evt-1", "bkg-drop", dropAt)
		in.Cell = "5"
		e.SignalWorkflow(SignalKeyDropped, in)
		e.SignalWorkflow(SignalKeyDropped, in) // a redelivery
	})
	e.at(checkInAt+3*time.Minute, func() {
		st := e.state(t)
		require.True(t, st.Locker.DroppedAt.Equal(dropAt), "the dropoff's own time: %v", st.Locker.DroppedAt)
		require.Equal(t, "5", st.Locker.DropCell)
		require.False(t, st.Locker.DropAtFromCheckout)
		require.True(t, st.Locker.PickedUpAt.Equal(checkoutAt))
		require.Equal(t, LockerPickedUp, st.Locker.Phase)
		require.Len(t, e.records, 3, "%+v", e.records)
		require.Equal(t, locker.RecordInput{AppointmentID: 7, Step: locker.StepDropped, BookingID: "bkg-drop", Cell: "5", At: dropAt, Replace: true}, e.records[2])
		e.SignalWorkflow(SignalCancelled, CancelledSignal{Reason: "test done"})
	})
	e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
	require.NoError(t, e.GetWorkflowError())
}

// A key dropped back for the customer and not collected: one task for the
// receptionist locker_expiry_warning_hours before the drop-back booking
// ends. Collected first: none.
func TestLockerBookingExpiringOpensATask(t *testing.T) {
	for _, collected := range []bool{false, true} {
		t.Run(fmt.Sprintf("collected=%v", collected), func(t *testing.T) {
			e := newLockerEnv(t)
			e.followUp = acts.FollowUpSettings{LockerExpiryWarningHours: 24}
			var answer, dropBack *outcome
			at := func(d time.Duration) time.Time { return t0.Add(d) }
			e.at(checkInAt, func() { answer = e.answerWithLocker() })
			e.at(checkInAt+time.Minute, func() {
				answerOf(t, answer)
				require.Equal(t, 24, e.state(t).Locker.ExpiryWarningHours, "loaded when the drop booking is made")
				e.SignalWorkflow(SignalKeyDropped, key("evt-1", "bkg-drop", at(checkInAt+time.Minute)))
				e.SignalWorkflow(SignalKeyPickedUpByMechanic, key("evt-2", "bkg-drop", at(checkInAt+time.Minute)))
			})
			e.at(checkInAt+2*time.Minute, func() {
				dropBack = e.update(UpdateKeyDropBack, DropBackRequest{UserID: 4, LockerSystemID: "demo-locker"})
			})
			e.at(checkInAt+3*time.Minute, func() {
				ok(t, dropBack)
				e.SignalWorkflow(SignalKeyDroppedBack, key("evt-3", "bkg-back", at(checkInAt+3*time.Minute)))
			})
			end := at(checkInAt + 2*time.Minute).Add(bookingLife).Truncate(time.Second)
			due := end.Add(-24 * time.Hour).Sub(t0)
			if collected {
				e.at(checkInAt+time.Hour, func() { e.SignalWorkflow(SignalKeyPickedUp, key("evt-4", "bkg-back", at(checkInAt+time.Hour))) })
			} else {
				e.at(due-time.Minute, func() {
					require.Empty(t, e.tasks, "no task before 24 h ahead of the end")
					require.Equal(t, LockerDroppedBack, e.state(t).Locker.Phase)
				})
				e.at(due+time.Minute, func() {
					require.Equal(t, []acts.OpenTaskInput{{AppointmentID: 7, Kind: contract.TaskLockerBookingExpiring, Hours: 24, Ends: &end,
						DedupeKey: e.tasks[0].DedupeKey}}, e.tasks)
					require.Contains(t, e.tasks[0].DedupeKey, "bkg-back@")
					require.Equal(t, 501, e.state(t).Locker.ExpiryTaskID)
				})
				e.at(due+2*time.Hour, func() { e.SignalWorkflow(SignalKeyPickedUp, key("evt-4", "bkg-back", at(due+2*time.Hour))) })
			}
			e.ExecuteWorkflow(AppointmentWorkflow, AppointmentInput{AppointmentID: 7})
			require.True(t, e.IsWorkflowCompleted())
			require.NoError(t, e.GetWorkflowError())
			if collected {
				require.Empty(t, e.tasks, "collected before the warning: no task")
			} else {
				require.Len(t, e.tasks, 1, "one task per booking end")
			}
		})
	}
}
