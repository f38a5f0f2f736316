// Package textcheck checks user-supplied text before it reaches PostgreSQL
// (which refuses NUL bytes and invalid UTF-8 with an error instead of a
// validation message) or a log line, and cleans uploaded file names.
//
// The checks return problems as plain sentences naming the field, the same
// shape as the API's other validation problems, so a caller collects them
// all and answers 400 once.
package textcheck

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field checks a multi-line text field: valid UTF-8, no NUL byte, at most
// maxLen characters (runes; maxLen <= 0 means no limit), and no control
// characters other than tab, line feed and carriage return (C0, DEL and C1
// controls are refused: they break terminals, CSV exports and PDFs).
func Field(name, value string, maxLen int) []string {
	return check(name, value, maxLen, false)
}

// Line is Field for single-line values (names, work-order numbers, plates):
// tab, line feed and carriage return are refused too (they enable header and
// log-line injection), and so are the bidirectional formatting characters
// (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C) that can make a
// value display differently from what it is.
func Line(name, value string, maxLen int) []string {
	return check(name, value, maxLen, true)
}

func check(name, value string, maxLen int, single bool) []string {
	if !utf8.ValidString(value) {
		// Everything after this needs runes; report the one problem that matters.
		return []string{fmt.Sprintf("%s is not valid UTF-8 text", name)}
	}
	var problems []string
	if strings.IndexByte(value, 0) >= 0 {
		problems = append(problems, fmt.Sprintf("%s contains a NUL byte", name))
	}
	if n := utf8.RuneCountInString(value); maxLen > 0 && n > maxLen {
		problems = append(problems, fmt.Sprintf("%s is %d characters long, at most %d allowed", name, n, maxLen))
	}
	pos := 0
	for _, r := range value {
		pos++
		if r == 0 {
			continue // reported above
		}
		if single && (r == '\t' || r == '\n' || r == '\r') {
			problems = append(problems, fmt.Sprintf("%s must be a single line (character %d is %U)", name, pos, r))
			break
		}
		if isControl(r) {
			problems = append(problems, fmt.Sprintf("%s contains control character %U at position %d", name, r, pos))
			break
		}
		if single && isBidi(r) {
			problems = append(problems, fmt.Sprintf("%s contains bidirectional formatting character %U at position %d", name, r, pos))
			break
		}
	}
	return problems
}

// isControl: C0 except tab, LF, CR; DEL; C1; and the Unicode line and
// paragraph separators, which act as line breaks in many viewers.
func isControl(r rune) bool {
	if r == '\t' || r == '\n' || r == '\r' {
		return false
	}
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029'
}

// isBidi reports the embedding, override and isolate characters, and the
// implicit marks (LRM, RLM, ALM).
func isBidi(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') ||
		r == '\u200E' || r == '\u200F' || r == '\u061C'
}

// MaxEmailLen is the longest address SMTP carries (RFC 5321: 254 in a path).
const MaxEmailLen = 254

// Email checks a bare e-mail address ("rita@example.nl"): no display name
// or angle brackets, one @, a local part of at most 64 bytes, a domain with a
// dot and no empty labels, at most 254 bytes in all, and nothing Line would
// refuse. It does not look the domain up. The empty string is a problem too:
// callers check optional addresses only when given.
func Email(name, value string) []string {
	if problems := Line(name, value, MaxEmailLen); len(problems) > 0 {
		return problems
	}
	bad := func(why string) []string {
		return []string{fmt.Sprintf("%s is not a valid e-mail address (%s)", name, why)}
	}
	switch {
	case value == "":
		return []string{fmt.Sprintf("%s is empty", name)}
	case len(value) > MaxEmailLen:
		return bad(fmt.Sprintf("longer than %d bytes", MaxEmailLen))
	case strings.TrimSpace(value) != value || strings.ContainsAny(value, " <>\"(),;:[]\\"):
		return bad("give the bare address, without a name, spaces, quotes or brackets")
	case strings.Count(value, "@") != 1:
		return bad("it needs exactly one @")
	}
	local, domain, _ := strings.Cut(value, "@")
	switch {
	case local == "":
		return bad("nothing before the @")
	case len(local) > 64:
		return bad("the part before the @ is longer than 64 bytes")
	case strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, ".."):
		return bad("dots in the part before the @ must be between characters")
	case domain == "":
		return bad("nothing after the @")
	case !strings.Contains(domain, "."):
		return bad("the domain needs a dot, as in example.nl")
	}
	for _, label := range strings.Split(domain, ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return bad("the domain after the @ is malformed")
		}
	}
	// The standard library has the final word on the syntax we let through.
	if a, err := mail.ParseAddress(value); err != nil || a.Address != value {
		return bad("not accepted by the address parser")
	}
	return nil
}
