package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/internal/custexport"
	"github.com/pitstop-dev/pitstop/internal/custfind"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// adminCustomerCmd answers a customer's right of access from the command
// line: the same document as GET /v1/admin/customers/export
// (internal/custexport), its file links signed for an hour with the API's
// key secret and public URL, on standard output; progress on standard error.
func adminCustomerCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "customer", Short: "A customer's data (right of access, right to erasure)"}
	export := &cobra.Command{Use: "export", Short: "Print everything a dealer holds on one customer as JSON",
		Example: "  pitstop admin customer export --dealer 1 --phone +31612345678 > export.json\n" +
			"  pitstop admin customer export --dealer 1 --email eva@example.com\n  pitstop admin customer export --dealer 1 --id 42",
		Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
			dealerID, sel, err := customerFlags(cmd)
			if err != nil {
				return explainExport(err)
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
			fmt.Fprintf(stderr, "exporting a customer of dealer %d...\n", dealerID)
			doc, err := custexport.Export(cmd.Context(), db.Client, dealerID, sel,
				custexport.Options{APIBaseURL: cfg.APIBaseURL, Now: time.Now})
			if err != nil {
				return explainExport(err)
			}
			b, err := json.MarshalIndent(doc, "", "  ")
			if err != nil {
				return err
			}
			r := &commread.Reader{KeySecret: []byte(cfg.KeySecret), APIBaseURL: cfg.APIBaseURL, Now: time.Now}
			if _, err := cmd.OutOrStdout().Write(append(r.SignDocument(b), '\n')); err != nil {
				return err
			}
			fmt.Fprintf(stderr, "%d customer row(s), %d appointment(s); file links valid until %s\n", len(doc.Customers),
				len(doc.Appointments), time.Now().Add(commread.AttachmentURLTTL).UTC().Format(time.RFC3339))
			if doc.Note != "" {
				fmt.Fprintln(stderr, "note: "+doc.Note)
			}
			return nil
		}}
	addCustomerFlags(export, "the dealer whose data is exported")
	cmd.AddCommand(export, adminEraseCmd(), adminForgetPlatesCmd())
	return cmd
}

// addCustomerFlags are the flags that find a customer (internal/custfind).
func addCustomerFlags(c *cobra.Command, dealer string) {
	fs := c.Flags()
	fs.Int("dealer", 0, dealer)
	fs.Int("id", 0, "the customer's row ID")
	fs.String("phone", "", "a phone number in E.164, e.g. +31612345678")
	fs.String("email", "", "an e-mail address (any case)")
}

// customerFlags reads addCustomerFlags' flags and checks the selector.
func customerFlags(cmd *cobra.Command) (int, custfind.Selector, error) {
	fs := cmd.Flags()
	dealerID, _ := fs.GetInt("dealer")
	var sel custfind.Selector
	if dealerID <= 0 {
		return 0, sel, errors.New("--dealer is required")
	}
	sel.CustomerID, _ = fs.GetInt("id")
	sel.Phone, _ = fs.GetString("phone")
	sel.Email, _ = fs.GetString("email")
	return dealerID, sel, sel.Check()
}

func explainExport(err error) error {
	var inv *custexport.Invalid
	switch {
	case errors.As(err, &inv):
		return fmt.Errorf("refused:\n  - %s", strings.Join(inv.Problems, "\n  - "))
	case errors.Is(err, custexport.ErrNotFound):
		return errors.New("customer not found at this dealer")
	}
	return err
}
