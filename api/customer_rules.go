package api

import (
	"context"
	"fmt"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/checkinresult"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/customercommunicationagreement"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// What the location's settings promise, checked on customer answers before
// they reach the workflow (validation errors: HTTP 200 with the problems):
//
//   - CheckInRemarksEnabled / DiagnoseOverviewRemarksEnabled: remarks are
//     refused where the location does not take them;
//   - IsCustomerAnsweredCheckInMandatory (decision where the spec only says
//     "Is customer answered checkin mandatory"): the customer must answer
//     every check-in item offered, not only some;
//   - an agreement presented as not optional (optional_online_check_in or
//     optional_customcom false) must be accepted. The agreement rows named
//     are the exact versions presented, so an answer records the version
//     the customer accepted even when the dealer edits it later.

func (s *Server) checkInRules(c *gin.Context, com *ent.CustomerCommunication, ans appointment.CheckInAnswer) bool {
	ctx := c.Request.Context()
	loc, set, err := s.locationSettings(ctx, com.DealerLocationID)
	if err != nil {
		internal(c, err)
		return false
	}
	var p []string
	if len(ans.Remarks) > 0 && !set.CheckInRemarksEnabled {
		p = append(p, "remarks: this location does not take remarks with the online check-in")
	}
	if loc.IsCustomerAnsweredCheckInMandatory {
		offered, err := s.DB.CheckInResult.Query().Where(checkinresult.CustomerCommunicationID(com.ID), checkinresult.Visible(true)).IDs(ctx)
		if err != nil {
			internal(c, err)
			return false
		}
		for _, id := range offered {
			if !slices.ContainsFunc(ans.Results, func(r appointment.CheckInResultAnswer) bool { return r.ID == id }) {
				p = append(p, fmt.Sprintf("results: check-in item %d must be answered (this location requires an answer to every item)", id))
			}
		}
	}
	// The check-in names agreement definitions (their exact versions).
	presented, err := s.DB.CustomerCommunicationAgreement.Query().Where(customercommunicationagreement.CustomerCommunicationID(com.ID),
		customercommunicationagreement.HasAgreementWith(communicationagreement.VisibleOnlineCheckIn(true),
			communicationagreement.OptionalOnlineCheckIn(false))).WithAgreement().All(ctx)
	if err != nil {
		internal(c, err)
		return false
	}
	for _, cca := range presented {
		a := cca.Edges.Agreement
		if !slices.Contains(ans.AgreementIDs, a.ID) && !slices.Contains(p, mandatoryProblem(a)) {
			p = append(p, mandatoryProblem(a))
		}
	}
	if len(p) > 0 {
		invalid(c, p...)
		return false
	}
	return true
}

var diagnoseEvents = []enums.CommunicationEventType{enums.CommunicationEventTypeDiagnoseOverviewCreated, enums.CommunicationEventTypeDiagnoseOverviewResent}

func (s *Server) diagnoseRules(c *gin.Context, com *ent.CustomerCommunication, ans appointment.DiagnoseAnswer) bool {
	ctx := c.Request.Context()
	_, set, err := s.locationSettings(ctx, com.DealerLocationID)
	if err != nil {
		internal(c, err)
		return false
	}
	var p []string
	if len(ans.Remarks) > 0 && !set.DiagnoseOverviewRemarksEnabled {
		p = append(p, "remarks: this location does not take remarks with the diagnose overview")
	}
	// The diagnose answer names the presented copies; every mandatory
	// definition presented with a diagnose overview must be among them.
	presented, err := s.DB.CustomerCommunicationAgreement.Query().Where(customercommunicationagreement.CustomerCommunicationID(com.ID),
		customercommunicationagreement.HasAgreementWith(communicationagreement.OptionalCustomcom(false)),
		customercommunicationagreement.CommunicationEventIDIn(s.eventIDs(ctx, com.ID)...)).WithAgreement().All(ctx)
	if err != nil {
		internal(c, err)
		return false
	}
	accepted := map[int]bool{}
	for _, cca := range presented {
		if slices.Contains(ans.AgreementIDs, cca.ID) {
			accepted[cca.CommunicationAgreementID] = true
		}
	}
	// Copies named that are not mandatory still count as accepting their definition.
	if len(ans.AgreementIDs) > 0 {
		named, err := s.DB.CustomerCommunicationAgreement.Query().Where(customercommunicationagreement.CustomerCommunicationID(com.ID),
			customercommunicationagreement.IDIn(ans.AgreementIDs...)).All(ctx)
		if err != nil {
			internal(c, err)
			return false
		}
		for _, n := range named {
			accepted[n.CommunicationAgreementID] = true
		}
	}
	for _, cca := range presented {
		a := cca.Edges.Agreement
		if !accepted[a.ID] && !slices.Contains(p, mandatoryProblem(a)) {
			p = append(p, mandatoryProblem(a))
		}
	}
	if len(p) > 0 {
		invalid(c, p...)
		return false
	}
	return true
}

// eventIDs are the communication's diagnose overview events (sent and resent).
func (s *Server) eventIDs(ctx context.Context, comID int) []int {
	ids, _ := s.DB.CommunicationEvent.Query().Where(communicationevent.CustomerCommunicationID(comID),
		communicationevent.TypeIn(diagnoseEvents...)).IDs(ctx)
	if ids == nil {
		return []int{}
	}
	return ids
}
