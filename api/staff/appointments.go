package staff

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"

	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
	"github.com/pitstop-dev/pitstop/internal/workshop"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunicationevent"
	"github.com/pitstop-dev/pitstop/ent/predicate"
)

// appointmentRoutes: every signed-in user. A counter tablet (role 100) stands on
// the counter for customers to use, so it may only take desk check-ins.
func (s *Handlers) appointmentRoutes(staff *gin.RouterGroup) {
	// Every staff endpoint names the permission it needs (api/httpx/roles.go).
	desk := staff.Group("", httpx.Allow(httpx.PermDesk))
	desk.GET("/desk_checkin/pending", httpx.Handle(s.pendingDeskCheckIns))
	desk.POST("/desk_checkin/:desk_id/status", httpx.Handle(s.deskCheckInStatus))
	desk.GET("/desk_checkin/:desk_id", httpx.Handle(s.deskCheckInView))
	desk.GET("/desk_checkin/:desk_id/signature", httpx.Handle(s.deskSignature))
	read := staff.Group("", httpx.Allow(httpx.PermAppointmentsRead))
	read.GET("/appointments", httpx.Handle(s.listAppointments))
	read.GET("/appointments/:id", httpx.Handle(s.getAppointment))
	read.GET("/appointments/:id/state", httpx.Handle(s.appointmentState))
	read.GET("/appointments/:id/events", httpx.Handle(s.appointmentEvents))
	read.GET("/appointments/:id/keylocker", httpx.Handle(s.keyLockerCheckIn))
	read.GET("/appointments/:id/desk_checkin", httpx.Handle(s.deskCheckIns))
	read.GET("/appointments/:id/interventions", httpx.Handle(s.listInterventions))
	rec := staff.Group("", httpx.Allow(httpx.PermAppointmentsWrite))
	rec.POST("/appointments/:id/diagnose_overview/send", httpx.NoBody, httpx.Handle(s.sendDiagnose))
	rec.POST("/appointments/:id/diagnose_overview/resend", httpx.NoBody, httpx.Handle(s.sendDiagnose))
	rec.POST("/appointments/:id/repair_overview/send", httpx.NoBody, httpx.Handle(s.sendRepair))
	rec.POST("/appointments/:id/repair_overview/resend", httpx.NoBody, httpx.Handle(s.sendRepair))
	rec.POST("/appointments/:id/reschedule", httpx.Handle(s.reschedule))
	rec.POST("/appointments/:id/cancel", httpx.Handle(s.cancel))
	rec.POST("/appointments/:id/complete", httpx.NoBody, httpx.Handle(s.complete))
	rec.POST("/remarks/handled", httpx.Handle(s.markRemarkHandled))
	rec.POST("/appointments/:id/interventions/:intervention_id/fixed", httpx.Handle(s.markFixed))
	rec.PATCH("/appointments/:id/interventions/:intervention_id", httpx.Handle(s.editIntervention))
	rec.PATCH("/appointments/:id/question_result_videos/:video_id", httpx.Handle(s.editResultVideo))
	rec.PATCH("/appointments/:id/question_result_images/:image_id", httpx.Handle(s.editResultImage))
	rec.POST("/appointments/:id/desk_checkin/send", httpx.Handle(s.sendDeskCheckIn))
	rec.POST("/appointments/:id/car_out_of_shop", httpx.Handle(s.carOutOfShop))
}

// listAppointments: GET /v1/appointments?dealer_location_id=&from=&to=&stage=&remote_diagnosis_to_handle=&page=&page_size=
// from the read model, newest first within the window.
func (s *Handlers) listAppointments(c *gin.Context) error {
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
	if err := httpx.BindQuery(c, &q); err != nil {
		return err
	}
	if q.PageSize > maxPageSize {
		return httpx.Invalid("page_size: at most " + strconv.Itoa(maxPageSize))
	}
	if q.Page > maxPage {
		return httpx.Invalid("page: at most " + strconv.Itoa(maxPage))
	}
	if !httpx.Claims(c).CanAccess(q.LocationID) {
		return httpx.Fail(http.StatusNotFound, "location not found")
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
			return httpx.Invalid("from/to: RFC 3339 timestamps, e.g. 2026-11-24T00:00:00Z")
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
		return httpx.Invalid("remote_diagnosis_to_handle: true or false")
	}
	items, err := s.DB.Appointment.Query().Where(preds...).Order(ent.Asc(entappointment.FieldTimeCarApp), ent.Asc(entappointment.FieldID)).
		Offset((q.Page - 1) * q.PageSize).Limit(q.PageSize).All(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, gin.H{"appointments": mapAll(items, staffAppointmentView), "page": q.Page, "page_size": q.PageSize})
	return nil
}

// getAppointment: the read model with the communication and its receptionist key.
func (s *Handlers) getAppointment(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	resp := gin.H{"appointment": staffAppointmentView(ap)}
	com, err := s.DB.CustomerCommunication.Query().Where(customercommunication.AppointmentID(ap.ID)).Only(c.Request.Context())
	switch {
	case err == nil:
		view, err := commread.NewReader(s.Deps).Read(c.Request.Context(), com, true)
		if err != nil {
			return httpx.Internal(err)
		}
		resp["communication"] = view
	case !ent.IsNotFound(err):
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, resp)
	return nil
}

// appointmentState: the live lifecycle, by a workflow query.
func (s *Handlers) appointmentState(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	st, err := httpx.QueryState(c, s.Temporal, ap.ID)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, stateOf(st))
	return nil
}

// appointmentEvents: the communication events with their receivers and
// the spec's other CommunicationEvent lists (one query per list), and the
// messages that belong to no event (reminders and aftersales, issue #25),
// all from the read model.
func (s *Handlers) appointmentEvents(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	evs, err := s.DB.CommunicationEvent.Query().Where(communicationevent.AppointmentID(ap.ID)).
		Order(ent.Asc(communicationevent.FieldID)).WithReceivers().All(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	ids := make([]int, len(evs))
	for i, e := range evs {
		ids[i] = e.ID
	}
	lists, err := commread.ReadEventLists(c.Request.Context(), s.DB.Client, ids)
	if err != nil {
		return httpx.Internal(err)
	}
	views := make([]StaffEventView, len(evs))
	for i, e := range evs {
		views[i] = staffEventView(e, lists)
	}
	rems, err := s.DB.CommunicationReceiver.Query().Where(communicationreceiver.AppointmentID(ap.ID), communicationreceiver.ReminderKindNotNil()).
		Order(ent.Asc(communicationreceiver.FieldID)).All(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, gin.H{"events": views, "reminders": mapAll(rems, reminderView)})
	return nil
}

// keyLockerCheckIn: the appointment's key-locker communications (PIN
// omitted), each event with the receivers of the PIN message it sent, and
// what the customer answered at the locker: agreements, agreed
// interventions, remark.
func (s *Handlers) keyLockerCheckIn(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	kl, err := s.DB.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentID(ap.ID)).
		WithEvents(func(q *ent.KeyLockerCommunicationEventQuery) {
			q.Order(ent.Asc(keylockercommunicationevent.FieldID)).WithReceivers()
		}).WithAgreedInterventions().WithRemark().
		Order(ent.Asc(keylockercommunication.FieldID)).All(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, gin.H{"keylocker_communications": mapAll(kl, keyLockerCommunicationView)})
	return nil
}

func (s *Handlers) sendDiagnose(c *gin.Context) error {
	return s.sendOverview(c, appointment.UpdateSendDiagnoseOverview, "diagnose-overview",
		enums.CommunicationEventTypeDiagnoseOverviewCreated, enums.CommunicationEventTypeDiagnoseOverviewResent)
}

func (s *Handlers) sendRepair(c *gin.Context) error {
	return s.sendOverview(c, appointment.UpdateSendRepairOverview, "repair-overview",
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
func (s *Handlers) sendBaseline(c *gin.Context, comID int, types ...enums.CommunicationEventType) (int, error) {
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
func (s *Handlers) sendOverview(c *gin.Context, update, kind string, sentTypes ...enums.CommunicationEventType) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	if err := s.overviewEnabled(c, ap, update); err != nil {
		return err
	}
	com, err := s.DB.CustomerCommunication.Query().Where(customercommunication.AppointmentID(ap.ID)).Only(c.Request.Context())
	if err != nil && !ent.IsNotFound(err) {
		return httpx.Internal(err)
	}
	var updateID string
	if key := c.GetHeader("Idempotency-Key"); key != "" {
		if len(key) > maxIdempotencyKey || textcheck.Line("Idempotency-Key", key, maxIdempotencyKey) != nil {
			return httpx.Invalid(fmt.Sprintf("Idempotency-Key: at most %d printable characters", maxIdempotencyKey))
		}
		updateID = fmt.Sprintf("%s-send-%d-key-%s", kind, ap.ID, key)
	} else {
		after := 0
		if com != nil {
			if after, err = s.sendBaseline(c, com.ID, sentTypes...); err != nil {
				return httpx.Internal(err)
			}
		}
		updateID = fmt.Sprintf("%s-send-%d-after-%d", kind, ap.ID, after)
	}
	var res appointment.SendResult
	if err := httpx.UpdateOnce(c, s.Temporal, ap.ID, updateID, update, appointment.SendRequest{UserID: httpx.Claims(c).UserID}, &res); err != nil {
		return err
	}
	c.JSON(http.StatusOK, sendResponse{EventType: int(res.EventType), CommunicationStatus: int(res.CommunicationStatus)})
	return nil
}

func (s *Handlers) reschedule(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	var req struct {
		TimeCarApp time.Time `json:"time_car_app" binding:"required"`
	}
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	if v, ok := appointment.AsValidation(appointment.ValidateReschedule(req.TimeCarApp, s.Now())); ok {
		return httpx.Invalid(v.Problems...)
	}
	if err := httpx.Signal(c, s.Temporal, ap.ID, appointment.SignalRescheduled, appointment.RescheduledSignal{AppointmentAt: req.TimeCarApp}); err != nil {
		return err
	}
	c.Status(http.StatusOK)
	return nil
}

func (s *Handlers) cancel(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	var req struct {
		Reason string `json:"reason" binding:"max=500"`
	}
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	// The reason reaches the workflow and its record activity: refuse what
	// PostgreSQL cannot store here (issue 14).
	if p := textcheck.Field("reason", req.Reason, 500); len(p) > 0 {
		return httpx.Invalid(p...)
	}
	if err := httpx.Signal(c, s.Temporal, ap.ID, appointment.SignalCancelled, appointment.CancelledSignal{Reason: req.Reason}); err != nil {
		return err
	}
	c.Status(http.StatusOK)
	return nil
}

func (s *Handlers) complete(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	if err := httpx.Signal(c, s.Temporal, ap.ID, appointment.SignalCompleted, nil); err != nil {
		return err
	}
	c.Status(http.StatusOK)
	return nil
}

// markRemarkHandled: POST /v1/remarks/handled {"type":"check_in"|"diagnose_overview","id":N}.
func (s *Handlers) markRemarkHandled(c *gin.Context) error {
	var req struct {
		Type string `json:"type" binding:"required,oneof=check_in diagnose_overview"`
		ID   int    `json:"id" binding:"required,gt=0"`
	}
	if err := httpx.Decode(c, &req); err != nil {
		return err
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
		if ap, err = s.DB.Appointment.Get(c.Request.Context(), apID); err == nil && !httpx.Claims(c).CanAccess(ap.DealerLocationID) {
			err = &ent.NotFoundError{}
		}
	}
	if ent.IsNotFound(err) {
		return httpx.Fail(http.StatusNotFound, "remark not found")
	}
	if err != nil {
		return httpx.Internal(err)
	}
	if err := workshop.RemarkHandled(c.Request.Context(), s.DB.Client, workshop.RemarkKind(req.Type), req.ID); err != nil {
		return httpx.Internal(err)
	}
	c.Status(http.StatusOK)
	return nil
}

// markFixed: POST /v1/appointments/:id/interventions/:intervention_id/fixed
// {"mechanic_fixed":true} — what the repair overview reports as done.
func (s *Handlers) markFixed(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	ivID, err := strconv.Atoi(c.Param("intervention_id"))
	if err != nil || ivID <= 0 {
		return httpx.Invalid("intervention_id: must be a positive ID")
	}
	var req struct {
		MechanicFixed *bool `json:"mechanic_fixed" binding:"required"`
	}
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	found, err := workshop.MechanicFixed(c.Request.Context(), s.DB.Client, ap.ID, ivID, *req.MechanicFixed)
	if err != nil {
		return httpx.Internal(err)
	}
	if !found {
		return httpx.Fail(http.StatusNotFound, "intervention not found")
	}
	c.Status(http.StatusOK)
	return nil
}

// StaffIntervention is an intervention as the receptionist manages it:
// hidden ones too (the customer's read leaves them out), with what the
// customer decided.
type StaffIntervention struct {
	ID                        int                             `json:"id"`
	Title                     string                          `json:"title"`
	Description               string                          `json:"description"`
	Price                     float64                         `json:"price"`
	DMSPriceEdited            bool                            `json:"dms_price_edited"`
	VisibleToCustomer         bool                            `json:"visible_to_customer"`
	MechanicFixed             bool                            `json:"mechanic_fixed"`
	CommunicationResultStatus enums.CommunicationResultStatus `json:"communication_result_status"`
}

// listInterventions: GET /v1/appointments/:id/interventions, every
// intervention of the appointment the DMS has not deleted, hidden ones
// included, in their order.
func (s *Handlers) listInterventions(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	ivs, err := s.DB.Intervention.Query().Where(intervention.AppointmentID(ap.ID), intervention.DmsDeleted(false)).
		Order(ent.Asc(intervention.FieldID)).All(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	out := make([]StaffIntervention, len(ivs))
	for i, iv := range ivs {
		out[i] = StaffIntervention{ID: iv.ID, Title: iv.Title, Description: iv.Description, Price: iv.Price, DMSPriceEdited: iv.DmsPriceEdited,
			VisibleToCustomer: iv.VisibleToCustomer, MechanicFixed: iv.MechanicFixed, CommunicationResultStatus: iv.CommunicationResultStatus}
	}
	c.JSON(http.StatusOK, gin.H{"interventions": out})
	return nil
}

// maxInterventionPrice bounds a receptionist's price (a typo of a few
// zeros is refused, not sent to a customer).
const maxInterventionPrice = 1_000_000

// editIntervention: PATCH /v1/appointments/:id/interventions/:intervention_id
// {"price":129.5,"visible_to_customer":false} (either or both): re-price or
// hide an item before the diagnose overview is sent or resent. The
// customer's page shows the change at once (the read model's document is
// rebuilt); a customer already holding the overview sees it on a resend.
func (s *Handlers) editIntervention(c *gin.Context) error {
	ap, ivID, err := itemParams(c, s.DB.Client, "intervention_id")
	if err != nil {
		return err
	}
	var req struct {
		Price             *float64 `json:"price"`
		VisibleToCustomer *bool    `json:"visible_to_customer"`
	}
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	if req.Price == nil && req.VisibleToCustomer == nil {
		return httpx.Invalid("price or visible_to_customer: give at least one")
	}
	if req.Price != nil && (*req.Price < 0 || *req.Price > maxInterventionPrice) {
		return httpx.Invalid(fmt.Sprintf("price: must be between 0 and %d", maxInterventionPrice))
	}
	iv, err := workshop.EditIntervention(c.Request.Context(), s.DB.Client, ap, ivID,
		workshop.InterventionEdit{Price: req.Price, VisibleToCustomer: req.VisibleToCustomer})
	return edited(c, iv, err, "intervention", func(iv *ent.Intervention) gin.H {
		return gin.H{"id": iv.ID, "price": iv.Price, "dms_price_edited": iv.DmsPriceEdited, "visible_to_customer": iv.VisibleToCustomer}
	})
}

// editResultVideo: PATCH /v1/appointments/:id/question_result_videos/:video_id
// {"visible":false}: hide a mechanic's video of a check result from the
// customer (the spec's QuestionResultVideo.Visible), or show it again. The
// customer's read leaves a hidden video out at once (the read model's
// document is rebuilt); the repair overview's PDF prints no videos.
func (s *Handlers) editResultVideo(c *gin.Context) error {
	ap, id, err := itemParams(c, s.DB.Client, "video_id")
	if err != nil {
		return err
	}
	var req struct {
		Visible *bool `json:"visible"`
	}
	if err := httpx.DecodeStrict(c, &req); err != nil {
		return err
	}
	if req.Visible == nil {
		return httpx.Invalid("visible: required (true or false)")
	}
	v, err := workshop.HideVideo(c.Request.Context(), s.DB.Client, ap, id, *req.Visible)
	return edited(c, v, err, "video", func(v *ent.QuestionResultVideo) gin.H {
		return gin.H{"id": v.ID, "question_result_id": v.QuestionResultID, "active": v.Active, "visible": v.Visible}
	})
}

// editResultImage: PATCH /v1/appointments/:id/question_result_images/:image_id
// {"active":false} and/or {"visible_in_pdf":false}: the spec's
// QuestionResultImage flags. An inactive photo is in neither the
// customer's read nor the PDF; one not visible in the PDF stays in the read.
func (s *Handlers) editResultImage(c *gin.Context) error {
	ap, id, err := itemParams(c, s.DB.Client, "image_id")
	if err != nil {
		return err
	}
	var req struct {
		Active       *bool `json:"active"`
		VisibleInPDF *bool `json:"visible_in_pdf"`
	}
	if err := httpx.DecodeStrict(c, &req); err != nil {
		return err
	}
	if req.Active == nil && req.VisibleInPDF == nil {
		return httpx.Invalid("active or visible_in_pdf: give at least one")
	}
	i, err := workshop.EditPhoto(c.Request.Context(), s.DB.Client, ap, id, workshop.PhotoEdit{Active: req.Active, VisibleInPDF: req.VisibleInPDF})
	return edited(c, i, err, "photo", func(i *ent.QuestionResultImage) gin.H {
		return gin.H{"id": i.ID, "question_result_id": i.QuestionResultID, "active": i.Active, "visible_in_pdf": i.VisibleInPdf}
	})
}

// edited answers an edit of one of the appointment's items: the store's
// error, 404 when the item is not the appointment's (row nil), or the row
// as view shows it.
func edited[T any](c *gin.Context, row *T, err error, what string, view func(*T) gin.H) error {
	if err != nil {
		return httpx.Internal(err)
	}
	if row == nil {
		return httpx.Fail(http.StatusNotFound, what+" not found")
	}
	c.JSON(http.StatusOK, view(row))
	return nil
}

// itemParams are the appointment (the caller's location's) and the ID of
// its item (an intervention, a photo, a video) named by param.
func itemParams(c *gin.Context, db *ent.Client, param string) (appointmentID, id int, err error) {
	ap, err := httpx.AppointmentParam(c, db)
	if err != nil {
		return 0, 0, err
	}
	id, err = httpx.IDParam(c, param)
	return ap.ID, id, err
}

// stateOf is the workflow's state as the endpoint answers it: the contract
// itself (api/openapi.yaml AppointmentState), its lists never null.
func stateOf(st appointment.AppointmentState) appointment.AppointmentState {
	st.History = commread.NonNil(st.History)
	st.CheckInResultIDs = commread.NonNil(st.CheckInResultIDs)
	st.InterventionIDs = commread.NonNil(st.InterventionIDs)
	st.AgreementIDs = commread.NonNil(st.AgreementIDs)
	return st
}
