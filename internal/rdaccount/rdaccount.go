// Package rdaccount picks the remote-diagnose client (spec 003) of a
// dealer location: the provider account (connector UUID and pincode) is
// stored on the location (DealerLocation.remote_diag_connector_uuid and
// remote_diag_pincode, set by a dealer admin), and the provider scopes
// everything (connectors, tickets, historical tickets, websocket updates)
// to the account that logged in. One client per account is kept in a
// remotediag.Pool. A location without an account gets ErrNotSetUp and no
// data: there is no shared fallback account (the dev stack writes its demo
// account onto the demo location instead).
package rdaccount

import (
	"context"
	"errors"
	"strconv"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// ErrNotSetUp: the location has no remote-diagnose account.
var ErrNotSetUp = errors.New("remote diagnosis is not set up for this location")

// ErrOff: the deployment has no remote-diagnose provider (no base URL).
var ErrOff = errors.New("remote diagnosis is not configured (PITSTOP_REMOTEDIAG_BASE_URL)")

// Resolver finds a location's client. The zero value (and nil) answers
// ErrOff.
type Resolver struct {
	DB   *ent.Client
	Pool *remotediag.Pool
}

// New builds a resolver of clients of the provider at baseURL; an empty
// baseURL turns remote diagnosis off (nil, nil).
func New(db *ent.Client, baseURL string, opts ...remotediag.Option) (*Resolver, error) {
	if baseURL == "" {
		return nil, nil
	}
	p, err := remotediag.NewPool(baseURL, opts...)
	if err != nil {
		return nil, err
	}
	return &Resolver{DB: db, Pool: p}, nil
}

// ForLocation returns the client of the location's account, ErrNotSetUp
// when it has none (or the location does not exist), ErrOff when remote
// diagnosis is off.
func (r *Resolver) ForLocation(ctx context.Context, locationID int) (*remotediag.Client, error) {
	if r == nil || r.Pool == nil || r.DB == nil {
		return nil, ErrOff
	}
	l, err := r.DB.DealerLocation.Get(ctx, locationID)
	if ent.IsNotFound(err) {
		return nil, ErrNotSetUp
	}
	if err != nil {
		return nil, err
	}
	if l.RemoteDiagConnectorUUID == "" || l.RemoteDiagPincode == "" {
		return nil, ErrNotSetUp
	}
	return r.Pool.Client("location:"+strconv.Itoa(l.ID), l.RemoteDiagConnectorUUID, l.RemoteDiagPincode)
}

// Verify logs in with an account before it is stored (ErrOff when remote
// diagnosis is off).
func (r *Resolver) Verify(ctx context.Context, connectorUUID, pincode string) error {
	if r == nil || r.Pool == nil {
		return ErrOff
	}
	return r.Pool.Verify(ctx, connectorUUID, pincode)
}
