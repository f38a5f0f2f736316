package staff

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/pitstop-dev/pitstop/api/httpx"

	"github.com/pitstop-dev/pitstop/contracts/desk"
	deskcaller "github.com/pitstop-dev/pitstop/workflows/desk/caller"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/internal/deskcheckin"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/phone"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// Desk check-in: the receptionist sends a check-in to a counter tablet (a
// user with role 100); the tablet reports what happens with the spec's
// DeskCommunicationStatus values. It is synchronous and on site, so it lives
// in the database, not in the lifecycle workflow; only the confirmation to
// the customer, once answered, is a workflow of its own (DeskConfirmationWorkflow).

// sendDeskCheckIn: POST /v1/appointments/:id/desk_checkin/send {"tablet_user_id":N}.
// An earlier open desk check-in of the appointment is closed first.
func (s *Handlers) sendDeskCheckIn(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	var req struct {
		TabletUserID int `json:"tablet_user_id" binding:"required,gt=0"`
		// IsCheckingOut sends a desk check-out (the car is ready) rather
		// than a check-in: other agreements are shown (visible_desk_check_out).
		IsCheckingOut bool `json:"is_checking_out"`
	}
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	loc, err := s.DB.DealerLocation.Get(c.Request.Context(), ap.DealerLocationID)
	if err != nil {
		return httpx.Internal(err)
	}
	if !loc.DeskCheckInEnabled {
		return httpx.Invalid("desk check-in is not enabled at this location")
	}
	tablet, err := s.DB.User.Get(c.Request.Context(), req.TabletUserID)
	if ent.IsNotFound(err) || (err == nil && !deskcheckin.IsTablet(tablet, ap.DealerLocationID)) {
		return httpx.Invalid("tablet_user_id: not a counter tablet of this location")
	}
	if err != nil {
		return httpx.Internal(err)
	}
	req.IsCheckingOut = deskcheckin.CheckingOut(ap, req.IsCheckingOut)
	presented, err := deskcheckin.Agreements(c.Request.Context(), s.DB.Client, loc.DealerID, req.IsCheckingOut)
	if err != nil {
		return httpx.Internal(err)
	}
	desk, err := deskcheckin.Send(c.Request.Context(), s.DB.Client, ap, tablet.ID, httpx.Claims(c).UserID, req.IsCheckingOut, presented)
	if err != nil {
		return httpx.Internal(err)
	}
	views, err := s.deskViews(c.Request.Context(), []int{desk.ID})
	if err != nil || len(views) != 1 {
		return httpx.Internal(fmt.Errorf("desk check-in %d not read back: %v", desk.ID, err))
	}
	c.JSON(http.StatusOK, views[0])
	return nil
}

// deskCheckIns: GET /v1/appointments/:id/desk_checkin, the appointment's desk
// check-ins, oldest first, each event with the receivers of the confirmation
// it sent (so the receptionist sees whether the customer got it).
func (s *Handlers) deskCheckIns(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	ids, err := s.DB.DeskCommunication.Query().Where(deskcommunication.AppointmentID(ap.ID)).IDs(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	views, err := s.deskViews(c.Request.Context(), ids)
	if err != nil {
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, gin.H{"desk_communications": views})
	return nil
}

// pendingDeskCheckIns: GET /v1/desk_checkin/pending, polled by a tablet.
func (s *Handlers) pendingDeskCheckIns(c *gin.Context) error {
	ids, err := s.DB.DeskCommunication.Query().Where(deskcommunication.TabletUserID(httpx.Claims(c).UserID),
		deskcommunication.StatusIn(deskcheckin.Open...)).IDs(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	views, err := s.deskViews(c.Request.Context(), ids)
	if err != nil {
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, gin.H{"desk_communications": views})
	return nil
}

// deskCheckInStatus: POST /v1/desk_checkin/:desk_id/status {"status":N,"customer_name":""}.
// The tablet reports 2..5; the tablet or a receptionist of the location
// closes (6). The answer (5) carries the customer's decisions, agreements,
// corrected contact details and signature; it is stored once
// (deskcheckin.SaveAnswer), and a second answer says already_answered.
func (s *Handlers) deskCheckInStatus(c *gin.Context) error {
	ctx := c.Request.Context()
	id, err := strconv.Atoi(c.Param("desk_id"))
	if err != nil || id <= 0 {
		return httpx.Invalid("desk_id: must be a positive ID")
	}
	var req DeskStatusRequest
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	if p := textcheck.Line("customer_name", req.CustomerName, 200); len(p) > 0 {
		return httpx.Invalid(p...)
	}
	if !req.Status.Valid() {
		return httpx.Invalid(fmt.Sprintf("status: %d is not a DeskCommunicationStatus (1..6)", req.Status))
	}
	cl := httpx.Claims(c)
	desk, err := s.DB.DeskCommunication.Get(ctx, id)
	if ent.IsNotFound(err) || (err == nil && desk.TabletUserID != cl.UserID && !(req.Status == enums.DeskCommunicationStatusClosed && cl.CanAccess(desk.DealerLocationID))) {
		return httpx.Fail(http.StatusNotFound, "desk check-in not found")
	}
	if err != nil {
		return httpx.Internal(err)
	}
	answer := req.Status == enums.DeskCommunicationStatusAnswered
	// A repeated "answered" (a second tap, a second tab, a retry whose
	// response was lost) changes nothing; it only makes sure the
	// confirmation is on its way.
	if answer && desk.Status == enums.DeskCommunicationStatusAnswered {
		return s.answered(c, desk, true)
	}
	if !deskcheckin.MayMove(desk.Status, req.Status) {
		return httpx.Invalid(fmt.Sprintf("status: cannot go from %d (%s) to %d (%s)", desk.Status, desk.Status.Description(), req.Status, req.Status.Description()))
	}
	if !answer {
		if p := req.answerOnly(); len(p) > 0 {
			return httpx.Invalid(p...)
		}
		if err := deskcheckin.Move(ctx, s.DB.Client, desk, req.Status, cl.UserID, req.CustomerName, nil); err != nil {
			return httpx.Internal(err)
		}
		c.JSON(http.StatusOK, DeskStatusResult{Status: req.Status})
		return nil
	}
	a, err := s.deskAnswer(c, desk, req)
	if err != nil {
		return err
	}
	err = deskcheckin.SaveAnswer(ctx, s.DB.Client, desk, a)
	var one deskcheckin.Refusal
	var many deskcheckin.Refusals
	switch {
	case errors.Is(err, deskcheckin.ErrAlreadyAnswered):
		return s.answered(c, desk, true)
	case errors.As(err, &one):
		return httpx.Invalid(string(one))
	case errors.As(err, &many):
		return httpx.Invalid(many...)
	case err != nil:
		return httpx.Internal(err)
	}
	return s.answered(c, desk, false)
}

// DeskStatusRequest is the tablet's report (POST /v1/desk_checkin/{desk_id}/status).
type DeskStatusRequest struct {
	Status       enums.DeskCommunicationStatus `json:"status" binding:"required"`
	CustomerName string                        `json:"customer_name" binding:"max=200"`
	// With the answer (status 5) only: the agreements (the versions the
	// tablet showed, GET /v1/desk_checkin/{desk_id}) the customer
	// accepted, the decision per intervention and per check result shown,
	// the corrected phone number and e-mail address, and the signature (a
	// PNG as a data URL or base64).
	AgreementIDs      []int                              `json:"agreement_ids" binding:"max=100"`
	Interventions     []deskcheckin.InterventionDecision `json:"interventions" binding:"max=500"`
	Results           []DeskResultAnswer                 `json:"results" binding:"max=500"`
	CorrectPhone      string                             `json:"correct_phone" binding:"max=40"`
	CorrectEmail      string                             `json:"correct_email" binding:"max=254"`
	CustomerSignature *string                            `json:"customer_signature"`
}

// DeskResultAnswer is the customer's CommunicationResultStatus for one check result.
type DeskResultAnswer struct {
	ResultID int                             `json:"result_id"`
	Status   enums.CommunicationResultStatus `json:"status"`
}

// answerOnly names the fields given that belong to the answer only.
func (r DeskStatusRequest) answerOnly() []string {
	var p []string
	for _, f := range []struct {
		name  string
		given bool
	}{{"agreement_ids", r.AgreementIDs != nil}, {"interventions", r.Interventions != nil}, {"results", r.Results != nil},
		{"correct_phone", r.CorrectPhone != ""}, {"correct_email", r.CorrectEmail != ""}, {"customer_signature", r.CustomerSignature != nil}} {
		if f.given {
			p = append(p, f.name+": only with the customer's answer (status 5)")
		}
	}
	return p
}

// DeskStatusResult answers a report: the desk check-in's status, and
// whether an answer had been stored before (nothing changed then).
type DeskStatusResult struct {
	Status          enums.DeskCommunicationStatus `json:"status"`
	AlreadyAnswered bool                          `json:"already_answered"`
}

// deskAnswer checks the answer's fields at the edge: name, agreements,
// phone (E.164 in the location's country), e-mail and the signature image.
func (s *Handlers) deskAnswer(c *gin.Context, desk *ent.DeskCommunication, req DeskStatusRequest) (deskcheckin.Answer, error) {
	ctx := c.Request.Context()
	a := deskcheckin.Answer{UserID: httpx.Claims(c).UserID, CustomerName: req.CustomerName, AgreementIDs: req.AgreementIDs,
		Interventions: req.Interventions, CorrectEmail: req.CorrectEmail}
	for _, r := range req.Results {
		a.Results = append(a.Results, deskcheckin.ResultDecision{ResultID: r.ResultID, Status: r.Status})
	}
	var p []string
	if req.CustomerName == "" {
		p = append(p, "customer_name: required when the customer answers")
	}
	ap, err := s.deskAgreementProblems(ctx, desk, req.AgreementIDs)
	if err != nil {
		return a, httpx.Internal(err)
	}
	p = append(p, ap...)
	if req.CorrectPhone != "" {
		loc, err := s.DB.DealerLocation.Get(ctx, desk.DealerLocationID)
		if err != nil {
			return a, httpx.Internal(err)
		}
		if a.CorrectPhone, err = phone.Normalize(req.CorrectPhone, loc.Country); err != nil {
			p = append(p, "correct_phone: not a phone number (+31612345678, or a national number of the location's country)")
		}
	}
	if req.CorrectEmail != "" {
		p = append(p, textcheck.Email("correct_email", req.CorrectEmail)...)
	}
	if req.CustomerSignature != nil {
		if a.Signature, err = deskcheckin.DecodeSignature(*req.CustomerSignature); err != nil {
			p = append(p, err.Error())
		}
	}
	if len(p) > 0 {
		return a, httpx.Invalid(p...)
	}
	return a, nil
}

// answered starts (or finds) the confirmation of an answered desk
// check-in and says whether this answer was the first.
func (s *Handlers) answered(c *gin.Context, desk *ent.DeskCommunication, before bool) error {
	fresh, err := s.DB.DeskCommunication.Get(c.Request.Context(), desk.ID)
	if err != nil {
		return httpx.Internal(err)
	}
	if err := s.confirmDeskCheckIn(c, fresh, fresh.CustomerName); err != nil {
		return err
	}
	c.JSON(http.StatusOK, DeskStatusResult{Status: enums.DeskCommunicationStatusAnswered, AlreadyAnswered: before})
	return nil
}

// confirmDeskCheckIn starts the confirmation to the customer. The answer is
// already stored; when Temporal is down the tablet gets 503 and reports
// "answered" again, which starts the confirmation then.
func (s *Handlers) confirmDeskCheckIn(c *gin.Context, d *ent.DeskCommunication, name string) error {
	ap, err := s.DB.Appointment.Get(c.Request.Context(), d.AppointmentID)
	if err != nil {
		return err
	}
	err = deskcaller.StartDeskConfirmation(c.Request.Context(), s.Temporal, s.TaskQueue, desk.DeskConfirmationInput{
		DeskCommunicationID: d.ID, AppointmentID: ap.ID, DealerLocationID: ap.DealerLocationID, WONr: ap.WoNr, RegNumber: ap.RegNumber,
		RegNumberHash: keys.RegNumberHash(s.KeySecret, ap.RegNumber), CustomerName: name})
	if err != nil {
		return httpx.Unavailable(err)
	}
	return nil
}

// CarOutOfShopResult answers POST /v1/appointments/{id}/car_out_of_shop:
// the car out of the shop as set, and the desk check-out it opened, or why
// none (deskcheckin.NotOpened*), so the console can offer the manual push.
type CarOutOfShopResult struct {
	AppointmentID       int                    `json:"appointment_id"`
	CarOutOfShop        time.Time              `json:"car_out_of_shop"`
	CarOutOfShopEdited  bool                   `json:"car_out_of_shop_edited"`
	CarOutOfShopSetByID *int                   `json:"car_out_of_shop_set_by_id"`
	AlreadySet          bool                   `json:"already_set"`
	DeskCheckoutOpened  bool                   `json:"desk_checkout_opened"`
	DeskCheckout        *DeskCommunicationView `json:"desk_checkout"`
	NotOpenedReason     string                 `json:"not_opened_reason"`
}

// carOutOfShop: POST /v1/appointments/:id/car_out_of_shop (ours). The
// receptionist sets the car out of the shop; where the location has
// IsOpenDeskCheckoutOnCarOutOfShopEnabled, a desk check-out opens on a
// counter tablet in the same transaction (deskcheckin.SetCarOutOfShop).
func (s *Handlers) carOutOfShop(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	out, err := deskcheckin.SetCarOutOfShop(c.Request.Context(), s.DB, ap.ID, httpx.Claims(c).UserID)
	if err != nil {
		return httpx.Internal(err)
	}
	res := CarOutOfShopResult{AppointmentID: ap.ID, CarOutOfShop: *out.Appointment.CarOutOfShop,
		CarOutOfShopEdited: out.Appointment.CarOutOfShopEdited, CarOutOfShopSetByID: out.Appointment.CarOutOfShopSetByID,
		AlreadySet: out.AlreadySet, NotOpenedReason: out.NotOpened}
	if out.Desk != nil {
		views, err := s.deskViews(c.Request.Context(), []int{out.Desk.ID})
		if err != nil || len(views) != 1 {
			return httpx.Internal(fmt.Errorf("desk check-out %d not read back: %v", out.Desk.ID, err))
		}
		res.DeskCheckoutOpened, res.DeskCheckout = true, &views[0]
	}
	c.JSON(http.StatusOK, res)
	return nil
}
