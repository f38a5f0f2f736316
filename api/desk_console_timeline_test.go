package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/mocks"

	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// stateValue is a workflow query's answer (the lifecycle's state).
type stateValue struct{ st contract.AppointmentState }

func (v stateValue) HasValue() bool { return true }
func (v stateValue) Get(p any) error {
	b, err := json.Marshal(v.st)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, p)
}

// The console's appointment view (issue #25): a reminder the follow-up
// sent and a reminder quiet hours hold are in GET /v1/appointments/{id}/events
// (reminders: receivers without an event, from the read model), the
// delivered one as delivered, the held one queued; when the held one goes
// is the lifecycle's state (GET /v1/appointments/{id}/state, held_messages),
// which the console asks only while a message is queued. Aftersales
// messages are listed too; event receivers and the thread's messages are not.
func TestConsoleTimelineShowsASentReminderAndAHeldOne(t *testing.T) {
	f := newAdminFixture(t)
	ctx := context.Background()
	ap := f.consoleAppointment(f.locA, "RE-MI-01", time.Now().Add(24*time.Hour))
	com := f.consoleCommunication(ap)
	other := f.consoleAppointment(f.locA, "OT-HE-02", time.Now().Add(24*time.Hour))
	receiver := func(apID int, kind, dest string, status enums.CommunicationReceiverStatus, state string) int {
		c := f.db.CommunicationReceiver.Create().SetAppointmentID(apID).SetCommunicationChannelID(enums.CommunicationChannelIDSMS).
			SetDestination(dest).SetStatus(status).SetDeliveryState(state).SetIdempotencyKey(fmt.Sprintf("t-%d-%s-%s", apID, kind, dest))
		if kind != "" {
			c.SetReminderKind(kind)
		}
		return c.SaveX(ctx).ID
	}
	ev := f.db.CommunicationEvent.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(ap.ID).
		SetType(enums.CommunicationEventTypeOnlineCheckInSent).SaveX(ctx)
	f.db.CommunicationReceiver.Create().SetCommunicationEventID(ev.ID).SetAppointmentID(ap.ID).SetCommunicationChannelID(enums.CommunicationChannelIDSMS).
		SetDestination("+31600000001").SetIdempotencyKey("t-event").SetDeliveryState("accepted").ExecX(ctx)
	sent := receiver(ap.ID, "answer_reminder", "+31600000001", enums.CommunicationReceiverStatusReceived, "accepted")
	held := receiver(ap.ID, "key_pickup_reminder", "+31600000001", enums.CommunicationReceiverStatusSent, "queued")
	feedback := receiver(ap.ID, "feedback_invitation", "eva@example.com", enums.CommunicationReceiverStatusSent, "accepted")
	receiver(ap.ID, "", "+31600000009", enums.CommunicationReceiverStatusSent, "accepted") // neither event nor kind: the thread's
	receiver(other.ID, "answer_reminder", "+31600000002", enums.CommunicationReceiverStatusReceived, "accepted")

	until := time.Date(2026, 12, 8, 6, 30, 0, 0, time.UTC) // 07:30 in Amsterdam
	tc := &mocks.Client{}
	tc.On("QueryWorkflow", mock.Anything, contract.AppointmentWorkflowID(ap.ID), "", contract.QueryState).Return(
		stateValue{contract.AppointmentState{AppointmentID: ap.ID, Stage: contract.StageCompleted,
			HeldMessages: []contract.HeldMessage{{ReceiverID: held, Message: "the reminder", Until: until}}}}, nil)
	f.router = New(Deps{DB: f.store, Temporal: tc, TaskQueue: "test", Tokens: f.iss, KeySecret: []byte("k"),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	token := f.token(enums.RoleIDReceptionist)

	var list struct {
		Events    []staffapi.StaffEventView `json:"events"`
		Reminders []staffapi.ReminderView   `json:"reminders"`
	}
	code, body := f.call("GET", fmt.Sprintf("/v1/appointments/%d/events", ap.ID), token, nil, &list)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, list.Events, 1)
	require.Len(t, list.Events[0].Receivers, 1, "the event keeps its own receiver")
	type line struct {
		ID     int
		Kind   string
		Status enums.CommunicationReceiverStatus
		State  string
	}
	var got []line
	for _, r := range list.Reminders {
		got = append(got, line{r.ID, r.Kind, r.Status, r.DeliveryState})
		require.False(t, r.CreatedAt.IsZero())
	}
	require.Equal(t, []line{{sent, "answer_reminder", enums.CommunicationReceiverStatusReceived, "accepted"},
		{held, "key_pickup_reminder", enums.CommunicationReceiverStatusSent, "queued"},
		{feedback, "feedback_invitation", enums.CommunicationReceiverStatusSent, "accepted"}}, got,
		"the appointment's reminders and aftersales messages, oldest first, and no other's")

	var st contract.AppointmentState
	code, body = f.call("GET", fmt.Sprintf("/v1/appointments/%d/state", ap.ID), token, nil, &st)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, []contract.HeldMessage{{ReceiverID: held, Message: "the reminder", Until: until}}, st.HeldMessages,
		"the held reminder goes at the opening")
}
