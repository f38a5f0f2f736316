package repairpdf

import (
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/pitstop-dev/pitstop/internal/currency"
)

// Page geometry in mm (A4 portrait).
const (
	pageW    = 210.0
	marginX  = 15.0
	contentW = pageW - 2*marginX
	breakAt  = 22.0 // bottom margin, leaves room for the page footer
)

// Text colours shared by every block.
var (
	colText  = rgb{31, 35, 40}
	colBody  = rgb{66, 74, 83}
	colMuted = rgb{110, 119, 129}
	colRule  = rgb{216, 222, 228}
	colPanel = rgb{246, 248, 250}
)

// doc carries the state of one rendering pass.
type doc struct {
	pdf        *fpdf.Fpdf
	ov         Overview
	l          *labels
	sym        string // the currency's sign or code, of the location's country
	tr         func(string) string
	accent     rgb // fills (header band)
	accentText rgb // accent used for text on white, kept legible
	totalPages int
	tableHead  func() // redrawn after a page break inside a table
}

// build lays out the whole document; totalPages is 0 on the counting pass.
func build(ov Overview, opt Options, totalPages int) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	d := &doc{pdf: pdf, ov: ov, l: labelsFor(ov.Language), sym: currency.Symbol(currency.Of(ov.Dealer.Country)), totalPages: totalPages}
	d.tr = pdf.UnicodeTranslatorFromDescriptor("") // cp1252: é, ü, € with core fonts
	d.accent = parseColor(ov.Color)
	d.accentText = d.accent
	if d.accent.light() {
		d.accentText = d.accent.darken(0.55)
	}
	d.setup(opt)
	pdf.AddPage()
	d.header()
	d.info()
	d.headline()
	d.section(d.l.done, true)
	d.section(d.l.notDone, false)
	d.totals()
	d.signature()
	d.closing()
	return pdf
}

// setup fixes everything that would otherwise vary between runs.
func (d *doc) setup(opt Options) {
	p := d.pdf
	created := d.ov.Date
	if created.IsZero() {
		created = fixedEpoch
	}
	p.SetCreationDate(created)
	p.SetModificationDate(created)
	p.SetCatalogSort(true)
	p.SetCompression(opt.Compress)
	p.SetProducer("Pitstop", false)
	p.SetCreator("Pitstop", false)
	p.SetTitle(strings.TrimSpace(d.l.title+" "+d.ov.WONr), true)
	p.SetAuthor(d.ov.Dealer.DealerName, true)
	p.SetLang(string(d.ov.Language))
	p.SetMargins(marginX, 15, marginX)
	p.SetAutoPageBreak(true, breakAt)
	p.SetHeaderFunc(d.continuationHeader)
	p.SetFooterFunc(d.pageFooter)
}

// clean turns user text into what core fonts can print: cp1252 bytes,
// no tabs or carriage returns.
func (d *doc) clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.NewReplacer("\r", "\n", "\t", " ").Replace(s)
	return d.tr(strings.TrimSpace(s))
}

func (d *doc) font(style string, size float64, c rgb) {
	d.pdf.SetFont("Helvetica", style, size)
	d.pdf.SetTextColor(c.r, c.g, c.b)
}

func (d *doc) fill(c rgb) { d.pdf.SetFillColor(c.r, c.g, c.b) }
func (d *doc) draw(c rgb) { d.pdf.SetDrawColor(c.r, c.g, c.b) }

// fit shortens an already translated single-line string to width w.
func (d *doc) fit(s string, w float64) string {
	if d.pdf.GetStringWidth(s) <= w {
		return s
	}
	ell := d.tr("…")
	for len(s) > 0 && d.pdf.GetStringWidth(s+ell) > w {
		s = s[:len(s)-1]
	}
	return strings.TrimRight(s, " ") + ell
}

// lines wraps an already translated text to width w with the current font.
func (d *doc) lines(s string, w float64) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, b := range d.pdf.SplitLines([]byte(s), w) {
		out = append(out, string(b))
	}
	return out
}

// ensure starts a new page when h mm do not fit any more, repeating the
// current table's column header.
func (d *doc) ensure(h float64) {
	_, pageH := d.pdf.GetPageSize()
	if d.pdf.GetY()+h <= pageH-breakAt {
		return
	}
	d.pdf.AddPage()
	if d.tableHead != nil {
		d.tableHead()
	}
}
