package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pitstop-dev/pitstop/internal/feedbacklist"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// adminLocationAftersalesCmd shows or switches a location's car-ready
// message and feedback question, as /v1/admin/locations/{id}/aftersales
// does (change log by user 0, the command line).
func adminLocationAftersalesCmd() *cobra.Command {
	c := &cobra.Command{Use: "aftersales", Short: "Show or switch a location's car-ready message and feedback question",
		Example: "  pitstop admin location aftersales --id 3\n" +
			"  pitstop admin location aftersales --id 3 --car-ready-message=true --feedback-question=true"}
	fs := c.Flags()
	fs.Bool("car-ready-message", false, "send \"your car is ready\" (amount due, opening hours, how to collect the key) with the first repair overview")
	fs.Bool("feedback-question", false, "send one feedback question (score 0-10 and a comment) after the pick-up")
	return locationSettingsCmd(c, func(fs *pflag.FlagSet) (locationSave, error) {
		in := onboard.Aftersales{CarReadyMessageEnabled: boolFlag(fs, "car-ready-message"), FeedbackQuestionEnabled: boolFlag(fs, "feedback-question")}
		return saveSettings(onboard.UpdateAftersales, in, func(w io.Writer, locID int, out onboard.Aftersales) {
			fmt.Fprintf(w, "location %d: car-ready message %s, feedback question %s\n",
				locID, onOff(*out.CarReadyMessageEnabled), onOff(*out.FeedbackQuestionEnabled))
		}), nil
	})
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// adminFeedbackCmd lists or exports a location's feedback of a period, as
// /v1/admin/locations/{id}/feedback[/export] do.
func adminFeedbackCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "feedback", Short: "List or export the customers' feedback of a location and period"}
	mk := func(use, short string, csv bool) *cobra.Command {
		c := &cobra.Command{Use: use, Short: short, Args: cobra.NoArgs,
			Example: "  pitstop admin feedback " + use + " --location 3 --from 2026-11-01 --to 2026-11-30",
			RunE: func(cmd *cobra.Command, _ []string) error {
				fs := cmd.Flags()
				id, _ := fs.GetInt("location")
				from, _ := fs.GetString("from")
				to, _ := fs.GetString("to")
				if id <= 0 {
					return errors.New("--location is required")
				}
				return withStore(cmd, func(ctx context.Context, db *store.DB) error {
					loc, err := db.DealerLocation.Get(ctx, id)
					if err != nil {
						return explain(onboardNotFound(err))
					}
					zone, err := time.LoadLocation(loc.TimeZone)
					if err != nil {
						zone = time.UTC
					}
					p, problems := feedbacklist.ParsePeriod(from, to, zone)
					if len(problems) > 0 {
						return errors.New(strings.Join(problems, "; "))
					}
					rows, err := feedbacklist.List(ctx, db.Client, loc.ID, p)
					if err != nil {
						return err
					}
					if csv {
						return feedbacklist.WriteCSV(cmd.OutOrStdout(), rows, zone)
					}
					enc := json.NewEncoder(cmd.OutOrStdout())
					enc.SetIndent("", "  ")
					return enc.Encode(rows)
				})
			}}
		c.Flags().Int("location", 0, "the location's ID")
		c.Flags().String("from", "", "first day, YYYY-MM-DD in the location's zone")
		c.Flags().String("to", "", "last day (included), YYYY-MM-DD")
		return c
	}
	cmd.AddCommand(mk("list", "List the feedback as JSON", false), mk("export", "Export the feedback as CSV", true))
	return cmd
}
