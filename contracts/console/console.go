// Package console holds the receptionist's console rules (issue #23, the
// /desk/ screen): which of the day's appointments need a person, and why.
// The API gathers the facts from the read model; this package decides, so
// the rule lives in one place and the screen only shows the answer.
// It imports only the standard library.
package console

import (
	"sort"
	"time"
)

// Reason is why an appointment needs a person now. The values are part of
// the API (DeskDayAppointment.needs_person in api/openapi.yaml); the screen
// words each one in the receptionist's language.
type Reason string

// The reasons, in the order the console lists them (most urgent first).
const (
	// ReasonDeliveryFailed: the newest message to the customer failed
	// (a wrong number or address) and none was delivered after it.
	ReasonDeliveryFailed Reason = "delivery_failed"
	// ReasonCallMe: the customer asked to be called about an item.
	ReasonCallMe Reason = "call_me"
	// ReasonRemarks: a remark of the customer nobody has handled yet.
	ReasonRemarks Reason = "remarks_not_handled"
	// ReasonRemoteDiagnosis: a remote diagnosis ended and its result waits
	// for the receptionist.
	ReasonRemoteDiagnosis Reason = "remote_diagnosis_to_handle"
	// ReasonKeyNotDropped: the customer chose the key locker, the
	// appointment's time has come, and no key is in.
	ReasonKeyNotDropped Reason = "key_not_dropped"
	// ReasonCheckInNotAnswered: the online check-in went out and is still
	// unanswered on the day before the appointment (or later).
	ReasonCheckInNotAnswered Reason = "check_in_not_answered"
)

// Reasons lists every reason in the console's order.
var Reasons = []Reason{ReasonDeliveryFailed, ReasonCallMe, ReasonRemarks, ReasonRemoteDiagnosis, ReasonKeyNotDropped,
	ReasonCheckInNotAnswered}

// Lifecycle stages the rules read (the AppointmentWorkflow's stage names,
// as the read model's lifecycle_stage stores them).
const (
	stageAwaitingKeyDrop = "awaiting_key_drop"
	stageCompleted       = "completed"
	stageCancelled       = "cancelled"
)

// Facts are what the read model knows of one appointment.
type Facts struct {
	// Stage is the lifecycle stage (lifecycle_stage).
	Stage string
	// AppointmentAt is when the car is expected.
	AppointmentAt time.Time
	// Zone is the location's time zone: "the day before" is a day there.
	Zone *time.Location
	// CallMeItems counts items the customer answered "contact me" on.
	CallMeItems int
	// RemarksNotHandled counts the customer's remarks nobody handled yet.
	RemarksNotHandled int
	// KeyLockerCheckIn: a key-locker check-in was started (a PIN went out).
	KeyLockerCheckIn bool
	// KeyDropped: a key is in (the dealer's locker or an ACSES locker).
	KeyDropped bool
	// RemoteDiagnosisToHandle mirrors the read model's flag.
	RemoteDiagnosisToHandle bool
	// LastFailedDelivery and LastDelivered are the newest failed and the
	// newest delivered message to the customer (zero: none).
	LastFailedDelivery, LastDelivered time.Time
	// CheckInSent and CheckInAnswered: the online check-in.
	CheckInSent, CheckInAnswered bool
}

// NeedsPerson answers why the appointment needs a person at now, in the
// order of Reasons; none for a completed or cancelled appointment.
func NeedsPerson(f Facts, now time.Time) []Reason {
	if f.Stage == stageCompleted || f.Stage == stageCancelled {
		return nil
	}
	var out []Reason
	if !f.LastFailedDelivery.IsZero() && f.LastFailedDelivery.After(f.LastDelivered) {
		out = append(out, ReasonDeliveryFailed)
	}
	if f.CallMeItems > 0 {
		out = append(out, ReasonCallMe)
	}
	if f.RemarksNotHandled > 0 {
		out = append(out, ReasonRemarks)
	}
	if f.RemoteDiagnosisToHandle {
		out = append(out, ReasonRemoteDiagnosis)
	}
	if (f.KeyLockerCheckIn || f.Stage == stageAwaitingKeyDrop) && !f.KeyDropped && !now.Before(f.AppointmentAt) {
		out = append(out, ReasonKeyNotDropped)
	}
	if f.CheckInSent && !f.CheckInAnswered && !civilDay(now, f.Zone).Before(civilDay(f.AppointmentAt, f.Zone).AddDate(0, 0, -1)) {
		out = append(out, ReasonCheckInNotAnswered)
	}
	return out
}

// civilDay is midnight UTC of t's calendar day in zone (UTC without one):
// calendar days compare without daylight-saving surprises.
func civilDay(t time.Time, zone *time.Location) time.Time {
	if zone == nil {
		zone = time.UTC
	}
	y, m, d := t.In(zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Item is an appointment with its reasons, for Order.
type Item struct {
	ID            int
	AppointmentAt time.Time
	Reasons       []Reason
}

// Order sorts the console's list: appointments that need a person first,
// then by time, then by ID (a stable order across refreshes).
func Order(items []Item) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if (len(a.Reasons) > 0) != (len(b.Reasons) > 0) {
			return len(a.Reasons) > 0
		}
		if !a.AppointmentAt.Equal(b.AppointmentAt) {
			return a.AppointmentAt.Before(b.AppointmentAt)
		}
		return a.ID < b.ID
	})
}

// Day is the calendar day date (YYYY-MM-DD) in zone as the instants
// [from, to): a day of 23 or 25 hours when the clocks change.
func Day(date string, zone *time.Location) (from, to time.Time, err error) {
	d, err := time.ParseInLocation("2006-01-02", date, zone)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	return d, time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, zone), nil
}

// Today is now's calendar date in zone (YYYY-MM-DD).
func Today(now time.Time, zone *time.Location) string { return now.In(zone).Format("2006-01-02") }
