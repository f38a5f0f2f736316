package ticket_test

import (
	"context"

	"github.com/pitstop-dev/pitstop/activities/ticket"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// oneAccount serves every location with one client: the tests of the
// provider calls themselves (the per-location choice is tested in
// account_scope_test.go and e2e).
type oneAccount struct{ c *rd.Client }

func (o oneAccount) ForLocation(context.Context, int) (*rd.Client, error) { return o.c, nil }

// rdOf is the client the activities call.
func rdOf(a *ticket.Activities) *rd.Client { return a.Accounts.(oneAccount).c }
