package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pitstop-dev/pitstop/internal/custerase"
	"github.com/pitstop-dev/pitstop/internal/store"
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
			fs := cmd.Flags()
			dealerID, _ := fs.GetInt("dealer")
			if dealerID <= 0 {
				return errors.New("--dealer is required")
			}
			var sel custerase.Selector
			sel.CustomerID, _ = fs.GetInt("id")
			sel.Phone, _ = fs.GetString("phone")
			sel.Email, _ = fs.GetString("email")
			dry, _ := fs.GetBool("dry-run")
			if err := sel.Check(); err != nil {
				return explainErase(err)
			}
			cfg, err := loadConfig()
			if err != nil {
				return err
			}
			db, err := store.Open(cmd.Context(), cfg.DatabaseURL)
			if err != nil {
				return err
			}
			defer db.Close()
			stderr := cmd.ErrOrStderr()
			verb := "erasing"
			if dry {
				verb = "dry run: would erase"
			}
			fmt.Fprintf(stderr, "%s a customer of dealer %d...\n", verb, dealerID)
			rec, err := custerase.Erase(cmd.Context(), db.Client, custerase.Request{DealerID: dealerID, Selector: sel,
				Via: custerase.ViaCLI, DryRun: dry, Now: time.Now,
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
			} else {
				fmt.Fprintf(stderr, "erased: %d customer row(s), erasure %d\n", len(rec.CustomerIDs), rec.ID)
			}
			return nil
		}}
	fs := erase.Flags()
	fs.Int("dealer", 0, "the dealer whose customer is erased")
	fs.Int("id", 0, "the customer's row ID")
	fs.String("phone", "", "a phone number in E.164, e.g. +31612345678")
	fs.String("email", "", "an e-mail address (any case)")
	fs.Bool("dry-run", false, "say what it would touch and change nothing")
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
