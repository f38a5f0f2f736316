package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// adminLocationOfferCmd lists, adds, edits and removes a location's
// check-in offers, as /v1/admin/locations/{id}/check_in_offers does; new
// communications carry the active ones.
func adminLocationOfferCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "offer", Short: "List, add, edit or remove a location's check-in offers (car wash, replacement car ...)",
		Example: "  pitstop admin location offer add --id 3 --name 'Car wash' --price 19.50 --position 1\n" +
			"  pitstop admin location offer edit --id 3 --offer 7 --active=false\n" +
			"  pitstop admin location offer list --id 3"}
	offerID := func(fs *pflag.FlagSet) (int, error) {
		id, _ := fs.GetInt("offer")
		if id <= 0 {
			return 0, errors.New("--offer is required")
		}
		return id, nil
	}
	list := &cobra.Command{Use: "list", Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
		id, err := locationID(cmd.Flags())
		if err != nil {
			return err
		}
		return withDB(cmd, func(ctx context.Context, db *ent.Client) error {
			if _, err := db.DealerLocation.Get(ctx, id); err != nil {
				return explain(onboardNotFound(err))
			}
			os, err := onboard.Offers(ctx, db, id)
			if err != nil {
				return err
			}
			for _, o := range os {
				state := "active"
				if !o.Active {
					state = "inactive"
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%d\t%d\t%s\t%.2f\t%s\n", o.ID, o.Position, o.Name, o.Price, state)
			}
			return nil
		})
	}}
	save := func(use string, edit bool) *cobra.Command {
		c := &cobra.Command{Use: use, Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
			fs := cmd.Flags()
			id, err := locationID(fs)
			if err != nil {
				return err
			}
			in := onboard.OfferInput{Name: strFlag(fs, "name"), Description: strFlag(fs, "description"),
				InfoURL: strFlag(fs, "info-url"), HideForLeaseAppointments: boolFlag(fs, "hide-for-lease"),
				Position: intFlag(fs, "position"), Active: boolFlag(fs, "active")}
			if fs.Changed("price") {
				v, _ := fs.GetFloat64("price")
				in.Price = &v
			}
			var oid int
			if edit {
				if oid, err = offerID(fs); err != nil {
					return err
				}
			}
			if err := in.Check(!edit); err != nil {
				return explain(err)
			}
			return withDB(cmd, func(ctx context.Context, db *ent.Client) error {
				var o *ent.CheckInOffer
				if edit {
					o, err = onboard.UpdateOffer(ctx, db, id, oid, in)
				} else {
					o, err = onboard.CreateOffer(ctx, db, id, in)
				}
				if err != nil {
					return explain(err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "offer %d %q of location %d saved (%.2f, position %d, active %t)\n",
					o.ID, o.Name, o.DealerLocationID, o.Price, o.Position, o.Active)
				return nil
			})
		}}
		fs := c.Flags()
		if edit {
			fs.Int("offer", 0, "the offer's ID")
		}
		fs.String("name", "", "what is offered, as the customer sees it")
		fs.String("description", "", "a longer description")
		fs.Float64("price", 0, "the price in the location's currency (0 to 100000)")
		fs.String("info-url", "", "an http(s) page about the offer")
		fs.Bool("hide-for-lease", false, "do not offer it to lease cars' customers")
		fs.Int("position", 0, "order among the location's offers (lower first)")
		fs.Bool("active", true, "offered with new check-ins")
		return c
	}
	remove := &cobra.Command{Use: "remove", Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
		fs := cmd.Flags()
		id, err := locationID(fs)
		if err != nil {
			return err
		}
		oid, err := offerID(fs)
		if err != nil {
			return err
		}
		return withDB(cmd, func(ctx context.Context, db *ent.Client) error {
			gone, err := onboard.DeleteOffer(ctx, db, id, oid)
			if err != nil {
				return err
			}
			if !gone {
				fmt.Fprintf(cmd.OutOrStdout(), "location %d has no offer %d (nothing to remove)\n", id, oid)
				return nil
			}
			fmt.Fprintf(cmd.OutOrStdout(), "offer %d of location %d removed (communications keep their copies)\n", oid, id)
			return nil
		})
	}}
	remove.Flags().Int("offer", 0, "the offer's ID")
	for _, c := range []*cobra.Command{list, remove} {
		c.Flags().Int("id", 0, "the location's ID")
	}
	add, editCmd := save("add", false), save("edit", true)
	for _, c := range []*cobra.Command{add, editCmd} {
		c.Flags().Int("id", 0, "the location's ID")
	}
	cmd.AddCommand(list, add, editCmd, remove)
	return cmd
}

// adminLocationCarsysCmd sets, rotates or removes a location's Carsys push
// account, as PUT/DELETE /v1/admin/locations/{id}/carsys_account do. The
// password is read from standard input, never from a flag, and never printed.
func adminLocationCarsysCmd() *cobra.Command {
	c := &cobra.Command{Use: "carsys", Short: "Set, rotate or remove a location's Carsys push account",
		Example: "  printf '%s\\n' \"$PW\" | pitstop admin location carsys --id 3 --username dealer-breda --password-stdin --dms-location-id 4711\n" +
			"  pitstop admin location carsys --id 3 --clear"}
	fs := c.Flags()
	fs.String("username", "", "the HTTP Basic user name Carsys pushes with (unique across locations)")
	fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	fs.String("dms-location-id", "", "the location's id in Carsys (the push's location_id)")
	fs.Bool("clear", false, "remove the account: the location's pushes are refused")
	return locationAccountCmd(c, stdinAccount{login: "username", stdin: "password-stdin", secret: "password", alsoSet: []string{"dms-location-id"}},
		func(fs *pflag.FlagSet, user, pw string) (*onboard.CarsysAccount, error) {
			acct := &onboard.CarsysAccount{Username: user, Password: pw, DMSLocationID: strFlag(fs, "dms-location-id")}
			if err := acct.Check(); err != nil {
				return nil, explain(err)
			}
			return acct, nil
		},
		onboard.SetCarsysAccount,
		func(w io.Writer, l *ent.DealerLocation, removed bool) {
			if removed {
				fmt.Fprintf(w, "location %d: Carsys account removed (its pushes are refused)\n", l.ID)
				return
			}
			fmt.Fprintf(w, "location %d: Carsys account %q set\n", l.ID, *l.CarsysUsername)
			if l.DmsLocationID == nil {
				fmt.Fprintln(w, "note: the location has no dms_location_id yet (--dms-location-id): pushes are refused until it has")
			}
		})
}
