package dealerevents

import (
	"context"
	"errors"
	"fmt"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/dealerevent"
	"github.com/pitstop-dev/pitstop/ent/dealereventstream"
)

// Replay page sizes.
const (
	DefaultLimit = 100
	MaxLimit     = 500
)

// ErrAppointmentNotFound: no such appointment at the location.
var ErrAppointmentNotFound = errors.New("appointment not found at this location")

// FutureError is a replay from a sequence number past the last event.
type FutureError struct{ After, Last int }

func (e *FutureError) Error() string {
	return fmt.Sprintf("after_seq %d is past the last event's sequence number (%d): nothing was recorded there yet", e.After, e.Last)
}

// GoneError is a replay from a sequence number whose following events
// were deleted by retention (RetentionDays): the caller
// starts again from Pruned, the first cursor with every later event kept.
type GoneError struct{ After, Pruned int }

func (e *GoneError) Error() string {
	return fmt.Sprintf("after_seq %d: the events after it up to %d were deleted (events are kept %d days after delivery); replay from after_seq %d",
		e.After, e.Pruned, RetentionDays, e.Pruned)
}

// RetentionDays: an event is deleted this many days after it was recorded
// once it is delivered (or given up, or its location's delivery is off);
// activities/dealerevents.Prune deletes, keeping each appointment's last
// event so its seq counts on.
const RetentionDays = 90

// Query is one replay page: events after AfterSeq (exclusive), by the
// location's cursor (location_seq) or, with AppointmentID, by that
// appointment's seq.
type Query struct {
	LocationID    int
	AppointmentID int
	AfterSeq      int
	Limit         int
}

// Page is one page of a replay.
type Page struct {
	Events []Envelope `json:"events"`
	// LastSeq is the last sequence number recorded (of the location, or
	// of the appointment); NextAfterSeq is the after_seq of the next page.
	LastSeq      int  `json:"last_seq"`
	NextAfterSeq int  `json:"next_after_seq"`
	HasMore      bool `json:"has_more"`
}

// Replay reads one page. A negative AfterSeq or one past the last event
// is refused (*FutureError), so a dealer's cursor from another location,
// or from a database restored from backup, is noticed instead of
// silently waiting; one before events that retention deleted is refused
// too (*GoneError), never answered with a page that silently skips them.
func Replay(ctx context.Context, db *ent.Client, q Query) (Page, error) {
	if q.Limit <= 0 {
		q.Limit = DefaultLimit
	}
	q.Limit = min(q.Limit, MaxLimit)
	var last int
	evq := db.DealerEvent.Query().Where(dealerevent.DealerLocationID(q.LocationID))
	if q.AppointmentID != 0 {
		ok, err := db.Appointment.Query().Where(appointment.ID(q.AppointmentID), appointment.DealerLocationID(q.LocationID)).Exist(ctx)
		if err != nil {
			return Page{}, err
		}
		if !ok {
			return Page{}, ErrAppointmentNotFound
		}
		evq.Where(dealerevent.AppointmentID(q.AppointmentID))
		var rows []struct {
			Max *int `json:"max"`
		}
		if err := db.DealerEvent.Query().Where(dealerevent.AppointmentID(q.AppointmentID)).
			Aggregate(ent.As(ent.Max(dealerevent.FieldSeq), "max")).Scan(ctx, &rows); err != nil {
			return Page{}, err
		}
		if len(rows) == 1 && rows[0].Max != nil {
			last = *rows[0].Max
		}
		// Retention deletes an appointment's oldest events (never its
		// last): a gap before the first kept seq is a pruned stretch.
		first, err := db.DealerEvent.Query().Where(dealerevent.AppointmentID(q.AppointmentID)).
			Order(ent.Asc(dealerevent.FieldSeq)).First(ctx)
		if err != nil && !ent.IsNotFound(err) {
			return Page{}, err
		}
		if first != nil && q.AfterSeq >= 0 && q.AfterSeq < first.Seq-1 {
			return Page{}, &GoneError{After: q.AfterSeq, Pruned: first.Seq - 1}
		}
	} else {
		st, err := db.DealerEventStream.Query().Where(dealereventstream.DealerLocationID(q.LocationID)).Only(ctx)
		if err != nil && !ent.IsNotFound(err) {
			return Page{}, err
		}
		if st != nil {
			last = st.LastSeq
		}
		if st != nil && q.AfterSeq >= 0 && q.AfterSeq < st.PrunedSeq {
			return Page{}, &GoneError{After: q.AfterSeq, Pruned: st.PrunedSeq}
		}
	}
	if q.AfterSeq < 0 || q.AfterSeq > last {
		return Page{}, &FutureError{After: q.AfterSeq, Last: last}
	}
	field := dealerevent.FieldLocationSeq
	if q.AppointmentID != 0 {
		evq.Where(dealerevent.SeqGT(q.AfterSeq))
		field = dealerevent.FieldSeq
	} else {
		evq.Where(dealerevent.LocationSeqGT(q.AfterSeq))
	}
	rows, err := evq.Order(ent.Asc(field)).Limit(q.Limit + 1).All(ctx)
	if err != nil {
		return Page{}, err
	}
	p := Page{Events: []Envelope{}, LastSeq: last, NextAfterSeq: q.AfterSeq, HasMore: len(rows) > q.Limit}
	if p.HasMore {
		rows = rows[:q.Limit]
	}
	for _, r := range rows {
		e := EnvelopeOf(r)
		p.Events = append(p.Events, e)
		p.NextAfterSeq = e.LocationSeq
		if q.AppointmentID != 0 {
			p.NextAfterSeq = e.Seq
		}
	}
	return p, nil
}
