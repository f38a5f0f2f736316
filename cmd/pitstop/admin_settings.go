package main

import (
	"context"
	"errors"
	"fmt"
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

// locationCmd completes c as a command about one location: --id names it
// (required), and run runs with its ID.
func locationCmd(c *cobra.Command, run func(cmd *cobra.Command, fs *pflag.FlagSet, id int) error) *cobra.Command {
	c.Args = cobra.NoArgs
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		fs := cmd.Flags()
		id, err := locationID(fs)
		if err != nil {
			return err
		}
		return run(cmd, fs, id)
	}
	c.Flags().Int("id", 0, "the location's ID")
	return c
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
	return locationCmd(c, func(cmd *cobra.Command, fs *pflag.FlagSet, id int) error {
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
	})
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

// stdinAccount names the flags of a command that sets (or rotates) a
// location's account with a login and a secret read from standard input,
// never from a flag, or removes it with --clear.
type stdinAccount struct {
	login, stdin string   // the login's flag and the flag that reads the secret
	secret       string   // what the secret is called ("password")
	alsoSet      []string // flags that go only with setting (--clear refuses them)
}

// locationAccountCmd completes c (its Use, Short, Example and own flags,
// --clear among them, set) as a command that sets or removes one
// location's account, as the matching PUT/DELETE
// /v1/admin/locations/{id}/..._account do: --id is required, the flags
// choose (acct.read), account makes the account of the login and secret
// given (and checks it: refusals come back as they are), set stores it
// (nil: removes it) and print writes what the location now has.
func locationAccountCmd[A any](c *cobra.Command, acct stdinAccount,
	account func(fs *pflag.FlagSet, login, secret string) (*A, error),
	set func(ctx context.Context, db *ent.Client, locationID int, a *A) (*ent.DealerLocation, error),
	print func(w io.Writer, l *ent.DealerLocation, removed bool)) *cobra.Command {
	return locationCmd(c, func(cmd *cobra.Command, fs *pflag.FlagSet, id int) error {
		login, secret, clear, err := acct.read(cmd)
		if err != nil {
			return err
		}
		var a *A
		if !clear {
			if a, err = account(fs, login, secret); err != nil {
				return err
			}
		}
		return withDB(cmd, func(ctx context.Context, db *ent.Client) error {
			l, err := set(ctx, db, id, a)
			if err != nil {
				return explain(err)
			}
			print(cmd.OutOrStdout(), l, a == nil)
			return nil
		})
	})
}

// read returns clear, or the login and the secret given.
func (a stdinAccount) read(cmd *cobra.Command) (login, secret string, clear bool, err error) {
	fs := cmd.Flags()
	clear, _ = fs.GetBool("clear")
	login, _ = fs.GetString(a.login)
	stdin, _ := fs.GetBool(a.stdin)
	setting := login != "" || stdin
	for _, f := range a.alsoSet {
		setting = setting || fs.Changed(f)
	}
	switch {
	case clear && setting:
		return "", "", false, fmt.Errorf("give either --clear or --%s with --%s", a.login, a.stdin)
	case clear:
		return "", "", true, nil
	case login == "" || !stdin:
		return "", "", false, fmt.Errorf("--%s and --%s are required (or --clear)", a.login, a.stdin)
	}
	if secret, err = readPassword(cmd.InOrStdin()); err != nil {
		return "", "", false, fmt.Errorf("no %s on standard input", a.secret)
	}
	return login, secret, false, nil
}
