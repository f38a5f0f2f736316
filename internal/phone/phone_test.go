package phone

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ raw, region, want string }{
		// the forms Dutch customers and receptionists write
		{"+31 (6) 1234-5678", "NL", "+31612345678"},
		{"+31 (0)6 1234 5678", "NL", "+31612345678"},
		{"+31 (0) 612345678", "NL", "+31612345678"},
		{"06-12345678", "NL", "+31612345678"},
		{"06 1234 5678", "NL", "+31612345678"},
		{"(06) 12345678", "NL", "+31612345678"},
		{"0031612345678", "NL", "+31612345678"},
		{"+31612345678", "NL", "+31612345678"},
		{"  +31612345678  ", "nl", "+31612345678"},
		{"020-123 4567", "NL", "+31201234567"}, // landline: valid, Mobile says no
		// other countries of our locations
		{"0470 12 34 56", "BE", "+32470123456"},
		{"+32 (0)470 12 34 56", "BE", "+32470123456"},
		{"0151 23456789", "DE", "+4915123456789"},
		{"+49 (0)151 23456789", "DE", "+4915123456789"},
		{"06 12 34 56 78", "FR", "+33612345678"},
		{"06.12.34.56.78", "FR", "+33612345678"},
		{"07400 123456", "GB", "+447400123456"},
		{"+44 (0)20 7946 0958", "GB", "+442079460958"},
		// an international number keeps its country whatever the region
		{"+32 470 12 34 56", "NL", "+32470123456"},
		{"0032470123456", "NL", "+32470123456"},
		// no region: international only
		{"+31612345678", "", "+31612345678"},
	} {
		got, err := Normalize(tc.raw, tc.region)
		if err != nil || got != tc.want {
			t.Errorf("Normalize(%q, %q) = %q, %v; want %q", tc.raw, tc.region, got, err, tc.want)
		}
	}
}

func TestNormalizeRefuses(t *testing.T) {
	for _, tc := range []struct {
		raw, region string
		is          error
		msg         string
	}{
		{"", "NL", ErrEmpty, "empty"},
		{"   ", "NL", ErrEmpty, "empty"},
		{"abc", "NL", ErrInvalid, `character 'a' is not allowed`},
		{"06-1234567x", "NL", ErrInvalid, `character 'x'`},
		{"+31 6 12345678 ext. 12", "NL", ErrInvalid, `character 'e'`},
		{"tel:+31612345678", "NL", ErrInvalid, `character 't'`},
		{"06\x0012345678", "NL", ErrInvalid, `character '\x00'`},
		{"٠٦١٢٣٤٥٦٧٨", "NL", ErrInvalid, "is not allowed"}, // Arabic-Indic digits
		{"\xff\xfe", "NL", ErrInvalid, "UTF-8"},
		{"31+612345678", "NL", ErrInvalid, `"+" is only allowed at the start`},
		{"()-", "NL", ErrInvalid, "no digits"},
		{"+31 6 1234", "NL", ErrInvalid, "not a valid number for country code +31 (NL)"},
		{"0612", "NL", ErrInvalid, "not a valid number"},
		{"1234567890123", "NL", ErrInvalid, "not a valid number"},
		{"+999 1234 5678", "NL", ErrInvalid, "cannot parse"},
		{strings.Repeat("1", 65), "NL", ErrInvalid, "longer than 64"},
		{"0612345678", "", ErrInvalid, "no region given"},
		{"0612345678", "XX", ErrRegion, `unknown region "XX"`},
		{"0612345678", "NLD", ErrRegion, "ISO 3166 alpha-2"},
	} {
		got, err := Normalize(tc.raw, tc.region)
		if err == nil {
			t.Errorf("Normalize(%q, %q) = %q, want an error", tc.raw, tc.region, got)
			continue
		}
		if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("Normalize(%q, %q) error %q; want %v containing %q", tc.raw, tc.region, err, tc.is, tc.msg)
		}
	}
}

// A refusal's message does not echo the digits (it may end up in a log).
func TestNormalizeErrorDoesNotEchoNumber(t *testing.T) {
	_, err := Normalize("+999 1234 5678", "NL")
	if err == nil || strings.Contains(err.Error(), "1234") {
		t.Fatalf("error %v", err)
	}
}

func TestMobile(t *testing.T) {
	for e164, want := range map[string]bool{
		"+31612345678":  true,
		"+31201234567":  false,
		"+447400123456": true,
		"nonsense":      false,
	} {
		if got := Mobile(e164); got != want {
			t.Errorf("Mobile(%q) = %v", e164, got)
		}
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"+31612345678":      "+31******678",
		"+4915123456789":    "+49********789",
		"+32470123456":      "+32******456",
		"+12025550123":      "+12******123",
		"+31612":            "[masked phone]", // too short to hide enough
		"06-12345678":       "[masked phone]", // raw input is hidden whole
		"+31 6 1234 5678":   "[masked phone]",
		"+0612345678":       "[masked phone]",
		"+3161234567890123": "[masked phone]", // longer than E.164 allows
		"":                  "",
	} {
		got := Mask(in)
		if got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}
