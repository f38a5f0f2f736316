package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/contracts/retention"
	"github.com/pitstop-dev/pitstop/ent/task"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// The nightly retention run on the dev server with the real activities and
// database (issue #26): at the demo dealer (24 months), an appointment
// closed 25 months ago whose last_timestamp a later write moved to today
// is anonymised (closed_at counts), its customer erased, and so is a reply that matched no
// appointment received 25 months ago, with its unmatched_reply task; a
// recent unmatched reply is kept. Batches of one, so each dealer takes
// several. Records retention_unmatched_replies (change
// retention-unmatched-replies).
func TestRetentionRunAnonymisesClosedAppointmentsAndUnmatchedReplies(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	db := s.DB.Client
	now := time.Now()
	old := now.AddDate(0, -25, 0)
	cust := db.Customer.Create().SetDealerLocationID(s.Demo.LocationID).SetFirstName("Oud").SaveX(ctx)
	ap := db.Appointment.Create().SetLocationID(s.Demo.LocationID).SetCustomerDriverID(cust.ID).SetDriverFirstname("Oud").SetRegNumber("XX-99-YY").
		SetTimeCarApp(old).SetClosedAt(old).SetLastTimestamp(now).SetLifecycleStage("completed").SetCreatedBy("test").SaveX(ctx)
	reply := func(sid string, at time.Time) int {
		m := db.AppointmentMessage.Create().SetDealerLocationID(s.Demo.LocationID).SetDirection("in").
			SetCommunicationChannelID(enums.CommunicationChannelIDSMS).SetText("is my car ready?").SetCreatedAt(at).
			SetProviderID("twilio:" + sid).SetCustomerAddress("+31699999999").SaveX(ctx)
		db.Task.Create().SetDealerLocationID(s.Demo.LocationID).SetKind("unmatched_reply").SetText("A reply: is my car ready?").
			SetDedupeKey(fmt.Sprintf("unmatched-reply-%d", m.ID)).ExecX(ctx)
		return m.ID
	}
	stale, fresh := reply("SMold", old), reply("SMnew", now)

	const id = "retention-e2e"
	run, err := s.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: s.Queue},
		retention.WorkflowName, retention.Input{BatchSize: 1})
	require.NoError(t, err)
	var counts retention.Counts
	require.NoError(t, run.Get(ctx, &counts))
	recordHistory(t, s, id, "retention_unmatched_replies")
	assert.Equal(t, 1, counts.Appointments)
	assert.Equal(t, 1, counts.Customers, "the customer had nothing else")
	assert.Equal(t, 1, counts.UnmatchedReplies)
	assert.GreaterOrEqual(t, counts.Batches, 4, "per dealer: a full batch and an empty one of each kind")

	got := db.Appointment.GetX(ctx, ap.ID)
	assert.Empty(t, got.DriverFirstname+got.RegNumber)
	assert.NotNil(t, got.PersonalDataRemovedAt)
	m := db.AppointmentMessage.GetX(ctx, stale)
	assert.Empty(t, m.Text+m.CustomerAddress)
	assert.Empty(t, db.Task.Query().Where(task.DedupeKey(fmt.Sprintf("unmatched-reply-%d", stale))).OnlyX(ctx).Text)
	m = db.AppointmentMessage.GetX(ctx, fresh)
	assert.Equal(t, "is my car ready?", m.Text)
	assert.Equal(t, "+31699999999", m.CustomerAddress)
}
