package api

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/deskagreedintervention"
	"github.com/pitstop-dev/pitstop/ent/deskcommunicationevent"
	"github.com/pitstop-dev/pitstop/ent/deskdeclinedintervention"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// signaturePNG draws a signature-like stroke (strokes false: a blank
// canvas) of w x h pixels as a PNG data URL.
func signaturePNG(t *testing.T, w, h int, strokes bool) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	if strokes {
		for x := 10; x < w-10; x++ {
			y := h/2 + int(float64(h/4)*float64((x%40)-20)/20)
			for d := -2; d <= 2; d++ {
				img.Set(x, y+d, color.NRGBA{A: 255})
			}
		}
	}
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}

// withCommunication gives ap a customer communication (the lifecycle's,
// which keeps the signature file) and one diagnose check result.
func (f *adminFixture) withCommunication(ap *ent.Appointment) (comID, resultID int) {
	f.t.Helper()
	ctx := context.Background()
	com := f.db.CustomerCommunication.Create().SetAppointmentID(ap.ID).SetDealerLocationID(ap.DealerLocationID).
		SetCustomerKeyHash(uuid.NewString()).SetCustomerKeySalt("c").SetReceptionistKeyHash(uuid.NewString()).SetReceptionistKeySalt("r").SaveX(ctx)
	cr := f.db.CommunicationResult.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(ap.ID).SetKind("diagnose").
		SetQuestionResultID(4242).SetTitle("Tyre front left worn").SetPrice(120).SetQuestionStatus(enums.QuestionResultStatusNecessary).SaveX(ctx)
	return com.ID, cr.ID
}

// TestDeskReadIsTheSpecModel pins the desk read's JSON: every field of the
// spec's DeskCommunication and DeskCommunicationEvent models is answered,
// false booleans included, and no ent "edges".
func TestDeskReadIsTheSpecModel(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	ap := f.deskAppointment(time.Now().Add(time.Hour), "AB-12-CD")
	f.withCommunication(ap)
	f.sendDesk(ap.ID, false)

	code, body := f.call("GET", fmt.Sprintf("/v1/appointments/%d/desk_checkin", ap.ID), f.token(enums.RoleIDReceptionist), nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotContains(t, string(body), `"edges"`)
	var read struct {
		Desks []map[string]json.RawMessage `json:"desk_communications"`
	}
	require.NoError(t, json.Unmarshal(body, &read))
	require.Len(t, read.Desks, 1)
	d := read.Desks[0]
	for _, k := range []string{"id", "receptionist_key", "status", "is_checking_out", "customer_id", "appointment_id", "car_id",
		"receptionist_id", "dealer_location_id", "customer", "appointment", "car", "user", "is_receptionist", "events",
		"agreed_interventions", "declined_interventions", "agreements", "results", "settings", "user_tablet_mode_key"} {
		require.Contains(t, d, k, "DeskCommunication.%s", k)
	}
	require.JSONEq(t, "false", string(d["is_checking_out"]))
	require.JSONEq(t, "false", string(d["is_receptionist"]))
	require.JSONEq(t, "[]", string(d["agreed_interventions"]))
	var settings map[string]any
	require.NoError(t, json.Unmarshal(d["settings"], &settings))
	require.Equal(t, false, settings["hide_prices_in_desk_communication"], "a false setting is answered")
	var customer map[string]any
	require.NoError(t, json.Unmarshal(d["customer"], &customer))
	require.Equal(t, "Jan", customer["first_name"])
	var results []map[string]any
	require.NoError(t, json.Unmarshal(d["results"], &results))
	require.Len(t, results, 1)
	require.EqualValues(t, 1, results[0]["status"], "not answered yet")
	var events []map[string]any
	require.NoError(t, json.Unmarshal(d["events"], &events))
	require.Len(t, events, 1)
	for _, k := range []string{"id", "type", "customer_name", "customer_signature", "desk_communication_id"} {
		require.Contains(t, events[0], k, "DeskCommunicationEvent.%s", k)
	}
	require.EqualValues(t, enums.DeskCommunicationEventTypeSent, events[0]["type"])
}

// TestDeskAnswer: the customer's answer stores a decision per intervention
// and check result, the corrected contact details and the signature, once;
// the signature is served to staff of the location and the tablet.
func TestDeskAnswer(t *testing.T) {
	f := newAdminFixture(t)
	rec := f.withTemporal()
	ctx := context.Background()
	ap := f.deskAppointment(time.Now().Add(time.Hour), "AB-12-CD")
	_, resultID := f.withCommunication(ap)
	ivs := f.db.Intervention.Query().Where(intervention.AppointmentID(ap.ID), intervention.VisibleToCustomer(true)).
		Order(ent.Asc(intervention.FieldID)).AllX(ctx)
	require.Len(t, ivs, 2)
	id := f.sendDesk(ap.ID, false)
	tablet := f.token(enums.RoleIDCounterTablet)
	status := func(body map[string]any) (int, []byte) {
		return f.call("POST", fmt.Sprintf("/v1/desk_checkin/%d/status", id), tablet, body, nil)
	}
	for _, st := range []int{2, 4} {
		code, body := status(map[string]any{"status": st})
		require.Equal(t, http.StatusOK, code, string(body))
		require.Empty(t, errorsIn(body), string(body))
	}
	sig := signaturePNG(t, 600, 200, true)
	answer := func(signature any) map[string]any {
		return map[string]any{"status": 5, "customer_name": "Jan de Vries", "correct_phone": "06 12345678", "correct_email": "jan@example.com",
			"interventions": []map[string]any{{"intervention_id": ivs[0].ID, "agreed": true}, {"intervention_id": ivs[1].ID, "agreed": false}},
			"results":       []map[string]any{{"result_id": resultID, "status": 3}}, "customer_signature": signature}
	}

	// Refused signatures change nothing.
	huge := "data:image/png;base64," + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0x89}, 300<<10))
	for name, bad := range map[string]struct {
		sig  any
		want string
	}{
		"empty":     {"", "customer_signature: empty"},
		"blank":     {signaturePNG(t, 600, 200, false), "customer_signature: the image is blank"},
		"oversized": {huge, "customer_signature: at most 256 KB"},
		"too wide":  {signaturePNG(t, 4000, 10, true), "customer_signature: at most 256 KB and 2048 x 2048 pixels"},
		"not a PNG": {"data:image/png;base64," + base64.StdEncoding.EncodeToString([]byte("GIF89a not a png at all")), "must be a PNG image"},
		"jpeg url":  {"data:image/jpeg;base64,/9j/4AAQ", "must be a PNG image"},
	} {
		code, body := status(answer(bad.sig))
		require.Equal(t, http.StatusOK, code, name)
		require.Contains(t, strings.Join(errorsIn(body), "\n"), bad.want, name)
	}
	code, body := status(map[string]any{"status": 5, "customer_name": "Jan", "correct_phone": "not a phone", "correct_email": "nope",
		"interventions": []map[string]any{{"intervention_id": 999999, "agreed": true}}})
	require.Equal(t, http.StatusOK, code)
	problems := strings.Join(errorsIn(body), "\n")
	require.Contains(t, problems, "correct_phone")
	require.Contains(t, problems, "correct_email")
	require.Equal(t, enums.DeskCommunicationStatusOpened, f.db.DeskCommunication.GetX(ctx, id).Status, "a refused answer changes nothing")
	require.Zero(t, f.db.UploadedFile.Query().CountX(ctx), "no signature file is kept")
	require.Empty(t, rec.starts)

	// Two answers at once (two taps, two tabs): one is stored.
	var wg sync.WaitGroup
	bodies := make([][]byte, 2)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, bodies[i] = status(answer(sig))
		}()
	}
	wg.Wait()
	already := 0
	for _, b := range bodies {
		require.Empty(t, errorsIn(b), string(b))
		var r struct {
			Status          int  `json:"status"`
			AlreadyAnswered bool `json:"already_answered"`
		}
		require.NoError(t, json.Unmarshal(b, &r), string(b))
		require.Equal(t, 5, r.Status)
		if r.AlreadyAnswered {
			already++
		}
	}
	require.Equal(t, 1, already, "the second answer says it was answered before")
	code, body = status(answer(sig))
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, string(body), `"already_answered":true`)
	require.Equal(t, 1, f.db.DeskCommunicationEvent.Query().Where(deskcommunicationevent.DeskCommunicationID(id),
		deskcommunicationevent.TypeEQ(enums.DeskCommunicationEventTypeAnswered)).CountX(ctx))
	require.Equal(t, 1, f.db.UploadedFile.Query().CountX(ctx), "one signature file")

	d := f.db.DeskCommunication.GetX(ctx, id)
	require.Equal(t, enums.DeskCommunicationStatusAnswered, d.Status)
	require.Equal(t, "+31612345678", d.CorrectPhone)
	require.Equal(t, "jan@example.com", d.CorrectEmail)
	agreed := f.db.DeskAgreedIntervention.Query().Where(deskagreedintervention.DeskCommunicationID(id)).AllX(ctx)
	declined := f.db.DeskDeclinedIntervention.Query().Where(deskdeclinedintervention.DeskCommunicationID(id)).AllX(ctx)
	require.Len(t, agreed, 1)
	require.Len(t, declined, 1)
	require.Equal(t, "Brake pads", agreed[0].Title)
	require.Equal(t, 180.5, agreed[0].Price)
	require.Equal(t, "Recall", declined[0].Title)

	// The staff read: events 1, 2, 4, 6, the decisions, the signature's URL.
	code, body = f.call("GET", fmt.Sprintf("/v1/appointments/%d/desk_checkin", ap.ID), f.token(enums.RoleIDReceptionist), nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	var read struct {
		Desks []struct {
			Events []struct {
				Type              int    `json:"type"`
				CustomerSignature string `json:"customer_signature"`
			} `json:"events"`
			Agreed  []struct{ Title string } `json:"agreed_interventions"`
			Results []struct{ Status int }   `json:"results"`
		} `json:"desk_communications"`
	}
	require.NoError(t, json.Unmarshal(body, &read))
	var types []int
	url := ""
	for _, e := range read.Desks[0].Events {
		types = append(types, e.Type)
		if e.CustomerSignature != "" {
			url = e.CustomerSignature
		}
	}
	require.Equal(t, []int{1, 2, 4, 6}, types)
	require.True(t, strings.HasSuffix(url, fmt.Sprintf("/v1/desk_checkin/%d/signature", id)), url)
	require.Equal(t, "Brake pads", read.Desks[0].Agreed[0].Title)
	require.Equal(t, 3, read.Desks[0].Results[0].Status)

	// The PNG, to staff of the location and the tablet; 404 elsewhere.
	want, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(sig, "data:image/png;base64,"))
	require.NoError(t, err)
	get := func(token string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", fmt.Sprintf("/v1/desk_checkin/%d/signature", id), nil)
		r.Header.Set("Authorization", "Bearer "+token)
		f.router.ServeHTTP(w, r)
		return w
	}
	for _, tok := range []string{f.token(enums.RoleIDReceptionist), tablet} {
		w := get(tok)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		require.Equal(t, "image/png", w.Header().Get("Content-Type"))
		require.Equal(t, want, w.Body.Bytes())
	}
	role, email, pw := enums.RoleIDCounterTablet, "tablet@b.example", "a good long password"
	u, err := onboard.SaveUser(ctx, f.db, 0, onboard.UserInput{Email: &email, RoleID: &role, Password: &pw,
		DealerID: &f.dealerB, LocationIDs: []int{f.locB}})
	require.NoError(t, err)
	other, err := f.iss.MintFor(auth.Subject{UserID: u.ID, DealerID: f.dealerB, LocationIDs: []int{f.locB}, RoleID: role}, time.Hour, f.now)
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, get(other).Code, "a tablet of another location")
	code, _ = f.call("POST", fmt.Sprintf("/v1/desk_checkin/%d/status", id), other, map[string]any{"status": 5, "customer_name": "X"}, nil)
	require.Equal(t, http.StatusNotFound, code, "a tablet of another location cannot answer")
}
