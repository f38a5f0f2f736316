package staff

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/api/httpx"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/dmsimport"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
	dmscaller "github.com/pitstop-dev/pitstop/workflows/dmsimport/caller"
)

// dmsImportRoutes: the DMS import endpoints of signed-in staff (not
// counter tablets), scoped to the token's locations.
func (s *Handlers) dmsImportRoutes(staff *gin.RouterGroup) {
	rec := staff.Group("", httpx.Allow(httpx.PermAppointmentsWrite))
	rec.POST("/dms/import", httpx.Handle(s.dmsImport))
	rec.POST("/appointments/:id/dms/refresh", httpx.Handle(s.dmsRefresh))
	rec.POST("/appointments/:id/dms/mileage", httpx.Handle(s.dmsMileage))
	rec.PUT("/dms/schedules/:location_id", httpx.Handle(s.dmsScheduleCreate))
	rec.GET("/dms/schedules/:location_id", httpx.Handle(s.dmsScheduleStatus))
	rec.POST("/dms/schedules/:location_id/pause", httpx.Handle(s.dmsSchedulePause))
	rec.POST("/dms/schedules/:location_id/resume", httpx.Handle(s.dmsScheduleResume))
	rec.POST("/dms/schedules/:location_id/trigger", httpx.Handle(s.dmsScheduleTrigger))
}

// DMSImportRequest is a search-bar import: exactly one of wo_nr and reg_nr;
// dms_nrs picks results (empty imports all).
type DMSImportRequest struct {
	WONr   string   `json:"wo_nr"`
	RegNr  string   `json:"reg_nr"`
	DMSNrs []string `json:"dms_nrs"`
}

// DMSItemResult is one work order's outcome.
type DMSItemResult struct {
	DMSNr         string   `json:"dms_nr"`
	WONr          string   `json:"wo_nr"`
	AppointmentID int      `json:"appointment_id"`
	Result        string   `json:"result"`    // new, rescheduled, cancelled, changed, unchanged, refused
	Lifecycle     string   `json:"lifecycle"` // started, signalled, closed, no_workflow, "" when untouched
	Errors        []string `json:"errors"`
}

// DMSImportResponse lists the results.
type DMSImportResponse struct {
	Items []DMSItemResult `json:"items"`
}

func itemOf(dmsNr, woNr string, apID int, kind, lifecycle string, errs []string) DMSItemResult {
	if kind == "" {
		kind = "unchanged"
	}
	if errs == nil {
		errs = []string{}
	}
	return DMSItemResult{DMSNr: dmsNr, WONr: woNr, AppointmentID: apID, Result: kind, Lifecycle: lifecycle, Errors: errs}
}

// manualOutcome maps a manual workflow's failure: final application errors
// are the user's to read (HTTP 200 with errors), the rest is unavailability.
func manualOutcome(err error) error {
	if err == nil {
		return nil
	}
	var ae *temporal.ApplicationError
	if errors.As(err, &ae) {
		switch ae.Type() {
		case errtypes.NotFound:
			return httpx.Fail(http.StatusNotFound, ae.Error())
		case errtypes.Validation, errtypes.Rejected:
			return httpx.Invalid(ae.Error())
		}
	}
	return httpx.Unavailable(err)
}

func (s *Handlers) dmsImport(c *gin.Context) error {
	var req DMSImportRequest
	if err := httpx.DecodeStrict(c, &req); err != nil {
		return err
	}
	req.WONr, req.RegNr = strings.TrimSpace(req.WONr), strings.TrimSpace(req.RegNr)
	var problems []string
	if (req.WONr == "") == (req.RegNr == "") {
		problems = append(problems, "give exactly one of wo_nr and reg_nr")
	}
	problems = append(problems, textcheck.Line("wo_nr", req.WONr, 64)...)
	problems = append(problems, textcheck.Line("reg_nr", req.RegNr, 32)...)
	if len(req.DMSNrs) > 100 {
		problems = append(problems, "dms_nrs: at most 100")
	}
	for i, n := range req.DMSNrs {
		problems = append(problems, textcheck.Line(fmt.Sprintf("dms_nrs[%d]", i), n, 64)...)
	}
	if len(problems) > 0 {
		return httpx.Invalid(problems...)
	}
	cl := httpx.Claims(c)
	h := sha256.Sum256([]byte(fmt.Sprint(cl.LocationIDs, "|", req.WONr, "|", req.RegNr, "|", req.DMSNrs)))
	out, err := dmscaller.RunManual(c.Request.Context(), s.Temporal, s.TaskQueue, "dms-search-"+hex.EncodeToString(h[:8]),
		dmsimport.ManualInput{Kind: dmsimport.ManualSearch, Search: &dmsimport.SearchInput{WONr: req.WONr, RegNr: req.RegNr, LocationIDs: allowedLocations(cl), DMSNrs: req.DMSNrs}},
		"manual DMS import from the search bar")
	if err := manualOutcome(err); err != nil {
		return err
	}
	resp := DMSImportResponse{Items: []DMSItemResult{}}
	for _, r := range out.Search.Items {
		resp.Items = append(resp.Items, itemOf(r.DMSNr, r.WONr, r.AppointmentID, r.Kind, r.Lifecycle, r.Errors))
	}
	c.JSON(http.StatusOK, resp)
	return nil
}

// allowedLocations is nil (any) for roles that see every location.
func allowedLocations(cl auth.Claims) []int {
	if cl.CanAccess(-1) {
		return nil
	}
	return append([]int{}, cl.LocationIDs...)
}

func (s *Handlers) dmsRefresh(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	out, err := dmscaller.RunManual(c.Request.Context(), s.Temporal, s.TaskQueue, fmt.Sprintf("dms-refresh-%d", ap.ID),
		dmsimport.ManualInput{Kind: dmsimport.ManualRefresh, Refresh: &dmsimport.RefreshInput{AppointmentID: ap.ID}},
		"refresh work order "+ap.WoNr+" from the DMS")
	if err := manualOutcome(err); err != nil {
		return err
	}
	r := out.Refresh
	c.JSON(http.StatusOK, itemOf(r.DMSNr, r.WONr, r.AppointmentID, r.Kind, r.Lifecycle, r.Errors))
	return nil
}

// DMSMileageRequest is our odometer reading of the appointment's car.
type DMSMileageRequest struct {
	Mileage *int `json:"mileage"`
}

// DMSMileageResponse says whether the DMS was written.
type DMSMileageResponse struct {
	Written bool   `json:"written"`
	Reason  string `json:"reason"`
	DMSKM   int    `json:"dms_km"`
}

func (s *Handlers) dmsMileage(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	var req DMSMileageRequest
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	if req.Mileage == nil || *req.Mileage < 0 || *req.Mileage > 5_000_000 {
		return httpx.Invalid("mileage: required, 0..5000000 km")
	}
	km := *req.Mileage
	out, err := dmscaller.RunManual(c.Request.Context(), s.Temporal, s.TaskQueue, fmt.Sprintf("dms-mileage-%d-%d", ap.ID, km),
		dmsimport.ManualInput{Kind: dmsimport.ManualMileage, Mileage: &dmsimport.MileageInput{AppointmentID: ap.ID, KM: km}},
		"write mileage of work order "+ap.WoNr+" back to the DMS")
	if err := manualOutcome(err); err != nil {
		return err
	}
	c.JSON(http.StatusOK, DMSMileageResponse{Written: out.Mileage.Written, Reason: out.Mileage.Reason, DMSKM: out.Mileage.DMSKM})
	return nil
}

// dmsLocationParam reads :location_id and checks the token may use it (404
// otherwise, as for appointments).
func dmsLocationParam(c *gin.Context) (int, error) {
	id, err := strconv.Atoi(c.Param("location_id"))
	if err != nil || id <= 0 {
		return 0, httpx.Invalid("location_id: must be a positive dealer location ID")
	}
	if !httpx.Claims(c).CanAccess(id) {
		return 0, httpx.Fail(http.StatusNotFound, "dealer location not found")
	}
	return id, nil
}

// DMSScheduleStatus is a location's import schedule.
type DMSScheduleStatus struct {
	LocationID      int        `json:"location_id"`
	ScheduleID      string     `json:"schedule_id"`
	Paused          bool       `json:"paused"`
	Note            string     `json:"note"`
	IntervalMinutes int        `json:"interval_minutes"`
	NextRuns        []string   `json:"next_runs"`
	RecentRuns      []string   `json:"recent_runs"`
	Running         []string   `json:"running_workflow_ids"`
	Runs            int64      `json:"runs"`
	SkippedOverlap  int64      `json:"skipped_overlap"`
	Watermark       *time.Time `json:"watermark"`
}

func scheduleErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, dmsimport.ErrNoSchedule) {
		return httpx.Fail(http.StatusNotFound, "no import schedule for this location; create it with PUT")
	}
	return httpx.Unavailable(err)
}

// dmsScheduleCreate creates the schedule (or updates its interval) from the
// location's dms_import_interval_minutes. It takes no body, or an empty
// object: any field ({"interval":"1s"}) is refused rather than ignored,
// since the interval is the location's setting.
func (s *Handlers) dmsScheduleCreate(c *gin.Context) error {
	id, err := dmsLocationParam(c)
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(io.LimitReader(c.Request.Body, httpx.MaxJSONBody+1))
	if err != nil {
		return httpx.Invalid("could not read the request body")
	}
	if len(bytes.TrimSpace(raw)) > 0 {
		var none struct{}
		c.Request.Body = io.NopCloser(bytes.NewReader(raw))
		if err := httpx.DecodeStrict(c, &none); err != nil {
			return err
		}
	}
	loc, err := s.DB.DealerLocation.Get(c.Request.Context(), id)
	if err != nil {
		return httpx.Fail(http.StatusNotFound, "dealer location not found")
	}
	if loc.DmsLocationID == nil || *loc.DmsLocationID == "" {
		return httpx.Invalid("the location has no DMS location id: nothing to import")
	}
	if err := scheduleErr(dmscaller.EnsureSchedule(c.Request.Context(), s.Temporal, s.TaskQueue, id, time.Duration(loc.DmsImportIntervalMinutes)*time.Minute)); err != nil {
		return err
	}
	return s.dmsScheduleStatus(c)
}

func (s *Handlers) dmsScheduleStatus(c *gin.Context) error {
	id, err := dmsLocationParam(c)
	if err != nil {
		return err
	}
	st, err := dmscaller.DescribeSchedule(c.Request.Context(), s.Temporal, id)
	if err := scheduleErr(err); err != nil {
		return err
	}
	out := DMSScheduleStatus{LocationID: id, ScheduleID: dmsimport.ScheduleID(id), Paused: st.Paused, Note: st.Note,
		IntervalMinutes: int(st.Every / time.Minute), NextRuns: []string{}, RecentRuns: []string{}, Running: []string{},
		Runs: st.ActionCount, SkippedOverlap: st.Skipped}
	for _, t := range st.NextRuns {
		out.NextRuns = append(out.NextRuns, t.UTC().Format(time.RFC3339))
	}
	for _, t := range st.RecentRuns {
		out.RecentRuns = append(out.RecentRuns, t.UTC().Format(time.RFC3339))
	}
	out.Running = append(out.Running, st.RunningIDs...)
	if loc, err := s.DB.DealerLocation.Get(c.Request.Context(), id); err == nil {
		out.Watermark = loc.DmsImportWatermark
	}
	c.JSON(http.StatusOK, out)
	return nil
}

func (s *Handlers) dmsSchedulePause(c *gin.Context) error {
	id, err := dmsLocationParam(c)
	if err != nil {
		return err
	}
	if err := scheduleErr(dmscaller.PauseSchedule(c.Request.Context(), s.Temporal, id, fmt.Sprintf("paused by user %d", httpx.Claims(c).UserID))); err != nil {
		return err
	}
	return s.dmsScheduleStatus(c)
}

func (s *Handlers) dmsScheduleResume(c *gin.Context) error {
	id, err := dmsLocationParam(c)
	if err != nil {
		return err
	}
	if err := scheduleErr(dmscaller.ResumeSchedule(c.Request.Context(), s.Temporal, id, fmt.Sprintf("resumed by user %d", httpx.Claims(c).UserID))); err != nil {
		return err
	}
	return s.dmsScheduleStatus(c)
}

func (s *Handlers) dmsScheduleTrigger(c *gin.Context) error {
	id, err := dmsLocationParam(c)
	if err != nil {
		return err
	}
	if err := scheduleErr(dmscaller.TriggerSchedule(c.Request.Context(), s.Temporal, id)); err != nil {
		return err
	}
	return s.dmsScheduleStatus(c)
}
