package staff

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pitstop-dev/pitstop/api/httpx"

	"github.com/pitstop-dev/pitstop/internal/keylocker"

	"github.com/gin-gonic/gin"
	"go.temporal.io/api/serviceerror"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/phone"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// The dealer's own key locker reports what happens at it (spec 000's
// keylocker check-in). The device calls with the token of its device
// account: a user with RoleID 100 (decision: the spec's RoleID enumeration
// has no key-locker role; 100, "User by tablet on the counter of
// receptionists", is its on-site device role, so the locker is such a
// device) scoped to its location; receptionists (permission "desk") may
// report too. The flow on one KeyLockerCommunication:
//
//	opened    (the customer typed the drop-off PIN)        status 1 -> 2, event 2
//	answered  (agreements, interventions, remark, phone)   status -> 3, event 3
//	key_dropped                       customer: key_dropped_at/_in, signal key-dropped
//	key_picked_up   with user_id      mechanic: key_picked_up_at/_by_id
//	key_dropped     with user_id      mechanic drops back: key_dropped_back_*, signal:
//	                                  the workflow issues and sends the pick-up PIN (status 4, event 4)
//	key_picked_up   (pick-up PIN, or user_id of a receptionist who helped)
//	                                  key_picked_up_back_at/_by_id, signal key-picked-up (lifecycle completes)
//
// The reports are stored by internal/keylocker (the locker is on site and
// synchronous, like the desk check-in); the lifecycle hears of the key
// through signals.

func (s *Handlers) keyLockerDeviceRoutes(staff *gin.RouterGroup) {
	// The dealer's key locker is an on-site device: its one account (desk
	// permission, like the counter tablet) shows the agreements, asks for
	// PINs and reports the doors.
	dev := staff.Group("/keylocker", httpx.Allow(httpx.PermDesk))
	dev.GET("/agreements", httpx.Handle(s.keyLockerAgreements))
	dev.POST("/pin_request", httpx.Handle(s.keyLockerPINRequest))
	dev.POST("/opened", httpx.Handle(s.keyLockerOpened))
	dev.POST("/answered", httpx.Handle(s.keyLockerAnswered))
	dev.POST("/key_dropped", httpx.Handle(s.keyLockerKeyDropped))
	dev.POST("/key_picked_up", httpx.Handle(s.keyLockerKeyPickedUp))
}

// KeyLockerOpenedRequest: the customer typed a PIN at the locker.
type KeyLockerOpenedRequest struct {
	DealerLocationID   int    `json:"dealer_location_id"`
	PIN                string `json:"pin"`
	KeyLockerName      string `json:"key_locker_name"`
	KeyLockerBoxNumber int    `json:"key_locker_box_number"`
}

// KeyLockerOpenedResponse is what the locker's screen shows next.
type KeyLockerOpenedResponse struct {
	KeyLockerCommunicationID int                                `json:"key_locker_communication_id"`
	Status                   enums.KeyLockerCommunicationStatus `json:"status"`
	RegNumber                string                             `json:"reg_number"`
	Agreements               []DeskAgreementView                `json:"agreements"`
}

// KeyLockerAnswerRequest: the customer's answer at the locker.
type KeyLockerAnswerRequest struct {
	DealerLocationID         int                               `json:"dealer_location_id"`
	KeyLockerCommunicationID int                               `json:"key_locker_communication_id"`
	CustomerName             string                            `json:"customer_name"`
	CorrectPhone             string                            `json:"correct_phone"`
	AgreementIDs             []int                             `json:"agreement_ids"`
	AgreedInterventions      []KeyLockerAgreedInterventionBody `json:"agreed_interventions"`
	Remark                   string                            `json:"remark"`
}

// KeyLockerAgreedInterventionBody is the spec's KeyLockerAgreedIntervention as sent.
type KeyLockerAgreedInterventionBody struct {
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Price       float64 `json:"price"`
	VAT         float64 `json:"vat"`
}

// KeyLockerKeyRequest: a key went into or out of a box. UserID names the
// member of staff (mechanic, or a receptionist helping the customer); PIN
// is the customer's pick-up PIN when the customer takes the key.
type KeyLockerKeyRequest struct {
	DealerLocationID         int    `json:"dealer_location_id"`
	KeyLockerCommunicationID int    `json:"key_locker_communication_id"`
	PIN                      string `json:"pin"`
	UserID                   int    `json:"user_id"`
	KeyLockerName            string `json:"key_locker_name"`
	KeyLockerBoxNumber       int    `json:"key_locker_box_number"`
}

// KeyLockerReportResponse is the state after a report.
type KeyLockerReportResponse struct {
	KeyLockerCommunicationID int                                `json:"key_locker_communication_id"`
	Status                   enums.KeyLockerCommunicationStatus `json:"status"`
}

const wrongPIN = "unknown or expired PIN"

// pinGuessKey counts wrong PINs typed at a location's lockers per client.
func pinGuessKey(c *gin.Context, loc int) string { return fmt.Sprintf("pin|%s|%d", c.ClientIP(), loc) }

// keyLockerByPIN finds the live communication at a location with this PIN
// (statuses allowed), counting misses; it answers the caller on failure.
func (s *Handlers) keyLockerByPIN(c *gin.Context, loc int, pin string, statuses ...enums.KeyLockerCommunicationStatus) (*ent.KeyLockerCommunication, error) {
	if s.pinGuesses.Blocked(pinGuessKey(c, loc)) {
		return nil, httpx.Fail(http.StatusTooManyRequests, "too many wrong PINs; try again in a minute")
	}
	if len(pin) < 4 || len(pin) > 12 || strings.Trim(pin, "0123456789") != "" {
		s.pinGuesses.Fail(pinGuessKey(c, loc))
		return nil, httpx.Invalid(wrongPIN)
	}
	k, err := s.DB.KeyLockerCommunication.Query().Where(keylocker.Own(), keylockercommunication.DealerLocationID(loc), keylockercommunication.Pin(pin),
		keylockercommunication.StatusIn(statuses...), keylockercommunication.PinExpireOnGT(s.Now())).
		Order(ent.Desc(keylockercommunication.FieldID)).First(c.Request.Context())
	if ent.IsNotFound(err) {
		s.pinGuesses.Fail(pinGuessKey(c, loc))
		return nil, httpx.Invalid(wrongPIN)
	}
	if err != nil {
		return nil, httpx.Internal(err)
	}
	return k, nil
}

// keyLockerByID loads a communication of the caller's location.
func (s *Handlers) keyLockerByID(c *gin.Context, loc, id int) (*ent.KeyLockerCommunication, error) {
	k, err := s.DB.KeyLockerCommunication.Query().Where(keylocker.Own(), keylockercommunication.ID(id), keylockercommunication.DealerLocationID(loc)).
		Only(c.Request.Context())
	if ent.IsNotFound(err) {
		return nil, httpx.Fail(http.StatusNotFound, "key-locker communication not found")
	}
	if err != nil {
		return nil, httpx.Internal(err)
	}
	return k, nil
}

// staffAllowed checks that userID (0: none given) is an enabled member of
// staff of the location; it answers the caller otherwise.
func (s *Handlers) staffAllowed(c *gin.Context, userID, loc int) error {
	if userID == 0 {
		return nil
	}
	u, err := s.DB.User.Get(c.Request.Context(), userID)
	if ent.IsNotFound(err) || (err == nil && (!canUserAccess(u, loc) || u.Status == enums.UserStatusIDInactive)) {
		return httpx.Invalid("user_id: not a member of staff of this location")
	}
	if err != nil {
		return httpx.Internal(err)
	}
	return nil
}

// keyLockerOpened: POST /v1/keylocker/opened. The customer typed the
// drop-off PIN: status 2 and event 2 (once; a repeat answers the same).
func (s *Handlers) keyLockerOpened(c *gin.Context) error {
	var req KeyLockerOpenedRequest
	if err := bindKeyLockerReport(c, &req, &req.DealerLocationID, req.where); err != nil {
		return err
	}
	k, err := s.keyLockerByPIN(c, req.DealerLocationID, req.PIN, enums.KeyLockerCommunicationStatusDropPINSent,
		enums.KeyLockerCommunicationStatusOpened, enums.KeyLockerCommunicationStatusAnswered)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	if err := keylocker.Opened(ctx, s.DB.Client, k, httpx.Claims(c).UserID, req.KeyLockerName, req.KeyLockerBoxNumber); err != nil {
		return httpx.Internal(err)
	}
	ap, err := s.DB.Appointment.Query().Where(entappointment.ID(k.AppointmentID)).WithLocation().Only(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	ags, err := s.keyLockerAgreementRows(ctx, ap.Edges.Location.DealerID)
	if err != nil {
		return httpx.Internal(err)
	}
	out := KeyLockerOpenedResponse{KeyLockerCommunicationID: k.ID, Status: enums.KeyLockerCommunicationStatusOpened, RegNumber: ap.RegNumber,
		Agreements: keyLockerAgreementViews(ags)}
	if k.Status == enums.KeyLockerCommunicationStatusAnswered {
		out.Status = k.Status
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// lockerPlace is where a report happened: a locker and its box.
type lockerPlace struct {
	KeyLockerName      string
	KeyLockerBoxNumber int
}

func (r *KeyLockerOpenedRequest) where() lockerPlace {
	return lockerPlace{r.KeyLockerName, r.KeyLockerBoxNumber}
}
func (r *KeyLockerKeyRequest) where() lockerPlace {
	return lockerPlace{r.KeyLockerName, r.KeyLockerBoxNumber}
}

// bindKeyLockerReport reads a report, checks the location against the token
// and the locker's name and box number; it answers the caller on failure.
func bindKeyLockerReport(c *gin.Context, req any, loc *int, where func() lockerPlace) error {
	if err := httpx.DecodeStrict(c, req); err != nil {
		return err
	}
	if err := httpx.Location(c, "dealer_location_id", *loc); err != nil {
		return err
	}
	w := where()
	p := textcheck.Line("key_locker_name", w.KeyLockerName, 100)
	if w.KeyLockerBoxNumber < 0 || w.KeyLockerBoxNumber > 100000 {
		p = append(p, "key_locker_box_number: must be between 0 and 100000")
	}
	if len(p) > 0 {
		return httpx.Invalid(p...)
	}
	return nil
}

// keyLockerAnswered: POST /v1/keylocker/answered. Status 3 and event 3 with
// the corrected phone and name; the agreements accepted, the agreed
// interventions and the remark are stored with it. Answered once.
func (s *Handlers) keyLockerAnswered(c *gin.Context) error {
	var req KeyLockerAnswerRequest
	if err := httpx.DecodeStrict(c, &req); err != nil {
		return err
	}
	if err := httpx.Location(c, "dealer_location_id", req.DealerLocationID); err != nil {
		return err
	}
	k, err := s.keyLockerByID(c, req.DealerLocationID, req.KeyLockerCommunicationID)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	loc, err := s.DB.DealerLocation.Get(ctx, req.DealerLocationID)
	if err != nil {
		return httpx.Internal(err)
	}
	req.CustomerName, req.CorrectPhone, req.Remark = strings.TrimSpace(req.CustomerName), strings.TrimSpace(req.CorrectPhone), strings.TrimSpace(req.Remark)
	p := append(textcheck.Line("customer_name", req.CustomerName, 200), textcheck.Line("correct_phone", req.CorrectPhone, 30)...)
	p = append(p, textcheck.Field("remark", req.Remark, 2000)...)
	if req.CorrectPhone != "" {
		e164, perr := phone.Normalize(req.CorrectPhone, loc.Country)
		if perr != nil {
			p = append(p, "correct_phone: not a phone number")
		}
		req.CorrectPhone = e164
	}
	if len(req.AgreedInterventions) > 50 {
		p = append(p, "agreed_interventions: at most 50")
	}
	for i, iv := range req.AgreedInterventions {
		p = append(p, textcheck.Line(fmt.Sprintf("agreed_interventions[%d].title", i), iv.Title, 200)...)
		p = append(p, textcheck.Field(fmt.Sprintf("agreed_interventions[%d].description", i), iv.Description, 2000)...)
		if strings.TrimSpace(iv.Title) == "" {
			p = append(p, fmt.Sprintf("agreed_interventions[%d].title: required", i))
		}
		if iv.Price < 0 || iv.Price > 1e7 || iv.VAT < 0 || iv.VAT > 100 {
			p = append(p, fmt.Sprintf("agreed_interventions[%d]: price must be 0..10000000 and vat 0..100", i))
		}
	}
	// The same rule as at the PIN request: shown agreements only, every
	// mandatory one accepted.
	ap, err := s.keyLockerAgreementProblems(ctx, loc.DealerID, req.AgreementIDs)
	if err != nil {
		return httpx.Internal(err)
	}
	p = append(p, ap...)
	if k.Status != enums.KeyLockerCommunicationStatusDropPINSent && k.Status != enums.KeyLockerCommunicationStatusOpened {
		p = append(p, "this key-locker check-in was already answered")
	}
	if len(p) > 0 {
		return httpx.Invalid(p...)
	}
	answer := keylocker.Answer{UserID: httpx.Claims(c).UserID, CustomerName: req.CustomerName, CorrectPhone: req.CorrectPhone,
		Remark: req.Remark, AgreementIDs: req.AgreementIDs}
	for _, iv := range req.AgreedInterventions {
		answer.Agreed = append(answer.Agreed, keylocker.AgreedIntervention{Title: iv.Title, Description: iv.Description, Price: iv.Price, VAT: iv.VAT})
	}
	err = keylocker.Answered(ctx, s.DB.Client, k, answer)
	if errors.Is(err, keylocker.ErrAlreadyAnswered) {
		return httpx.Invalid(err.Error())
	}
	if err != nil {
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, KeyLockerReportResponse{KeyLockerCommunicationID: k.ID, Status: enums.KeyLockerCommunicationStatusAnswered})
	return nil
}

// keyLockerKeyDropped: POST /v1/keylocker/key_dropped. Without user_id the
// customer dropped the key (key_dropped_at / key_dropped_in; the lifecycle
// goes on to the workshop); with user_id a mechanic dropped it back after
// the repair (key_dropped_back_*; the workflow sends the customer's pick-up
// PIN). Each is recorded once: a repeat changes nothing.
func (s *Handlers) keyLockerKeyDropped(c *gin.Context) error {
	var req KeyLockerKeyRequest
	if err := bindKeyLockerReport(c, &req, &req.DealerLocationID, req.where); err != nil {
		return err
	}
	k, err := s.keyLockerByID(c, req.DealerLocationID, req.KeyLockerCommunicationID)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	if err := s.staffAllowed(c, req.UserID, req.DealerLocationID); err != nil {
		return err
	}
	now := s.Now()
	ap, err := s.DB.Appointment.Get(ctx, k.AppointmentID)
	if err != nil {
		return httpx.Internal(err)
	}
	wf := appointment.AppointmentWorkflowID(ap.ID)
	switch {
	case req.UserID == 0:
		if err := keylocker.KeyDropped(ctx, s.DB.Client, ap.ID, req.KeyLockerName, now); err != nil {
			return httpx.Internal(err)
		}
		// A repeat is signalled again: the lifecycle applies it once.
		if err := s.signalKeyLocker(c, wf, appointment.SignalKeyDropped, appointment.KeySignal{LockerName: req.KeyLockerName, At: now}); err != nil {
			return err
		}
	default:
		if ap.KeyPickedUpAt == nil {
			return httpx.Invalid("the key was not picked up by the workshop yet")
		}
		if err := keylocker.KeyDroppedBack(ctx, s.DB.Client, ap.ID, req.UserID, req.KeyLockerName, now); err != nil {
			return httpx.Internal(err)
		}
		if err := s.signalKeyLocker(c, wf, appointment.SignalKeyLockerDroppedBack, appointment.KeyLockerDropBackSignal{
			KeyLockerCommunicationID: k.ID, KeyLockerName: req.KeyLockerName, KeyLockerBoxNumber: req.KeyLockerBoxNumber}); err != nil {
			return err
		}
	}
	c.JSON(http.StatusOK, KeyLockerReportResponse{KeyLockerCommunicationID: k.ID, Status: k.Status})
	return nil
}

// keyLockerKeyPickedUp: POST /v1/keylocker/key_picked_up. Before the drop
// back it is the mechanic (user_id required: key_picked_up_at / _by_id);
// after it, the customer with the pick-up PIN, or a receptionist helping
// (user_id): key_picked_up_back_at / _by_id, and the lifecycle completes.
func (s *Handlers) keyLockerKeyPickedUp(c *gin.Context) error {
	var req KeyLockerKeyRequest
	if err := bindKeyLockerReport(c, &req, &req.DealerLocationID, req.where); err != nil {
		return err
	}
	var k *ent.KeyLockerCommunication
	var err error
	if req.PIN != "" {
		k, err = s.keyLockerByPIN(c, req.DealerLocationID, req.PIN, enums.KeyLockerCommunicationStatusPickUpPINSent)
	} else {
		k, err = s.keyLockerByID(c, req.DealerLocationID, req.KeyLockerCommunicationID)
	}
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	if err := s.staffAllowed(c, req.UserID, req.DealerLocationID); err != nil {
		return err
	}
	ap, err := s.DB.Appointment.Get(ctx, k.AppointmentID)
	if err != nil {
		return httpx.Internal(err)
	}
	now := s.Now()
	switch {
	case ap.KeyDroppedBackAt != nil:
		if req.PIN == "" && req.UserID == 0 {
			return httpx.Invalid("pin or user_id: required for the pick-up after the repair")
		}
		if err := keylocker.KeyPickedUpBack(ctx, s.DB.Client, ap.ID, req.UserID, now); err != nil {
			return httpx.Internal(err)
		}
		if err := s.signalKeyLocker(c, appointment.AppointmentWorkflowID(ap.ID), appointment.SignalKeyPickedUp,
			appointment.KeySignal{LockerName: req.KeyLockerName, At: now, UserID: req.UserID}); err != nil {
			return err
		}
	case ap.KeyDroppedAt != nil:
		if req.UserID == 0 {
			return httpx.Invalid("user_id: the mechanic who picks the key up is required")
		}
		if err := keylocker.KeyPickedUp(ctx, s.DB.Client, ap.ID, req.UserID, now); err != nil {
			return httpx.Internal(err)
		}
	default:
		return httpx.Invalid("the key was not dropped in the key locker")
	}
	c.JSON(http.StatusOK, KeyLockerReportResponse{KeyLockerCommunicationID: k.ID, Status: k.Status})
	return nil
}

// signalKeyLocker tells the lifecycle. Every report is signalled, repeats
// too (the lifecycle applies each once), so a device that retries after a
// 503 (Temporal unreachable) gets its report through. A lifecycle that is
// closed already is logged: the report itself is stored either way.
func (s *Handlers) signalKeyLocker(c *gin.Context, workflowID, name string, arg any) error {
	err := s.Temporal.SignalWorkflow(c.Request.Context(), workflowID, "", name, arg)
	var nf *serviceerror.NotFound
	switch {
	case err == nil:
		return nil
	case errors.As(err, &nf):
		s.Log.Warn("key-locker report for a closed lifecycle", "workflow_id", workflowID, "signal", name)
		return nil
	}
	return httpx.Unavailable(err)
}

func canUserAccess(u *ent.User, locationID int) bool {
	return u.DealerLocationID == locationID || slices.Contains(u.LocationIds, locationID)
}
