// Package retention holds the activities of the nightly retention run
// (workflows/retention, contracts/retention): list the dealers, anonymise
// one batch of a dealer's closed appointments past its
// personal_data_retention_months, and one batch of its replies that
// matched no appointment past it. What anonymising means is
// internal/custerase's (one home per rule).
//
// Choices:
//   - Closed is the lifecycle's own notion (contracts/appointment
//     Stage.Final: completed or cancelled); an open appointment is never
//     touched, and neither is a customer with one.
//   - Closed since: closed_at, which the lifecycle's SaveLifecycle sets
//     when it saves the closing stage (and the DMS import when it cancels
//     without a workflow); later writes (a DMS update, a visible change)
//     leave it. A row closed before the column existed has none: its
//     last_timestamp stands in (the last visible change, at or after the
//     close, so data is kept longer, never shorter).
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
	"time"

	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/retention"
	"github.com/pitstop-dev/pitstop/ent"
	entappt "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/appointmentmessage"
	"github.com/pitstop-dev/pitstop/ent/customer"
	"github.com/pitstop-dev/pitstop/ent/dealer"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/ent/predicate"
	"github.com/pitstop-dev/pitstop/internal/custerase"
	"github.com/pitstop-dev/pitstop/internal/custfind"
)

// Activities are the retention run's activities.
type Activities struct {
	DB *ent.Client
	// Temporal deletes closed lifecycle runs that carry a plate in clear
	// (ForgetPlainPlates; AnonymiseBatch for its appointments). Nil: those
	// are left (tests of the database work alone).
	Temporal client.Client
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
	return a.inBatch(ctx, in, a.anonymiseBatch)
}

func (a *Activities) anonymiseBatch(ctx context.Context, c *ent.Client, in retention.Batch, cutoff time.Time, locs []*ent.DealerLocation) (retention.BatchResult, error) {
	var out retention.BatchResult
	now := in.Now.UTC()
	found := &custfind.Found{Country: map[int]string{}}
	for _, l := range locs {
		found.LocationIDs = append(found.LocationIDs, l.ID)
		found.Country[l.ID] = l.Country
	}
	apps, err := c.Appointment.Query().Where(entappt.DealerLocationIDIn(found.LocationIDs...),
		entappt.LifecycleStageIn(closedStages...), closedBefore(cutoff), entappt.PersonalDataRemovedAtIsNil()).
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
		if _, err := custerase.AnonymiseAppointment(ctx, c, ap, &f, now, a.KeySecret); err != nil {
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
	// Lifecycles started before reg-number-search-hash carry the plate in
	// their visibility record: the closed ones go before the batch commits
	// (a failed batch is retried whole; a deleted run is not found again).
	if a.Temporal != nil {
		ids := make([]int, len(apps))
		for i, ap := range apps {
			ids[i] = ap.ID
		}
		if _, err := a.forgetPlainPlates(ctx, ids); err != nil {
			return out, err
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
	return out, nil
}

// AnonymiseUnmatched blanks at most in.Limit of the dealer's replies that
// matched no appointment (sent to one of its locations' own numbers)
// received before its retention cutoff at in.Now, the way an erasure
// blanks them (custerase.BlankUnmatchedReply: text and sender's address,
// and its unmatched_reply task's text), in one transaction. A blanked reply
// is not picked again, so a retried batch or the next night changes
// nothing.
//
// Replies whose location could not be told belong to no dealer: every
// dealer's batches take them too, once received before the default
// retention (retention.DefaultMonths) at in.Now, in the same order and
// count. The run's first dealer blanks them all (a dealer is done only
// when fewer than in.Limit of both were left); the later dealers find
// none. This needs no change in the workflow's code.
func (a *Activities) AnonymiseUnmatched(ctx context.Context, in retention.Batch) (retention.BatchResult, error) {
	return a.inBatch(ctx, in, anonymiseUnmatched)
}

func anonymiseUnmatched(ctx context.Context, c *ent.Client, in retention.Batch, cutoff time.Time, locations []*ent.DealerLocation) (retention.BatchResult, error) {
	var out retention.BatchResult
	locs := make([]int, len(locations))
	for i, l := range locations {
		locs[i] = l.ID
	}
	nobodys := retention.Cutoff(in.Now, retention.DefaultMonths)
	ids, err := c.AppointmentMessage.Query().Where(appointmentmessage.AppointmentIDIsNil(),
		appointmentmessage.Or(
			appointmentmessage.And(appointmentmessage.DealerLocationIDIn(locs...), appointmentmessage.CreatedAtLT(cutoff)),
			appointmentmessage.And(appointmentmessage.DealerLocationIDIsNil(), appointmentmessage.CreatedAtLT(nobodys))),
		appointmentmessage.Or(appointmentmessage.TextNEQ(""), appointmentmessage.CustomerAddressNEQ(""))).
		Order(ent.Asc(appointmentmessage.FieldID)).Limit(in.Limit).IDs(ctx)
	if err != nil {
		return out, err
	}
	for _, id := range ids {
		if err := custerase.BlankUnmatchedReply(ctx, c, id); err != nil {
			return out, err
		}
	}
	out.UnmatchedReplies = len(ids)
	out.Done = len(ids) < in.Limit
	return out, nil
}

// inBatch runs one batch (page) of the dealer's in one transaction, which
// commits when page returns no error: page gets in with its Limit
// defaulted, the dealer's retention cutoff at in.Now, and its locations. A
// dealer deleted since the run listed it is done.
func (a *Activities) inBatch(ctx context.Context, in retention.Batch,
	page func(ctx context.Context, c *ent.Client, in retention.Batch, cutoff time.Time, locs []*ent.DealerLocation) (retention.BatchResult, error),
) (retention.BatchResult, error) {
	if in.Limit <= 0 {
		in.Limit = retention.BatchSize
	}
	d, err := a.DB.Dealer.Get(ctx, in.DealerID)
	if ent.IsNotFound(err) {
		return retention.BatchResult{Done: true}, nil // deleted since the run listed it
	}
	if err != nil {
		return retention.BatchResult{}, err
	}
	cutoff := retention.Cutoff(in.Now, d.PersonalDataRetentionMonths)
	tx, err := a.DB.Tx(ctx)
	if err != nil {
		return retention.BatchResult{}, err
	}
	defer func() { _ = tx.Rollback() }()
	c := tx.Client()
	locs, err := c.DealerLocation.Query().Where(dealerlocation.DealerID(in.DealerID)).All(ctx)
	if err != nil {
		return retention.BatchResult{}, err
	}
	out, err := page(ctx, c, in, cutoff, locs)
	if err != nil {
		return out, err
	}
	return out, tx.Commit()
}

// closedBefore: closed (closed_at, or last_timestamp for a row closed
// before closed_at existed) before cutoff.
func closedBefore(cutoff time.Time) predicate.Appointment {
	return entappt.Or(entappt.ClosedAtLT(cutoff), entappt.And(entappt.ClosedAtIsNil(), entappt.LastTimestampLT(cutoff)))
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
