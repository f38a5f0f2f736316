package repairpdf

import (
	"fmt"
	"strings"
)

const bandH = 38.0

// header draws the coloured band of page 1: dealer and location on the left,
// document title and work order on the right.
func (d *doc) header() {
	p, dl := d.pdf, d.ov.Dealer
	on := rgb{255, 255, 255}
	sub := rgb{235, 240, 247}
	if d.accent.light() {
		on, sub = colText, colBody
	}
	d.fill(d.accent)
	p.Rect(0, 0, pageW, bandH, "F")

	const leftW, rightW = 112.0, 64.0
	rightX := pageW - marginX - rightW
	d.font("B", 17, on)
	p.SetXY(marginX, 9)
	p.CellFormat(leftW, 8, d.fit(d.clean(dl.DealerName), leftW), "", 0, "L", false, 0, "")
	d.font("B", 14, on)
	p.SetXY(rightX, 9)
	p.CellFormat(rightW, 8, d.fit(d.clean(d.l.title), rightW), "", 0, "R", false, 0, "")

	d.font("", 10.5, on)
	p.SetXY(marginX, 17.5)
	p.CellFormat(leftW, 5, d.fit(d.clean(dl.LocationName), leftW), "", 0, "L", false, 0, "")
	if d.ov.WONr != "" {
		p.SetXY(rightX, 17.5)
		p.CellFormat(rightW, 5, d.fit(d.clean(d.l.workOrder+" "+d.ov.WONr), rightW), "", 0, "R", false, 0, "")
	}

	d.font("", 8.5, sub)
	city := join(" ", dl.PostalCode, dl.City)
	for i, line := range []string{
		join(", ", dl.Street, city, dl.Country),
		join("  ·  ", dl.Phone, dl.Email, dl.Website),
	} {
		p.SetXY(marginX, 24.5+float64(i)*4.5)
		p.CellFormat(contentW, 4.5, d.fit(d.clean(line), contentW), "", 0, "L", false, 0, "")
	}
	p.SetY(bandH + 6)
}

// continuationHeader marks pages 2+ so a loose page is still identifiable.
func (d *doc) continuationHeader() {
	p := d.pdf
	if p.PageNo() == 1 {
		return
	}
	d.fill(d.accent)
	p.Rect(0, 0, pageW, 3, "F")
	d.font("", 8, colMuted)
	p.SetXY(marginX, 7)
	left := join("  ·  ", d.ov.Dealer.DealerName, d.l.title)
	p.CellFormat(contentW/2, 5, d.fit(d.clean(left), contentW/2), "", 0, "L", false, 0, "")
	if d.ov.WONr != "" {
		p.CellFormat(contentW/2, 5, d.clean(d.l.workOrder+" "+d.ov.WONr), "", 0, "R", false, 0, "")
	}
	p.SetY(17)
}

// pageFooter prints the dealer and "Page x of n" under a hairline.
func (d *doc) pageFooter() {
	p := d.pdf
	_, pageH := p.GetPageSize()
	y := pageH - 15
	d.draw(colRule)
	p.SetLineWidth(0.2)
	p.Line(marginX, y, pageW-marginX, y)
	d.font("", 7.5, colMuted)
	p.SetXY(marginX, y+1.5)
	left := join("  ·  ", d.ov.Dealer.DealerName, d.ov.Dealer.LocationName)
	p.CellFormat(contentW*0.7, 4, d.fit(d.clean(left), contentW*0.7), "", 0, "L", false, 0, "")
	p.CellFormat(contentW*0.3, 4, d.clean(fmt.Sprintf(d.l.page, p.PageNo(), max(d.totalPages, p.PageNo()))), "", 0, "R", false, 0, "")
}

// info is the grid of customer and vehicle facts; empty facts are skipped
// instead of printing blank boxes.
func (d *doc) info() {
	p, l, ov := d.pdf, d.l, d.ov
	type fact struct{ label, value string }
	var facts []fact
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			facts = append(facts, fact{label, value})
		}
	}
	add(l.customer, ov.Customer)
	add(l.vehicle, join(" ", ov.Car.Make, ov.Car.Model))
	add(l.regNumber, ov.Car.RegNumber)
	if !ov.Date.IsZero() {
		add(l.date, l.longDate(ov.Date))
	}
	if ov.Car.Mileage > 0 {
		add(l.mileage, l.km(ov.Car.Mileage))
	}
	add(l.vin, ov.Car.VIN)
	if len(facts) == 0 {
		return
	}
	const cols, cellH, pad = 3, 12.0, 4.0
	colW := (contentW - 2*pad) / cols
	rows := (len(facts) + cols - 1) / cols
	top := p.GetY()
	d.fill(colPanel)
	p.RoundedRect(marginX, top, contentW, float64(rows)*cellH+2*pad-2, 2, "1234", "F")
	for i, f := range facts {
		x := marginX + pad + float64(i%cols)*colW
		y := top + pad + float64(i/cols)*cellH
		d.font("B", 7, colMuted)
		p.SetXY(x, y)
		p.CellFormat(colW-3, 3.5, d.fit(d.clean(strings.ToUpper(f.label)), colW-3), "", 0, "L", false, 0, "")
		d.font("", 10, colText)
		p.SetXY(x, y+4)
		p.CellFormat(colW-3, 5, d.fit(d.clean(f.value), colW-3), "", 0, "L", false, 0, "")
	}
	p.SetY(top + float64(rows)*cellH + 2*pad + 4)
}

// headline is the location's free text introducing the overview.
func (d *doc) headline() {
	if s := d.clean(d.ov.Headline); s != "" {
		d.font("", 10, colBody)
		d.pdf.MultiCell(contentW, 5, s, "", "L", false)
		d.pdf.Ln(3)
	}
}

// join concatenates the non-empty parts with sep.
func join(sep string, parts ...string) string {
	var keep []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			keep = append(keep, s)
		}
	}
	return strings.Join(keep, sep)
}
