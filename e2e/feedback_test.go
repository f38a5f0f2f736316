package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api/commread"
	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// Car ready, pick-up and feedback on a real Temporal server and
// PostgreSQL: a dealer admin switches both on; the repair overview brings
// "your car is ready", the pick-up one feedback question; the customer's
// answer goes through the real API once (the same again is the first, a
// different one, a bad score and a NUL byte are refused), the read shows
// the question open after the pick-up and the answer once given (the
// customer page's feedback view), and the dealer lists and exports it.
func TestCarReadyPickUpAndFeedbackOnTheRealAPI(t *testing.T) {
	s := newStack(t)
	s.start()
	admin := s.dealerAdminToken()
	loc := s.Demo.LocationID
	code, body := s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/aftersales", loc), admin,
		map[string]any{"car_ready_message_enabled": true, "feedback_question_enabled": true}, nil)
	require.Equal(t, http.StatusOK, code, string(body))

	ap := s.Demo.Appointments[0].AppointmentID
	wf := appointment.AppointmentWorkflowID(ap)
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	key := s.customerKey("jan.devries@example.com")

	// Feedback before the pick-up is refused.
	code, body = s.call("POST", "/v1/feedback/answer", "", map[string]any{"key": key, "score": 8}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, []string{contract.FeedbackNotPickedUp}, errorsOf(t, body))

	var view commread.CommunicationView
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	answer := map[string]any{"key": key, "customer_name": "Jan de Vries",
		"results":       []map[string]any{{"id": view.CheckInResults[0].ID, "accepted": true}, {"id": view.CheckInResults[1].ID, "accepted": true}},
		"agreement_ids": []int{view.Agreements[0].ID}, "drop_in_acses_locker": false}
	code, body = s.call("POST", "/v1/online_checkin/answer", "", answer, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageInWorkshop })
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/repair_overview/send", ap), s.Token, struct{}{}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageRepairSent })
	require.Eventually(t, func() bool { return s.countKind("car_ready") > 0 }, 20*time.Second, 100*time.Millisecond, "the car-ready message is planned")

	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/complete", ap), s.Token, struct{}{}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCompleted })
	require.Eventually(t, func() bool { return s.countKind("feedback_invitation") > 0 }, 20*time.Second, 100*time.Millisecond, "the feedback question is planned")
	recordHistory(t, s, wf, "appointment_car_ready_and_feedback_invitation")

	// The link of the invitation is the communication's: its read asks the
	// question now (the customer page shows it), from the read model.
	readFeedback := func() *commread.FeedbackView {
		t.Helper()
		var v commread.CommunicationView
		code, body := s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &v)
		require.Equal(t, http.StatusOK, code, string(body))
		return v.Feedback
	}
	open := readFeedback()
	require.NotNil(t, open, "no feedback question in the read after the pick-up")
	require.Nil(t, open.AnsweredAt)
	require.Nil(t, open.Score)

	for body, want := range map[string]string{
		`{"key":"` + key + `","score":11}`:                                              "score: must be a whole number between 0 and 10",
		`{"key":"` + key + `","score":7.5}`:                                             "score",
		`{"key":"` + key + `","score":"7"}`:                                             "score",
		`{"key":"` + key + `"}`:                                                         "score: required",
		`{"key":"` + key + `","score":7,"comment":"a\u0000b"}`:                          "comment",
		`{"key":"` + key + `","score":7,"comment":"` + strings.Repeat("x", 2001) + `"}`: "comment",
	} {
		code, b := s.call("POST", "/v1/feedback/answer", "", body, nil)
		require.Equal(t, http.StatusOK, code, string(b))
		require.Contains(t, strings.Join(errorsOf(t, b), "; "), want, body)
	}

	var first, again contract.FeedbackResult
	good := map[string]any{"key": key, "score": 9, "comment": "Quick and friendly"}
	code, body = s.call("POST", "/v1/feedback/answer", "", good, &first)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotContains(t, string(body), `"errors"`)
	require.Equal(t, 9, first.Score)
	code, body = s.call("POST", "/v1/feedback/answer", "", good, &again)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, first, again, "the same answer again is the first")
	given := readFeedback()
	require.NotNil(t, given)
	require.NotNil(t, given.Score)
	require.NotNil(t, given.AnsweredAt)
	require.Equal(t, 9, *given.Score)
	require.Equal(t, "Quick and friendly", given.Comment)
	require.True(t, first.AnsweredAt.Equal(*given.AnsweredAt), "the read shows the answer recorded: %s, %s", first.AnsweredAt, *given.AnsweredAt)
	code, body = s.call("POST", "/v1/feedback/answer", "", map[string]any{"key": key, "score": 2}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, []string{contract.FeedbackAlreadyAnswered}, errorsOf(t, body))
	n, err := s.DB.Feedback.Query().Count(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, n, "one row")

	day := first.AnsweredAt.Format("2006-01-02")
	var list struct {
		Feedback []struct {
			AppointmentID int    `json:"appointment_id"`
			Score         int    `json:"score"`
			Comment       string `json:"comment"`
		} `json:"feedback"`
	}
	q := fmt.Sprintf("from=%s&to=%s", first.AnsweredAt.AddDate(0, 0, -1).Format("2006-01-02"), first.AnsweredAt.AddDate(0, 0, 1).Format("2006-01-02"))
	code, body = s.call("GET", fmt.Sprintf("/v1/admin/locations/%d/feedback?%s", loc, q), admin, nil, &list)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, list.Feedback, 1, string(body))
	require.Equal(t, ap, list.Feedback[0].AppointmentID)
	require.Equal(t, "Quick and friendly", list.Feedback[0].Comment)
	code, body = s.call("GET", fmt.Sprintf("/v1/admin/locations/%d/feedback/export?%s", loc, q), admin, nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Contains(t, string(body), fmt.Sprintf(",%d,", ap))
	require.Contains(t, string(body), ",9,Quick and friendly")
	code, body = s.call("GET", fmt.Sprintf("/v1/admin/locations/%d/feedback?from=%s&to=2020-01-01", loc, day), admin, nil, nil)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{"to: must not be before from"}, errorsOf(t, body))
}

// countKind counts the receivers of an aftersales kind written so far.
func (s *stack) countKind(kind string) int {
	n, err := s.DB.CommunicationReceiver.Query().Where(communicationreceiver.ReminderKind(kind)).Count(context.Background())
	require.NoError(s.t, err)
	return n
}
