package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/pitstop-dev/pitstop/contracts/desk"
	deskcaller "github.com/pitstop-dev/pitstop/workflows/desk/caller"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/ent/deskcommunicationevent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// Desk check-in: the receptionist sends a check-in to a counter tablet (a
// user with role 100); the tablet reports what happens with the spec's
// DeskCommunicationStatus values. It is synchronous and on site, so it lives
// in the database, not in the lifecycle workflow; only the confirmation to
// the customer, once answered, is a workflow of its own (DeskConfirmationWorkflow).

var openDesk = []enums.DeskCommunicationStatus{enums.DeskCommunicationStatusSent, enums.DeskCommunicationStatusReceived,
	enums.DeskCommunicationStatusFailedToOpen, enums.DeskCommunicationStatusOpened}

// deskTransitions: which status may follow which; Closed may follow any open one.
var deskTransitions = map[enums.DeskCommunicationStatus][]enums.DeskCommunicationStatus{
	enums.DeskCommunicationStatusSent:         {enums.DeskCommunicationStatusReceived, enums.DeskCommunicationStatusFailedToOpen, enums.DeskCommunicationStatusOpened},
	enums.DeskCommunicationStatusReceived:     {enums.DeskCommunicationStatusFailedToOpen, enums.DeskCommunicationStatusOpened},
	enums.DeskCommunicationStatusFailedToOpen: {enums.DeskCommunicationStatusOpened},
	enums.DeskCommunicationStatusOpened:       {enums.DeskCommunicationStatusAnswered},
}

var deskEventOf = map[enums.DeskCommunicationStatus]enums.DeskCommunicationEventType{
	enums.DeskCommunicationStatusSent:         enums.DeskCommunicationEventTypeSent,
	enums.DeskCommunicationStatusReceived:     enums.DeskCommunicationEventTypeReceived,
	enums.DeskCommunicationStatusFailedToOpen: enums.DeskCommunicationEventTypeFailedToOpen,
	enums.DeskCommunicationStatusOpened:       enums.DeskCommunicationEventTypeOpened,
	enums.DeskCommunicationStatusAnswered:     enums.DeskCommunicationEventTypeAnswered,
	enums.DeskCommunicationStatusClosed:       enums.DeskCommunicationEventTypeCanceled,
}

// sendDeskCheckIn: POST /v1/appointments/:id/desk_checkin/send {"tablet_user_id":N}.
// An earlier open desk check-in of the appointment is closed first.
func (s *Server) sendDeskCheckIn(c *gin.Context) {
	ap, ok := s.appointmentParam(c)
	if !ok {
		return
	}
	var req struct {
		TabletUserID int `json:"tablet_user_id" binding:"required,gt=0"`
		// IsCheckingOut sends a desk check-out (the car is ready) rather
		// than a check-in: other agreements are shown (visible_desk_check_out).
		IsCheckingOut bool `json:"is_checking_out"`
	}
	if !bindJSON(c, &req) {
		return
	}
	loc, err := s.DB.DealerLocation.Get(c.Request.Context(), ap.DealerLocationID)
	if err != nil {
		internal(c, err)
		return
	}
	if !loc.DeskCheckInEnabled {
		invalid(c, "desk check-in is not enabled at this location")
		return
	}
	tablet, err := s.DB.User.Get(c.Request.Context(), req.TabletUserID)
	if ent.IsNotFound(err) || (err == nil && (tablet.RoleID != enums.RoleIDCounterTablet || !canUserAccess(tablet, ap.DealerLocationID))) {
		invalid(c, "tablet_user_id: not a counter tablet of this location")
		return
	}
	if err != nil {
		internal(c, err)
		return
	}
	// The spec: IsCheckingOut is set "if the communication is done when the
	// appointment status is car ready or quality check".
	if ap.AppointmentStatusIdentifier == enums.StatusIdentifierCarReady || ap.AppointmentStatusIdentifier == enums.StatusIdentifierQualityCheckCompleted {
		req.IsCheckingOut = true
	}
	presented, err := s.deskAgreements(c.Request.Context(), loc.DealerID, req.IsCheckingOut)
	if err != nil {
		internal(c, err)
		return
	}
	uid := claimsOf(c).UserID
	var desk *ent.DeskCommunication
	err = store.WithTx(c.Request.Context(), s.DB.Client, func(tx *ent.Tx) error {
		open, err := tx.DeskCommunication.Query().Where(deskcommunication.AppointmentID(ap.ID), deskcommunication.StatusIn(openDesk...)).All(c.Request.Context())
		if err != nil {
			return err
		}
		for _, d := range open {
			if err := moveDesk(c, tx, d, enums.DeskCommunicationStatusClosed, uid, ""); err != nil {
				return err
			}
		}
		create := tx.DeskCommunication.Create().SetAppointmentID(ap.ID).SetDealerLocationID(ap.DealerLocationID).
			SetTabletUserID(tablet.ID).SetReceptionistID(uid).SetStatus(enums.DeskCommunicationStatusSent).
			SetIsCheckingOut(req.IsCheckingOut).SetPresentedAgreementIds(presented)
		if ap.CustomerDriverID != 0 {
			create.SetCustomerID(ap.CustomerDriverID)
		}
		if desk, err = create.Save(c.Request.Context()); err != nil {
			return err
		}
		return tx.DeskCommunicationEvent.Create().SetDeskCommunicationID(desk.ID).SetType(enums.DeskCommunicationEventTypeSent).SetUserID(uid).Exec(c.Request.Context())
	})
	if err != nil {
		internal(c, err)
		return
	}
	c.JSON(http.StatusOK, deskCommunicationView(desk))
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
func (s *Server) deskCheckIns(c *gin.Context) {
	ap, ok := s.appointmentParam(c)
	if !ok {
		return
	}
	desks, err := s.DB.DeskCommunication.Query().Where(deskcommunication.AppointmentID(ap.ID)).
		WithEvents(func(q *ent.DeskCommunicationEventQuery) {
			q.Order(ent.Asc(deskcommunicationevent.FieldID)).WithReceivers()
		}).Order(ent.Asc(deskcommunication.FieldID)).All(c.Request.Context())
	if err != nil {
		internal(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"desk_communications": mapAll(desks, deskCommunicationView)})
}

// pendingDeskCheckIns: GET /v1/desk_checkin/pending, polled by a tablet.
func (s *Server) pendingDeskCheckIns(c *gin.Context) {
	desks, err := s.DB.DeskCommunication.Query().Where(deskcommunication.TabletUserID(claimsOf(c).UserID),
		deskcommunication.StatusIn(openDesk...)).Order(ent.Asc(deskcommunication.FieldID)).All(c.Request.Context())
	if err != nil {
		internal(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"desk_communications": mapAll(desks, deskCommunicationView)})
}

// deskCheckInStatus: POST /v1/desk_checkin/:desk_id/status {"status":N,"customer_name":""}.
// The tablet reports 2..5; the tablet or a receptionist of the location closes (6).
func (s *Server) deskCheckInStatus(c *gin.Context) {
	id, err := strconv.Atoi(c.Param("desk_id"))
	if err != nil || id <= 0 {
		invalid(c, "desk_id: must be a positive ID")
		return
	}
	var req struct {
		Status       enums.DeskCommunicationStatus `json:"status" binding:"required"`
		CustomerName string                        `json:"customer_name" binding:"max=200"`
		// AgreementIDs: the agreements (the versions the tablet showed,
		// GET /v1/desk_checkin/{desk_id}) the customer accepted; with the
		// answer (status 5) only.
		AgreementIDs []int `json:"agreement_ids"`
	}
	if !bindJSON(c, &req) {
		return
	}
	if p := textcheck.Line("customer_name", req.CustomerName, 200); len(p) > 0 {
		invalid(c, p...)
		return
	}
	if !req.Status.Valid() {
		invalid(c, fmt.Sprintf("status: %d is not a DeskCommunicationStatus (1..6)", req.Status))
		return
	}
	cl := claimsOf(c)
	desk, err := s.DB.DeskCommunication.Get(c.Request.Context(), id)
	if ent.IsNotFound(err) || (err == nil && desk.TabletUserID != cl.UserID && !(req.Status == enums.DeskCommunicationStatusClosed && cl.CanAccess(desk.DealerLocationID))) {
		fail(c, http.StatusNotFound, "desk check-in not found")
		return
	}
	if err != nil {
		internal(c, err)
		return
	}
	// A repeated "answered" (the tablet's first try timed out) only makes
	// sure the confirmation is on its way.
	repeat := desk.Status == enums.DeskCommunicationStatusAnswered && req.Status == enums.DeskCommunicationStatusAnswered
	if !repeat && !deskMayMove(desk.Status, req.Status) {
		invalid(c, fmt.Sprintf("status: cannot go from %d (%s) to %d (%s)", desk.Status, desk.Status.Description(), req.Status, req.Status.Description()))
		return
	}
	if req.Status == enums.DeskCommunicationStatusAnswered && req.CustomerName == "" {
		invalid(c, "customer_name: required when the customer answers")
		return
	}
	if req.AgreementIDs != nil && req.Status != enums.DeskCommunicationStatusAnswered {
		invalid(c, "agreement_ids: only with the customer's answer (status 5)")
		return
	}
	if req.Status == enums.DeskCommunicationStatusAnswered && !repeat {
		if p, err := s.deskAgreementProblems(c.Request.Context(), desk, req.AgreementIDs); err != nil {
			internal(c, err)
			return
		} else if len(p) > 0 {
			invalid(c, p...)
			return
		}
	}
	if !repeat {
		err = store.WithTx(c.Request.Context(), s.DB.Client, func(tx *ent.Tx) error {
			if req.Status == enums.DeskCommunicationStatusAnswered {
				if err := tx.DeskCommunication.UpdateOneID(desk.ID).SetAcceptedAgreementIds(nonNil(req.AgreementIDs)).Exec(c.Request.Context()); err != nil {
					return err
				}
			}
			return moveDesk(c, tx, desk, req.Status, cl.UserID, req.CustomerName)
		})
		if err != nil {
			internal(c, err)
			return
		}
	}
	if req.Status == enums.DeskCommunicationStatusAnswered && !s.confirmDeskCheckIn(c, desk, firstNonEmpty(req.CustomerName, desk.CustomerName)) {
		return
	}
	c.Status(http.StatusOK)
}

// confirmDeskCheckIn starts the confirmation to the customer. The answer is
// already stored; when Temporal is down the tablet gets 503 and reports
// "answered" again, which starts the confirmation then.
func (s *Server) confirmDeskCheckIn(c *gin.Context, d *ent.DeskCommunication, name string) bool {
	ap, err := s.DB.Appointment.Get(c.Request.Context(), d.AppointmentID)
	if err != nil {
		internal(c, err)
		return false
	}
	err = deskcaller.StartDeskConfirmation(c.Request.Context(), s.Temporal, s.TaskQueue, desk.DeskConfirmationInput{
		DeskCommunicationID: d.ID, AppointmentID: ap.ID, DealerLocationID: ap.DealerLocationID, WONr: ap.WoNr, RegNumber: ap.RegNumber,
		CustomerName: name})
	if err != nil {
		unavailable(c, err)
		return false
	}
	return true
}

func deskMayMove(from, to enums.DeskCommunicationStatus) bool {
	if to == enums.DeskCommunicationStatusClosed {
		return from != enums.DeskCommunicationStatusClosed
	}
	for _, s := range deskTransitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

func moveDesk(c *gin.Context, tx *ent.Tx, d *ent.DeskCommunication, to enums.DeskCommunicationStatus, userID int, name string) error {
	upd := tx.DeskCommunication.UpdateOneID(d.ID).SetStatus(to)
	if name != "" {
		upd.SetCustomerName(name)
	}
	if err := upd.Exec(c.Request.Context()); err != nil {
		return err
	}
	return tx.DeskCommunicationEvent.Create().SetDeskCommunicationID(d.ID).SetType(deskEventOf[to]).
		SetUserID(userID).SetCustomerName(name).Exec(c.Request.Context())
}
