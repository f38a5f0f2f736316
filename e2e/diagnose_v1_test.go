package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/inspection"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/internal/checklists"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
)

// TestDiagnoseV1FromInspectionToRepairPDF: the location sends the diagnose
// overview by itself; a mechanic runs the regular checklist over HTTP
// (an advised and a necessary result, a photo) and finishing it sends the
// overview (event 4); the customer answers it with POST
// /v1/diagnose_overview/answer over HTTP: bad input (an unknown result, a
// status outside 2-4, a result answered twice) is refused and changes
// nothing; the good answer (oil: fix, brakes: contact me, plus one
// intervention) is recorded once however often it is sent, a different
// second answer and a v2 answer after it are refused; the approved result
// is an intervention and the read's repair_overview_results, with its
// photo; the repair overview's PDF prints it with the photo, on PostgreSQL.
func TestDiagnoseV1FromInspectionToRepairPDF(t *testing.T) {
	s := newStack(t)
	s.start()
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })

	// The dealer admin switches the automatic send on (our extension).
	var loc map[string]any
	code, body := s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d", s.Demo.LocationID), s.dealerAdminToken(),
		map[string]any{"diagnose_overview_auto_send": true}, &loc)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Equal(t, true, loc["diagnose_overview_auto_send"], "%s", body)

	// The mechanic's check.
	mech := s.token(s.Demo.MechanicID, []int{s.Demo.LocationID}, enums.RoleIDMechanic, time.Hour, time.Now())
	base := fmt.Sprintf("/v1/workshop/appointments/%d", ap)
	var current struct{ Checklists []checklists.Version }
	code, body = s.call("GET", base+"/checklists", mech, nil, &current)
	require.Equal(t, http.StatusOK, code, "%s", body)
	regular := current.Checklists[0]
	require.Equal(t, enums.ChecklistTypeRegular, regular.ChecklistType)
	q := map[string]int{}
	for _, x := range regular.Questions {
		q[x.Title] = x.ID
	}
	var started inspection.StartCheckResult
	code, body = s.call("POST", base+"/checks", mech, map[string]any{"checklist_id": regular.ID, "client_check_id": "v1-phone"}, &started)
	require.Equal(t, http.StatusOK, code, "%s", body)
	check := fmt.Sprintf("%s/checks/%d", base, started.CheckID)
	var oil, brakes inspection.AnswerResult
	code, body = s.call("POST", check+"/answers", mech, map[string]any{"question_id": q["Engine oil level and condition"], "answer_id": "v1-oil",
		"status": 2, "mechanic_notes": "Oil black, due", "options": []string{"Oil change"}}, &oil)
	require.Equal(t, http.StatusOK, code, "%s", body)
	code, body = s.call("POST", check+"/answers", mech, map[string]any{"question_id": q["Front brake pads"], "answer_id": "v1-brakes",
		"status": 3, "price": 210.5, "mechanic_notes": "2 mm left"}, &brakes)
	require.Equal(t, http.StatusOK, code, "%s", body)
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{uint8(4 * x), uint8(5 * y), 90, 255})
		}
	}
	var jb bytes.Buffer
	require.NoError(t, jpeg.Encode(&jb, img, nil))
	code, body = s.photo(check+"/photos", mech, map[string]string{"question_id": fmt.Sprint(q["Engine oil level and condition"]), "upload_id": "v1-img"}, jb.Bytes())
	require.Equal(t, http.StatusOK, code, "%s", body)
	var fin inspection.FinishResult
	code, body = s.call("POST", check+"/finish", mech, nil, &fin)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Equal(t, string(appointment.StageDiagnoseSent), fin.Stage, "finishing sent the overview by itself")
	st := s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageDiagnoseSent })
	require.ElementsMatch(t, []int{oil.QuestionResultID, brakes.QuestionResultID}, st.ResultIDs)
	require.Equal(t, 1, s.countEvents(ap, enums.CommunicationEventTypeDiagnoseOverviewCreated))

	// The customer reads it: the results with the photo, and the interventions.
	key := s.keyOf(ap, keys.Customer)
	var view commread.CommunicationView
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Len(t, view.DiagnoseOverviewResults, 2)
	require.Len(t, view.DiagnoseOverviewResults[0].Images, 1)
	ivs := view.Appointment.Interventions
	require.NotEmpty(t, ivs)
	results := func(a, b int) []map[string]any { // sent back as read, status set
		out := []map[string]any{}
		for i, st := range []int{a, b} {
			r := view.DiagnoseOverviewResults[i]
			out = append(out, map[string]any{"question_result_id": *r.QuestionResultID, "customer_communication_id": *r.CustomerCommunicationID,
				"title": r.Title, "price": r.Price, "status": st})
		}
		return out
	}
	good := map[string]any{"key": key, "customer_name": "Jan de Vries", "results": results(2, 4),
		"interventions": []map[string]any{{"id": ivs[0].ID, "communication_result_status": 2}}}
	with := func(m map[string]any, k string, v any) map[string]any {
		out := map[string]any{k: v}
		for mk, mv := range m {
			if mk != k {
				out[mk] = mv
			}
		}
		return out
	}
	answerEvents := func() int { return s.countEvents(ap, enums.CommunicationEventTypeDiagnoseOverviewAnswered) }
	rows := func() string {
		var b strings.Builder
		for _, r := range s.DB.CommunicationResult.Query().Where(communicationresult.AppointmentID(ap)).Order(communicationresult.ByID()).AllX(ctx) {
			fmt.Fprintf(&b, "%d:%d:%v;", r.QuestionResultID, r.Status, r.CustomerApproved)
		}
		return b.String()
	}
	beforeRows, beforeIvs := rows(), s.DB.Intervention.Query().Where(intervention.AppointmentID(ap)).CountX(ctx)
	for _, c := range []struct {
		answer map[string]any
		want   string
	}{
		{with(good, "results", []map[string]any{{"question_result_id": 999999, "status": 2}}), "results[0]: check result 999999 is not part of this diagnose overview"},
		{with(good, "results", []map[string]any{{"question_result_id": oil.QuestionResultID, "status": 5}}), "results[0]: status 5 is not 2 (fix), 3 (do not fix) or 4 (contact me)"},
		{with(good, "results", []map[string]any{{"question_result_id": oil.QuestionResultID, "status": 1}}), "results[0]: status 1 is not 2"},
		{with(good, "results", []map[string]any{{"question_result_id": oil.QuestionResultID, "status": 2}, {"question_result_id": oil.QuestionResultID, "status": 3}}),
			fmt.Sprintf("results[1]: check result %d answered twice", oil.QuestionResultID)},
		{with(good, "results", []map[string]any{}), "results: answer at least one check result"},
		{with(good, "key", s.keyOf(ap, keys.Receptionist)), "only the customer's key can answer"},
	} {
		code, body := s.call("POST", "/v1/diagnose_overview/answer", "", c.answer, nil)
		refused(t, code, body, c.want)
	}
	require.Equal(t, 0, answerEvents())
	require.Equal(t, beforeRows, rows(), "nothing refused changed a result")
	require.Equal(t, beforeIvs, s.DB.Intervention.Query().Where(intervention.AppointmentID(ap)).CountX(ctx))

	code, body = s.call("POST", "/v1/diagnose_overview/answer", "", good, nil)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Empty(t, body)
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageDiagnoseAnswered })
	code, body = s.call("POST", "/v1/diagnose_overview/answer", "", good, nil)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Empty(t, body, "the same answer again: the first one's outcome")
	code, body = s.call("POST", "/v1/diagnose_overview/answer", "", with(good, "results", results(3, 3)), nil)
	refused(t, code, body, appointment.ErrNoOpenDiagnose)
	code, body = s.call("POST", "/v2/diagnose_overview/answer", "", map[string]any{"key": key, "customer_name": "Jan de Vries",
		"interventions": []map[string]any{{"id": ivs[0].ID, "communication_result_status": 3}}}, nil)
	refused(t, code, body, appointment.ErrNoOpenDiagnose)
	require.Equal(t, 1, answerEvents())
	s.waitEvents(ap, 1, 4, 5, 6)

	// The approved result is an intervention of the repair and in the read.
	made := s.DB.Intervention.Query().Where(intervention.AppointmentID(ap), intervention.QuestionResultIDNotNil()).AllX(ctx)
	require.Len(t, made, 1)
	require.Equal(t, oil.QuestionResultID, *made[0].QuestionResultID)
	require.True(t, made[0].CustomerOk && made[0].IsLocal)
	require.True(t, s.DB.Intervention.GetX(ctx, ivs[0].ID).CustomerOk, "the intervention answered with it")
	code, body = s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Len(t, view.Appointment.RepairOverviewResults, 1)
	rr := view.Appointment.RepairOverviewResults[0]
	require.Equal(t, "Engine oil level and condition", rr.Title)
	require.Equal(t, int(enums.CommunicationResultStatusAgree), rr.Status)
	require.True(t, rr.CustomerApproved)
	require.Len(t, rr.Images, 1)
	res, err := http.Get(rr.Images[0].URL)
	require.NoError(t, err)
	photo, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, "the photo's signed URL downloads")
	require.Equal(t, jb.Bytes(), photo)
	require.Equal(t, int(enums.CommunicationResultStatusContactMe), view.DiagnoseOverviewResults[1].Status)

	// The repair overview and its PDF.
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/repair_overview/send", ap), s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code, "%s", body)
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageRepairSent })
	code, pdf := s.call("POST", "/v1/repair_overview/download", "", map[string]string{"communication_key": key}, nil)
	require.Equal(t, http.StatusOK, code, "%s", pdf)
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))
	require.Contains(t, string(pdf), "/Subtype /Image", "the result's photo is in the PDF")
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	text, err := cmd.Output()
	require.NoError(t, err, "pdftotext (poppler-utils)")
	for _, want := range []string{"Engine oil level and condition", "Oil change", "Oil black, due"} {
		require.Contains(t, string(text), want)
	}
	require.NotContains(t, string(text), "2 mm left", "the brakes were not approved: no repair item")

	recordHistory(t, s, appointment.AppointmentWorkflowID(ap), "appointment_inspection_auto_send_v1_answer")
}
