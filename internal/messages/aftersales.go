package messages

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// FormatAmount writes an amount in euros the way customers of lang read it:
// "€123.45", "€ 123,45", "123,45 €". Zero, negative or not a number gives
// "" (nothing to pay is not said).
func FormatAmount(eur float64, lang enums.LanguageCode) string {
	if math.IsNaN(eur) || math.IsInf(eur, 0) || eur <= 0 {
		return ""
	}
	cents := int64(math.Round(eur * 100))
	whole, frac := cents/100, cents%100
	switch resolve(lang) {
	case enums.LanguageCodeNlNL:
		return fmt.Sprintf("€ %s,%02d", group(whole, "."), frac)
	case enums.LanguageCodeFrFR:
		return fmt.Sprintf("%s,%02d €", group(whole, " "), frac)
	case enums.LanguageCodeDeDE:
		return fmt.Sprintf("%s,%02d €", group(whole, "."), frac)
	}
	return fmt.Sprintf("€%s.%02d", group(whole, ","), frac)
}

// group writes n with sep between each three digits.
func group(n int64, sep string) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// weekdays are the opening hours' keys, Monday first, with their
// time.Weekday index into dateNames.days.
var weekdays = []struct {
	key string
	day int
}{{"mon", 1}, {"tue", 2}, {"wed", 3}, {"thu", 4}, {"fri", 5}, {"sat", 6}, {"sun", 0}}

// FormatOpeningHours writes a location's opening hours (weekday to ranges
// "HH:MM-HH:MM", already in the location's zone) in lang, days with the
// same hours run together: "Mon-Fri 08:00-18:00, Sat 09:00-12:00". Closed
// days are left out; no hours give "".
func FormatOpeningHours(hours map[string][]string, lang enums.LanguageCode) string {
	names := dates[resolve(lang)].days
	var parts []string
	for i := 0; i < len(weekdays); {
		ranges := cleanRanges(hours[weekdays[i].key])
		if ranges == "" {
			i++
			continue
		}
		j := i
		for j+1 < len(weekdays) && cleanRanges(hours[weekdays[j+1].key]) == ranges {
			j++
		}
		days := names[weekdays[i].day]
		if j > i {
			days += "-" + names[weekdays[j].day]
		}
		parts = append(parts, days+" "+ranges)
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// cleanRanges is a day's ranges in order, one line, "" when closed.
func cleanRanges(rs []string) string {
	var out []string
	for _, r := range rs {
		if r = oneLine(r); r != "" {
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
