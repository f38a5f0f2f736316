package onboard

import (
	"context"
	"strings"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// CarsysAccount is what a location's Carsys push signs in with (spec 004:
// Carsys pushes work orders to us with HTTP Basic, see
// internal/dms/carsys/PROTOCOL.md): a user name unique across locations and
// a password, stored only as its argon2id hash. DMSLocationID, when given,
// is the location's id in Carsys (the push's location_id; the location's
// dms_location_id): a push is refused until the location has one.
type CarsysAccount struct {
	Username      string
	Password      string
	DMSLocationID *string
}

// Bounds of a Carsys account (the push looks up user names of at most 255
// bytes; DMS ids are at most 64 characters, internal/dms.MaxIDLen).
const (
	CarsysUsernameMax = 200
	DMSLocationIDMax  = 64
)

// Check validates the account's shape. The password follows the staff
// password policy (at least 10 characters): it guards a write path.
func (a *CarsysAccount) Check() error {
	var p problems
	a.Username = strings.TrimSpace(a.Username)
	switch {
	case a.Username == "":
		p.add("username: required")
	case strings.ContainsRune(a.Username, ':'):
		p.add("username: must not contain ':' (HTTP Basic separates user and password with it)")
	default:
		p.add(textcheck.Line("username", a.Username, CarsysUsernameMax)...)
	}
	if s := auth.CheckPasswordPolicy(a.Password); s != "" {
		p.add(s)
	}
	if a.DMSLocationID != nil {
		v := strings.TrimSpace(*a.DMSLocationID)
		a.DMSLocationID = &v
		if v == "" {
			p.add("dms_location_id: must not be empty (leave it out to keep the current one)")
		} else {
			p.add(textcheck.Line("dms_location_id", v, DMSLocationIDMax)...)
		}
	}
	return invalidOf(p)
}

// SetCarsysAccount sets and rotates (or, with nil, removes) a location's
// Carsys push account. The new password works at once and the old one not
// any more (the push's cache of verified passwords is keyed by the stored
// hash). The password itself is never stored, answered or logged.
func SetCarsysAccount(ctx context.Context, db *ent.Client, locationID int, a *CarsysAccount) (*ent.DealerLocation, error) {
	u := db.DealerLocation.UpdateOneID(locationID)
	if a == nil {
		u.ClearCarsysUsername().ClearCarsysPasswordHash()
	} else {
		if err := a.Check(); err != nil {
			return nil, err
		}
		hash, err := auth.HashPasswordContext(ctx, a.Password)
		if err != nil {
			return nil, err
		}
		u.SetCarsysUsername(a.Username).SetCarsysPasswordHash(hash)
		if a.DMSLocationID != nil {
			u.SetDmsLocationID(*a.DMSLocationID)
		}
	}
	l, err := u.Save(ctx)
	switch {
	case ent.IsNotFound(err):
		return nil, ErrNotFound
	case ent.IsConstraintError(err):
		// Both are unique across locations; say which could clash without
		// telling whose they are.
		return nil, &Invalid{Problems: []string{"username or dms_location_id: already used by another location"}}
	}
	return l, err
}
