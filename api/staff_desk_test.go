package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/mocks"

	adminapi "github.com/pitstop-dev/pitstop/api/admin"
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/desk"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// temporalRecorder is the SDK's mock client: it accepts workflow starts and
// signals and remembers them.
type temporalRecorder struct {
	mu      sync.Mutex
	starts  []desk.DeskConfirmationInput
	signals []any
}

func (f *adminFixture) withTemporal() *temporalRecorder {
	rec := &temporalRecorder{}
	tc := &mocks.Client{}
	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(
		func(_ context.Context, o client.StartWorkflowOptions, _ any, args ...any) (client.WorkflowRun, error) {
			rec.mu.Lock()
			defer rec.mu.Unlock()
			if in, ok := args[0].(desk.DeskConfirmationInput); ok {
				rec.starts = append(rec.starts, in)
			}
			run := &mocks.WorkflowRun{}
			run.On("GetID").Return(o.ID).Maybe()
			run.On("GetRunID").Return("test-run").Maybe()
			return run, nil
		}).Maybe()
	tc.On("SignalWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(
		func(_ context.Context, _, _, _ string, arg any) error {
			rec.mu.Lock()
			defer rec.mu.Unlock()
			rec.signals = append(rec.signals, arg)
			return nil
		}).Maybe()
	f.router = New(Deps{DB: f.store, Temporal: tc, TaskQueue: "test", Tokens: f.iss, KeySecret: []byte("k"),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return rec
}

// deskAppointment creates an appointment at location A (desk check-in on)
// with a normal, a warranty and a hidden intervention.
func (f *adminFixture) deskAppointment(when time.Time, reg string) *ent.Appointment {
	f.t.Helper()
	ctx := context.Background()
	require.NoError(f.t, f.db.DealerLocation.UpdateOneID(f.locA).SetDeskCheckInEnabled(true).Exec(ctx))
	cu := f.db.Customer.Create().SetLocationID(f.locA).SetFirstName("Jan").SetSurname("de Vries").SaveX(ctx)
	ap := f.db.Appointment.Create().SetLocationID(f.locA).SetCustomerDriverID(cu.ID).SetWoNr("WO-77").SetTimeCarApp(when).
		SetRegNumber(reg).SetCreatedBy("test").SaveX(ctx)
	f.db.Intervention.Create().SetAppointmentID(ap.ID).SetDealerLocationID(f.locA).SetTitle("Brake pads").SetPrice(180.5).ExecX(ctx)
	f.db.Intervention.Create().SetAppointmentID(ap.ID).SetDealerLocationID(f.locA).SetTitle("Recall").SetPrice(99).SetIsWarrantyInDms(true).ExecX(ctx)
	f.db.Intervention.Create().SetAppointmentID(ap.ID).SetDealerLocationID(f.locA).SetTitle("Not yet shown").SetPrice(5).SetVisibleToCustomer(false).ExecX(ctx)
	return ap
}

// sendDesk sends a desk check-in (or check-out) of ap to the tablet user.
func (f *adminFixture) sendDesk(apID int, checkingOut bool) int {
	f.t.Helper()
	var d struct {
		ID int `json:"id"`
	}
	code, body := f.call("POST", fmt.Sprintf("/v1/appointments/%d/desk_checkin/send", apID), f.token(enums.RoleIDReceptionist),
		map[string]any{"tablet_user_id": f.users[enums.RoleIDCounterTablet], "is_checking_out": checkingOut}, &d)
	require.Equal(f.t, http.StatusOK, code, string(body))
	require.Empty(f.t, errorsIn(body), string(body))
	require.NotZero(f.t, d.ID, string(body))
	return d.ID
}

func (f *adminFixture) deskView(id int) staffapi.DeskCheckInView {
	f.t.Helper()
	var v staffapi.DeskCheckInView
	code, body := f.call("GET", fmt.Sprintf("/v1/desk_checkin/%d", id), f.token(enums.RoleIDCounterTablet), nil, &v)
	require.Equal(f.t, http.StatusOK, code, string(body))
	require.Empty(f.t, errorsIn(body), string(body))
	return v
}

func (f *adminFixture) setSettings(body map[string]any) {
	f.t.Helper()
	code, resp := f.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/settings", f.locA), f.token(enums.RoleIDDealerAdmin), body, nil)
	require.Equal(f.t, http.StatusOK, code, string(resp))
	require.Empty(f.t, errorsIn(resp), string(resp))
}

// HidePricesInDeskCommunication: the tablet gets no price at all when the
// location sets it, and every visible price when it does not.
func TestDeskCheckInHidesPricesWhenTheLocationSaysSo(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	ap := f.deskAppointment(time.Now().Add(time.Hour), "AB-12-CD")
	id := f.sendDesk(ap.ID, false)

	f.setSettings(map[string]any{"hide_prices_in_desk_communication": false, "hide_warranty_intervention_price": false})
	v := f.deskView(id)
	require.False(t, v.HidePrices)
	require.Equal(t, ap.ID, v.AppointmentID)
	require.Equal(t, "Jan de Vries", v.CustomerName)
	require.Len(t, v.Interventions, 2, "interventions hidden from the customer are not shown at the desk")
	require.Equal(t, "EUR", v.Currency, "the prices' currency, of the location's country")
	f.db.DealerLocation.UpdateOneID(f.locA).SetCountry("GB").ExecX(context.Background())
	require.Equal(t, "GBP", f.deskView(id).Currency)
	prices := map[string]float64{}
	for _, iv := range v.Interventions {
		require.NotNil(t, iv.Price, iv.Title)
		prices[iv.Title] = *iv.Price
	}
	require.Equal(t, map[string]float64{"Brake pads": 180.5, "Recall": 99}, prices)

	// The location's warranty rule still applies at the desk.
	f.setSettings(map[string]any{"hide_warranty_intervention_price": true})
	for _, iv := range f.deskView(id).Interventions {
		require.Equal(t, iv.Title == "Recall", iv.Price == nil, iv.Title)
	}

	f.setSettings(map[string]any{"hide_prices_in_desk_communication": true, "hide_warranty_intervention_price": false})
	code, body := f.call("GET", fmt.Sprintf("/v1/desk_checkin/%d", id), f.token(enums.RoleIDCounterTablet), nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotContains(t, string(body), "180.5", "no price reaches the tablet")
	// "99" as a price, not inside the appointment's time.
	require.NotContains(t, string(body), ":99", "no price reaches the tablet")
	v = f.deskView(id)
	require.True(t, v.HidePrices)
	require.Len(t, v.Interventions, 2)
	for _, iv := range v.Interventions {
		require.Nil(t, iv.Price, iv.Title)
	}

	// Only the desk's tablet and staff of the location see it.
	role, email, pw := enums.RoleIDCounterTablet, "tablet@b.example", "a good long password"
	u, err := onboard.SaveUser(context.Background(), f.db, 0, onboard.UserInput{Email: &email, RoleID: &role, Password: &pw,
		DealerID: &f.dealerB, LocationIDs: []int{f.locB}})
	require.NoError(t, err)
	other, err := f.iss.MintFor(auth.Subject{UserID: u.ID, DealerID: f.dealerB, LocationIDs: []int{f.locB}, RoleID: role}, time.Hour, f.now)
	require.NoError(t, err)
	code, _ = f.call("GET", fmt.Sprintf("/v1/desk_checkin/%d", id), other, nil, nil)
	require.Equal(t, http.StatusNotFound, code)
}

// Desk check-in and check-out refuse an answer without the agreements
// that are mandatory there, and record the exact versions accepted.
func TestDeskMandatoryAgreements(t *testing.T) {
	f := newAdminFixture(t)
	rec := f.withTemporal()
	admin := f.token(enums.RoleIDDealerAdmin)
	agreement := func(body map[string]any) adminapi.AdminAgreementView {
		var a adminapi.AdminAgreementView
		code, resp := f.call("POST", fmt.Sprintf("/v1/admin/dealers/%d/agreements", f.dealerA), admin, body, &a)
		require.Equal(t, http.StatusOK, code, string(resp))
		require.Empty(t, errorsIn(resp), string(resp))
		return a
	}
	terms := agreement(map[string]any{"name": "Desk terms", "text": "I leave my car.", "visible_desk_check_in": true, "optional_desk_check_in": false})
	news := agreement(map[string]any{"name": "Newsletter", "text": "Send me news.", "visible_desk_check_in": true, "optional_desk_check_in": true,
		"visible_desk_check_out": true, "optional_desk_check_out": true})
	out := agreement(map[string]any{"name": "Pick-up terms", "text": "I take my car back.", "visible_desk_check_out": true, "optional_desk_check_out": false,
		"visible_desk_check_in": true, "optional_desk_check_in": true})
	online := agreement(map[string]any{"name": "Online only", "text": "x", "visible_online_check_in": true})

	ap := f.deskAppointment(time.Now().Add(time.Hour), "AB-12-CD")
	id := f.sendDesk(ap.ID, false)
	v := f.deskView(id)
	shown := map[string]bool{}
	for _, a := range v.Agreements {
		shown[a.Name] = a.Optional
	}
	require.Equal(t, map[string]bool{"Desk terms": false, "Newsletter": true, "Pick-up terms": true}, shown)

	tablet := f.token(enums.RoleIDCounterTablet)
	status := func(id int, body map[string]any) (int, []byte) {
		return f.call("POST", fmt.Sprintf("/v1/desk_checkin/%d/status", id), tablet, body, nil)
	}
	code, body := status(id, map[string]any{"status": 4})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, errorsIn(body))

	// The dealer edits the mandatory agreement after the tablet showed it.
	var terms2 adminapi.AdminAgreementView
	code, body = f.call("PUT", fmt.Sprintf("/v1/admin/agreements/%d", terms.ID), admin, map[string]any{"text": "I leave my car and its key."}, &terms2)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, 2, terms2.Version)

	for _, bad := range []struct {
		ids  []int
		want []string
	}{
		{nil, []string{`agreement_ids: the agreement "Desk terms" (id ` + fmt.Sprint(terms.ID) + `) is not optional and must be accepted`}},
		{[]int{news.ID}, []string{`the agreement "Desk terms"`}},
		{[]int{terms2.ID}, []string{fmt.Sprintf("agreement %d was not shown with this desk check-in", terms2.ID), `the agreement "Desk terms"`}},
		{[]int{terms.ID, online.ID}, []string{fmt.Sprintf("agreement %d was not shown with this desk check-in", online.ID)}},
	} {
		code, body = status(id, map[string]any{"status": 5, "customer_name": "Jan de Vries", "agreement_ids": bad.ids})
		require.Equal(t, http.StatusOK, code, string(body))
		problems := strings.Join(errorsIn(body), "\n")
		for _, w := range bad.want {
			require.Contains(t, problems, w, "agreement_ids %v", bad.ids)
		}
	}
	d := f.db.DeskCommunication.GetX(context.Background(), id)
	require.Equal(t, enums.DeskCommunicationStatusOpened, d.Status, "a refused answer changes nothing")
	require.Empty(t, rec.starts, "and confirms nothing")

	code, body = status(id, map[string]any{"status": 5, "customer_name": "Jan de Vries", "agreement_ids": []int{terms.ID, news.ID}})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, errorsIn(body), string(body))
	d = f.db.DeskCommunication.GetX(context.Background(), id)
	require.Equal(t, enums.DeskCommunicationStatusAnswered, d.Status)
	require.Equal(t, []int{terms.ID, news.ID}, d.AcceptedAgreementIds, "version 1, the text the customer saw, is recorded")
	require.Len(t, rec.starts, 1)
	require.Equal(t, []int{terms.ID, news.ID}, f.deskView(id).AcceptedAgreementIDs)

	// agreement_ids belong to the answer only.
	id2 := f.sendDesk(ap.ID, false)
	code, body = status(id2, map[string]any{"status": 2, "agreement_ids": []int{terms2.ID}})
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, strings.Join(errorsIn(body), "\n"), "agreement_ids: only with the customer's answer")

	// The check-out shows the check-out agreements; its mandatory one is
	// required, the check-in's is not.
	outID := f.sendDesk(ap.ID, true)
	v = f.deskView(outID)
	require.True(t, v.IsCheckingOut)
	shown = map[string]bool{}
	for _, a := range v.Agreements {
		shown[a.Name] = a.Optional
	}
	require.Equal(t, map[string]bool{"Newsletter": true, "Pick-up terms": false}, shown)
	code, body = status(outID, map[string]any{"status": 4})
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = status(outID, map[string]any{"status": 5, "customer_name": "Jan de Vries", "agreement_ids": []int{news.ID}})
	require.Equal(t, http.StatusOK, code)
	problems := strings.Join(errorsIn(body), "\n")
	require.Contains(t, problems, `the agreement "Pick-up terms"`)
	require.NotContains(t, problems, "Desk terms")
	code, body = status(outID, map[string]any{"status": 5, "customer_name": "Jan de Vries", "agreement_ids": []int{out.ID}})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, errorsIn(body), string(body))
	require.Equal(t, []int{out.ID}, f.db.DeskCommunication.GetX(context.Background(), outID).AcceptedAgreementIds)

	// Sent while the car is ready (or quality-checked), it is a check-out
	// whatever the receptionist said (the spec's IsCheckingOut).
	for _, st := range []enums.StatusIdentifier{enums.StatusIdentifierCarReady, enums.StatusIdentifierQualityCheckCompleted} {
		require.NoError(t, f.db.Appointment.UpdateOneID(ap.ID).SetAppointmentStatusIdentifier(st).Exec(context.Background()))
		v = f.deskView(f.sendDesk(ap.ID, false))
		require.True(t, v.IsCheckingOut, "status %d", st)
		require.Len(t, v.Agreements, 2)
	}
}

// The key locker's PIN request refuses a request without the agreements
// mandatory at the key locker, before it looks for an appointment, and
// passes the accepted versions on with the PIN request.
func TestKeyLockerMandatoryAgreements(t *testing.T) {
	f := newAdminFixture(t)
	rec := f.withTemporal()
	admin := f.token(enums.RoleIDDealerAdmin)
	var terms, opt adminapi.AdminAgreementView
	code, body := f.call("POST", fmt.Sprintf("/v1/admin/dealers/%d/agreements", f.dealerA), admin,
		map[string]any{"name": "Locker terms", "text": "The dealer keeps my key.", "visible_key_locker_check_in": true, "optional_key_locker_check_in": false}, &terms)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = f.call("POST", fmt.Sprintf("/v1/admin/dealers/%d/agreements", f.dealerA), admin,
		map[string]any{"name": "Survey", "text": "Ask me later.", "visible_key_locker_check_in": true, "optional_key_locker_check_in": true}, &opt)
	require.Equal(t, http.StatusOK, code, string(body))

	// The locker device (a staff account of the location) reads what to show.
	device := f.token(enums.RoleIDReceptionist)
	var list staffapi.KeyLockerAgreementsView
	code, body = f.call("GET", fmt.Sprintf("/v1/keylocker/agreements?dealer_location_id=%d", f.locA), device, nil, &list)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, []staffapi.DeskAgreementView{{ID: terms.ID, Name: "Locker terms", Text: "The dealer keeps my key.", Optional: false},
		{ID: opt.ID, Name: "Survey", Text: "Ask me later.", Optional: true}}, list.Agreements)
	code, _ = f.call("GET", fmt.Sprintf("/v1/keylocker/agreements?dealer_location_id=%d", f.locB), device, nil, nil)
	require.Equal(t, http.StatusNotFound, code, "another dealer's location")

	loc := f.db.DealerLocation.GetX(context.Background(), f.locA)
	tz, err := time.LoadLocation(loc.TimeZone)
	require.NoError(t, err)
	now := time.Now().In(tz)
	today := time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, tz)
	ap := f.deskAppointment(today, "ZZ-99-XX")

	pin := func(ids []int) (int, []byte) {
		b := map[string]any{"dealer_location_id": f.locA, "reg_number": "zz99xx"}
		if ids != nil {
			b["agreement_ids"] = ids
		}
		return f.call("POST", "/v1/keylocker/pin_request", device, b, nil)
	}
	for _, ids := range [][]int{nil, {}, {opt.ID}} {
		code, body = pin(ids)
		require.Equal(t, http.StatusOK, code, string(body))
		require.Contains(t, strings.Join(errorsIn(body), "\n"),
			fmt.Sprintf(`agreement_ids: the agreement "Locker terms" (id %d) is not optional and must be accepted`, terms.ID))
	}
	code, body = pin([]int{terms.ID, 999999})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Contains(t, strings.Join(errorsIn(body), "\n"), "agreement 999999 is not shown at this key locker")
	require.Empty(t, rec.signals, "a refused request asks for no PIN")

	code, body = pin([]int{terms.ID})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, errorsIn(body), string(body))
	require.Len(t, rec.signals, 1)
	sig, ok := rec.signals[0].(appointment.PINRequestSignal)
	require.True(t, ok)
	require.Equal(t, []int{terms.ID}, sig.AgreementIDs)
	require.Equal(t, "ZZ-99-XX", ap.RegNumber)
}
