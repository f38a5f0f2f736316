package quiethours

import (
	"testing"
	"time"
)

var weekdaysOnly = map[string][]string{
	"mon": {"08:00-12:00", "13:00-18:00"}, "tue": {"08:00-18:00"}, "wed": {"08:00-18:00"},
	"thu": {"08:00-18:00"}, "fri": {"08:00-18:00"}, "sat": {"09:30-12:00"},
}

func ams(t *testing.T, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestNextSendTime(t *testing.T) {
	w := Window{TimeZone: "Europe/Amsterdam", OpeningHours: weekdaysOnly, QuietFrom: "21:00", Holidays: []string{"2026-12-25", "2026-12-26"}}
	for _, c := range []struct{ name, now, want string }{
		{"open: at once", "2026-10-21 10:00", "2026-10-21 10:00"},
		{"after closing, before quiet_from: at once", "2026-10-21 20:59", "2026-10-21 20:59"},
		{"at quiet_from: next morning", "2026-10-21 21:00", "2026-10-22 08:00"},
		{"02:00 (the DMS import): this morning", "2026-10-22 02:00", "2026-10-22 08:00"},
		{"just before opening", "2026-10-22 07:59", "2026-10-22 08:00"},
		{"Friday night: Saturday's later opening", "2026-10-23 22:00", "2026-10-24 09:30"},
		{"Saturday night: Sunday closed, Monday", "2026-10-24 21:30", "2026-10-26 08:00"},
		{"DST ends (Sunday 25 Oct, 03:00 CEST -> 02:00 CET): Monday 08:00 CET", "2026-10-25 02:30", "2026-10-26 08:00"},
		{"Christmas Eve night: two holidays, then Sunday, Monday", "2026-12-24 23:00", "2026-12-28 08:00"},
		{"on a holiday by day", "2026-12-25 10:00", "2026-12-28 08:00"},
		{"DST starts (29 Mar 2026): Monday 08:00 CEST", "2026-03-29 01:00", "2026-03-30 08:00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := NextSendTime(ams(t, c.now), w)
			if err != nil {
				t.Fatal(err)
			}
			if want := ams(t, c.want); !got.Equal(want) {
				t.Fatalf("NextSendTime(%s) = %s, want %s", c.now, got, want)
			}
		})
	}
	// The wait across the October change is one hour longer than the clock says.
	got, _ := NextSendTime(ams(t, "2026-10-24 22:00"), w)
	if d := got.Sub(ams(t, "2026-10-24 22:00")); d != 35*time.Hour {
		t.Fatalf("held %s across the DST change, want 35h", d)
	}
	// Now from another zone: the location's own clock decides.
	ny, _ := time.LoadLocation("America/New_York")
	now := time.Date(2026, 10, 21, 17, 0, 0, 0, ny) // 23:00 in Amsterdam
	got, _ = NextSendTime(now, w)
	if !got.Equal(ams(t, "2026-10-22 08:00")) {
		t.Fatalf("from New York: %s", got)
	}
}

func TestNeverOpens(t *testing.T) {
	now := time.Date(2026, 10, 21, 10, 0, 0, 0, time.UTC)
	var twoWeeks []string
	for i := 0; i < 20; i++ {
		twoWeeks = append(twoWeeks, now.AddDate(0, 0, 30+i).Format(time.DateOnly))
	}
	for _, c := range []struct {
		name  string
		w     Window
		never bool
	}{
		{"open weekdays", Window{TimeZone: "UTC", OpeningHours: weekdaysOnly, QuietFrom: "21:00"}, false},
		{"no opening hours", Window{TimeZone: "UTC", QuietFrom: "21:00"}, true},
		{"only empty days", Window{TimeZone: "UTC", OpeningHours: map[string][]string{"mon": {}}, QuietFrom: "21:00"}, true},
		{"quiet from before every opening", Window{TimeZone: "UTC", OpeningHours: weekdaysOnly, QuietFrom: "07:00"}, true},
		{"twenty holidays end to end, a month ahead", Window{TimeZone: "UTC", OpeningHours: weekdaysOnly, QuietFrom: "21:00", Holidays: twoWeeks}, true},
		{"one open Saturday", Window{TimeZone: "UTC", OpeningHours: map[string][]string{"sat": {"09:00-10:00"}}, QuietFrom: "12:00"}, false},
	} {
		if got := NeverOpens(now, c.w); got != c.never {
			t.Errorf("%s: NeverOpens = %v", c.name, got)
		}
	}
	if _, err := NextSendTime(now, Window{TimeZone: "UTC", QuietFrom: "21:00"}); err != ErrNeverOpens {
		t.Fatalf("err = %v", err)
	}
}

func TestProblems(t *testing.T) {
	got := Problems(Window{TimeZone: "Mars/Olympus", OpeningHours: map[string][]string{"tue": {"8-18"}}, QuietFrom: "25:00",
		Holidays: []string{"2026-02-30", "2026-12-25", "25-12-2026", "2026-12-25", "2026-12-25\x00"}})
	want := []string{
		`time_zone: "Mars/Olympus" is not an IANA time zone`,
		"quiet_from: must be HH:MM (00:00-23:59)",
		`opening_hours.tue: "8-18" is not HH:MM-HH:MM`,
		`holidays[0]: "2026-02-30" is not a date (YYYY-MM-DD)`,
		`holidays[2]: "25-12-2026" is not a date (YYYY-MM-DD)`,
		"holidays[3]: 2026-12-25 is listed twice",
		`holidays[4]: "2026-12-25\x00" is not a date (YYYY-MM-DD)`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("problem %d: %q, want %q", i, got[i], want[i])
		}
	}
	if p := Problems(Window{TimeZone: "Europe/Amsterdam", OpeningHours: weekdaysOnly, QuietFrom: "21:00", Holidays: []string{"2026-12-25"}}); len(p) != 0 {
		t.Fatalf("a good window: %q", p)
	}
}
