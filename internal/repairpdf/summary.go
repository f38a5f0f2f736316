package repairpdf

import (
	"bytes"
	"fmt"
	"image"
	_ "image/png" // the signature is a PNG

	"github.com/go-pdf/fpdf"
)

// totals prints net, VAT and gross of the carried-out work when the location
// enabled it (TotalPDFEnabled).
func (d *doc) totals() {
	if !d.ov.ShowTotals {
		return
	}
	p, l := d.pdf, d.l
	net, vat, gross := Totals(d.ov)
	const boxW, lineH, pad = 86.0, 6.0, 3.0
	d.ensure(3*lineH + 2*pad + 4)
	x := marginX + contentW - boxW
	top := p.GetY()
	d.fill(colPanel)
	p.RoundedRect(x, top, boxW, 3*lineH+2*pad+2, 2, "1234", "F")

	rows := []struct {
		label, value string
	}{
		{l.net, l.money(net, d.sym)},
		{fmt.Sprintf(l.vat, l.percent(d.ov.VATPercent)), l.money(vat, d.sym)},
	}
	p.SetY(top + pad)
	for _, r := range rows {
		d.font("", 9.5, colBody)
		p.SetX(x + pad)
		p.CellFormat(boxW/2, lineH, d.clean(r.label), "", 0, "L", false, 0, "")
		p.CellFormat(boxW/2-2*pad, lineH, d.clean(r.value), "", 1, "R", false, 0, "")
	}
	y := p.GetY() + 1
	d.draw(d.accent)
	p.SetLineWidth(0.4)
	p.Line(x+pad, y, x+boxW-pad, y)
	p.SetY(y + 0.5)
	d.font("B", 11, d.accentText)
	p.SetX(x + pad)
	p.CellFormat(boxW/2, lineH+0.5, d.clean(l.gross), "", 0, "L", false, 0, "")
	p.CellFormat(boxW/2-2*pad, lineH+0.5, d.clean(l.money(gross, d.sym)), "", 1, "R", false, 0, "")
	p.SetY(top + 3*lineH + 2*pad + 2 + 6)
}

// signature prints the customer's desk signature (a PNG the PDF can take;
// anything else is left out) with who signed and when.
func (d *doc) signature() {
	sg := d.ov.Signature
	if sg == nil || len(sg.PNG) == 0 {
		return
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(sg.PNG))
	if err != nil || format != "png" || cfg.Width <= 0 || cfg.Height <= 0 {
		return
	}
	p := d.pdf
	const name, maxW, maxH = "desk-signature", 70.0, 25.0
	if p.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(sg.PNG)); p.Err() {
		p.ClearError()
		return
	}
	w, h := maxW, maxW*float64(cfg.Height)/float64(cfg.Width)
	if h > maxH {
		w, h = maxH*float64(cfg.Width)/float64(cfg.Height), maxH
	}
	d.ensure(h + 12)
	d.font("", 9, colMuted)
	p.SetX(marginX)
	p.CellFormat(contentW, 5, d.clean(fmt.Sprintf(d.l.signed, sg.Name, d.l.longDate(sg.At))), "", 1, "L", false, 0, "")
	y := p.GetY() + 1
	p.ImageOptions(name, marginX, y, w, h, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	p.SetY(y + h + 4)
}

// closing prints the location's free footer text after the content.
func (d *doc) closing() {
	if s := d.clean(d.ov.Footer); s != "" {
		d.font("", 8.5, colMuted)
		d.ensure(float64(len(d.lines(s, contentW))) * 4.2)
		d.pdf.SetX(marginX)
		d.pdf.MultiCell(contentW, 4.2, s, "", "L", false)
	}
}
