package admin

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/pitstop-dev/pitstop/contracts/quiethours"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// A location's quiet hours (issue #25): whether automated messages to
// customers wait for the location's opening time, until when in the
// evening they may go, and the dealer's holidays. Read against the
// location's time zone and opening hours (contracts/quiethours); stored on
// its CommunicationSetting, so every change lands in the settings' history.
// Here rather than in internal/onboard, which may not import the contract
// holding the rule; the command line calls it too.

// MaxHolidays bounds the holiday list: a year's worth, every day.
const MaxHolidays = 366

// QuietHours are the three settings; on an update, nil keeps the current value.
type QuietHours struct {
	Enabled   *bool     `json:"enabled"`
	QuietFrom *string   `json:"quiet_from"`
	Holidays  *[]string `json:"holidays"`
}

// QuietHoursView is the settings with what they are read against: the
// location's zone and opening hours, and when an automated message planned
// now would go (only while enabled).
type QuietHoursView struct {
	QuietHours
	TimeZone     string              `json:"time_zone"`
	OpeningHours map[string][]string `json:"opening_hours"`
	NextSendAt   *time.Time          `json:"next_send_at,omitempty"`
}

// QuietWindow is the location's quiet hours as the workflow reads them.
func QuietWindow(loc *ent.DealerLocation, cs *ent.CommunicationSetting) quiethours.Window {
	oh := loc.OpeningHours
	if oh == nil {
		oh = map[string][]string{}
	}
	return quiethours.Window{TimeZone: loc.TimeZone, OpeningHours: oh, QuietFrom: cs.QuietHoursFrom, Holidays: cs.QuietHoursHolidays}
}

// QuietHoursOf reads the settings of a location at now.
func QuietHoursOf(loc *ent.DealerLocation, cs *ent.CommunicationSetting, now time.Time) QuietHoursView {
	w := QuietWindow(loc, cs)
	h := append([]string{}, w.Holidays...)
	v := QuietHoursView{QuietHours: QuietHours{Enabled: &cs.QuietHoursEnabled, QuietFrom: &cs.QuietHoursFrom, Holidays: &h},
		TimeZone: w.TimeZone, OpeningHours: w.OpeningHours}
	if cs.QuietHoursEnabled {
		if at, err := quiethours.NextSendTime(now, w); err == nil {
			v.NextSendAt = &at
		}
	}
	return v
}

// UpdateQuietHours validates and stores the values given (holidays in
// date order), one history line per changed value, by userID (0: the
// command line) at now. Quiet hours that would never open are refused.
func UpdateQuietHours(ctx context.Context, db *store.DB, loc *ent.DealerLocation, userID int, now time.Time, q QuietHours) (QuietHoursView, error) {
	cs, err := onboard.Setting(ctx, db.Client, loc)
	if err != nil {
		return QuietHoursView{}, err
	}
	w, enabled := QuietWindow(loc, cs), cs.QuietHoursEnabled
	if q.Enabled != nil {
		enabled = *q.Enabled
	}
	if q.QuietFrom != nil {
		w.QuietFrom = *q.QuietFrom
	}
	var p []string
	if q.Holidays != nil {
		if len(*q.Holidays) > MaxHolidays {
			p = append(p, fmt.Sprintf("holidays: at most %d dates", MaxHolidays))
		}
		w.Holidays = quiethours.SortedHolidays(*q.Holidays)
	}
	if len(p) == 0 {
		p = quiethours.Problems(w)
	}
	if len(p) == 0 && enabled && quiethours.NeverOpens(now, w) {
		p = append(p, "quiet hours never open: automated messages would wait more than 14 days "+
			"(no weekday with opening hours before quiet_from, or holidays end to end); set the location's opening_hours or fewer holidays")
	}
	if len(p) > 0 {
		return QuietHoursView{}, &onboard.Invalid{Problems: p}
	}
	var fields []onboard.SettingField
	if q.Enabled != nil {
		fields = append(fields, onboard.SettingField{Name: "quiet_hours_enabled", Value: *q.Enabled})
	}
	if q.QuietFrom != nil {
		fields = append(fields, onboard.SettingField{Name: "quiet_hours_from", Value: *q.QuietFrom})
	}
	if q.Holidays != nil && !slices.Equal(w.Holidays, cs.QuietHoursHolidays) {
		fields = append(fields, onboard.SettingField{Name: "quiet_hours_holidays", Value: w.Holidays})
	}
	cs, err = onboard.UpdateSettings(ctx, db, loc, userID, now, fields)
	if err != nil {
		return QuietHoursView{}, err
	}
	return QuietHoursOf(loc, cs, now), nil
}
