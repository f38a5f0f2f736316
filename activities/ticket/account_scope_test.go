package ticket_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/activities/ticket"
	rdfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/rdaccount"
)

// The activities call the provider as the ticket's location: without an
// account nothing is asked (final "not set up"); with the other account
// the location's own connector works and the main account's is unknown.
func TestActivitiesUseTheLocationsOwnAccount(t *testing.T) {
	a, sim, req := fixture(t)
	ctx := context.Background()
	res, err := rdaccount.New(a.DB, sim.URL())
	require.NoError(t, err)
	a.Accounts = res
	env := actEnv(a)
	check := func(id int64) (ticket.Readiness, error) {
		return run[ticket.Readiness](t, env, a.CheckReadiness, ticket.ReadinessInput{ConnectorID: id, RequestID: req.RequestID})
	}
	_, err = check(rdfake.ConnectorOnlineID)
	requireFinal(t, err, errtypes.Rejected)
	require.Contains(t, err.Error(), "remote diagnosis is not set up for this location")

	require.NoError(t, a.DB.DealerLocation.UpdateOneID(req.DealerLocationID).SetRemoteDiagConnectorUUID(rdfake.OtherConnectorUUID).
		SetRemoteDiagPincode(rdfake.OtherPincode).Exec(ctx))
	r, err := check(rdfake.OtherConnectorID)
	require.NoError(t, err)
	require.True(t, r.ConnectorOnline)
	_, err = check(rdfake.ConnectorOnlineID)
	requireFinal(t, err, errtypes.NotFound) // another customer's connector

	// A readiness check of a history from before VersionAccount (no
	// request id) finds the location through the ticket on the connector.
	r, err = run[ticket.Readiness](t, env, a.CheckReadiness, ticket.ReadinessInput{ConnectorID: req.ConnectorID})
	require.Error(t, err, "the recorded request runs on the main account's connector, unknown to the other account")
	requireFinal(t, err, errtypes.NotFound)
	require.Contains(t, err.Error(), "not found at the provider", "asked the provider as the request's location")
	_ = r
}
