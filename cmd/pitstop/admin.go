package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/user"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// adminCmd onboards dealers from the command line, with the same rules as
// the admin API (internal/onboard). Only flags that are given change a
// field, so `update` commands take just what changes.
func adminCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "admin", Short: "Create and update dealers, locations, users and checklists"}
	cmd.AddCommand(adminDealerCmd(), adminLocationCmd(), adminUserCmd(), adminChecklistCmd(), adminCustomerCmd(), adminFeedbackCmd(), adminRegNumberHashCmd())
	return cmd
}

// withDB opens the configured database for one admin command.
func withDB(cmd *cobra.Command, f func(ctx context.Context, db *ent.Client) error) error {
	return withStore(cmd, func(ctx context.Context, db *store.DB) error { return f(ctx, db.Client) })
}

// withStore is withDB for commands that need the store itself (its dialect).
func withStore(cmd *cobra.Command, f func(ctx context.Context, db *store.DB) error) error {
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	db, err := store.Open(cmd.Context(), cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	return f(cmd.Context(), db)
}

// explain turns validation problems into one readable error.
func explain(err error) error {
	var inv *onboard.Invalid
	if errors.As(err, &inv) {
		return fmt.Errorf("refused:\n  - %s", strings.Join(inv.Problems, "\n  - "))
	}
	if errors.Is(err, onboard.ErrNotFound) {
		return errors.New("not found")
	}
	return err
}

// flagged returns a pointer to the flag's value when it was given.
func strFlag(fs *pflag.FlagSet, name string) *string {
	if !fs.Changed(name) {
		return nil
	}
	v, _ := fs.GetString(name)
	return &v
}

func boolFlag(fs *pflag.FlagSet, name string) *bool {
	if !fs.Changed(name) {
		return nil
	}
	v, _ := fs.GetBool(name)
	return &v
}

func intFlag(fs *pflag.FlagSet, name string) *int {
	if !fs.Changed(name) {
		return nil
	}
	v, _ := fs.GetInt(name)
	return &v
}

func adminDealerCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "dealer", Short: "Create or update a dealer"}
	mk := func(use string, create bool) *cobra.Command {
		c := &cobra.Command{Use: use, Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
			fs := cmd.Flags()
			id, _ := fs.GetInt("id")
			if !create && id <= 0 {
				return errors.New("--id is required")
			}
			in := onboard.DealerInput{Name: strFlag(fs, "name"), CountryCode: strFlag(fs, "country"), Active: boolFlag(fs, "active"),
				WebsiteURL: strFlag(fs, "website"), PhoneNr: strFlag(fs, "phone"), Street: strFlag(fs, "street"),
				City: strFlag(fs, "city"), PostalCode: strFlag(fs, "postal-code"),
				PersonalDataRetentionMonths: intFlag(fs, "retention-months")}
			return withDB(cmd, func(ctx context.Context, db *ent.Client) error {
				if create {
					id = 0
				}
				d, err := onboard.SaveDealer(ctx, db, id, in)
				if err != nil {
					return explain(err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "dealer %d %q saved\n", d.ID, d.Name)
				return nil
			})
		}}
		fs := c.Flags()
		if !create {
			fs.Int("id", 0, "the dealer's ID")
		}
		fs.String("name", "", "company name")
		fs.String("country", "", "ISO 3166 country code, e.g. NL")
		fs.Bool("active", true, "whether the dealer is active")
		fs.String("website", "", "website URL")
		fs.String("phone", "", "phone number")
		fs.String("street", "", "street and number")
		fs.String("city", "", "city")
		fs.String("postal-code", "", "postal code")
		fs.Int("retention-months", 24, "months a closed appointment keeps its personal data (1..120)")
		return c
	}
	cmd.AddCommand(mk("create", true), mk("update", false))
	return cmd
}

func adminLocationCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "location", Short: "Create or update a dealer location"}
	mk := func(use string, create bool) *cobra.Command {
		c := &cobra.Command{Use: use, Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
			fs := cmd.Flags()
			id, dealerID := 0, 0
			if create {
				dealerID, _ = fs.GetInt("dealer")
				if dealerID <= 0 {
					return errors.New("--dealer is required")
				}
			} else if id, _ = fs.GetInt("id"); id <= 0 {
				return errors.New("--id is required")
			}
			in := onboard.LocationInput{Name: strFlag(fs, "name"), CommercialName: strFlag(fs, "commercial-name"),
				Street: strFlag(fs, "street"), PostalCode: strFlag(fs, "postal-code"), City: strFlag(fs, "city"),
				Country: strFlag(fs, "country"), PhoneNr: strFlag(fs, "phone"), TimeZone: strFlag(fs, "time-zone"),
				CheckInDaysPrior: intFlag(fs, "check-in-days-prior"), Active: boolFlag(fs, "active"),
				OnlineCheckInEnabled: boolFlag(fs, "online-check-in"), DiagnoseOverviewEnabled: boolFlag(fs, "diagnose-overview"),
				RepairOverviewEnabled: boolFlag(fs, "repair-overview"), DeskCheckInEnabled: boolFlag(fs, "desk-check-in"),
				IsAcsesEnabled: boolFlag(fs, "acses"), AcsesEmail: strFlag(fs, "acses-email")}
			if l := strFlag(fs, "language"); l != nil {
				lc := enums.LanguageCode(*l)
				in.LanguageCode = &lc
			}
			if fs.Changed("dms") {
				v, _ := fs.GetInt("dms")
				d := enums.DMSID(v)
				in.DMSID = &d
			}
			if fs.Changed("vat") {
				v, _ := fs.GetFloat64("vat")
				in.Vat = &v
			}
			in.IncludeVat, in.IsCustomerAnsweredCheckInMandatory = boolFlag(fs, "include-vat"), boolFlag(fs, "check-in-answer-mandatory")
			in.IsKeyLockerEnabled, in.ThirdPartySendCommunications = boolFlag(fs, "key-locker"), boolFlag(fs, "third-party-send")
			in.IsKioskEnabled = boolFlag(fs, "kiosk")
			in.KeyLockerTwoFactor = boolFlag(fs, "key-locker-two-factor")
			in.ThirdPartyWebhookURL = strFlag(fs, "third-party-webhook")
			in.DMSWriteBack, in.DMSPriceEnabled, in.DMSBillingEnabled = boolFlag(fs, "dms-write-back"), boolFlag(fs, "dms-price"), boolFlag(fs, "dms-billing")
			if fs.Changed("opening-hours") {
				days, _ := fs.GetStringArray("opening-hours")
				hours, err := parseOpeningHours(days)
				if err != nil {
					return err
				}
				in.OpeningHours = hours
			}
			if ok, _ := fs.GetBool("acses-password-stdin"); ok {
				pw, err := readPassword(cmd.InOrStdin())
				if err != nil {
					return err
				}
				in.AcsesPassword = &pw
			}
			return withDB(cmd, func(ctx context.Context, db *ent.Client) error {
				if !create {
					l, err := db.DealerLocation.Get(ctx, id)
					if err != nil {
						return explain(onboardNotFound(err))
					}
					dealerID = l.DealerID
				}
				l, err := onboard.SaveLocation(ctx, db, dealerID, id, in)
				if err != nil {
					return explain(err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "location %d %q of dealer %d saved (%s, %s)\n", l.ID, l.Name, l.DealerID, l.LanguageCode, l.TimeZone)
				return nil
			})
		}}
		fs := c.Flags()
		if create {
			fs.Int("dealer", 0, "the dealer's ID")
		} else {
			fs.Int("id", 0, "the location's ID")
		}
		fs.String("name", "", "location name")
		fs.String("commercial-name", "", "name customers know")
		fs.String("street", "", "street and number")
		fs.String("postal-code", "", "postal code")
		fs.String("city", "", "city")
		fs.String("country", "", "ISO 3166 country code, e.g. NL")
		fs.String("phone", "", "phone number")
		fs.String("language", "", "en-GB, nl-NL, fr-FR or de-DE")
		fs.String("time-zone", "", "IANA time zone, e.g. Europe/Amsterdam")
		fs.Int("check-in-days-prior", 3, "days before the appointment the online check-in goes out (0..30)")
		fs.Bool("active", true, "whether the location is active")
		fs.Bool("online-check-in", false, "online check-in enabled")
		fs.Bool("diagnose-overview", false, "diagnose overview enabled")
		fs.Bool("repair-overview", false, "repair overview enabled")
		fs.Bool("desk-check-in", false, "desk check-in enabled")
		fs.Bool("acses", false, "ACSES enabled")
		fs.String("acses-email", "", "ACSES account e-mail")
		fs.Int("dms", 0, "DMSID of the location's DMS")
		fs.Bool("dms-write-back", false, "write mileage back to the DMS")
		fs.Bool("dms-price", false, "prices come from the DMS")
		fs.Bool("dms-billing", false, "DMS billing enabled")
		fs.Float64("vat", 0, "VAT percentage (0..100)")
		fs.Bool("include-vat", false, "prices include VAT")
		fs.Bool("check-in-answer-mandatory", false, "the customer must answer every online check-in item")
		fs.Bool("key-locker", false, "the dealer's own key locker is enabled")
		fs.Bool("kiosk", false, "self-service kiosks are enabled (is_kiosk_enabled)")
		fs.Bool("key-locker-two-factor", true, "the key locker sends the drop-off PIN by SMS/e-mail; false opens it on the plate or phone alone")
		fs.Bool("third-party-send", false, "the dealer sends the customer links itself (webhook)")
		fs.String("third-party-webhook", "", "the dealer's webhook URL for third-party sending")
		fs.Bool("acses-password-stdin", false, "read the ACSES account password from the first line of standard input")
		fs.StringArray("opening-hours", nil, "a day's opening hours, repeat per day: mon=08:00-12:00,13:00-17:30 (mon= for closed)")
		return c
	}
	cmd.AddCommand(mk("create", true), mk("update", false), adminLocationRemoteDiagCmd(), adminLocationOfferCmd(), adminLocationCarsysCmd(),
		adminLocationEventStreamCmd(), adminLocationRemindersCmd(), adminLocationQuietHoursCmd(), adminLocationAftersalesCmd(),
		adminLocationSMSSendersCmd())
	return cmd
}

// parseOpeningHours reads day=HH:MM-HH:MM,HH:MM-HH:MM flags; the ranges
// themselves are checked by internal/onboard.
func parseOpeningHours(days []string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, d := range days {
		day, spans, ok := strings.Cut(d, "=")
		day = strings.ToLower(strings.TrimSpace(day))
		if !ok || day == "" {
			return nil, fmt.Errorf("--opening-hours %q: want day=HH:MM-HH:MM[,HH:MM-HH:MM], e.g. mon=08:00-17:30", d)
		}
		if _, dup := out[day]; dup {
			return nil, fmt.Errorf("--opening-hours: %s given twice", day)
		}
		out[day] = []string{}
		for _, sp := range strings.Split(spans, ",") {
			if sp = strings.TrimSpace(sp); sp != "" {
				out[day] = append(out[day], sp)
			}
		}
	}
	return out, nil
}

func onboardNotFound(err error) error {
	if ent.IsNotFound(err) {
		return onboard.ErrNotFound
	}
	return err
}

func adminUserCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Create, update, disable users and set passwords"}
	mk := func(use string, create bool) *cobra.Command {
		c := &cobra.Command{Use: use, Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
			fs := cmd.Flags()
			in := onboard.UserInput{DealerID: intFlag(fs, "dealer"), Email: strFlag(fs, "email"), FirstName: strFlag(fs, "first-name"),
				LastName: strFlag(fs, "last-name")}
			if fs.Changed("role") {
				v, _ := fs.GetInt("role")
				r := enums.RoleID(v)
				in.RoleID = &r
			}
			if fs.Changed("locations") {
				in.LocationIDs, _ = fs.GetIntSlice("locations")
				if in.LocationIDs == nil {
					in.LocationIDs = []int{}
				}
			}
			if l := strFlag(fs, "language"); l != nil {
				lc := enums.LanguageCode(*l)
				in.LanguageCode = &lc
			}
			if ok, _ := fs.GetBool("password-stdin"); ok {
				pw, err := readPassword(cmd.InOrStdin())
				if err != nil {
					return err
				}
				in.Password = &pw
			}
			return withDB(cmd, func(ctx context.Context, db *ent.Client) error {
				id := 0
				if !create {
					var err error
					if id, err = userID(ctx, db, fs); err != nil {
						return err
					}
				}
				u, err := onboard.SaveUser(ctx, db, id, in)
				if err != nil {
					return explain(err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "user %d saved (role %d, dealer %d, locations %v)\n", u.ID, u.RoleID, u.DealerID, u.LocationIds)
				return nil
			})
		}}
		fs := c.Flags()
		if !create {
			fs.Int("id", 0, "the user's ID (or --match-email)")
			fs.String("match-email", "", "find the user by e-mail")
		}
		fs.Int("dealer", 0, "the user's dealer (none for platform roles)")
		fs.String("email", "", "sign-in e-mail")
		fs.String("first-name", "", "first name")
		fs.String("last-name", "", "last name")
		fs.Int("role", 0, "RoleID (README, Roles): 40 dealer admin, 50 receptionist, 100 counter tablet, ...")
		fs.IntSlice("locations", nil, "location IDs the user may act on, e.g. 1,2")
		fs.String("language", "", "en-GB, nl-NL, fr-FR or de-DE")
		fs.Bool("password-stdin", false, "read the password from the first line of standard input")
		return c
	}
	setPW := &cobra.Command{Use: "set-password", Short: "Set a user's password (read from standard input)", Args: cobra.NoArgs,
		Example: "  printf '%s\\n' \"$PW\" | pitstop admin user set-password --match-email rita@example.nl",
		RunE: func(cmd *cobra.Command, _ []string) error {
			pw, err := readPassword(cmd.InOrStdin())
			if err != nil {
				return err
			}
			return withDB(cmd, func(ctx context.Context, db *ent.Client) error {
				id, err := userID(ctx, db, cmd.Flags())
				if err != nil {
					return err
				}
				if err := onboard.SetPassword(ctx, db, id, pw); err != nil {
					return explain(err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "password of user %d set\n", id)
				return nil
			})
		}}
	disable := func(use string, disabled bool) *cobra.Command {
		return &cobra.Command{Use: use, Short: use + " a user", Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
			return withDB(cmd, func(ctx context.Context, db *ent.Client) error {
				id, err := userID(ctx, db, cmd.Flags())
				if err != nil {
					return err
				}
				if err := onboard.SetDisabled(ctx, db, id, disabled); err != nil {
					return explain(err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "user %d %sd\n", id, use)
				return nil
			})
		}}
	}
	dis, en := disable("disable", true), disable("enable", false)
	for _, c := range []*cobra.Command{setPW, dis, en} {
		c.Flags().Int("id", 0, "the user's ID (or --match-email)")
		c.Flags().String("match-email", "", "find the user by e-mail")
	}
	cmd.AddCommand(mk("create", true), mk("update", false), setPW, dis, en)
	return cmd
}

// userID resolves --id or --match-email.
func userID(ctx context.Context, db *ent.Client, fs *pflag.FlagSet) (int, error) {
	id, _ := fs.GetInt("id")
	email, _ := fs.GetString("match-email")
	if (id == 0) == (email == "") {
		return 0, errors.New("give exactly one of --id or --match-email")
	}
	if id != 0 {
		return id, nil
	}
	u, err := db.User.Query().Where(user.EmailEqualFold(strings.TrimSpace(email))).Only(ctx)
	if err != nil {
		return 0, explain(onboardNotFound(err))
	}
	return u.ID, nil
}

// readPassword reads one line, so the password never appears in the
// process list or the shell history.
func readPassword(r io.Reader) (string, error) {
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprint(os.Stderr, "password: ")
		}
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", errors.New("no password on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
