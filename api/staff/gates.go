package staff

import (
	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
)

// overviewEnabled refuses a diagnose or repair overview send (a validation
// error, before the workflow is asked) where the location has switched that
// communication off (DealerLocation.DiagnoseOverviewEnabled /
// RepairOverviewEnabled, read now: a change applies to the next send).
func (s *Handlers) overviewEnabled(c *gin.Context, ap *ent.Appointment, update string) error {
	loc, err := s.DB.DealerLocation.Get(c.Request.Context(), ap.DealerLocationID)
	if err != nil {
		return err
	}
	switch {
	case update == appointment.UpdateSendDiagnoseOverview && !loc.DiagnoseOverviewEnabled:
		return httpx.Invalid("the diagnose overview is not enabled for this location (diagnose_overview_enabled)")
	case update == appointment.UpdateSendRepairOverview && !loc.RepairOverviewEnabled:
		return httpx.Invalid("the repair overview is not enabled for this location (repair_overview_enabled)")
	}
	return nil
}
