// Package retention holds the activities of the nightly retention run
// (workflows/retention, contracts/retention): list the dealers, and
// anonymise one batch of a dealer's closed appointments past its
// personal_data_retention_months. What anonymising means is
// internal/custerase's (one home per rule).
//
// Choices:
//   - Closed is the lifecycle's own notion (contracts/appointment
//     Stage.Final: completed or cancelled); an open appointment is never
//     touched, and neither is a customer with one.
//   - Closed since: last_timestamp, which the lifecycle sets when it saves
//     the final stage (a later visible change moves it on, so data is kept
//     longer, never shorter).
//   - Each batch is one transaction and marks its appointments
//     personal_data_removed_at; a batch only picks unmarked ones, so a
//     retried batch or a second run changes nothing.
//   - A customer of the batch whose every appointment is closed and
//     anonymised (this batch included) is erased like an erasure
//     (custerase.RetainCustomers, recorded via "retention"). A customer with
//     no appointment at all is left alone (the run starts from
//     appointments).
package retention

import (
	"context"
	"errors"
	"slices"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/retention"
	"github.com/pitstop-dev/pitstop/ent"
	entappt "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/customer"
	"github.com/pitstop-dev/pitstop/ent/dealer"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/internal/custerase"
	"github.com/pitstop-dev/pitstop/internal/custfind"
)

// Activities are the retention run's activities.
type Activities struct {
	DB *ent.Client
	// KeySecret is PITSTOP_KEY_SECRET: an erased customer's contacts'
	// data keys are found with it (custerase.RetainCustomers).
	KeySecret []byte
}

// Check refuses activities without a database.
func Check(a *Activities) error {
	if a == nil || a.DB == nil {
		return errors.New("retention activities: no database client")
	}
	return nil
}

var closedStages = []string{string(appointment.StageCompleted), string(appointment.StageCancelled)}

// Dealers lists the dealers' IDs in order.
func (a *Activities) Dealers(ctx context.Context) ([]int, error) {
	return a.DB.Dealer.Query().Order(ent.Asc(dealer.FieldID)).IDs(ctx)
}

// AnonymiseBatch anonymises at most in.Limit of the dealer's closed
// appointments past its retention at in.Now, and erases the customers left
// with nothing but such appointments.
func (a *Activities) AnonymiseBatch(ctx context.Context, in retention.Batch) (retention.BatchResult, error) {
	var out retention.BatchResult
	if in.Limit <= 0 {
		in.Limit = retention.BatchSize
	}
	d, err := a.DB.Dealer.Get(ctx, in.DealerID)
	if ent.IsNotFound(err) {
		out.Done = true // deleted since the run listed it
		return out, nil
	}
	if err != nil {
		return out, err
	}
	cutoff := retention.Cutoff(in.Now, d.PersonalDataRetentionMonths)
	now := in.Now.UTC()
	tx, err := a.DB.Tx(ctx)
	if err != nil {
		return out, err
	}
	defer func() { _ = tx.Rollback() }()
	c := tx.Client()
	locs, err := c.DealerLocation.Query().Where(dealerlocation.DealerID(in.DealerID)).All(ctx)
	if err != nil {
		return out, err
	}
	found := &custfind.Found{Country: map[int]string{}}
	for _, l := range locs {
		found.LocationIDs = append(found.LocationIDs, l.ID)
		found.Country[l.ID] = l.Country
	}
	apps, err := c.Appointment.Query().Where(entappt.DealerLocationIDIn(found.LocationIDs...),
		entappt.LifecycleStageIn(closedStages...), entappt.LastTimestampLT(cutoff), entappt.PersonalDataRemovedAtIsNil()).
		Order(ent.Asc(entappt.FieldID)).Limit(in.Limit).All(ctx)
	if err != nil {
		return out, err
	}
	out.Done = len(apps) < in.Limit
	var parties []int
	for _, ap := range apps {
		ids := partiesOf(ap)
		custs, err := c.Customer.Query().Where(customer.IDIn(ids...)).Order(ent.Asc(customer.FieldID)).All(ctx)
		if err != nil {
			return out, err
		}
		f := *found
		f.Customers = custs
		if _, err := custerase.AnonymiseAppointment(ctx, c, ap, &f); err != nil {
			return out, err
		}
		if err := c.Appointment.UpdateOneID(ap.ID).SetPersonalDataRemovedAt(now).Exec(ctx); err != nil {
			return out, err
		}
		out.Appointments++
		for _, id := range ids {
			if !slices.Contains(parties, id) {
				parties = append(parties, id)
			}
		}
	}
	var whole []int
	for _, id := range parties {
		left, err := c.Appointment.Query().Where(entappt.Or(entappt.CustomerDriverID(id), entappt.CustomerOwnerID(id), entappt.CustomerContractID(id)),
			entappt.Or(entappt.LifecycleStageNotIn(closedStages...), entappt.PersonalDataRemovedAtIsNil())).Exist(ctx)
		if err != nil {
			return out, err
		}
		if !left {
			whole = append(whole, id)
		}
	}
	if len(whole) > 0 {
		rec, err := custerase.RetainCustomers(ctx, c, in.DealerID, whole, now, a.KeySecret, found.Country)
		if err != nil {
			return out, err
		}
		if rec != nil {
			out.Customers = len(rec.CustomerIDs)
		}
	}
	return out, tx.Commit()
}

// partiesOf are the appointment's driver, owner and contractor rows.
func partiesOf(ap *ent.Appointment) []int {
	var ids []int
	for _, id := range []int{ap.CustomerDriverID, ap.CustomerOwnerID, ap.CustomerContractID} {
		if id != 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}
