package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// A kiosk check-in from plate to label through the real API, worker and
// Temporal: a dealer admin turns kiosks on and creates the kiosk account
// (RoleID 120) through the admin API, the kiosk signs in with it, finds
// the seeded appointment (moved to today) by its plate, the customer
// answers with a signature, and the label number and check-in time are
// then on the appointment's read, the staff view and the communication's
// appointment (the spec's KioskCheckedInAt and KioskLabelNumber).
func TestKioskCheckInFromPlateToLabel(t *testing.T) {
	s := newStack(t)
	s.start()
	ctx := context.Background()
	s.kioskAccount()
	var login struct {
		Token  string `json:"token"`
		RoleID int    `json:"role_id"`
	}
	code, body := s.call("POST", "/v1/auth/login", "", map[string]any{"email": kioskEmail, "password": kioskPassword}, &login)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, 120, login.RoleID)

	// The first seeded appointment comes in today; its lifecycle runs.
	ap := s.Demo.Appointments[0].AppointmentID
	require.NoError(t, s.DB.Appointment.UpdateOneID(ap).SetTimeCarApp(time.Now()).Exec(ctx))
	require.Eventually(t, func() bool {
		n, err := s.DB.CustomerCommunication.Query().Where(customercommunication.AppointmentID(ap)).Count(ctx)
		return err == nil && n == 1
	}, 20*time.Second, 100*time.Millisecond, "the lifecycle made the communication")
	plate := s.DB.Appointment.GetX(ctx, ap).RegNumber

	var found struct {
		KioskCheckIn struct {
			ID     int `json:"id"`
			Status int `json:"status"`
		} `json:"kiosk_check_in"`
	}
	code, body = s.call("POST", "/v1/kiosk/find", login.Token, map[string]any{"reg_number": " " + plate + " "}, &found)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotContains(t, string(body), `"errors"`)
	require.Equal(t, int(enums.KioskCommunicationStatusOpened), found.KioskCheckIn.Status)

	img := image.NewNRGBA(image.Rect(0, 0, 600, 200))
	for x := 20; x < 580; x++ {
		img.Set(x, 100+(x%40)-20, color.NRGBA{0, 0, 0, 255})
	}
	var sig bytes.Buffer
	require.NoError(t, png.Encode(&sig, img))
	var answered struct {
		Label int `json:"kiosk_label_number"`
	}
	code, body = s.call("POST", fmt.Sprintf("/v1/kiosk/checkins/%d/answer", found.KioskCheckIn.ID), login.Token,
		map[string]any{"customer_signature": base64.StdEncoding.EncodeToString(sig.Bytes()), "remark": "Squeaky brakes"}, &answered)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotContains(t, string(body), `"errors"`)
	require.Equal(t, 1, answered.Label)

	var read struct {
		Appointment struct {
			KioskCheckedInAt *time.Time `json:"kiosk_checked_in_at"`
			KioskLabelNumber *int       `json:"kiosk_label_number"`
		} `json:"appointment"`
		Communication struct {
			Appointment struct {
				KioskCheckedInAt *time.Time `json:"kiosk_checked_in_at"`
				KioskLabelNumber *int       `json:"kiosk_label_number"`
			} `json:"appointment"`
		} `json:"communication"`
	}
	code, body = s.call("GET", fmt.Sprintf("/v1/appointments/%d", ap), s.Token, nil, &read)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotNil(t, read.Appointment.KioskLabelNumber, string(body))
	assert.Equal(t, 1, *read.Appointment.KioskLabelNumber)
	require.NotNil(t, read.Appointment.KioskCheckedInAt)
	assert.WithinDuration(t, time.Now(), *read.Appointment.KioskCheckedInAt, time.Minute)
	require.NotNil(t, read.Communication.Appointment.KioskLabelNumber, "the communication's appointment (the spec's Appointment model)")
	assert.Equal(t, 1, *read.Communication.Appointment.KioskLabelNumber)
	assert.NotNil(t, read.Communication.Appointment.KioskCheckedInAt)

	// The lifecycle was told: the online check-in is closed, the car is in the workshop.
	st := s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageInWorkshop })
	assert.Equal(t, "checked in at the kiosk", st.History[len(st.History)-1].Note)
	recordHistory(t, s, appointment.AppointmentWorkflowID(ap), "appointment_kiosk_check_in")

	// The receptionist sees the spec's KioskCommunication and detaches the label.
	code, body = s.call("GET", fmt.Sprintf("/v1/appointments/%d/kiosk_checkin", ap), s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	assert.Contains(t, string(body), `"customer_signature":"data:image/png;base64,`)
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/kiosk_label/detach", ap), s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotContains(t, string(body), `"errors"`)
	assert.Nil(t, s.DB.Appointment.GetX(ctx, ap).KioskLabelNumber)
}

// The kiosk account kioskAccount makes.
const (
	kioskEmail    = "kiosk-1@demo.pitstop.local"
	kioskPassword = "a good long kiosk password"
)

// kioskAccount does what a dealer admin does through the admin API before
// a kiosk is used: turns kiosks (and the customer's signature in them) on
// for the demo location and creates the kiosk account (RoleID 120).
func (s *stack) kioskAccount() {
	s.t.Helper()
	loc := s.Demo.LocationID
	admin := s.dealerAdminToken()
	code, body := s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d", loc), admin, map[string]any{"is_kiosk_enabled": true}, nil)
	require.Equal(s.t, http.StatusOK, code, string(body))
	require.NotContains(s.t, string(body), `"errors"`)
	code, body = s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/settings", loc), admin,
		map[string]any{"is_customer_signature_in_kiosk_checkin_enabled": true}, nil)
	require.Equal(s.t, http.StatusOK, code, string(body))
	require.NotContains(s.t, string(body), `"errors"`)
	code, body = s.call("POST", "/v1/admin/users", admin, map[string]any{"email": kioskEmail, "role_id": 120,
		"first_name": "Showroom", "last_name": "kiosk", "location_ids": []int{loc}, "password": kioskPassword}, nil)
	require.Equal(s.t, http.StatusOK, code, string(body))
	require.NotContains(s.t, string(body), `"errors"`)
}
