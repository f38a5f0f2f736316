// Package dealerevents is the dealers' signed, replayable event stream
// (issue #25): the transactional outbox every writer of an appointment fact
// calls in its own transaction (Record), the envelope a dealer receives and
// replays (Envelope), a location's stream settings (settings.go) and the
// replay reads (replay.go). Delivery is activities/dealerevents'.
//
// Decisions:
//   - Events carry no personal data in clear: IDs, stage names, kinds of
//     communication, key steps and times. A dealer looks the rest up in its
//     own systems (or the API) by appointment ID.
//   - Record takes the location's stream row lock (last_seq + 1, an
//     upsert), so location_seq follows commit order: a replay by location
//     cursor never skips an event committed late, and the per-appointment
//     seq (max + 1 under the same lock) has no gaps.
//   - Events are recorded whether or not delivery is on: a dealer can
//     replay history, and turning delivery on starts from the next event.
package dealerevents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealerevent"
	"github.com/pitstop-dev/pitstop/ent/dealereventstream"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Type is an event's type, the envelope's "type".
type Type string

// The event types. task.* are written with the receptionist's tasks
// (issue #25's reminders and escalations, activities/appointment/tasks.go).
const (
	TypeCommunicationSent     Type = "communication.sent"
	TypeCommunicationOpened   Type = "communication.opened"
	TypeCommunicationAnswered Type = "communication.answered"
	TypeKeyDropped            Type = "key.dropped"
	TypeKeyPickedUp           Type = "key.picked_up"
	TypeStageChanged          Type = "appointment.stage_changed"
	TypeTicketFinished        Type = "ticket.finished"
	TypeTaskOpened            Type = "task.opened"
	TypeTaskDone              Type = "task.done"
	TypeFeedbackAnswered      Type = "feedback.answered"
)

// Types lists every type, in the README's order.
var Types = []Type{TypeCommunicationSent, TypeCommunicationOpened, TypeCommunicationAnswered, TypeKeyDropped,
	TypeKeyPickedUp, TypeStageChanged, TypeTicketFinished, TypeTaskOpened, TypeTaskDone, TypeFeedbackAnswered}

// StageChanged is the data of appointment.stage_changed.
type StageChanged struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Communication is the data of communication.*: which communication
// (check_in, diagnose_overview, repair_overview; desk_check_in and
// kiosk_check_in for a check-in answered at the counter tablet or the
// kiosk, whose communication_id is the desk or kiosk communication's), the
// spec's event type number of that communication (CommunicationEventType,
// DeskCommunicationEventType or KioskCommunicationEventType), and whether
// it was sent again.
type Communication struct {
	CommunicationID int    `json:"communication_id"`
	Kind            string `json:"kind"`
	EventType       int    `json:"event_type"`
	Resent          bool   `json:"resent,omitempty"`
}

// Key steps and lockers of key.*.
const (
	KeyByCustomer = "customer" // drop-off before, pick-up after the repair
	KeyByStaff    = "staff"    // the mechanic's pick-up, the drop back
	LockerDevice  = "key_locker"
	LockerACSES   = "acses"
)

// Key is the data of key.dropped and key.picked_up.
type Key struct {
	By     string `json:"by"`
	Locker string `json:"locker"`
}

// TicketFinished is the data of ticket.finished.
type TicketFinished struct {
	TicketID       int    `json:"ticket_id"`
	Status         string `json:"status"`
	InterventionID int    `json:"intervention_id,omitempty"`
}

// Task is the data of task.opened and task.done (activities/appointment/tasks.go).
type Task struct {
	TaskID int    `json:"task_id"`
	Kind   string `json:"kind"`
}

// Feedback is the data of feedback.answered: the score only (the comment
// is the customer's own words, read through the feedback list).
type Feedback struct {
	Score int `json:"score"`
}

// Event is one fact to record.
type Event struct {
	LocationID    int
	AppointmentID int
	Type          Type
	At            time.Time
	Data          any
}

// Record writes ev to the outbox with the next sequence numbers. c must be
// the client of the transaction that writes the fact itself.
func Record(ctx context.Context, c *ent.Client, ev Event) (*ent.DealerEvent, error) {
	if ev.LocationID == 0 || ev.AppointmentID == 0 || ev.Type == "" {
		return nil, fmt.Errorf("dealer event %q: location and appointment required", ev.Type)
	}
	if ev.Data == nil {
		ev.Data = struct{}{}
	}
	data, err := json.Marshal(ev.Data)
	if err != nil {
		return nil, fmt.Errorf("dealer event %q: %w", ev.Type, err)
	}
	if ev.At.IsZero() {
		ev.At = time.Now()
	}
	locationSeq, err := nextLocationSeq(ctx, c, ev.LocationID)
	if err != nil {
		return nil, fmt.Errorf("dealer event stream of location %d: %w", ev.LocationID, err)
	}
	var last []struct {
		Max *int `json:"max"`
	}
	if err := c.DealerEvent.Query().Where(dealerevent.AppointmentID(ev.AppointmentID)).
		Aggregate(ent.As(ent.Max(dealerevent.FieldSeq), "max")).Scan(ctx, &last); err != nil {
		return nil, err
	}
	seq := 1
	if len(last) == 1 && last[0].Max != nil {
		seq = *last[0].Max + 1
	}
	return c.DealerEvent.Create().SetEventID(NewEventID()).SetDealerLocationID(ev.LocationID).
		SetAppointmentID(ev.AppointmentID).SetSeq(seq).SetLocationSeq(locationSeq).SetType(string(ev.Type)).
		SetData(data).SetOccurredAt(ev.At.UTC()).Save(ctx)
}

// nextLocationSeq counts one more event in the location's stream row and
// returns its last_seq; the row lock is held until the caller commits. A
// location with a stream row (every one after its first event) takes one
// UPDATE ... RETURNING (both dialects have it); the first event writes the
// row by INSERT ... ON CONFLICT DO UPDATE last_seq = last_seq + 1 (two
// first events at once both count) and reads it back.
func nextLocationSeq(ctx context.Context, c *ent.Client, locationID int) (int, error) {
	rows, err := c.QueryContext(ctx, "UPDATE "+dealereventstream.Table+" SET "+dealereventstream.FieldLastSeq+" = "+
		dealereventstream.FieldLastSeq+" + 1, "+dealereventstream.FieldUpdatedAt+" = $1 WHERE "+
		dealereventstream.FieldDealerLocationID+" = $2 RETURNING "+dealereventstream.FieldLastSeq, dealereventstream.UpdateDefaultUpdatedAt(), locationID)
	if err != nil {
		return 0, err
	}
	last, found := 0, false
	for rows.Next() {
		if err := rows.Scan(&last); err != nil {
			rows.Close()
			return 0, err
		}
		found = true
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil || found {
		return last, err
	}
	err = c.DealerEventStream.Create().SetDealerLocationID(locationID).SetLastSeq(1).
		OnConflictColumns(dealereventstream.FieldDealerLocationID).
		Update(func(u *ent.DealerEventStreamUpsert) { u.AddLastSeq(1).UpdateUpdatedAt() }).Exec(ctx)
	if err != nil {
		return 0, err
	}
	st, err := c.DealerEventStream.Query().Where(dealereventstream.DealerLocationID(locationID)).Only(ctx)
	if err != nil {
		return 0, err
	}
	return st.LastSeq, nil
}

// NewEventID is "evt_" and a time-ordered UUID without dashes.
func NewEventID() string {
	id, err := uuid.NewV7()
	if err != nil {
		id = uuid.New()
	}
	return "evt_" + strings.ReplaceAll(id.String(), "-", "")
}

// Communication kinds.
const (
	KindCheckIn          = "check_in"
	KindDiagnoseOverview = "diagnose_overview"
	KindRepairOverview   = "repair_overview"
	KindDeskCheckIn      = "desk_check_in"  // answered on the counter tablet
	KindKioskCheckIn     = "kiosk_check_in" // answered at the kiosk
)

// DeskCheckInAnswered is the event of a desk check-in answered on the
// counter tablet (DeskCommunicationEventType 6).
func DeskCheckInAnswered(desk *ent.DeskCommunication, at time.Time) Event {
	return Event{LocationID: desk.DealerLocationID, AppointmentID: desk.AppointmentID, Type: TypeCommunicationAnswered, At: at,
		Data: Communication{CommunicationID: desk.ID, Kind: KindDeskCheckIn, EventType: int(enums.DeskCommunicationEventTypeAnswered)}}
}

// KioskCheckInAnswered is the event of a kiosk check-in answered at the
// kiosk (KioskCommunicationEventType 2).
func KioskCheckInAnswered(kc *ent.KioskCommunication, at time.Time) Event {
	return Event{LocationID: kc.DealerLocationID, AppointmentID: kc.AppointmentID, Type: TypeCommunicationAnswered, At: at,
		Data: Communication{CommunicationID: kc.ID, Kind: KindKioskCheckIn, EventType: int(enums.KioskCommunicationEventTypeAnswered)}}
}

// ForCommunicationEvent maps a spec CommunicationEventType to the stream's
// type and data.
func ForCommunicationEvent(communicationID int, t enums.CommunicationEventType) (Type, Communication, bool) {
	d := Communication{CommunicationID: communicationID, EventType: int(t)}
	var typ Type
	switch t {
	case enums.CommunicationEventTypeOnlineCheckInSent:
		typ, d.Kind = TypeCommunicationSent, KindCheckIn
	case enums.CommunicationEventTypeOnlineCheckInOpened:
		typ, d.Kind = TypeCommunicationOpened, KindCheckIn
	case enums.CommunicationEventTypeOnlineCheckInAnswered:
		typ, d.Kind = TypeCommunicationAnswered, KindCheckIn
	case enums.CommunicationEventTypeDiagnoseOverviewCreated:
		typ, d.Kind = TypeCommunicationSent, KindDiagnoseOverview
	case enums.CommunicationEventTypeDiagnoseOverviewResent:
		typ, d.Kind, d.Resent = TypeCommunicationSent, KindDiagnoseOverview, true
	case enums.CommunicationEventTypeDiagnoseOverviewOpened:
		typ, d.Kind = TypeCommunicationOpened, KindDiagnoseOverview
	case enums.CommunicationEventTypeDiagnoseOverviewAnswered:
		typ, d.Kind = TypeCommunicationAnswered, KindDiagnoseOverview
	case enums.CommunicationEventTypeRepairOverviewCreated:
		typ, d.Kind = TypeCommunicationSent, KindRepairOverview
	case enums.CommunicationEventTypeRepairOverviewResent:
		typ, d.Kind, d.Resent = TypeCommunicationSent, KindRepairOverview, true
	case enums.CommunicationEventTypeRepairOverviewOpened:
		typ, d.Kind = TypeCommunicationOpened, KindRepairOverview
	default:
		return "", d, false
	}
	return typ, d, true
}

// Envelope is what a dealer receives (the delivery's body) and replays.
type Envelope struct {
	ID            string          `json:"id"`
	Type          string          `json:"type"`
	LocationID    int             `json:"location_id"`
	AppointmentID int             `json:"appointment_id"`
	Seq           int             `json:"seq"`
	LocationSeq   int             `json:"location_seq"`
	OccurredAt    time.Time       `json:"occurred_at"`
	Data          json.RawMessage `json:"data"`
}

// EnvelopeOf is the envelope of a recorded event.
func EnvelopeOf(e *ent.DealerEvent) Envelope {
	data := e.Data
	if len(data) == 0 {
		data = json.RawMessage("{}")
	}
	return Envelope{ID: e.EventID, Type: e.Type, LocationID: e.DealerLocationID, AppointmentID: e.AppointmentID,
		Seq: e.Seq, LocationSeq: e.LocationSeq, OccurredAt: e.OccurredAt.UTC(), Data: data}
}
