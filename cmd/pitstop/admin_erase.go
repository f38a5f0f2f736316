package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pitstop-dev/pitstop/app"
	"github.com/pitstop-dev/pitstop/contracts/retention"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/config"
	"github.com/pitstop-dev/pitstop/internal/custerase"
	"github.com/pitstop-dev/pitstop/internal/payloadcodec"
	retentioncaller "github.com/pitstop-dev/pitstop/workflows/retention/caller"
)

// exitPlatesNotStarted is erase's exit code when the erasure is done and
// recorded but its clean-up in Temporal was not started.
const exitPlatesNotStarted = 3

// temporalTimeout bounds the dial to Temporal and the start of the
// clean-up: an absent Temporal does not hang the command.
const temporalTimeout = 10 * time.Second

// adminEraseCmd erases a customer's personal data from the command line:
// the same erasure as POST /v1/admin/customers/erasure (internal/custerase),
// recorded with via "cli" and no user; what it touches on standard error as
// it goes, the record as JSON on standard output. Then, as the API does, it
// starts the erasure's follow-up in Temporal (ForgetPlainPlatesWorkflow).
func adminEraseCmd() *cobra.Command {
	erase := &cobra.Command{Use: "erase", Short: "Erase one customer's personal data (see --dry-run first)",
		Long: "Erase one customer's personal data from the database and record the erasure (its JSON on standard output),\n" +
			"then start its clean-up in Temporal, as the API does: ForgetPlainPlatesWorkflow deletes the customer's\n" +
			"closed lifecycle runs that still hold the registration plate in clear (PITSTOP_TEMPORAL_ADDRESS,\n" +
			"_NAMESPACE, PITSTOP_PAYLOAD_KEYS, PITSTOP_TASK_QUEUE; at most 10 s to reach Temporal).\n\n" +
			"Exit codes:\n" +
			"  0  erased and the clean-up started (or a dry run)\n" +
			"  1  refused or failed (a refusal erases nothing)\n" +
			"  3  erased and recorded, but the clean-up in Temporal was not started: start it with\n" +
			"     pitstop admin customer forget-plates --erasure <id>",
		Example: "  pitstop admin customer erase --dealer 1 --phone +31612345678 --dry-run\n" +
			"  pitstop admin customer erase --dealer 1 --id 42",
		Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
			dealerID, sel, err := customerFlags(cmd)
			if err != nil {
				return explainErase(err)
			}
			dry, _ := cmd.Flags().GetBool("dry-run")
			cfg, err := loadConfig()
			if err != nil {
				return err
			}
			stderr := cmd.ErrOrStderr()
			verb := "erasing"
			if dry {
				verb = "dry run: would erase"
			}
			fmt.Fprintf(stderr, "%s a customer of dealer %d...\n", verb, dealerID)
			return withDB(cmd, func(ctx context.Context, db *ent.Client) error {
				rec, err := custerase.Erase(ctx, db, custerase.Request{DealerID: dealerID, Selector: sel,
					Via: custerase.ViaCLI, DryRun: dry, Now: time.Now, KeySecret: []byte(cfg.KeySecret),
					Progress: func(kind string, n int) { fmt.Fprintf(stderr, "  %s: %d\n", kind, n) }})
				if err != nil {
					return explainErase(err)
				}
				b, err := json.MarshalIndent(rec, "", "  ")
				if err != nil {
					return err
				}
				if _, err := cmd.OutOrStdout().Write(append(b, '\n')); err != nil {
					return err
				}
				if dry {
					fmt.Fprintln(stderr, "dry run: nothing changed")
					return nil
				}
				fmt.Fprintf(stderr, "erased: %d customer row(s), erasure %d\n", len(rec.CustomerIDs), rec.ID)
				if err := forgetPlates(ctx, stderr, cfg, db, rec.ID, rec.DealerID, rec.CustomerIDs); err != nil {
					return &exitError{code: exitPlatesNotStarted, err: fmt.Errorf(
						"erasure %d is done, but the clean-up of old lifecycle runs in Temporal was not started: %w\n"+
							"  start it when Temporal is reachable: pitstop admin customer forget-plates --erasure %d", rec.ID, err, rec.ID)}
				}
				return nil
			})
		}}
	addCustomerFlags(erase, "the dealer whose customer is erased")
	erase.Flags().Bool("dry-run", false, "say what it would touch and change nothing")
	return erase
}

// adminForgetPlatesCmd starts the clean-up in Temporal of an erasure done
// before: for an erase that could not reach Temporal (exit code 3).
func adminForgetPlatesCmd() *cobra.Command {
	c := &cobra.Command{Use: "forget-plates", Short: "Start an erasure's clean-up of old lifecycle runs in Temporal",
		Long: "Start ForgetPlainPlatesWorkflow for a recorded erasure, as `erase` and the API do after one: it deletes\n" +
			"the erased customers' closed lifecycle runs that still hold the registration plate in clear. The workflow\n" +
			"ID is erasure-plates-<id>, one per erasure: starting it again while it runs, or after it ended, does nothing.",
		Example: "  pitstop admin customer forget-plates --erasure 12",
		Args:    cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
			id, _ := cmd.Flags().GetInt("erasure")
			if id <= 0 {
				return errors.New("--erasure is required (the erasure's ID, as erase printed it)")
			}
			cfg, err := loadConfig()
			if err != nil {
				return err
			}
			return withDB(cmd, func(ctx context.Context, db *ent.Client) error {
				rec, err := db.CustomerErasure.Get(ctx, id)
				if ent.IsNotFound(err) {
					return fmt.Errorf("erasure %d not found", id)
				}
				if err != nil {
					return err
				}
				return forgetPlates(ctx, cmd.ErrOrStderr(), cfg, db, rec.ID, rec.DealerID, rec.CustomerIds)
			})
		}}
	c.Flags().Int("erasure", 0, "the erasure's ID (customer_erasures)")
	return c
}

// forgetPlates starts erasure erasureID's ForgetPlainPlatesWorkflow with
// the API's arguments (retentioncaller.StartForgetPlates: one workflow per
// erasure, a second start does nothing) on the configured Temporal and task
// queue, dialed as the app dials it; the dial and the start together take
// at most temporalTimeout.
func forgetPlates(ctx context.Context, stderr io.Writer, cfg config.Config, db *ent.Client, erasureID, dealerID int, customerIDs []int) error {
	fmt.Fprintf(stderr, "starting the clean-up of old lifecycle runs in Temporal (workflow %s)...\n", retention.PlatesWorkflowID(erasureID))
	keyring, err := payloadcodec.ParseKeyring(cfg.PayloadKeys)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, temporalTimeout)
	defer cancel()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	tc, _, err := app.DialTemporal(ctx, cfg, keyring, db, log, app.TemporalExtras{})
	if err != nil {
		return err
	}
	defer tc.Close()
	if err := retentioncaller.StartForgetPlates(ctx, tc, cfg.TaskQueue, erasureID,
		retention.Plates{DealerID: dealerID, CustomerIDs: customerIDs}); err != nil {
		return fmt.Errorf("start %s: %w", retention.PlatesWorkflowName, err)
	}
	fmt.Fprintln(stderr, "started: the worker deletes the closed runs (running ones keep the plate until they close)")
	return nil
}

func explainErase(err error) error {
	var inv *custerase.Invalid
	var done *custerase.AlreadyErased
	var busy *custerase.InProgress
	switch {
	case errors.As(err, &inv):
		return fmt.Errorf("refused:\n  - %s", strings.Join(inv.Problems, "\n  - "))
	case errors.As(err, &done), errors.As(err, &busy):
		return fmt.Errorf("refused: %w", err)
	case errors.Is(err, custerase.ErrNotFound):
		return errors.New("customer not found at this dealer (an erased customer has no phone number or e-mail address left: use --id)")
	}
	return err
}
