package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/retention"
	"github.com/pitstop-dev/pitstop/ent/task"
	"github.com/pitstop-dev/pitstop/internal/enums"
	apptcaller "github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// The nightly retention run on the dev server with the real activities and
// database (issue #26): at the demo dealer (24 months), an appointment
// closed 25 months ago whose last_timestamp a later write moved to today
// is anonymised (closed_at counts), its customer erased, and so is a reply that matched no
// appointment received 25 months ago, with its unmatched_reply task; a
// recent unmatched reply is kept; one whose location could not be told,
// received 25 months ago, is blanked too (the default 24 months); the appointment's lifecycle run that
// ended with the plate in clear in its visibility record is deleted.
// Batches of one, so each dealer takes
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
		loc := &s.Demo.LocationID
		if sid == "SMnobodys" {
			loc = nil
		}
		m := db.AppointmentMessage.Create().SetNillableDealerLocationID(loc).SetDirection("in").
			SetCommunicationChannelID(enums.CommunicationChannelIDSMS).SetText("is my car ready?").SetCreatedAt(at).
			SetProviderID("twilio:" + sid).SetCustomerAddress("+31699999999").SaveX(ctx)
		db.Task.Create().SetDealerLocationID(s.Demo.LocationID).SetKind("unmatched_reply").SetText("A reply: is my car ready?").
			SetDedupeKey(fmt.Sprintf("unmatched-reply-%d", m.ID)).ExecX(ctx)
		return m.ID
	}
	stale, fresh, nobodys := reply("SMold", old), reply("SMnew", now), reply("SMnobodys", old)
	// Its lifecycle ended before reg-number-search-hash: the plate in clear
	// in its visibility record (started here with the attribute set, on a
	// queue no worker polls).
	_, err := s.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: appointment.AppointmentWorkflowID(ap.ID),
		TaskQueue: "no-worker-" + s.Queue, TypedSearchAttributes: temporal.NewSearchAttributes(
			apptcaller.SAAppointmentID.ValueSet(int64(ap.ID)), apptcaller.SARegNumber.ValueSet("XX-99-YY"))},
		appointment.WorkflowName, appointment.AppointmentInput{AppointmentID: ap.ID})
	require.NoError(t, err)
	require.NoError(t, s.Temporal.TerminateWorkflow(ctx, appointment.AppointmentWorkflowID(ap.ID), "", "ended long ago"))
	require.Eventually(t, func() bool { return s.byPlate("XX-99-YY") == 1 }, 10*time.Second, 50*time.Millisecond)

	const id = "retention-e2e"
	run, err := s.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: s.Queue},
		retention.WorkflowName, retention.Input{BatchSize: 1})
	require.NoError(t, err)
	var counts retention.Counts
	require.NoError(t, run.Get(ctx, &counts))
	recordHistory(t, s, id, "retention_unmatched_replies")
	assert.Equal(t, 1, counts.Appointments)
	assert.Equal(t, 1, counts.Customers, "the customer had nothing else")
	assert.Equal(t, 2, counts.UnmatchedReplies, "the dealer's and the one of no location")
	assert.GreaterOrEqual(t, counts.Batches, 4, "per dealer: a full batch and an empty one of each kind")

	got := db.Appointment.GetX(ctx, ap.ID)
	assert.Empty(t, got.DriverFirstname+got.RegNumber)
	assert.NotNil(t, got.PersonalDataRemovedAt)
	for _, id := range []int{stale, nobodys} {
		m := db.AppointmentMessage.GetX(ctx, id)
		assert.Empty(t, m.Text+m.CustomerAddress)
		assert.Empty(t, db.Task.Query().Where(task.DedupeKey(fmt.Sprintf("unmatched-reply-%d", id))).OnlyX(ctx).Text)
	}
	m := db.AppointmentMessage.GetX(ctx, fresh)
	assert.Equal(t, "is my car ready?", m.Text)
	assert.Equal(t, "+31699999999", m.CustomerAddress)
	require.Eventually(t, func() bool { return s.byPlate("XX-99-YY") == 0 }, 90*time.Second, 200*time.Millisecond,
		"the batch deleted the ended lifecycle that held the plate in clear")
}

// byPlate counts the workflow runs whose RegNumber search attribute is v.
func (s *stack) byPlate(v string) int {
	s.t.Helper()
	resp, err := s.Temporal.ListWorkflow(context.Background(), &workflowservice.ListWorkflowExecutionsRequest{Query: fmt.Sprintf("RegNumber = %q", v)})
	require.NoError(s.t, err)
	return len(resp.GetExecutions())
}

// Lifecycles started before change reg-number-search-hash carry the plate
// in clear in their RegNumber search attribute. Two such runs of an erased
// customer's closed appointments, started here with the attribute set
// directly on a queue no worker polls: one ended (terminated), one still
// running. The erasure through the API starts ForgetPlainPlatesWorkflow,
// which deletes the ended run (the query by its plate then finds nothing)
// and leaves the running one, counted; the database keeps the appointment.
// Records erasure_forget_plain_plates.
func TestErasureDeletesClosedLifecyclesWithThePlateInClear(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	db := s.DB.Client
	old := time.Now().AddDate(0, -2, 0)
	cust := db.Customer.Create().SetDealerLocationID(s.Demo.LocationID).SetFirstName("Oud").SetTelMobilePrivate("+31687654321").SaveX(ctx)
	closedApp := func(plate string) int {
		return db.Appointment.Create().SetLocationID(s.Demo.LocationID).SetCustomerDriverID(cust.ID).SetRegNumber(plate).
			SetTimeCarApp(old).SetClosedAt(old).SetLifecycleStage("completed").SetCreatedBy("test").SaveX(ctx).ID
	}
	const ended, running = "XX-11-YY", "ZZ-22-WW"
	endedID, runningID := closedApp(ended), closedApp(running)
	start := func(appointmentID int, plate string) {
		_, err := s.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: appointment.AppointmentWorkflowID(appointmentID),
			TaskQueue: "no-worker-" + s.Queue, TypedSearchAttributes: temporal.NewSearchAttributes(
				apptcaller.SAAppointmentID.ValueSet(int64(appointmentID)), apptcaller.SARegNumber.ValueSet(plate))},
			appointment.WorkflowName, appointment.AppointmentInput{AppointmentID: appointmentID})
		require.NoError(t, err)
	}
	start(endedID, ended)
	start(runningID, running)
	require.NoError(t, s.Temporal.TerminateWorkflow(ctx, appointment.AppointmentWorkflowID(endedID), "", "ended before the erasure"))
	byPlate := s.byPlate
	require.Eventually(t, func() bool { return byPlate(ended) == 1 && byPlate(running) == 1 }, 10*time.Second, 50*time.Millisecond,
		"the visibility store shows both plates")

	var rec struct {
		ID          int   `json:"id"`
		CustomerIDs []int `json:"customer_ids"`
	}
	code, body := s.call("POST", "/v1/admin/customers/erasure", s.dealerAdminToken(),
		map[string]any{"customer_id": cust.ID}, &rec)
	require.Equal(t, 200, code, string(body))
	require.Equal(t, []int{cust.ID}, rec.CustomerIDs, string(body))

	wf := retention.PlatesWorkflowID(rec.ID)
	var res retention.PlatesResult
	require.Eventually(t, func() bool {
		_, err := s.Temporal.DescribeWorkflowExecution(ctx, wf, "")
		return err == nil
	}, 10*time.Second, 50*time.Millisecond, "the erasure started its follow-up")
	require.NoError(t, s.Temporal.GetWorkflow(ctx, wf, "").Get(ctx, &res))
	assert.Equal(t, retention.PlatesResult{Deleted: 1, Running: 1}, res)
	recordHistory(t, s, wf, "erasure_forget_plain_plates")

	// The server deletes a run's records asynchronously (seconds under load).
	asked := time.Now()
	require.Eventually(t, func() bool { return byPlate(ended) == 0 }, 90*time.Second, 200*time.Millisecond,
		"no visibility record holds the erased customer's ended plate")
	t.Logf("visibility record gone %s after the deletion", time.Since(asked).Round(time.Millisecond))
	assert.Equal(t, 1, byPlate(running), "a running one is left (README)")
	assert.Empty(t, db.Appointment.GetX(ctx, endedID).RegNumber, "the row stays, anonymised")
}
