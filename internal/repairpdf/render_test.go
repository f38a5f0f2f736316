package repairpdf

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/go-pdf/fpdf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// plain renders without compression so text is visible in the bytes.
func plain(t *testing.T, ov Overview) []byte {
	t.Helper()
	out, err := RenderWithOptions(ov, Options{Compress: false})
	require.NoError(t, err)
	return out
}

// cp1252 is how fpdf stores text with core fonts; searching needs the same.
var cp1252 = fpdf.New("P", "mm", "A4", "").UnicodeTranslatorFromDescriptor("")

// assertText checks that s was printed as (part of) a PDF text string.
func assertText(t *testing.T, pdf []byte, s string) {
	t.Helper()
	assert.True(t, bytes.Contains(pdf, []byte(cp1252(s))), "PDF should contain %q", s)
}

// assertParseable checks the PDF skeleton: header, EOF marker, and that the
// xref table points at every object it lists.
func assertParseable(t *testing.T, pdf []byte) {
	t.Helper()
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))
	require.True(t, bytes.HasSuffix(bytes.TrimSpace(pdf), []byte("%%EOF")))
	m := regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`).FindSubmatch(pdf)
	require.NotNil(t, m, "startxref")
	off, _ := strconv.Atoi(string(m[1]))
	require.True(t, bytes.HasPrefix(pdf[off:], []byte("xref")), "startxref must point at xref")
	entries := regexp.MustCompile(`(\d{10}) 00000 n`).FindAllSubmatch(pdf[off:], -1)
	require.NotEmpty(t, entries)
	for i, e := range entries {
		o, _ := strconv.Atoi(string(e[1]))
		want := fmt.Sprintf("%d 0 obj", i+1)
		require.True(t, bytes.HasPrefix(pdf[o:], []byte(want)), "xref entry %d", i+1)
	}
}

func TestRenderEveryLanguage(t *testing.T) {
	langs := append([]enums.LanguageCode{}, enums.LanguageCodeValues...)
	langs = append(langs, "xx-XX")
	for _, lang := range langs {
		t.Run(string(lang), func(t *testing.T) {
			ov := sample(lang)
			l := labelsFor(lang)
			compressed, err := Render(ov)
			require.NoError(t, err)
			assertParseable(t, compressed)

			out := plain(t, ov)
			assertParseable(t, out)
			for _, s := range []string{l.title, l.done, l.notDone, l.declined, l.contactMe, l.noAnswer,
				"WO-2026-04711", "Brake pads front", "Tyres rear", "Zoë Éléonore van Dijk", "Garage Müller & Söhne",
				l.net, l.gross, l.money(434.5, "€"), l.money(359.09, "€"), l.money(75.41, "€"), fmt.Sprintf(l.page, 1, 1)} {
				assertText(t, out, s)
			}
		})
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	a, err := Render(sample(enums.LanguageCodeNlNL))
	require.NoError(t, err)
	b, err := Render(sample(enums.LanguageCodeNlNL))
	require.NoError(t, err)
	assert.Equal(t, a, b)
}

func TestHiddenPriceNotShownButCharged(t *testing.T) {
	ov := sample(enums.LanguageCodeEnGB)
	ov.Items = []Item{
		{Title: "Oil service", Price: 100, Fixed: true},
		{Title: "Lease service", Price: 777.77, Fixed: true, HidePrice: true},
	}
	out := plain(t, ov)
	assert.NotContains(t, string(out), "777.77")
	assertText(t, out, "—")
	assertText(t, out, "€877.77")
}

// A location in a country that does not price in euros prints its
// currency (internal/currency), not the euro.
func TestPricesInTheLocationsCurrency(t *testing.T) {
	ov := sample(enums.LanguageCodeEnGB)
	ov.Dealer.Country = "GB"
	ov.Items = []Item{{Title: "Oil service", Price: 100, Fixed: true}}
	out := plain(t, ov)
	assertText(t, out, "£100.00")
	assert.NotContains(t, string(out), "€")
	ov.Dealer.Country = "CH"
	assertText(t, plain(t, ov), "CHF 100.00")
}

func TestTotalsOnlyWhenEnabled(t *testing.T) {
	ov := sample(enums.LanguageCodeEnGB)
	ov.ShowTotals = false
	out := plain(t, ov)
	assert.NotContains(t, string(out), "Total incl. VAT")
	assertText(t, out, "PRICE INCL. VAT")

	ov.ShowTotals, ov.PricesIncludeVAT = true, false
	out = plain(t, ov)
	assertText(t, out, "PRICE EXCL. VAT")
	assertText(t, out, "€525.75") // 434.50 net + 21%
}

func TestEmptyOverviewRenders(t *testing.T) {
	out := plain(t, Overview{})
	assertParseable(t, out)
	assertText(t, out, "No items.")
	assertText(t, out, "Repair overview")
	assert.Equal(t, out, plain(t, Overview{}), "no date must not mean time.Now()")
}

func TestLongListPaginates(t *testing.T) {
	ov := sample(enums.LanguageCodeDeDE)
	ov.Items = nil
	for i := range 120 {
		ov.Items = append(ov.Items, Item{
			Title:       fmt.Sprintf("Position %03d", i),
			Description: "Eine ausführliche Beschreibung der durchgeführten Arbeit, die über mehr als eine Zeile läuft, damit Zeilenumbrüche geprüft werden.",
			Price:       10, Fixed: i%3 != 0, CustomerDecision: enums.CommunicationResultStatusDecline,
		})
	}
	pages := build(ov, Options{}, 0).PageCount()
	require.Greater(t, pages, 3)
	out := plain(t, ov)
	assertParseable(t, out)
	assertText(t, out, fmt.Sprintf("Seite %d von %d", pages, pages))
	assertText(t, out, "Position 119")
	assert.Equal(t, pages, bytes.Count(out, []byte("/Type /Page\n")))
}

func TestGiantItemSplitsAcrossPages(t *testing.T) {
	ov := sample(enums.LanguageCodeEnGB)
	long := bytes.Repeat([]byte("A very long description line that keeps going. "), 400)
	ov.Items = []Item{{Title: "Huge", Description: string(long), Price: 1, Fixed: true}}
	out := plain(t, ov)
	assertParseable(t, out)
	assert.Greater(t, build(ov, Options{}, 0).PageCount(), 2)
}

func TestRenderRejectsBadNumbers(t *testing.T) {
	ov := sample(enums.LanguageCodeEnGB)
	ov.Items[0].Price = math.NaN()
	_, err := Render(ov)
	assert.Error(t, err)

	ov = sample(enums.LanguageCodeEnGB)
	ov.VATPercent = -1
	_, err = Render(ov)
	assert.Error(t, err)
}

func TestBadColorFallsBack(t *testing.T) {
	ov := sample(enums.LanguageCodeEnGB)
	ov.Color = "javascript:alert(1)"
	_, err := Render(ov)
	assert.NoError(t, err)
}
