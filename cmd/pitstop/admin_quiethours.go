package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pitstop-dev/pitstop/api/admin"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// adminLocationQuietHoursCmd shows or changes a location's quiet hours, as
// /v1/admin/locations/{id}/quiet-hours does (change log by user 0, the
// command line).
func adminLocationQuietHoursCmd() *cobra.Command {
	c := &cobra.Command{Use: "quiet-hours", Short: "Show or change a location's quiet hours (automated messages held until the opening time)",
		Example: "  pitstop admin location quiet-hours --id 3\n" +
			"  pitstop admin location quiet-hours --id 3 --enabled --quiet-from 21:00 --holiday 2026-12-25 --holiday 2026-12-26\n" +
			"  pitstop admin location quiet-hours --id 3 --no-holidays",
		Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
			fs := cmd.Flags()
			id, _ := fs.GetInt("id")
			if id <= 0 {
				return errors.New("--id is required")
			}
			in := admin.QuietHours{Enabled: boolFlag(fs, "enabled"), QuietFrom: strFlag(fs, "quiet-from")}
			if fs.Changed("holiday") || fs.Changed("no-holidays") {
				h, _ := fs.GetStringArray("holiday")
				in.Holidays = &h
			}
			return withStore(cmd, func(ctx context.Context, db *store.DB) error {
				loc, err := db.DealerLocation.Get(ctx, id)
				if err != nil {
					return explain(onboardNotFound(err))
				}
				out, err := admin.UpdateQuietHours(ctx, db, loc, 0, time.Now(), in)
				if err != nil {
					return explain(err)
				}
				state := "off"
				if *out.Enabled {
					state = "on"
				}
				holidays := strings.Join(*out.Holidays, ", ")
				if holidays == "" {
					holidays = "none"
				}
				fmt.Fprintf(cmd.OutOrStdout(), "location %d: quiet hours %s, messages from the opening time until %s (%s), holidays: %s\n",
					loc.ID, state, *out.QuietFrom, out.TimeZone, holidays)
				if out.NextSendAt != nil {
					fmt.Fprintf(cmd.OutOrStdout(), "an automated message planned now goes at %s\n", out.NextSendAt.Format("Mon 2006-01-02 15:04 MST"))
				}
				return nil
			})
		}}
	fs := c.Flags()
	fs.Int("id", 0, "the location's ID")
	fs.Bool("enabled", false, "hold automated messages outside the sending window (--enabled=false turns it off)")
	fs.String("quiet-from", "", "HH:MM in the location's time zone from which automated messages wait for the next opening")
	fs.StringArray("holiday", nil, "a closed day, YYYY-MM-DD; repeat per day; replaces the list")
	fs.Bool("no-holidays", false, "empty the holiday list")
	return c
}
