package onboard

import (
	"context"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// A location's reminders and escalations (issue #25): how many hours the
// lifecycle waits for a customer's answer before reminding them, how many
// more before it opens a task for the receptionist, and how long a key may
// wait in a locker. Stored on the location's CommunicationSetting, so every
// change lands in the same change log as the other settings.

// ReminderHoursMax bounds every reminder setting: two weeks. A lifecycle
// closes an unanswered check-in at the appointment and ends 30 days after
// the repair overview, so a longer wait would never fire; a typo (an extra
// zero) is refused rather than silently never reminding.
const ReminderHoursMax = 336

// Reminders are the five settings, in hours; 0 turns one off. On an update,
// nil keeps the current value.
type Reminders struct {
	CheckInReminderHours   *int `json:"check_in_reminder_hours"`
	DiagnoseReminderHours  *int `json:"diagnose_reminder_hours"`
	EscalationHours        *int `json:"escalation_hours"`
	KeyPickupReminderHours *int `json:"key_pickup_reminder_hours"`
	// LockerExpiryWarningHours: a task this long before a locker booking
	// ends with the key still to be dropped, taken out or collected.
	LockerExpiryWarningHours *int `json:"locker_expiry_warning_hours"`
}

// Check validates the values given.
func (r *Reminders) Check() error {
	var p problems
	p.rangeInt("check_in_reminder_hours", r.CheckInReminderHours, 0, ReminderHoursMax)
	p.rangeInt("diagnose_reminder_hours", r.DiagnoseReminderHours, 0, ReminderHoursMax)
	p.rangeInt("escalation_hours", r.EscalationHours, 0, ReminderHoursMax)
	p.rangeInt("key_pickup_reminder_hours", r.KeyPickupReminderHours, 0, ReminderHoursMax)
	p.rangeInt("locker_expiry_warning_hours", r.LockerExpiryWarningHours, 0, ReminderHoursMax)
	return invalidOf(p)
}

// RemindersOf reads the five settings of a setting row.
func RemindersOf(cs *ent.CommunicationSetting) Reminders {
	return Reminders{CheckInReminderHours: &cs.CheckInReminderHours, DiagnoseReminderHours: &cs.DiagnoseReminderHours,
		EscalationHours: &cs.EscalationHours, KeyPickupReminderHours: &cs.KeyPickupReminderHours,
		LockerExpiryWarningHours: &cs.LockerExpiryWarningHours}
}

// UpdateReminders validates and stores the values given, one history line
// per changed value, by userID (0: the command line) at now.
func UpdateReminders(ctx context.Context, db *store.DB, loc *ent.DealerLocation, userID int, now time.Time, r Reminders) (Reminders, error) {
	if err := r.Check(); err != nil {
		return Reminders{}, err
	}
	var fields []SettingField
	for _, f := range []struct {
		name string
		v    *int
	}{{"check_in_reminder_hours", r.CheckInReminderHours}, {"diagnose_reminder_hours", r.DiagnoseReminderHours},
		{"escalation_hours", r.EscalationHours}, {"key_pickup_reminder_hours", r.KeyPickupReminderHours},
		{"locker_expiry_warning_hours", r.LockerExpiryWarningHours}} {
		if f.v != nil {
			fields = append(fields, SettingField{Name: f.name, Value: *f.v})
		}
	}
	cs, err := UpdateSettings(ctx, db, loc, userID, now, fields)
	if err != nil {
		return Reminders{}, err
	}
	return RemindersOf(cs), nil
}
