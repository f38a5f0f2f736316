package staff

import (
	"cmp"
	"fmt"
	"net/http"
	"strconv"

	"github.com/pitstop-dev/pitstop/api/httpx"

	"github.com/pitstop-dev/pitstop/contracts/desk"
	deskcaller "github.com/pitstop-dev/pitstop/workflows/desk/caller"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/ent/deskcommunicationevent"
	"github.com/pitstop-dev/pitstop/internal/deskcheckin"
	"github.com/pitstop-dev/pitstop/internal/enums"
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
	if ent.IsNotFound(err) || (err == nil && (tablet.RoleID != enums.RoleIDCounterTablet || !canUserAccess(tablet, ap.DealerLocationID))) {
		return httpx.Invalid("tablet_user_id: not a counter tablet of this location")
	}
	if err != nil {
		return httpx.Internal(err)
	}
	// The spec: IsCheckingOut is set "if the communication is done when the
	// appointment status is car ready or quality check".
	if ap.AppointmentStatusIdentifier == enums.StatusIdentifierCarReady || ap.AppointmentStatusIdentifier == enums.StatusIdentifierQualityCheckCompleted {
		req.IsCheckingOut = true
	}
	presented, err := s.deskAgreements(c.Request.Context(), loc.DealerID, req.IsCheckingOut)
	if err != nil {
		return httpx.Internal(err)
	}
	desk, err := deskcheckin.Send(c.Request.Context(), s.DB.Client, ap, tablet.ID, httpx.Claims(c).UserID, req.IsCheckingOut, presented)
	if err != nil {
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, deskCommunicationView(desk))
	return nil
}

func canUserAccess(u *ent.User, locationID int) bool {
	if u.DealerLocationID == locationID {
		return true
	}
	for _, l := range u.LocationIds {
		if l == locationID {
			return true
		}
	}
	return false
}

// deskCheckIns: GET /v1/appointments/:id/desk_checkin, the appointment's desk
// check-ins, oldest first, each event with the receivers of the confirmation
// it sent (so the receptionist sees whether the customer got it).
func (s *Handlers) deskCheckIns(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	desks, err := s.DB.DeskCommunication.Query().Where(deskcommunication.AppointmentID(ap.ID)).
		WithEvents(func(q *ent.DeskCommunicationEventQuery) {
			q.Order(ent.Asc(deskcommunicationevent.FieldID)).WithReceivers()
		}).Order(ent.Asc(deskcommunication.FieldID)).All(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, gin.H{"desk_communications": mapAll(desks, deskCommunicationView)})
	return nil
}

// pendingDeskCheckIns: GET /v1/desk_checkin/pending, polled by a tablet.
func (s *Handlers) pendingDeskCheckIns(c *gin.Context) error {
	desks, err := s.DB.DeskCommunication.Query().Where(deskcommunication.TabletUserID(httpx.Claims(c).UserID),
		deskcommunication.StatusIn(deskcheckin.Open...)).Order(ent.Asc(deskcommunication.FieldID)).All(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, gin.H{"desk_communications": mapAll(desks, deskCommunicationView)})
	return nil
}

// deskCheckInStatus: POST /v1/desk_checkin/:desk_id/status {"status":N,"customer_name":""}.
// The tablet reports 2..5; the tablet or a receptionist of the location closes (6).
func (s *Handlers) deskCheckInStatus(c *gin.Context) error {
	id, err := strconv.Atoi(c.Param("desk_id"))
	if err != nil || id <= 0 {
		return httpx.Invalid("desk_id: must be a positive ID")
	}
	var req struct {
		Status       enums.DeskCommunicationStatus `json:"status" binding:"required"`
		CustomerName string                        `json:"customer_name" binding:"max=200"`
		// AgreementIDs: the agreements (the versions the tablet showed,
		// GET /v1/desk_checkin/{desk_id}) the customer accepted; with the
		// answer (status 5) only.
		AgreementIDs []int `json:"agreement_ids"`
	}
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
	desk, err := s.DB.DeskCommunication.Get(c.Request.Context(), id)
	if ent.IsNotFound(err) || (err == nil && desk.TabletUserID != cl.UserID && !(req.Status == enums.DeskCommunicationStatusClosed && cl.CanAccess(desk.DealerLocationID))) {
		return httpx.Fail(http.StatusNotFound, "desk check-in not found")
	}
	if err != nil {
		return httpx.Internal(err)
	}
	// A repeated "answered" (the tablet's first try timed out) only makes
	// sure the confirmation is on its way.
	repeat := desk.Status == enums.DeskCommunicationStatusAnswered && req.Status == enums.DeskCommunicationStatusAnswered
	if !repeat && !deskcheckin.MayMove(desk.Status, req.Status) {
		return httpx.Invalid(fmt.Sprintf("status: cannot go from %d (%s) to %d (%s)", desk.Status, desk.Status.Description(), req.Status, req.Status.Description()))
	}
	if req.Status == enums.DeskCommunicationStatusAnswered && req.CustomerName == "" {
		return httpx.Invalid("customer_name: required when the customer answers")
	}
	if req.AgreementIDs != nil && req.Status != enums.DeskCommunicationStatusAnswered {
		return httpx.Invalid("agreement_ids: only with the customer's answer (status 5)")
	}
	if req.Status == enums.DeskCommunicationStatusAnswered && !repeat {
		if p, err := s.deskAgreementProblems(c.Request.Context(), desk, req.AgreementIDs); err != nil {
			return httpx.Internal(err)
		} else if len(p) > 0 {
			return httpx.Invalid(p...)
		}
	}
	if !repeat {
		if err := deskcheckin.Move(c.Request.Context(), s.DB.Client, desk, req.Status, cl.UserID, req.CustomerName, req.AgreementIDs); err != nil {
			return httpx.Internal(err)
		}
	}
	if req.Status == enums.DeskCommunicationStatusAnswered {
		if err := s.confirmDeskCheckIn(c, desk, cmp.Or(req.CustomerName, desk.CustomerName)); err != nil {
			return err
		}
	}
	c.Status(http.StatusOK)
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
		CustomerName: name})
	if err != nil {
		return httpx.Unavailable(err)
	}
	return nil
}
