package api

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/routes"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// customerRoutes: the customer's endpoints, authenticated by the
// communication key in the body (the spec's Customer Communication API).
func (s *Server) customerRoutes(r *gin.Engine, v1 *gin.RouterGroup) {
	v1.POST("/communication/read", s.read)
	v1.POST("/communication/upload_attachment", s.uploadAttachment)
	v1.GET("/communication/attachments/:id/:name", s.downloadAttachment)
	v1.POST("/online_checkin/answer", s.answerCheckIn)
	v1.POST("/online_checkin/is_acses_available", s.isAcsesAvailable)
	v1.POST("/repair_overview/download", s.downloadRepairOverview)
	r.POST("/v2/diagnose_overview/answer", s.answerDiagnose)
}

// read: POST /v1/communication/read. A customer key marks the communication
// opened (a signal; the workflow records the event); a receptionist key reads
// without a trace.
func (s *Server) read(c *gin.Context) {
	var req keyRequest
	if !bindJSON(c, &req) {
		return
	}
	com, receptionist, ok := s.byKey(c, req.value())
	if !ok {
		return
	}
	view, err := s.communicationView(c.Request.Context(), com)
	if err != nil {
		internal(c, err)
		return
	}
	view.IsReceptionist = receptionist
	if receptionist {
		view.ReceptionistKey = s.receptionistKey(com)
	} else {
		// Reads stay available when Temporal is not: the page still shows,
		// only the "opened" event is missed (and logged).
		err := s.Temporal.SignalWorkflow(c.Request.Context(), appointment.AppointmentWorkflowID(com.AppointmentID), "",
			appointment.SignalCommunicationOpened, appointment.OpenedSignal{IP: c.ClientIP()})
		if err != nil {
			s.Log.Warn("opened event not recorded", "appointment_id", com.AppointmentID, "error", err)
		} else {
			view.Status = openedStatus(view.Status)
		}
	}
	c.JSON(http.StatusOK, view)
}

// openedStatus is the status a first read by the customer moves to.
func openedStatus(s enums.CommunicationStatus) enums.CommunicationStatus {
	switch s {
	case enums.CommunicationStatusCheckInSent:
		return enums.CommunicationStatusCheckInOpened
	case enums.CommunicationStatusDiagnoseOverviewSent:
		return enums.CommunicationStatusDiagnoseOverviewOpened
	case enums.CommunicationStatusRepairOverviewSent:
		return enums.CommunicationStatusRepairOverviewOpened
	}
	return s
}

type checkInAnswerRequest struct {
	keyRequest
	appointment.CheckInAnswer
}

// answerCheckIn: POST /v1/online_checkin/answer, a Temporal update; the
// validator refuses a bad answer before it reaches the workflow's history.
func (s *Server) answerCheckIn(c *gin.Context) {
	var req checkInAnswerRequest
	if !bindJSON(c, &req) {
		return
	}
	ans := req.CheckInAnswer
	ans.IP = c.ClientIP()
	com, ok := s.answerable(c, req.value(), ans.Remarks, appointment.ValidateCheckInAnswer(ans, nil))
	if !ok {
		return
	}
	var res appointment.CheckInAnswerResult
	if s.update(c, com.AppointmentID, appointment.UpdateAnswerCheckIn, ans, &res) {
		c.JSON(http.StatusOK, res)
	}
}

type diagnoseAnswerRequest struct {
	keyRequest
	appointment.DiagnoseAnswer
}

// answerDiagnose: POST /v2/diagnose_overview/answer.
func (s *Server) answerDiagnose(c *gin.Context) {
	var req diagnoseAnswerRequest
	if !bindJSON(c, &req) {
		return
	}
	ans := req.DiagnoseAnswer
	ans.IP = c.ClientIP()
	com, ok := s.answerable(c, req.value(), ans.Remarks, appointment.ValidateDiagnoseAnswer(ans, nil))
	if !ok {
		return
	}
	if s.update(c, com.AppointmentID, appointment.UpdateAnswerDiagnose, ans, nil) {
		c.Status(http.StatusOK)
	}
}

// answerable runs the checks every customer answer shares: a customer key
// (not the receptionist's), a well-formed answer (shapeErr, from the
// workflows package's validation without state), and attachments uploaded
// to this communication. It answers the request itself when a check fails.
func (s *Server) answerable(c *gin.Context, key string, remarks []appointment.RemarkAnswer, shapeErr error) (*ent.CustomerCommunication, bool) {
	com, receptionist, ok := s.byKey(c, key)
	if !ok {
		return nil, false
	}
	if receptionist {
		invalid(c, "only the customer's key can answer a communication")
		return nil, false
	}
	if shapeErr != nil {
		invalid(c, appointment.Problems(appointment.Rejection(shapeErr))...)
		return nil, false
	}
	if !s.checkAttachments(c, com.ID, remarks) {
		return nil, false
	}
	return com, true
}

// checkAttachments accepts only files uploaded to this same communication.
func (s *Server) checkAttachments(c *gin.Context, comID int, remarks []appointment.RemarkAnswer) bool {
	var problems []string
	for i, r := range remarks {
		for j, url := range r.Attachments {
			id, err := routes.AttachmentID(url)
			if err == nil {
				var found bool
				found, err = s.DB.UploadedFile.Query().Where(uploadedfile.ID(id), uploadedfile.CustomerCommunicationID(comID)).Exist(c.Request.Context())
				if err == nil && !found {
					err = fmt.Errorf("not uploaded to this communication")
				}
			}
			if err != nil {
				problems = append(problems, fmt.Sprintf("remarks[%d].attachments[%d]: %v", i, j, err))
			}
		}
	}
	if len(problems) > 0 {
		invalid(c, problems...)
		return false
	}
	return true
}

// isAcsesAvailable: POST /v1/online_checkin/is_acses_available. Available
// when the location has ACSES enabled and the vendor reports a free cell in
// one of its active locker systems within 2 s (see acsesAvailable).
func (s *Server) isAcsesAvailable(c *gin.Context) {
	var req keyRequest
	if !bindJSON(c, &req) {
		return
	}
	com, _, ok := s.byKey(c, req.value())
	if !ok {
		return
	}
	loc, err := s.DB.DealerLocation.Get(c.Request.Context(), com.DealerLocationID)
	if err != nil {
		internal(c, err)
		return
	}
	available := loc.IsAcsesEnabled && s.acsesAvailable(c.Request.Context(), loc.ID)
	c.JSON(http.StatusOK, gin.H{"available": available})
}
