package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/integrations/remotediag"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// adminLocationRemoteDiagCmd sets, rotates or removes a location's
// remote-diagnose provider account (connector UUID + pincode, the
// provider's login), as PUT/DELETE
// /v1/admin/locations/{id}/remote_diagnose_account do. The pincode is read
// from standard input, never from a flag.
func adminLocationRemoteDiagCmd() *cobra.Command {
	c := &cobra.Command{Use: "remote-diagnose", Short: "Set, rotate or remove a location's remote-diagnose provider account",
		Example: "  printf '%s\\n' \"$PIN\" | pitstop admin location remote-diagnose --id 3 --connector-uuid 5f3d760d-ade2-4a19-aea4-36e097678ae3 --pincode-stdin\n" +
			"  pitstop admin location remote-diagnose --id 3 --clear"}
	fs := c.Flags()
	fs.String("connector-uuid", "", "UUID of one of the location's connectors (the provider's login)")
	fs.Bool("pincode-stdin", false, "read that connector's pincode from the first line of standard input")
	fs.Bool("clear", false, "remove the account: remote diagnosis is then off for the location")
	fs.Bool("skip-check", false, "store without logging in at the provider first")
	return locationAccountCmd(c, stdinAccount{login: "connector-uuid", stdin: "pincode-stdin", secret: "pincode"},
		func(fs *pflag.FlagSet, uuid, pin string) (*onboard.RemoteDiagAccount, error) {
			acct := &onboard.RemoteDiagAccount{ConnectorUUID: uuid, Pincode: pin}
			if err := acct.Check(); err != nil {
				return nil, explain(err)
			}
			if skip, _ := fs.GetBool("skip-check"); !skip {
				if err := checkRemoteDiagLogin(c.Context(), acct); err != nil {
					return nil, err
				}
			}
			return acct, nil
		},
		onboard.SetRemoteDiagAccount,
		func(w io.Writer, l *ent.DealerLocation, removed bool) {
			if removed {
				fmt.Fprintf(w, "location %d: remote-diagnose account removed\n", l.ID)
			} else {
				fmt.Fprintf(w, "location %d: remote-diagnose account set (connector %s)\n", l.ID, l.RemoteDiagConnectorUUID)
			}
		})
}

// checkRemoteDiagLogin logs in at the configured provider with the account
// (nothing to check when remote diagnosis is off).
func checkRemoteDiagLogin(ctx context.Context, a *onboard.RemoteDiagAccount) error {
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	if cfg.RemoteDiag.BaseURL == "" {
		return nil
	}
	p, err := remotediag.NewPool(cfg.RemoteDiag.BaseURL)
	if err != nil {
		return err
	}
	switch err := p.Verify(ctx, a.ConnectorUUID, a.Pincode); {
	case err == nil:
		return nil
	case remotediag.IsUnauthorized(err) || remotediag.IsNotFound(err):
		return errors.New("refused: the remote-diagnose provider refused this connector UUID and pincode (nothing was changed)")
	default:
		return fmt.Errorf("the remote-diagnose provider could not be asked (nothing was changed; --skip-check stores anyway): %w", err)
	}
}
