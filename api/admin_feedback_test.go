package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	adminapi "github.com/pitstop-dev/pitstop/api/admin"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// A dealer admin switches a location's car-ready message and feedback
// question: off by default, a history line per change, idempotent, out of
// reach of another dealer's admin.
func TestAdminAftersalesSettings(t *testing.T) {
	f := newAdminFixture(t)
	admin := f.token(enums.RoleIDDealerAdmin)
	path := fmt.Sprintf("/v1/admin/locations/%d/aftersales", f.locA)
	on, off := true, false
	var got onboard.Aftersales
	code, b := f.call("GET", path, admin, nil, &got)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Equal(t, onboard.Aftersales{CarReadyMessageEnabled: &off, FeedbackQuestionEnabled: &off}, got, "both off by default")
	for _, body := range []string{`{"car_ready_message_enabled": "yes"}`, `{"feedback": true}`, `{"feedback_question_enabled": 1}`} {
		code, b = f.call("PUT", path, admin, body, nil)
		require.Equal(t, http.StatusOK, code, string(b))
		require.NotEmpty(t, errorsIn(b), body)
	}
	for i := 0; i < 2; i++ {
		code, b = f.call("PUT", path, admin, map[string]any{"car_ready_message_enabled": true, "feedback_question_enabled": true}, &got)
		require.Equal(t, http.StatusOK, code, string(b))
		require.Equal(t, onboard.Aftersales{CarReadyMessageEnabled: &on, FeedbackQuestionEnabled: &on}, got)
	}
	var hist struct{ Changes []adminapi.SettingChangeView }
	code, _ = f.call("GET", fmt.Sprintf("/v1/admin/locations/%d/settings/history", f.locA), admin, nil, &hist)
	require.Equal(t, http.StatusOK, code)
	require.Len(t, hist.Changes, 2, "one line per changed value, none for the repeat")
	code, _ = f.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/aftersales", f.locB), admin, map[string]any{"feedback_question_enabled": true}, nil)
	require.Equal(t, http.StatusNotFound, code, "another dealer's location")
}

// The feedback list and its CSV: the period's days in the location's zone
// (both included), another location's answers left out, a comment that
// looks like a formula kept as text; bad periods refused.
func TestAdminFeedbackListAndExport(t *testing.T) {
	f := newAdminFixture(t)
	admin := f.token(enums.RoleIDDealerAdmin)
	ctx := context.Background()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	require.NoError(t, err)
	loc, err := f.db.DealerLocation.Get(ctx, f.locA)
	require.NoError(t, err)
	require.Equal(t, "Europe/Amsterdam", loc.TimeZone)
	add := func(ap, locID, score int, comment string, at time.Time) {
		f.db.Feedback.Create().SetAppointmentID(ap).SetDealerLocationID(locID).SetScore(score).SetComment(comment).SetAnsweredAt(at).ExecX(ctx)
	}
	add(1, f.locA, 9, "Quick", time.Date(2026, 11, 1, 0, 30, 0, 0, ams))               // 31 Oct 23:30 UTC: in November there
	add(2, f.locA, 3, "=HYPERLINK(\"x\")", time.Date(2026, 11, 30, 23, 30, 0, 0, ams)) // the last day, included
	add(3, f.locA, 7, "", time.Date(2026, 12, 1, 0, 0, 0, 0, ams))                     // the day after
	add(4, f.locB, 10, "other dealer", time.Date(2026, 11, 10, 12, 0, 0, 0, ams))

	path := fmt.Sprintf("/v1/admin/locations/%d/feedback", f.locA)
	var list adminapi.FeedbackList
	code, b := f.call("GET", path+"?from=2026-11-01&to=2026-11-30", admin, nil, &list)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Len(t, list.Feedback, 2, string(b))
	require.Equal(t, []int{1, 2}, []int{list.Feedback[0].AppointmentID, list.Feedback[1].AppointmentID})
	require.Equal(t, 9, list.Feedback[0].Score)

	code, b = f.call("GET", path+"/export?from=2026-11-01&to=2026-11-30", admin, nil, nil)
	require.Equal(t, http.StatusOK, code, string(b))
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	require.Len(t, lines, 3, string(b))
	require.Equal(t, "answered_at,appointment_id,wo_nr,reg_number,score,comment", lines[0])
	require.Equal(t, "2026-11-01T00:30:00+01:00,1,,,9,Quick", lines[1])
	require.Equal(t, `2026-11-30T23:30:00+01:00,2,,,3,"'=HYPERLINK(""x"")"`, lines[2])

	for q, want := range map[string][]string{
		"?from=2026-11-30&to=2026-11-01":               {"to: must not be before from"},
		"?from=2025-01-01&to=2026-11-30":               {"to: the period is at most 366 days"},
		"?to=2026-11-30":                               {"from: required (YYYY-MM-DD)"},
		"?from=2026-13-01&to=2026-11-30":               {"from: must be a date YYYY-MM-DD"},
		"?from=2026-11-01&to=2026-11-30&location_id=3": {"location_id: unknown parameter"},
	} {
		for _, p := range []string{path, path + "/export"} {
			code, b = f.call("GET", p+q, admin, nil, nil)
			require.Equal(t, http.StatusOK, code, string(b))
			require.Equal(t, want, errorsIn(b), p+q)
		}
	}
	code, _ = f.call("GET", fmt.Sprintf("/v1/admin/locations/%d/feedback?from=2026-11-01&to=2026-11-30", f.locB), admin, nil, nil)
	require.Equal(t, http.StatusNotFound, code, "another dealer's location")
}
