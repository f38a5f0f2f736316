// Package dealerevents delivers the dealers' event stream (issue #25,
// internal/dealerevents is the outbox): which locations have events to
// deliver, and one batch of a location's events, in location_seq order,
// each signed per Standard Webhooks under its own event ID (the same
// webhook-id on every attempt, so a receiver dedupes a redelivery after a
// crash between its answer and our mark).
//
// Choices:
//   - In order, head of line: a failing event holds back the later ones of
//     its location (the endpoint is down for all of them anyway), and the
//     activity's retry policy backs off (workflows/dealerevents).
//   - Every non-2xx answer is retried (a dealer fixing its receiver or its
//     secret gets the events late, not never); an event still undelivered
//     contracts/dealerevents.MaxAge after it was recorded is given up
//     (counted in the stream's expired) and the dealer replays it.
//   - A location whose delivery is off (or has no endpoint) delivers
//     nothing; its cursor moves when delivery is turned on.
package dealerevents

import (
	"context"
	"errors"
	"fmt"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/pitstop-dev/pitstop/contracts/dealerevents"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealerevent"
	"github.com/pitstop-dev/pitstop/ent/dealereventstream"
	"github.com/pitstop-dev/pitstop/ent/predicate"
	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
	outbox "github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// AttemptTimeout bounds one POST to a dealer.
const AttemptTimeout = 10 * time.Second

// Activities deliver the stream.
type Activities struct {
	DB   *ent.Client
	Hook *dealerhook.Client
	// Now is the clock (tests move it); nil: time.Now.
	Now func() time.Time
}

// Check refuses activities without a database or a webhook client.
func Check(a *Activities) error {
	if a == nil || a.DB == nil || a.Hook == nil {
		return errors.New("dealer-events activities: no database or webhook client")
	}
	return nil
}

func (a *Activities) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// PendingLocations lists the locations whose delivery is on and that have
// events past their cursor. It first applies retention (Prune: each
// location at most hourly), so the Schedule's every run keeps
// dealer_events bounded without a change to the workflows.
func (a *Activities) PendingLocations(ctx context.Context) ([]int, error) {
	if _, err := a.Prune(ctx); err != nil {
		return nil, fmt.Errorf("retention of dealer events: %w", err)
	}
	sts, err := a.DB.DealerEventStream.Query().Where(dealereventstream.Enabled(true), dealereventstream.URLNEQ("")).
		Order(ent.Asc(dealereventstream.FieldDealerLocationID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := []int{}
	for _, st := range sts {
		if st.DeliveredSeq < st.LastSeq {
			out = append(out, st.DealerLocationID)
		}
	}
	return out, nil
}

// Retention: how often a location is pruned, how much one batch deletes,
// and how long one run prunes (well inside the dispatch's short Store
// timeout: a location not finished is taken up again by the next run).
const (
	PruneEvery  = time.Hour
	PruneBatch  = 500
	PruneBudget = 1500 * time.Millisecond
)

// Prune deletes events older than outbox.RetentionDays that need no more
// delivery (delivered or given up, or all of them where delivery is off:
// turning it on starts at the next event), in batches, each in one
// transaction with the stream's pruned_seq, so a replay from before a
// deleted event is answered 410 (outbox.GoneError), never a page that
// skips it. Each appointment's last event is kept: its seq counts on from
// it. A location is pruned at most every PruneEvery, and one run stops
// after PruneBudget. It returns how many events it deleted.
func (a *Activities) Prune(ctx context.Context) (int, error) {
	now := a.now()
	cutoff := now.Add(-outbox.RetentionDays * 24 * time.Hour)
	sts, err := a.DB.DealerEventStream.Query().Where(dealereventstream.Or(dealereventstream.PrunedAtIsNil(),
		dealereventstream.PrunedAtLT(now.Add(-PruneEvery)))).Order(ent.Asc(dealereventstream.FieldDealerLocationID)).All(ctx)
	if err != nil {
		return 0, err
	}
	deleted, stop := 0, time.Now().Add(PruneBudget) // wall clock: the budget is real time
	for _, st := range sts {
		bound := st.LastSeq
		if st.Enabled && st.URL != "" {
			bound = st.DeliveredSeq
		}
		for {
			if time.Now().After(stop) {
				return deleted, nil // the next run goes on (pruned_at not set)
			}
			n, err := a.pruneBatch(ctx, st, bound, cutoff)
			if err != nil {
				return deleted, err
			}
			deleted += n
			if n < PruneBatch {
				break
			}
		}
		if err := a.DB.DealerEventStream.UpdateOneID(st.ID).SetPrunedAt(now).Exec(ctx); err != nil {
			return deleted, err
		}
	}
	return deleted, nil
}

// pruneBatch deletes up to PruneBatch of the location's prunable events
// and moves its pruned_seq past them, in one transaction.
func (a *Activities) pruneBatch(ctx context.Context, st *ent.DealerEventStream, bound int, cutoff time.Time) (int, error) {
	evs, err := a.DB.DealerEvent.Query().Where(dealerevent.DealerLocationID(st.DealerLocationID), dealerevent.LocationSeqLTE(bound),
		dealerevent.RecordedAtLT(cutoff), hasLater()).Order(ent.Asc(dealerevent.FieldLocationSeq)).Limit(PruneBatch).All(ctx)
	if err != nil || len(evs) == 0 {
		return 0, err
	}
	ids := make([]int, len(evs))
	for i, ev := range evs {
		ids[i] = ev.ID
	}
	top := evs[len(evs)-1].LocationSeq
	err = store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		if _, err := tx.DealerEvent.Delete().Where(dealerevent.IDIn(ids...)).Exec(ctx); err != nil {
			return err
		}
		return tx.DealerEventStream.Update().Where(dealereventstream.ID(st.ID), dealereventstream.PrunedSeqLT(top)).
			SetPrunedSeq(top).Exec(ctx)
	})
	return len(ids), err
}

// hasLater: the appointment has a later event (its last one is kept).
func hasLater() predicate.DealerEvent {
	return func(s *sql.Selector) {
		later := sql.Table(dealerevent.Table).As("later")
		s.Where(sql.Exists(sql.Select(later.C(dealerevent.FieldID)).From(later).Where(sql.And(
			sql.ColumnsEQ(later.C(dealerevent.FieldAppointmentID), s.C(dealerevent.FieldAppointmentID)),
			sql.ColumnsGT(later.C(dealerevent.FieldSeq), s.C(dealerevent.FieldSeq))))))
	}
}

// DeliverBatch delivers up to in.Limit of the location's next events. A
// failed delivery returns an error after recording it on the stream, so
// Temporal retries the batch with backoff; what was delivered before it
// stays delivered.
func (a *Activities) DeliverBatch(ctx context.Context, in dealerevents.Batch) (dealerevents.BatchResult, error) {
	var out dealerevents.BatchResult
	if in.Limit <= 0 {
		in.Limit = dealerevents.BatchSize
	}
	st, err := a.DB.DealerEventStream.Query().Where(dealereventstream.DealerLocationID(in.LocationID)).Only(ctx)
	if ent.IsNotFound(err) {
		return out, nil
	}
	if err != nil {
		return out, err
	}
	if !st.Enabled || st.URL == "" {
		return out, nil
	}
	evs, err := a.DB.DealerEvent.Query().Where(dealerevent.DealerLocationID(in.LocationID), dealerevent.LocationSeqGT(st.DeliveredSeq)).
		Order(ent.Asc(dealerevent.FieldLocationSeq)).Limit(in.Limit + 1).All(ctx)
	if err != nil {
		return out, err
	}
	out.More = len(evs) > in.Limit
	if out.More {
		evs = evs[:in.Limit]
	}
	for _, ev := range evs {
		now := a.now()
		if now.Sub(ev.RecordedAt) > dealerevents.MaxAge {
			if err := a.advance(ctx, st, ev.LocationSeq, true); err != nil {
				return out, err
			}
			out.Expired++
			continue
		}
		actx, cancel := context.WithTimeout(ctx, AttemptTimeout)
		att, derr := a.Hook.DeliverSigned(actx, st.URL, outbox.Secrets(st, now), ev.EventID, outbox.EnvelopeOf(ev))
		cancel()
		if derr != nil {
			what := derr.Error()
			if att.StatusCode != 0 {
				what = fmt.Sprintf("HTTP %d", att.StatusCode)
			}
			_ = a.DB.DealerEventStream.UpdateOneID(st.ID).SetLastFailureAt(now).SetLastFailure(cut(what, 300)).Exec(ctx)
			return out, fmt.Errorf("event %s (location_seq %d) to location %d: %w", ev.EventID, ev.LocationSeq, in.LocationID, derr)
		}
		if err := a.advance(ctx, st, ev.LocationSeq, false); err != nil {
			return out, err
		}
		out.Delivered++
	}
	return out, nil
}

// advance moves the cursor past seq (only forward: a delivery turned off
// and on again meanwhile moved it further).
func (a *Activities) advance(ctx context.Context, st *ent.DealerEventStream, seq int, expired bool) error {
	u := a.DB.DealerEventStream.Update().Where(dealereventstream.ID(st.ID), dealereventstream.DeliveredSeqLT(seq)).SetDeliveredSeq(seq)
	if expired {
		u.AddExpired(1)
	}
	return u.Exec(ctx)
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
