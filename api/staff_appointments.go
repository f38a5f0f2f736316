package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/textcheck"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/checkinremark"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewremark"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunicationevent"
	"github.com/pitstop-dev/pitstop/ent/predicate"
)

// staffRoutes: every signed-in user. A counter tablet (role 100) stands on
// the counter for customers to use, so it may only take desk check-ins.
func (s *Server) staffRoutes(staff *gin.RouterGroup) {
	// Every staff endpoint names the permission it needs (api/httpx/roles.go).
	desk := staff.Group("", s.allow(permDesk))
	desk.GET("/desk_checkin/pending", s.pendingDeskCheckIns)
	desk.POST("/desk_checkin/:desk_id/status", s.deskCheckInStatus)
	desk.GET("/desk_checkin/:desk_id", s.deskCheckInView)
	read := staff.Group("", s.allow(permAppointmentsRead))
	read.GET("/appointments", s.listAppointments)
	read.GET("/appointments/:id", s.getAppointment)
	read.GET("/appointments/:id/state", s.appointmentState)
	read.GET("/appointments/:id/events", s.appointmentEvents)
	read.GET("/appointments/:id/keylocker", s.keyLockerCheckIn)
	read.GET("/appointments/:id/desk_checkin", s.deskCheckIns)
	rec := staff.Group("", s.allow(permAppointmentsWrite))
	rec.POST("/appointments/:id/diagnose_overview/send", s.sendDiagnose)
	rec.POST("/appointments/:id/diagnose_overview/resend", s.sendDiagnose)
	rec.POST("/appointments/:id/repair_overview/send", s.sendRepair)
	rec.POST("/appointments/:id/repair_overview/resend", s.sendRepair)
	rec.POST("/appointments/:id/reschedule", s.reschedule)
	rec.POST("/appointments/:id/cancel", s.cancel)
	rec.POST("/appointments/:id/complete", s.complete)
	rec.POST("/remarks/handled", s.markRemarkHandled)
	rec.POST("/appointments/:id/interventions/:intervention_id/fixed", s.markFixed)
	rec.POST("/appointments/:id/desk_checkin/send", s.sendDeskCheckIn)
}

// listAppointments: GET /v1/appointments?dealer_location_id=&from=&to=&stage=&remote_diagnosis_to_handle=&page=&page_size=
// from the read model, newest first within the window.
func (s *Server) listAppointments(c *gin.Context) {
	var q struct {
		LocationID int    `form:"dealer_location_id" binding:"required,gt=0"`
		From       string `form:"from"`
		To         string `form:"to"`
		Stage      string `form:"stage"`
		// ToHandle "true" lists only appointments with an ended remote-diagnose
		// ticket whose result waits for the receptionist; "false" the others.
		ToHandle string `form:"remote_diagnosis_to_handle"`
		Page     int    `form:"page,default=1" binding:"gte=1"`
		PageSize int    `form:"page_size,default=50" binding:"gte=1"`
	}
	if !bindQuery(c, &q) {
		return
	}
	if q.PageSize > MaxPageSize {
		invalid(c, "page_size: at most "+strconv.Itoa(MaxPageSize))
		return
	}
	if q.Page > MaxPage {
		invalid(c, "page: at most "+strconv.Itoa(MaxPage))
		return
	}
	if !claimsOf(c).CanAccess(q.LocationID) {
		fail(c, http.StatusNotFound, "location not found")
		return
	}
	preds := []predicate.Appointment{entappointment.DealerLocationID(q.LocationID)}
	for _, b := range []struct {
		v  string
		fn func(time.Time) predicate.Appointment
	}{{q.From, entappointment.TimeCarAppGTE}, {q.To, entappointment.TimeCarAppLT}} {
		if b.v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, b.v)
		if err != nil {
			invalid(c, "from/to: RFC 3339 timestamps, e.g. 2026-11-24T00:00:00Z")
			return
		}
		preds = append(preds, b.fn(t))
	}
	if q.Stage != "" {
		preds = append(preds, entappointment.LifecycleStage(q.Stage))
	}
	switch q.ToHandle {
	case "":
	case "true", "false":
		preds = append(preds, entappointment.RemoteDiagnosisToHandle(q.ToHandle == "true"))
	default:
		invalid(c, "remote_diagnosis_to_handle: true or false")
		return
	}
	items, err := s.DB.Appointment.Query().Where(preds...).Order(ent.Asc(entappointment.FieldTimeCarApp), ent.Asc(entappointment.FieldID)).
		Offset((q.Page - 1) * q.PageSize).Limit(q.PageSize).All(c.Request.Context())
	if err != nil {
		internal(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"appointments": mapAll(items, staffAppointmentView), "page": q.Page, "page_size": q.PageSize})
}

// getAppointment: the read model with the communication and its receptionist key.
func (s *Server) getAppointment(c *gin.Context) {
	ap, ok := s.appointmentParam(c)
	if !ok {
		return
	}
	resp := gin.H{"appointment": staffAppointmentView(ap)}
	com, err := s.DB.CustomerCommunication.Query().Where(customercommunication.AppointmentID(ap.ID)).Only(c.Request.Context())
	switch {
	case err == nil:
		view, err := s.communicationRead(c.Request.Context(), com, true)
		if err != nil {
			internal(c, err)
			return
		}
		resp["communication"] = view
	case !ent.IsNotFound(err):
		internal(c, err)
		return
	}
	c.JSON(http.StatusOK, resp)
}

// appointmentState: the live lifecycle, by a workflow query.
func (s *Server) appointmentState(c *gin.Context) {
	ap, ok := s.appointmentParam(c)
	if !ok {
		return
	}
	if st, ok := s.queryState(c, ap.ID); ok {
		c.JSON(http.StatusOK, lifecycleStateViewOf(st))
	}
}

// appointmentEvents: the communication events with their receivers.
func (s *Server) appointmentEvents(c *gin.Context) {
	ap, ok := s.appointmentParam(c)
	if !ok {
		return
	}
	evs, err := s.DB.CommunicationEvent.Query().Where(communicationevent.AppointmentID(ap.ID)).
		Order(ent.Asc(communicationevent.FieldID)).WithReceivers().All(c.Request.Context())
	if err != nil {
		internal(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"events": mapAll(evs, staffEventView)})
}

// keyLockerCheckIn: the appointment's key-locker communications (PIN
// omitted), each event with the receivers of the PIN message it sent, and
// what the customer answered at the locker: agreements, agreed
// interventions, remark.
func (s *Server) keyLockerCheckIn(c *gin.Context) {
	ap, ok := s.appointmentParam(c)
	if !ok {
		return
	}
	kl, err := s.DB.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentID(ap.ID)).
		WithEvents(func(q *ent.KeyLockerCommunicationEventQuery) {
			q.Order(ent.Asc(keylockercommunicationevent.FieldID)).WithReceivers()
		}).WithAgreedInterventions().WithRemark().
		Order(ent.Asc(keylockercommunication.FieldID)).All(c.Request.Context())
	if err != nil {
		internal(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"keylocker_communications": mapAll(kl, keyLockerCommunicationView)})
}

func (s *Server) sendDiagnose(c *gin.Context) {
	s.sendOverview(c, appointment.UpdateSendDiagnoseOverview, "diagnose-overview",
		enums.CommunicationEventTypeDiagnoseOverviewCreated, enums.CommunicationEventTypeDiagnoseOverviewResent)
}

func (s *Server) sendRepair(c *gin.Context) {
	s.sendOverview(c, appointment.UpdateSendRepairOverview, "repair-overview",
		enums.CommunicationEventTypeRepairOverviewCreated, enums.CommunicationEventTypeRepairOverviewResent)
}

// sendResponse tells the receptionist what a send did.
type sendResponse struct {
	EventType           int `json:"event_type"`
	CommunicationStatus int `json:"communication_status"`
}

// collapseWindow: a send without an Idempotency-Key that arrives this soon
// after the last send of its kind is taken for a repeat of it (a double
// click, a retrying proxy) and answered with that send's outcome.
const collapseWindow = 5 * time.Second

// sendBaseline is the send event a new send follows: the newest one, or the
// one before it while the newest is younger than collapseWindow (its update
// was named after that one, so Temporal answers its outcome again).
func (s *Server) sendBaseline(c *gin.Context, comID int, types ...enums.CommunicationEventType) (int, error) {
	evs, err := s.DB.CommunicationEvent.Query().Where(communicationevent.CustomerCommunicationID(comID), communicationevent.TypeIn(types...)).
		Order(ent.Desc(communicationevent.FieldID)).Limit(2).All(c.Request.Context())
	if err != nil || len(evs) == 0 {
		return 0, err
	}
	if s.Now().Sub(evs[0].CreatedAt) >= collapseWindow {
		return evs[0].ID, nil
	}
	if len(evs) == 2 {
		return evs[1].ID, nil
	}
	return 0, nil
}

// maxIdempotencyKey bounds the Idempotency-Key header.
const maxIdempotencyKey = 200

// sendOverview sends or resends an overview exactly once per intent. With an
// Idempotency-Key header, repeats of that key answer the first send's
// outcome. Without one, the update's ID names the send it follows (from the
// read model, see sendBaseline), so identical requests arriving while one is
// in flight or just after (ten clicks, a retrying proxy) collapse into one
// send, and a deliberate resend later is a new one.
func (s *Server) sendOverview(c *gin.Context, update, kind string, sentTypes ...enums.CommunicationEventType) {
	ap, ok := s.appointmentParam(c)
	if !ok || !s.overviewEnabled(c, ap, update) {
		return
	}
	com, err := s.DB.CustomerCommunication.Query().Where(customercommunication.AppointmentID(ap.ID)).Only(c.Request.Context())
	if err != nil && !ent.IsNotFound(err) {
		internal(c, err)
		return
	}
	var updateID string
	if key := c.GetHeader("Idempotency-Key"); key != "" {
		if len(key) > maxIdempotencyKey || textcheck.Line("Idempotency-Key", key, maxIdempotencyKey) != nil {
			invalid(c, fmt.Sprintf("Idempotency-Key: at most %d printable characters", maxIdempotencyKey))
			return
		}
		updateID = fmt.Sprintf("%s-send-%d-key-%s", kind, ap.ID, key)
	} else {
		after := 0
		if com != nil {
			if after, err = s.sendBaseline(c, com.ID, sentTypes...); err != nil {
				internal(c, err)
				return
			}
		}
		updateID = fmt.Sprintf("%s-send-%d-after-%d", kind, ap.ID, after)
	}
	var res appointment.SendResult
	if s.updateOnce(c, ap.ID, updateID, update, appointment.SendRequest{UserID: claimsOf(c).UserID}, &res) {
		c.JSON(http.StatusOK, sendResponse{EventType: int(res.EventType), CommunicationStatus: int(res.CommunicationStatus)})
	}
}

func (s *Server) reschedule(c *gin.Context) {
	ap, ok := s.appointmentParam(c)
	if !ok {
		return
	}
	var req struct {
		TimeCarApp time.Time `json:"time_car_app" binding:"required"`
	}
	if !bindJSON(c, &req) {
		return
	}
	if v, ok := appointment.AsValidation(appointment.ValidateReschedule(req.TimeCarApp, s.Now())); ok {
		invalid(c, v.Problems...)
		return
	}
	if s.signal(c, ap.ID, appointment.SignalRescheduled, appointment.RescheduledSignal{AppointmentAt: req.TimeCarApp}) {
		c.Status(http.StatusOK)
	}
}

func (s *Server) cancel(c *gin.Context) {
	ap, ok := s.appointmentParam(c)
	if !ok {
		return
	}
	var req struct {
		Reason string `json:"reason" binding:"max=500"`
	}
	if !bindJSON(c, &req) {
		return
	}
	// The reason reaches the workflow and its record activity: refuse what
	// PostgreSQL cannot store here (issue 14).
	if p := textcheck.Field("reason", req.Reason, 500); len(p) > 0 {
		invalid(c, p...)
		return
	}
	if s.signal(c, ap.ID, appointment.SignalCancelled, appointment.CancelledSignal{Reason: req.Reason}) {
		c.Status(http.StatusOK)
	}
}

func (s *Server) complete(c *gin.Context) {
	ap, ok := s.appointmentParam(c)
	if !ok {
		return
	}
	if s.signal(c, ap.ID, appointment.SignalCompleted, nil) {
		c.Status(http.StatusOK)
	}
}

// markRemarkHandled: POST /v1/remarks/handled {"type":"check_in"|"diagnose_overview","id":N}.
func (s *Server) markRemarkHandled(c *gin.Context) {
	var req struct {
		Type string `json:"type" binding:"required,oneof=check_in diagnose_overview"`
		ID   int    `json:"id" binding:"required,gt=0"`
	}
	if !bindJSON(c, &req) {
		return
	}
	var apID int
	var err error
	if req.Type == "check_in" {
		var r *ent.CheckInRemark
		if r, err = s.DB.CheckInRemark.Get(c.Request.Context(), req.ID); err == nil {
			apID = r.AppointmentID
		}
	} else {
		var r *ent.DiagnoseOverviewRemark
		if r, err = s.DB.DiagnoseOverviewRemark.Get(c.Request.Context(), req.ID); err == nil {
			apID = r.AppointmentID
		}
	}
	if err == nil {
		var ap *ent.Appointment
		if ap, err = s.DB.Appointment.Get(c.Request.Context(), apID); err == nil && !claimsOf(c).CanAccess(ap.DealerLocationID) {
			err = &ent.NotFoundError{}
		}
	}
	if ent.IsNotFound(err) {
		fail(c, http.StatusNotFound, "remark not found")
		return
	}
	if err != nil {
		internal(c, err)
		return
	}
	if req.Type == "check_in" {
		err = s.DB.CheckInRemark.Update().Where(checkinremark.ID(req.ID)).SetReceptionistHandled(true).Exec(c.Request.Context())
	} else {
		err = s.DB.DiagnoseOverviewRemark.Update().Where(diagnoseoverviewremark.ID(req.ID)).SetReceptionistHandled(true).Exec(c.Request.Context())
	}
	if err != nil {
		internal(c, err)
		return
	}
	c.Status(http.StatusOK)
}

// markFixed: POST /v1/appointments/:id/interventions/:intervention_id/fixed
// {"mechanic_fixed":true} — what the repair overview reports as done.
func (s *Server) markFixed(c *gin.Context) {
	ap, ok := s.appointmentParam(c)
	if !ok {
		return
	}
	ivID, err := strconv.Atoi(c.Param("intervention_id"))
	if err != nil || ivID <= 0 {
		invalid(c, "intervention_id: must be a positive ID")
		return
	}
	var req struct {
		MechanicFixed *bool `json:"mechanic_fixed" binding:"required"`
	}
	if !bindJSON(c, &req) {
		return
	}
	n, err := s.DB.Intervention.Update().Where(intervention.ID(ivID), intervention.AppointmentID(ap.ID)).
		SetMechanicFixed(*req.MechanicFixed).Save(c.Request.Context())
	if err != nil {
		internal(c, err)
		return
	}
	if n == 0 {
		fail(c, http.StatusNotFound, "intervention not found")
		return
	}
	c.Status(http.StatusOK)
}
