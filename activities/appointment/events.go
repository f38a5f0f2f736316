package appointment

import (
	"context"
	"fmt"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// RecordEvent writes one CommunicationEvent once (by its dedupe key).
func (a *Activities) RecordEvent(ctx context.Context, in EventInput) error {
	return store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		_, err := EventOnce(ctx, tx.Client(), in)
		return err
	})
}

// EventOnce returns the event with in.DedupeKey, creating it the first
// time together with its event of the dealers' stream (communication.*):
// db must be a transaction's client, so both rows commit together.
func EventOnce(ctx context.Context, db *ent.Client, in EventInput) (*ent.CommunicationEvent, error) {
	ev, record, err := EventOnceRecordLast(ctx, db, in)
	if err != nil {
		return nil, err
	}
	return ev, record(nil)
}

// EventOnceRecordLast is EventOnce leaving the dealers' stream event to
// record, which the caller runs as the transaction's last write (it does
// nothing when the event existed already). Recording locks the location's
// stream row until the commit (dealerevents.Record), so whatever the
// transaction does after it would hold every other writer of the
// location's events waiting: the check-ins of a burst, all at one
// location, queued behind each other's whole transaction (issue #24).
// record takes the event's appointment when the caller has read it in the
// transaction already; nil: record reads it.
func EventOnceRecordLast(ctx context.Context, db *ent.Client, in EventInput) (ev *ent.CommunicationEvent, record func(ap *ent.Appointment) error, err error) {
	none := func(*ent.Appointment) error { return nil }
	if in.DedupeKey == "" {
		return nil, none, fmt.Errorf("event of communication %d: empty dedupe key", in.CommunicationID)
	}
	if ev, err = db.CommunicationEvent.Query().Where(communicationevent.DedupeKey(in.DedupeKey)).Only(ctx); err == nil || !ent.IsNotFound(err) {
		return ev, none, err
	}
	c := db.CommunicationEvent.Create().SetCustomerCommunicationID(in.CommunicationID).SetAppointmentID(in.AppointmentID).
		SetType(in.Type).SetDedupeKey(in.DedupeKey).SetIP(in.IP)
	if in.UserID != 0 {
		c.SetUserID(in.UserID)
	}
	ev, err = c.Save(ctx)
	if ent.IsConstraintError(err) {
		ev, err = db.CommunicationEvent.Query().Where(communicationevent.DedupeKey(in.DedupeKey)).Only(ctx)
		return ev, none, err
	}
	if err != nil {
		return nil, none, err
	}
	typ, data, ok := dealerevents.ForCommunicationEvent(in.CommunicationID, in.Type)
	if !ok {
		return ev, none, nil
	}
	return ev, func(ap *ent.Appointment) error {
		if ap == nil {
			var err error
			if ap, err = db.Appointment.Get(ctx, in.AppointmentID); err != nil {
				return store.WrapNotFound(err, "appointment", in.AppointmentID)
			}
		}
		_, err := dealerevents.Record(ctx, db, dealerevents.Event{LocationID: ap.DealerLocationID, AppointmentID: ap.ID,
			Type: typ, At: ev.CreatedAt, Data: data})
		return err
	}, nil
}
