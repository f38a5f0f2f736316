package staff

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keylocker"
	"github.com/pitstop-dev/pitstop/internal/phone"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// The dealer's own key locker (spec 000's keylocker check-in): at the
// locker's screen a customer asks for a drop-off PIN by registration number
// (request type 2) or phone number (type 1). The locker device calls with a
// staff token of its location (decision: the spec names no device
// credential; a device account's token, scoped to its location, is one).
//
// Where the location turned its key_locker_two_factor off (ours: the spec
// has request type 3, "Two Factor authentication was disabled", but no
// setting), the plate or phone alone identifies the customer: the PIN goes
// to the locker in the answer, not to the customer's phone, recorded as
// request type 3, and nothing is sent; the locker opens with it (its
// "opened" report follows as with any PIN) and the journey goes on as usual.

// PINRequest is the body of POST /v1/keylocker/pin_request: exactly one of
// reg_number and phone_number.
type PINRequest struct {
	DealerLocationID int    `json:"dealer_location_id"`
	RegNumber        string `json:"reg_number"`
	PhoneNumber      string `json:"phone_number"`
	// AgreementIDs: the agreements (GET /v1/keylocker/agreements) the
	// customer accepted on the locker's screen; each that is not optional
	// at the key locker (optional_key_locker_check_in false) must be here.
	AgreementIDs []int `json:"agreement_ids"`
}

// PINRequestResponse never says whether an appointment matched, unless
// the location has two-factor off and one did: then PIN is the drop-off
// PIN the locker opens with (empty otherwise).
type PINRequestResponse struct {
	Message string `json:"message"`
	PIN     string `json:"pin,omitempty"`
}

// pinRequestAnswer is the same whether or not an appointment matched, so the
// screen cannot be used to learn who has an appointment.
const pinRequestAnswer = "If an appointment today matches, its PIN has been sent by SMS or email."

// pinGivenAnswer goes with the PIN when two-factor is off.
const pinGivenAnswer = "Your appointment today was found: the key locker opens with this PIN."

// pinGuessesPerMinute: misses per location and client before 429.
const pinGuessesPerMinute = 10

// keyLockerPINRequest matches today's appointment at the location and asks
// its workflow to issue and send the PIN. Misses count against the client
// and location; past the limit every request answers 429 for the minute.
func (s *Handlers) keyLockerPINRequest(c *gin.Context) error {
	var req PINRequest
	if err := httpx.DecodeStrict(c, &req); err != nil {
		return err
	}
	if err := httpx.Location(c, "dealer_location_id", req.DealerLocationID); err != nil {
		return err
	}
	req.RegNumber, req.PhoneNumber = strings.TrimSpace(req.RegNumber), strings.TrimSpace(req.PhoneNumber)
	p := append(textcheck.Line("reg_number", req.RegNumber, 20), textcheck.Line("phone_number", req.PhoneNumber, 30)...)
	if (req.RegNumber == "") == (req.PhoneNumber == "") {
		p = append(p, "give exactly one of reg_number and phone_number")
	}
	if len(p) > 0 {
		return httpx.Invalid(p...)
	}
	ctx := c.Request.Context()
	loc, err := s.DB.DealerLocation.Get(ctx, req.DealerLocationID)
	if err != nil {
		return httpx.Fail(http.StatusNotFound, "location not found")
	}
	// The agreements are the location's, not the appointment's: checking
	// them before matching tells nothing about who has an appointment.
	if p, err := s.keyLockerAgreementProblems(ctx, loc.DealerID, req.AgreementIDs); err != nil {
		return httpx.Internal(err)
	} else if len(p) > 0 {
		return httpx.Invalid(p...)
	}
	client := fmt.Sprintf("%s|%d", c.ClientIP(), req.DealerLocationID)
	if s.pinGuesses.Blocked(client) {
		return httpx.Fail(http.StatusTooManyRequests, "too many PIN requests; try again in a minute")
	}
	tz, err := time.LoadLocation(loc.TimeZone)
	if err != nil {
		tz = time.UTC
	}
	now := s.Now().In(tz)
	dayStart := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, tz)
	aps, err := s.DB.Appointment.Query().Where(entappointment.DealerLocationID(loc.ID),
		entappointment.TimeCarAppGTE(dayStart), entappointment.TimeCarAppLT(dayStart.AddDate(0, 0, 1)),
		entappointment.AppointmentStatusIdentifierNEQ(enums.StatusIdentifierCancelled)).
		WithCustomerDriver().WithCommunication().All(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	var match *ent.Appointment
	kind := enums.KeylockerPinRequestTypeRegNumber
	if req.RegNumber != "" {
		for _, ap := range aps {
			if plate(ap.RegNumber) != "" && plate(ap.RegNumber) == plate(req.RegNumber) {
				match = ap
				break
			}
		}
	} else {
		kind = enums.KeylockerPinRequestTypePhoneNumber
		want, perr := phone.Normalize(req.PhoneNumber, loc.Country)
		for _, ap := range aps {
			if perr == nil && phoneMatches(ap, want, loc.Country) {
				match = ap
				break
			}
		}
	}
	if match == nil {
		s.pinGuesses.Fail(client)
		c.JSON(http.StatusOK, PINRequestResponse{Message: pinRequestAnswer})
		return nil
	}
	if !loc.KeyLockerTwoFactor {
		pin, err := keylocker.GivePIN(ctx, s.DB, match.ID, req.AgreementIDs, httpx.Claims(c).UserID, s.Now())
		if err != nil {
			return httpx.Internal(err)
		}
		c.JSON(http.StatusOK, PINRequestResponse{Message: pinGivenAnswer, PIN: pin})
		return nil
	}
	sig := appointment.PINRequestSignal{RequestType: kind, RequestKey: "pin-request-" + uuid.NewString(), AgreementIDs: req.AgreementIDs}
	if err := s.Temporal.SignalWorkflow(ctx, appointment.AppointmentWorkflowID(match.ID), "", appointment.SignalKeyLockerPINRequested, sig); err != nil {
		// A closed lifecycle sends nothing; the answer stays the same.
		s.Log.Warn("key-locker PIN request not passed on", "appointment_id", match.ID, "error", err)
	}
	c.JSON(http.StatusOK, PINRequestResponse{Message: pinRequestAnswer})
	return nil
}

// plate normalises a registration number: letters and digits, upper case.
func plate(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// phoneMatches: the customer's mobile numbers or a corrected number given
// in the online check-in, compared in E.164.
func phoneMatches(ap *ent.Appointment, want, region string) bool {
	var nums []string
	if cu := ap.Edges.CustomerDriver; cu != nil {
		nums = append(nums, cu.TelMobilePrivate, cu.TelMobileBusiness)
	}
	if com := ap.Edges.Communication; com != nil {
		nums = append(nums, com.CorrectPhone)
	}
	for _, n := range nums {
		if n == "" {
			continue
		}
		if e, err := phone.Normalize(n, region); err == nil && e == want {
			return true
		}
	}
	return false
}

// KeyLockerAgreementsView is GET /v1/keylocker/agreements: what the locker's
// screen shows before a PIN request.
type KeyLockerAgreementsView struct {
	Agreements []DeskAgreementView `json:"agreements"`
	// KeyLockerTwoFactor: whether a PIN request sends the PIN to the
	// customer (true) or answers it to the locker (false), so the screen
	// can say which will happen.
	KeyLockerTwoFactor bool `json:"key_locker_two_factor"`
}

// keyLockerAgreements: GET /v1/keylocker/agreements?dealer_location_id=N,
// the dealer's current agreements visible at the key locker, each with
// whether it is optional there.
func (s *Handlers) keyLockerAgreements(c *gin.Context) error {
	id, err := strconv.Atoi(c.Query("dealer_location_id"))
	if err != nil {
		id = 0
	}
	if err := httpx.Location(c, "dealer_location_id", id); err != nil {
		return err
	}
	ctx := c.Request.Context()
	loc, err := s.DB.DealerLocation.Get(ctx, id)
	if err != nil {
		return httpx.Fail(http.StatusNotFound, "location not found")
	}
	as, err := s.keyLockerAgreementRows(ctx, loc.DealerID)
	if err != nil {
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, KeyLockerAgreementsView{Agreements: keyLockerAgreementViews(as), KeyLockerTwoFactor: loc.KeyLockerTwoFactor})
	return nil
}

// keyLockerAgreementViews: the agreements as the locker's screen shows them,
// each with whether it is optional there.
func keyLockerAgreementViews(as []*ent.CommunicationAgreement) []DeskAgreementView {
	out := make([]DeskAgreementView, len(as))
	for i, a := range as {
		out[i] = DeskAgreementView{ID: a.ID, Name: a.Name, Text: a.Text, Optional: a.OptionalKeyLockerCheckIn}
	}
	return out
}

func (s *Handlers) keyLockerAgreementRows(ctx context.Context, dealerID int) ([]*ent.CommunicationAgreement, error) {
	return s.DB.CommunicationAgreement.Query().Where(communicationagreement.DealerID(dealerID), communicationagreement.Deleted(false),
		communicationagreement.Retired(false), communicationagreement.VisibleKeyLockerCheckIn(true)).Order(ent.Asc(communicationagreement.FieldID)).All(ctx)
}

// keyLockerAgreementProblems: every accepted ID is a current agreement shown
// at the key locker, and every mandatory one is accepted. A version edited
// since the screen read the list is refused by name, so the screen reads
// the list again and the customer accepts the text now in force.
func (s *Handlers) keyLockerAgreementProblems(ctx context.Context, dealerID int, accepted []int) ([]string, error) {
	shown, err := s.keyLockerAgreementRows(ctx, dealerID)
	if err != nil {
		return nil, err
	}
	var p []string
	for _, id := range accepted {
		if !slices.ContainsFunc(shown, func(a *ent.CommunicationAgreement) bool { return a.ID == id }) {
			p = append(p, fmt.Sprintf("agreement_ids: agreement %d is not shown at this key locker", id))
		}
	}
	for _, a := range shown {
		if !a.OptionalKeyLockerCheckIn && !slices.Contains(accepted, a.ID) {
			p = append(p, commread.MandatoryProblem(a))
		}
	}
	return p, nil
}
