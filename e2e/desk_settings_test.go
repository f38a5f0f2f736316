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
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	deskwf "github.com/pitstop-dev/pitstop/workflows/desk"
)

// At a location that hides prices in desk communication and has an
// agreement that is mandatory at the desk: the tablet shows the work
// without a single price, an answer without the agreement is refused, the
// answer with it records the version shown and the customer's confirmation
// email (sent through the real workflow, worker and fake Mailgun) names no
// price either.
func TestDeskHidesPricesAndRequiresAgreements(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	admin := s.dealerAdminToken()
	loc := s.Demo.LocationID
	l, err := s.DB.DealerLocation.Get(ctx, loc)
	require.NoError(t, err)
	var terms adminapi.AdminAgreementView
	code, body := s.call("POST", fmt.Sprintf("/v1/admin/dealers/%d/agreements", l.DealerID), admin,
		map[string]any{"name": "Desk terms", "text": "I leave my car with the dealer.", "visible_desk_check_in": true, "optional_desk_check_in": false}, &terms)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/settings", loc), admin,
		map[string]any{"hide_prices_in_desk_communication": true, "send_confirmation_emails": true}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotContains(t, string(body), `"errors"`)

	ap := s.Demo.Appointments[0].AppointmentID
	ivs, err := s.DB.Intervention.Query().All(ctx)
	require.NoError(t, err)
	var prices []string
	for _, iv := range ivs {
		if iv.AppointmentID == ap && iv.Price > 0 {
			prices = append(prices, fmt.Sprintf("%.2f", iv.Price), strings.ReplaceAll(fmt.Sprintf("%.2f", iv.Price), ".", ","))
		}
	}
	require.NotEmpty(t, prices, "the demo appointment has priced work")

	tablet := s.token(s.Demo.TabletID, []int{loc}, enums.RoleIDCounterTablet, time.Hour, time.Now())
	var desk ent.DeskCommunication
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/desk_checkin/send", ap), s.Token, map[string]int{"tablet_user_id": s.Demo.TabletID}, &desk)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, []int{terms.ID}, desk.PresentedAgreementIds)

	var view staffapi.DeskCheckInView
	code, body = s.call("GET", fmt.Sprintf("/v1/desk_checkin/%d", desk.ID), tablet, nil, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	require.True(t, view.HidePrices)
	require.NotEmpty(t, view.Interventions)
	for _, iv := range view.Interventions {
		require.Nil(t, iv.Price, iv.Title)
	}
	require.NotRegexp(t, `"price":\s*[0-9]`, string(body))
	require.Equal(t, []staffapi.DeskAgreementView{{ID: terms.ID, Name: "Desk terms", Text: "I leave my car with the dealer.", Optional: false}}, view.Agreements)

	code, body = s.call("POST", fmt.Sprintf("/v1/desk_checkin/%d/status", desk.ID), tablet, map[string]int{"status": 4}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = s.call("POST", fmt.Sprintf("/v1/desk_checkin/%d/status", desk.ID), tablet, map[string]any{"status": 5, "customer_name": "Jan de Vries"}, nil)
	refused(t, code, body, fmt.Sprintf(`agreement_ids: the agreement "Desk terms" (id %d) is not optional and must be accepted`, terms.ID))
	_, err = s.Temporal.DescribeWorkflowExecution(ctx, deskwf.DeskConfirmationWorkflowID(desk.ID), "")
	require.Error(t, err, "a refused answer starts no confirmation")

	code, body = s.call("POST", fmt.Sprintf("/v1/desk_checkin/%d/status", desk.ID), tablet,
		map[string]any{"status": 5, "customer_name": "Jan de Vries", "agreement_ids": []int{terms.ID}}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotContains(t, string(body), `"errors"`)
	var res deskwf.DeskConfirmationResult
	require.NoError(t, s.Temporal.GetWorkflow(ctx, deskwf.DeskConfirmationWorkflowID(desk.ID), "").Get(ctx, &res))
	require.Len(t, res.Deliveries, 1)
	stored, err := s.DB.DeskCommunication.Get(ctx, desk.ID)
	require.NoError(t, err)
	require.Equal(t, []int{terms.ID}, stored.AcceptedAgreementIds)

	r := s.receiver(res.Deliveries[0].ReceiverID)
	mails := s.emailsTo(r.Destination)
	require.Len(t, mails, 1)
	for _, p := range prices {
		require.NotContains(t, mails[0].Subject+mails[0].Text+mails[0].HTML, p, "the desk confirmation names no price")
	}
}
