package customer

import (
	"context"
	"fmt"
	"slices"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/checkinresult"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/customercommunicationagreement"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/routes"
	apptcaller "github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// The database rules of a customer's answer: what the location's settings
// and the communication's rows promise, checked here (their one home)
// before the answer reaches the workflow (validation errors: HTTP 200 with
// the problems). The answer's shape rules live in contracts/appointment
// (CheckInShape, DiagnoseShape), its state rules in the workflow.
//
//   - CheckInRemarksEnabled / DiagnoseOverviewRemarksEnabled: remarks are
//     refused where the location does not take them;
//   - IsCustomerAnsweredCheckInMandatory (decision where the spec only says
//     "Is customer answered checkin mandatory"): the customer must answer
//     every check-in item offered, not only some;
//   - attachments named in remarks must have been uploaded to this same
//     communication (checkAttachments);
//   - an agreement presented as not optional (optional_online_check_in or
//     optional_customcom false) must be accepted. The agreement rows named
//     are the exact versions presented, so an answer records the version
//     the customer accepted even when the dealer edits it later.

func (h *Handlers) checkInRules(ctx context.Context, com *ent.CustomerCommunication, ans appointment.CheckInAnswer) error {
	loc, set, err := h.reader.LocationSettings(ctx, com.DealerLocationID)
	if err != nil {
		return httpx.Internal(err)
	}
	var p []string
	if len(ans.Remarks) > 0 && !set.CheckInRemarksEnabled {
		p = append(p, "remarks: this location does not take remarks with the online check-in")
	}
	if loc.IsCustomerAnsweredCheckInMandatory {
		offered, err := h.DB.CheckInResult.Query().Where(checkinresult.CustomerCommunicationID(com.ID), checkinresult.Visible(true)).IDs(ctx)
		if err != nil {
			return httpx.Internal(err)
		}
		for _, id := range offered {
			if !slices.ContainsFunc(ans.Results, func(r appointment.CheckInResultAnswer) bool { return r.ID == id }) {
				p = append(p, fmt.Sprintf("results: check-in item %d must be answered (this location requires an answer to every item)", id))
			}
		}
	}
	// The check-in names agreement definitions (their exact versions).
	presented, err := h.DB.CustomerCommunicationAgreement.Query().Where(customercommunicationagreement.CustomerCommunicationID(com.ID),
		customercommunicationagreement.HasAgreementWith(communicationagreement.VisibleOnlineCheckIn(true),
			communicationagreement.OptionalOnlineCheckIn(false))).WithAgreement().All(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	for _, cca := range presented {
		a := cca.Edges.Agreement
		if !slices.Contains(ans.AgreementIDs, a.ID) && !slices.Contains(p, commread.MandatoryProblem(a)) {
			p = append(p, commread.MandatoryProblem(a))
		}
	}
	if len(p) > 0 {
		return httpx.Invalid(p...)
	}
	return nil
}

// diagnoseFits refuses, before anything else, an answer sent to the
// endpoint that cannot answer this overview (appointment.DiagnoseFits),
// counting what the communication holds: its check results, and the
// interventions a diagnose overview offers (visible, not dropped by the
// DMS, not made from a check result). The workflow checks the same rule
// against what it sent.
func (h *Handlers) diagnoseFits(ctx context.Context, com *ent.CustomerCommunication, endpoint int) error {
	results, err := h.DB.CommunicationResult.Query().Where(communicationresult.CustomerCommunicationID(com.ID),
		communicationresult.Kind("diagnose"), communicationresult.QuestionResultIDNotNil()).Count(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	ivs, err := h.DB.Intervention.Query().Where(intervention.AppointmentID(com.AppointmentID), intervention.VisibleToCustomer(true),
		intervention.DmsDeleted(false), intervention.QuestionResultIDIsNil()).Count(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	if err := appointment.DiagnoseFits(endpoint, ivs, results); err != nil {
		return httpx.Invalid(apptcaller.Problems(apptcaller.Rejection(err))...)
	}
	return nil
}

var diagnoseEvents = []enums.CommunicationEventType{enums.CommunicationEventTypeDiagnoseOverviewCreated, enums.CommunicationEventTypeDiagnoseOverviewResent}

func (h *Handlers) diagnoseRules(ctx context.Context, com *ent.CustomerCommunication, ans appointment.DiagnoseAnswer) error {
	_, set, err := h.reader.LocationSettings(ctx, com.DealerLocationID)
	if err != nil {
		return httpx.Internal(err)
	}
	var p []string
	if len(ans.Remarks) > 0 && !set.DiagnoseOverviewRemarksEnabled {
		p = append(p, "remarks: this location does not take remarks with the diagnose overview")
	}
	// The diagnose answer names the presented copies; every mandatory
	// definition presented with a diagnose overview must be among them.
	presented, err := h.DB.CustomerCommunicationAgreement.Query().Where(customercommunicationagreement.CustomerCommunicationID(com.ID),
		customercommunicationagreement.HasAgreementWith(communicationagreement.OptionalCustomcom(false)),
		customercommunicationagreement.CommunicationEventIDIn(h.eventIDs(ctx, com.ID)...)).WithAgreement().All(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	accepted := map[int]bool{}
	for _, cca := range presented {
		if slices.Contains(ans.AgreementIDs, cca.ID) {
			accepted[cca.CommunicationAgreementID] = true
		}
	}
	// Copies named that are not mandatory still count as accepting their definition.
	if len(ans.AgreementIDs) > 0 {
		named, err := h.DB.CustomerCommunicationAgreement.Query().Where(customercommunicationagreement.CustomerCommunicationID(com.ID),
			customercommunicationagreement.IDIn(ans.AgreementIDs...)).All(ctx)
		if err != nil {
			return httpx.Internal(err)
		}
		for _, n := range named {
			accepted[n.CommunicationAgreementID] = true
		}
	}
	for _, cca := range presented {
		a := cca.Edges.Agreement
		if !accepted[a.ID] && !slices.Contains(p, commread.MandatoryProblem(a)) {
			p = append(p, commread.MandatoryProblem(a))
		}
	}
	if len(p) > 0 {
		return httpx.Invalid(p...)
	}
	return nil
}

// eventIDs are the communication's diagnose overview events (sent and resent).
func (h *Handlers) eventIDs(ctx context.Context, comID int) []int {
	ids, _ := h.DB.CommunicationEvent.Query().Where(communicationevent.CustomerCommunicationID(comID),
		communicationevent.TypeIn(diagnoseEvents...)).IDs(ctx)
	if ids == nil {
		return []int{}
	}
	return ids
}

// checkAttachments accepts only files uploaded to this same communication,
// and replaces each URL with the file's bare URL (no signature, which
// expires; reads sign it again).
func (h *Handlers) checkAttachments(ctx context.Context, comID int, remarks []appointment.RemarkAnswer) error {
	var problems []string
	for i, r := range remarks {
		for j, url := range r.Attachments {
			id, err := routes.AttachmentID(url)
			if err == nil {
				var f *ent.UploadedFile
				f, err = h.DB.UploadedFile.Query().Where(uploadedfile.ID(id), uploadedfile.CustomerCommunicationID(comID)).
					Select(uploadedfile.FieldID, uploadedfile.FieldName).Only(ctx)
				if ent.IsNotFound(err) {
					err = fmt.Errorf("not uploaded to this communication")
				} else if err == nil {
					r.Attachments[j] = h.reader.AttachmentURL(f.ID, f.Name)
				}
			}
			if err != nil {
				problems = append(problems, fmt.Sprintf("remarks[%d].attachments[%d]: %v", i, j, err))
			}
		}
	}
	if len(problems) > 0 {
		return httpx.Invalid(problems...)
	}
	return nil
}
