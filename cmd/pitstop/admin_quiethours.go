package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pitstop-dev/pitstop/api/admin"
)

// adminLocationQuietHoursCmd shows or changes a location's quiet hours, as
// /v1/admin/locations/{id}/quiet-hours does (change log by user 0, the
// command line).
func adminLocationQuietHoursCmd() *cobra.Command {
	c := &cobra.Command{Use: "quiet-hours", Short: "Show or change a location's quiet hours (automated messages held until the opening time)",
		Example: "  pitstop admin location quiet-hours --id 3\n" +
			"  pitstop admin location quiet-hours --id 3 --enabled --quiet-from 21:00 --holiday 2026-12-25 --holiday 2026-12-26\n" +
			"  pitstop admin location quiet-hours --id 3 --no-holidays"}
	fs := c.Flags()
	fs.Bool("enabled", false, "hold automated messages outside the sending window (--enabled=false turns it off)")
	fs.String("quiet-from", "", "HH:MM in the location's time zone from which automated messages wait for the next opening")
	fs.StringArray("holiday", nil, "a closed day, YYYY-MM-DD; repeat per day; replaces the list")
	fs.Bool("no-holidays", false, "empty the holiday list")
	return locationSettingsCmd(c, func(fs *pflag.FlagSet) (locationSave, error) {
		in := admin.QuietHours{Enabled: boolFlag(fs, "enabled"), QuietFrom: strFlag(fs, "quiet-from")}
		if fs.Changed("holiday") || fs.Changed("no-holidays") {
			h, _ := fs.GetStringArray("holiday")
			in.Holidays = &h
		}
		return saveSettings(admin.UpdateQuietHours, in, func(w io.Writer, locID int, out admin.QuietHoursView) {
			holidays := strings.Join(*out.Holidays, ", ")
			if holidays == "" {
				holidays = "none"
			}
			fmt.Fprintf(w, "location %d: quiet hours %s, messages from the opening time until %s (%s), holidays: %s\n",
				locID, onOff(*out.Enabled), *out.QuietFrom, out.TimeZone, holidays)
			if out.NextSendAt != nil {
				fmt.Fprintf(w, "an automated message planned now goes at %s\n", out.NextSendAt.Format("Mon 2006-01-02 15:04 MST"))
			}
		}), nil
	})
}
