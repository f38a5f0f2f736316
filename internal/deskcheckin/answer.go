package deskcheckin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/schema"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/files"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// ErrAlreadyAnswered: the desk check-in was answered before (a second tap,
// a second tab, a retry whose first response was lost); nothing changed.
var ErrAlreadyAnswered = errors.New("desk check-in already answered")

// InterventionDecision is the customer's yes or no to one intervention.
type InterventionDecision struct {
	InterventionID int  `json:"intervention_id"`
	Agreed         bool `json:"agreed"`
}

// ResultDecision is the customer's CommunicationResultStatus for one check result.
type ResultDecision = schema.DeskResultDecision

// Answer is what the customer answered on the tablet (status 5). The
// caller has checked its text fields, phone, e-mail and agreements; the
// signature is DecodeSignature's output (nil: none given).
type Answer struct {
	UserID        int
	CustomerName  string
	AgreementIDs  []int
	Interventions []InterventionDecision
	Results       []ResultDecision
	CorrectPhone  string
	CorrectEmail  string
	Signature     []byte
}

// Shown are the interventions (visible to the customer, not deleted in the
// DMS) and check results (the diagnose overview's) of the appointment that
// the tablet shows and the customer decides on.
func Shown(ctx context.Context, db *ent.Client, appointmentID int) ([]*ent.Intervention, []*ent.CommunicationResult, error) {
	ivs, err := db.Intervention.Query().Where(intervention.AppointmentID(appointmentID), intervention.VisibleToCustomer(true),
		intervention.DmsDeleted(false)).Order(ent.Asc(intervention.FieldID)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	crs, err := db.CommunicationResult.Query().Where(communicationresult.AppointmentID(appointmentID),
		communicationresult.Kind("diagnose")).Order(ent.Asc(communicationresult.FieldID)).All(ctx)
	return ivs, crs, err
}

// decisionProblems checks that every decision names something shown, once.
func decisionProblems(a Answer, ivs []*ent.Intervention, crs []*ent.CommunicationResult) []string {
	var p []string
	seen := map[int]bool{}
	for i, d := range a.Interventions {
		if !slices.ContainsFunc(ivs, func(iv *ent.Intervention) bool { return iv.ID == d.InterventionID }) {
			p = append(p, fmt.Sprintf("interventions[%d].intervention_id: %d is not shown with this desk check-in", i, d.InterventionID))
		} else if seen[d.InterventionID] {
			p = append(p, fmt.Sprintf("interventions[%d].intervention_id: %d is decided twice", i, d.InterventionID))
		}
		seen[d.InterventionID] = true
	}
	seen = map[int]bool{}
	for i, d := range a.Results {
		switch {
		case !slices.ContainsFunc(crs, func(cr *ent.CommunicationResult) bool { return cr.ID == d.ResultID }):
			p = append(p, fmt.Sprintf("results[%d].result_id: %d is not shown with this desk check-in", i, d.ResultID))
		case seen[d.ResultID]:
			p = append(p, fmt.Sprintf("results[%d].result_id: %d is decided twice", i, d.ResultID))
		case d.Status != enums.CommunicationResultStatusAgree && d.Status != enums.CommunicationResultStatusDecline &&
			d.Status != enums.CommunicationResultStatusContactMe:
			p = append(p, fmt.Sprintf("results[%d].status: must be 2 (fix), 3 (do not fix) or 4 (contact me)", i))
		}
		seen[d.ResultID] = true
	}
	return p
}

// SaveAnswer records the customer's answer once: the status moves from
// opened to answered in the same statement that checks it is still opened,
// so two answers at once (two taps, two tabs) store one; the other gets
// ErrAlreadyAnswered. The decisions are stored as the spec's
// DeskAgreedIntervention and DeskDeclinedIntervention (title, description,
// price and VAT as they were), the signature as a file of the
// appointment's communication, named by the "answered" event, and the
// dealer stream's communication.answered (kind desk_check_in) is recorded
// in the same transaction. A Refusal changes nothing.
func SaveAnswer(ctx context.Context, db *ent.Client, desk *ent.DeskCommunication, a Answer) error {
	ivs, crs, err := Shown(ctx, db, desk.AppointmentID)
	if err != nil {
		return err
	}
	if p := decisionProblems(a, ivs, crs); len(p) > 0 {
		return Refusals(p)
	}
	var comID int
	if a.Signature != nil {
		comID, err = db.CustomerCommunication.Query().Where(customercommunication.AppointmentID(desk.AppointmentID)).
			Order(ent.Desc(customercommunication.FieldID)).FirstID(ctx)
		if ent.IsNotFound(err) {
			return Refusal("customer_signature: the appointment has no communication yet to keep the signature with")
		}
		if err != nil {
			return err
		}
	}
	vat, err := locationVAT(ctx, db, desk.DealerLocationID)
	if err != nil {
		return err
	}
	return store.WithTx(ctx, db, func(tx *ent.Tx) error {
		results := a.Results
		if results == nil {
			results = []ResultDecision{}
		}
		accepted := a.AgreementIDs
		if accepted == nil {
			accepted = []int{}
		}
		upd := tx.DeskCommunication.Update().Where(deskcommunication.ID(desk.ID), deskcommunication.StatusEQ(enums.DeskCommunicationStatusOpened)).
			SetStatus(enums.DeskCommunicationStatusAnswered).SetAcceptedAgreementIds(accepted).SetResultDecisions(results).
			SetCorrectPhone(a.CorrectPhone).SetCorrectEmail(a.CorrectEmail)
		if a.CustomerName != "" {
			upd.SetCustomerName(a.CustomerName)
		}
		n, err := upd.Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			now, err := tx.DeskCommunication.Get(ctx, desk.ID)
			if err != nil {
				return err
			}
			if now.Status == enums.DeskCommunicationStatusAnswered {
				return ErrAlreadyAnswered
			}
			return Refusal(fmt.Sprintf("status: cannot go from %d (%s) to 5 (%s)", now.Status, now.Status.Description(),
				enums.DeskCommunicationStatusAnswered.Description()))
		}
		for _, d := range a.Interventions {
			i := slices.IndexFunc(ivs, func(iv *ent.Intervention) bool { return iv.ID == d.InterventionID })
			iv := ivs[i]
			if d.Agreed {
				err = tx.DeskAgreedIntervention.Create().SetDeskCommunicationID(desk.ID).SetInterventionID(iv.ID).SetTitle(iv.Title).
					SetDescription(iv.Description).SetPrice(iv.Price).SetVat(vat).Exec(ctx)
			} else {
				err = tx.DeskDeclinedIntervention.Create().SetDeskCommunicationID(desk.ID).SetInterventionID(iv.ID).SetTitle(iv.Title).
					SetDescription(iv.Description).SetPrice(iv.Price).SetVat(vat).Exec(ctx)
			}
			if err != nil {
				return err
			}
		}
		ev := tx.DeskCommunicationEvent.Create().SetDeskCommunicationID(desk.ID).SetType(enums.DeskCommunicationEventTypeAnswered).
			SetUserID(a.UserID).SetCustomerName(a.CustomerName)
		if a.Signature != nil {
			f, err := files.Save(ctx, tx, files.Meta{CommunicationID: comID, Name: fmt.Sprintf("desk-%d-signature.png", desk.ID),
				ContentType: "image/png"}, bytes.NewReader(a.Signature), MaxSignatureBytes)
			switch {
			case errors.Is(err, files.ErrTooLarge):
				return ErrSignatureTooLarge
			case errors.Is(err, files.ErrEmpty):
				return ErrSignatureEmpty
			case err != nil:
				return err
			}
			ev.SetSignatureFileID(f.ID)
		}
		if err := ev.Exec(ctx); err != nil {
			return err
		}
		// The dealer's event stream, in the answer's own transaction.
		_, err = dealerevents.Record(ctx, tx.Client(), dealerevents.DeskCheckInAnswered(desk, time.Time{}))
		return err
	})
}

// Refusals are several refusals at once.
type Refusals []string

func (r Refusals) Error() string { return fmt.Sprint([]string(r)) }

func locationVAT(ctx context.Context, db *ent.Client, locationID int) (float64, error) {
	loc, err := db.DealerLocation.Get(ctx, locationID)
	if err != nil {
		return 0, err
	}
	return loc.Vat, nil
}
