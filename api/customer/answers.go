package customer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/phone"
	"github.com/pitstop-dev/pitstop/internal/strictjson"
	apptcaller "github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

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
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Attachments []attachmentRef `json:"attachments"`
}

// attachmentRef is one of a remark's attachments as the spec's clients send
// it: the URL upload_attachment returned, or the spec's attachment object
// (CheckInAttachment / DiagnoseOverviewAttachment: id, url, name, ...) of
// which the URL is what names the file. Either way the answer carries the URL.
type attachmentRef string

func (a *attachmentRef) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*a = attachmentRef(s)
		return nil
	}
	var obj struct {
		URL *string `json:"url"`
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		return &json.UnmarshalTypeError{Value: "attachment", Type: reflect.TypeOf(""), Field: "attachments"}
	}
	if obj.URL == nil {
		return &strictjson.Error{Msg: "remarks: an attachment object needs its url (the one upload_attachment returned)"}
	}
	*a = attachmentRef(*obj.URL)
	return nil
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
		urls := make([]string, len(r.Attachments))
		for i, a := range r.Attachments {
			urls[i] = string(a)
		}
		if r.Attachments == nil {
			urls = nil
		}
		out = append(out, appointment.RemarkAnswer{Title: r.Title, Description: r.Description, Attachments: urls})
	}
	return out
}

// answerCheckIn: POST /v1/online_checkin/answer, a Temporal update; the
// validator refuses a bad answer before it reaches the workflow's history.
// The update's ID is the communication's: a customer who sends the answer
// again (a timeout, a double tap, a second tab) gets the first answer's
// result, PINs included, not "closed".
func (h *Handlers) answerCheckIn(c *gin.Context) error {
	var req checkInAnswerRequest
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	ans := appointment.CheckInAnswer{Remarks: remarksOf(req.Remarks), CorrectEmail: strings.TrimSpace(req.CorrectEmail),
		AgreementIDs: req.AgreementIDs, CustomerName: req.CustomerName, DropInAcsesLocker: req.DropInAcsesLocker,
		PreferredChannel: enums.CommunicationChannelID(req.PreferredChannel), IP: c.ClientIP()}
	for _, r := range req.Results {
		ans.Results = append(ans.Results, appointment.CheckInResultAnswer{ID: r.ID, Accepted: r.Accepted})
	}
	com, err := h.answerableWithPhone(c, req.value(), req.CorrectPhone, &ans.CorrectPhone)
	if err != nil {
		return err
	}
	if err := h.answerChecks(c.Request.Context(), com, ans.Remarks, appointment.CheckInShape(ans)); err != nil {
		return err
	}
	if err := h.checkInRules(c.Request.Context(), com, ans); err != nil {
		return err
	}
	var res appointment.CheckInAnswerResult
	updateID := fmt.Sprintf("online-check-in-answer-%d", com.ID)
	if err := httpx.UpdateOnce(c, h.Temporal, com.AppointmentID, updateID, appointment.UpdateAnswerCheckIn, ans, &res); err != nil {
		return err
	}
	c.JSON(http.StatusOK, checkInAnswerResponse{KeyLockerPIN: res.KeyLockerPIN, AcsesPIN: res.AcsesPIN, AcsesLockerName: res.AcsesLockerName})
	return nil
}

// answerDiagnose: POST /v2/diagnose_overview/answer. The update's ID names
// the communication and the diagnose overview sent last, so a repeated
// answer to that overview answers once, and an answer to a resent overview
// is a new one.
func (h *Handlers) answerDiagnose(c *gin.Context) error {
	var req diagnoseAnswerRequest
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	ans := appointment.DiagnoseAnswer{Remarks: remarksOf(req.Remarks), CorrectEmail: strings.TrimSpace(req.CorrectEmail),
		AgreementIDs: req.AgreementIDs, CustomerName: req.CustomerName, IP: c.ClientIP()}
	ans.Interventions = decisionsOf(req.Interventions)
	com, err := h.answerableWithPhone(c, req.value(), req.CorrectPhone, &ans.CorrectPhone)
	if err != nil {
		return err
	}
	return h.submitDiagnose(c, com, ans, func(sent int) string { return fmt.Sprintf("diagnose-overview-answer-%d-%d", com.ID, sent) })
}

// diagnoseV1AnswerRequest is POST /v1/diagnose_overview/answer: the spec's
// results (the CommunicationResults as read, each with its status set by
// the customer; only question_result_id and status are taken), plus, our
// extension, the overview's interventions as v2 names them, so an overview
// holding both is answered at once.
type diagnoseV1AnswerRequest struct {
	keyRequest
	Results       []resultDecisionRequest       `json:"results"`
	Interventions []interventionDecisionRequest `json:"interventions"`
	Remarks       []remarkRequest               `json:"remarks"`
	CorrectPhone  string                        `json:"correct_phone"`
	CorrectEmail  string                        `json:"correct_email"`
	AgreementIDs  []int                         `json:"agreement_ids"`
	CustomerName  string                        `json:"customer_name"`
}

type resultDecisionRequest struct {
	QuestionResultID int `json:"question_result_id"`
	Status           int `json:"status"`
}

// answerDiagnoseV1: POST /v1/diagnose_overview/answer, the customer's
// decision per check result: the same update as v2 (its validator, its
// events 5 and 6, one answer per send). Its update ID adds a digest of the
// answer to v2's, so the same answer sent again gets the first one's
// outcome, while a different second answer to the same send (or a v2
// answer after a v1 one) is refused as "no open diagnose overview" rather
// than silently taking the first one's place.
func (h *Handlers) answerDiagnoseV1(c *gin.Context) error {
	var req diagnoseV1AnswerRequest
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	ans := appointment.DiagnoseAnswer{Endpoint: appointment.EndpointV1, Remarks: remarksOf(req.Remarks),
		CorrectEmail: strings.TrimSpace(req.CorrectEmail), AgreementIDs: req.AgreementIDs, CustomerName: req.CustomerName, IP: c.ClientIP()}
	ans.Interventions = decisionsOf(req.Interventions)
	for _, r := range req.Results {
		ans.Results = append(ans.Results, appointment.ResultDecision{QuestionResultID: r.QuestionResultID, Status: enums.CommunicationResultStatus(r.Status)})
	}
	com, err := h.answerableWithPhone(c, req.value(), req.CorrectPhone, &ans.CorrectPhone)
	if err != nil {
		return err
	}
	digest := answerDigest(ans)
	return h.submitDiagnose(c, com, ans, func(sent int) string {
		return fmt.Sprintf("diagnose-overview-answer-%d-%d-v1-%s", com.ID, sent, digest)
	})
}

func decisionsOf(ds []interventionDecisionRequest) []appointment.InterventionDecision {
	var out []appointment.InterventionDecision
	for _, d := range ds {
		out = append(out, appointment.InterventionDecision{ID: d.ID, Status: enums.CommunicationResultStatus(d.Status)})
	}
	return out
}

// answerDigest names an answer's content (not the caller's IP).
func answerDigest(a appointment.DiagnoseAnswer) string {
	a.IP = ""
	b, _ := json.Marshal(a)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// submitDiagnose runs a diagnose answer's checks (which endpoint fits the
// overview, its shape, the location's rules) and sends it as the update.
func (h *Handlers) submitDiagnose(c *gin.Context, com *ent.CustomerCommunication, ans appointment.DiagnoseAnswer, updateID func(sent int) string) error {
	ctx := c.Request.Context()
	if err := h.diagnoseFits(ctx, com, ans.Endpoint); err != nil {
		return err
	}
	if err := h.answerChecks(ctx, com, ans.Remarks, appointment.DiagnoseShape(ans)); err != nil {
		return err
	}
	if err := h.diagnoseRules(ctx, com, ans); err != nil {
		return err
	}
	sent, err := h.lastEventID(ctx, com.ID, enums.CommunicationEventTypeDiagnoseOverviewCreated, enums.CommunicationEventTypeDiagnoseOverviewResent)
	if err != nil {
		return httpx.Internal(err)
	}
	if err := httpx.UpdateOnce(c, h.Temporal, com.AppointmentID, updateID(sent), appointment.UpdateAnswerDiagnose, ans, nil); err != nil {
		return err
	}
	c.Status(http.StatusOK)
	return nil
}

// lastEventID is the newest of the communication's events of these types
// (0 when there is none).
func (h *Handlers) lastEventID(ctx context.Context, comID int, types ...enums.CommunicationEventType) (int, error) {
	ev, err := h.DB.CommunicationEvent.Query().Where(communicationevent.CustomerCommunicationID(comID), communicationevent.TypeIn(types...)).
		Order(ent.Desc(communicationevent.FieldID)).First(ctx)
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
func (h *Handlers) answerableWithPhone(c *gin.Context, key, rawPhone string, phoneOut *string) (*ent.CustomerCommunication, error) {
	com, receptionist, err := h.byKey(c, key)
	if err != nil {
		return nil, err
	}
	if receptionist {
		return nil, httpx.Invalid("only the customer's key can answer a communication")
	}
	if strings.TrimSpace(rawPhone) == "" {
		return com, nil
	}
	loc, err := h.DB.DealerLocation.Get(c.Request.Context(), com.DealerLocationID)
	if err != nil {
		return nil, httpx.Internal(err)
	}
	n, err := phone.Normalize(rawPhone, loc.Country)
	if err != nil {
		return nil, httpx.Invalid("correct_phone: " + err.Error())
	}
	*phoneOut = n
	return com, nil
}

// answerChecks runs the checks every customer answer shares: a well-formed
// answer (shapeErr, from the contract's shape rules) and attachments
// uploaded to this communication.
func (h *Handlers) answerChecks(ctx context.Context, com *ent.CustomerCommunication, remarks []appointment.RemarkAnswer, shapeErr error) error {
	if shapeErr != nil {
		return httpx.Invalid(apptcaller.Problems(apptcaller.Rejection(shapeErr))...)
	}
	return h.checkAttachments(ctx, com.ID, remarks)
}

// isAcsesAvailable: POST /v1/online_checkin/is_acses_available. Available
// when the location has ACSES enabled and the vendor reports a free cell in
// one of its active locker systems within 2 s (Options.LockerAvailable).
func (h *Handlers) isAcsesAvailable(c *gin.Context) error {
	var req keyRequest
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	com, _, err := h.byKey(c, req.value())
	if err != nil {
		return err
	}
	loc, err := h.DB.DealerLocation.Get(c.Request.Context(), com.DealerLocationID)
	if err != nil {
		return httpx.Internal(err)
	}
	available := loc.IsAcsesEnabled && h.opts.LockerAvailable != nil && h.opts.LockerAvailable(c.Request.Context(), loc.ID)
	c.JSON(http.StatusOK, gin.H{"available": available})
	return nil
}
