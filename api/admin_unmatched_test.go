package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	adminapi "github.com/pitstop-dev/pitstop/api/admin"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Unmatched replies: a location's for the admins of its dealer, those of
// no location for platform roles only.
func TestAdminUnmatchedMessages(t *testing.T) {
	f := newAdminFixture(t)
	ctx := context.Background()
	mk := func(pid string, loc *int) int {
		m := f.db.AppointmentMessage.Create().SetDirection("in").SetCommunicationChannelID(enums.CommunicationChannelIDSMS).
			SetText("who is this? " + pid).SetProviderID(pid).SetCustomerAddress("+31699999999").SetOurAddress("+3197010000001")
		if loc != nil {
			m.SetDealerLocationID(*loc)
		}
		return m.SaveX(ctx).ID
	}
	atA, atB, nowhere := mk("twilio:SMa", &f.locA), mk("twilio:SMb", &f.locB), mk("twilio:SMc", nil)
	type list struct {
		Messages []adminapi.UnmatchedMessageView `json:"messages"`
	}
	admin, platform := f.token(enums.RoleIDDealerAdmin), f.token(enums.RoleIDClaireAdmin)
	var got list
	code, b := f.call("GET", fmt.Sprintf("/v1/admin/unmatched_messages?dealer_location_id=%d", f.locA), admin, nil, &got)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Len(t, got.Messages, 1)
	require.Equal(t, atA, got.Messages[0].ID)
	require.Equal(t, "+31699999999", got.Messages[0].From)
	require.Equal(t, "who is this? twilio:SMa", got.Messages[0].Text)
	code, _ = f.call("GET", fmt.Sprintf("/v1/admin/unmatched_messages?dealer_location_id=%d", f.locB), admin, nil, nil)
	require.Equal(t, http.StatusNotFound, code, "another dealer's location")
	code, b = f.call("GET", "/v1/admin/unmatched_messages", admin, nil, nil)
	require.Equal(t, http.StatusForbidden, code, string(b))
	require.Contains(t, string(b), "only platform admins list them")

	got = list{}
	code, b = f.call("GET", "/v1/admin/unmatched_messages", platform, nil, &got)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Len(t, got.Messages, 1)
	require.Equal(t, nowhere, got.Messages[0].ID)
	require.Nil(t, got.Messages[0].LocationID)
	got = list{}
	code, _ = f.call("GET", fmt.Sprintf("/v1/admin/unmatched_messages?dealer_location_id=%d", f.locB), platform, nil, &got)
	require.Equal(t, http.StatusOK, code)
	require.Len(t, got.Messages, 1)
	require.Equal(t, atB, got.Messages[0].ID)
	for _, q := range []string{"?dealer_location_id=x", "?dealer_location_id=0", "?page_size=201", "?page=0"} {
		code, b = f.call("GET", "/v1/admin/unmatched_messages"+q, platform, nil, nil)
		require.Equal(t, http.StatusOK, code, q)
		require.NotEmpty(t, errorsIn(b), q)
	}
}
