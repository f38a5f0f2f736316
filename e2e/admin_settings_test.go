package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	adminapi "github.com/pitstop-dev/pitstop/api/admin"
	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/ent/customercommunicationagreement"
	"github.com/pitstop-dev/pitstop/ent/user"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
)

// The settings the spec promises are enforced: overview sends, remarks,
// answering every check-in item, mandatory agreements; and an answer
// records the exact agreement version the customer accepted.
func TestSettingsEnforced(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	admin := s.dealerAdminToken()
	loc, err := s.DB.DealerLocation.Get(ctx, s.Demo.LocationID)
	require.NoError(t, err)
	var v1 adminapi.AdminAgreementView
	code, body := s.call("POST", fmt.Sprintf("/v1/admin/dealers/%d/agreements", loc.DealerID), admin,
		map[string]any{"name": "Data processing", "text": "You may process my data.", "visible_online_check_in": true, "visible_customcom": true}, &v1)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d", loc.ID), admin, map[string]any{"is_customer_answered_check_in_mandatory": true}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/settings", loc.ID), admin,
		map[string]any{"check_in_remarks_enabled": false, "diagnose_overview_remarks_enabled": false}, nil)
	require.Equal(t, http.StatusOK, code, string(body))

	ap := s.Demo.Appointments[0].AppointmentID
	s.start()
	s.waitEvents(ap, enums.CommunicationEventTypeOnlineCheckInSent)
	key := s.keyOf(ap, keys.Customer)
	var view commread.CommunicationView
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotEmpty(t, view.CheckInResults)
	presented := map[string]int{}
	for _, a := range view.Agreements {
		presented[a.Name] = a.ID
	}
	require.Equal(t, v1.ID, presented["Data processing"], "the mandatory agreement is presented")

	// The dealer edits the agreement after it was presented: version 2.
	var v2 adminapi.AdminAgreementView
	code, body = s.call("PUT", fmt.Sprintf("/v1/admin/agreements/%d", v1.ID), admin, map[string]any{"text": "You may process and share my data."}, &v2)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, 2, v2.Version)

	all := func() []map[string]any {
		var out []map[string]any
		for _, r := range view.CheckInResults {
			out = append(out, map[string]any{"id": r.ID, "accepted": true})
		}
		return out
	}
	bad := map[string]any{"key": key, "customer_name": "Jan de Vries", "results": all()[:len(view.CheckInResults)-1],
		"agreement_ids": []int{}, "remarks": []map[string]any{{"title": "Rattle"}}}
	code, body = s.call("POST", "/v1/online_checkin/answer", "", bad, nil)
	require.Equal(t, http.StatusOK, code)
	problems := strings.Join(errorsOf(t, body), "\n")
	require.Contains(t, problems, "does not take remarks with the online check-in")
	require.Contains(t, problems, `the agreement "Data processing"`)
	require.Contains(t, problems, fmt.Sprintf("check-in item %d must be answered", view.CheckInResults[len(view.CheckInResults)-1].ID))

	good := map[string]any{"key": key, "customer_name": "Jan de Vries", "results": all(), "agreement_ids": []int{v1.ID}, "remarks": []map[string]any{}}
	code, body = s.call("POST", "/v1/online_checkin/answer", "", good, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotContains(t, string(body), `"errors"`)
	s.waitEvents(ap, enums.CommunicationEventTypeOnlineCheckInSent, enums.CommunicationEventTypeOnlineCheckInOpened, enums.CommunicationEventTypeOnlineCheckInAnswered)
	require.Eventually(t, func() bool {
		ok, err := s.DB.CustomerCommunicationAgreement.Query().Where(customercommunicationagreement.AppointmentID(ap),
			customercommunicationagreement.CommunicationAgreementID(v1.ID), customercommunicationagreement.Accepted(true)).Exist(ctx)
		return err == nil && ok
	}, 10*time.Second, 50*time.Millisecond, "the answer records version 1, the text the customer saw")
	a1, err := s.DB.CommunicationAgreement.Get(ctx, v1.ID)
	require.NoError(t, err)
	require.Equal(t, "You may process my data.", a1.Text)

	// Overview sends are refused where the location switched them off.
	code, body = s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d", loc.ID), admin, map[string]any{"diagnose_overview_enabled": false, "repair_overview_enabled": false}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/diagnose_overview/send", ap), s.Token, struct{}{}, nil)
	refused(t, code, body, "the diagnose overview is not enabled for this location")
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/repair_overview/send", ap), s.Token, struct{}{}, nil)
	refused(t, code, body, "the repair overview is not enabled for this location")

	// Switched on again: sent, and remarks are refused in the diagnose answer.
	code, body = s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d", loc.ID), admin, map[string]any{"diagnose_overview_enabled": true}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.sendDiagnose(ap)
	s.waitEvents(ap, enums.CommunicationEventTypeOnlineCheckInSent, enums.CommunicationEventTypeOnlineCheckInOpened,
		enums.CommunicationEventTypeOnlineCheckInAnswered, enums.CommunicationEventTypeDiagnoseOverviewCreated)
	view = commread.CommunicationView{}
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotEmpty(t, view.Appointment.Interventions)
	code, body = s.call("POST", "/v2/diagnose_overview/answer", "", map[string]any{"key": key, "customer_name": "Jan de Vries",
		"interventions": []map[string]any{{"id": view.Appointment.Interventions[0].ID, "communication_result_status": 2}},
		"remarks":       []map[string]any{{"title": "Noise"}}, "agreement_ids": []int{}}, nil)
	require.Equal(t, http.StatusOK, code)
	problems = strings.Join(errorsOf(t, body), "\n")
	require.Contains(t, problems, "does not take remarks with the diagnose overview")
	require.Contains(t, problems, `the agreement "Data processing"`, "version 2 is presented with the diagnose overview and is mandatory")
}

// dealerAdminToken is a token of the demo's dealer admin (a real user of
// the seed), with its true role, dealer and locations.
func (s *stack) dealerAdminToken() string {
	s.t.Helper()
	u, err := s.DB.User.Query().Where(user.Email("admin@demo.pitstop.local")).Only(context.Background())
	require.NoError(s.t, err)
	require.Equal(s.t, enums.RoleIDDealerAdmin, u.RoleID)
	tok, err := s.tokens.MintFor(auth.Subject{UserID: u.ID, DealerID: u.DealerID, LocationIDs: u.LocationIds, RoleID: u.RoleID}, time.Hour, time.Now())
	require.NoError(s.t, err)
	return tok
}
