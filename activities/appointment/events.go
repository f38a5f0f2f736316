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
func EventOnce(ctx context.Context, db *ent.Client, in EventInput) (ev *ent.CommunicationEvent, err error) {
	if in.DedupeKey == "" {
		return nil, fmt.Errorf("event of communication %d: empty dedupe key", in.CommunicationID)
	}
	if ev, err = db.CommunicationEvent.Query().Where(communicationevent.DedupeKey(in.DedupeKey)).Only(ctx); err == nil || !ent.IsNotFound(err) {
		return ev, err
	}
	c := db.CommunicationEvent.Create().SetCustomerCommunicationID(in.CommunicationID).SetAppointmentID(in.AppointmentID).
		SetType(in.Type).SetDedupeKey(in.DedupeKey).SetIP(in.IP)
	if in.UserID != 0 {
		c.SetUserID(in.UserID)
	}
	ev, err = c.Save(ctx)
	if ent.IsConstraintError(err) {
		return db.CommunicationEvent.Query().Where(communicationevent.DedupeKey(in.DedupeKey)).Only(ctx)
	}
	if err != nil {
		return nil, err
	}
	if typ, data, ok := dealerevents.ForCommunicationEvent(in.CommunicationID, in.Type); ok {
		ap, err := db.Appointment.Get(ctx, in.AppointmentID)
		if err != nil {
			return nil, store.WrapNotFound(err, "appointment", in.AppointmentID)
		}
		if _, err := dealerevents.Record(ctx, db, dealerevents.Event{LocationID: ap.DealerLocationID, AppointmentID: ap.ID,
			Type: typ, At: ev.CreatedAt, Data: data}); err != nil {
			return nil, err
		}
	}
	return ev, nil
}
