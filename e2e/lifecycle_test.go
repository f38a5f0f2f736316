package e2e

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// The foundation's promise: seeded appointments get a running lifecycle that
// a receptionist can query over HTTP, with the check-in sent to the first.
func TestSeededAppointmentsRunAndAreQueryable(t *testing.T) {
	s := newStack(t)
	s.start()
	first, later := s.Demo.Appointments[0], s.Demo.Appointments[1]
	st := s.waitState(first.AppointmentID, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	require.Equal(t, "WO-1001", st.WONr)
	require.Equal(t, enums.CommunicationStatusCheckInSent, st.CommunicationStatus)
	// Loaded (the query answers before the load, with no send time yet).
	st = s.waitState(later.AppointmentID, func(st appointment.AppointmentState) bool {
		return st.Stage == appointment.StageScheduled && !st.CheckInSendAt.IsZero()
	})
	require.True(t, st.CheckInSendAt.After(time.Now()), "the second appointment waits for its check-in day")

	// The read model follows the workflow.
	var list struct {
		Appointments []struct {
			ID             int    `json:"id"`
			LifecycleStage string `json:"lifecycle_stage"`
		} `json:"appointments"`
	}
	// The query sees the new stage as soon as the workflow task that
	// schedules SaveLifecycle completes; the read model follows shortly after.
	require.Eventually(t, func() bool {
		code, _ := s.call("GET", fmt.Sprintf("/v1/appointments?dealer_location_id=%d", s.Demo.LocationID), s.Token, nil, &list)
		return code == http.StatusOK && len(list.Appointments) == 3 && list.Appointments[0].LifecycleStage == "check_in_sent"
	}, 10*time.Second, 20*time.Millisecond, "the read model follows the workflow: %+v", list)

	// And ops find it in Temporal by its search attributes.
	require.Eventually(t, func() bool {
		res, err := s.Temporal.CountWorkflow(t.Context(), &workflowservice.CountWorkflowExecutionsRequest{Query: `WONr = "WO-1001" AND LifecycleStage = "check_in_sent"`})
		return err == nil && res.GetCount() == 1
	}, 10*time.Second, 100*time.Millisecond)
}

// From the online check-in to the repair overview PDF, through HTTP only.
func TestLifecycleThroughTheAPI(t *testing.T) {
	s := newStack(t)
	s.start()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	key := s.customerKey("jan.devries@example.com")

	// The customer opens the link.
	var view commread.CommunicationView
	code, body := s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, enums.CommunicationStatusCheckInOpened, view.Status)
	require.False(t, view.IsReceptionist)
	require.Len(t, view.CheckInResults, 2)
	require.Len(t, view.Agreements, 2)
	require.NotContains(t, string(body), "key_hash", "secrets never serialise")

	// Uploads a photo for a remark and answers.
	url := s.upload(key, "noise.jpg", bytes.Repeat([]byte{0xff, 0xd8, 0xff}, 100))
	answer := map[string]any{
		"key": key, "customer_name": "Jan de Vries", "correct_phone": "+31611111111",
		"results":                         []map[string]any{{"id": view.CheckInResults[0].ID, "accepted": true}, {"id": view.CheckInResults[1].ID, "accepted": false}},
		"remarks":                         []map[string]any{{"title": "Rattle", "description": "Rattles at 80 km/h", "attachments": []string{url}}},
		"agreement_ids":                   []int{view.Agreements[0].ID},
		"preferred_communication_channel": 2, "drop_in_acses_locker": false,
	}
	var pins appointment.CheckInAnswerResult
	code, body = s.call("POST", "/v1/online_checkin/answer", "", answer, &pins)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Regexp(t, `^\d{6}$`, pins.KeyLockerPIN, "the location sends key-locker PINs with the check-in")
	st := s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageInWorkshop })
	require.Equal(t, enums.StatusIdentifierCustomerAnsweredOnline, st.StatusIdentifier)

	// The same answer again (a retry) gets the first answer's outcome.
	var again appointment.CheckInAnswerResult
	code, body = s.call("POST", "/v1/online_checkin/answer", "", answer, &again)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, pins, again)

	// The receptionist sends the diagnose overview; the same key now shows it.
	var sent appointment.SendResult
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/diagnose_overview/send", ap), s.Token, struct{}{}, &sent)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, enums.CommunicationEventTypeDiagnoseOverviewCreated, sent.EventType)
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"communication_key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, enums.CommunicationStatusDiagnoseOverviewOpened, view.Status)
	require.Len(t, view.Appointment.Interventions, 3)
	ivs := view.Appointment.Interventions
	decision := map[string]any{"key": key, "customer_name": "Jan de Vries", "interventions": []map[string]any{
		{"id": ivs[0].ID, "communication_result_status": 2}, {"id": ivs[1].ID, "communication_result_status": 3},
		{"id": ivs[2].ID, "communication_result_status": 4}}}
	code, body = s.call("POST", "/v2/diagnose_overview/answer", "", decision, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, body)
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageDiagnoseAnswered })

	// The mechanic fixed what was agreed; the receptionist sends the repair overview.
	code, _ = s.call("POST", fmt.Sprintf("/v1/appointments/%d/interventions/%d/fixed", ap, ivs[0].ID), s.Token, map[string]bool{"mechanic_fixed": true}, nil)
	require.Equal(t, http.StatusOK, code)
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/repair_overview/send", ap), s.Token, struct{}{}, &sent)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, enums.CommunicationEventTypeRepairOverviewCreated, sent.EventType)
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageRepairSent })

	code, pdf := s.call("POST", "/v1/repair_overview/download", "", map[string]string{"communication_key": key}, nil)
	require.Equal(t, http.StatusOK, code, string(pdf))
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")), "a real PDF")

	// Every step left its event, in order.
	var events struct {
		Events []struct {
			Type      enums.CommunicationEventType `json:"type"`
			Receivers []struct {
				Status enums.CommunicationReceiverStatus `json:"status"`
			} `json:"receivers"`
		} `json:"events"`
	}
	require.Eventually(t, func() bool {
		s.call("GET", fmt.Sprintf("/v1/appointments/%d/events", ap), s.Token, nil, &events)
		return len(events.Events) == 7
	}, 10*time.Second, 50*time.Millisecond)
	var types []enums.CommunicationEventType
	for _, e := range events.Events {
		types = append(types, e.Type)
	}
	require.Equal(t, []enums.CommunicationEventType{1, 2, 3, 4, 5, 6, 8}, types)

	// The customer can still read after the lifecycle ends.
	code, _ = s.call("POST", fmt.Sprintf("/v1/appointments/%d/complete", ap), s.Token, struct{}{}, nil)
	require.Equal(t, http.StatusOK, code)
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCompleted })
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	// Recorded under the appointment epoch at its version 2 (one Version
	// marker for the change IDs it covers; workflows/appointment/epoch.go).
	// The same path as older code ran it stays as that code recorded it:
	// appointment_full_lifecycle.json from before the epoch,
	// appointment_full_lifecycle_epoch.json under its version 1. A
	// re-record must not overwrite them with this run, or their markers
	// and branches would leave the recorded histories.
	recordHistory(t, s, appointment.AppointmentWorkflowID(ap), "appointment_full_lifecycle_epoch2")
}

// upload posts one file and returns its URL.
func (s *stack) upload(key, name string, data []byte) string {
	s.t.Helper()
	code, body := s.uploadRaw(key, name, data)
	require.Equal(s.t, http.StatusOK, code, string(body))
	var out struct {
		URL string `json:"url"`
	}
	require.NoError(s.t, jsonUnmarshal(body, &out))
	require.NotEmpty(s.t, out.URL, string(body))
	return out.URL
}

func (s *stack) uploadRaw(key, name string, data []byte) (int, []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	require.NoError(s.t, mw.WriteField("key", key))
	fw, err := mw.CreateFormFile("file", name)
	require.NoError(s.t, err)
	_, _ = fw.Write(data)
	require.NoError(s.t, mw.Close())
	res, err := http.Post(s.API.URL+"/v1/communication/upload_attachment", mw.FormDataContentType(), &buf)
	require.NoError(s.t, err)
	defer res.Body.Close()
	b, _ := readAll(res)
	return res.StatusCode, b
}
