package dmsimport

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/dmsimport"
	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/integrations/incadea"
	"github.com/pitstop-dev/pitstop/internal/dms/dmsstore"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// The manual commands' inputs and outputs are the contract's
// (contracts/dmsimport), named as the activities spell them.
type (
	SearchInput   = dmsimport.SearchInput
	SearchOutput  = dmsimport.SearchOutput
	RefreshInput  = dmsimport.RefreshInput
	MileageInput  = dmsimport.MileageInput
	MileageOutput = dmsimport.MileageOutput
	ItemResult    = dmsimport.ItemResult
)

// appointmentsOf maps DMS keys of a location to their appointments' ids.
func (a *Activities) appointmentsOf(ctx context.Context, locID int, keys []string) (map[string]int, error) {
	rows, err := a.DB.Appointment.Query().Where(entappointment.DealerLocationID(locID), entappointment.DmsKeyIn(keys...)).
		Select(entappointment.FieldID, entappointment.FieldDmsKey).All(ctx)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]int, len(rows))
	for _, r := range rows {
		ids[*r.DmsKey] = r.ID
	}
	return ids, nil
}

// SearchAndImport searches Incadea and imports the (chosen) results.
func (a *Activities) SearchAndImport(ctx context.Context, in SearchInput) (SearchOutput, error) {
	inc, err := a.incadea()
	if err != nil {
		return SearchOutput{}, err
	}
	var found []incadea.WorkOrder
	switch {
	case strings.TrimSpace(in.WONr) != "" && strings.TrimSpace(in.RegNr) == "":
		found, err = inc.SearchByWONr(ctx, in.WONr)
	case strings.TrimSpace(in.RegNr) != "" && strings.TrimSpace(in.WONr) == "":
		found, err = inc.SearchByRegistration(ctx, in.RegNr)
	default:
		return SearchOutput{}, temporal.NewNonRetryableApplicationError("give exactly one of wo_nr and reg_nr", errtypes.Validation, nil)
	}
	if err != nil {
		return SearchOutput{}, incadeaErr(err)
	}
	out := SearchOutput{Items: []ItemResult{}}
	for i := range found {
		w := found[i]
		if len(in.DMSNrs) > 0 && !slices.Contains(in.DMSNrs, strings.TrimSpace(w.ID)) {
			continue
		}
		r, err := a.importOne(ctx, w, in.LocationIDs)
		if err != nil {
			return SearchOutput{}, err
		}
		out.Items = append(out.Items, r)
	}
	return out, nil
}

// importOne imports one work order into the location its branch names, if
// the caller may use that location.
func (a *Activities) importOne(ctx context.Context, w incadea.WorkOrder, allowed []int) (ItemResult, error) {
	refuse := func(msg string) ItemResult {
		return ItemResult{DMSNr: strings.TrimSpace(w.ID), WONr: strings.TrimSpace(w.Number), Kind: "refused", Errors: []string{msg}}
	}
	l, err := a.DB.DealerLocation.Query().Where(dealerlocation.DmsLocationID(strings.TrimSpace(w.BranchID))).Only(ctx)
	if err != nil {
		if !ent.IsNotFound(err) {
			return ItemResult{}, err
		}
		return refuse(fmt.Sprintf("dms_location_id: %q is not a known dealer location", w.BranchID)), nil
	}
	if allowed != nil && !slices.Contains(allowed, l.ID) {
		return refuse("dms_location_id: the work order belongs to a location you cannot access"), nil
	}
	res, err := a.importWire(ctx, dmsstore.LocationOf(l), []incadea.WorkOrder{w}, nil)
	if err != nil {
		return ItemResult{}, err
	}
	return res[0], nil
}

// Refresh reads the appointment's work order again from Incadea and imports
// it (a date change reaches the workflow as a reschedule, a cancellation
// ends it).
func (a *Activities) Refresh(ctx context.Context, in RefreshInput) (ItemResult, error) {
	ap, err := a.DB.Appointment.Get(ctx, in.AppointmentID)
	if err != nil {
		return ItemResult{}, store.WrapNotFound(err, "appointment", in.AppointmentID)
	}
	if ap.DmsNr == "" || ap.DmsKey == nil {
		return ItemResult{}, temporal.NewNonRetryableApplicationError("the appointment did not come from the DMS: nothing to refresh", errtypes.Rejected, nil)
	}
	inc, err := a.incadea()
	if err != nil {
		return ItemResult{}, err
	}
	w, err := inc.GetWorkOrder(ctx, ap.DmsNr)
	if err != nil {
		return ItemResult{}, incadeaErr(err)
	}
	return a.importOne(ctx, *w, []int{ap.DealerLocationID})
}

// WriteMileage writes our mileage to Incadea when it is higher than the
// DMS's (spec 002) and was not written before: the last value written is
// recorded (dms_km_written), so the same value is never written twice. A
// retry after an uncertain write repeats the same value, which Incadea
// accepts (PROTOCOL.md), and then records it.
func (a *Activities) WriteMileage(ctx context.Context, in MileageInput) (MileageOutput, error) {
	ap, err := a.DB.Appointment.Get(ctx, in.AppointmentID)
	if err != nil {
		return MileageOutput{}, store.WrapNotFound(err, "appointment", in.AppointmentID)
	}
	out := MileageOutput{DMSKM: ap.DmsKm}
	switch {
	case ap.DmsNr == "" || ap.DmsKey == nil:
		out.Reason = "the appointment did not come from the DMS"
	case in.KM <= ap.DmsKm:
		out.Reason = fmt.Sprintf("%d km is not higher than the DMS's %d km", in.KM, ap.DmsKm)
	case in.KM == ap.DmsKmWritten:
		out.Reason = fmt.Sprintf("%d km was already written to the DMS", in.KM)
	}
	if out.Reason != "" {
		return out, nil
	}
	inc, err := a.incadea()
	if err != nil {
		return out, err
	}
	if err := inc.WriteMileage(ctx, ap.DmsNr, in.KM); err != nil {
		if !incadea.IsRetryable(err) {
			out.Reason = err.Error()
			return out, nil
		}
		return out, err
	}
	// dms_km follows too, so a later lower reading is refused here already.
	// The hash stays: the next import sees Incadea's new mileage and
	// updates the row (its mileage equals ours then).
	if err := a.DB.Appointment.UpdateOneID(ap.ID).SetDmsKmWritten(in.KM).SetDmsKm(in.KM).SetCurrentKm(in.KM).Exec(ctx); err != nil {
		return out, err
	}
	out.Written, out.DMSKM = true, in.KM
	return out, nil
}
