package appointment

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"

	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationsetting"
	"github.com/pitstop-dev/pitstop/ent/task"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/phone"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Reminders and escalations (issue #25): the location's hours, the tasks
// the lifecycle opens for the receptionist, and marking one done.

// FollowUpSettings are a location's reminder hours (0 = off).
type FollowUpSettings struct {
	CheckInReminderHours   int `json:"check_in_reminder_hours"`
	DiagnoseReminderHours  int `json:"diagnose_reminder_hours"`
	EscalationHours        int `json:"escalation_hours"`
	KeyPickupReminderHours int `json:"key_pickup_reminder_hours"`
	// LockerExpiryWarningHours: a task this long before a locker booking
	// ends with the key not where it should end (absent in histories
	// recorded before it: 0, off).
	LockerExpiryWarningHours int `json:"locker_expiry_warning_hours,omitempty"`
}

// LoadFollowUpSettings reads the location's reminder hours as they are now
// (a location without a setting row has the defaults of a new one).
func (a *Activities) LoadFollowUpSettings(ctx context.Context, locationID int) (FollowUpSettings, error) {
	cs, err := a.DB.CommunicationSetting.Query().Where(communicationsetting.DealerLocationID(locationID)).Only(ctx)
	if ent.IsNotFound(err) {
		return FollowUpSettings{CheckInReminderHours: communicationsetting.DefaultCheckInReminderHours,
			DiagnoseReminderHours: communicationsetting.DefaultDiagnoseReminderHours, EscalationHours: communicationsetting.DefaultEscalationHours,
			KeyPickupReminderHours:   communicationsetting.DefaultKeyPickupReminderHours,
			LockerExpiryWarningHours: communicationsetting.DefaultLockerExpiryWarningHours}, nil
	}
	if err != nil {
		return FollowUpSettings{}, err
	}
	return FollowUpSettings{CheckInReminderHours: cs.CheckInReminderHours, DiagnoseReminderHours: cs.DiagnoseReminderHours,
		EscalationHours: cs.EscalationHours, KeyPickupReminderHours: cs.KeyPickupReminderHours,
		LockerExpiryWarningHours: cs.LockerExpiryWarningHours}, nil
}

// OpenTaskInput is a task the lifecycle opens. It carries no personal
// data (it is in workflow history): the text is composed here.
type OpenTaskInput struct {
	AppointmentID int `json:"appointment_id"`
	// An unmatched_reply has no appointment: the location whose own number
	// the customer wrote to, and the stored reply (its text and sender
	// are read here, never carried in history).
	LocationID int    `json:"location_id,omitempty"`
	MessageID  int    `json:"message_id,omitempty"`
	Kind       string `json:"kind"`
	// Hours the customer has not answered (or the key has waited).
	Hours int `json:"hours"`
	// Items awaiting the customer's answer (0: not said).
	Items int `json:"items,omitempty"`
	// Ends is when the locker booking ends (locker_booking_expiring).
	Ends *time.Time `json:"ends,omitempty"`
	// DedupeKey makes the activity idempotent: a retry finds its task.
	DedupeKey string `json:"dedupe_key"`
}

// OpenTask writes the task once (a retry answers the same ID) and, in the
// same transaction, the dealers' task.opened event.
func (a *Activities) OpenTask(ctx context.Context, in OpenTaskInput) (int, error) {
	if t, err := a.DB.Task.Query().Where(task.DedupeKey(in.DedupeKey)).Only(ctx); err == nil {
		return t.ID, nil
	} else if !ent.IsNotFound(err) {
		return 0, err
	}
	if in.Kind == contract.TaskUnmatchedReply {
		return a.openUnmatchedReplyTask(ctx, in)
	}
	var id int
	err := store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		ap, err := tx.Appointment.Query().Where(entappointment.ID(in.AppointmentID)).WithCustomerDriver().WithLocation().Only(ctx)
		if err != nil {
			return store.WrapNotFound(err, "appointment", in.AppointmentID)
		}
		who := "the customer"
		if cu := ap.Edges.CustomerDriver; cu != nil {
			if n := strings.TrimSpace(cu.FirstName + " " + cu.Surname); n != "" {
				who = n
			}
		}
		tz := time.UTC
		if loc := ap.Edges.Location; loc != nil {
			if z, err := time.LoadLocation(loc.TimeZone); err == nil {
				tz = z
			}
		}
		t, err := tx.Task.Create().SetDealerLocationID(ap.DealerLocationID).SetAppointmentID(ap.ID).SetKind(in.Kind).
			SetText(TaskText(who, in, tz)).SetDedupeKey(in.DedupeKey).SetCreatedAt(a.now()).SetUpdatedAt(a.now()).Save(ctx)
		if err != nil {
			return err
		}
		id = t.ID
		_, err = dealerevents.Record(ctx, tx.Client(), dealerevents.Event{LocationID: ap.DealerLocationID, AppointmentID: ap.ID,
			Type: dealerevents.TypeTaskOpened, At: t.CreatedAt, Data: dealerevents.Task{TaskID: t.ID, Kind: t.Kind}})
		return err
	})
	if ent.IsConstraintError(err) { // a concurrent attempt wrote it first
		return a.DB.Task.Query().Where(task.DedupeKey(in.DedupeKey)).OnlyID(ctx)
	}
	return id, err
}

// openUnmatchedReplyTask opens the task of a reply that matched no
// appointment at the location whose own number it was sent to. It names
// the sender's number masked (phone.Mask, as everywhere a number is shown
// outside its appointment: the tail tells a known customer apart) and the
// reply's text, which the receptionist has nowhere else to read. No dealer
// event: the stream is per appointment.
func (a *Activities) openUnmatchedReplyTask(ctx context.Context, in OpenTaskInput) (int, error) {
	if in.LocationID == 0 || in.MessageID == 0 {
		return 0, errors.New("unmatched reply task without location or message")
	}
	m, err := a.DB.AppointmentMessage.Get(ctx, in.MessageID)
	if err != nil {
		return 0, store.WrapNotFound(err, "message", in.MessageID)
	}
	now := a.now()
	t, err := a.DB.Task.Create().SetDealerLocationID(in.LocationID).SetKind(in.Kind).SetText(UnmatchedReplyText(m)).
		SetDedupeKey(in.DedupeKey).SetCreatedAt(now).SetUpdatedAt(now).Save(ctx)
	if ent.IsConstraintError(err) { // a concurrent attempt wrote it first
		return a.DB.Task.Query().Where(task.DedupeKey(in.DedupeKey)).OnlyID(ctx)
	}
	if err != nil {
		return 0, err
	}
	return t.ID, nil
}

// maxQuoted bounds the reply's text quoted in a task.
const maxQuoted = 300

// UnmatchedReplyText is the task of an unmatched reply, e.g. "A reply by
// SMS from +31******999 matched no appointment: find the customer and
// answer in their appointment: “is my car ready?”".
func UnmatchedReplyText(m *ent.AppointmentMessage) string {
	from, by := phone.Mask(m.CustomerAddress), "SMS"
	if m.CommunicationChannelID == enums.CommunicationChannelIDEmail {
		from, by = maskEmail(m.CustomerAddress), "e-mail"
	}
	text := strings.Join(strings.Fields(m.Text), " ")
	if r := []rune(text); len(r) > maxQuoted {
		text = string(r[:maxQuoted]) + "…"
	}
	return fmt.Sprintf("A reply by %s from %s matched no appointment: find the customer and answer in their appointment: “%s”",
		by, from, text)
}

// maskEmail keeps an address's first character and its domain.
func maskEmail(s string) string {
	local, dom, ok := strings.Cut(s, "@")
	if !ok || local == "" {
		return "***"
	}
	r := []rune(local)
	return string(r[0]) + "***@" + dom
}

// TaskText is what the receptionist reads, e.g. "Call Mr de Vries:
// diagnose overview unanswered for 4 h, 2 items to decide". Times are
// shown in tz, the location's zone, with the zone's abbreviation.
func TaskText(who string, in OpenTaskInput, tz *time.Location) string {
	var s string
	switch in.Kind {
	case contract.TaskCheckInUnanswered:
		s = fmt.Sprintf("Call %s: online check-in unanswered for %d h after a reminder", who, in.Hours)
	case contract.TaskDiagnoseUnanswered:
		s = fmt.Sprintf("Call %s: diagnose overview unanswered for %d h after a reminder", who, in.Hours)
	case contract.TaskKeyNotCollected:
		s = fmt.Sprintf("Call %s: key not collected from the locker %d h after the pick-up PIN", who, in.Hours)
	case contract.TaskLockerBookingExpiring:
		ends := "soon"
		if in.Ends != nil {
			if tz == nil {
				tz = time.UTC
			}
			ends = in.Ends.In(tz).Format("2 Jan 2006 15:04 MST")
		}
		s = fmt.Sprintf("Locker booking for %s ends %s: key not yet collected", who, ends)
	case contract.TaskCustomerReply:
		s = fmt.Sprintf("Answer %s: a reply is waiting in the appointment's messages", who)
	default:
		s = fmt.Sprintf("Call %s (%s)", who, in.Kind)
	}
	if in.Items == 1 {
		s += ", 1 item to decide"
	} else if in.Items > 1 {
		s += fmt.Sprintf(", %d items to decide", in.Items)
	}
	return s
}

// MarkTaskDone marks a location's task done by a user, once: a task
// already done answers its first outcome unchanged; another location's
// task (or none) answers Found false.
func (a *Activities) MarkTaskDone(ctx context.Context, in contract.TaskDoneRequest) (contract.TaskDoneResult, error) {
	var out contract.TaskDoneResult
	err := store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		// Only an open task changes (a concurrent "done" waits for this
		// row and then finds it done): the first outcome stays.
		now := a.now()
		n, err := tx.Task.Update().Where(task.ID(in.TaskID), task.DealerLocationID(in.LocationID), task.State(contract.TaskStateOpen)).
			SetState(contract.TaskStateDone).SetDoneAt(now).SetDoneByUserID(in.UserID).Save(ctx)
		if err != nil {
			return err
		}
		t, err := tx.Task.Query().Where(task.ID(in.TaskID), task.DealerLocationID(in.LocationID)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if n == 1 && t.AppointmentID != nil { // the stream is per appointment
			if _, err := dealerevents.Record(ctx, tx.Client(), dealerevents.Event{LocationID: t.DealerLocationID, AppointmentID: *t.AppointmentID,
				Type: dealerevents.TypeTaskDone, At: now, Data: dealerevents.Task{TaskID: t.ID, Kind: t.Kind}}); err != nil {
				return err
			}
		}
		out = contract.TaskDoneResult{Found: true, TaskID: t.ID, State: t.State}
		if t.DoneAt != nil {
			out.DoneAt = t.DoneAt.UTC()
		}
		if t.DoneByUserID != nil {
			out.DoneByUserID = *t.DoneByUserID
		}
		return nil
	})
	return out, err
}
