package api

import (
	"context"

	"golang.org/x/sync/errgroup"

	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// CommunicationView is the spec's CustomerCommunication as /v1/communication/read
// returns it: the communication with everything the page shows. Nested
// objects are the ent models, whose JSON names are the spec's snake_case and
// whose secrets (key hashes, PINs, private notes) never serialise.
type CommunicationView struct {
	ID                      int                                      `json:"id"`
	ReceptionistKey         string                                   `json:"receptionist_key,omitempty"`
	Status                  enums.CommunicationStatus                `json:"status"`
	Version                 int                                      `json:"version"`
	CorrectPhone            string                                   `json:"correct_phone"`
	CorrectEmail            string                                   `json:"correct_email"`
	CustomerID              *int                                     `json:"customer_id"`
	AppointmentID           int                                      `json:"appointment_id"`
	CarID                   *int                                     `json:"car_id"`
	DealerLocationID        int                                      `json:"dealer_location_id"`
	Note                    string                                   `json:"note"`
	IsReceptionist          bool                                     `json:"is_receptionist"`
	Customer                *ent.Customer                            `json:"customer"`
	Appointment             *ent.Appointment                         `json:"appointment"`
	Car                     *ent.Car                                 `json:"car"`
	Interventions           []*ent.Intervention                      `json:"interventions"`
	CheckInResults          []*ent.CheckInResult                     `json:"check_in_results"`
	CheckInRemarks          []*ent.CheckInRemark                     `json:"check_in_remarks"`
	DiagnoseOverviewRemarks []*ent.DiagnoseOverviewRemark            `json:"diagnose_overview_remarks"`
	InterventionResults     []*ent.CustomerCommunicationIntervention `json:"intervention_results"`
	Agreements              []AgreementView                          `json:"agreements"`
	Events                  []*ent.CommunicationEvent                `json:"events"`
	Settings                *ent.CommunicationSetting                `json:"settings"`
	DealerName              string                                   `json:"dealer_name"`
	LocationName            string                                   `json:"location_name"`
	LocationPhone           string                                   `json:"location_phone"`
}

// AgreementView is an agreement as presented in this communication.
type AgreementView struct {
	ID                               int    `json:"id"`
	CustomerCommunicationAgreementID int    `json:"customer_communication_agreement_id"`
	Name                             string `json:"name"`
	Text                             string `json:"text"`
	Accepted                         bool   `json:"accepted"`
	CommunicationEventID             *int   `json:"communication_event_id"`
}

// communicationView loads everything the page shows. The parts are
// independent, so they load concurrently: the page waits for the slowest
// part (about three queries) instead of for all seventeen in a row (see
// BenchmarkCommunicationRead). SQLite, with one connection, runs them in turn.
// com is the row the caller already read (by key or by appointment); its
// edges are filled in here.
func (s *Server) communicationView(ctx context.Context, com *ent.CustomerCommunication) (*CommunicationView, error) {
	var ap *ent.Appointment
	var loc *ent.DealerLocation
	db, g := s.DB.Client, new(errgroup.Group)
	g.Go(func() (err error) {
		ap, err = db.Appointment.Query().Where(entappointment.ID(com.AppointmentID)).WithCar().WithCustomerDriver().Only(ctx)
		return err
	})
	g.Go(func() (err error) {
		loc, err = db.DealerLocation.Query().Where(dealerlocation.ID(com.DealerLocationID)).WithSetting().WithDealer().Only(ctx)
		return err
	})
	var ivs []*ent.Intervention
	g.Go(func() (err error) {
		ivs, err = db.Intervention.Query().Where(intervention.AppointmentID(com.AppointmentID), intervention.VisibleToCustomer(true),
			intervention.DmsDeleted(false)).Order(ent.Asc(intervention.FieldID)).WithElements().All(ctx)
		return err
	})
	g.Go(func() (err error) {
		com.Edges.Events, err = com.QueryEvents().Order(ent.Asc(communicationevent.FieldID)).All(ctx)
		return err
	})
	g.Go(func() (err error) {
		com.Edges.CheckInResults, err = com.QueryCheckInResults().All(ctx)
		return err
	})
	g.Go(func() (err error) {
		com.Edges.CheckInRemarks, err = com.QueryCheckInRemarks().WithAttachments().All(ctx)
		return err
	})
	g.Go(func() (err error) {
		com.Edges.DiagnoseOverviewRemarks, err = com.QueryDiagnoseOverviewRemarks().WithAttachments().All(ctx)
		return err
	})
	g.Go(func() (err error) {
		com.Edges.Interventions, err = com.QueryInterventions().All(ctx)
		return err
	})
	g.Go(func() (err error) {
		com.Edges.Agreements, err = com.QueryAgreements().WithAgreement().All(ctx)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	ap.Edges.Interventions = ivs
	v := &CommunicationView{
		ID: com.ID, Status: com.Status, Version: com.Version, CorrectPhone: com.CorrectPhone, CorrectEmail: com.CorrectEmail,
		CustomerID: com.CustomerID, AppointmentID: com.AppointmentID, CarID: com.CarID, DealerLocationID: com.DealerLocationID,
		Note: com.Note, Customer: ap.Edges.CustomerDriver, Appointment: ap, Car: ap.Edges.Car,
		Interventions: nonNil(ap.Edges.Interventions), CheckInResults: nonNil(com.Edges.CheckInResults),
		CheckInRemarks: nonNil(com.Edges.CheckInRemarks), DiagnoseOverviewRemarks: nonNil(com.Edges.DiagnoseOverviewRemarks),
		InterventionResults: nonNil(com.Edges.Interventions), Events: nonNil(com.Edges.Events),
		Settings: loc.Edges.Setting, LocationName: loc.Name, LocationPhone: loc.PhoneNr,
	}
	if loc.Edges.Dealer != nil {
		v.DealerName = loc.Edges.Dealer.Name
	}
	v.Agreements = []AgreementView{}
	for _, a := range com.Edges.Agreements {
		if a.Edges.Agreement == nil {
			continue
		}
		v.Agreements = append(v.Agreements, AgreementView{ID: a.CommunicationAgreementID, CustomerCommunicationAgreementID: a.ID,
			Name: a.Edges.Agreement.Name, Text: a.Edges.Agreement.Text, Accepted: a.Accepted, CommunicationEventID: a.CommunicationEventID})
	}
	// The nested appointment must not repeat what the view already carries.
	shallow := *ap
	shallow.Edges = ent.AppointmentEdges{}
	v.Appointment = &shallow
	return v, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
