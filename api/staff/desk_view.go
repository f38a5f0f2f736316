package staff

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// What the counter tablet shows the customer at the desk, and the
// agreements the customer must accept there.
//
//   - Prices: the appointment's interventions are shown with their prices,
//     except where the location's CommunicationSetting has
//     HidePricesInDeskCommunication (the spec: "used when the location always
//     expects the driver of the vehicle to not be the owner"), and except the
//     prices the location hides for lease, internal and warranty work. A
//     hidden price is left out (null), not sent for the tablet to hide.
//   - Agreements: the dealer's current agreements visible at the desk
//     check-in (visible_desk_check_in) or check-out (visible_desk_check_out)
//     are fixed on the desk communication when it is sent; the answer must
//     accept each of them that is not optional there (optional_desk_check_in
//     / optional_desk_check_out false), and records the exact versions
//     accepted.

// DeskCheckInView is GET /v1/desk_checkin/{desk_id}: one desk check-in (or
// check-out) as the tablet shows it.
type DeskCheckInView struct {
	ID            int                           `json:"id"`
	Status        enums.DeskCommunicationStatus `json:"status"`
	IsCheckingOut bool                          `json:"is_checking_out"`
	AppointmentID int                           `json:"appointment_id"`
	WONr          string                        `json:"wo_nr"`
	RegNumber     string                        `json:"reg_number"`
	TimeCarApp    time.Time                     `json:"time_car_app"`
	CustomerName  string                        `json:"customer_name"`
	// HidePrices is the location's HidePricesInDeskCommunication: no
	// intervention carries a price then.
	HidePrices    bool                   `json:"hide_prices_in_desk_communication"`
	Interventions []DeskInterventionView `json:"interventions"`
	Agreements    []DeskAgreementView    `json:"agreements"`
	// AcceptedAgreementIDs: the versions accepted, once answered.
	AcceptedAgreementIDs []int `json:"accepted_agreement_ids"`
}

// DeskInterventionView is one intervention of the appointment; Price is
// null where it is hidden at the desk.
type DeskInterventionView struct {
	ID          int      `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Price       *float64 `json:"price"`
}

// DeskAgreementView is one agreement version shown on the tablet.
type DeskAgreementView struct {
	ID       int    `json:"id"`
	Name     string `json:"name"`
	Text     string `json:"text"`
	Optional bool   `json:"optional"`
}

// deskCheckInView: GET /v1/desk_checkin/:desk_id, for its tablet or staff
// of its location (404 for anyone else).
func (s *Handlers) deskCheckInView(c *gin.Context) error {
	ctx := c.Request.Context()
	id, err := strconv.Atoi(c.Param("desk_id"))
	if err != nil || id <= 0 {
		return httpx.Invalid("desk_id: must be a positive ID")
	}
	cl := httpx.Claims(c)
	desk, err := s.DB.DeskCommunication.Get(ctx, id)
	if ent.IsNotFound(err) || (err == nil && desk.TabletUserID != cl.UserID && !cl.CanAccess(desk.DealerLocationID)) {
		return httpx.Fail(http.StatusNotFound, "desk check-in not found")
	}
	if err != nil {
		return httpx.Internal(err)
	}
	ap, err := s.DB.Appointment.Query().Where(entappointment.ID(desk.AppointmentID)).WithCustomerDriver().
		WithInterventions(func(q *ent.InterventionQuery) {
			q.Where(intervention.VisibleToCustomer(true), intervention.DmsDeleted(false)).Order(ent.Asc(intervention.FieldID))
		}).Only(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	_, set, err := commread.NewReader(s.Deps).LocationSettings(ctx, desk.DealerLocationID)
	if err != nil {
		return httpx.Internal(err)
	}
	agreements, err := s.DB.CommunicationAgreement.Query().Where(communicationagreement.IDIn(commread.NonNil(desk.PresentedAgreementIds)...)).
		Order(ent.Asc(communicationagreement.FieldID)).All(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	v := DeskCheckInView{ID: desk.ID, Status: desk.Status, IsCheckingOut: desk.IsCheckingOut, AppointmentID: ap.ID, WONr: ap.WoNr,
		RegNumber: ap.RegNumber, TimeCarApp: ap.TimeCarApp, CustomerName: desk.CustomerName, HidePrices: set.HidePricesInDeskCommunication,
		Interventions: []DeskInterventionView{}, Agreements: []DeskAgreementView{}, AcceptedAgreementIDs: commread.NonNil(desk.AcceptedAgreementIds)}
	if cu := ap.Edges.CustomerDriver; v.CustomerName == "" && cu != nil {
		v.CustomerName = strings.TrimSpace(cu.FirstName + " " + cu.Surname)
	}
	for _, iv := range ap.Edges.Interventions {
		dv := DeskInterventionView{ID: iv.ID, Title: iv.Title, Description: iv.Description}
		if !set.HidePricesInDeskCommunication && !commread.KindHidesPrice(set, ap, iv) {
			price := iv.Price
			dv.Price = &price
		}
		v.Interventions = append(v.Interventions, dv)
	}
	for _, a := range agreements {
		v.Agreements = append(v.Agreements, DeskAgreementView{ID: a.ID, Name: a.Name, Text: a.Text, Optional: deskOptional(a, desk.IsCheckingOut)})
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// deskAgreements are the IDs of the dealer's current agreements shown at a
// desk check-in (or check-out).
func (s *Handlers) deskAgreements(ctx context.Context, dealerID int, checkingOut bool) ([]int, error) {
	visible := communicationagreement.VisibleDeskCheckIn(true)
	if checkingOut {
		visible = communicationagreement.VisibleDeskCheckOut(true)
	}
	ids, err := s.DB.CommunicationAgreement.Query().Where(communicationagreement.DealerID(dealerID), communicationagreement.Deleted(false), visible).
		Order(ent.Asc(communicationagreement.FieldID)).IDs(ctx)
	return commread.NonNil(ids), err
}

func deskOptional(a *ent.CommunicationAgreement, checkingOut bool) bool {
	if checkingOut {
		return a.OptionalDeskCheckOut
	}
	return a.OptionalDeskCheckIn
}

// deskAgreementProblems checks the accepted IDs of a desk answer: each was
// shown with this desk communication, and every mandatory one is there.
func (s *Handlers) deskAgreementProblems(ctx context.Context, desk *ent.DeskCommunication, accepted []int) ([]string, error) {
	var p []string
	for _, id := range accepted {
		if !slices.Contains(desk.PresentedAgreementIds, id) {
			p = append(p, fmt.Sprintf("agreement_ids: agreement %d was not shown with this desk check-in", id))
		}
	}
	shown, err := s.DB.CommunicationAgreement.Query().Where(communicationagreement.IDIn(commread.NonNil(desk.PresentedAgreementIds)...)).
		Order(ent.Asc(communicationagreement.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range shown {
		if !deskOptional(a, desk.IsCheckingOut) && !slices.Contains(accepted, a.ID) {
			p = append(p, commread.MandatoryProblem(a))
		}
	}
	return p, nil
}
