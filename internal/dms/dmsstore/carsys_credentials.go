package dmsstore

import (
	"context"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
)

// UpgradeCarsysHash replaces a location's Carsys password hash old with
// upgraded (the Carsys push rewrites a legacy hash once the password is
// known right), only if no one changed it meanwhile: a location whose hash
// moved keeps its own.
func UpgradeCarsysHash(ctx context.Context, c *ent.Client, locationID int, old, upgraded string) error {
	return c.DealerLocation.Update().Where(dealerlocation.ID(locationID), dealerlocation.CarsysPasswordHash(old)).
		SetCarsysPasswordHash(upgraded).Exec(ctx)
}
