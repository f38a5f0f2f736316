package appointment

import (
	"context"
	"fmt"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
)

// RecordEvent writes one CommunicationEvent once (by its dedupe key).
func (a *Activities) RecordEvent(ctx context.Context, in EventInput) error {
	_, err := EventOnce(ctx, a.DB, in)
	return err
}

// EventOnce returns the event with in.DedupeKey, creating it the first time.
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
	return ev, err
}
