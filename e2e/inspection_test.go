package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/workshop"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/inspection"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/internal/checklists"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/inspectphotos"
	"github.com/pitstop-dev/pitstop/internal/inspectvideos"
	"github.com/pitstop-dev/pitstop/internal/keys"
)

// photo posts a multipart photo of a result.
func (s *stack) photo(path, token string, fields map[string]string, file []byte) (int, []byte) {
	s.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, k := range []string{"question_id", "tyre_position", "upload_id"} {
		if v, ok := fields[k]; ok {
			require.NoError(s.t, mw.WriteField(k, v))
		}
	}
	fw, err := mw.CreateFormFile("file", "photo.jpg")
	require.NoError(s.t, err)
	_, _ = fw.Write(file)
	require.NoError(s.t, mw.Close())
	req, err := http.NewRequest("POST", s.API.URL+path, &b)
	require.NoError(s.t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, body
}

// TestInspectionFromTemplateToCommunicationResults: a dealer admin edits
// the demo checklist (a new version), a mechanic runs it over HTTP on an
// appointment (answers, a retried answer, tyres per position, a photo),
// every kind of bad input is refused and changes nothing, and finishing
// moves the lifecycle to "inspected" with the advised and necessary
// results as the communication's CommunicationResults on PostgreSQL.
func TestInspectionFromTemplateToCommunicationResults(t *testing.T) {
	s := newStack(t)
	s.start()
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })

	// The dealer admin edits the regular checklist: version 2, the oil question dearer.
	admin := s.dealerAdminToken()
	var list struct{ Checklists []checklists.Version }
	code, body := s.call("GET", "/v1/workshop/checklists", admin, nil, &list)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Len(t, list.Checklists, 2)
	v1 := list.Checklists[0]
	require.Equal(t, enums.ChecklistTypeRegular, v1.ChecklistType)
	require.Len(t, v1.Questions, 25)
	edit := v1.Template
	edit.Questions = append([]checklists.Question(nil), v1.Questions...)
	for i := range edit.Questions {
		edit.Questions[i].ID = 0
	}
	edit.Questions[0].DefaultPrice = 99
	var v2 checklists.Version
	code, body = s.call("PUT", fmt.Sprintf("/v1/workshop/checklists/%d", v1.ID), admin, edit, &v2)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Equal(t, 2, v2.Version)
	bad := edit
	bad.Questions = append([]checklists.Question(nil), edit.Questions...)
	bad.Questions[1].DefaultPrice = -5
	code, body = s.call("PUT", fmt.Sprintf("/v1/workshop/checklists/%d", v2.ID), admin, bad, nil)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{"questions[1].default_price: must be 0-100000"}, errorsOf(t, body))

	// The mechanic sees the current versions only.
	mech := s.token(s.Demo.MechanicID, []int{s.Demo.LocationID}, enums.RoleIDMechanic, time.Hour, time.Now())
	base := fmt.Sprintf("/v1/workshop/appointments/%d", ap)
	var current struct{ Checklists []checklists.Version }
	code, body = s.call("GET", base+"/checklists", mech, nil, &current)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Len(t, current.Checklists, 2)
	require.Equal(t, v2.ID, current.Checklists[0].ID)
	q := map[string]int{}
	for _, x := range current.Checklists[0].Questions {
		q[x.Title] = x.ID
	}
	oil, brakes, tyres, qcQ := q["Engine oil level and condition"], q["Front brake pads"], q["Tyre tread depth"], current.Checklists[1].Questions[0].ID
	require.NotEqual(t, v1.Questions[0].ID, oil, "version 2 has its own questions")

	// Another mechanic (same location) and one of another dealer.
	other := s.DB.User.Create().SetDealerID(s.DB.DealerLocation.GetX(ctx, s.Demo.LocationID).DealerID).SetFirstName("Otto").
		SetEmail("otto@demo.pitstop.local").SetUsername("otto").SetRoleID(enums.RoleIDMechanic).SetDealerLocationID(s.Demo.LocationID).
		SetLocationIds([]int{s.Demo.LocationID}).SaveX(ctx)
	mech2 := s.token(other.ID, []int{s.Demo.LocationID}, enums.RoleIDMechanic, time.Hour, time.Now())
	d2 := s.DB.Dealer.Create().SetName("Elsewhere").SaveX(ctx)
	l2 := s.DB.DealerLocation.Create().SetDealer(d2).SetName("Far").SaveX(ctx)
	stranger := s.DB.User.Create().SetDealerID(d2.ID).SetFirstName("S").SetEmail("s@far.example").SetUsername("s").
		SetRoleID(enums.RoleIDMechanic).SetDealerLocationID(l2.ID).SetLocationIds([]int{l2.ID}).SaveX(ctx)
	strangerTok := s.token(stranger.ID, []int{l2.ID}, enums.RoleIDMechanic, time.Hour, time.Now())
	code, _ = s.call("GET", base+"/checklists", strangerTok, nil, nil)
	require.Equal(t, http.StatusNotFound, code, "another location's appointment")
	code, _ = s.call("POST", base+"/checks", s.token(s.Demo.TabletID, []int{s.Demo.LocationID}, enums.RoleIDCounterTablet, time.Hour, time.Now()),
		map[string]any{"checklist_id": v2.ID, "client_check_id": "x"}, nil)
	require.Equal(t, http.StatusForbidden, code, "a counter tablet does no checks")

	// Start: an old version is refused; the current one starts once.
	code, body = s.call("POST", base+"/checks", mech, map[string]any{"checklist_id": v1.ID, "client_check_id": "phone-1"}, nil)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{inspection.ErrChecklistGone}, errorsOf(t, body))
	var started inspection.StartCheckResult
	code, body = s.call("POST", base+"/checks", mech, map[string]any{"checklist_id": v2.ID, "client_check_id": "phone-2"}, &started)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.NotZero(t, started.CheckID)
	var again inspection.StartCheckResult
	s.call("POST", base+"/checks", mech, map[string]any{"checklist_id": v2.ID, "client_check_id": "phone-2"}, &again)
	require.Equal(t, started, again, "a retried start")
	code, body = s.call("POST", base+"/checks", mech2, map[string]any{"checklist_id": v2.ID, "client_check_id": "otto-1"}, nil)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{inspection.ErrOtherMechanic(s.Demo.MechanicID)}, errorsOf(t, body), "two mechanics on one check")

	check := fmt.Sprintf("%s/checks/%d", base, started.CheckID)
	answer := func(tok string, body map[string]any) (int, []byte, inspection.AnswerResult) {
		var out inspection.AnswerResult
		code, b := s.call("POST", check+"/answers", tok, body, nil)
		if code == http.StatusOK && bytes.Contains(b, []byte("question_result_id")) {
			require.NoError(t, jsonUnmarshal(b, &out))
		}
		return code, b, out
	}
	_, b, a1 := answer(mech, map[string]any{"question_id": oil, "answer_id": "ans-1", "status": 2, "mechanic_notes": "Oil black, due", "options": []string{"Oil change"}})
	require.NotZero(t, a1.QuestionResultID, "%s", b)
	_, _, a1again := answer(mech, map[string]any{"question_id": oil, "answer_id": "ans-1", "status": 2, "mechanic_notes": "Oil black, due", "options": []string{"Oil change"}})
	require.Equal(t, a1, a1again, "a phone's retry is recorded once")
	_, b, a2 := answer(mech, map[string]any{"question_id": brakes, "answer_id": "ans-2", "status": 3, "price": 210.5, "mechanic_notes": "2 mm left"})
	require.NotZero(t, a2.QuestionResultID, "%s", b)
	for pos, profile := range map[int]float64{1: 6.1, 2: 6.0, 3: 2.4, 4: 2.2} {
		status := 0
		if profile < 3 {
			status = 2
		}
		_, b, r := answer(mech, map[string]any{"question_id": tyres, "answer_id": fmt.Sprintf("tyre-%d", pos), "status": status, "tyre_position": pos, "tyre_profile": profile})
		require.NotZero(t, r.QuestionResultID, "%s", b)
	}
	results := func() int { return s.DB.QuestionResult.Query().CountX(ctx) }
	before := results()
	for name, tc := range map[string]struct {
		tok  string
		body map[string]any
		want string
	}{
		"status outside 0-4":     {mech, map[string]any{"question_id": oil, "answer_id": "b1", "status": 5}, "status: must be a QuestionResultStatus 0-4"},
		"negative price":         {mech, map[string]any{"question_id": oil, "answer_id": "b2", "status": 2, "price": -1}, "price: must not be negative"},
		"absurd price":           {mech, map[string]any{"question_id": oil, "answer_id": "b3", "status": 2, "price": 1e9}, "price: must be at most 100000"},
		"question not in list":   {mech, map[string]any{"question_id": qcQ, "answer_id": "b4", "status": 0}, inspection.ErrNotInChecklist},
		"old version's question": {mech, map[string]any{"question_id": v1.Questions[0].ID, "answer_id": "b5", "status": 0}, inspection.ErrNotInChecklist},
		"second mechanic":        {mech2, map[string]any{"question_id": oil, "answer_id": "b6", "status": 0}, inspection.ErrOtherMechanic(s.Demo.MechanicID)},
		"tyre without position":  {mech, map[string]any{"question_id": tyres, "answer_id": "b7", "status": 0}, inspection.ErrTyreNeeded},
		"unknown field":          {mech, map[string]any{"question_id": oil, "answer_id": "b8", "status": 0, "staus": 1}, "staus"},
	} {
		code, b, _ := answer(tc.tok, tc.body)
		require.Equal(t, http.StatusOK, code, name)
		require.Contains(t, string(b), "errors", "%s: %s", name, b)
		errs := errorsOf(t, b)
		require.Len(t, errs, 1, "%s: %q", name, errs)
		assert.Contains(t, errs[0], tc.want, name)
	}
	code, _, _ = answer(strangerTok, map[string]any{"question_id": oil, "answer_id": "b9", "status": 0})
	require.Equal(t, http.StatusNotFound, code, "another location's appointment")
	require.Equal(t, before, results(), "nothing refused was stored")
	// The answer was answered once in the workflow's history; its row (named
	// by the answer, written at the start) is written after.
	require.Eventually(t, func() bool {
		r := s.DB.QuestionResult.GetX(ctx, a1.QuestionResultID)
		return r.Completed && r.AnswerKey == "ans-1"
	}, 30*time.Second, 20*time.Millisecond, "the first answer's row is written")
	require.Equal(t, enums.QuestionResultStatusAdvised, s.DB.QuestionResult.GetX(ctx, a1.QuestionResultID).Status)

	// Photos: a real JPEG is stored without its EXIF; anything else is refused.
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	var jb bytes.Buffer
	require.NoError(t, jpeg.Encode(&jb, img, nil))
	exif := []byte("Exif\x00\x00GPSLatitude 52.37")
	withExif := append(append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0, byte(len(exif) + 2)}, exif...), jb.Bytes()[2:]...)
	var ph inspectphotos.Photo
	code, b = s.photo(check+"/photos", mech, map[string]string{"question_id": fmt.Sprint(oil), "upload_id": "img-1"}, withExif)
	require.Equal(t, http.StatusOK, code, "%s", b)
	require.NoError(t, jsonUnmarshal(b, &ph), "%s", b)
	require.Equal(t, "image/jpeg", ph.ContentType)
	require.Equal(t, int64(jb.Len()), ph.Size, "the EXIF segment is gone")
	code, b = s.photo(check+"/photos", mech, map[string]string{"question_id": fmt.Sprint(oil), "upload_id": "img-2"}, []byte("%PDF-1.7 an invoice"))
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{string(inspectphotos.ErrNotImage)}, errorsOf(t, b))
	code, b = s.photo(check+"/photos", mech, map[string]string{"question_id": fmt.Sprint(q["Horn"]), "upload_id": "img-3"}, jb.Bytes())
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{string(inspectphotos.ErrNoResult)}, errorsOf(t, b))
	require.Equal(t, 1, s.DB.QuestionResultImage.Query().CountX(ctx))

	// A short video of the same result (the photo's form); a JPEG sent as a video is refused.
	clip := append([]byte{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'q', 't', ' ', ' ', 0, 0, 2, 0}, "qt  wide"...)
	clip = append(clip, bytes.Repeat([]byte{0, 0, 0, 8, 'm', 'd', 'a', 't'}, 40<<10)...)
	// The movie header at the end, as phones write it: 12 s (timescale 600).
	clip = append(clip, 0, 0, 0, 8+8+100, 'm', 'o', 'o', 'v', 0, 0, 0, 8+100, 'm', 'v', 'h', 'd', 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2,
		0, 0, 0x02, 0x58, 0, 0, 0x1C, 0x20)
	clip = append(clip, make([]byte, 80)...)
	var vid inspectvideos.Video
	code, b = s.photo(check+"/videos", mech, map[string]string{"question_id": fmt.Sprint(oil), "upload_id": "vid-1"}, clip)
	require.Equal(t, http.StatusOK, code, "%s", b)
	require.NoError(t, jsonUnmarshal(b, &vid), "%s", b)
	require.Equal(t, "video/quicktime", vid.ContentType)
	code, b = s.photo(check+"/videos", mech, map[string]string{"question_id": fmt.Sprint(oil), "upload_id": "vid-2"}, jb.Bytes())
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{string(inspectvideos.ErrNotVideo)}, errorsOf(t, b))
	require.Equal(t, 1, s.DB.QuestionResultVideo.Query().CountX(ctx))

	// Finish: another mechanic cannot; the owner can, once.
	code, b = s.call("POST", check+"/finish", mech2, nil, nil)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{inspection.ErrOtherMechanic(s.Demo.MechanicID)}, errorsOf(t, b))
	var fin inspection.FinishResult
	code, b = s.call("POST", check+"/finish", mech, nil, &fin)
	require.Equal(t, http.StatusOK, code, "%s", b)
	require.Equal(t, inspection.FinishResult{CheckID: started.CheckID, Results: 6, CommunicationResults: 4, Stage: string(appointment.StageInspected)}, fin)
	var fin2 inspection.FinishResult
	s.call("POST", check+"/finish", mech, nil, &fin2)
	require.Equal(t, fin, fin2, "a retried finish")
	code, b, _ = answer(mech, map[string]any{"question_id": q["Horn"], "answer_id": "late", "status": 0})
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{inspection.ErrCheckFinished}, errorsOf(t, b))
	code, b = s.photo(check+"/photos", mech, map[string]string{"question_id": fmt.Sprint(oil), "upload_id": "img-4"}, jb.Bytes())
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{string(inspectphotos.ErrFinished)}, errorsOf(t, b))

	st := s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageInspected })
	require.Equal(t, enums.CommunicationStatusCheckInClosed, st.CommunicationStatus)
	v, err := s.Temporal.QueryWorkflow(ctx, appointment.AppointmentWorkflowID(ap), "", inspection.QueryChecks)
	require.NoError(t, err)
	var live []inspection.CheckRef
	require.NoError(t, v.Get(&live))
	require.Equal(t, []inspection.CheckRef{{CheckID: started.CheckID, ChecklistID: v2.ID, ChecklistType: enums.ChecklistTypeRegular, MechanicID: s.Demo.MechanicID, Finished: true}}, live)

	// The read of the check, and the communication's results on PostgreSQL.
	var read workshop.Check
	code, b = s.call("GET", check, mech, nil, &read)
	require.Equal(t, http.StatusOK, code, "%s", b)
	require.NotNil(t, read.FinishedAt)
	require.Len(t, read.QuestionResults, 6)
	require.Len(t, read.QuestionResults[0].Images, 1)
	com := s.DB.CustomerCommunication.Query().Where(customercommunication.AppointmentID(ap)).OnlyX(ctx)
	rows := s.DB.CommunicationResult.Query().Where(communicationresult.CustomerCommunicationID(com.ID)).
		Order(ent.Asc(communicationresult.FieldGroupOrder), ent.Asc(communicationresult.FieldQuestionOrder), ent.Asc(communicationresult.FieldTyrePosition)).AllX(ctx)
	require.Len(t, rows, 4)
	assert.Equal(t, "Engine oil level and condition", rows[0].Title)
	assert.Equal(t, 99.0, rows[0].Price, "version 2's default price")
	assert.Equal(t, []string{"Oil change"}, rows[0].QuestionOptions)
	assert.Equal(t, enums.QuestionResultStatusNecessary, rows[1].QuestionStatus)
	assert.Equal(t, 210.5, rows[1].Price)
	assert.Equal(t, enums.TyrePositionCarRearLeft, rows[2].TyrePosition)
	assert.Equal(t, 2.4, rows[2].TyreProfile)
	// The customer's read shows them as the diagnose overview's results.
	var view commread.CommunicationView
	code, b = s.call("POST", "/v1/communication/read", "", map[string]string{"key": s.keyOf(ap, keys.Customer)}, &view)
	require.Equal(t, http.StatusOK, code, "%s", b)
	require.Len(t, view.DiagnoseOverviewResults, 4)
	require.Equal(t, 3, view.DiagnoseOverviewResults[1].QuestionStatus)
	require.Equal(t, int(enums.TyrePositionCarRearLeft), view.DiagnoseOverviewResults[2].TyrePosition)
	require.Equal(t, started.CheckID, *view.DiagnoseOverviewResults[0].CheckID)
	// The oil result carries the mechanic's photo and video, their URLs
	// signed: the customer's page downloads them as they are.
	oilRes := view.DiagnoseOverviewResults[0]
	require.Equal(t, []commread.QuestionOptionView{{ID: 1, Name: "Oil change", Value: true}}, oilRes.QuestionOptions)
	require.Len(t, oilRes.Images, 1)
	require.Equal(t, a1.QuestionResultID, oilRes.Images[0].QuestionResultID)
	require.True(t, strings.HasPrefix(oilRes.Images[0].URL, s.API.URL+"/v1/communication/attachments/"), oilRes.Images[0].URL)
	require.Empty(t, view.DiagnoseOverviewResults[1].Images)
	require.Len(t, oilRes.Videos, 1)
	require.Equal(t, a1.QuestionResultID, oilRes.Videos[0].QuestionResultID)
	require.Empty(t, view.DiagnoseOverviewResults[1].Videos)
	for url, want := range map[string][]byte{oilRes.Images[0].URL: jb.Bytes(), oilRes.Videos[0].URL: clip} {
		require.Contains(t, url, "&sig=")
		res, err := http.Get(url)
		require.NoError(t, err)
		got, _ := io.ReadAll(res.Body)
		_ = res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode, "%s", got)
		require.Equal(t, want, got)
	}
	// A video player asks for byte ranges.
	req, err := http.NewRequest("GET", oilRes.Videos[0].URL, nil)
	require.NoError(t, err)
	req.Header.Set("Range", "bytes=300000-300099")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	part, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	require.Equal(t, http.StatusPartialContent, res.StatusCode)
	require.Equal(t, "video/quicktime", res.Header.Get("Content-Type"))
	require.Equal(t, clip[300000:300100], part)
	for _, r := range rows {
		assert.Equal(t, "diagnose", r.Kind)
		assert.Equal(t, enums.CommunicationResultStatusUnanswered, r.Status)
		assert.Equal(t, started.CheckID, r.CheckID)
		assert.Equal(t, 21.0, r.Vat)
	}
	// A history with an inspection in it (three new updates, their
	// activities and the stage "inspected") for the replay test; its check
	// wrote its rows at the start and its answers were answered by the
	// workflow and written after, by WriteAnswers (change
	// "answer-written-after-update"). The histories recorded before it stay
	// as they are: appointment_workshop_inspection.json replays the
	// answers' regular activities,
	// appointment_workshop_inspection_local_answers.json local ones that
	// read the check's row, and
	// appointment_workshop_inspection_checked_by_workflow.json local ones
	// given the check's checklist by the workflow.
	recordHistory(t, s, appointment.AppointmentWorkflowID(ap), "appointment_workshop_inspection_answers_after_update")
}
