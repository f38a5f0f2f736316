package console

import (
	"reflect"
	"testing"
	"time"
)

func TestNeedsPerson(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	// 2026-12-08 09:00 in Amsterdam; now is the day before at 20:00 there.
	at := time.Date(2026, 12, 8, 9, 0, 0, 0, ams)
	dayBefore := time.Date(2026, 12, 7, 20, 0, 0, 0, ams)
	twoDaysBefore := time.Date(2026, 12, 6, 23, 30, 0, 0, ams)
	base := Facts{Stage: "check_in_sent", AppointmentAt: at, Zone: ams}
	with := func(f func(*Facts)) Facts { x := base; f(&x); return x }
	for _, c := range []struct {
		name string
		f    Facts
		now  time.Time
		want []Reason
	}{
		{"nothing", base, dayBefore, nil},
		{"call me", with(func(f *Facts) { f.CallMeItems = 2 }), dayBefore, []Reason{ReasonCallMe}},
		{"remarks", with(func(f *Facts) { f.RemarksNotHandled = 1 }), dayBefore, []Reason{ReasonRemarks}},
		{"remote diagnosis", with(func(f *Facts) { f.RemoteDiagnosisToHandle = true }), dayBefore, []Reason{ReasonRemoteDiagnosis}},
		{"failed, nothing delivered after", with(func(f *Facts) { f.LastFailedDelivery = dayBefore.Add(-time.Hour) }), dayBefore,
			[]Reason{ReasonDeliveryFailed}},
		{"failed, then delivered", with(func(f *Facts) {
			f.LastFailedDelivery = dayBefore.Add(-time.Hour)
			f.LastDelivered = dayBefore.Add(-time.Minute)
		}), dayBefore, nil},
		{"key locker, time not come", with(func(f *Facts) { f.Stage = "awaiting_key_drop" }), dayBefore, nil},
		{"key locker, time come, no key", with(func(f *Facts) { f.Stage = "awaiting_key_drop" }), at, []Reason{ReasonKeyNotDropped}},
		{"key-locker check-in, key in", with(func(f *Facts) { f.KeyLockerCheckIn, f.KeyDropped = true, true }), at.Add(time.Hour), nil},
		{"check-in unanswered two days before", with(func(f *Facts) { f.CheckInSent = true }), twoDaysBefore, nil},
		{"check-in unanswered the day before", with(func(f *Facts) { f.CheckInSent = true }), dayBefore, []Reason{ReasonCheckInNotAnswered}},
		// 00:30 in Amsterdam on the 7th is still the 6th in UTC: the day is the location's.
		{"the day before begins at the location's midnight", with(func(f *Facts) { f.CheckInSent = true }),
			time.Date(2026, 12, 7, 0, 30, 0, 0, ams), []Reason{ReasonCheckInNotAnswered}},
		{"check-in answered", with(func(f *Facts) { f.CheckInSent, f.CheckInAnswered = true, true }), dayBefore, nil},
		{"everything, in order", with(func(f *Facts) {
			f.Stage = "awaiting_key_drop"
			f.CallMeItems, f.RemarksNotHandled, f.RemoteDiagnosisToHandle, f.CheckInSent = 1, 1, true, true
			f.LastFailedDelivery = at.Add(-time.Hour)
		}), at, Reasons},
		{"cancelled needs nobody", with(func(f *Facts) { f.Stage = "cancelled"; f.CallMeItems = 1 }), dayBefore, nil},
		{"completed needs nobody", with(func(f *Facts) { f.Stage = "completed"; f.RemarksNotHandled = 1 }), dayBefore, nil},
	} {
		if got := NeedsPerson(c.f, c.now); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestOrderPutsNeedsFirstThenTime(t *testing.T) {
	t0 := time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)
	items := []Item{{ID: 1, AppointmentAt: t0}, {ID: 2, AppointmentAt: t0.Add(time.Hour), Reasons: []Reason{ReasonCallMe}},
		{ID: 3, AppointmentAt: t0.Add(-time.Hour)}, {ID: 4, AppointmentAt: t0}, {ID: 5, AppointmentAt: t0.Add(2 * time.Hour),
			Reasons: []Reason{ReasonRemarks}}}
	Order(items)
	var got []int
	for _, it := range items {
		got = append(got, it.ID)
	}
	if want := []int{2, 5, 3, 1, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestDayIsTheLocationsCalendarDay(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	from, to, err := Day("2026-03-29", ams) // clocks go forward: 23 hours
	if err != nil {
		t.Fatal(err)
	}
	if to.Sub(from) != 23*time.Hour || from.UTC().Format(time.RFC3339) != "2026-03-28T23:00:00Z" {
		t.Errorf("day [%v, %v)", from.UTC(), to.UTC())
	}
	if _, _, err := Day("2026-02-30", ams); err == nil {
		t.Error("2026-02-30 accepted")
	}
	if got := Today(time.Date(2026, 12, 6, 23, 30, 0, 0, time.UTC), ams); got != "2026-12-07" {
		t.Errorf("today %s", got)
	}
}
