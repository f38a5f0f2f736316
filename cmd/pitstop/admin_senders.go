package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pitstop-dev/pitstop/ent"
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
			"  pitstop admin location sms-senders --id 3 --none"}
	fs := c.Flags()
	fs.StringArray("number", nil, "a sender number in E.164 (+3197010000001); repeat per number, in order; replaces the pool")
	fs.Bool("none", false, "empty the pool: the location sends from PITSTOP_TWILIO_SENDER_POOL again")
	return locationSettingsCmd(c, func(fs *pflag.FlagSet) (locationSave, error) {
		nums, _ := fs.GetStringArray("number")
		none, _ := fs.GetBool("none")
		if none && len(nums) > 0 {
			return nil, errors.New("--none and --number exclude each other")
		}
		change := none || len(nums) > 0
		if nums == nil {
			nums = []string{}
		}
		cfg, err := loadConfig()
		if err != nil {
			return nil, err
		}
		update := func(ctx context.Context, db *store.DB, loc *ent.DealerLocation, userID int, now time.Time, p onboard.SenderPool) (onboard.SenderPoolView, error) {
			if !change {
				return onboard.SenderPoolOf(ctx, db.Client, loc.ID)
			}
			return onboard.UpdateSenderPool(ctx, db, loc, userID, now, p, cfg.Twilio.SenderPool)
		}
		return saveSettings(update, onboard.SenderPool{Numbers: nums}, func(w io.Writer, locID int, out onboard.SenderPoolView) {
			if out.UsesFallback {
				fmt.Fprintf(w, "location %d: no SMS sender numbers of its own; it sends from PITSTOP_TWILIO_SENDER_POOL\n", locID)
				return
			}
			fmt.Fprintf(w, "location %d: SMS sender numbers %s\n", locID, strings.Join(out.Numbers, ", "))
		}), nil
	})
}
