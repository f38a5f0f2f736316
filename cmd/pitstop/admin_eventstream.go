package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// adminLocationEventStreamCmd shows or sets a location's signed event
// stream (issue #25), as GET/PUT /v1/admin/locations/{id}/event_stream and
// POST .../event_stream/secret do. A secret is printed only when made.
func adminLocationEventStreamCmd() *cobra.Command {
	c := &cobra.Command{Use: "event-stream", Short: "Show or set a location's signed event stream (endpoint, on/off, secret rotation)",
		Example: "  pitstop admin location event-stream --id 3\n" +
			"  pitstop admin location event-stream --id 3 --url https://dms.example.com/pitstop-events --enable\n" +
			"  pitstop admin location event-stream --id 3 --rotate-secret\n" +
			"  pitstop admin location event-stream --id 3 --disable",
		Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
			fs := cmd.Flags()
			id, err := locationID(fs)
			if err != nil {
				return err
			}
			enable, _ := fs.GetBool("enable")
			disable, _ := fs.GetBool("disable")
			rotate, _ := fs.GetBool("rotate-secret")
			if enable && disable {
				return errors.New("give --enable or --disable, not both")
			}
			var ch dealerevents.Change
			if fs.Changed("url") {
				u, _ := fs.GetString("url")
				ch.URL = &u
			}
			if enable || disable {
				ch.Enabled = &enable
			}
			return withStore(cmd, func(ctx context.Context, db *store.DB) error {
				now := time.Now()
				st, err := dealerevents.Peek(ctx, db.Client, id)
				if err != nil {
					return explain(err)
				}
				var secret string
				if ch.URL != nil || ch.Enabled != nil {
					if st, secret, err = dealerevents.Configure(ctx, db, id, ch); err != nil {
						return explain(err)
					}
				}
				if rotate {
					if st, secret, err = dealerevents.RotateSecret(ctx, db.Client, id, now); err != nil {
						return explain(err)
					}
				}
				out, _ := json.MarshalIndent(dealerevents.ViewOf(st, secret, now), "", "  ")
				fmt.Fprintln(cmd.OutOrStdout(), string(out))
				if secret != "" {
					fmt.Fprintln(cmd.ErrOrStderr(), "the secret is shown this once: give it to the dealer's receiver now")
				}
				return nil
			})
		}}
	fs := c.Flags()
	fs.Int("id", 0, "the location's ID")
	fs.String("url", "", `the dealer's endpoint (https; http only to localhost); "" removes it`)
	fs.Bool("enable", false, "turn delivery on (from the next event)")
	fs.Bool("disable", false, "turn delivery off (events are still recorded and replayable)")
	fs.Bool("rotate-secret", false, "make a new signing secret; the previous one signs too for 24 h")
	return c
}
