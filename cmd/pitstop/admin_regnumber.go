package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pitstop-dev/pitstop/internal/keys"
)

// adminRegNumberHashCmd prints the Temporal UI query that finds a car's
// workflows: their RegNumber search attribute holds the keyed hash of the
// plate (keys.RegNumberHash with PITSTOP_KEY_SECRET), never the plate, so
// that no registration stays in Temporal's visibility store after an
// erasure (issue #26).
func adminRegNumberHashCmd() *cobra.Command {
	return &cobra.Command{Use: "regnumber-hash <plate>", Short: "Print the Temporal UI query that finds a car's workflows by its registration",
		Long: "The RegNumber search attribute holds a keyed hash of the normalised plate (HMAC-SHA256 with PITSTOP_KEY_SECRET),\n" +
			"never the plate. This prints the query to paste into the Temporal UI's filter, e.g. RegNumber = \"<hash>\".\n" +
			"Separators and case do not matter: \"ab-123-c\" and \"AB123C\" give the same hash.",
		Args: cobra.ExactArgs(1), RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig()
			if err != nil {
				return err
			}
			h := keys.RegNumberHash([]byte(cfg.KeySecret), args[0])
			if h == "" {
				return errors.New("refused: the plate has no letter or digit")
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "RegNumber = %q\n", h)
			return err
		}}
}
