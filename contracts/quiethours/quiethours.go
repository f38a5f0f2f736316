// Package quiethours decides when an automated message to a customer may
// go out (issue #25): on a location's open days (a weekday with opening
// hours that is not one of the dealer's holidays), from the day's first
// opening time until its quiet_from time, in the location's own time zone.
// A message planned outside that window is held until the next opening.
// Pure functions over values the workflow received from an activity, so
// the workflow may call them (time.LoadLocation reads the zone database
// compiled into the binary, the same on every replay).
package quiethours

import (
	"errors"
	"fmt"
	"sort"
	"time"
	// The zone database compiled in: every worker (and every replay) reads
	// the same rules, whatever the machine has installed.
	_ "time/tzdata"
)

// Window is a location's quiet hours as the workflow receives them with a
// message's plan. Its JSON names are recorded in workflow histories: never
// rename one.
type Window struct {
	// TimeZone is the location's IANA zone ("Europe/Amsterdam").
	TimeZone string `json:"time_zone"`
	// OpeningHours: weekday ("mon".."sun") to ranges "HH:MM-HH:MM"; a
	// missing or empty day is closed.
	OpeningHours map[string][]string `json:"opening_hours"`
	// QuietFrom ("HH:MM") ends each open day's sending window.
	QuietFrom string `json:"quiet_from"`
	// Holidays ("YYYY-MM-DD", in the location's zone) are closed days.
	Holidays []string `json:"holidays,omitempty"`
}

// MaxHold bounds how long a message may be held: a window that leaves no
// time to send within it is refused by the admin API ("never opens") and,
// should one still reach a message (opening hours changed afterwards), the
// message goes at once rather than never.
const MaxHold = 14 * 24 * time.Hour

// ErrNeverOpens: the window leaves no time to send within MaxHold.
var ErrNeverOpens = errors.New("quiet hours never open: no open day (a weekday with opening hours before quiet_from that is not a holiday) within 14 days")

var weekdays = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// NextSendTime is now when a message may go now, or else the start of the
// next sending window (a time in the location's zone).
func NextSendTime(now time.Time, w Window) (time.Time, error) {
	loc, err := time.LoadLocation(w.TimeZone)
	if err != nil {
		return time.Time{}, fmt.Errorf("time_zone: %w", err)
	}
	quiet, err := clock(w.QuietFrom)
	if err != nil {
		return time.Time{}, fmt.Errorf("quiet_from: %w", err)
	}
	holidays := make(map[string]bool, len(w.Holidays))
	for _, h := range w.Holidays {
		holidays[h] = true
	}
	local := now.In(loc)
	y, m, d := local.Date()
	for i := 0; ; i++ {
		day := time.Date(y, m, d+i, 12, 0, 0, 0, loc) // noon: never in a DST gap
		start := time.Date(y, m, d+i, 0, 0, 0, 0, loc)
		if start.Sub(local) > MaxHold {
			return time.Time{}, ErrNeverOpens
		}
		if holidays[day.Format(time.DateOnly)] {
			continue
		}
		open, ok, err := opening(w.OpeningHours[weekdays[day.Weekday()]])
		if err != nil {
			return time.Time{}, fmt.Errorf("opening_hours.%s: %w", weekdays[day.Weekday()], err)
		}
		if !ok || open >= quiet {
			continue
		}
		from := atClock(y, m, d+i, open, loc)
		until := atClock(y, m, d+i, quiet, loc)
		switch {
		case local.Before(from):
			return from, nil
		case local.Before(until):
			return now, nil
		}
	}
}

// Problems lists what is wrong with a window, every problem at once, for
// the admin API; a window without them may still never open (see
// NextSendTime).
func Problems(w Window) []string {
	var p []string
	if _, err := time.LoadLocation(w.TimeZone); err != nil || w.TimeZone == "" {
		p = append(p, fmt.Sprintf("time_zone: %q is not an IANA time zone", w.TimeZone))
	}
	if _, err := clock(w.QuietFrom); err != nil {
		p = append(p, "quiet_from: must be HH:MM (00:00-23:59)")
	}
	for _, day := range weekdays {
		if _, _, err := opening(w.OpeningHours[day]); err != nil {
			p = append(p, fmt.Sprintf("opening_hours.%s: %v", day, err))
		}
	}
	seen := map[string]bool{}
	for i, h := range w.Holidays {
		t, err := time.Parse(time.DateOnly, h)
		switch {
		case err != nil || t.Format(time.DateOnly) != h:
			p = append(p, fmt.Sprintf("holidays[%d]: %q is not a date (YYYY-MM-DD)", i, h))
		case seen[h]:
			p = append(p, fmt.Sprintf("holidays[%d]: %s is listed twice", i, h))
		}
		seen[h] = true
	}
	return p
}

// NeverOpens reports whether, from now or from any of its holidays, the
// window leaves no time to send within MaxHold: quiet hours that never
// open (no opening hours on any day, quiet_from before every opening, or
// holidays end to end).
func NeverOpens(now time.Time, w Window) bool {
	starts := []time.Time{now}
	if loc, err := time.LoadLocation(w.TimeZone); err == nil {
		for _, h := range w.Holidays {
			if t, err := time.ParseInLocation(time.DateOnly, h, loc); err == nil && t.After(now) {
				starts = append(starts, t)
			}
		}
	}
	for _, s := range starts {
		if _, err := NextSendTime(s, w); err != nil {
			return true
		}
	}
	return false
}

// SortedHolidays is holidays in date order (the form the settings keep).
func SortedHolidays(h []string) []string {
	out := append([]string{}, h...)
	sort.Strings(out)
	return out
}

// opening is the day's first opening time in minutes after midnight;
// false when the day is closed.
func opening(spans []string) (int, bool, error) {
	first, ok := 0, false
	for _, s := range spans {
		if len(s) != 11 || s[5] != '-' {
			return 0, false, fmt.Errorf("%q is not HH:MM-HH:MM", s)
		}
		from, err := clock(s[:5])
		if err != nil {
			return 0, false, fmt.Errorf("%q is not HH:MM-HH:MM", s)
		}
		if _, err := clock(s[6:]); err != nil {
			return 0, false, fmt.Errorf("%q is not HH:MM-HH:MM", s)
		}
		if !ok || from < first {
			first, ok = from, true
		}
	}
	return first, ok, nil
}

// clock reads "HH:MM" as minutes after midnight.
func clock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}

func atClock(y int, m time.Month, d, minutes int, loc *time.Location) time.Time {
	return time.Date(y, m, d, minutes/60, minutes%60, 0, 0, loc)
}
