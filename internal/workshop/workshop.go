// Package workshop records what the workshop's staff mark on an
// appointment outside its lifecycle workflow: a customer's remark handled,
// an intervention fixed by the mechanic, re-priced or hidden, a mechanic's
// photo or video hidden from the customer. The staff API (api/staff) calls it
// once per request; no workflow owns these fields.
package workshop

import (
	"context"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/checkinremark"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewremark"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/questionresult"
	"github.com/pitstop-dev/pitstop/ent/questionresultimage"
	"github.com/pitstop-dev/pitstop/ent/questionresultvideo"
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

// InterventionEdit is what a receptionist changes on an intervention
// before sending (or resending) the diagnose overview: its price, and
// whether the customer sees it. A nil field stays as it is.
type InterventionEdit struct {
	Price             *float64
	VisibleToCustomer *bool
}

// EditIntervention applies e to the appointment's intervention and returns
// it (nil when it is not the appointment's). A new price sets
// dms_price_edited (the spec's DMSPriceEdited), so the next DMS import
// keeps the receptionist's price (internal/dms/dmsstore).
func EditIntervention(ctx context.Context, db *ent.Client, appointmentID, interventionID int, e InterventionEdit) (*ent.Intervention, error) {
	up := db.Intervention.Update().Where(intervention.ID(interventionID), intervention.AppointmentID(appointmentID))
	if e.Price != nil {
		up.SetPrice(*e.Price).SetDmsPriceEdited(true)
	}
	if e.VisibleToCustomer != nil {
		up.SetVisibleToCustomer(*e.VisibleToCustomer)
	}
	n, err := up.Save(ctx)
	if err != nil || n == 0 {
		return nil, err
	}
	return db.Intervention.Get(ctx, interventionID)
}

// HideVideo sets whether the customer sees a mechanic's video of one of
// the appointment's check results (the spec's QuestionResultVideo.Visible;
// the customer's read shows only visible ones) and returns it (nil when it
// is not the appointment's).
func HideVideo(ctx context.Context, db *ent.Client, appointmentID, videoID int, visible bool) (*ent.QuestionResultVideo, error) {
	n, err := db.QuestionResultVideo.Update().Where(questionresultvideo.ID(videoID),
		questionresultvideo.HasQuestionResultWith(questionresult.AppointmentID(appointmentID))).SetVisible(visible).Save(ctx)
	if err != nil || n == 0 {
		return nil, err
	}
	return db.QuestionResultVideo.Get(ctx, videoID)
}

// PhotoEdit is what a receptionist changes on a mechanic's photo: Active
// (the spec's QuestionResultImage.Active; an inactive photo is in neither
// the customer's read nor the repair overview's PDF) and VisibleInPDF (in
// the read, but not printed). A nil field stays as it is.
type PhotoEdit struct {
	Active, VisibleInPDF *bool
}

// EditPhoto applies e to a photo of one of the appointment's check results
// and returns it (nil when it is not the appointment's).
func EditPhoto(ctx context.Context, db *ent.Client, appointmentID, imageID int, e PhotoEdit) (*ent.QuestionResultImage, error) {
	up := db.QuestionResultImage.Update().Where(questionresultimage.ID(imageID),
		questionresultimage.HasQuestionResultWith(questionresult.AppointmentID(appointmentID)))
	if e.Active != nil {
		up.SetActive(*e.Active)
	}
	if e.VisibleInPDF != nil {
		up.SetVisibleInPdf(*e.VisibleInPDF)
	}
	n, err := up.Save(ctx)
	if err != nil || n == 0 {
		return nil, err
	}
	return db.QuestionResultImage.Get(ctx, imageID)
}
