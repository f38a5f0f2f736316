package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/e2e/pitstopclient"
)

// TestGeneratedClientWalksOneAppointment walks one appointment as a dealer's
// integrator would, on the client oapi-codegen generates from
// api/openapi.yaml (e2e/pitstopclient) and nothing else: its typed requests
// and typed answers, no hand-written JSON. The customer reads the
// communication with the key, uploads a photo and answers the online
// check-in; the receptionist signs in, follows the appointment's state,
// sends the diagnose overview; the customer decides; the mechanic's fix is
// recorded, the repair overview goes out, the customer reads it and
// downloads its PDF; the events list every step. Every answer is also
// decoded strictly (a field the document does not declare fails), and the
// contract check validates each against the document.
func TestGeneratedClientWalksOneAppointment(t *testing.T) {
	s := newStack(t)
	s.start()
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	c, err := pitstopclient.NewClientWithResponses(s.API.URL)
	require.NoError(t, err)

	// The receptionist signs in; the token authorizes every staff call.
	login, err := c.LoginWithResponse(ctx, pitstopclient.LoginJSONRequestBody{Email: "rita@demo.pitstop.local", Password: seed.DemoPassword})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, login.StatusCode(), string(login.Body))
	signedIn := as(t, login.Body, login.JSON200.AsLoginResponse)
	require.NotNil(t, signedIn.Token)
	require.Equal(t, s.Demo.ReceptionistID, *signedIn.UserId)
	staff := func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+*signedIn.Token)
		return nil
	}
	stage := func(want pitstopclient.Stage) pitstopclient.AppointmentState {
		t.Helper()
		var st pitstopclient.AppointmentState
		require.Eventually(t, func() bool {
			res, err := c.GetAppointmentStateWithResponse(ctx, ap, staff)
			require.NoError(t, err)
			if res.StatusCode() != http.StatusOK {
				return false
			}
			st = as(t, res.Body, res.JSON200.AsAppointmentState)
			return st.Stage != nil && *st.Stage == want
		}, 20*time.Second, 50*time.Millisecond, "waiting for stage %s", want)
		return st
	}
	st := stage(pitstopclient.StageCheckInSent)
	require.Equal(t, ap, *st.AppointmentId)
	key := s.customerKey("jan.devries@example.com")

	// The customer opens the link.
	read := func() pitstopclient.CustomerCommunication {
		t.Helper()
		res, err := c.ReadCommunicationWithResponse(ctx, pitstopclient.KeyRequest{Key: &key})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode(), string(res.Body))
		return as(t, res.Body, res.JSON200.AsCustomerCommunication)
	}
	view := read()
	require.Equal(t, int(pitstopclient.CommunicationStatusCheckInOpened), view.Status, "check-in opened")
	require.False(t, view.IsReceptionist)
	require.Len(t, view.CheckInResults, 2)
	require.Len(t, view.Agreements, 2)

	// Uploads a photo for a remark (a multipart form, as the document says).
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	require.NoError(t, mw.WriteField("key", key))
	fw, err := mw.CreateFormFile("file", "noise.jpg")
	require.NoError(t, err)
	_, _ = fw.Write(bytes.Repeat([]byte{0xff, 0xd8, 0xff}, 100))
	require.NoError(t, mw.Close())
	up, err := c.UploadAttachmentWithBodyWithResponse(ctx, mw.FormDataContentType(), &form)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, up.StatusCode(), string(up.Body))
	uploaded := as(t, up.Body, up.JSON200.AsUploadResult)
	require.NotNil(t, uploaded.Url)

	// Answers the online check-in, the photo as the spec's attachment object.
	var photo pitstopclient.RemarkAnswer_Attachments_Item
	require.NoError(t, photo.FromRemarkAttachment(pitstopclient.RemarkAttachment{Url: *uploaded.Url}))
	accepted, declined := true, false
	channel := pitstopclient.CommunicationChannelIDSMS
	answer := pitstopclient.CheckInAnswerRequest{
		Key: &key, CustomerName: "Jan de Vries", CorrectPhone: ptr("+31611111111"),
		Results: &[]pitstopclient.CheckInResultAnswer{
			{Id: view.CheckInResults[0].Id, Accepted: &accepted}, {Id: view.CheckInResults[1].Id, Accepted: &declined}},
		Remarks: &[]pitstopclient.RemarkAnswer{{Title: ptr("Rattle"), Description: ptr("Rattles at 80 km/h"),
			Attachments: &[]pitstopclient.RemarkAnswer_Attachments_Item{photo}}},
		AgreementIds:                  &[]int{view.Agreements[0].Id},
		PreferredCommunicationChannel: &channel, DropInAcsesLocker: &declined,
	}
	checkIn, err := c.AnswerOnlineCheckInWithResponse(ctx, answer)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, checkIn.StatusCode(), string(checkIn.Body))
	pins := as(t, checkIn.Body, checkIn.JSON200.AsCheckInAnswerResult)
	require.NotNil(t, pins.KeylockerPin)
	require.Regexp(t, `^\d{6}$`, *pins.KeylockerPin, "the location sends key-locker PINs with the check-in")
	stage(pitstopclient.StageInWorkshop)

	// The receptionist sends the diagnose overview; the same key now shows it.
	send, err := c.SendDiagnoseOverviewWithResponse(ctx, ap, staff)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, send.StatusCode(), string(send.Body))
	sent := as(t, send.Body, send.JSON200.AsSendResult)
	require.Equal(t, pitstopclient.CommunicationEventTypeDiagnoseOverviewCreated, *sent.EventType, "diagnose overview created")
	view = read()
	require.Equal(t, int(pitstopclient.CommunicationStatusDiagnoseOverviewOpened), view.Status, "diagnose overview opened")
	require.NotNil(t, view.Appointment)
	ivs := view.Appointment.Interventions
	require.Len(t, ivs, 3)

	// The customer decides: agreed, declined, contact me.
	decided, err := c.AnswerDiagnoseOverviewWithResponse(ctx, pitstopclient.DiagnoseAnswerRequest{
		Key: &key, CustomerName: "Jan de Vries", Interventions: []pitstopclient.InterventionDecision{
			{Id: ivs[0].Id, CommunicationResultStatus: pitstopclient.CommunicationResultStatusAgree},
			{Id: ivs[1].Id, CommunicationResultStatus: pitstopclient.CommunicationResultStatusDecline},
			{Id: ivs[2].Id, CommunicationResultStatus: pitstopclient.CommunicationResultStatusContactMe}}})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, decided.StatusCode(), string(decided.Body))
	require.Empty(t, decided.Body)
	stage(pitstopclient.StageDiagnoseAnswered)

	// The mechanic fixed what was agreed; the receptionist sends the repair overview.
	fixed, err := c.MarkInterventionFixedWithResponse(ctx, ap, ivs[0].Id, pitstopclient.MechanicFixedRequest{MechanicFixed: true}, staff)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, fixed.StatusCode(), string(fixed.Body))
	repair, err := c.SendRepairOverviewWithResponse(ctx, ap, staff)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, repair.StatusCode(), string(repair.Body))
	sent = as(t, repair.Body, repair.JSON200.AsSendResult)
	require.Equal(t, pitstopclient.CommunicationEventTypeRepairOverviewCreated, *sent.EventType, "repair overview created")
	stage(pitstopclient.StageRepairSent)

	// The customer reads the repair overview and downloads its PDF.
	view = read()
	require.Equal(t, int(pitstopclient.CommunicationStatusRepairOverviewOpened), view.Status, "repair overview opened")
	pdf, err := c.DownloadRepairOverviewWithResponse(ctx, pitstopclient.KeyRequest{CommunicationKey: &key})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, pdf.StatusCode(), string(pdf.Body))
	require.True(t, bytes.HasPrefix(pdf.Body, []byte("%PDF-")), "a real PDF")

	// Every step left its event, in order (the last: repair overview opened).
	var types []pitstopclient.CommunicationEventType
	require.Eventually(t, func() bool {
		res, err := c.ListCommunicationEventsWithResponse(ctx, ap, staff)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode(), string(res.Body))
		list := as(t, res.Body, res.JSON200.AsEventList)
		types = types[:0]
		for _, e := range *list.Events {
			require.NotNil(t, e.Type)
			types = append(types, *e.Type)
		}
		return len(types) == 8
	}, 10*time.Second, 50*time.Millisecond, "events: %v", types)
	require.Equal(t, []pitstopclient.CommunicationEventType{1, 2, 3, 4, 5, 6, 8, 10}, types)

	// The receptionist completes the appointment.
	done, err := c.CompleteAppointmentWithResponse(ctx, ap, staff)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, done.StatusCode(), string(done.Body))
	stage(pitstopclient.StageCompleted)
}

// as takes a typed answer out of the generated union and checks that the
// body holds no field the generated type (the document) does not declare.
func as[T any](t *testing.T, body []byte, get func() (T, error)) T {
	t.Helper()
	v, err := get()
	require.NoError(t, err, "body: %s", body)
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var strict T
	require.NoError(t, dec.Decode(&strict), "the answer carries a field the document does not declare: %s", body)
	require.False(t, reflect.ValueOf(v).IsZero(), "an empty answer: %s", body)
	return v
}

func ptr[T any](v T) *T { return &v }
