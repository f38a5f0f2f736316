package messages

import (
	"testing"
	"time"

	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/stretchr/testify/assert"
)

func TestFormatDatePerLocale(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	utc := time.Date(2026, 11, 24, 8, 30, 0, 0, time.UTC) // 09:30 in Amsterdam (CET)
	cases := map[enums.LanguageCode]string{
		enums.LanguageCodeEnGB: "Tue 24 Nov 2026, 09:30",
		enums.LanguageCodeNlNL: "di 24 nov 2026, 09:30",
		enums.LanguageCodeFrFR: "mar. 24 nov. 2026, 09:30",
		enums.LanguageCodeDeDE: "Di. 24. Nov. 2026, 09:30",
		"nl-BE":                "di 24 nov 2026, 09:30",
		"xx-XX":                "Tue 24 Nov 2026, 09:30",
	}
	for lang, want := range cases {
		assert.Equal(t, want, FormatDate(utc, ams, lang), lang)
	}
	// Summer time: the location's zone decides the hour, not the server's.
	summer := time.Date(2026, 7, 5, 6, 5, 0, 0, time.UTC)
	assert.Equal(t, "So. 5. Juli 2026, 08:05", FormatDate(summer, ams, enums.LanguageCodeDeDE))
	assert.Equal(t, "dim. 5 juil. 2026, 08:05", FormatDate(summer, ams, enums.LanguageCodeFrFR))
}

func TestFormatDateEdges(t *testing.T) {
	assert.Empty(t, FormatDate(time.Time{}, time.UTC, enums.LanguageCodeEnGB))
	fixed := time.Date(2026, 3, 1, 14, 0, 0, 0, time.FixedZone("X", 2*3600))
	assert.Equal(t, "Sun 1 Mar 2026, 14:00", FormatDate(fixed, nil, enums.LanguageCodeEnGB), "nil zone keeps the time's own")
	assert.Equal(t, "zo 1 mrt 2026, 12:00", FormatDate(fixed, time.UTC, enums.LanguageCodeNlNL))
}
