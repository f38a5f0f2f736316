package messages

import (
	"strings"
	"testing"
)

func TestSMSSegments(t *testing.T) {
	cases := []struct {
		s        string
		enc      string
		segments int
	}{
		{strings.Repeat("a", 160), "GSM-7", 1},
		{strings.Repeat("a", 161), "GSM-7", 2},
		{strings.Repeat("€", 80), "GSM-7", 1}, // extension characters cost two septets
		{strings.Repeat("€", 81), "GSM-7", 2},
		{strings.Repeat("ł", 70), "UCS-2", 1},
		{strings.Repeat("ł", 71), "UCS-2", 2},
		{"Zoë", "UCS-2", 1}, // ë is not in GSM-7's basic set
	}
	for _, c := range cases {
		got := SMSSegments(c.s)
		if got.Encoding != c.enc || got.Segments != c.segments {
			t.Errorf("%q...: got %+v, want %s/%d", c.s[:min(len(c.s), 6)], got, c.enc, c.segments)
		}
	}
}
