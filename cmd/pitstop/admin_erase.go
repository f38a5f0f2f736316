package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/custerase"
)

// adminEraseCmd erases a customer's personal data from the command line:
// the same erasure as POST /v1/admin/customers/erasure (internal/custerase),
// recorded with via "cli" and no user; what it touches on standard error as
// it goes, the record as JSON on standard output.
func adminEraseCmd() *cobra.Command {
	erase := &cobra.Command{Use: "erase", Short: "Erase one customer's personal data (see --dry-run first)",
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
			var rec *custerase.Record
			if err := withDB(cmd, func(ctx context.Context, db *ent.Client) (err error) {
				rec, err = custerase.Erase(ctx, db, custerase.Request{DealerID: dealerID, Selector: sel,
					Via: custerase.ViaCLI, DryRun: dry, Now: time.Now, KeySecret: []byte(cfg.KeySecret),
					Progress: func(kind string, n int) { fmt.Fprintf(stderr, "  %s: %d\n", kind, n) }})
				return err
			}); err != nil {
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
			} else {
				fmt.Fprintf(stderr, "erased: %d customer row(s), erasure %d\n", len(rec.CustomerIDs), rec.ID)
			}
			return nil
		}}
	addCustomerFlags(erase, "the dealer whose customer is erased")
	erase.Flags().Bool("dry-run", false, "say what it would touch and change nothing")
	return erase
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
