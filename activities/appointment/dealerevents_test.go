package appointment_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealerevent"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

func eventsOf(t *testing.T, db *ent.Client, ap int) []*ent.DealerEvent {
	t.Helper()
	return db.DealerEvent.Query().Where(dealerevent.AppointmentID(ap)).Order(ent.Asc(dealerevent.FieldSeq)).AllX(context.Background())
}

// runTwiceForOneEvent runs an activity and its retry, and returns the one
// stream event they added to the n0 the appointment had.
func (f *fixture) runTwiceForOneEvent(t *testing.T, n0 int, fn, arg any) *ent.DealerEvent {
	t.Helper()
	f.run(t, nil, fn, arg)
	f.run(t, nil, fn, arg)
	evs := eventsOf(t, f.db, f.ap)
	require.Len(t, evs, n0+1)
	return evs[len(evs)-1]
}

// On PostgreSQL: a stage change writes its appointment.stage_changed event
// with the stage it saves, once (a retry finds the stage saved); a save
// that fails after the stage write (an unknown communication) rolls back
// the stage and its event together: the outbox shares the transaction.
func TestSaveLifecycleWritesTheStageChangeInItsTransaction(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	before := f.db.Appointment.GetX(ctx, f.ap).LifecycleStage
	n0 := len(eventsOf(t, f.db, f.ap))

	s := appointment.LifecycleSnapshot{AppointmentID: f.ap, CommunicationID: f.com.CommunicationID, Stage: "check_in_sent",
		StatusIdentifier: enums.StatusIdentifierNew, CommunicationStatus: enums.CommunicationStatusCheckInSent, CheckInSent: true}
	require.NotEqual(t, string(s.Stage), before)
	last := f.runTwiceForOneEvent(t, n0, f.acts.SaveLifecycle, s)
	assert.Equal(t, string(dealerevents.TypeStageChanged), last.Type)
	assert.Equal(t, n0+1, last.Seq)
	var data dealerevents.StageChanged
	require.NoError(t, json.Unmarshal(last.Data, &data))
	assert.Equal(t, dealerevents.StageChanged{From: before, To: "check_in_sent"}, data)

	bad := s
	bad.Stage, bad.CommunicationID = "repair", f.com.CommunicationID+100000
	_, err := f.env.ExecuteActivity(f.acts.SaveLifecycle, bad)
	require.Error(t, err)
	assert.Equal(t, "check_in_sent", f.db.Appointment.GetX(ctx, f.ap).LifecycleStage, "the stage rolled back")
	assert.Len(t, eventsOf(t, f.db, f.ap), n0+1, "and its event with it")
}

// A communication event is one communication.* event of the stream, with
// IDs and kinds only; recorded again (same dedupe key), nothing more.
func TestRecordEventWritesOneStreamEvent(t *testing.T) {
	f := newFixture(t)
	n0 := len(eventsOf(t, f.db, f.ap))
	in := appointment.EventInput{AppointmentID: f.ap, CommunicationID: f.com.CommunicationID,
		Type: enums.CommunicationEventTypeOnlineCheckInOpened, DedupeKey: "opened-stream-1", IP: "192.0.2.7"}
	last := f.runTwiceForOneEvent(t, n0, f.acts.RecordEvent, in)
	assert.Equal(t, string(dealerevents.TypeCommunicationOpened), last.Type)
	assert.JSONEq(t, `{"communication_id":`+itoa(f.com.CommunicationID)+`,"kind":"check_in","event_type":2}`, string(last.Data))
	assert.NotContains(t, string(last.Data), "192.0.2.7", "no personal data")
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
