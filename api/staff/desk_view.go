package staff

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/ent/deskagreedintervention"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/ent/deskcommunicationevent"
	"github.com/pitstop-dev/pitstop/ent/deskdeclinedintervention"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/internal/currency"
	"github.com/pitstop-dev/pitstop/internal/deskcheckin"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/files"
)

// What the counter tablet shows the customer at the desk, and the
// agreements the customer must accept there.
//
//   - Prices: the appointment's interventions are shown with their prices,
//     except where the location's CommunicationSetting has
//     HidePricesInDeskCommunication (the spec: "used when the location always
//     expects the driver of the vehicle to not be the owner"), and except the
//     prices the location hides for lease, internal and warranty work. A
//     hidden price is left out (null), not sent for the tablet to hide.
//   - Agreements: the dealer's current agreements visible at the desk
//     check-in (visible_desk_check_in) or check-out (visible_desk_check_out)
//     are fixed on the desk communication when it is sent; the answer must
//     accept each of them that is not optional there (optional_desk_check_in
//     / optional_desk_check_out false), and records the exact versions
//     accepted.

// DeskCheckInView is GET /v1/desk_checkin/{desk_id}: one desk check-in (or
// check-out) as the tablet shows it.
type DeskCheckInView struct {
	ID            int                           `json:"id"`
	Status        enums.DeskCommunicationStatus `json:"status"`
	IsCheckingOut bool                          `json:"is_checking_out"`
	AppointmentID int                           `json:"appointment_id"`
	WONr          string                        `json:"wo_nr"`
	RegNumber     string                        `json:"reg_number"`
	TimeCarApp    time.Time                     `json:"time_car_app"`
	CustomerName  string                        `json:"customer_name"`
	// HidePrices is the location's HidePricesInDeskCommunication: no
	// intervention carries a price then.
	HidePrices    bool                   `json:"hide_prices_in_desk_communication"`
	Interventions []DeskInterventionView `json:"interventions"`
	// Results are the appointment's check results (the diagnose
	// overview's) the customer decides on (CommunicationResultStatus 2-4).
	Results    []DeskResultView    `json:"results"`
	Agreements []DeskAgreementView `json:"agreements"`
	// TimeZone is the location's (IANA), for showing time_car_app.
	TimeZone string `json:"time_zone"`
	// Currency is the ISO 4217 code the prices are in (the location's
	// country's, internal/currency).
	Currency string `json:"currency"`
	// AcceptedAgreementIDs: the versions accepted, once answered.
	AcceptedAgreementIDs []int `json:"accepted_agreement_ids"`
}

// DeskInterventionView is one intervention of the appointment; Price is
// null where it is hidden at the desk.
type DeskInterventionView struct {
	ID          int      `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Price       *float64 `json:"price"`
	// Fixed: the mechanic carried it out (what a check-out shows).
	Fixed bool `json:"fixed"`
}

// DeskResultView is one check result shown at the desk; Price is null
// where prices are hidden at the desk.
type DeskResultView struct {
	ID             int                        `json:"id"`
	Title          string                     `json:"title"`
	MechanicNotes  string                     `json:"mechanic_notes"`
	QuestionStatus enums.QuestionResultStatus `json:"question_status"`
	Price          *float64                   `json:"price"`
}

// DeskAgreementView is one agreement version shown on the tablet.
type DeskAgreementView struct {
	ID       int    `json:"id"`
	Name     string `json:"name"`
	Text     string `json:"text"`
	Optional bool   `json:"optional"`
}

// deskCheckInView: GET /v1/desk_checkin/:desk_id, for its tablet or staff
// of its location (404 for anyone else).
func (s *Handlers) deskCheckInView(c *gin.Context) error {
	ctx := c.Request.Context()
	desk, err := s.deskFor(c)
	if err != nil {
		return err
	}
	ap, err := s.DB.Appointment.Query().Where(entappointment.ID(desk.AppointmentID)).WithCustomerDriver().
		WithInterventions(func(q *ent.InterventionQuery) {
			q.Where(intervention.VisibleToCustomer(true), intervention.DmsDeleted(false)).Order(ent.Asc(intervention.FieldID))
		}).Only(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	loc, set, err := commread.NewReader(s.Deps).LocationSettings(ctx, desk.DealerLocationID)
	if err != nil {
		return httpx.Internal(err)
	}
	agreements, err := s.DB.CommunicationAgreement.Query().Where(communicationagreement.IDIn(commread.NonNil(desk.PresentedAgreementIds)...)).
		Order(ent.Asc(communicationagreement.FieldID)).All(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	v := DeskCheckInView{ID: desk.ID, Status: desk.Status, IsCheckingOut: desk.IsCheckingOut, AppointmentID: ap.ID, WONr: ap.WoNr,
		RegNumber: ap.RegNumber, TimeCarApp: ap.TimeCarApp, CustomerName: desk.CustomerName, HidePrices: set.HidePricesInDeskCommunication,
		Interventions: []DeskInterventionView{}, Results: []DeskResultView{}, Agreements: []DeskAgreementView{},
		AcceptedAgreementIDs: commread.NonNil(desk.AcceptedAgreementIds), TimeZone: loc.TimeZone, Currency: currency.Of(loc.Country)}
	if cu := ap.Edges.CustomerDriver; v.CustomerName == "" && cu != nil {
		v.CustomerName = strings.TrimSpace(cu.FirstName + " " + cu.Surname)
	}
	for _, iv := range ap.Edges.Interventions {
		dv := DeskInterventionView{ID: iv.ID, Title: iv.Title, Description: iv.Description, Fixed: iv.MechanicFixed}
		if !set.HidePricesInDeskCommunication && !commread.KindHidesPrice(set, ap, iv) {
			price := iv.Price
			dv.Price = &price
		}
		v.Interventions = append(v.Interventions, dv)
	}
	_, crs, err := deskcheckin.Shown(ctx, s.DB.Client, desk.AppointmentID)
	if err != nil {
		return httpx.Internal(err)
	}
	for _, cr := range crs {
		rv := DeskResultView{ID: cr.ID, Title: cr.Title, MechanicNotes: cr.MechanicNotes, QuestionStatus: cr.QuestionStatus}
		if !set.HidePricesInDeskCommunication {
			price := cr.Price
			rv.Price = &price
		}
		v.Results = append(v.Results, rv)
	}
	for _, a := range agreements {
		v.Agreements = append(v.Agreements, DeskAgreementView{ID: a.ID, Name: a.Name, Text: a.Text, Optional: deskOptional(a, desk.IsCheckingOut)})
	}
	c.JSON(http.StatusOK, v)
	return nil
}

func deskOptional(a *ent.CommunicationAgreement, checkingOut bool) bool {
	if checkingOut {
		return a.OptionalDeskCheckOut
	}
	return a.OptionalDeskCheckIn
}

// deskAgreementProblems checks the accepted IDs of a desk answer: each was
// shown with this desk communication, and every mandatory one is there.
func (s *Handlers) deskAgreementProblems(ctx context.Context, desk *ent.DeskCommunication, accepted []int) ([]string, error) {
	var p []string
	for _, id := range accepted {
		if !slices.Contains(desk.PresentedAgreementIds, id) {
			p = append(p, fmt.Sprintf("agreement_ids: agreement %d was not shown with this desk check-in", id))
		}
	}
	shown, err := s.DB.CommunicationAgreement.Query().Where(communicationagreement.IDIn(commread.NonNil(desk.PresentedAgreementIds)...)).
		Order(ent.Asc(communicationagreement.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range shown {
		if !deskOptional(a, desk.IsCheckingOut) && !slices.Contains(accepted, a.ID) {
			p = append(p, commread.MandatoryProblem(a))
		}
	}
	return p, nil
}

// deskViews reads desk communications as the spec's model, each with its
// related models (deskCommunicationView has the row's own fields).
func (s *Handlers) deskViews(ctx context.Context, ids []int) ([]DeskCommunicationView, error) {
	desks, err := s.DB.DeskCommunication.Query().Where(deskcommunication.IDIn(ids...)).
		WithEvents(func(q *ent.DeskCommunicationEventQuery) {
			q.Order(ent.Asc(deskcommunicationevent.FieldID)).WithReceivers()
		}).
		WithAgreedInterventions(func(q *ent.DeskAgreedInterventionQuery) { q.Order(ent.Asc(deskagreedintervention.FieldID)) }).
		WithDeclinedInterventions(func(q *ent.DeskDeclinedInterventionQuery) { q.Order(ent.Asc(deskdeclinedintervention.FieldID)) }).
		Order(ent.Asc(deskcommunication.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]DeskCommunicationView, 0, len(desks))
	for _, d := range desks {
		v, err := s.deskView(ctx, d)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *Handlers) deskView(ctx context.Context, d *ent.DeskCommunication) (DeskCommunicationView, error) {
	v := deskCommunicationView(d)
	for i := range v.Events {
		if v.Events[i].CustomerSignature != "" {
			v.Events[i].CustomerSignature = strings.TrimRight(s.APIBaseURL, "/") + v.Events[i].CustomerSignature
		}
	}
	ap, err := s.DB.Appointment.Query().Where(entappointment.ID(d.AppointmentID)).WithCustomerDriver().WithCar().Only(ctx)
	if err != nil {
		return v, err
	}
	av := staffAppointmentView(ap)
	v.Appointment = &av
	if cu := ap.Edges.CustomerDriver; cu != nil {
		shallow := *cu
		shallow.Edges = ent.CustomerEdges{}
		v.Customer = &commread.CustomerView{}
		if err := commread.MapFields(v.Customer, &shallow); err != nil {
			return v, err
		}
	}
	if car := ap.Edges.Car; car != nil {
		shallow := *car
		shallow.Edges = ent.CarEdges{}
		v.Car = &commread.CarView{}
		if err := commread.MapFields(v.Car, &shallow); err != nil {
			return v, err
		}
	}
	if d.ReceptionistID != nil {
		u, err := s.DB.User.Get(ctx, *d.ReceptionistID)
		if err != nil && !ent.IsNotFound(err) {
			return v, err
		}
		if u != nil {
			v.User = &commread.ReceptionistView{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, ProfilePicture: u.ProfilePicture,
				LanguageCode: string(u.LanguageCode), DealerID: &u.DealerID, DealerLocationID: &u.DealerLocationID}
		}
	}
	agreements, err := s.DB.CommunicationAgreement.Query().Where(communicationagreement.IDIn(commread.NonNil(d.PresentedAgreementIds)...)).
		Order(ent.Asc(communicationagreement.FieldID)).All(ctx)
	if err != nil {
		return v, err
	}
	for _, a := range agreements {
		var av commread.AgreementView
		shallow := *a
		shallow.Edges = ent.CommunicationAgreementEdges{}
		if err := commread.MapFields(&av, &shallow); err != nil {
			return v, err
		}
		av.Accepted, av.DeskCommunicationID, av.AppointmentID = slices.Contains(d.AcceptedAgreementIds, a.ID), &d.ID, &d.AppointmentID
		v.Agreements = append(v.Agreements, av)
	}
	_, crs, err := deskcheckin.Shown(ctx, s.DB.Client, d.AppointmentID)
	if err != nil {
		return v, err
	}
	for _, cr := range crs {
		rv, err := deskResultView(d, cr)
		if err != nil {
			return v, err
		}
		v.Results = append(v.Results, rv)
	}
	loc, set, err := commread.NewReader(s.Deps).LocationSettings(ctx, d.DealerLocationID)
	if err != nil {
		return v, err
	}
	shallowSet := *set
	shallowSet.Edges = ent.CommunicationSettingEdges{}
	v.Settings = &commread.SettingView{}
	if err := commread.MapFields(v.Settings, &shallowSet); err != nil {
		return v, err
	}
	v.Settings.DealerLocationID = &loc.ID
	v.Settings.LocationName, v.Settings.LocationStreet, v.Settings.LocationPostalCode = loc.Name, loc.Street, loc.PostalCode
	v.Settings.LocationCity, v.Settings.LocationCountry = loc.City, loc.Country
	return v, nil
}

// deskResultView is a check result as shown at the desk: the spec's
// CommunicationResult with the desk's ID and the customer's decision there.
func deskResultView(d *ent.DeskCommunication, cr *ent.CommunicationResult) (commread.CommunicationResultView, error) {
	v := commread.CommunicationResultView{QuestionOptions: []commread.QuestionOptionView{}, Images: []commread.QuestionResultImageView{},
		Videos: []commread.QuestionResultVideoView{}}
	shallow := *cr
	shallow.QuestionOptions = nil
	shallow.Edges = ent.CommunicationResultEdges{}
	if err := commread.MapFields(&v, &shallow); err != nil {
		return v, err
	}
	for i, name := range cr.QuestionOptions {
		v.QuestionOptions = append(v.QuestionOptions, commread.QuestionOptionView{ID: i + 1, Name: name, Value: true})
	}
	v.CustomerCommunicationID, v.DeskCommunicationID = nil, &d.ID
	v.Status = int(enums.CommunicationResultStatusUnanswered)
	for _, dec := range d.ResultDecisions {
		if dec.ResultID == cr.ID {
			v.Status = int(dec.Status)
		}
	}
	return v, nil
}

// deskSignature: GET /v1/desk_checkin/:desk_id/signature, the customer's
// signature (PNG) of an answered desk check-in, for its tablet and staff of
// its location (404 for anyone else, and while there is none).
func (s *Handlers) deskSignature(c *gin.Context) error {
	ctx := c.Request.Context()
	desk, err := s.deskFor(c)
	if err != nil {
		return err
	}
	ev, err := s.DB.DeskCommunicationEvent.Query().Where(deskcommunicationevent.DeskCommunicationID(desk.ID),
		deskcommunicationevent.SignatureFileIDNotNil()).Order(ent.Desc(deskcommunicationevent.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		return httpx.Fail(http.StatusNotFound, "no signature for this desk check-in")
	}
	if err != nil {
		return httpx.Internal(err)
	}
	f, err := s.DB.UploadedFile.Get(ctx, *ev.SignatureFileID)
	if err != nil {
		return httpx.Internal(err)
	}
	c.Header("Cache-Control", "private, no-store")
	c.Header("X-Content-Type-Options", "nosniff")
	c.DataFromReader(http.StatusOK, f.Size, "image/png", files.Open(ctx, s.DB.Client, f.ID), nil)
	return nil
}

// deskFor reads the :desk_id of the path for its tablet or staff of its
// location; anyone else gets 404.
func (s *Handlers) deskFor(c *gin.Context) (*ent.DeskCommunication, error) {
	id, err := strconv.Atoi(c.Param("desk_id"))
	if err != nil || id <= 0 {
		return nil, httpx.Invalid("desk_id: must be a positive ID")
	}
	cl := httpx.Claims(c)
	desk, err := s.DB.DeskCommunication.Get(c.Request.Context(), id)
	if ent.IsNotFound(err) || (err == nil && desk.TabletUserID != cl.UserID && !cl.CanAccess(desk.DealerLocationID)) {
		return nil, httpx.Fail(http.StatusNotFound, "desk check-in not found")
	}
	if err != nil {
		return nil, httpx.Internal(err)
	}
	return desk, nil
}
