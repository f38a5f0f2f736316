package e2e

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/ent/deskcommunicationevent"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// receptionistRoutes are every bearer-token route, with the seeded IDs in.
func receptionistRoutes(ap int) [][2]string {
	return [][2]string{
		{"GET", "/v1/appointments?dealer_location_id=1"},
		{"GET", fmt.Sprintf("/v1/appointments/%d", ap)},
		{"GET", fmt.Sprintf("/v1/appointments/%d/state", ap)},
		{"GET", fmt.Sprintf("/v1/appointments/%d/events", ap)},
		{"GET", fmt.Sprintf("/v1/appointments/%d/keylocker", ap)},
		{"POST", fmt.Sprintf("/v1/appointments/%d/diagnose_overview/send", ap)},
		{"POST", fmt.Sprintf("/v1/appointments/%d/diagnose_overview/resend", ap)},
		{"POST", fmt.Sprintf("/v1/appointments/%d/repair_overview/send", ap)},
		{"POST", fmt.Sprintf("/v1/appointments/%d/repair_overview/resend", ap)},
		{"POST", fmt.Sprintf("/v1/appointments/%d/reschedule", ap)},
		{"POST", fmt.Sprintf("/v1/appointments/%d/cancel", ap)},
		{"POST", fmt.Sprintf("/v1/appointments/%d/complete", ap)},
		{"POST", "/v1/remarks/handled"},
		{"POST", fmt.Sprintf("/v1/appointments/%d/interventions/1/fixed", ap)},
		{"GET", fmt.Sprintf("/v1/appointments/%d/desk_checkin", ap)},
		{"POST", fmt.Sprintf("/v1/appointments/%d/desk_checkin/send", ap)},
		{"GET", "/v1/desk_checkin/pending"},
		{"POST", "/v1/desk_checkin/1/status"},
	}
}

// Tokens, location access and the list's parameters.
func TestAPIReceptionistAccess(t *testing.T) {
	s := newStack(t)
	s.start()
	ap := s.Demo.Appointments[0].AppointmentID
	loc := s.Demo.LocationID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })

	now := time.Now()
	expired := s.token(s.Demo.ReceptionistID, []int{loc}, enums.RoleIDReceptionist, time.Minute, now.Add(-time.Hour))
	foreign, err := auth.NewIssuer("another-token-secret-0123456789")
	require.NoError(t, err)
	forged, err := foreign.Mint(s.Demo.ReceptionistID, []int{loc}, enums.RoleIDTopLevel, time.Hour, now)
	require.NoError(t, err)
	// Signed with our secret, but not what the user is: no such user, a role
	// or a location it does not have, a user disabled since.
	unknownUser := s.token(s.Demo.TabletID+1000, []int{loc}, enums.RoleIDReceptionist, time.Hour, now)
	wrongRole := s.token(s.Demo.ReceptionistID, []int{loc}, enums.RoleIDTopLevel, time.Hour, now)
	wrongLocation := s.token(s.Demo.ReceptionistID, []int{loc, s.otherLocation()}, enums.RoleIDReceptionist, time.Hour, now)
	disabledUser := s.staffUser(enums.RoleIDReceptionist, loc)
	disabled := s.token(disabledUser, []int{loc}, enums.RoleIDReceptionist, time.Hour, now)
	require.NoError(t, s.DB.User.UpdateOneID(disabledUser).SetStatus(enums.UserStatusIDInactive).Exec(context.Background()))
	for _, rt := range receptionistRoutes(ap) {
		for name, header := range map[string]string{
			"none": "", "empty": "Bearer ", "not a JWT": "Bearer garbage", "basic": "Basic cml0YTpyaXRh",
			"expired": "Bearer " + expired, "other secret": "Bearer " + forged, "customer key": "Bearer " + s.keyOf(ap, keys.Customer),
			"unknown user": "Bearer " + unknownUser, "wrong role": "Bearer " + wrongRole, "wrong location": "Bearer " + wrongLocation,
			"disabled user": "Bearer " + disabled,
		} {
			var hdr []string
			if header != "" {
				hdr = []string{"Authorization", header}
			}
			code, body := s.callAt(s.API.URL, rt[0], rt[1], "", struct{}{}, nil, hdr...)
			require.Equal(t, http.StatusUnauthorized, code, "%s %s with %s token: %s", rt[0], rt[1], name, body)
			errorsOf(t, body)
		}
	}
	// A counter tablet's token reaches the desk check-in endpoints only.
	tablet := s.token(s.Demo.TabletID, []int{loc}, enums.RoleIDCounterTablet, time.Hour, now)
	for _, rt := range receptionistRoutes(ap) {
		if strings.HasPrefix(rt[1], "/v1/desk_checkin/") {
			continue
		}
		code, body := s.call(rt[0], rt[1], tablet, struct{}{}, nil)
		failed(t, code, body, http.StatusForbidden)
		require.Contains(t, string(body), "a counter tablet may only use the desk check-in endpoints")
	}
	code, body := s.call("GET", "/v1/desk_checkin/pending", tablet, nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	st := s.waitState(ap, func(appointment.AppointmentState) bool { return true })
	require.Equal(t, appointment.StageCheckInSent, st.Stage, "no refused call acted")

	// A token of another location sees none of this one: 404, as if absent.
	elsewhere := s.elsewhereToken()
	for _, rt := range receptionistRoutes(ap) {
		if strings.Contains(rt[1], "/remarks/") || strings.Contains(rt[1], "/desk_checkin/") || strings.Contains(rt[1], "?") {
			continue // not about one appointment: below
		}
		code, body := s.call(rt[0], rt[1], elsewhere, struct{}{}, nil)
		failed(t, code, body, http.StatusNotFound)
	}
	code, body = s.call("GET", fmt.Sprintf("/v1/appointments?dealer_location_id=%d", loc), elsewhere, nil, nil)
	failed(t, code, body, http.StatusNotFound)
	require.Equal(t, appointment.StageCheckInSent, s.waitState(ap, func(appointment.AppointmentState) bool { return true }).Stage)
	// An admin role sees every location.
	admin := s.staffToken(enums.RoleIDClaireAdmin)
	code, body = s.call("GET", fmt.Sprintf("/v1/appointments/%d", ap), admin, nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))

	// Appointment IDs.
	code, body = s.call("GET", "/v1/appointments/abc", s.Token, nil, nil)
	refused(t, code, body, "id: must be a positive appointment ID")
	code, body = s.call("GET", "/v1/appointments/0/state", s.Token, nil, nil)
	refused(t, code, body, "id: must be a positive appointment ID")
	code, body = s.call("GET", "/v1/appointments/99999", s.Token, nil, nil)
	failed(t, code, body, http.StatusNotFound)

	// The list and its parameters.
	type page struct {
		Appointments []struct {
			ID         int       `json:"id"`
			TimeCarApp time.Time `json:"time_car_app"`
		} `json:"appointments"`
		Page     int `json:"page"`
		PageSize int `json:"page_size"`
	}
	list := func(query string) (int, []byte, page) {
		var p page
		code, body := s.call("GET", "/v1/appointments?"+query, s.Token, nil, &p)
		return code, body, p
	}
	code, body, p := list(fmt.Sprintf("dealer_location_id=%d", loc))
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, p.Appointments, 3)
	require.Equal(t, 1, p.Page)
	require.Equal(t, 50, p.PageSize)
	code, body, p = list(fmt.Sprintf("dealer_location_id=%d&page_size=200", loc))
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, 200, p.PageSize)
	code, body, p = list(fmt.Sprintf("dealer_location_id=%d&page_size=2&page=2", loc))
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, p.Appointments, 1)
	require.Equal(t, s.Demo.Appointments[2].AppointmentID, p.Appointments[0].ID)
	from := now.Add(4 * 24 * time.Hour).UTC().Format(time.RFC3339)
	to := now.Add(8 * 24 * time.Hour).UTC().Format(time.RFC3339)
	code, body, p = list(fmt.Sprintf("dealer_location_id=%d&from=%s&to=%s", loc, from, to))
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, p.Appointments, 1, "only the appointment in 5 days")
	require.Equal(t, s.Demo.Appointments[1].AppointmentID, p.Appointments[0].ID)
	code, body, p = list(fmt.Sprintf("dealer_location_id=%d&stage=check_in_sent", loc))
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, p.Appointments, 1)
	for query, want := range map[string]string{
		fmt.Sprintf("dealer_location_id=%d&page_size=201", loc):           "page_size: at most 200",
		fmt.Sprintf("dealer_location_id=%d&page_size=0", loc):             "page_size: must be at least 1",
		fmt.Sprintf("dealer_location_id=%d&page=0", loc):                  "page: must be at least 1",
		fmt.Sprintf("dealer_location_id=%d&page=x", loc):                  "page: must be a whole number",
		fmt.Sprintf("dealer_location_id=%d&from=yesterday", loc):          "from/to: RFC 3339",
		fmt.Sprintf("dealer_location_id=%d&from=2026-11-24", loc):         "from/to: RFC 3339",
		fmt.Sprintf("dealer_location_id=%d&to=2026-13-01T00:00:00Z", loc): "from/to: RFC 3339",
		"":                      "dealer_location_id: required",
		"dealer_location_id=-1": "dealer_location_id: must be greater than 0",
	} {
		code, body, _ := list(query)
		refused(t, code, body, want)
	}
}

// Sending, resending, remarks, fixes, rescheduling, cancelling, completing.
func TestAPIReceptionistActions(t *testing.T) {
	s := newStack(t)
	s.start()
	ap, ap2, ap3 := s.Demo.Appointments[0].AppointmentID, s.Demo.Appointments[1].AppointmentID, s.Demo.Appointments[2].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	key := s.customerKey("jan.devries@example.com")
	path := func(format string, a ...any) string { return fmt.Sprintf(format, a...) }

	// Before the customer answers there is no key-locker check-in.
	var kl struct {
		KeyLocker []struct {
			ID          int                                `json:"id"`
			Status      enums.KeyLockerCommunicationStatus `json:"status"`
			PinExpireOn *time.Time                         `json:"pin_expire_on"`
		} `json:"keylocker_communications"`
	}
	code, body := s.call("GET", path("/v1/appointments/%d/keylocker", ap), s.Token, nil, &kl)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, kl.KeyLocker)

	// The customer checks in with a remark and gets a key-locker PIN.
	var view commread.CommunicationView
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitEvents(ap, 1, 2)
	var pins appointment.CheckInAnswerResult
	code, body = s.call("POST", "/v1/online_checkin/answer", "", map[string]any{"key": key, "customer_name": "Jan de Vries",
		"remarks": []map[string]string{{"title": "Rattle"}}}, &pins)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotEmpty(t, pins.KeyLockerPIN)
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageInWorkshop })

	// The key-locker check-in, without its PIN.
	code, body = s.call("GET", path("/v1/appointments/%d/keylocker", ap), s.Token, nil, &kl)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, kl.KeyLocker, 1)
	require.Equal(t, enums.KeyLockerCommunicationStatusDropPINSent, kl.KeyLocker[0].Status)
	require.NotNil(t, kl.KeyLocker[0].PinExpireOn)
	require.NotContains(t, string(body), pins.KeyLockerPIN)
	require.NotContains(t, string(body), `"pin"`)

	// The check-in remark, marked handled.
	var detail struct {
		Communication commread.CommunicationView `json:"communication"`
	}
	code, body = s.call("GET", path("/v1/appointments/%d", ap), s.Token, nil, &detail)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, detail.Communication.CheckInRemarks, 1)
	remark := detail.Communication.CheckInRemarks[0]
	require.False(t, remark.ReceptionistHandled)
	code, body = s.call("POST", "/v1/remarks/handled", s.Token, map[string]any{"type": "check_in", "id": remark.ID}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, body)
	r, err := s.DB.CheckInRemark.Get(context.Background(), remark.ID)
	require.NoError(t, err)
	require.True(t, r.ReceptionistHandled)
	for _, c := range []struct {
		body any
		want string
	}{
		{map[string]any{"type": "check_in", "id": 999999}, "404"},
		{map[string]any{"type": "diagnose_overview", "id": remark.ID + 999999}, "404"},
		{map[string]any{"type": "kiosk", "id": remark.ID}, "invalid JSON payload"},
		{map[string]any{"type": "check_in"}, "invalid JSON payload"},
		{`{"type":"check_in","id":`, "invalid JSON payload"},
	} {
		code, body := s.call("POST", "/v1/remarks/handled", s.Token, c.body, nil)
		if c.want == "404" {
			failed(t, code, body, http.StatusNotFound)
		} else {
			refused(t, code, body, c.want)
		}
	}
	elsewhere := s.elsewhereToken()
	code, body = s.call("POST", "/v1/remarks/handled", elsewhere, map[string]any{"type": "check_in", "id": remark.ID}, nil)
	failed(t, code, body, http.StatusNotFound)

	// Diagnose overview: send (event 4), resend (event 7).
	var sent appointment.SendResult
	code, body = s.call("POST", path("/v1/appointments/%d/diagnose_overview/send", ap), s.Token, nil, &sent)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, appointment.SendResult{EventType: enums.CommunicationEventTypeDiagnoseOverviewCreated,
		CommunicationStatus: enums.CommunicationStatusDiagnoseOverviewSent}, sent)
	// Right after a send, only a resend with its own Idempotency-Key is a new
	// send (without one it would be taken for a repeat of the first).
	code, body = s.callAt(s.API.URL, "POST", path("/v1/appointments/%d/diagnose_overview/resend", ap), s.Token, nil, nil, "Idempotency-Key", "resend-1")
	require.Equal(t, http.StatusOK, code, string(body))
	require.NoError(t, jsonUnmarshal(body, &sent))
	require.Equal(t, enums.CommunicationEventTypeDiagnoseOverviewResent, sent.EventType)
	st := s.waitState(ap, func(st appointment.AppointmentState) bool { return st.DiagnoseSends == 2 })
	require.Equal(t, appointment.StageDiagnoseSent, st.Stage)
	require.Equal(t, enums.StatusIdentifierContactingCustomer, st.StatusIdentifier)

	// The customer answers with a remark; that remark is marked handled too.
	view = commread.CommunicationView{}
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitEvents(ap, 1, 2, 3, 4, 7, 5)
	ivs := view.Appointment.Interventions
	require.Len(t, ivs, 3)
	code, body = s.call("POST", "/v2/diagnose_overview/answer", "", map[string]any{"key": key, "customer_name": "Jan de Vries",
		"interventions": []map[string]any{{"id": ivs[0].ID, "communication_result_status": 2}, {"id": ivs[1].ID, "communication_result_status": 3}},
		"remarks":       []map[string]string{{"description": "Call me about the wipers"}}}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageDiagnoseAnswered })
	detail.Communication = commread.CommunicationView{}
	code, body = s.call("GET", path("/v1/appointments/%d", ap), s.Token, nil, &detail)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, detail.Communication.DiagnoseOverviewRemarks, 1)
	dr := detail.Communication.DiagnoseOverviewRemarks[0]
	code, body = s.call("POST", "/v1/remarks/handled", s.Token, map[string]any{"type": "diagnose_overview", "id": dr.ID}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	d, err := s.DB.DiagnoseOverviewRemark.Get(context.Background(), dr.ID)
	require.NoError(t, err)
	require.True(t, d.ReceptionistHandled)

	// The mechanic fixed the agreed intervention.
	code, body = s.call("POST", path("/v1/appointments/%d/interventions/%d/fixed", ap, ivs[0].ID), s.Token, map[string]bool{"mechanic_fixed": true}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	iv, err := s.DB.Intervention.Get(context.Background(), ivs[0].ID)
	require.NoError(t, err)
	require.True(t, iv.MechanicFixed)
	code, body = s.call("POST", path("/v1/appointments/%d/interventions/%d/fixed", ap, ivs[0].ID), s.Token, map[string]any{}, nil)
	refused(t, code, body, "invalid JSON payload")
	code, body = s.call("POST", path("/v1/appointments/%d/interventions/x/fixed", ap), s.Token, map[string]bool{"mechanic_fixed": true}, nil)
	refused(t, code, body, "intervention_id: must be a positive ID")
	code, body = s.call("POST", path("/v1/appointments/%d/interventions/999999/fixed", ap), s.Token, map[string]bool{"mechanic_fixed": true}, nil)
	failed(t, code, body, http.StatusNotFound)
	code, body = s.call("POST", path("/v1/appointments/%d/interventions/%d/fixed", ap2, ivs[0].ID), s.Token, map[string]bool{"mechanic_fixed": false}, nil)
	failed(t, code, body, http.StatusNotFound) // the intervention is not the appointment's
	iv, err = s.DB.Intervention.Get(context.Background(), ivs[0].ID)
	require.NoError(t, err)
	require.True(t, iv.MechanicFixed, "unchanged")

	// Repair overview: send (event 8), resend (event 9); the diagnose overview is then closed.
	code, body = s.call("POST", path("/v1/appointments/%d/repair_overview/send", ap), s.Token, nil, &sent)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, appointment.SendResult{EventType: enums.CommunicationEventTypeRepairOverviewCreated,
		CommunicationStatus: enums.CommunicationStatusRepairOverviewSent}, sent)
	code, body = s.callAt(s.API.URL, "POST", path("/v1/appointments/%d/repair_overview/resend", ap), s.Token, nil, nil, "Idempotency-Key", "repair-resend-1")
	require.Equal(t, http.StatusOK, code, string(body))
	require.NoError(t, jsonUnmarshal(body, &sent))
	require.Equal(t, enums.CommunicationEventTypeRepairOverviewResent, sent.EventType)
	for _, p := range []string{"send", "resend"} {
		code, body = s.call("POST", path("/v1/appointments/%d/diagnose_overview/%s", ap, p), s.Token, nil, nil)
		require.Equal(t, http.StatusOK, code)
		require.Equal(t, []string{"the repair overview was already sent; the diagnose overview is closed"}, errorsOf(t, body))
	}
	st = s.waitState(ap, func(st appointment.AppointmentState) bool { return st.RepairSends == 2 })
	require.Equal(t, appointment.StageRepairSent, st.Stage)
	require.Equal(t, enums.StatusIdentifierCarReady, st.StatusIdentifier)
	require.Equal(t, 2, st.DiagnoseSends)
	s.waitEvents(ap, 1, 2, 3, 4, 7, 5, 6, 8, 9)
	var events struct {
		Events []struct {
			Type      enums.CommunicationEventType `json:"type"`
			Receivers []struct {
				Channel     enums.CommunicationChannelID `json:"communication_channel_id"`
				Destination string                       `json:"destination"`
			} `json:"receivers"`
		} `json:"events"`
	}
	code, body = s.call("GET", path("/v1/appointments/%d/events", ap), s.Token, nil, &events)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, events.Events, 9)
	for _, e := range events.Events {
		if e.Type == enums.CommunicationEventTypeDiagnoseOverviewResent || e.Type == enums.CommunicationEventTypeRepairOverviewResent {
			require.NotEmpty(t, e.Receivers, "a resend notifies the customer again")
		}
	}

	// Complete: the lifecycle ends; later actions are refused.
	code, body = s.call("POST", path("/v1/appointments/%d/complete", ap), s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, body)
	st = s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCompleted })
	s.waitClosed(ap)
	for _, p := range []string{"repair_overview/send", "diagnose_overview/send", "complete", "cancel", "reschedule"} {
		var req any // the sends and complete take no body (httpx.NoBody)
		if p == "reschedule" || p == "cancel" {
			req = map[string]any{"time_car_app": time.Now().Add(48 * time.Hour)}
		}
		code, body = s.call("POST", path("/v1/appointments/%d/%s", ap, p), s.Token, req, nil)
		require.Equal(t, http.StatusOK, code, p)
		require.Equal(t, []string{"this appointment's communication is closed"}, errorsOf(t, body), p)
	}

	// Reschedule: the state shows the new time and the check-in moves with it.
	st = s.waitState(ap2, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageScheduled })
	far := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Second).UTC()
	code, body = s.call("POST", path("/v1/appointments/%d/reschedule", ap2), s.Token, map[string]any{"time_car_app": far}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	st = s.waitState(ap2, func(st appointment.AppointmentState) bool { return st.AppointmentAt.Equal(far) })
	require.True(t, st.CheckInSendAt.Equal(far.Add(-3*24*time.Hour)), "check-in re-armed: %v", st.CheckInSendAt)
	require.Equal(t, appointment.StageScheduled, st.Stage)
	require.Eventually(t, func() bool {
		a, err := s.DB.Appointment.Get(context.Background(), ap2)
		return err == nil && a.TimeCarApp.Equal(far)
	}, 10*time.Second, 25*time.Millisecond, "the read model follows")
	near := time.Now().Add(26 * time.Hour).Truncate(time.Second).UTC()
	code, body = s.call("POST", path("/v1/appointments/%d/reschedule", ap2), s.Token, map[string]any{"time_car_app": near}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	st = s.waitState(ap2, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	require.True(t, st.AppointmentAt.Equal(near))
	require.True(t, st.CheckInSendAt.Equal(near.Add(-3*24*time.Hour)))
	for _, bad := range []any{map[string]any{}, map[string]any{"time_car_app": "tomorrow"}, `{"time_car_app":`} {
		code, body = s.call("POST", path("/v1/appointments/%d/reschedule", ap2), s.Token, bad, nil)
		refused(t, code, body, "invalid JSON payload")
	}

	// Cancel: stage cancelled, the check-in closed, status identifier -1.
	code, body = s.call("POST", path("/v1/appointments/%d/cancel", ap2), s.Token, map[string]string{"reason": strings.Repeat("x", 501)}, nil)
	refused(t, code, body, "invalid JSON payload")
	code, body = s.call("POST", path("/v1/appointments/%d/cancel", ap2), s.Token, map[string]string{"reason": "customer moved abroad"}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	st = s.waitState(ap2, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCancelled })
	require.Equal(t, enums.CommunicationStatusCheckInClosed, st.CommunicationStatus)
	require.Equal(t, enums.StatusIdentifierCancelled, st.StatusIdentifier)
	require.Equal(t, "customer moved abroad", st.CancelReason)
	require.Eventually(t, func() bool {
		a, err := s.DB.Appointment.Get(context.Background(), ap2)
		return err == nil && a.LifecycleStage == string(appointment.StageCancelled) && a.AppointmentStatusIdentifier == enums.StatusIdentifierCancelled &&
			s.communication(ap2).Status == enums.CommunicationStatusCheckInClosed
	}, 10*time.Second, 25*time.Millisecond, "the read model follows")
	s.waitClosed(ap2)
	code, body = s.call("POST", "/v1/online_checkin/answer", "", map[string]any{"key": s.keyOf(ap2, keys.Customer), "customer_name": "Sophie"}, nil)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{"this appointment's communication is closed"}, errorsOf(t, body))

	// Complete straight from scheduled.
	code, body = s.call("POST", path("/v1/appointments/%d/complete", ap3), s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitState(ap3, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCompleted })
}

// waitClosed waits until the appointment's workflow has closed.
func (s *stack) waitClosed(appointmentID int) {
	s.t.Helper()
	require.Eventually(s.t, func() bool {
		d, err := s.Temporal.DescribeWorkflowExecution(context.Background(), appointment.AppointmentWorkflowID(appointmentID), "")
		return err == nil && d.GetWorkflowExecutionInfo().GetCloseTime() != nil
	}, 20*time.Second, 25*time.Millisecond, "workflow of appointment %d closes", appointmentID)
}

// Desk check-in between the receptionist and the counter tablet.
func TestAPIDeskCheckIn(t *testing.T) {
	s := newStack(t)
	ap, ap2 := s.Demo.Appointments[0].AppointmentID, s.Demo.Appointments[1].AppointmentID
	loc := s.Demo.LocationID
	tablet := s.token(s.Demo.TabletID, []int{loc}, enums.RoleIDCounterTablet, time.Hour, time.Now())
	sendPath := fmt.Sprintf("/v1/appointments/%d/desk_checkin/send", ap)
	status := func(desk int, token string, body any) (int, []byte) {
		return s.call("POST", fmt.Sprintf("/v1/desk_checkin/%d/status", desk), token, body, nil)
	}
	type pendingList struct {
		Desks []struct {
			ID            int                           `json:"id"`
			Status        enums.DeskCommunicationStatus `json:"status"`
			AppointmentID int                           `json:"appointment_id"`
		} `json:"desk_communications"`
	}
	pending := func(token string) pendingList {
		var p pendingList
		code, body := s.call("GET", "/v1/desk_checkin/pending", token, nil, &p)
		require.Equal(t, http.StatusOK, code, string(body))
		return p
	}

	// Only a counter tablet of the location can receive it.
	for _, bad := range []any{
		map[string]int{"tablet_user_id": s.Demo.ReceptionistID},
		map[string]int{"tablet_user_id": 999999},
	} {
		code, body := s.call("POST", sendPath, s.Token, bad, nil)
		refused(t, code, body, "tablet_user_id: not a counter tablet of this location")
	}
	for _, bad := range []any{map[string]int{}, map[string]int{"tablet_user_id": -1}, `{"tablet_user_id":"x"}`} {
		code, body := s.call("POST", sendPath, s.Token, bad, nil)
		refused(t, code, body, "invalid JSON payload")
	}
	require.Empty(t, pending(tablet).Desks)

	// Not where the location has desk check-in off.
	require.NoError(t, s.DB.DealerLocation.UpdateOneID(loc).SetDeskCheckInEnabled(false).Exec(context.Background()))
	code, body := s.call("POST", sendPath, s.Token, map[string]int{"tablet_user_id": s.Demo.TabletID}, nil)
	refused(t, code, body, "desk check-in is not enabled at this location")
	require.NoError(t, s.DB.DealerLocation.UpdateOneID(loc).SetDeskCheckInEnabled(true).Exec(context.Background()))

	var desk ent.DeskCommunication
	code, body = s.call("POST", sendPath, s.Token, map[string]int{"tablet_user_id": s.Demo.TabletID}, &desk)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, enums.DeskCommunicationStatusSent, desk.Status)
	require.Equal(t, s.Demo.TabletID, desk.TabletUserID)
	require.Equal(t, ap, desk.AppointmentID)

	// The tablet polls with its own token; the receptionist has nothing pending.
	p := pending(tablet)
	require.Len(t, p.Desks, 1)
	require.Equal(t, desk.ID, p.Desks[0].ID)
	require.Equal(t, enums.DeskCommunicationStatusSent, p.Desks[0].Status)
	require.Empty(t, pending(s.Token).Desks)

	// Only the tablet reports its progress.
	code, body = status(desk.ID, s.Token, map[string]int{"status": 2})
	failed(t, code, body, http.StatusNotFound)
	otherTablet := s.staffToken(enums.RoleIDCounterTablet, loc) // a real second tablet of this location
	code, body = status(desk.ID, otherTablet, map[string]int{"status": 2})
	failed(t, code, body, http.StatusNotFound)
	code, body = status(999999, tablet, map[string]int{"status": 2})
	failed(t, code, body, http.StatusNotFound)
	code, body = status(desk.ID, "", map[string]int{"status": 2})
	failed(t, code, body, http.StatusUnauthorized)

	// 1 -> 2 (received) -> 4 (opened) -> 5 (answered), with the bad moves refused.
	code, body = status(desk.ID, tablet, map[string]int{"status": 2})
	require.Equal(t, http.StatusOK, code, string(body))
	require.JSONEq(t, `{"status":2,"already_answered":false}`, string(body))
	require.Equal(t, enums.DeskCommunicationStatusReceived, pending(tablet).Desks[0].Status)
	for _, c := range []struct {
		body any
		want string
	}{
		{map[string]any{"status": 5, "customer_name": "Jan"}, "status: cannot go from 2"},
		{map[string]int{"status": 1}, "status: cannot go from 2"},
		{map[string]int{"status": 2}, "status: cannot go from 2"},
		{map[string]int{"status": 9}, "status: 9 is not a DeskCommunicationStatus"},
		{map[string]int{}, "invalid JSON payload"},
		{`{"status":`, "invalid JSON payload"},
	} {
		code, body := status(desk.ID, tablet, c.body)
		refused(t, code, body, c.want)
	}
	code, body = s.call("POST", "/v1/desk_checkin/x/status", tablet, map[string]int{"status": 4}, nil)
	refused(t, code, body, "desk_id: must be a positive ID")
	code, body = status(desk.ID, tablet, map[string]int{"status": 4})
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = status(desk.ID, tablet, map[string]any{"status": 5})
	refused(t, code, body, "customer_name: required when the customer answers")
	code, body = status(desk.ID, tablet, map[string]any{"status": 5, "customer_name": "Jan de Vries"})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, pending(tablet).Desks, "an answered desk check-in is no longer pending")
	code, body = status(desk.ID, tablet, map[string]int{"status": 4})
	refused(t, code, body, "status: cannot go from 5")

	// The receptionist closes it (6); closing twice is refused.
	code, body = status(desk.ID, s.Token, map[string]int{"status": 6})
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = status(desk.ID, s.Token, map[string]int{"status": 6})
	refused(t, code, body, "status: cannot go from 6")
	elsewhere := s.elsewhereToken()
	code, body = s.call("POST", sendPath, elsewhere, map[string]int{"tablet_user_id": s.Demo.TabletID}, nil)
	failed(t, code, body, http.StatusNotFound)

	got, err := s.DB.DeskCommunication.Query().Where(deskcommunication.ID(desk.ID)).WithEvents(func(q *ent.DeskCommunicationEventQuery) {
		q.Order(ent.Asc(deskcommunicationevent.FieldID))
	}).Only(context.Background())
	require.NoError(t, err)
	require.Equal(t, enums.DeskCommunicationStatusClosed, got.Status)
	require.Equal(t, "Jan de Vries", got.CustomerName)
	var types []enums.DeskCommunicationEventType
	for _, e := range got.Edges.Events {
		types = append(types, e.Type)
	}
	require.Equal(t, []enums.DeskCommunicationEventType{enums.DeskCommunicationEventTypeSent, enums.DeskCommunicationEventTypeReceived,
		enums.DeskCommunicationEventTypeOpened, enums.DeskCommunicationEventTypeAnswered, enums.DeskCommunicationEventTypeCanceled}, types)

	// A new desk check-in closes the open one of the same appointment only.
	var first, second, third ent.DeskCommunication
	code, body = s.call("POST", sendPath, s.Token, map[string]int{"tablet_user_id": s.Demo.TabletID}, &first)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/desk_checkin/send", ap2), s.Token, map[string]int{"tablet_user_id": s.Demo.TabletID}, &third)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = status(first.ID, tablet, map[string]int{"status": 3})
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = s.call("POST", sendPath, s.Token, map[string]int{"tablet_user_id": s.Demo.TabletID}, &second)
	require.Equal(t, http.StatusOK, code, string(body))
	f, err := s.DB.DeskCommunication.Get(context.Background(), first.ID)
	require.NoError(t, err)
	require.Equal(t, enums.DeskCommunicationStatusClosed, f.Status)
	p = pending(tablet)
	require.Len(t, p.Desks, 2)
	require.Equal(t, third.ID, p.Desks[0].ID)
	require.Equal(t, second.ID, p.Desks[1].ID)
	code, body = status(first.ID, tablet, map[string]int{"status": 4})
	refused(t, code, body, "status: cannot go from 6")
}

// Unknown paths, wrong methods, health and readiness.
func TestAPIRouterContract(t *testing.T) {
	s := newStack(t)
	for _, c := range []struct{ method, path string }{
		{"GET", "/"}, {"GET", "/v1/nope"}, {"POST", "/v1/communication/reads"}, {"GET", "/v3/diagnose_overview/answer"},
		{"GET", "/v1/appointments/1/nope"}, {"POST", "/v1/communication/attachments/x"},
	} {
		code, body := s.call(c.method, c.path, s.Token, nil, nil)
		require.Equal(t, http.StatusNotFound, code, "%s %s", c.method, c.path)
		require.Equal(t, []string{"the specified endpoint could not be found"}, errorsOf(t, body))
	}
	for _, c := range []struct{ method, path string }{
		{"GET", "/v1/communication/read"}, {"PUT", "/v1/online_checkin/answer"}, {"DELETE", "/v1/appointments"},
		{"POST", "/v1/appointments/1"}, {"GET", "/v2/diagnose_overview/answer"}, {"POST", "/healthz"},
	} {
		code, body := s.call(c.method, c.path, "", nil, nil)
		require.Equal(t, http.StatusMethodNotAllowed, code, "%s %s", c.method, c.path)
		require.Equal(t, []string{"method not allowed on this endpoint"}, errorsOf(t, body))
	}

	var health struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks"`
		Errors []string          `json:"errors"`
	}
	code, body := s.call("GET", "/healthz", "", nil, &health)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, "ok", health.Status)
	code, body = s.call("GET", "/readyz", "", nil, &health)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, map[string]string{"database": "ok", "temporal": "ok"}, health.Checks)

	// A closed database, then a closed Temporal client: 503, naming which.
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	closedDB, err := store.Open(context.Background(), "sqlite::memory:")
	require.NoError(t, err)
	require.NoError(t, closedDB.Close())
	closedTemporal, err := dialTemporal(devServer, "e2e-1")
	require.NoError(t, err)
	closedTemporal.Close()
	for name, d := range map[string]api.Deps{
		"database": {DB: closedDB, Temporal: s.Temporal, Tokens: s.tokens, Log: quiet},
		"temporal": {DB: s.DB, Temporal: closedTemporal, Tokens: s.tokens, Log: quiet},
	} {
		srv := s.apiWith(quiet)
		srv.Config.Handler = api.New(d)
		health = struct {
			Status string            `json:"status"`
			Checks map[string]string `json:"checks"`
			Errors []string          `json:"errors"`
		}{}
		code, body := s.callAt(srv.URL, "GET", "/readyz", "", nil, nil)
		require.Equal(t, http.StatusServiceUnavailable, code, string(body))
		require.NoError(t, jsonUnmarshal(body, &health))
		require.Equal(t, "unavailable", health.Status)
		require.NotEmpty(t, health.Errors)
		require.NotEqual(t, "ok", health.Checks[name], name)
		for other, v := range health.Checks {
			if other != name {
				require.Equal(t, "ok", v, other)
			}
		}
		code, body = s.callAt(srv.URL, "GET", "/healthz", "", nil, nil)
		require.Equal(t, http.StatusOK, code, string(body), "alive, though not ready")
	}
}

// Ten identical "send diagnose overview" requests at once send one overview
// (one event, one message per channel); an Idempotency-Key makes a resend
// happen once per key.
func TestAPISendsAreIdempotent(t *testing.T) {
	s := newStack(t)
	s.start()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	require.Eventually(t, func() bool { return len(s.smsTo(janPhone))+len(s.emailsTo(janEmail)) == 2 },
		20*time.Second, 50*time.Millisecond, "the online check-in's SMS and email")
	before := 2

	var wg sync.WaitGroup
	codes := make([]int, 10)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _ = s.call("POST", fmt.Sprintf("/v1/appointments/%d/diagnose_overview/send", ap), s.Token, nil, nil)
		}()
	}
	wg.Wait()
	for _, code := range codes {
		require.Equal(t, http.StatusOK, code)
	}
	require.Equal(t, 1, s.countEvents(ap, enums.CommunicationEventTypeDiagnoseOverviewCreated))
	require.Equal(t, 0, s.countEvents(ap, enums.CommunicationEventTypeDiagnoseOverviewResent))
	messages := func() int { return len(s.smsTo(janPhone)) + len(s.emailsTo(janEmail)) }
	require.Eventually(t, func() bool { return messages() >= before+2 },
		20*time.Second, 50*time.Millisecond, "one SMS and one email for the one send")
	// A late duplicate would come from the workflow: once it has handled
	// every request and has nothing left running, count again.
	s.waitQuiet(appointment.AppointmentWorkflowID(ap))
	require.Equal(t, before+2, messages(), "one SMS and one email for the one send")

	// A deliberate resend after it finished is a new send; its key makes a
	// retried request (same key) answer the first outcome.
	send := func(key string) {
		code, body := s.callAt(s.API.URL, "POST", fmt.Sprintf("/v1/appointments/%d/diagnose_overview/resend", ap), s.Token, nil, nil,
			"Idempotency-Key", key)
		require.Equal(t, http.StatusOK, code, string(body))
	}
	send("resend-1")
	send("resend-1")
	require.Equal(t, 1, s.countEvents(ap, enums.CommunicationEventTypeDiagnoseOverviewResent))
	send("resend-2")
	require.Equal(t, 2, s.countEvents(ap, enums.CommunicationEventTypeDiagnoseOverviewResent))
	s.waitQuiet(appointment.AppointmentWorkflowID(ap))
	require.Equal(t, before+2+2*2, messages(), "an SMS and an email for each of the two resends, none for the repeated key")
	code, body := s.callAt(s.API.URL, "POST", fmt.Sprintf("/v1/appointments/%d/diagnose_overview/resend", ap), s.Token, nil, nil,
		"Idempotency-Key", strings.Repeat("k", 201))
	refused(t, code, body, "Idempotency-Key")
}
