package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// adminLocationRemindersCmd shows or changes a location's reminders and
// escalations, as /v1/admin/locations/{id}/reminders does (change log by
// user 0, the command line).
func adminLocationRemindersCmd() *cobra.Command {
	c := &cobra.Command{Use: "reminders", Short: "Show or change a location's reminders and escalations (hours, 0 = off)",
		Example: "  pitstop admin location reminders --id 3\n" +
			"  pitstop admin location reminders --id 3 --diagnose-reminder-hours 4 --escalation-hours 4 --key-pickup-reminder-hours 0"}
	fs := c.Flags()
	max := fmt.Sprintf(" (0 = off, at most %d)", onboard.ReminderHoursMax)
	fs.Int("check-in-reminder-hours", 0, "remind a customer this many hours after an unanswered online check-in"+max)
	fs.Int("diagnose-reminder-hours", 0, "remind a customer this many hours after an unanswered diagnose overview"+max)
	fs.Int("escalation-hours", 0, "open a task for the receptionist this many hours after the reminder"+max)
	fs.Int("key-pickup-reminder-hours", 0, "remind a customer whose key waits in a locker this many hours after the pick-up PIN"+max)
	fs.Int("locker-expiry-warning-hours", 0, "open a task for the receptionist this many hours before a locker booking ends with the key not collected"+max)
	return locationSettingsCmd(c, func(fs *pflag.FlagSet) (locationSave, error) {
		in := onboard.Reminders{CheckInReminderHours: intFlag(fs, "check-in-reminder-hours"),
			DiagnoseReminderHours: intFlag(fs, "diagnose-reminder-hours"), EscalationHours: intFlag(fs, "escalation-hours"),
			KeyPickupReminderHours:   intFlag(fs, "key-pickup-reminder-hours"),
			LockerExpiryWarningHours: intFlag(fs, "locker-expiry-warning-hours")}
		return saveSettings(onboard.UpdateReminders, in, func(w io.Writer, locID int, out onboard.Reminders) {
			fmt.Fprintf(w, "location %d: check-in reminder %d h, diagnose reminder %d h, escalation %d h, key pick-up reminder %d h, locker expiry warning %d h\n",
				locID, *out.CheckInReminderHours, *out.DiagnoseReminderHours, *out.EscalationHours, *out.KeyPickupReminderHours, *out.LockerExpiryWarningHours)
		}), nil
	})
}
