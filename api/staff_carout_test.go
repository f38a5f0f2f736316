package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/deskcheckin"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

func (f *adminFixture) carOut(apID int, token string) staffapi.CarOutOfShopResult {
	f.t.Helper()
	var r staffapi.CarOutOfShopResult
	code, body := f.call("POST", fmt.Sprintf("/v1/appointments/%d/car_out_of_shop", apID), token, nil, &r)
	require.Equal(f.t, http.StatusOK, code, string(body))
	require.Empty(f.t, errorsIn(body), string(body))
	return r
}

// carOutSetting sets the location's IsOpenDeskCheckoutOnCarOutOfShopEnabled
// as an admin does.
func (f *adminFixture) carOutSetting(on bool) {
	f.t.Helper()
	code, resp := f.call("PUT", fmt.Sprintf("/v1/admin/locations/%d", f.locA), f.token(enums.RoleIDDealerAdmin),
		map[string]any{"is_open_desk_checkout_on_car_out_of_shop_enabled": on}, nil)
	require.Equal(f.t, http.StatusOK, code, string(resp))
	require.Empty(f.t, errorsIn(resp), string(resp))
	require.Equal(f.t, on, f.db.DealerLocation.GetX(context.Background(), f.locA).IsOpenDeskCheckoutOnCarOutOfShopEnabled)
}

// pendingOn is what GET /v1/desk_checkin/pending shows the tablet.
func (f *adminFixture) pendingOn(token string) []staffapi.DeskCommunicationView {
	f.t.Helper()
	var p struct {
		Desks []staffapi.DeskCommunicationView `json:"desk_communications"`
	}
	code, body := f.call("GET", "/v1/desk_checkin/pending", token, nil, &p)
	require.Equal(f.t, http.StatusOK, code, string(body))
	return p.Desks
}

func (f *adminFixture) otherTablet(email string) (int, string) {
	f.t.Helper()
	role, pw := enums.RoleIDCounterTablet, "a good long password"
	u, err := onboard.SaveUser(context.Background(), f.db, 0, onboard.UserInput{Email: &email, RoleID: &role, Password: &pw,
		DealerID: &f.dealerA, LocationIDs: []int{f.locA}})
	require.NoError(f.t, err)
	tok, err := f.iss.MintFor(auth.Subject{UserID: u.ID, DealerID: f.dealerA, LocationIDs: []int{f.locA}, RoleID: role}, time.Hour, f.now)
	require.NoError(f.t, err)
	return u.ID, tok
}

// The receptionist sets the car out of the shop: with the location's
// IsOpenDeskCheckoutOnCarOutOfShopEnabled and one counter tablet, a desk
// check-out is pending on that tablet; twice changes nothing.
func TestCarOutOfShopOpensADeskCheckOut(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	ap := f.deskAppointment(time.Now().Add(time.Hour), "AB-12-CD")
	f.carOutSetting(true)
	rec, tablet := f.token(enums.RoleIDReceptionist), f.token(enums.RoleIDCounterTablet)

	before := time.Now()
	r := f.carOut(ap.ID, rec)
	require.False(t, r.AlreadySet)
	require.True(t, r.CarOutOfShopEdited)
	require.Equal(t, f.users[enums.RoleIDReceptionist], *r.CarOutOfShopSetByID)
	require.WithinDuration(t, before, r.CarOutOfShop, time.Minute)
	require.True(t, r.DeskCheckoutOpened, "%+v", r)
	require.Empty(t, r.NotOpenedReason)
	require.Equal(t, f.users[enums.RoleIDCounterTablet], r.DeskCheckout.TabletUserID)
	require.True(t, r.DeskCheckout.IsCheckingOut)

	p := f.pendingOn(tablet)
	require.Len(t, p, 1)
	require.Equal(t, ap.ID, p[0].AppointmentID)
	require.True(t, p[0].IsCheckingOut, "the tablet shows a check-out")
	require.Equal(t, enums.DeskCommunicationStatusSent, p[0].Status)

	stored := f.db.Appointment.GetX(context.Background(), ap.ID)
	require.True(t, stored.CarOutOfShopEdited)
	require.True(t, stored.CarOutOfShop.Equal(r.CarOutOfShop))

	again := f.carOut(ap.ID, rec)
	require.True(t, again.AlreadySet)
	require.True(t, again.CarOutOfShop.Equal(r.CarOutOfShop), "the first time stays")
	require.True(t, again.DeskCheckoutOpened)
	require.Equal(t, r.DeskCheckout.ID, again.DeskCheckout.ID, "the same check-out answered")
	require.Equal(t, 1, f.db.DeskCommunication.Query().CountX(context.Background()), "one desk communication")
	require.Len(t, f.pendingOn(tablet), 1)
}

// With the setting off the car is set out of the shop and the desk is not
// spoken to.
func TestCarOutOfShopWithTheSettingOffOpensNothing(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	ap := f.deskAppointment(time.Now().Add(time.Hour), "AB-12-CD")
	f.carOutSetting(false)

	r := f.carOut(ap.ID, f.token(enums.RoleIDReceptionist))
	require.False(t, r.DeskCheckoutOpened)
	require.Nil(t, r.DeskCheckout)
	require.Equal(t, deskcheckin.NotOpenedSettingOff, r.NotOpenedReason)
	require.True(t, r.CarOutOfShopEdited)
	require.Zero(t, f.db.DeskCommunication.Query().CountX(context.Background()))
	require.Empty(t, f.pendingOn(f.token(enums.RoleIDCounterTablet)))
}

// Several tablets and none used for the appointment: none is guessed, and
// the answer says why (again on a repeat). An appointment checked in at the
// desk on one of them gets its check-out on that one.
func TestCarOutOfShopWithSeveralTablets(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	ap := f.deskAppointment(time.Now().Add(time.Hour), "AB-12-CD")
	f.carOutSetting(true)
	_, secondTok := f.otherTablet("tablet2@a.example")
	rec := f.token(enums.RoleIDReceptionist)

	r := f.carOut(ap.ID, rec)
	require.False(t, r.DeskCheckoutOpened)
	require.Equal(t, deskcheckin.NotOpenedSeveralTablets, r.NotOpenedReason)
	require.Zero(t, f.db.DeskCommunication.Query().CountX(context.Background()))
	again := f.carOut(ap.ID, rec)
	require.True(t, again.AlreadySet)
	require.Equal(t, deskcheckin.NotOpenedSeveralTablets, again.NotOpenedReason, "answers as the first time")

	// Another appointment checked in at the desk on the fixture's tablet:
	// its check-out goes back to that tablet, not to the second one.
	ap2 := f.deskAppointment(time.Now().Add(2*time.Hour), "XY-34-ZZ")
	checkIn := f.sendDesk(ap2.ID, false)
	r = f.carOut(ap2.ID, rec)
	require.True(t, r.DeskCheckoutOpened, "%+v", r)
	require.Equal(t, f.users[enums.RoleIDCounterTablet], r.DeskCheckout.TabletUserID)
	require.Equal(t, enums.DeskCommunicationStatusClosed, f.db.DeskCommunication.GetX(context.Background(), checkIn).Status,
		"the open check-in was closed first, as desk_checkin/send does")
	require.Empty(t, f.pendingOn(secondTok))
}

// Who may: a receptionist of the appointment's location; a counter tablet
// may not (403), staff of another location do not see it (404).
func TestCarOutOfShopAuthorization(t *testing.T) {
	f := newAdminFixture(t)
	f.withTemporal()
	ap := f.deskAppointment(time.Now().Add(time.Hour), "AB-12-CD")
	path := fmt.Sprintf("/v1/appointments/%d/car_out_of_shop", ap.ID)

	code, body := f.call("POST", path, f.token(enums.RoleIDCounterTablet), nil, nil)
	require.Equal(t, http.StatusForbidden, code, string(body))

	role, email, pw := enums.RoleIDReceptionist, "rec@b.example", "a good long password"
	u, err := onboard.SaveUser(context.Background(), f.db, 0, onboard.UserInput{Email: &email, RoleID: &role, Password: &pw,
		DealerID: &f.dealerB, LocationIDs: []int{f.locB}})
	require.NoError(t, err)
	other, err := f.iss.MintFor(auth.Subject{UserID: u.ID, DealerID: f.dealerB, LocationIDs: []int{f.locB}, RoleID: role}, time.Hour, f.now)
	require.NoError(t, err)
	code, body = f.call("POST", path, other, nil, nil)
	require.Equal(t, http.StatusNotFound, code, string(body))

	code, _ = f.call("POST", "/v1/appointments/999999/car_out_of_shop", f.token(enums.RoleIDReceptionist), nil, nil)
	require.Equal(t, http.StatusNotFound, code)
	require.False(t, f.db.Appointment.GetX(context.Background(), ap.ID).CarOutOfShopEdited, "nothing set by the refused calls")
}
