package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/phone"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/internal/routes"
	apptcaller "github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// customerRoutes: the customer's endpoints, authenticated by the
// communication key in the body (the spec's Customer Communication API).
func (s *Server) customerRoutes(v2, v1 *gin.RouterGroup) {
	v1.POST("/communication/read", s.read)
	v1.POST("/communication/upload_attachment", s.uploadAttachment)
	v1.GET("/communication/attachments/:id/:name", s.downloadAttachment)
	v1.POST("/online_checkin/answer", s.answerCheckIn)
	v1.POST("/online_checkin/is_acses_available", s.isAcsesAvailable)
	v1.POST("/repair_overview/download", s.downloadRepairOverview)
	v2.POST("/diagnose_overview/answer", s.answerDiagnose)
}

// The answers' JSON, as the spec names it: the API's own types, mapped to
// the workflow's contract at the edge.
type checkInAnswerRequest struct {
	keyRequest
	Results           []checkInResultRequest `json:"results"`
	Remarks           []remarkRequest        `json:"remarks"`
	CorrectPhone      string                 `json:"correct_phone"`
	CorrectEmail      string                 `json:"correct_email"`
	AgreementIDs      []int                  `json:"agreement_ids"`
	CustomerName      string                 `json:"customer_name"`
	PreferredChannel  int                    `json:"preferred_communication_channel"`
	DropInAcsesLocker bool                   `json:"drop_in_acses_locker"`
}

type checkInResultRequest struct {
	ID       int  `json:"id"`
	Accepted bool `json:"accepted"`
}

type remarkRequest struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Attachments []string `json:"attachments"`
}

type diagnoseAnswerRequest struct {
	keyRequest
	Interventions []interventionDecisionRequest `json:"interventions"`
	Remarks       []remarkRequest               `json:"remarks"`
	CorrectPhone  string                        `json:"correct_phone"`
	CorrectEmail  string                        `json:"correct_email"`
	AgreementIDs  []int                         `json:"agreement_ids"`
	CustomerName  string                        `json:"customer_name"`
}

type interventionDecisionRequest struct {
	ID     int `json:"id"`
	Status int `json:"communication_result_status"`
}

// checkInAnswerResponse: the PINs issued with the answer.
type checkInAnswerResponse struct {
	KeyLockerPIN    string `json:"keylocker_pin"`
	AcsesPIN        string `json:"acses_pin"`
	AcsesLockerName string `json:"acses_locker_name"`
}

func remarksOf(rs []remarkRequest) []appointment.RemarkAnswer {
	out := make([]appointment.RemarkAnswer, 0, len(rs))
	for _, r := range rs {
		out = append(out, appointment.RemarkAnswer{Title: r.Title, Description: r.Description, Attachments: r.Attachments})
	}
	return out
}

// answerCheckIn: POST /v1/online_checkin/answer, a Temporal update; the
// validator refuses a bad answer before it reaches the workflow's history.
// The update's ID is the communication's: a customer who sends the answer
// again (a timeout, a double tap, a second tab) gets the first answer's
// result, PINs included, not "closed".
func (s *Server) answerCheckIn(c *gin.Context) {
	var req checkInAnswerRequest
	if !bindJSON(c, &req) {
		return
	}
	ans := appointment.CheckInAnswer{Remarks: remarksOf(req.Remarks), CorrectEmail: strings.TrimSpace(req.CorrectEmail),
		AgreementIDs: req.AgreementIDs, CustomerName: req.CustomerName, DropInAcsesLocker: req.DropInAcsesLocker,
		PreferredChannel: enums.CommunicationChannelID(req.PreferredChannel), IP: c.ClientIP()}
	for _, r := range req.Results {
		ans.Results = append(ans.Results, appointment.CheckInResultAnswer{ID: r.ID, Accepted: r.Accepted})
	}
	com, ok := s.answerableWithPhone(c, req.value(), req.CorrectPhone, &ans.CorrectPhone)
	if !ok {
		return
	}
	if !s.answerChecks(c, com, ans.Remarks, appointment.ValidateCheckInAnswer(ans, nil)) || !s.checkInRules(c, com, ans) {
		return
	}
	var res appointment.CheckInAnswerResult
	updateID := fmt.Sprintf("online-check-in-answer-%d", com.ID)
	if s.updateOnce(c, com.AppointmentID, updateID, appointment.UpdateAnswerCheckIn, ans, &res) {
		c.JSON(http.StatusOK, checkInAnswerResponse{KeyLockerPIN: res.KeyLockerPIN, AcsesPIN: res.AcsesPIN, AcsesLockerName: res.AcsesLockerName})
	}
}

// answerDiagnose: POST /v2/diagnose_overview/answer. The update's ID names
// the communication and the diagnose overview sent last, so a repeated
// answer to that overview answers once, and an answer to a resent overview
// is a new one.
func (s *Server) answerDiagnose(c *gin.Context) {
	var req diagnoseAnswerRequest
	if !bindJSON(c, &req) {
		return
	}
	ans := appointment.DiagnoseAnswer{Remarks: remarksOf(req.Remarks), CorrectEmail: strings.TrimSpace(req.CorrectEmail),
		AgreementIDs: req.AgreementIDs, CustomerName: req.CustomerName, IP: c.ClientIP()}
	for _, d := range req.Interventions {
		ans.Interventions = append(ans.Interventions, appointment.InterventionDecision{ID: d.ID, Status: enums.CommunicationResultStatus(d.Status)})
	}
	com, ok := s.answerableWithPhone(c, req.value(), req.CorrectPhone, &ans.CorrectPhone)
	if !ok {
		return
	}
	if !s.answerChecks(c, com, ans.Remarks, appointment.ValidateDiagnoseAnswer(ans, nil)) || !s.diagnoseRules(c, com, ans) {
		return
	}
	sent, err := s.lastEventID(c, com.ID, enums.CommunicationEventTypeDiagnoseOverviewCreated, enums.CommunicationEventTypeDiagnoseOverviewResent)
	if err != nil {
		internal(c, err)
		return
	}
	updateID := fmt.Sprintf("diagnose-overview-answer-%d-%d", com.ID, sent)
	if s.updateOnce(c, com.AppointmentID, updateID, appointment.UpdateAnswerDiagnose, ans, nil) {
		c.Status(http.StatusOK)
	}
}

// lastEventID is the newest of the communication's events of these types
// (0 when there is none).
func (s *Server) lastEventID(c *gin.Context, comID int, types ...enums.CommunicationEventType) (int, error) {
	ev, err := s.DB.CommunicationEvent.Query().Where(communicationevent.CustomerCommunicationID(comID), communicationevent.TypeIn(types...)).
		Order(ent.Desc(communicationevent.FieldID)).First(c.Request.Context())
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return ev.ID, nil
}

// answerableWithPhone opens the communication for a customer's answer and
// normalises the corrected phone number to E.164 with the location's
// country, so what reaches the workflow is a number Twilio can deliver to.
func (s *Server) answerableWithPhone(c *gin.Context, key, rawPhone string, phoneOut *string) (*ent.CustomerCommunication, bool) {
	com, receptionist, ok := s.byKey(c, key)
	if !ok {
		return nil, false
	}
	if receptionist {
		invalid(c, "only the customer's key can answer a communication")
		return nil, false
	}
	if strings.TrimSpace(rawPhone) == "" {
		return com, true
	}
	loc, err := s.DB.DealerLocation.Get(c.Request.Context(), com.DealerLocationID)
	if err != nil {
		internal(c, err)
		return nil, false
	}
	n, err := phone.Normalize(rawPhone, loc.Country)
	if err != nil {
		invalid(c, "correct_phone: "+err.Error())
		return nil, false
	}
	*phoneOut = n
	return com, true
}

// answerChecks runs the checks every customer answer shares: a well-formed
// answer (shapeErr, from the workflow package's validation without state)
// and attachments uploaded to this communication. It answers the request
// itself when a check fails.
func (s *Server) answerChecks(c *gin.Context, com *ent.CustomerCommunication, remarks []appointment.RemarkAnswer, shapeErr error) bool {
	if shapeErr != nil {
		invalid(c, apptcaller.Problems(apptcaller.Rejection(shapeErr))...)
		return false
	}
	return s.checkAttachments(c, com.ID, remarks)
}

// checkAttachments accepts only files uploaded to this same communication,
// and replaces each URL with the file's bare URL (no signature, which
// expires; reads sign it again).
func (s *Server) checkAttachments(c *gin.Context, comID int, remarks []appointment.RemarkAnswer) bool {
	var problems []string
	for i, r := range remarks {
		for j, url := range r.Attachments {
			id, err := routes.AttachmentID(url)
			if err == nil {
				var f *ent.UploadedFile
				f, err = s.DB.UploadedFile.Query().Where(uploadedfile.ID(id), uploadedfile.CustomerCommunicationID(comID)).
					Select(uploadedfile.FieldID, uploadedfile.FieldName).Only(c.Request.Context())
				if ent.IsNotFound(err) {
					err = fmt.Errorf("not uploaded to this communication")
				} else if err == nil {
					r.Attachments[j] = s.attachmentURL(f.ID, f.Name)
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
