package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"

	appointmentacts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/api/commread"
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/internal/config"
	"github.com/pitstop-dev/pitstop/internal/payloadcodec"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// timerSummaries are the summaries of every timer the workflow started, as
// the Temporal UI shows them.
func (s *stack) timerSummaries(workflowID string) []string {
	s.t.Helper()
	keys, err := payloadcodec.ParseKeyring(config.DevPayloadKeys)
	require.NoError(s.t, err)
	dc := payloadcodec.NewDataConverter(keys)
	var out []string
	it := s.Temporal.GetWorkflowHistory(context.Background(), workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		require.NoError(s.t, err)
		if ev.GetEventType() != enumspb.EVENT_TYPE_TIMER_STARTED || ev.GetUserMetadata().GetSummary() == nil {
			continue
		}
		var sum string
		require.NoError(s.t, dc.FromPayload(ev.GetUserMetadata().GetSummary(), &sum))
		out = append(out, sum)
	}
	return out
}

// The reminders on a real Temporal server: the online check-in and the
// diagnose overview each arm their reminder (a durable timer named in the
// Temporal UI), which the customer's answer cancels; a task the lifecycle
// opened is marked done once through its workflow, done again answers the
// first outcome.
func TestRemindersArmedAndCancelledAndATaskDoneOnce(t *testing.T) {
	s := newStack(t)
	s.start()
	ap := s.Demo.Appointments[0].AppointmentID
	wf := appointment.AppointmentWorkflowID(ap)
	st := s.waitState(ap, func(st appointment.AppointmentState) bool {
		return st.Stage == appointment.StageCheckInSent && st.FollowUp != nil
	})
	require.Equal(t, contract.TaskCheckInUnanswered, st.FollowUp.Kind)
	require.Equal(t, 24, st.FollowUp.ReminderHours, "the location's default")
	require.Eventually(t, func() bool {
		for _, sum := range s.timerSummaries(wf) {
			if sum == "wait 24 h for the online check-in answer, then remind the customer" {
				return true
			}
		}
		return false
	}, 10*time.Second, 100*time.Millisecond, "the reminder's timer is named in the UI: %q", s.timerSummaries(wf))

	key := s.customerKey("jan.devries@example.com")
	var view commread.CommunicationView
	code, body := s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	answer := map[string]any{"key": key, "customer_name": "Jan de Vries",
		"results":       []map[string]any{{"id": view.CheckInResults[0].ID, "accepted": true}, {"id": view.CheckInResults[1].ID, "accepted": true}},
		"agreement_ids": []int{view.Agreements[0].ID}, "drop_in_acses_locker": false}
	code, body = s.call("POST", "/v1/online_checkin/answer", "", answer, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageInWorkshop })

	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/diagnose_overview/send", ap), s.Token, struct{}{}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	st = s.waitState(ap, func(st appointment.AppointmentState) bool {
		return st.Stage == appointment.StageDiagnoseSent && st.FollowUp != nil && st.FollowUp.Kind == contract.TaskDiagnoseUnanswered
	})
	require.Equal(t, 4, st.FollowUp.ReminderHours)
	require.Equal(t, 3, st.FollowUp.Items, "the three interventions shown")
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/complete", ap), s.Token, struct{}{}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCompleted })
	recordHistory(t, s, wf, "appointment_reminders_armed_and_cancelled")
	require.Zero(t, s.countReminders(), "answered in time: no reminder went out")

	// A task (as the lifecycle opens one after a reminder) marked done.
	id, err := s.Acts.Appointment.OpenTask(context.Background(), appointmentacts.OpenTaskInput{AppointmentID: ap,
		Kind: contract.TaskDiagnoseUnanswered, Hours: 8, Items: 3, DedupeKey: wf + "-e2e-task"})
	require.NoError(t, err)
	var list struct {
		Tasks []staffapi.TaskView `json:"tasks"`
	}
	code, body = s.call("GET", fmt.Sprintf("/v1/tasks?location_id=%d", s.Demo.LocationID), s.Token, nil, &list)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, list.Tasks, 1)
	require.True(t, strings.HasPrefix(list.Tasks[0].Text, "Call Jan de Vries: diagnose overview unanswered for 8 h"), list.Tasks[0].Text)
	var first, again staffapi.TaskView
	code, body = s.call("POST", fmt.Sprintf("/v1/tasks/%d/done", id), s.Token, nil, &first)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, contract.TaskStateDone, first.State)
	require.Equal(t, s.Demo.ReceptionistID, *first.DoneByUserID)
	code, body = s.call("POST", fmt.Sprintf("/v1/tasks/%d/done", id), s.Token, nil, &again)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, first, again, "done twice answers the first outcome")
	// (Another location's task: TestTasksListAndDoneOnce in api/.)
}

// countReminders counts the reminder receivers written so far.
func (s *stack) countReminders() int {
	n, err := s.DB.CommunicationReceiver.Query().Where(communicationreceiver.ReminderKindNotNil()).Count(context.Background())
	require.NoError(s.t, err)
	return n
}
