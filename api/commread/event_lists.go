package commread

import (
	"context"

	"golang.org/x/sync/errgroup"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/customercommunicationagreement"
	"github.com/pitstop-dev/pitstop/ent/customercommunicationintervention"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewagreedresult"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewcontactresult"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewdeclinedresult"
)

// EventLists are the lists the spec's CommunicationEvent Model carries
// besides its receivers, by event ID: what the customer decided with the
// event (per intervention, per v1 check result) and the agreements they
// accepted with it.
type EventLists struct {
	InterventionResults map[int][]InterventionResultView
	Agreements          map[int][]AgreementView
	Agreed              map[int][]DiagnoseResultView
	Declined            map[int][]DiagnoseResultView
	Contact             map[int][]DiagnoseResultView
}

// ReadEventLists reads the lists of the events eventIDs: one query per
// list for all of them, run concurrently.
func ReadEventLists(ctx context.Context, db *ent.Client, eventIDs []int) (*EventLists, error) {
	l := &EventLists{InterventionResults: map[int][]InterventionResultView{}, Agreements: map[int][]AgreementView{},
		Agreed: map[int][]DiagnoseResultView{}, Declined: map[int][]DiagnoseResultView{}, Contact: map[int][]DiagnoseResultView{}}
	if len(eventIDs) == 0 {
		return l, nil
	}
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		rows, err := db.CustomerCommunicationIntervention.Query().
			Where(customercommunicationintervention.CommunicationEventIDIn(eventIDs...)).
			Order(ent.Asc(customercommunicationintervention.FieldID)).All(ctx)
		for _, r := range rows {
			l.InterventionResults[r.CommunicationEventID] = append(l.InterventionResults[r.CommunicationEventID], InterventionResultView{
				ID: r.ID, Title: r.Title, Description: r.Description, Price: r.Price, VAT: r.Vat,
				CommunicationResultStatus: int(r.CommunicationResultStatus), InterventionID: r.InterventionID,
				CommunicationEventID: r.CommunicationEventID, AppointmentID: r.AppointmentID})
		}
		return err
	})
	g.Go(func() error {
		rows, err := db.CustomerCommunicationAgreement.Query().
			Where(customercommunicationagreement.CommunicationEventIDIn(eventIDs...)).
			Order(ent.Asc(customercommunicationagreement.FieldID)).WithAgreement().All(ctx)
		if err != nil {
			return err
		}
		for _, a := range rows {
			v, ok, err := AgreementOf(a)
			if err != nil {
				return err
			}
			if ok {
				l.Agreements[*a.CommunicationEventID] = append(l.Agreements[*a.CommunicationEventID], v)
			}
		}
		return nil
	})
	g.Go(func() error {
		return byEvent(l.Agreed)(db.DiagnoseOverviewAgreedResult.Query().Where(diagnoseoverviewagreedresult.CommunicationEventIDIn(eventIDs...)).
			Order(ent.Asc(diagnoseoverviewagreedresult.FieldID)).All(ctx))
	})
	g.Go(func() error {
		return byEvent(l.Declined)(db.DiagnoseOverviewDeclinedResult.Query().Where(diagnoseoverviewdeclinedresult.CommunicationEventIDIn(eventIDs...)).
			Order(ent.Asc(diagnoseoverviewdeclinedresult.FieldID)).All(ctx))
	})
	g.Go(func() error {
		return byEvent(l.Contact)(db.DiagnoseOverviewContactResult.Query().Where(diagnoseoverviewcontactresult.CommunicationEventIDIn(eventIDs...)).
			Order(ent.Asc(diagnoseoverviewcontactresult.FieldID)).All(ctx))
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return l, nil
}

// byEvent files rows of one of the three diagnose result snapshots (the
// same fields, so mapped by their JSON names) under their events.
func byEvent(into map[int][]DiagnoseResultView) func(rows any, err error) error {
	return func(rows any, err error) error {
		if err != nil {
			return err
		}
		var vs []DiagnoseResultView
		if err := MapFields(&vs, rows); err != nil {
			return err
		}
		for _, v := range vs {
			into[v.CommunicationEventID] = append(into[v.CommunicationEventID], v)
		}
		return nil
	}
}

// Of are event eventID's lists, each [] when it has none.
func (l *EventLists) Of(eventID int) EventListsView {
	return EventListsView{InterventionResults: NonNil(l.InterventionResults[eventID]), Agreements: NonNil(l.Agreements[eventID]),
		DiagnoseOverviewAgreedResults: NonNil(l.Agreed[eventID]), DiagnoseOverviewDeclinedResults: NonNil(l.Declined[eventID]),
		DiagnoseOverviewContactResults: NonNil(l.Contact[eventID])}
}

// AgreementOf is a presented agreement a as the spec's CommunicationAgreement
// Model (false when its definition was not loaded).
func AgreementOf(a *ent.CustomerCommunicationAgreement) (AgreementView, bool, error) {
	ag := a.Edges.Agreement
	if ag == nil {
		return AgreementView{}, false, nil
	}
	var v AgreementView
	shallow := *ag
	shallow.Edges = ent.CommunicationAgreementEdges{}
	if err := MapFields(&v, &shallow); err != nil {
		return AgreementView{}, false, err
	}
	v.Accepted, v.CustomerCommunicationAgreementID, v.CommunicationEventID = a.Accepted, &a.ID, a.CommunicationEventID
	v.CustomerCommunicationID, v.AppointmentID = &a.CustomerCommunicationID, &a.AppointmentID
	return v, true, nil
}
