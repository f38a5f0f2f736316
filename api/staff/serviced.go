package staff

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/integrations/remotediag"
	"github.com/pitstop-dev/pitstop/internal/rdaccount"
)

// Whether the remote-diagnose provider has serviced an appointment's car
// (spec 003 "serviced vehicles", read through the location's own provider
// account), for the car's facts in the receptionist's console. Decisions
// where the spec is silent:
//   - The document lists serviced vehicles (most recent first, paged) but
//     has no look-up by VIN: the list is read page by page until the VIN is
//     found, at most rdGatherPages pages of rdGatherLimit (2,000 cars); a
//     car not among them is answered "not_serviced" with complete=false.
//   - The read is bounded (servicedTimeout) and never breaks the page: a
//     provider that is down, slow or refuses the account's login answers
//     HTTP 200 with status "unavailable"; a location without an account (or
//     remote diagnosis off) "not_set_up"; a car without a VIN "no_vin".
//   - The list is the account's own (the provider scopes it to the
//     customer that logged in): another garage's service of the same car
//     is not shown.

// servicedTimeout bounds the provider read of one answer.
const servicedTimeout = 5 * time.Second

// The statuses of a ServicedVehicleView.
const (
	ServicedYes         = "serviced"
	ServicedNo          = "not_serviced"
	ServicedUnavailable = "unavailable"
	ServicedNotSetUp    = "not_set_up"
	ServicedNoVIN       = "no_vin"
)

// ServicedVehicleView answers whether and when the provider serviced the
// appointment's car.
type ServicedVehicleView struct {
	AppointmentID int    `json:"appointment_id"`
	VIN           string `json:"vin"`
	Status        string `json:"status"`
	// LastServicedAt is the provider's last_serviced_at (status serviced).
	LastServicedAt   *string `json:"last_serviced_at"`
	MakeName         string  `json:"make_name"`
	ModelName        string  `json:"model_name"`
	ModelVariantName string  `json:"model_variant_name"`
	// Complete: the provider's whole list was searched (false when the car
	// was not among the most recent rdGatherPages pages, or not searched).
	Complete bool `json:"complete"`
	// Message says why the answer is unavailable or not set up.
	Message string `json:"message,omitempty"`
}

// rdServicedVehicle: GET /v1/appointments/{id}/remote_diagnose/serviced_vehicle
func (s *Handlers) rdServicedVehicle(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	out := ServicedVehicleView{AppointmentID: ap.ID, VIN: strings.TrimSpace(ap.Vin)}
	if out.VIN == "" {
		out.Status = ServicedNoVIN
		c.JSON(http.StatusOK, out)
		return nil
	}
	if s.RemoteDiag == nil {
		out.Status, out.Message = ServicedNotSetUp, "remote diagnosis is not configured"
		c.JSON(http.StatusOK, out)
		return nil
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), servicedTimeout)
	defer cancel()
	rd, err := s.RemoteDiag.ForLocation(ctx, ap.DealerLocationID)
	switch {
	case errors.Is(err, rdaccount.ErrNotSetUp):
		out.Status, out.Message = ServicedNotSetUp, rdaccount.ErrNotSetUp.Error()
	case errors.Is(err, rdaccount.ErrOff):
		out.Status, out.Message = ServicedNotSetUp, "remote diagnosis is not configured"
	case err != nil:
		return httpx.Internal(err)
	default:
		v, complete, err := findServiced(ctx, rd, out.VIN)
		if err != nil {
			var ie *remotediag.InputError
			if errors.As(err, &ie) {
				return httpx.Internal(err) // our own request was wrong
			}
			out.Status, out.Message = ServicedUnavailable, "the remote-diagnose provider is unavailable, try again later"
			break
		}
		out.Complete = complete
		if v == nil {
			out.Status = ServicedNo
			break
		}
		at := v.LastServicedAt
		out.Status, out.LastServicedAt = ServicedYes, &at
		out.MakeName, out.ModelName, out.ModelVariantName = v.MakeName, v.ModelName, v.ModelVariantName
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// findServiced looks the VIN up in the account's serviced vehicles (most
// recent first), page by page; complete is false when the bound stopped
// the search before the list's end.
func findServiced(ctx context.Context, rd *remotediag.Client, vin string) (*remotediag.ServicedVehicle, bool, error) {
	for p := 0; p < rdGatherPages; p++ {
		page, err := rd.ServicedVehicles(ctx, remotediag.PageParams{Offset: p * rdGatherLimit, Limit: rdGatherLimit, LimitSet: true})
		if err != nil {
			return nil, false, err
		}
		for i := range page.Result {
			if strings.EqualFold(page.Result[i].VIN, vin) {
				return &page.Result[i], true, nil
			}
		}
		if len(page.Result) < rdGatherLimit || (p+1)*rdGatherLimit >= page.Total {
			return nil, true, nil
		}
	}
	return nil, false, nil
}
