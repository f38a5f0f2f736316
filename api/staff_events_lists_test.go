package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	actappointment "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/api/commread"
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// TestStaffEventsCarryTheirLists: GET /v1/appointments/{id}/events gives
// each event, besides its receivers, the spec's CommunicationEvent lists:
// [] for an event without them, the v1 answer's agreed, declined and
// contact results as the customer saw them, once however often the
// answer was retried; another dealer's appointment is refused.
func TestStaffEventsCarryTheirLists(t *testing.T) {
	f := newAdminFixture(t)
	ctx := context.Background()
	ap := f.consoleAppointment(f.locA, "EV-01-AB", time.Now())
	com := f.consoleCommunication(ap)
	for i, title := range []string{"Oil", "Brakes", "Wipers"} {
		f.db.CommunicationResult.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(ap.ID).SetKind("diagnose").
			SetQuestionResultID(801 + i).SetTitle(title).SetPrice(float64(10 * (i + 1))).SetVat(21).SetMechanicNotes(title + " notes").
			SetQuestionStatus(enums.QuestionResultStatusNecessary).ExecX(ctx)
	}
	acts := &actappointment.Activities{DB: f.db, KeySecret: []byte("k")}
	require.NoError(t, acts.RecordEvent(ctx, actappointment.EventInput{AppointmentID: ap.ID, CommunicationID: com.ID,
		Type: enums.CommunicationEventTypeDiagnoseOverviewCreated, DedupeKey: "staff-lists-sent"}))
	in := actappointment.RecordDiagnoseInput{AppointmentID: ap.ID, CommunicationID: com.ID, Answer: appointment.DiagnoseAnswer{
		Endpoint: 1, Results: []appointment.ResultDecision{{QuestionResultID: 801, Status: enums.CommunicationResultStatusAgree},
			{QuestionResultID: 802, Status: enums.CommunicationResultStatusDecline},
			{QuestionResultID: 803, Status: enums.CommunicationResultStatusContactMe}}}}
	require.NoError(t, acts.RecordDiagnoseAnswer(ctx, in))
	require.NoError(t, acts.RecordDiagnoseAnswer(ctx, in), "a retry")

	path := fmt.Sprintf("/v1/appointments/%d/events", ap.ID)
	var read struct {
		Events []staffapi.StaffEventView `json:"events"`
	}
	code, body := f.call("GET", path, f.token(enums.RoleIDReceptionist), nil, &read)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotRegexp(t, `"(receivers|agreements|[a-z_]*_results)":null`, string(body), "lists are [] when empty")
	require.Len(t, read.Events, 2)
	sent, answer := read.Events[0], read.Events[1]
	require.Equal(t, enums.CommunicationEventTypeDiagnoseOverviewCreated, sent.Type)
	require.Equal(t, commread.EventListsView{InterventionResults: []commread.InterventionResultView{}, Agreements: []commread.AgreementView{},
		DiagnoseOverviewAgreedResults: []commread.DiagnoseResultView{}, DiagnoseOverviewDeclinedResults: []commread.DiagnoseResultView{},
		DiagnoseOverviewContactResults: []commread.DiagnoseResultView{}}, sent.EventListsView)
	row := func(rows []commread.DiagnoseResultView) commread.DiagnoseResultView {
		require.Len(t, rows, 1)
		require.NotZero(t, rows[0].ID)
		rows[0].ID = 0
		return rows[0]
	}
	want := func(title string, price float64) commread.DiagnoseResultView {
		return commread.DiagnoseResultView{Title: title, MechanicNotes: title + " notes", Price: price, VAT: 21,
			CommunicationEventID: answer.ID, AppointmentID: ap.ID}
	}
	require.Equal(t, want("Oil", 10), row(answer.DiagnoseOverviewAgreedResults))
	require.Equal(t, want("Brakes", 20), row(answer.DiagnoseOverviewDeclinedResults))
	require.Equal(t, want("Wipers", 30), row(answer.DiagnoseOverviewContactResults))

	elsewhere := f.consoleAppointment(f.locB, "EV-02-CD", time.Now())
	code, body = f.call("GET", fmt.Sprintf("/v1/appointments/%d/events", elsewhere.ID), f.token(enums.RoleIDReceptionist), nil, nil)
	require.Contains(t, []int{http.StatusForbidden, http.StatusNotFound}, code, string(body))
}
