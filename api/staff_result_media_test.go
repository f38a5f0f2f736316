package api

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/inspectphotos"
	"github.com/pitstop-dev/pitstop/internal/inspectvideos"
	"github.com/pitstop-dev/pitstop/internal/keys"
)

// tenSecondMP4 is a 10-second MP4 (ftyp, moov with its mvhd, an empty mdat).
func tenSecondMP4() []byte {
	b := append([]byte{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0}, "isomavc1"...)
	b = append(b, 0, 0, 0, 8+8+100, 'm', 'o', 'o', 'v', 0, 0, 0, 8+100, 'm', 'v', 'h', 'd', 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2)
	b = binary.BigEndian.AppendUint32(b, 1000)
	b = binary.BigEndian.AppendUint32(b, 10000)
	b = append(b, make([]byte, 80)...)
	return append(b, 0, 0, 0, 8, 'm', 'd', 'a', 't')
}

// PATCH /v1/appointments/{id}/question_result_videos/{video_id} and
// .../question_result_images/{image_id}: the receptionist hides a
// mechanic's video (the spec's Visible) or photo (Active) of a published
// check result; the customer's read leaves it out at once. Bad input
// changes nothing; another appointment's media is not found.
func TestReceptionistHidesAResultsVideoAndPhoto(t *testing.T) {
	f := newAdminFixture(t)
	ctx := context.Background()
	ap := f.consoleAppointment(f.locA, "HV-01", time.Now().Add(time.Hour))
	other := f.consoleAppointment(f.locA, "HV-02", time.Now().Add(time.Hour))
	com := f.consoleCommunication(ap)
	customerKey := keys.Derive([]byte("k"), keys.Customer, com.ID, "cs")
	f.db.CustomerCommunication.UpdateOne(com).SetCustomerKeySalt("cs").SetCustomerKeyHash(keys.Hash(customerKey)).ExecX(ctx)
	mech := f.users[enums.RoleIDMechanic]
	chk := f.db.Check.Create().SetAppointmentID(ap.ID).SetDealerLocationID(f.locA).SetChecklistID(1).SetMechanicID(mech).
		SetStartKey("hv").SetStartedAt(time.Now()).SaveX(ctx)
	qr := f.db.QuestionResult.Create().SetCheckID(chk.ID).SetQuestionID(1).SetAppointmentID(ap.ID).SetTitle("Brakes").SetCompleted(true).
		SetStatus(enums.QuestionResultStatusNecessary).SaveX(ctx)
	in := inspectphotos.Input{AppointmentID: ap.ID, CheckID: chk.ID, QuestionID: 1, MechanicID: mech, UploadKey: "v", Name: "brakes.mp4"}
	vid, err := inspectvideos.Save(ctx, f.store, in, bytes.NewReader(tenSecondMP4()), inspectvideos.Limits{})
	require.NoError(t, err)
	in.UploadKey, in.Name = "p", "brakes.png"
	img, err := inspectphotos.Save(ctx, f.db, in, bytes.NewReader(append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)))
	require.NoError(t, err)
	f.db.CommunicationResult.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(ap.ID).SetKind("diagnose").
		SetQuestionResultID(qr.ID).SetTitle("Brakes").SetQuestionStatus(enums.QuestionResultStatusNecessary).ExecX(ctx)

	// media is what the customer's read shows of the result: its videos' and photos' IDs.
	media := func() (videos, images []int) {
		t.Helper()
		var read struct {
			Results []struct {
				Videos []struct{ ID int } `json:"videos"`
				Images []struct{ ID int } `json:"images"`
			} `json:"diagnose_overview_results"`
		}
		code, body := f.call("POST", "/v1/communication/read", "", map[string]any{"communication_key": customerKey}, &read)
		require.Equal(t, http.StatusOK, code, string(body))
		require.Len(t, read.Results, 1, string(body))
		for _, v := range read.Results[0].Videos {
			videos = append(videos, v.ID)
		}
		for _, i := range read.Results[0].Images {
			images = append(images, i.ID)
		}
		return videos, images
	}
	videos, images := media()
	require.Equal(t, []int{vid.ID}, videos, "the video is shown before it is hidden")
	require.Equal(t, []int{img.ID}, images)

	tok := f.token(enums.RoleIDReceptionist)
	videoPath := fmt.Sprintf("/v1/appointments/%d/question_result_videos/%d", ap.ID, vid.ID)
	var out map[string]any
	code, body := f.call("PATCH", videoPath, tok, map[string]any{"visible": false}, &out)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, map[string]any{"id": float64(vid.ID), "question_result_id": float64(qr.ID), "active": true, "visible": false}, out)
	videos, images = media()
	require.Empty(t, videos, "a hidden video is not in the customer's read")
	require.Equal(t, []int{img.ID}, images, "the photo is still shown")

	imagePath := fmt.Sprintf("/v1/appointments/%d/question_result_images/%d", ap.ID, img.ID)
	out = nil
	code, body = f.call("PATCH", imagePath, tok, map[string]any{"active": false}, &out)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, map[string]any{"id": float64(img.ID), "question_result_id": float64(qr.ID), "active": false, "visible_in_pdf": true}, out)
	videos, images = media()
	require.Empty(t, videos)
	require.Empty(t, images, "an inactive photo is not in the customer's read")

	code, body = f.call("PATCH", videoPath, tok, map[string]any{"visible": true}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	videos, _ = media()
	require.Equal(t, []int{vid.ID}, videos, "shown again")

	for _, bad := range []struct {
		path string
		body any
		want string
	}{
		{videoPath, map[string]any{}, "visible: required"},
		{videoPath, map[string]any{"visible": "no"}, ""},
		{videoPath, map[string]any{"visible": false, "active": false}, ""},
		{imagePath, map[string]any{}, "give at least one"},
		{fmt.Sprintf("/v1/appointments/%d/question_result_videos/x", ap.ID), map[string]any{"visible": false}, "video_id: must be a positive ID"},
	} {
		code, body := f.call("PATCH", bad.path, tok, bad.body, nil)
		require.Equal(t, http.StatusOK, code, string(body))
		errs := strings.Join(errorsIn(body), " ")
		require.NotEmpty(t, errs, "%v is refused", bad.body)
		require.Contains(t, errs, bad.want)
	}
	require.True(t, f.db.QuestionResultVideo.GetX(ctx, vid.ID).Visible, "refused edits change nothing")

	code, _ = f.call("PATCH", fmt.Sprintf("/v1/appointments/%d/question_result_videos/%d", other.ID, vid.ID), tok, map[string]any{"visible": false}, nil)
	require.Equal(t, http.StatusNotFound, code, "another appointment's video")
	code, _ = f.call("PATCH", fmt.Sprintf("/v1/appointments/%d/question_result_images/%d", other.ID, img.ID), tok, map[string]any{"active": true}, nil)
	require.Equal(t, http.StatusNotFound, code, "another appointment's photo")
	theirs := f.consoleAppointment(f.locB, "HV-03", time.Now().Add(time.Hour))
	code, _ = f.call("PATCH", fmt.Sprintf("/v1/appointments/%d/question_result_videos/%d", theirs.ID, vid.ID), tok, map[string]any{"visible": false}, nil)
	require.Contains(t, []int{http.StatusNotFound, http.StatusForbidden}, code, "another location's appointment")
	require.True(t, f.db.QuestionResultVideo.GetX(ctx, vid.ID).Visible)
	require.False(t, f.db.QuestionResultImage.GetX(ctx, img.ID).Active)

	var list json.RawMessage
	code, _ = f.call("PATCH", videoPath, f.token(enums.RoleIDMechanic), map[string]any{"visible": false}, &list)
	require.Equal(t, http.StatusForbidden, code, "a mechanic without appointments.write")
}
