package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// adminLocationSMSSendersCmd shows or replaces a location's own SMS sender
// pool, as /v1/admin/locations/{id}/sms-senders does (change log by user
// 0, the command line; the numbers of PITSTOP_TWILIO_SENDER_POOL, the
// fallback, are refused as there).
func adminLocationSMSSendersCmd() *cobra.Command {
	c := &cobra.Command{Use: "sms-senders", Short: "Show or replace a location's own SMS sender numbers (two-way messages)",
		Example: "  pitstop admin location sms-senders --id 3\n" +
			"  pitstop admin location sms-senders --id 3 --number +3197010000001 --number +3197010000002\n" +
			"  pitstop admin location sms-senders --id 3 --none",
		Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
			fs := cmd.Flags()
			id, _ := fs.GetInt("id")
			if id <= 0 {
				return errors.New("--id is required")
			}
			nums, _ := fs.GetStringArray("number")
			none, _ := fs.GetBool("none")
			if none && len(nums) > 0 {
				return errors.New("--none and --number exclude each other")
			}
			change := none || len(nums) > 0
			if nums == nil {
				nums = []string{}
			}
			cfg, err := loadConfig()
			if err != nil {
				return err
			}
			return withStore(cmd, func(ctx context.Context, db *store.DB) error {
				loc, err := db.DealerLocation.Get(ctx, id)
				if err != nil {
					return explain(onboardNotFound(err))
				}
				var out onboard.SenderPoolView
				if change {
					out, err = onboard.UpdateSenderPool(ctx, db, loc, 0, time.Now(), onboard.SenderPool{Numbers: nums}, cfg.Twilio.SenderPool)
				} else {
					out, err = onboard.SenderPoolOf(ctx, db.Client, loc.ID)
				}
				if err != nil {
					return explain(err)
				}
				if out.UsesFallback {
					fmt.Fprintf(cmd.OutOrStdout(), "location %d: no SMS sender numbers of its own; it sends from PITSTOP_TWILIO_SENDER_POOL\n", loc.ID)
					return nil
				}
				fmt.Fprintf(cmd.OutOrStdout(), "location %d: SMS sender numbers %s\n", loc.ID, strings.Join(out.Numbers, ", "))
				return nil
			})
		}}
	fs := c.Flags()
	fs.Int("id", 0, "the location's ID")
	fs.StringArray("number", nil, "a sender number in E.164 (+3197010000001); repeat per number, in order; replaces the pool")
	fs.Bool("none", false, "empty the pool: the location sends from PITSTOP_TWILIO_SENDER_POOL again")
	return c
}
