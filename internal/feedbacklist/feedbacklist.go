// Package feedbacklist reads the customers' feedback of one location and
// period (issue #25) for the admin API and `pitstop admin feedback`: the
// period's rules, the list, and its CSV export. It only reads; the one
// writer of a Feedback row is the feedback workflow's activity.
package feedbacklist

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/feedback"
)

// MaxPeriodDays bounds one list or export: a year (a leap year's too).
const MaxPeriodDays = 366

// DateLayout is how a period's days are written: from and to, both
// included, are days in the location's time zone.
const DateLayout = "2006-01-02"

// Period is [From, To) as instants: from's midnight to the midnight after
// to, in the location's zone.
type Period struct {
	From, To time.Time
}

// ParsePeriod reads from and to (YYYY-MM-DD, both included) in zone and
// returns every problem at once: a missing or malformed day, to before
// from, more than MaxPeriodDays days.
func ParsePeriod(from, to string, zone *time.Location) (Period, []string) {
	var problems []string
	day := func(name, v string) time.Time {
		if v == "" {
			problems = append(problems, name+": required (YYYY-MM-DD)")
			return time.Time{}
		}
		t, err := time.ParseInLocation(DateLayout, v, zone)
		if err != nil {
			problems = append(problems, name+": must be a date YYYY-MM-DD")
		}
		return t
	}
	f, t := day("from", from), day("to", to)
	if len(problems) > 0 {
		return Period{}, problems
	}
	if t.Before(f) {
		return Period{}, []string{"to: must not be before from"}
	}
	// Days counted on the calendar, not in hours (a DST change has 23 or 25).
	end := t.AddDate(0, 0, 1)
	if days := int(end.Sub(f).Round(24*time.Hour) / (24 * time.Hour)); days > MaxPeriodDays {
		return Period{}, []string{fmt.Sprintf("to: the period is at most %d days", MaxPeriodDays)}
	}
	return Period{From: f, To: end}, nil
}

// Row is one answer as a dealer sees it.
type Row struct {
	AppointmentID int       `json:"appointment_id"`
	WONr          string    `json:"wo_nr"`
	RegNumber     string    `json:"reg_number"`
	Score         int       `json:"score"`
	Comment       string    `json:"comment"`
	AnsweredAt    time.Time `json:"answered_at"`
}

// List is the location's feedback answered in p, oldest first.
func List(ctx context.Context, db *ent.Client, locationID int, p Period) ([]Row, error) {
	fs, err := db.Feedback.Query().Where(feedback.DealerLocationID(locationID), feedback.AnsweredAtGTE(p.From), feedback.AnsweredAtLT(p.To)).
		Order(ent.Asc(feedback.FieldAnsweredAt), ent.Asc(feedback.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int, len(fs))
	for i, f := range fs {
		ids[i] = f.AppointmentID
	}
	aps, err := db.Appointment.Query().Where(appointment.IDIn(ids...)).Select(appointment.FieldWoNr, appointment.FieldRegNumber).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int]*ent.Appointment, len(aps))
	for _, a := range aps {
		byID[a.ID] = a
	}
	rows := make([]Row, 0, len(fs))
	for _, f := range fs {
		r := Row{AppointmentID: f.AppointmentID, Score: f.Score, Comment: f.Comment, AnsweredAt: f.AnsweredAt.UTC()}
		if a := byID[f.AppointmentID]; a != nil {
			r.WONr, r.RegNumber = a.WoNr, a.RegNumber
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// CSVHeader names the export's columns.
var CSVHeader = []string{"answered_at", "appointment_id", "wo_nr", "reg_number", "score", "comment"}

// WriteCSV writes rows as CSV (RFC 4180), times in zone. A cell a
// spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
// leading apostrophe: a customer's comment is text, never a formula.
func WriteCSV(w io.Writer, rows []Row, zone *time.Location) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, r := range rows {
		rec := []string{r.AnsweredAt.In(zone).Format(time.RFC3339), strconv.Itoa(r.AppointmentID), cell(r.WONr), cell(r.RegNumber),
			strconv.Itoa(r.Score), cell(r.Comment)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
