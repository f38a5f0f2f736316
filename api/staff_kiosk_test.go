package api

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api/console"
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/kioskcommunicationevent"
	"github.com/pitstop-dev/pitstop/ent/kiosklabel"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/kioskcheckin"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// kioskNoon is noon today at the fixture's locations (Europe/Amsterdam):
// always "today" for the kiosk, whatever the hour the test runs.
func kioskNoon(t *testing.T) time.Time {
	tz, err := time.LoadLocation("Europe/Amsterdam")
	require.NoError(t, err)
	n := time.Now().In(tz)
	return time.Date(n.Year(), n.Month(), n.Day(), 12, 0, 0, 0, tz)
}

// kioskAppointment: an appointment at loc today at noon+offset, with a
// driver whose surname is surname and one intervention offered.
func (f *adminFixture) kioskAppointment(loc int, offset time.Duration, reg, wo, surname string) *ent.Appointment {
	f.t.Helper()
	ctx := context.Background()
	require.NoError(f.t, f.db.DealerLocation.UpdateOneID(loc).SetIsKioskEnabled(true).Exec(ctx))
	cu := f.db.Customer.Create().SetLocationID(loc).SetFirstName("Jan").SetSurname(surname).SetTelMobilePrivate("+31612345678").SaveX(ctx)
	ap := f.db.Appointment.Create().SetLocationID(loc).SetCustomerDriverID(cu.ID).SetWoNr(wo).SetTimeCarApp(kioskNoon(f.t).Add(offset)).
		SetRegNumber(reg).SetCarMake("Volkswagen").SetCarModel("Golf").SetCreatedBy("test").SaveX(ctx)
	f.db.Intervention.Create().SetAppointmentID(ap.ID).SetDealerLocationID(loc).SetTitle("Brake pads").SetPrice(180.5).ExecX(ctx)
	return ap
}

func (f *adminFixture) kioskFind(body map[string]any) (staffapi.KioskFindResponse, []string) {
	f.t.Helper()
	var r staffapi.KioskFindResponse
	code, b := f.call("POST", "/v1/kiosk/find", f.token(enums.RoleIDKiosk), body, &r)
	require.Equal(f.t, http.StatusOK, code, string(b))
	return r, errorsIn(b)
}

func (f *adminFixture) kioskAnswer(id int, body map[string]any) (int, staffapi.KioskAnswerResponse, []string) {
	f.t.Helper()
	var r staffapi.KioskAnswerResponse
	code, b := f.call("POST", fmt.Sprintf("/v1/kiosk/checkins/%d/answer", id), f.token(enums.RoleIDKiosk), body, &r)
	return code, r, errorsIn(b)
}

func (f *adminFixture) kioskCheckIns(apID int) []staffapi.KioskCommunicationView {
	f.t.Helper()
	var r struct {
		List []staffapi.KioskCommunicationView `json:"kiosk_communications"`
	}
	code, b := f.call("GET", fmt.Sprintf("/v1/appointments/%d/kiosk_checkin", apID), f.token(enums.RoleIDReceptionist), nil, &r)
	require.Equal(f.t, http.StatusOK, code, string(b))
	return r.List
}

func (f *adminFixture) staffAppointment(id int) staffapi.StaffAppointmentView {
	f.t.Helper()
	var r struct {
		Appointment staffapi.StaffAppointmentView `json:"appointment"`
	}
	code, b := f.call("GET", fmt.Sprintf("/v1/appointments/%d", id), f.token(enums.RoleIDReceptionist), nil, &r)
	require.Equal(f.t, http.StatusOK, code, string(b))
	return r.Appointment
}

// kioskSignaturePNG is a w x h PNG with a diagonal stroke of ink pixels (none
// when ink is 0).
func kioskSignaturePNG(t *testing.T, w, h, ink int) string {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < ink; i++ {
		img.Set(i%w, (i/2)%h, color.NRGBA{0, 0, 0, 255})
	}
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// From plate to label: one match opens (event 1), the answer attaches the
// lowest free label and sets the appointment's kiosk fields (event 2), a
// second answer acts once, the receptionist detaches (event 3, label free).
func TestKioskCheckInFromPlateToLabelAndDetach(t *testing.T) {
	f := newAdminFixture(t)
	rec := f.withTemporal()
	ap := f.kioskAppointment(f.locA, 0, "AB-12-CD", "WO-1001", "de Vries")
	r, errs := f.kioskFind(map[string]any{"reg_number": " ab12 cd "})
	require.Empty(t, errs)
	require.NotNil(t, r.KioskCheckIn)
	v := r.KioskCheckIn
	assert.Equal(t, enums.KioskCommunicationStatusOpened, v.Status)
	assert.Equal(t, "Golf", v.CarModel)
	assert.Equal(t, "•••••••••78", v.PhoneOnFile, "only the last two digits of the phone on file")
	require.Len(t, v.Interventions, 1)
	assert.Equal(t, "Brake pads", v.Interventions[0].Title)

	code, a, errs := f.kioskAnswer(v.ID, map[string]any{"customer_name": "Jan de Vries", "correct_phone": "06 11 22 33 44",
		"agreed_intervention_ids": []int{v.Interventions[0].ID}, "remark": "Rattle left front"})
	require.Equal(t, http.StatusOK, code)
	require.Empty(t, errs)
	assert.Equal(t, 1, a.KioskLabelNumber)
	assert.False(t, a.AlreadyAnswered)

	// Answered twice (two taps, a retry): acts once, same label.
	_, again, errs := f.kioskAnswer(v.ID, map[string]any{"customer_name": "Someone else"})
	require.Empty(t, errs)
	assert.Equal(t, 1, again.KioskLabelNumber)
	assert.True(t, again.AlreadyAnswered)
	// The lifecycle is told (again with the repeat: a first signal may
	// have been lost to an outage; the lifecycle acts on it once).
	rec.mu.Lock()
	assert.Equal(t, []any{appointment.KioskCheckInSignal{KioskCommunicationID: v.ID, KioskLabelNumber: 1},
		appointment.KioskCheckInSignal{KioskCommunicationID: v.ID, KioskLabelNumber: 1}}, rec.signals)
	rec.mu.Unlock()

	got := f.staffAppointment(ap.ID)
	require.NotNil(t, got.KioskCheckedInAt)
	require.NotNil(t, got.KioskLabelNumber)
	assert.Equal(t, 1, *got.KioskLabelNumber)

	list := f.kioskCheckIns(ap.ID)
	require.Len(t, list, 1)
	kc := list[0]
	assert.Equal(t, enums.KioskCommunicationStatusAnswered, kc.Status)
	require.Len(t, kc.Events, 2, "opened and answered once")
	assert.Equal(t, enums.KioskCommunicationEventTypeOpened, kc.Events[0].Type)
	assert.Equal(t, enums.KioskCommunicationEventTypeAnswered, kc.Events[1].Type)
	assert.Equal(t, "Jan de Vries", kc.Events[1].CustomerName)
	assert.Equal(t, "+31611223344", kc.Events[1].CorrectPhone)
	require.Len(t, kc.AgreedInterventions, 1)
	assert.Equal(t, 180.5, kc.AgreedInterventions[0].Price)
	require.NotNil(t, kc.Remark)
	assert.Equal(t, "Rattle left front", kc.Remark.Description)

	// The plate again: the check-in is shown answered with its label.
	r, errs = f.kioskFind(map[string]any{"reg_number": "AB-12-CD"})
	require.Empty(t, errs)
	require.NotNil(t, r.KioskCheckIn.KioskLabelNumber)
	assert.Equal(t, 1, *r.KioskCheckIn.KioskLabelNumber)

	// A second customer gets label 2 while 1 is attached.
	ap2 := f.kioskAppointment(f.locA, time.Hour, "XY-99-ZZ", "WO-1002", "Jansen")
	r2, _ := f.kioskFind(map[string]any{"reg_number": "XY99ZZ"})
	_, a2, errs := f.kioskAnswer(r2.KioskCheckIn.ID, map[string]any{})
	require.Empty(t, errs)
	assert.Equal(t, 2, a2.KioskLabelNumber)

	// Detach: event 3, label free, the appointment's number gone.
	var d struct {
		N int `json:"kiosk_label_number"`
	}
	code, b := f.call("POST", fmt.Sprintf("/v1/appointments/%d/kiosk_label/detach", ap.ID), f.token(enums.RoleIDReceptionist), nil, &d)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Empty(t, errorsIn(b))
	assert.Equal(t, 1, d.N)
	got = f.staffAppointment(ap.ID)
	assert.Nil(t, got.KioskLabelNumber)
	assert.NotNil(t, got.KioskCheckedInAt)
	list = f.kioskCheckIns(ap.ID)
	require.Len(t, list[0].Events, 3)
	assert.Equal(t, enums.KioskCommunicationEventTypeLabelDetached, list[0].Events[2].Type)
	// Detached twice: refused, nothing written.
	_, b = f.call("POST", fmt.Sprintf("/v1/appointments/%d/kiosk_label/detach", ap.ID), f.token(enums.RoleIDReceptionist), nil, nil)
	assert.Contains(t, strings.Join(errorsIn(b), ";"), "no kiosk label attached")
	assert.Equal(t, 3, f.db.KioskCommunicationEvent.Query().Where(kioskcommunicationevent.KioskCommunicationID(list[0].ID)).CountX(context.Background()))

	// Label 1 is free again: the next customer gets it.
	ap3 := f.kioskAppointment(f.locA, 2*time.Hour, "GG-11-HH", "WO-1003", "Peeters")
	r3, _ := f.kioskFind(map[string]any{"reg_number": "GG11HH"})
	_, a3, errs := f.kioskAnswer(r3.KioskCheckIn.ID, map[string]any{})
	require.Empty(t, errs)
	assert.Equal(t, 1, a3.KioskLabelNumber)
	_ = ap2
	_ = ap3
}

// A plate of two appointments today answers only times and car models;
// the customer's choice needs the work order's last digits or their last name.
func TestKioskPlateOfTwoAppointmentsAsksWhichWithoutOtherCustomersData(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	f.kioskAppointment(f.locA, 0, "AB-12-CD", "WO-5551", "de Vries")
	second := f.kioskAppointment(f.locA, 2*time.Hour, "AB-12-CD", "WO-7772", "Bakker")
	code, b := f.call("POST", "/v1/kiosk/find", f.token(enums.RoleIDKiosk), map[string]any{"reg_number": "AB12CD"}, nil)
	require.Equal(t, http.StatusOK, code)
	body := string(b)
	for _, secret := range []string{"Vries", "Bakker", "5551", "7772", "WO-", "+316", "Jan"} {
		assert.NotContains(t, body, secret, "the choices show no customer's data")
	}
	r, errs := f.kioskFind(map[string]any{"reg_number": "AB12CD"})
	require.Empty(t, errs)
	assert.Nil(t, r.KioskCheckIn)
	require.Len(t, r.Choices, 2)
	assert.Equal(t, 2, r.Choices[1].Choice)
	assert.Equal(t, "Golf", r.Choices[1].CarModel)
	assert.True(t, r.Choices[0].TimeCarApp.Before(r.Choices[1].TimeCarApp))

	// Wrong proof: refused, nothing opened.
	for _, wrong := range []string{"5551", "de Vries", "72", ""} {
		_, errs = f.kioskFind(map[string]any{"reg_number": "AB12CD", "choice": 2, "verification": wrong})
		assert.NotEmpty(t, errs, "verification %q", wrong)
	}
	assert.Zero(t, f.db.KioskCommunication.Query().CountX(context.Background()))
	// The last digits, or the last name in any case, open the one chosen.
	r, errs = f.kioskFind(map[string]any{"reg_number": "AB12CD", "choice": 2, "verification": "772"})
	require.Empty(t, errs)
	require.NotNil(t, r.KioskCheckIn)
	kc := f.db.KioskCommunication.GetX(context.Background(), r.KioskCheckIn.ID)
	assert.Equal(t, second.ID, kc.AppointmentID)
	r, errs = f.kioskFind(map[string]any{"reg_number": "AB12CD", "choice": 2, "verification": "BAKKER"})
	require.Empty(t, errs)
	assert.Equal(t, kc.ID, r.KioskCheckIn.ID, "opened again, the same check-in")
}

// A kiosk reaches only its own location: another location's plate is not
// found, its check-in not answered; a kiosk account has one location.
func TestKioskAnotherLocationIsRefused(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	f.kioskAppointment(f.locA, 0, "AA-11-AA", "WO-2", "Smit")
	other := f.kioskAppointment(f.locB, 0, "ZZ-00-ZZ", "WO-1", "Smit")
	_, errs := f.kioskFind(map[string]any{"reg_number": "ZZ00ZZ"})
	assert.Contains(t, strings.Join(errs, ";"), "no appointment today")
	kc := f.db.KioskCommunication.Create().SetAppointmentID(other.ID).SetDealerLocationID(f.locB).SetKioskUserID(1).SaveX(context.Background())
	code, _, _ := f.kioskAnswer(kc.ID, map[string]any{})
	assert.Equal(t, http.StatusNotFound, code)
	assert.Nil(t, f.db.Appointment.GetX(context.Background(), other.ID).KioskLabelNumber)
	// Not a staff endpoint for a kiosk, nor a kiosk endpoint for staff.
	code, _ = f.call("GET", fmt.Sprintf("/v1/appointments/%d", other.ID), f.token(enums.RoleIDKiosk), nil, nil)
	assert.Equal(t, http.StatusForbidden, code)
	code, _ = f.call("POST", "/v1/kiosk/find", f.token(enums.RoleIDReceptionist), map[string]any{"reg_number": "ZZ00ZZ"}, nil)
	assert.Equal(t, http.StatusForbidden, code)
	// A kiosk account with two locations (or none) is refused at creation.
	k := enums.RoleIDKiosk
	email := "kiosk2@a.example"
	_, err := onboard.SaveUser(context.Background(), f.db, 0, onboard.UserInput{Email: &email, RoleID: &k, DealerID: &f.dealerA,
		LocationIDs: []int{f.locA, f.locB}})
	require.Error(t, err)
	_, err = onboard.SaveUser(context.Background(), f.db, 0, onboard.UserInput{Email: &email, RoleID: &k, DealerID: &f.dealerA})
	require.Error(t, err)
}

// IsKioskEnabled off: every kiosk call is refused and nothing is written.
func TestKioskDisabledRefuses(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	f.kioskAppointment(f.locA, 0, "AB-12-CD", "WO-1", "de Vries")
	r, _ := f.kioskFind(map[string]any{"reg_number": "AB12CD"})
	require.NoError(t, f.db.DealerLocation.UpdateOneID(f.locA).SetIsKioskEnabled(false).Exec(context.Background()))
	_, errs := f.kioskFind(map[string]any{"reg_number": "AB12CD"})
	assert.Contains(t, strings.Join(errs, ";"), "is_kiosk_enabled")
	_, _, errs = f.kioskAnswer(r.KioskCheckIn.ID, map[string]any{})
	assert.Contains(t, strings.Join(errs, ";"), "is_kiosk_enabled")
	_, b := f.call("GET", "/v1/kiosk/me", f.token(enums.RoleIDKiosk), nil, nil)
	assert.Contains(t, strings.Join(errorsIn(b), ";"), "is_kiosk_enabled")
	assert.Zero(t, f.db.KioskLabel.Query().CountX(context.Background()))
}

// A label already attached is refused; the kiosk hands out another.
func TestKioskLabelInUseIsRefused(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	f.kioskAppointment(f.locA, 0, "AB-12-CD", "WO-1", "de Vries")
	ap2 := f.kioskAppointment(f.locA, time.Hour, "XY-99-ZZ", "WO-2", "Jansen")
	r1, _ := f.kioskFind(map[string]any{"reg_number": "AB12CD"})
	_, a1, errs := f.kioskAnswer(r1.KioskCheckIn.ID, map[string]any{"kiosk_label_number": 42})
	require.Empty(t, errs)
	assert.Equal(t, 42, a1.KioskLabelNumber)
	r2, _ := f.kioskFind(map[string]any{"reg_number": "XY99ZZ"})
	_, _, errs = f.kioskAnswer(r2.KioskCheckIn.ID, map[string]any{"kiosk_label_number": 42})
	assert.Contains(t, strings.Join(errs, ";"), "already attached")
	ctx := context.Background()
	assert.Equal(t, enums.KioskCommunicationStatusOpened, f.db.KioskCommunication.GetX(ctx, r2.KioskCheckIn.ID).Status, "nothing changed")
	assert.Nil(t, f.db.Appointment.GetX(ctx, ap2.ID).KioskLabelNumber)
	_, a2, errs := f.kioskAnswer(r2.KioskCheckIn.ID, map[string]any{})
	require.Empty(t, errs)
	assert.Equal(t, 1, a2.KioskLabelNumber)
	assert.Equal(t, 1, f.db.KioskLabel.Query().Where(kiosklabel.Number(42), kiosklabel.KioskCommunicationIDNotNil()).CountX(ctx))
}

// Two kiosks answering at once never attach one label twice, and one
// check-in answered from two tabs at once is answered once.
func TestKioskConcurrentAnswersActOnce(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	var ids []int
	for i := 0; i < 4; i++ {
		f.kioskAppointment(f.locA, time.Duration(i)*time.Minute, fmt.Sprintf("CC-%02d-CC", i), fmt.Sprintf("WO-%d", i), "X")
		r, _ := f.kioskFind(map[string]any{"reg_number": fmt.Sprintf("CC%02dCC", i)})
		ids = append(ids, r.KioskCheckIn.ID, r.KioskCheckIn.ID)
	}
	var wg sync.WaitGroup
	labels := make([]int, len(ids))
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, a, errs := f.kioskAnswer(id, map[string]any{})
			assert.Empty(t, errs)
			labels[i] = a.KioskLabelNumber
		}()
	}
	wg.Wait()
	for i := 0; i < len(ids); i += 2 {
		assert.Equal(t, labels[i], labels[i+1], "one check-in, one label")
	}
	seen := map[int]bool{}
	for i := 0; i < len(ids); i += 2 {
		assert.False(t, seen[labels[i]], "label %d given twice", labels[i])
		seen[labels[i]] = true
	}
	assert.Equal(t, 4, f.db.KioskCommunicationEvent.Query().Where(kioskcommunicationevent.TypeEQ(enums.KioskCommunicationEventTypeAnswered)).CountX(context.Background()))
}

// The signature, when the location asks for one: a PNG with ink, within
// the byte and pixel limits; the name, when asked for; mandatory agreements.
func TestKioskSignatureNameAndAgreementsAreChecked(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	f.setSettings(map[string]any{"is_customer_signature_in_kiosk_checkin_enabled": true, "is_customer_name_in_kiosk_checkin_enabled": true})
	ctx := context.Background()
	must := f.db.CommunicationAgreement.Create().SetDealerID(f.dealerA).SetName("Terms").SetText("I agree.").SetVisibleKioskCheckIn(true).SaveX(ctx)
	opt := f.db.CommunicationAgreement.Create().SetDealerID(f.dealerA).SetName("News").SetText("Send news.").SetVisibleKioskCheckIn(true).
		SetOptionalKioskCheckIn(true).SaveX(ctx)
	f.db.CommunicationAgreement.Create().SetDealerID(f.dealerA).SetName("Desk only").SetText("x").SetVisibleDeskCheckIn(true).ExecX(ctx)
	ap := f.kioskAppointment(f.locA, 0, "AB-12-CD", "WO-1", "de Vries")
	r, _ := f.kioskFind(map[string]any{"reg_number": "AB12CD"})
	v := r.KioskCheckIn
	assert.True(t, v.IsCustomerSignatureInKioskCheckinEnabled)
	require.Len(t, v.Agreements, 2, "the kiosk's agreements only")
	assert.False(t, v.Agreements[0].Optional)
	assert.True(t, v.Agreements[1].Optional)

	good := kioskSignaturePNG(t, 400, 150, 300)
	big := make([]byte, 210<<10)
	copy(big, "\x89PNG\r\n\x1a\n")
	for _, tc := range []struct {
		name string
		body map[string]any
		want string
	}{
		{"no signature", map[string]any{"customer_name": "Jan", "agreement_ids": []int{must.ID}}, "customer_signature: required"},
		{"blank", map[string]any{"customer_name": "Jan", "agreement_ids": []int{must.ID}, "customer_signature": kioskSignaturePNG(t, 400, 150, 0)}, "empty"},
		{"a dot", map[string]any{"customer_name": "Jan", "agreement_ids": []int{must.ID}, "customer_signature": kioskSignaturePNG(t, 400, 150, 10)}, "empty"},
		{"too wide", map[string]any{"customer_name": "Jan", "agreement_ids": []int{must.ID}, "customer_signature": kioskSignaturePNG(t, 2400, 10, 300)}, "pixels"},
		{"too many bytes", map[string]any{"customer_name": "Jan", "agreement_ids": []int{must.ID}, "customer_signature": base64.StdEncoding.EncodeToString(big)}, "at most 200 KB"},
		{"not a PNG", map[string]any{"customer_name": "Jan", "agreement_ids": []int{must.ID}, "customer_signature": base64.StdEncoding.EncodeToString([]byte("GIF89a..."))}, "must be a PNG"},
		{"not base64", map[string]any{"customer_name": "Jan", "agreement_ids": []int{must.ID}, "customer_signature": "%%%"}, "base64"},
		{"no name", map[string]any{"agreement_ids": []int{must.ID}, "customer_signature": good}, "customer_name: required"},
		{"mandatory agreement missing", map[string]any{"customer_name": "Jan", "agreement_ids": []int{opt.ID}, "customer_signature": good}, "is not optional"},
		{"an agreement not shown", map[string]any{"customer_name": "Jan", "agreement_ids": []int{must.ID, 999999}, "customer_signature": good}, "was not shown"},
		{"work not offered", map[string]any{"customer_name": "Jan", "agreement_ids": []int{must.ID}, "customer_signature": good, "agreed_intervention_ids": []int{999999}}, "was not offered"},
		{"NUL in the remark", map[string]any{"customer_name": "Jan", "agreement_ids": []int{must.ID}, "customer_signature": good, "remark": "a\x00b"}, "remark"},
	} {
		code, _, errs := f.kioskAnswer(v.ID, tc.body)
		assert.Equal(t, http.StatusOK, code, tc.name)
		assert.Contains(t, strings.Join(errs, ";"), tc.want, tc.name)
	}
	assert.Nil(t, f.db.Appointment.GetX(ctx, ap.ID).KioskLabelNumber, "nothing written by a refused answer")
	assert.Zero(t, f.db.KioskLabel.Query().CountX(ctx))

	_, a, errs := f.kioskAnswer(v.ID, map[string]any{"customer_name": "Jan", "agreement_ids": []int{must.ID},
		"customer_signature": "data:image/png;base64," + good})
	require.Empty(t, errs)
	assert.Equal(t, 1, a.KioskLabelNumber)
	list := f.kioskCheckIns(ap.ID)
	assert.Equal(t, []int{must.ID}, list[0].AgreementIDs)
	assert.True(t, strings.HasPrefix(list[0].Events[1].CustomerSignature, "data:image/png;base64,"))
}

// Guessing which appointment of a plate is whose is limited: per kiosk
// account and plate, 5 wrong proofs in 15 minutes, then 429 (the spec's
// error body), even for the right proof; fewer wrong ones still let the
// right one through; another kiosk account or plate is not affected.
func TestKioskWrongVerificationsAreLimited(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	ctx := context.Background()
	f.kioskAppointment(f.locA, 0, "AB-12-CD", "WO-5551", "de Vries")
	bakker := f.kioskAppointment(f.locA, 2*time.Hour, "AB-12-CD", "WO-7772", "Bakker")
	f.kioskAppointment(f.locA, 0, "XY-34-ZZ", "WO-1113", "Jansen")
	f.kioskAppointment(f.locA, 3*time.Hour, "XY-34-ZZ", "WO-2224", "Visser")
	find := func(token, plate, verification string) (int, []string) {
		t.Helper()
		code, b := f.call("POST", "/v1/kiosk/find", token, map[string]any{"reg_number": plate, "choice": 2, "verification": verification}, nil)
		return code, errorsIn(b)
	}
	kioskA := f.token(enums.RoleIDKiosk)

	// 4 wrong, then the right one still opens, and gives its try back.
	for i := range 4 {
		code, errs := find(kioskA, "AB12CD", fmt.Sprintf("%03d", i))
		require.Equal(t, http.StatusOK, code)
		require.NotEmpty(t, errs)
	}
	code, errs := find(kioskA, "AB12CD", "772")
	require.Equal(t, http.StatusOK, code, errs)
	require.Empty(t, errs)
	// The 5th wrong one is answered as wrong; the 6th try, even right, is 429.
	code, errs = find(kioskA, "AB12CD", "999")
	require.Equal(t, http.StatusOK, code)
	require.NotEmpty(t, errs)
	before := f.db.KioskCommunication.Query().CountX(ctx)
	code, errs = find(kioskA, "AB-12-CD", "772")
	require.Equal(t, http.StatusTooManyRequests, code)
	require.Len(t, errs, 1, "the spec's error body")
	assert.Contains(t, errs[0], "too many wrong answers")
	assert.Equal(t, before, f.db.KioskCommunication.Query().CountX(ctx), "nothing opened")
	code, _ = find(kioskA, "AB12CD", "BAKKER")
	assert.Equal(t, http.StatusTooManyRequests, code)

	// Another plate at the same kiosk is not affected.
	code, errs = find(kioskA, "XY34ZZ", "224")
	require.Equal(t, http.StatusOK, code, errs)
	require.Empty(t, errs)
	// Nor is another kiosk account at the same plate.
	k := enums.RoleIDKiosk
	email, pw := "kiosk2@a.example", "a good long password"
	u, err := onboard.SaveUser(ctx, f.db, 0, onboard.UserInput{Email: &email, RoleID: &k, DealerID: &f.dealerA,
		LocationIDs: []int{f.locA}, Password: &pw})
	require.NoError(t, err)
	kioskB, err := f.iss.MintFor(auth.Subject{UserID: u.ID, DealerID: f.dealerA, LocationIDs: []int{f.locA}, RoleID: k,
		CredentialVersion: u.CredentialVersion}, time.Hour, f.now)
	require.NoError(t, err)
	var r staffapi.KioskFindResponse
	code, b := f.call("POST", "/v1/kiosk/find", kioskB, map[string]any{"reg_number": "AB12CD", "choice": 2, "verification": "Bakker"}, &r)
	require.Equal(t, http.StatusOK, code, string(b))
	require.Empty(t, errorsIn(b))
	require.NotNil(t, r.KioskCheckIn)
	assert.Equal(t, bakker.ID, f.db.KioskCommunication.GetX(ctx, r.KioskCheckIn.ID).AppointmentID)
}

// kioskCode gives ap its kiosk code as its first message does.
func (f *adminFixture) kioskCode(ap *ent.Appointment) string {
	f.t.Helper()
	code, err := kioskcheckin.EnsureCode(context.Background(), f.db, ap, time.Now())
	require.NoError(f.t, err)
	require.Len(f.t, code, kioskcheckin.CodeDigits)
	return code
}

// The code from the customer's message finds exactly that appointment
// (even where its plate has two today) and opens it as a plate match
// does; a code of another location, of yesterday or of a closed or
// cancelled appointment finds nothing; bad input is refused as the spec's
// error contract says, before anything is counted or looked up.
func TestKioskCodeFindsExactlyThatAppointment(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	ctx := context.Background()
	f.kioskAppointment(f.locA, 0, "AB-12-CD", "WO-5551", "de Vries")
	bakker := f.kioskAppointment(f.locA, 2*time.Hour, "AB-12-CD", "WO-7772", "Bakker")
	code := f.kioskCode(bakker)

	r, errs := f.kioskFind(map[string]any{"code": " " + code + " "})
	require.Empty(t, errs)
	require.NotNil(t, r.KioskCheckIn)
	assert.Empty(t, r.Choices, "no choice to make: the code names one appointment")
	assert.Equal(t, bakker.ID, f.db.KioskCommunication.GetX(ctx, r.KioskCheckIn.ID).AppointmentID)
	assert.Equal(t, "AB-12-CD", r.KioskCheckIn.RegNumber)
	assert.Equal(t, 1, f.db.KioskCommunicationEvent.Query().Where(kioskcommunicationevent.KioskCommunicationID(r.KioskCheckIn.ID),
		kioskcommunicationevent.Type(enums.KioskCommunicationEventTypeOpened)).CountX(ctx), "event 1, as a plate match")

	notFound := func(code string) {
		t.Helper()
		r, errs := f.kioskFind(map[string]any{"code": code})
		assert.Nil(t, r.KioskCheckIn)
		assert.Contains(t, strings.Join(errs, ";"), "no appointment today for this code")
	}
	otherLoc := f.kioskCode(f.kioskAppointment(f.locB, 0, "ZZ-00-ZZ", "WO-1", "Smit"))
	notFound(otherLoc)
	yesterday := f.kioskCode(f.kioskAppointment(f.locA, -24*time.Hour, "YY-11-YY", "WO-2", "Smit"))
	notFound(yesterday)
	done := f.kioskAppointment(f.locA, time.Hour, "CC-22-CC", "WO-3", "Smit")
	doneCode := f.kioskCode(done)
	f.db.Appointment.UpdateOneID(done.ID).SetLifecycleStage(string(appointment.StageCompleted)).ExecX(ctx)
	notFound(doneCode)
	cancelled := f.kioskAppointment(f.locA, time.Hour, "DD-33-DD", "WO-4", "Smit")
	cancelledCode := f.kioskCode(cancelled)
	f.db.Appointment.UpdateOneID(cancelled.ID).SetDmsCanceled(true).ExecX(ctx)
	notFound(cancelledCode)

	for _, bad := range []struct {
		body map[string]any
		want string
	}{
		{map[string]any{}, "reg_number, code: type either"},
		{map[string]any{"reg_number": "AB12CD", "code": code}, "reg_number, code: type either"},
		{map[string]any{"code": "12345"}, "code: the 6 digits"},
		{map[string]any{"code": "1234567"}, "code: the 6 digits"},
		{map[string]any{"code": "12345a"}, "code: the 6 digits"},
		{map[string]any{"code": "１２３４５６"}, "code: the 6 digits"},
	} {
		r, errs := f.kioskFind(bad.body)
		assert.Nil(t, r.KioskCheckIn, "%v", bad.body)
		require.Len(t, errs, 1, "%v", bad.body)
		assert.Contains(t, errs[0], bad.want, "%v", bad.body)
	}
	// None of these counted: the right code still opens.
	r, errs = f.kioskFind(map[string]any{"code": code})
	require.Empty(t, errs)
	require.NotNil(t, r.KioskCheckIn)
}

// A code is guessable: wrong codes are limited per kiosk account whatever
// is typed, 5 in 15 minutes, then 429 with the spec's error body, even for
// the right code; the plate path's own limit is not used up by them.
func TestKioskWrongCodesAreLimitedPerKiosk(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	ctx := context.Background()
	ap := f.kioskAppointment(f.locA, 0, "AB-12-CD", "WO-5551", "de Vries")
	code := f.kioskCode(ap)
	wrong := func(i int) string {
		w := fmt.Sprintf("%06d", (i*7919+13)%1_000_000)
		if w == code {
			w = fmt.Sprintf("%06d", (i*7919+14)%1_000_000)
		}
		return w
	}
	for i := range 5 {
		_, errs := f.kioskFind(map[string]any{"code": wrong(i)})
		require.NotEmpty(t, errs, "wrong code %d", i)
	}
	before := f.db.KioskCommunication.Query().CountX(ctx)
	status, b := f.call("POST", "/v1/kiosk/find", f.token(enums.RoleIDKiosk), map[string]any{"code": code}, nil)
	require.Equal(t, http.StatusTooManyRequests, status, string(b))
	errs := errorsIn(b)
	require.Len(t, errs, 1, "the spec's error body")
	assert.Contains(t, errs[0], "too many wrong codes")
	assert.Equal(t, before, f.db.KioskCommunication.Query().CountX(ctx), "nothing opened")
	status, _ = f.call("POST", "/v1/kiosk/find", f.token(enums.RoleIDKiosk), map[string]any{"code": wrong(5)}, nil)
	assert.Equal(t, http.StatusTooManyRequests, status, "the 6th wrong code")
	// The plate still works at this kiosk.
	r, errs := f.kioskFind(map[string]any{"reg_number": "AB12CD"})
	require.Empty(t, errs)
	require.NotNil(t, r.KioskCheckIn)
}

// The staff screens name the currency the location prices in, from its
// country (internal/currency): the kiosk, the console's day and the
// counter tablet's desk check-in.
func TestStaffScreensNameTheLocationsCurrency(t *testing.T) {
	f := newAdminFixture(t)
	ctx := context.Background()
	for country, want := range map[string]string{"NL": "EUR", "GB": "GBP", "CH": "CHF"} {
		require.NoError(t, f.db.DealerLocation.UpdateOneID(f.locA).SetCountry(country).SetIsKioskEnabled(true).Exec(ctx))
		var me staffapi.KioskMeView
		code, b := f.call("GET", "/v1/kiosk/me", f.token(enums.RoleIDKiosk), nil, &me)
		require.Equal(t, http.StatusOK, code, string(b))
		assert.Equal(t, want, me.Currency, "kiosk in %s", country)
		var day console.DayView
		code, b = f.call("GET", fmt.Sprintf("/v1/desk/day?location_id=%d", f.locA), f.token(enums.RoleIDReceptionist), nil, &day)
		require.Equal(t, http.StatusOK, code, string(b))
		assert.Equal(t, want, day.Location.Currency, "console in %s", country)
	}
}
