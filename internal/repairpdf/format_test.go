package repairpdf

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

func TestMoneyPerLocale(t *testing.T) {
	cases := map[enums.LanguageCode]string{
		enums.LanguageCodeEnGB: "€1,234.50",
		enums.LanguageCodeNlNL: "€ 1.234,50",
		enums.LanguageCodeFrFR: "1\u00a0234,50\u00a0€",
		enums.LanguageCodeDeDE: "1.234,50\u00a0€",
	}
	for lang, want := range cases {
		assert.Equal(t, want, labelsFor(lang).money(1234.5, "€"), lang)
	}
	en := labelsFor(enums.LanguageCodeEnGB)
	assert.Equal(t, "-€12.35", en.money(-12.345, "€"))
	assert.Equal(t, "€0.00", en.money(0, "€"))
	assert.Equal(t, "€1,000,000.00", en.money(1e6, "€"))
	// Another currency: its sign, or its code with a space.
	assert.Equal(t, "£12.35", en.money(12.345, "£"))
	assert.Equal(t, "CHF 12.35", en.money(12.345, "CHF"))
	assert.Equal(t, "CHF 1.234,50", labelsFor(enums.LanguageCodeNlNL).money(1234.5, "CHF"))
	assert.Equal(t, "1.234,50\u00a0CHF", labelsFor(enums.LanguageCodeDeDE).money(1234.5, "CHF"))
}

func TestPercentAndDates(t *testing.T) {
	assert.Equal(t, "5,5", labelsFor(enums.LanguageCodeNlNL).percent(5.5))
	assert.Equal(t, "21", labelsFor(enums.LanguageCodeEnGB).percent(21))
	d := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, "4 March 2026", labelsFor(enums.LanguageCodeEnGB).longDate(d))
	assert.Equal(t, "4 maart 2026", labelsFor(enums.LanguageCodeNlNL).longDate(d))
	assert.Equal(t, "4 mars 2026", labelsFor(enums.LanguageCodeFrFR).longDate(d))
	assert.Equal(t, "4. März 2026", labelsFor(enums.LanguageCodeDeDE).longDate(d))
}

func TestLanguageFallback(t *testing.T) {
	assert.Same(t, catalog[enums.LanguageCodeNlNL], labelsFor("nl-BE"))
	assert.Same(t, catalog[enums.LanguageCodeEnGB], labelsFor("xx-YY"))
	assert.Same(t, catalog[enums.LanguageCodeEnGB], labelsFor(""))
}

func TestParseColor(t *testing.T) {
	assert.Equal(t, rgb{0x1f, 0x6f, 0xeb}, parseColor("#1f6feb"))
	assert.Equal(t, rgb{0xff, 0x00, 0xcc}, parseColor(" #f0c "))
	assert.Equal(t, defaultAccent, parseColor("blue"))
	assert.Equal(t, defaultAccent, parseColor("#12345g"))
	assert.Equal(t, defaultAccent, parseColor(""))
	assert.True(t, parseColor("#ffee00").light())
	assert.False(t, parseColor("#1f6feb").light())
}
