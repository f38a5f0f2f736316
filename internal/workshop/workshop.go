// Package workshop records what the workshop's staff mark on an
// appointment outside its lifecycle workflow: a customer's remark handled,
// an intervention fixed by the mechanic. The staff API (api/staff) calls it
// once per request; no workflow owns these fields.
package workshop

import (
	"context"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/checkinremark"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewremark"
	"github.com/pitstop-dev/pitstop/ent/intervention"
)

// RemarkKind names the two kinds of customer remark.
type RemarkKind string

const (
	CheckInRemark          RemarkKind = "check_in"
	DiagnoseOverviewRemark RemarkKind = "diagnose_overview"
)

// RemarkHandled marks a remark handled by the receptionist.
func RemarkHandled(ctx context.Context, db *ent.Client, kind RemarkKind, id int) error {
	if kind == CheckInRemark {
		return db.CheckInRemark.Update().Where(checkinremark.ID(id)).SetReceptionistHandled(true).Exec(ctx)
	}
	return db.DiagnoseOverviewRemark.Update().Where(diagnoseoverviewremark.ID(id)).SetReceptionistHandled(true).Exec(ctx)
}

// MechanicFixed sets whether the appointment's intervention was fixed (what
// the repair overview reports as done); false when it is not the
// appointment's.
func MechanicFixed(ctx context.Context, db *ent.Client, appointmentID, interventionID int, fixed bool) (bool, error) {
	n, err := db.Intervention.Update().Where(intervention.ID(interventionID), intervention.AppointmentID(appointmentID)).
		SetMechanicFixed(fixed).Save(ctx)
	return n > 0, err
}
