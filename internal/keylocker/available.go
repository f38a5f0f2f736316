package keylocker

import (
	"context"
	"log/slog"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/ent/lockersystem"
	"github.com/pitstop-dev/pitstop/integrations/acses"
)

// Whether an ACSES locker can take a key now: the customer's check-in
// offers the locker only then (api's is_acses_available).

// ACSESAvailable asks the vendor whether one of the location's active
// locker systems has a free cell, within acses.DefaultAvailabilityTimeout.
// A vendor down or slow is "not available", logged with why; never an error.
func ACSESAvailable(ctx context.Context, db *ent.Client, vendor *acses.Client, log *slog.Logger, locationID int) bool {
	ids, err := db.LockerSystem.Query().Where(lockersystem.DealerLocationID(locationID), lockersystem.Active(true)).IDs(ctx)
	if err != nil {
		log.Warn("acses availability: locker systems not read", "location_id", locationID, "error", err)
		return false
	}
	if len(ids) == 0 {
		return false
	}
	if vendor == nil {
		log.Warn("acses availability: no ACSES client configured", "location_id", locationID)
		return false
	}
	vendor, err = ForLocation(ctx, db, vendor, locationID)
	if err != nil {
		log.Warn("acses availability: location not read", "location_id", locationID, "error", err)
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, acses.DefaultAvailabilityTimeout)
	defer cancel()
	for _, id := range ids {
		cells, err := vendor.FreeCells(ctx, id)
		if err != nil {
			log.Warn("acses availability: vendor did not answer; locker not offered", "location_id", locationID, "locker_system", id, "error", err)
			continue
		}
		if len(cells) > 0 {
			return true
		}
		log.Info("acses availability: no free cell", "location_id", locationID, "locker_system", id)
	}
	return false
}

// ForLocation is the ACSES client for a location's calls: signed in with
// the location's own ACSES login (acses_email and acses_password; spec 000:
// "Acses email used as Basic Auth during authentication") when it has both,
// else vendor itself (the account's API key).
func ForLocation(ctx context.Context, db *ent.Client, vendor *acses.Client, locationID int) (*acses.Client, error) {
	l, err := db.DealerLocation.Query().Where(dealerlocation.ID(locationID)).
		Select(dealerlocation.FieldAcsesEmail, dealerlocation.FieldAcsesPassword).Only(ctx)
	if err != nil {
		return nil, err
	}
	return vendor.WithLogin(l.AcsesEmail, l.AcsesPassword), nil
}
