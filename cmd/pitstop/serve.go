package main

import (
	"fmt"
	dealereventscaller "github.com/pitstop-dev/pitstop/workflows/dealerevents/caller"
	retentioncaller "github.com/pitstop-dev/pitstop/workflows/retention/caller"
	"time"

	"github.com/spf13/cobra"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/app"
	"github.com/pitstop-dev/pitstop/ent/user"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/store"
)

func apiCmd() *cobra.Command {
	return &cobra.Command{Use: "api", Short: "Serve the HTTP API", RunE: func(cmd *cobra.Command, _ []string) error {
		cfg, err := loadProductionConfig()
		if err != nil {
			return err
		}
		log := app.NewLogger(cfg.LogLevel)
		a, err := app.Open(cmd.Context(), cfg, log)
		if err != nil {
			return err
		}
		defer a.Close()
		if err := a.ServeMetrics(cmd.Context()); err != nil {
			return err
		}
		return api.Serve(cmd.Context(), cfg.HTTPAddr, a.Handler(nil), log)
	}}
}

func workerCmd() *cobra.Command {
	return &cobra.Command{Use: "worker", Short: "Run the Temporal worker", RunE: func(cmd *cobra.Command, _ []string) error {
		cfg, err := loadProductionConfig()
		if err != nil {
			return err
		}
		log := app.NewLogger(cfg.LogLevel)
		a, err := app.Open(cmd.Context(), cfg, log)
		if err != nil {
			return err
		}
		defer a.Close()
		if err := a.ServeMetrics(cmd.Context()); err != nil {
			return err
		}
		w, err := a.Worker()
		if err != nil {
			return err
		}
		if err := w.Start(); err != nil {
			return err
		}
		log.Info("worker started", "task_queue", cfg.TaskQueue)
		// The nightly retention run (issue #26); a failure here leaves the
		// worker running and says so.
		if err := retentioncaller.EnsureSchedule(cmd.Context(), a.Temporal, cfg.TaskQueue); err != nil {
			log.Warn("the retention schedule is not set", "error", err)
		}
		// The dealers' event stream delivery (issue #25).
		if err := dealereventscaller.EnsureSchedule(cmd.Context(), a.Temporal, cfg.TaskQueue); err != nil {
			log.Warn("the dealer events schedule is not set", "error", err)
		}
		<-cmd.Context().Done()
		w.Stop()
		return nil
	}}
}

func migrateCmd() *cobra.Command {
	var baseline string
	var check bool
	cmd := &cobra.Command{Use: "migrate", Short: "Apply the pending schema migrations (api and worker refuse an older schema)",
		Long: "Applies the migration files built into this binary (internal/store/migrations) that the database has not run yet, " +
			"each in one transaction, recording them in the table " + store.RevisionTable + ". Run it before starting a new " +
			"build's api and worker.",
		Example: "  pitstop migrate\n  pitstop migrate --check\n  pitstop migrate --baseline 20261130170937   (a database made before versioned migrations)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig()
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			db, err := store.Open(cmd.Context(), cfg.DatabaseURL)
			if err != nil {
				return err
			}
			defer db.Close()
			if check {
				if err := db.CheckSchema(cmd.Context()); err != nil {
					return err
				}
				fmt.Fprintf(out, "%s: the schema is at this build's version\n", store.Redact(cfg.DatabaseURL))
				return nil
			}
			fmt.Fprintf(out, "migrating %s\n", store.Redact(cfg.DatabaseURL))
			err = db.Migrate(cmd.Context(), store.MigrateOptions{Baseline: baseline, Progress: func(msg string) { fmt.Fprintln(out, "  "+msg) }})
			if err != nil {
				return err
			}
			if err := db.CheckSchema(cmd.Context()); err != nil {
				return err
			}
			fmt.Fprintln(out, "the schema is up to date")
			return nil
		}}
	cmd.Flags().StringVar(&baseline, "baseline", "", "mark a database made before versioned migrations as being at this version (its schema must be that version's)")
	cmd.Flags().BoolVar(&check, "check", false, "only check that the database is at this build's version (exit status 1 if not)")
	return cmd
}

func tokenCmd() *cobra.Command {
	var email string
	var userID int
	var ttl time.Duration
	cmd := &cobra.Command{Use: "token", Short: "Mint a receptionist bearer token for a user of the database",
		Example: "  pitstop token --email rita@demo.pitstop.local\n  pitstop token --user 1 --ttl 8h",
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig()
			if err != nil {
				return err
			}
			if (email == "") == (userID == 0) {
				return fmt.Errorf("give exactly one of --email or --user")
			}
			db, err := store.Open(cmd.Context(), cfg.DatabaseURL)
			if err != nil {
				return err
			}
			defer db.Close()
			q := db.User.Query()
			if email != "" {
				q = q.Where(user.Email(email))
			} else {
				q = q.Where(user.ID(userID))
			}
			u, err := q.Only(cmd.Context())
			if err != nil {
				return fmt.Errorf("user not found: %w", err)
			}
			iss, err := auth.NewIssuer(cfg.TokenSecret)
			if err != nil {
				return err
			}
			tok, err := iss.MintFor(auth.Subject{UserID: u.ID, LocationIDs: u.LocationIds, RoleID: u.RoleID,
				CredentialVersion: u.CredentialVersion}, ttl, time.Now())
			if err != nil {
				return err
			}
			fmt.Println(tok)
			return nil
		}}
	cmd.Flags().StringVar(&email, "email", "", "the user's email")
	cmd.Flags().IntVar(&userID, "user", 0, "the user's ID")
	cmd.Flags().DurationVar(&ttl, "ttl", 12*time.Hour, "how long the token is valid")
	return cmd
}
