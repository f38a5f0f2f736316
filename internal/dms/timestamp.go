package dms

import (
	"errors"
	"regexp"
	"strings"
	"time"
)

// Timestamp is a date or date-time exactly as the DMS wrote it. Only ISO 8601
// in two forms is accepted: RFC 3339 ("2026-06-10T08:30:00+02:00", "...Z",
// fractional seconds allowed) and a calendar date ("2026-06-10"). Anything
// else, above all "10/6/2019" (June or October?), is refused by Validate: the
// spec's own troubleshooting page blames missing work orders on exactly such
// dates, and guessing would file them on the wrong day. "" means absent.
type Timestamp string

var dateOnly = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Errors from Timestamp.Time.
var (
	ErrNoTime       = errors.New("no date")
	ErrNotISO8601   = errors.New("not an ISO 8601 date (want YYYY-MM-DD or RFC 3339 such as 2026-06-10T08:30:00+02:00)")
	ErrInvalidDate  = errors.New("not a valid calendar date")
	ErrMissingZone  = errors.New("date-time without a time zone offset (add Z or +hh:mm)")
	ErrDateTooEarly = errors.New("date before 1900")
	ErrDateTooLate  = errors.New("date after 2199")
)

// IsZero reports whether the DMS gave no date.
func (t Timestamp) IsZero() bool { return t == "" }

// DateOnly reports whether t is a calendar date without a time.
func (t Timestamp) DateOnly() bool { return dateOnly.MatchString(string(t)) }

// Time parses t. A calendar date is midnight in loc (the dealer location's
// zone; nil means UTC). An absent date returns ErrNoTime.
func (t Timestamp) Time(loc *time.Location) (time.Time, error) {
	s := string(t)
	if s == "" {
		return time.Time{}, ErrNoTime
	}
	if loc == nil {
		loc = time.UTC
	}
	var v time.Time
	var err error
	switch {
	case dateOnly.MatchString(s):
		v, err = time.ParseInLocation(time.DateOnly, s, loc)
		if err != nil {
			return time.Time{}, ErrInvalidDate
		}
	case len(s) >= 19 && dateOnly.MatchString(s[:10]) && (s[10] == 'T' || s[10] == 't'):
		v, err = time.Parse(time.RFC3339Nano, strings.ToUpper(s))
		if err != nil {
			if _, e := time.Parse("2006-01-02T15:04:05.999999999", s); e == nil {
				return time.Time{}, ErrMissingZone
			}
			if _, e := time.Parse(time.DateOnly, s[:10]); e != nil {
				return time.Time{}, ErrInvalidDate
			}
			return time.Time{}, ErrNotISO8601
		}
	default:
		return time.Time{}, ErrNotISO8601
	}
	// PostgreSQL stores these, but a year 0001 or 9999 is a DMS placeholder
	// for "none", not a date to plan an appointment on.
	if v.Year() < 1900 {
		return time.Time{}, ErrDateTooEarly
	}
	if v.Year() > 2199 {
		return time.Time{}, ErrDateTooLate
	}
	return v, nil
}

// TimestampOf formats a time as RFC 3339 (UTC kept as Z); zero is "".
func TimestampOf(v time.Time) Timestamp {
	if v.IsZero() {
		return ""
	}
	return Timestamp(v.Format(time.RFC3339Nano))
}

// DateOf formats a calendar date as YYYY-MM-DD; zero is "".
func DateOf(v time.Time) Timestamp {
	if v.IsZero() {
		return ""
	}
	return Timestamp(v.Format(time.DateOnly))
}
