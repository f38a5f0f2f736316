// Package onboard creates and updates dealers, locations and users, and a
// location's settings, message templates, check-in offers and vendor
// accounts, and a dealer's agreements, for the
// admin API (api/admin) and `pitstop admin` alike: one set of
// validation rules, one place that writes.
package onboard

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/phone"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// Languages are the four languages with message templates.
var Languages = []enums.LanguageCode{enums.LanguageCodeEnGB, enums.LanguageCodeNlNL, enums.LanguageCodeFrFR, enums.LanguageCodeDeDE}

// problems collects validation sentences.
type problems []string

func (p *problems) add(s ...string) { *p = append(*p, s...) }

func (p *problems) line(name string, v *string, max int) {
	if v != nil {
		p.add(textcheck.Line(name, *v, max)...)
	}
}

// email checks an optional address: "" clears it.
func (p *problems) email(name string, v *string) {
	if v != nil && *v != "" {
		p.add(textcheck.Email(name, *v)...)
	}
}

// phone normalises an optional number to E.164 in place; "" clears it.
func (p *problems) phone(name string, v *string, region string) {
	if v == nil || *v == "" {
		return
	}
	n, err := phone.Normalize(*v, region)
	if err != nil {
		p.add(fmt.Sprintf("%s: %v", name, err))
		return
	}
	*v = n
}

// url checks an optional http(s) URL; "" clears it.
func (p *problems) url(name string, v *string) {
	if v == nil || *v == "" {
		return
	}
	if l := textcheck.Line(name, *v, 2000); len(l) > 0 {
		p.add(l...)
		return
	}
	u, err := url.Parse(*v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.add(name + ": must be an http(s) URL")
	}
}

func (p *problems) rangeInt(name string, v *int, lo, hi int) {
	if v != nil && (*v < lo || *v > hi) {
		p.add(fmt.Sprintf("%s: must be between %d and %d", name, lo, hi))
	}
}

func (p *problems) rangeFloat(name string, v *float64, lo, hi float64) {
	if v != nil && (*v < lo || *v > hi) {
		p.add(fmt.Sprintf("%s: must be between %g and %g", name, lo, hi))
	}
}

var countryRe = regexp.MustCompile(`^[A-Z]{2}$`)

func (p *problems) country(name string, v *string) {
	if v == nil {
		return
	}
	*v = strings.ToUpper(strings.TrimSpace(*v))
	if !countryRe.MatchString(*v) {
		p.add(name + ": must be an ISO 3166 alpha-2 country code such as NL")
	}
}

func (p *problems) language(name string, v *enums.LanguageCode) {
	if v == nil {
		return
	}
	for _, l := range Languages {
		if l == *v {
			return
		}
	}
	p.add(fmt.Sprintf("%s: must be one of %q", name, Languages))
}

func (p *problems) timeZone(name string, v *string) {
	if v == nil {
		return
	}
	if *v == "" || *v == "Local" {
		p.add(name + ": must be an IANA time zone such as Europe/Amsterdam")
		return
	}
	if _, err := time.LoadLocation(*v); err != nil {
		p.add(fmt.Sprintf("%s: unknown time zone %q", name, *v))
	}
}

var (
	weekdays  = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	hoursSpan = regexp.MustCompile(`^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])$`)
)

// openingHours: weekday -> ["08:00-12:00", "13:00-17:30"], ranges ascending
// and not overlapping.
func (p *problems) openingHours(name string, v map[string][]string) {
	for day, spans := range v {
		known := false
		for _, w := range weekdays {
			known = known || w == day
		}
		if !known {
			p.add(fmt.Sprintf("%s: unknown day %q (use %s)", name, day, strings.Join(weekdays, ", ")))
			continue
		}
		last := ""
		for i, s := range spans {
			if !hoursSpan.MatchString(s) || s[:5] >= s[6:] {
				p.add(fmt.Sprintf("%s.%s[%d]: must be HH:MM-HH:MM with the opening before the closing time", name, day, i))
				continue
			}
			if last != "" && s[:5] < last {
				p.add(fmt.Sprintf("%s.%s[%d]: overlaps or precedes the range before it", name, day, i))
			}
			last = s[6:]
		}
	}
}
