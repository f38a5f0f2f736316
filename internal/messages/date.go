package messages

import (
	"fmt"
	"time"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// dateNames are the abbreviated names (CLDR style) per language.
type dateNames struct {
	days   [7]string // Sunday first, like time.Weekday
	months [12]string
	layout string // fmt verbs: weekday, day, month, year, hh:mm
}

var dates = map[enums.LanguageCode]dateNames{
	enums.LanguageCodeEnGB: {
		days:   [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
		months: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		layout: "%s %d %s %d, %s",
	},
	enums.LanguageCodeNlNL: {
		days:   [7]string{"zo", "ma", "di", "wo", "do", "vr", "za"},
		months: [12]string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
		layout: "%s %d %s %d, %s",
	},
	enums.LanguageCodeFrFR: {
		days:   [7]string{"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."},
		months: [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
		layout: "%s %d %s %d, %s",
	},
	enums.LanguageCodeDeDE: {
		days:   [7]string{"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."},
		months: [12]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
		layout: "%s %d. %s %d, %s",
	},
}

// FormatDate formats t for customers of lang in zone loc (nil keeps t's own
// zone): "Tue 24 Nov 2026, 09:30", "di 24 nov 2026, 09:30",
// "mar. 24 nov. 2026, 09:30", "Di. 24. Nov. 2026, 09:30". Zero t gives "".
func FormatDate(t time.Time, loc *time.Location, lang enums.LanguageCode) string {
	if t.IsZero() {
		return ""
	}
	if loc != nil {
		t = t.In(loc)
	}
	n := dates[resolve(lang)]
	return fmt.Sprintf(n.layout, n.days[t.Weekday()], t.Day(), n.months[t.Month()-1], t.Year(), t.Format("15:04"))
}
