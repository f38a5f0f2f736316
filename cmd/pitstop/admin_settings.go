package main

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// locationID is the --id flag of the location commands, required.
func locationID(fs *pflag.FlagSet) (int, error) {
	id, _ := fs.GetInt("id")
	if id <= 0 {
		return 0, errors.New("--id is required")
	}
	return id, nil
}

// locationSave stores what a settings command's flags set on loc and
// prints the location's settings to w.
type locationSave func(ctx context.Context, db *store.DB, loc *ent.DealerLocation, w io.Writer) error

// locationSettingsCmd completes c (its Use, Short, Example and own flags
// set) as a command that shows or changes one location's settings, as the
// matching /v1/admin/locations/{id}/... does: --id is required, read takes
// the command's flags before the database is opened (it may refuse them),
// the location is read ("not found" when it is not there), and the save
// read returned stores and prints.
func locationSettingsCmd(c *cobra.Command, read func(fs *pflag.FlagSet) (locationSave, error)) *cobra.Command {
	c.Args = cobra.NoArgs
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		fs := cmd.Flags()
		id, err := locationID(fs)
		if err != nil {
			return err
		}
		save, err := read(fs)
		if err != nil {
			return err
		}
		return withStore(cmd, func(ctx context.Context, db *store.DB) error {
			loc, err := db.DealerLocation.Get(ctx, id)
			if err != nil {
				return explain(onboardNotFound(err))
			}
			return save(ctx, db, loc, cmd.OutOrStdout())
		})
	}
	c.Flags().Int("id", 0, "the location's ID")
	return c
}

// saveSettings is the save of a settings command whose update (an
// internal/onboard one: nil fields keep their values, one change-log line
// per changed value) takes in and returns the stored settings: the change
// is by user 0 (the command line) now, refusals as explain words them,
// and print writes the settings of location locID.
func saveSettings[In, Out any](update func(ctx context.Context, db *store.DB, loc *ent.DealerLocation, userID int, now time.Time, in In) (Out, error),
	in In, print func(w io.Writer, locID int, out Out)) locationSave {
	return func(ctx context.Context, db *store.DB, loc *ent.DealerLocation, w io.Writer) error {
		out, err := update(ctx, db, loc, 0, time.Now(), in)
		if err != nil {
			return explain(err)
		}
		print(w, loc.ID, out)
		return nil
	}
}
