package onboard

import (
	"context"
	"strings"
	"unicode"

	"github.com/google/uuid"

	"github.com/pitstop-dev/pitstop/ent"
)

// RemoteDiagAccount is a location's account at the remote-diagnose
// provider (spec 003): the UUID of one of its connectors and that
// connector's pincode, which the provider's login takes.
type RemoteDiagAccount struct {
	ConnectorUUID string
	Pincode       string
}

// Check validates the account's shape (the provider checks the rest).
func (a RemoteDiagAccount) Check() error {
	var p problems
	if _, err := uuid.Parse(a.ConnectorUUID); err != nil || len(a.ConnectorUUID) != 36 {
		p = append(p, "connector_uuid: must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)")
	}
	switch {
	case a.Pincode == "":
		p = append(p, "pincode: required")
	case len(a.Pincode) > 64 || strings.IndexFunc(a.Pincode, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0:
		p = append(p, "pincode: at most 64 characters, no spaces or control characters")
	}
	return invalidOf(p)
}

// SetRemoteDiagAccount sets (or, with a nil account, removes) a
// location's remote-diagnose account. Setting new credentials rotates
// them: the next call of the location logs in with them.
func SetRemoteDiagAccount(ctx context.Context, db *ent.Client, locationID int, a *RemoteDiagAccount) (*ent.DealerLocation, error) {
	u := db.DealerLocation.UpdateOneID(locationID)
	if a == nil {
		u.ClearRemoteDiagConnectorUUID().ClearRemoteDiagPincode()
	} else {
		if err := a.Check(); err != nil {
			return nil, err
		}
		u.SetRemoteDiagConnectorUUID(strings.ToLower(a.ConnectorUUID)).SetRemoteDiagPincode(a.Pincode)
	}
	l, err := u.Save(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrNotFound
	}
	return l, err
}
