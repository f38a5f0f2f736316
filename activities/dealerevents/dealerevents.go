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

	"github.com/pitstop-dev/pitstop/contracts/dealerevents"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealerevent"
	"github.com/pitstop-dev/pitstop/ent/dealereventstream"
	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
	outbox "github.com/pitstop-dev/pitstop/internal/dealerevents"
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
// events past their cursor.
func (a *Activities) PendingLocations(ctx context.Context) ([]int, error) {
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
