package api

import (
	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
)

// overviewEnabled refuses a diagnose or repair overview send (a validation
// error, before the workflow is asked) where the location has switched that
// communication off (DealerLocation.DiagnoseOverviewEnabled /
// RepairOverviewEnabled, read now: a change applies to the next send).
func (s *Server) overviewEnabled(c *gin.Context, ap *ent.Appointment, update string) bool {
	loc, err := s.DB.DealerLocation.Get(c.Request.Context(), ap.DealerLocationID)
	if err != nil {
		internal(c, err)
		return false
	}
	switch {
	case update == appointment.UpdateSendDiagnoseOverview && !loc.DiagnoseOverviewEnabled:
		invalid(c, "the diagnose overview is not enabled for this location (diagnose_overview_enabled)")
		return false
	case update == appointment.UpdateSendRepairOverview && !loc.RepairOverviewEnabled:
		invalid(c, "the repair overview is not enabled for this location (repair_overview_enabled)")
		return false
	}
	return true
}
