package staff

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/kiosk"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/ent/customer"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/kioskcommunication"
	"github.com/pitstop-dev/pitstop/ent/kioskcommunicationevent"
	"github.com/pitstop-dev/pitstop/internal/currency"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/kioskcheckin"
	"github.com/pitstop-dev/pitstop/internal/phone"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// The self-service kiosk (issue #23; every endpoint here is an
// x-pitstop-extension: the spec has the kiosk's models, not its calls).
// A kiosk account (RoleID 120, one location) finds today's appointment of
// its location by registration plate, opens its kiosk check-in (event 1),
// and sends the customer's answer (event 2), which attaches a label
// (KioskLabel) and sets the appointment's kiosk_checked_in_at and
// kiosk_label_number. A receptionist detaches the label when the key is
// handed back (event 3). The writes are internal/kioskcheckin's (why not
// the lifecycle workflow: see there); the answer then signals the
// appointment's lifecycle (SignalCheckedInAtKiosk), which closes the online
// check-in as a desk check-in does. Instead of the plate the customer may
// type the kiosk code their online check-in's message gave them (ours:
// internal/kioskcheckin), which finds exactly that appointment.
//
// Privacy: whoever types a plate sees no one's name, phone or work order.
// A plate of two appointments today answers only their times and car
// models; the customer then proves theirs with the work order's last
// digits or their last name. The phone on file shows masked.

func (s *Handlers) kioskRoutes(staff *gin.RouterGroup) {
	k := staff.Group("/kiosk", httpx.Allow(httpx.PermKiosk))
	k.GET("/me", httpx.Handle(s.kioskMe))
	k.POST("/find", httpx.Handle(s.kioskFind))
	k.POST("/checkins/:kiosk_communication_id/answer", httpx.Handle(s.kioskAnswer))
	staff.GET("/appointments/:id/kiosk_checkin", httpx.Allow(httpx.PermAppointmentsRead), httpx.Handle(s.kioskCheckIns))
	staff.POST("/appointments/:id/kiosk_label/detach", httpx.Allow(httpx.PermAppointmentsWrite), httpx.Handle(s.kioskDetach))
}

// kioskLocation is the kiosk's one location, enabled for kiosks (a kiosk
// account has exactly one: internal/onboard).
func (s *Handlers) kioskLocation(c *gin.Context) (*ent.DealerLocation, *ent.CommunicationSetting, error) {
	cl := httpx.Claims(c)
	if len(cl.LocationIDs) != 1 {
		return nil, nil, httpx.Fail(http.StatusForbidden, "a kiosk account has exactly one location")
	}
	loc, set, err := commread.NewReader(s.Deps).LocationSettings(c.Request.Context(), cl.LocationIDs[0])
	if err != nil {
		return nil, nil, httpx.Internal(err)
	}
	if !loc.IsKioskEnabled {
		return nil, nil, httpx.Invalid("kiosks are not enabled at this location (is_kiosk_enabled): please go to the reception desk")
	}
	return loc, set, nil
}

// KioskMeView is GET /v1/kiosk/me: what the kiosk's screen needs to start.
type KioskMeView struct {
	KioskID                                  int    `json:"kiosk_id"`
	KioskName                                string `json:"kiosk_name"`
	DealerLocationID                         int    `json:"dealer_location_id"`
	LocationName                             string `json:"location_name"`
	TimeZone                                 string `json:"time_zone"`
	LanguageCode                             string `json:"language_code"`
	Currency                                 string `json:"currency"` // ISO 4217, of the location's country
	IsCustomerNameInKioskCheckinEnabled      bool   `json:"is_customer_name_in_kiosk_checkin_enabled"`
	IsCustomerSignatureInKioskCheckinEnabled bool   `json:"is_customer_signature_in_kiosk_checkin_enabled"`
}

func (s *Handlers) kioskMe(c *gin.Context) error {
	loc, set, err := s.kioskLocation(c)
	if err != nil {
		return err
	}
	k, err := s.kiosk(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, KioskMeView{KioskID: k.UserID, KioskName: k.Name, DealerLocationID: loc.ID, LocationName: loc.Name,
		TimeZone: loc.TimeZone, LanguageCode: string(loc.LanguageCode), Currency: currency.Of(loc.Country),
		IsCustomerNameInKioskCheckinEnabled:      set.IsCustomerNameInKioskCheckinEnabled,
		IsCustomerSignatureInKioskCheckinEnabled: set.IsCustomerSignatureInKioskCheckinEnabled})
	return nil
}

// kiosk is the acting kiosk: its account's ID and name (first and last name).
func (s *Handlers) kiosk(c *gin.Context) (kioskcheckin.Kiosk, error) {
	u, err := s.DB.User.Get(c.Request.Context(), httpx.Claims(c).UserID)
	if err != nil {
		return kioskcheckin.Kiosk{}, httpx.Internal(err)
	}
	return kioskcheckin.Kiosk{UserID: u.ID, Name: strings.TrimSpace(u.FirstName + " " + u.LastName)}, nil
}

// KioskFindRequest: the plate typed, or the kiosk code from the customer's
// message (one of the two); with two appointments of the plate today, the
// one chosen (1-based, by time) and the proof it is the customer's (the
// work order's last digits or the last name).
type KioskFindRequest struct {
	RegNumber    string `json:"reg_number" binding:"max=40"`
	Code         string `json:"code" binding:"max=40"`
	Choice       int    `json:"choice" binding:"gte=0,lte=20"`
	Verification string `json:"verification" binding:"max=100"`
}

// KioskChoiceView is one of two (or more) appointments of a plate today:
// its time and car model only.
type KioskChoiceView struct {
	Choice     int       `json:"choice"`
	TimeCarApp time.Time `json:"time_car_app"`
	CarMake    string    `json:"car_make"`
	CarModel   string    `json:"car_model"`
}

// KioskFindResponse: the opened check-in, or the choices to ask about.
type KioskFindResponse struct {
	KioskCheckIn *KioskCheckInView `json:"kiosk_check_in"`
	Choices      []KioskChoiceView `json:"choices"`
}

// kioskFind: POST /v1/kiosk/find, then opens the check-in found (event 1).
func (s *Handlers) kioskFind(c *gin.Context) error {
	var req KioskFindRequest
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	p := append(textcheck.Line("reg_number", req.RegNumber, 40), textcheck.Line("verification", req.Verification, 100)...)
	if p = append(p, textcheck.Line("code", req.Code, 40)...); len(p) > 0 {
		return httpx.Invalid(p...)
	}
	req.RegNumber, req.Code = strings.TrimSpace(req.RegNumber), strings.TrimSpace(req.Code)
	plate := kiosk.NormalisePlate(req.RegNumber)
	switch {
	case (req.RegNumber == "") == (req.Code == ""):
		return httpx.Invalid("reg_number, code: type either the registration or the code from your message")
	case req.Code != "" && !kioskcheckin.ValidCode(req.Code):
		return httpx.Invalid(fmt.Sprintf("code: the %d digits from your message", kioskcheckin.CodeDigits))
	case req.Code == "" && (len(plate) < kiosk.MinPlateLen || len(plate) > kiosk.MaxPlateLen):
		return httpx.Invalid(fmt.Sprintf("reg_number: %d to %d letters and digits", kiosk.MinPlateLen, kiosk.MaxPlateLen))
	}
	loc, set, err := s.kioskLocation(c)
	if err != nil {
		return err
	}
	tz, err := time.LoadLocation(loc.TimeZone)
	if err != nil {
		tz = time.UTC
	}
	now := s.Now().In(tz)
	from := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, tz)
	ctx := c.Request.Context()
	if req.Code != "" {
		ap, err := s.kioskByCode(c, loc.ID, from, req.Code)
		if err != nil {
			return err
		}
		return s.kioskOpen(c, loc, set, ap)
	}
	aps, err := kioskcheckin.Candidates(ctx, s.DB.Client, loc.ID, from, from.AddDate(0, 0, 1), plate, kiosk.NormalisePlate)
	if err != nil {
		return httpx.Internal(err)
	}
	const notFound = "reg_number: no appointment today for this registration: please check it or go to the reception desk"
	var ap *ent.Appointment
	switch {
	case len(aps) == 0:
		return httpx.Invalid(notFound)
	case len(aps) == 1:
		ap = aps[0]
	case req.Choice == 0:
		resp := KioskFindResponse{Choices: []KioskChoiceView{}}
		for i, a := range aps {
			resp.Choices = append(resp.Choices, KioskChoiceView{Choice: i + 1, TimeCarApp: a.TimeCarApp, CarMake: a.CarMake, CarModel: a.CarModel})
		}
		c.JSON(http.StatusOK, resp)
		return nil
	case req.Choice > len(aps):
		return httpx.Invalid("choice: not one of the appointments shown")
	default:
		ap = aps[req.Choice-1]
		// The failure is reserved before the check (concurrent guesses
		// cannot all pass) and given back when the proof was right.
		guess := fmt.Sprintf("kiosk|%d|%s", httpx.Claims(c).UserID, plate)
		if !s.kioskGuesses.Reserve(guess) {
			return httpx.Fail(http.StatusTooManyRequests, fmt.Sprintf(
				"too many wrong answers for this registration: please go to the reception desk, or try again in %d minutes",
				int(kiosk.VerificationWindow/time.Minute)))
		}
		surnames, err := s.kioskSurnames(ctx, ap)
		if err != nil {
			s.kioskGuesses.Release(guess)
			return httpx.Internal(err)
		}
		if !kiosk.Verifies(req.Verification, ap.WoNr, surnames...) {
			return httpx.Invalid("verification: this does not match the appointment chosen: type the last digits of your work order or your last name")
		}
		s.kioskGuesses.Release(guess)
	}
	return s.kioskOpen(c, loc, set, ap)
}

// kioskByCode finds today's appointment of the kiosk's location by its
// kiosk code. A code is guessable, so every try counts in the kiosk's
// guessing limit, per kiosk account whatever was typed (a plate's limit
// is per plate), reserved before the look-up and given back when found.
func (s *Handlers) kioskByCode(c *gin.Context, locationID int, from time.Time, code string) (*ent.Appointment, error) {
	guess := fmt.Sprintf("kiosk-code|%d", httpx.Claims(c).UserID)
	if !s.kioskGuesses.Reserve(guess) {
		return nil, httpx.Fail(http.StatusTooManyRequests, fmt.Sprintf(
			"too many wrong codes: please type your registration, go to the reception desk, or try again in %d minutes",
			int(kiosk.VerificationWindow/time.Minute)))
	}
	ap, err := kioskcheckin.FindByCode(c.Request.Context(), s.DB.Client, locationID, from, from.AddDate(0, 0, 1), s.Now(), code)
	switch {
	case err != nil:
		s.kioskGuesses.Release(guess)
		return nil, httpx.Internal(err)
	case ap == nil:
		return nil, httpx.Invalid("code: no appointment today for this code: please check it, type your registration or go to the reception desk")
	}
	s.kioskGuesses.Release(guess)
	return ap, nil
}

// kioskOpen opens the kiosk check-in of the appointment found (event 1)
// and answers it.
func (s *Handlers) kioskOpen(c *gin.Context, loc *ent.DealerLocation, set *ent.CommunicationSetting, ap *ent.Appointment) error {
	ctx := c.Request.Context()
	k, err := s.kiosk(c)
	if err != nil {
		return err
	}
	presented, err := s.DB.CommunicationAgreement.Query().Where(communicationagreement.DealerID(loc.DealerID),
		communicationagreement.Deleted(false), communicationagreement.VisibleKioskCheckIn(true)).
		Order(ent.Asc(communicationagreement.FieldID)).IDs(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	kc, err := kioskcheckin.Open(ctx, s.DB.Client, ap, k, commread.NonNil(presented))
	if err != nil {
		return httpx.Internal(err)
	}
	view, err := s.kioskCheckInView(ctx, kc, set)
	if err != nil {
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, KioskFindResponse{KioskCheckIn: view, Choices: []KioskChoiceView{}})
	return nil
}

// kioskSurnames are the last names a customer may prove an appointment with.
func (s *Handlers) kioskSurnames(ctx context.Context, ap *ent.Appointment) ([]string, error) {
	names := []string{ap.DriverSurname, ap.OwnerSurname, ap.ContractorSurname}
	ids := []int{}
	for _, id := range []int{ap.CustomerDriverID, ap.CustomerOwnerID, ap.CustomerContractID} {
		if id != 0 {
			ids = append(ids, id)
		}
	}
	cs, err := s.DB.Customer.Query().Where(customer.IDIn(ids...)).All(ctx)
	for _, cu := range cs {
		names = append(names, cu.Surname)
	}
	return names, err
}

// KioskCheckInView is a kiosk check-in as the kiosk shows it: no name,
// the phone on file masked, prices hidden where the location hides them.
type KioskCheckInView struct {
	ID                                       int                            `json:"id"`
	Status                                   enums.KioskCommunicationStatus `json:"status"`
	TimeCarApp                               time.Time                      `json:"time_car_app"`
	CarMake                                  string                         `json:"car_make"`
	CarModel                                 string                         `json:"car_model"`
	RegNumber                                string                         `json:"reg_number"`
	PhoneOnFile                              string                         `json:"phone_on_file"`
	IsCustomerNameInKioskCheckinEnabled      bool                           `json:"is_customer_name_in_kiosk_checkin_enabled"`
	IsCustomerSignatureInKioskCheckinEnabled bool                           `json:"is_customer_signature_in_kiosk_checkin_enabled"`
	Interventions                            []DeskInterventionView         `json:"interventions"`
	Agreements                               []DeskAgreementView            `json:"agreements"`
	KioskLabelNumber                         *int                           `json:"kiosk_label_number"`
}

func (s *Handlers) kioskCheckInView(ctx context.Context, kc *ent.KioskCommunication, set *ent.CommunicationSetting) (*KioskCheckInView, error) {
	ap, err := s.DB.Appointment.Get(ctx, kc.AppointmentID)
	if err != nil {
		return nil, err
	}
	v := &KioskCheckInView{ID: kc.ID, Status: kc.Status, TimeCarApp: ap.TimeCarApp, CarMake: ap.CarMake, CarModel: ap.CarModel,
		RegNumber: ap.RegNumber, IsCustomerNameInKioskCheckinEnabled: set.IsCustomerNameInKioskCheckinEnabled,
		IsCustomerSignatureInKioskCheckinEnabled: set.IsCustomerSignatureInKioskCheckinEnabled,
		Interventions:                            []DeskInterventionView{}, Agreements: []DeskAgreementView{}}
	if kc.Status == enums.KioskCommunicationStatusAnswered {
		v.KioskLabelNumber = ap.KioskLabelNumber
		return v, nil
	}
	if ap.CustomerDriverID != 0 {
		if cu, err := s.DB.Customer.Get(ctx, ap.CustomerDriverID); err == nil {
			v.PhoneOnFile = maskTail(cu.TelMobilePrivate)
		} else if !ent.IsNotFound(err) {
			return nil, err
		}
	}
	ivs, err := kioskOffered(ctx, s.DB.Client, ap)
	if err != nil {
		return nil, err
	}
	for _, iv := range ivs {
		d := DeskInterventionView{ID: iv.ID, Title: iv.Title, Description: iv.Description}
		if !commread.KindHidesPrice(set, ap, iv) {
			d.Price = &iv.Price
		}
		v.Interventions = append(v.Interventions, d)
	}
	ags, err := s.DB.CommunicationAgreement.Query().Where(communicationagreement.IDIn(commread.NonNil(kc.PresentedAgreementIds)...)).
		Order(ent.Asc(communicationagreement.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range ags {
		v.Agreements = append(v.Agreements, DeskAgreementView{ID: a.ID, Name: a.Name, Text: a.Text, Optional: a.OptionalKioskCheckIn})
	}
	return v, nil
}

// kioskOffered: the work offered at the kiosk, the appointment's
// interventions the customer may see.
func kioskOffered(ctx context.Context, db *ent.Client, ap *ent.Appointment) ([]*ent.Intervention, error) {
	return db.Intervention.Query().Where(intervention.AppointmentID(ap.ID), intervention.VisibleToCustomer(true),
		intervention.DmsDeleted(false)).Order(ent.Asc(intervention.FieldID)).Limit(100).All(ctx)
}

// maskTail shows only the last two digits of a phone number.
func maskTail(p string) string {
	d := []rune{}
	for _, r := range p {
		if r >= '0' && r <= '9' {
			d = append(d, r)
		}
	}
	if len(d) < 4 {
		return ""
	}
	return strings.Repeat("•", len(d)-2) + string(d[len(d)-2:])
}

// KioskAnswerRequest is the customer's answer at the kiosk.
type KioskAnswerRequest struct {
	CustomerName          string `json:"customer_name" binding:"max=200"`
	CorrectPhone          string `json:"correct_phone" binding:"max=30"`
	AgreementIDs          []int  `json:"agreement_ids" binding:"max=100"`
	AgreedInterventionIDs []int  `json:"agreed_intervention_ids" binding:"max=100"`
	Remark                string `json:"remark" binding:"max=1000"`
	// CustomerSignature: a PNG, base64 (a data: URL prefix is allowed).
	CustomerSignature string `json:"customer_signature" binding:"max=300000"`
	// KioskLabelNumber: the pre-printed label taken (0 or absent: the
	// kiosk hands out the lowest free number).
	KioskLabelNumber int `json:"kiosk_label_number" binding:"gte=0,lte=999"`
}

// KioskAnswerResponse: the label to attach to the key.
type KioskAnswerResponse struct {
	KioskCommunicationID int  `json:"kiosk_communication_id"`
	KioskLabelNumber     int  `json:"kiosk_label_number"`
	AlreadyAnswered      bool `json:"already_answered"`
}

// kioskAnswer: POST /v1/kiosk/checkins/{kiosk_communication_id}/answer.
func (s *Handlers) kioskAnswer(c *gin.Context) error {
	id, err := strconv.Atoi(c.Param("kiosk_communication_id"))
	if err != nil || id <= 0 {
		return httpx.Invalid("kiosk_communication_id: must be a positive ID")
	}
	var req KioskAnswerRequest
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	loc, set, err := s.kioskLocation(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	kc, err := s.DB.KioskCommunication.Get(ctx, id)
	if ent.IsNotFound(err) || (err == nil && kc.DealerLocationID != loc.ID) {
		return httpx.Fail(http.StatusNotFound, "kiosk check-in not found")
	}
	if err != nil {
		return httpx.Internal(err)
	}
	k, err := s.kiosk(c)
	if err != nil {
		return err
	}
	if kc.Status == enums.KioskCommunicationStatusAnswered {
		// Two taps, or a retry after a dropped network: acts once.
		res, err := kioskcheckin.Respond(ctx, s.DB.Client, kc.ID, kioskcheckin.Answer{Kiosk: k, MaxLabel: kiosk.MaxLabelNumber, Now: s.Now()})
		if err != nil {
			return httpx.Internal(err)
		}
		if err := s.kioskTellLifecycle(c, kc, res.LabelNumber); err != nil {
			return err
		}
		c.JSON(http.StatusOK, KioskAnswerResponse{KioskCommunicationID: kc.ID, KioskLabelNumber: res.LabelNumber, AlreadyAnswered: true})
		return nil
	}
	a, p, err := s.kioskAnswerInput(ctx, kc, loc, set, &req)
	if err != nil {
		return httpx.Internal(err)
	}
	if len(p) > 0 {
		return httpx.Invalid(p...)
	}
	a.Kiosk = k
	res, err := kioskcheckin.Respond(ctx, s.DB.Client, kc.ID, a)
	switch {
	case errors.Is(err, kioskcheckin.ErrLabelInUse), errors.Is(err, kioskcheckin.ErrNoFreeLabel):
		return httpx.Invalid(err.Error())
	case err != nil:
		return httpx.Internal(err)
	}
	if err := s.kioskTellLifecycle(c, kc, res.LabelNumber); err != nil {
		return err
	}
	c.JSON(http.StatusOK, KioskAnswerResponse{KioskCommunicationID: kc.ID, KioskLabelNumber: res.LabelNumber, AlreadyAnswered: res.Repeat})
	return nil
}

// kioskTellLifecycle signals the appointment's lifecycle that the customer
// checked in at the kiosk, so it closes the online check-in. A lifecycle
// that ended (or never started) has nothing to close. When Temporal is down
// the kiosk gets 503 and sends the answer again: stored already, it acts
// once and tells the lifecycle then.
func (s *Handlers) kioskTellLifecycle(c *gin.Context, kc *ent.KioskCommunication, label int) error {
	err := httpx.Signal(c, s.Temporal, kc.AppointmentID, appointment.SignalCheckedInAtKiosk,
		appointment.KioskCheckInSignal{KioskCommunicationID: kc.ID, KioskLabelNumber: label})
	var he *httpx.Error
	if errors.As(err, &he) && he.Status == http.StatusOK { // the lifecycle is closed
		return nil
	}
	return err
}

// kioskAnswerInput checks the answer against the location's settings and
// what was offered, and builds the store's input (or the problems).
func (s *Handlers) kioskAnswerInput(ctx context.Context, kc *ent.KioskCommunication, loc *ent.DealerLocation,
	set *ent.CommunicationSetting, req *KioskAnswerRequest) (kioskcheckin.Answer, []string, error) {
	req.CustomerName, req.CorrectPhone, req.Remark = strings.TrimSpace(req.CustomerName), strings.TrimSpace(req.CorrectPhone), strings.TrimSpace(req.Remark)
	p := append(textcheck.Line("customer_name", req.CustomerName, kiosk.MaxName), textcheck.Line("correct_phone", req.CorrectPhone, 30)...)
	p = append(p, textcheck.Field("remark", req.Remark, kiosk.MaxRemark)...)
	if set.IsCustomerNameInKioskCheckinEnabled && req.CustomerName == "" {
		p = append(p, "customer_name: required")
	}
	if req.CorrectPhone != "" {
		e164, err := phone.Normalize(req.CorrectPhone, loc.Country)
		if err != nil {
			p = append(p, "correct_phone: not a phone number")
		}
		req.CorrectPhone = e164
	}
	var sig []byte
	if set.IsCustomerSignatureInKioskCheckinEnabled || req.CustomerSignature != "" {
		raw := req.CustomerSignature
		if i := strings.Index(raw, ","); strings.HasPrefix(raw, "data:") && i > 0 {
			raw = raw[i+1:]
		}
		b, err := base64.StdEncoding.DecodeString(raw)
		if err != nil {
			p = append(p, "customer_signature: must be a base64 PNG image")
		} else if msg := kiosk.SignatureProblem(b); msg != "" {
			p = append(p, msg)
		}
		sig = b
	}
	for _, id := range req.AgreementIDs {
		if !slices.Contains(kc.PresentedAgreementIds, id) {
			p = append(p, fmt.Sprintf("agreement_ids: agreement %d was not shown at this kiosk check-in", id))
		}
	}
	shown, err := s.DB.CommunicationAgreement.Query().Where(communicationagreement.IDIn(commread.NonNil(kc.PresentedAgreementIds)...)).All(ctx)
	if err != nil {
		return kioskcheckin.Answer{}, nil, err
	}
	for _, a := range shown {
		if !a.OptionalKioskCheckIn && !slices.Contains(req.AgreementIDs, a.ID) {
			p = append(p, commread.MandatoryProblem(a))
		}
	}
	ap, err := s.DB.Appointment.Get(ctx, kc.AppointmentID)
	if err != nil {
		return kioskcheckin.Answer{}, nil, err
	}
	offered, err := kioskOffered(ctx, s.DB.Client, ap)
	if err != nil {
		return kioskcheckin.Answer{}, nil, err
	}
	var agreed []kioskcheckin.AgreedIntervention
	for _, id := range req.AgreedInterventionIDs {
		i := slices.IndexFunc(offered, func(iv *ent.Intervention) bool { return iv.ID == id })
		if i < 0 {
			p = append(p, fmt.Sprintf("agreed_intervention_ids: intervention %d was not offered at this kiosk check-in", id))
			continue
		}
		iv := offered[i]
		a := kioskcheckin.AgreedIntervention{InterventionID: iv.ID, Title: iv.Title, Description: iv.Description, VAT: set.Vat}
		if !commread.KindHidesPrice(set, ap, iv) {
			a.Price = iv.Price
		}
		agreed = append(agreed, a)
	}
	return kioskcheckin.Answer{CustomerName: req.CustomerName, CorrectPhone: req.CorrectPhone, Signature: sig,
		Accepted: req.AgreementIDs, Agreed: agreed, Remark: req.Remark, LabelNumber: req.KioskLabelNumber,
		MaxLabel: kiosk.MaxLabelNumber, Now: s.Now()}, p, nil
}

// kioskDetach: POST /v1/appointments/{id}/kiosk_label/detach, the key was
// handed back: the label is free again (event 3).
func (s *Handlers) kioskDetach(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	n, err := kioskcheckin.Detach(c.Request.Context(), s.DB.Client, ap, httpx.Claims(c).UserID)
	switch {
	case errors.Is(err, kioskcheckin.ErrNoLabel):
		return httpx.Invalid(err.Error())
	case err != nil:
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, gin.H{"kiosk_label_number": n})
	return nil
}

// KioskCommunicationView is the spec's KioskCommunication Model (the
// receptionist's read), with its events, agreed interventions and remark.
type KioskCommunicationView struct {
	ID                  int                            `json:"id"`
	CreatedAt           time.Time                      `json:"created_at"`
	Status              enums.KioskCommunicationStatus `json:"status"`
	CustomerID          *int                           `json:"customer_id"`
	AppointmentID       int                            `json:"appointment_id"`
	CarID               *int                           `json:"car_id"`
	DealerLocationID    int                            `json:"dealer_location_id"`
	Events              []KioskCommunicationEventView  `json:"events"`
	AgreementIDs        []int                          `json:"agreement_ids"`
	AgreedInterventions []KioskAgreedInterventionView  `json:"agreed_interventions"`
	Remark              *KioskRemarkView               `json:"remark"`
}

// KioskCommunicationEventView is the spec's KioskCommunicationEvent Model;
// customer_signature is a data: URL of the PNG ("" when none).
type KioskCommunicationEventView struct {
	ID                   int                               `json:"id"`
	CreatedAt            time.Time                         `json:"created_at"`
	Type                 enums.KioskCommunicationEventType `json:"type"`
	CorrectPhone         string                            `json:"correct_phone"`
	CustomerName         string                            `json:"customer_name"`
	CustomerSignature    string                            `json:"customer_signature"`
	KioskName            string                            `json:"kiosk_name"`
	KioskLabelNumber     *int                              `json:"kiosk_label_number"`
	UserID               *int                              `json:"user_id"`
	KioskCommunicationID int                               `json:"kiosk_communication_id"`
}

// KioskAgreedInterventionView is the spec's KioskAgreedIntervention Model.
type KioskAgreedInterventionView struct {
	ID                   int     `json:"id"`
	Title                string  `json:"title"`
	Description          string  `json:"description"`
	Price                float64 `json:"price"`
	VAT                  float64 `json:"vat"`
	KioskCommunicationID int     `json:"kiosk_communication_id"`
}

// KioskRemarkView is the spec's KioskRemark Model.
type KioskRemarkView struct {
	ID                   int    `json:"id"`
	Description          string `json:"description"`
	ReceptionistHandled  bool   `json:"receptionist_handled"`
	VisibleInDashboard   bool   `json:"visible_in_dashboard"`
	VisibleToMechanic    bool   `json:"visible_to_mechanic"`
	KioskCommunicationID int    `json:"kiosk_communication_id"`
	AppointmentID        int    `json:"appointment_id"`
}

// kioskCheckIns: GET /v1/appointments/{id}/kiosk_checkin, oldest first.
func (s *Handlers) kioskCheckIns(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	kcs, err := s.DB.KioskCommunication.Query().Where(kioskcommunication.AppointmentID(ap.ID)).
		WithEvents(func(q *ent.KioskCommunicationEventQuery) { q.Order(ent.Asc(kioskcommunicationevent.FieldID)) }).
		WithAgreedInterventions().WithRemark().Order(ent.Asc(kioskcommunication.FieldID)).All(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, gin.H{"kiosk_communications": mapAll(kcs, kioskCommunicationView)})
	return nil
}

func kioskCommunicationView(k *ent.KioskCommunication) KioskCommunicationView {
	v := KioskCommunicationView{ID: k.ID, CreatedAt: k.CreatedAt, Status: k.Status, CustomerID: k.CustomerID, AppointmentID: k.AppointmentID,
		CarID: k.CarID, DealerLocationID: k.DealerLocationID, AgreementIDs: commread.NonNil(k.AcceptedAgreementIds),
		Events: []KioskCommunicationEventView{}, AgreedInterventions: []KioskAgreedInterventionView{}}
	for _, e := range k.Edges.Events {
		ev := KioskCommunicationEventView{ID: e.ID, CreatedAt: e.CreatedAt, Type: e.Type, CorrectPhone: e.CorrectPhone,
			CustomerName: e.CustomerName, KioskName: e.KioskName, KioskLabelNumber: e.KioskLabelNumber, UserID: e.UserID,
			KioskCommunicationID: e.KioskCommunicationID}
		if len(e.CustomerSignature) > 0 {
			ev.CustomerSignature = "data:image/png;base64," + base64.StdEncoding.EncodeToString(e.CustomerSignature)
		}
		v.Events = append(v.Events, ev)
	}
	for _, a := range k.Edges.AgreedInterventions {
		v.AgreedInterventions = append(v.AgreedInterventions, KioskAgreedInterventionView{ID: a.ID, Title: a.Title,
			Description: a.Description, Price: a.Price, VAT: a.Vat, KioskCommunicationID: a.KioskCommunicationID})
	}
	if r := k.Edges.Remark; r != nil {
		v.Remark = &KioskRemarkView{ID: r.ID, Description: r.Description, ReceptionistHandled: r.ReceptionistHandled,
			VisibleInDashboard: r.VisibleInDashboard, VisibleToMechanic: r.VisibleToMechanic,
			KioskCommunicationID: r.KioskCommunicationID, AppointmentID: r.AppointmentID}
	}
	return v
}
