package ticket

import (
	"context"
	"errors"

	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/remotediagticket"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/rdaccount"
)

// Accounts picks the remote-diagnose client of a dealer location's own
// provider account (rdaccount.Resolver): every provider call of a ticket is
// made as the customer account of the ticket's location, which sees its
// own connectors and tickets only.
type Accounts interface {
	ForLocation(ctx context.Context, locationID int) (*rd.Client, error)
}

// clientFor is the client of the location's account. No account (or remote
// diagnosis off) is final: retrying will not set one up.
func (a *Activities) clientFor(ctx context.Context, locationID int) (*rd.Client, error) {
	if err := a.configured(); err != nil {
		return nil, err
	}
	c, err := a.Accounts.ForLocation(ctx, locationID)
	switch {
	case errors.Is(err, rdaccount.ErrNotSetUp):
		return nil, temporal.NewNonRetryableApplicationError(rdaccount.ErrNotSetUp.Error(), errtypes.Rejected, nil)
	case errors.Is(err, rdaccount.ErrOff):
		return nil, temporal.NewNonRetryableApplicationError(err.Error(), errtypes.Rejected, nil)
	}
	return c, err
}

// clientOfRequest is the client of the location of a recorded ticket.
func (a *Activities) clientOfRequest(ctx context.Context, requestID string) (*rd.Client, *ent.RemoteDiagTicket, error) {
	if err := a.configured(); err != nil {
		return nil, nil, err
	}
	rec, err := a.record(ctx, requestID)
	if err != nil {
		return nil, nil, err
	}
	c, err := a.clientFor(ctx, rec.DealerLocationID)
	return c, rec, err
}

// clientOfReadiness is the client for a readiness check: of the request's
// location, or (histories from before ReadinessInput carried the request)
// of the ticket running on the connector, which the database keeps unique.
func (a *Activities) clientOfReadiness(ctx context.Context, in ReadinessInput) (*rd.Client, error) {
	if in.RequestID != "" {
		c, _, err := a.clientOfRequest(ctx, in.RequestID)
		return c, err
	}
	if err := a.configured(); err != nil {
		return nil, err
	}
	rec, err := a.DB.RemoteDiagTicket.Query().Where(remotediagticket.ConnectorID(in.ConnectorID),
		remotediagticket.StatusIn(string(StatusRequested), string(StatusWaiting), string(StatusPending), string(StatusInProgress))).
		Order(ent.Desc(remotediagticket.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, temporal.NewNonRetryableApplicationError("no ticket request runs on this connector", errtypes.NotFound, err)
	}
	if err != nil {
		return nil, err
	}
	return a.clientFor(ctx, rec.DealerLocationID)
}
