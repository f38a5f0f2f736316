package console

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/console"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/checkinremark"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewremark"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/user"
	"github.com/pitstop-dev/pitstop/internal/currency"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// MaxDayAppointments bounds one answer of GET /v1/desk/day: a location's
// busiest two days fit many times over.
const MaxDayAppointments = 500

// DayLocation is the location the day is of, with its zone: every time on
// the console is the location's wall clock.
type DayLocation struct {
	ID       int    `json:"id"`
	Name     string `json:"name"`
	TimeZone string `json:"time_zone"`
	// Currency is the ISO 4217 code the location's prices are in.
	Currency string `json:"currency"`
}

// DayAppointment is one appointment on the console's list.
type DayAppointment struct {
	ID                 int              `json:"id"`
	WoNr               string           `json:"wo_nr"`
	RegNumber          string           `json:"reg_number"`
	CarMake            string           `json:"car_make"`
	CarModel           string           `json:"car_model"`
	DriverFirstname    string           `json:"driver_firstname"`
	DriverSurname      string           `json:"driver_surname"`
	Company            string           `json:"company"`
	TimeCarApp         time.Time        `json:"time_car_app"`
	CarReturnTime      *time.Time       `json:"car_return_time"`
	CustomerWaiting    bool             `json:"customer_waiting"`
	LifecycleStage     string           `json:"lifecycle_stage"`
	CheckInComSent     bool             `json:"check_in_com_sent"`
	CheckInComAnswered bool             `json:"check_in_com_answered"`
	KeyDropped         bool             `json:"key_dropped"`
	CallMeItems        int              `json:"call_me_items"`
	RemarksNotHandled  int              `json:"remarks_not_handled"`
	NeedsPerson        []console.Reason `json:"needs_person"`
}

// DayView answers GET /v1/desk/day.
type DayView struct {
	Location DayLocation `json:"location"`
	// Date is the first day shown (YYYY-MM-DD, the location's calendar).
	Date string `json:"date"`
	Days int    `json:"days"`
	// Cursor is where GET /v1/desk/events continues from: every change
	// after this answer was read comes on the stream.
	Cursor       string           `json:"cursor"`
	Appointments []DayAppointment `json:"appointments"`
	// Tablets are the location's counter tablets a desk check-in can be
	// pushed to (POST /v1/appointments/{id}/desk_checkin/send).
	Tablets []Tablet `json:"tablets"`
}

// Tablet is a counter tablet account (RoleID 100) of the location.
type Tablet struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// maxTablets bounds the tablets read of a dealer.
const maxTablets = 100

// day: GET /v1/desk/day?location_id=&date=YYYY-MM-DD&days=1..2, the
// location's appointments of date (default: today there) and the days
// after it, those that need a person first (contracts/console).
func (h *Handlers) day(c *gin.Context) error {
	var q struct {
		LocationID int    `form:"location_id" binding:"required,gt=0"`
		Date       string `form:"date"`
		Days       int    `form:"days,default=2" binding:"gte=1,lte=2"`
	}
	if err := httpx.BindQuery(c, &q); err != nil {
		return err
	}
	loc, zone, err := h.location(c, q.LocationID)
	if err != nil {
		return err
	}
	now := h.core.Now()
	if q.Date == "" {
		q.Date = console.Today(now, zone)
	}
	from, _, err := console.Day(q.Date, zone)
	if err != nil {
		return httpx.Invalid("date: a calendar date YYYY-MM-DD")
	}
	to := time.Date(from.Year(), from.Month(), from.Day()+q.Days, 0, 0, 0, 0, zone)
	// The cursor is taken before the read: a change committed meanwhile is
	// on the stream too (the console reloads it; twice is harmless).
	cursor := encodeCursor(now)
	ctx := c.Request.Context()
	aps, err := h.core.DB.Appointment.Query().Where(appointment.DealerLocationID(loc.ID), appointment.TimeCarAppGTE(from),
		appointment.TimeCarAppLT(to)).Order(ent.Asc(appointment.FieldTimeCarApp), ent.Asc(appointment.FieldID)).
		Limit(MaxDayAppointments).All(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	list, err := dayAppointments(ctx, h.core.DB.Client, aps, zone, now)
	if err != nil {
		return httpx.Internal(err)
	}
	tablets, err := h.core.DB.User.Query().Where(user.DealerID(loc.DealerID), user.RoleID(enums.RoleIDCounterTablet),
		user.Status(enums.UserStatusIDActive)).Order(ent.Asc(user.FieldID)).Limit(maxTablets).All(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	view := DayView{Location: DayLocation{ID: loc.ID, Name: loc.Name, TimeZone: zone.String(), Currency: currency.Of(loc.Country)}, Date: q.Date,
		Days: q.Days, Cursor: cursor, Appointments: list, Tablets: []Tablet{}}
	for _, u := range tablets {
		if u.DealerLocationID != loc.ID && !slices.Contains(u.LocationIds, loc.ID) {
			continue
		}
		name := strings.TrimSpace(u.FirstName + " " + u.LastName)
		if name == "" {
			name = u.Email
		}
		view.Tablets = append(view.Tablets, Tablet{ID: u.ID, Name: name})
	}
	c.JSON(http.StatusOK, view)
	return nil
}

// facts are the read model's counts per appointment ID.
type facts struct {
	callMe, remarks map[int]int
	keyLocker       map[int]bool
	failed, okay    map[int]time.Time
}

// dayAppointments gathers each appointment's facts (six reads for the
// whole list) and orders the list by contracts/console.
func dayAppointments(ctx context.Context, db *ent.Client, aps []*ent.Appointment, zone *time.Location, now time.Time) ([]DayAppointment, error) {
	ids := make([]int, len(aps))
	for i, a := range aps {
		ids[i] = a.ID
	}
	f, err := readFacts(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	items := make([]console.Item, len(aps))
	byID := map[int]DayAppointment{}
	for i, a := range aps {
		keyIn := a.KeyDroppedAt != nil || a.AcsesKeyDroppedAt != nil
		reasons := console.NeedsPerson(console.Facts{Stage: a.LifecycleStage, AppointmentAt: a.TimeCarApp, Zone: zone,
			CallMeItems: f.callMe[a.ID], RemarksNotHandled: f.remarks[a.ID], KeyLockerCheckIn: f.keyLocker[a.ID], KeyDropped: keyIn,
			RemoteDiagnosisToHandle: a.RemoteDiagnosisToHandle, LastFailedDelivery: f.failed[a.ID], LastDelivered: f.okay[a.ID],
			CheckInSent: a.CheckInComSent, CheckInAnswered: a.CheckInComAnswered}, now)
		if reasons == nil {
			reasons = []console.Reason{}
		}
		items[i] = console.Item{ID: a.ID, AppointmentAt: a.TimeCarApp, Reasons: reasons}
		byID[a.ID] = DayAppointment{ID: a.ID, WoNr: a.WoNr, RegNumber: a.RegNumber, CarMake: a.CarMake, CarModel: a.CarModel,
			DriverFirstname: a.DriverFirstname, DriverSurname: a.DriverSurname, Company: a.Company, TimeCarApp: a.TimeCarApp,
			CarReturnTime: a.CarReturnTime, CustomerWaiting: a.CustomerWaiting, LifecycleStage: a.LifecycleStage,
			CheckInComSent: a.CheckInComSent, CheckInComAnswered: a.CheckInComAnswered, KeyDropped: keyIn,
			CallMeItems: f.callMe[a.ID], RemarksNotHandled: f.remarks[a.ID], NeedsPerson: reasons}
	}
	console.Order(items)
	out := make([]DayAppointment, len(items))
	for i, it := range items {
		out[i] = byID[it.ID]
	}
	return out, nil
}

func readFacts(ctx context.Context, db *ent.Client, ids []int) (facts, error) {
	f := facts{callMe: map[int]int{}, remarks: map[int]int{}, keyLocker: map[int]bool{}, failed: map[int]time.Time{},
		okay: map[int]time.Time{}}
	if len(ids) == 0 {
		return f, nil
	}
	count := func(m map[int]int, got []int, err error) error {
		for _, id := range got {
			m[id]++
		}
		return err
	}
	// "Contact me" on an offered item (check-in) or a diagnose result.
	got, err := db.Intervention.Query().Where(intervention.AppointmentIDIn(ids...),
		intervention.CommunicationResultStatus(enums.CommunicationResultStatusContactMe)).Select(intervention.FieldAppointmentID).Ints(ctx)
	if err := count(f.callMe, got, err); err != nil {
		return f, err
	}
	got, err = db.CommunicationResult.Query().Where(communicationresult.AppointmentIDIn(ids...),
		communicationresult.Status(enums.CommunicationResultStatusContactMe)).Select(communicationresult.FieldAppointmentID).Ints(ctx)
	if err := count(f.callMe, got, err); err != nil {
		return f, err
	}
	got, err = db.CheckInRemark.Query().Where(checkinremark.AppointmentIDIn(ids...), checkinremark.ReceptionistHandled(false),
		checkinremark.VisibleInDashboard(true)).Select(checkinremark.FieldAppointmentID).Ints(ctx)
	if err := count(f.remarks, got, err); err != nil {
		return f, err
	}
	got, err = db.DiagnoseOverviewRemark.Query().Where(diagnoseoverviewremark.AppointmentIDIn(ids...),
		diagnoseoverviewremark.ReceptionistHandled(false)).Select(diagnoseoverviewremark.FieldAppointmentID).Ints(ctx)
	if err := count(f.remarks, got, err); err != nil {
		return f, err
	}
	got, err = db.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentIDIn(ids...)).
		Select(keylockercommunication.FieldAppointmentID).Ints(ctx)
	if err != nil {
		return f, err
	}
	for _, id := range got {
		f.keyLocker[id] = true
	}
	// Delivery outcomes: the newest failure and the newest delivery of each.
	var outcomes []struct {
		AppointmentID int                               `json:"appointment_id"`
		Status        enums.CommunicationReceiverStatus `json:"status"`
		UpdatedAt     time.Time                         `json:"updated_at"`
	}
	err = db.CommunicationReceiver.Query().Where(communicationreceiver.AppointmentIDIn(ids...),
		communicationreceiver.StatusIn(enums.CommunicationReceiverStatusFailed, enums.CommunicationReceiverStatusReceived)).
		Select(communicationreceiver.FieldAppointmentID, communicationreceiver.FieldStatus, communicationreceiver.FieldUpdatedAt).Scan(ctx, &outcomes)
	if err != nil {
		return f, err
	}
	for _, o := range outcomes {
		m := f.okay
		if o.Status == enums.CommunicationReceiverStatusFailed {
			m = f.failed
		}
		if o.UpdatedAt.After(m[o.AppointmentID]) {
			m[o.AppointmentID] = o.UpdatedAt
		}
	}
	return f, nil
}
