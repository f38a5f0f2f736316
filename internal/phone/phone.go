// Package phone normalises customers' phone numbers to E.164 (the form Twilio
// takes) and masks them for logs.
//
// Choices, where the brief left room:
//   - National forms are read in the location's region ("06-12345678" in NL is
//     +31612345678); international forms ("+32 ...", "0032 ...") keep their
//     own country whatever the region.
//   - The "+31 (0)6 1234 5678" / "+31 (6) 1234-5678" forms people write on
//     cards are normalised, not refused: parentheses are separators, and a
//     national trunk "0" in parentheses after the country code is dropped, as
//     libphonenumber does. Refusing them would bounce numbers that are
//     unambiguous.
//   - Only ASCII digits, spaces, a leading "+", and ( ) - . / are accepted.
//     Letters (vanity numbers, "ext. 12", "tel:") are refused with the
//     offending character named: an SMS cannot reach an extension, and a
//     letter is more often a typo than a vanity number.
//   - The number must be valid for its country per libphonenumber's metadata
//     (not merely of a possible length). Whether it is a mobile number is not
//     checked here; see Mobile.
package phone

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// MaxInputLen bounds the raw input in bytes; real numbers with separators fit
// easily, and it keeps the parser's work small.
const MaxInputLen = 64

// Error values callers may test with errors.Is; the returned errors wrap them
// with a message that says what was wrong.
var (
	ErrEmpty   = errors.New("phone number is empty")
	ErrInvalid = errors.New("invalid phone number")
	ErrRegion  = errors.New("unknown region")
)

// Normalize returns raw as E.164 ("+31612345678"). region is the ISO 3166
// alpha-2 code of the location's country (NL, BE, DE, FR, GB, ...; case and
// surrounding spaces ignored) used for numbers written without a country
// code. An empty region accepts international numbers only.
func Normalize(raw, region string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", ErrEmpty
	}
	if len(s) > MaxInputLen {
		return "", fmt.Errorf("%w: longer than %d characters", ErrInvalid, MaxInputLen)
	}
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("%w: not valid UTF-8", ErrInvalid)
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+':
			if i != 0 {
				return "", fmt.Errorf("%w: \"+\" is only allowed at the start", ErrInvalid)
			}
		case r == ' ', r == '(', r == ')', r == '-', r == '.', r == '/':
		default:
			return "", fmt.Errorf("%w: character %q is not allowed (digits, spaces, a leading + and ( ) - . / only)", ErrInvalid, r)
		}
	}
	if digits == 0 {
		return "", fmt.Errorf("%w: no digits", ErrInvalid)
	}

	reg := strings.ToUpper(strings.TrimSpace(region))
	if reg == "" {
		if !strings.HasPrefix(s, "+") {
			return "", fmt.Errorf("%w: no region given, so the number must start with + and a country code", ErrInvalid)
		}
		reg = "ZZ" // libphonenumber's "unknown region": international numbers only
	} else if phonenumbers.GetCountryCodeForRegion(reg) == 0 {
		return "", fmt.Errorf("%w %q: want an ISO 3166 alpha-2 country code such as NL, BE, DE, FR or GB", ErrRegion, region)
	}

	num, err := phonenumbers.Parse(s, reg)
	if err != nil {
		return "", fmt.Errorf("%w: cannot parse %s: %v", ErrInvalid, Mask(s), err)
	}
	if !phonenumbers.IsValidNumber(num) {
		cc := num.GetCountryCode()
		return "", fmt.Errorf("%w: not a valid number for country code +%d (%s); check the digits and the country",
			ErrInvalid, cc, phonenumbers.GetRegionCodeForCountryCode(int(cc)))
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}

// Mobile reports whether an E.164 number is a mobile number (or one its
// country does not tell apart from mobile, as in the US), i.e. can take SMS.
func Mobile(e164 string) bool {
	num, err := phonenumbers.Parse(e164, "ZZ")
	if err != nil {
		return false
	}
	switch phonenumbers.GetNumberType(num) {
	case phonenumbers.MOBILE, phonenumbers.FIXED_LINE_OR_MOBILE:
		return true
	}
	return false
}

// Mask hides a phone number for logs: an E.164 number keeps its "+", its
// first two digits and its last three ("+31612345678" -> "+31******678"), so
// lines can be told apart without the number being readable. Anything that
// is not E.164-shaped (raw user input, short codes) is masked whole: none of
// its characters, nor its length, show.
func Mask(e164 string) string {
	if !looksE164(e164) {
		if e164 == "" {
			return ""
		}
		return "[masked phone]"
	}
	const keepHead, keepTail = 3, 3 // "+" and two digits; three digits
	hidden := len(e164) - keepHead - keepTail
	return e164[:keepHead] + strings.Repeat("*", hidden) + e164[len(e164)-keepTail:]
}

// looksE164: "+" then 8 to 15 ASCII digits, the first not 0. Eight is the
// shortest length that still hides at least two digits.
func looksE164(s string) bool {
	if len(s) < 9 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
