package repairpdf

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// money formats an amount with the language's separators and the
// currency's sign sym (currency.Symbol), e.g. "€1,234.50", "€ 1.234,50",
// "1 234,50 €", "CHF 1,234.50".
func (l *labels) money(x float64, sym string) string {
	c := cents(x)
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	num := l.group(c/100) + l.decimal + fmt.Sprintf("%02d", c%100)
	switch {
	case l.euroBefore && l.decimal == "." && utf8.RuneCountInString(sym) == 1:
		return sign + sym + num
	case l.euroBefore:
		return sym + " " + sign + num
	default:
		return sign + num + "\u00a0" + sym
	}
}

// group inserts the thousands separator into a non-negative integer.
func (l *labels) group(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(l.thousands)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// percent prints a VAT rate without useless decimals: "21", "5,5".
func (l *labels) percent(p float64) string {
	s := strconv.FormatFloat(math.Round(p*100)/100, 'f', -1, 64)
	return strings.Replace(s, ".", l.decimal, 1)
}

// longDate is the appointment date as people write it: "24 November 2026".
func (l *labels) longDate(t time.Time) string {
	day := strconv.Itoa(t.Day())
	if l.dayFirstDot {
		day += "."
	}
	return fmt.Sprintf("%s %s %d", day, l.months[t.Month()-1], t.Year())
}

func (l *labels) km(n int) string { return l.group(int64(n)) + " km" }
