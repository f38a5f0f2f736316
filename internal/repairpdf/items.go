package repairpdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/jpeg" // photos: image.DecodeConfig, and a WebP photo re-encoded
	"image/png"
	"strings"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Column widths (mm) of the two tables; description takes the rest.
const (
	priceW    = 34.0
	decisionW = 42.0
	cellPad   = 2.0
)

// section prints one table: carried-out items (fixed) or the others with
// the customer's decision.
func (d *doc) section(title string, fixed bool) {
	var items []Item
	for _, it := range d.ov.Items {
		if it.Fixed == fixed {
			items = append(items, it)
		}
	}
	p := d.pdf
	// Keep the title with its column header and a first row.
	d.tableHead = nil
	d.ensure(30)
	d.font("B", 12, d.accentText)
	p.SetX(marginX)
	p.CellFormat(contentW, 7, d.clean(title), "", 1, "L", false, 0, "")
	d.draw(d.accent)
	p.SetLineWidth(0.5)
	p.Line(marginX, p.GetY(), marginX+contentW, p.GetY())
	p.Ln(1.5)

	if len(items) == 0 { // a column header over nothing looks broken
		d.font("I", 9, colMuted)
		p.SetX(marginX)
		p.CellFormat(contentW, 8, d.clean(d.l.noItems), "", 1, "L", false, 0, "")
	} else {
		d.tableHead = func() { d.columns(fixed) }
		d.tableHead()
	}
	for _, it := range items {
		d.row(it, fixed)
	}
	d.tableHead = nil
	p.Ln(7)
}

// columns draws the grey column header row.
func (d *doc) columns(fixed bool) {
	p, l := d.pdf, d.l
	price := l.priceExcl
	if d.ov.PricesIncludeVAT {
		price = l.priceIncl
	}
	d.fill(colPanel)
	d.font("B", 7, colMuted)
	p.SetX(marginX)
	up := func(s string) string { return d.clean(strings.ToUpper(s)) }
	if fixed {
		p.CellFormat(contentW-priceW, 6.5, up(l.description), "", 0, "L", true, 0, "")
	} else {
		p.CellFormat(contentW-priceW-decisionW, 6.5, up(l.description), "", 0, "L", true, 0, "")
		p.CellFormat(decisionW, 6.5, up(l.decision), "", 0, "L", true, 0, "")
	}
	p.CellFormat(priceW, 6.5, up(price), "", 1, "R", true, 0, "")
}

// textLine is one printed line of an item with its style.
type textLine struct {
	s     string
	style string
	size  float64
	h     float64
	c     rgb
}

// row prints one item: bold title, description, mechanic notes, then the
// decision pill and the price aligned with the title.
func (d *doc) row(it Item, fixed bool) {
	p := d.pdf
	descW := contentW - priceW
	if !fixed {
		descW -= decisionW
	}
	var ls []textLine
	add := func(s, style string, size, h float64, c rgb) {
		d.font(style, size, c)
		for _, line := range d.lines(d.clean(s), descW) {
			ls = append(ls, textLine{line, style, size, h, c})
		}
	}
	title := it.Title
	if strings.TrimSpace(title) == "" {
		title = "—"
	}
	add(title, "B", 10, 5, colText)
	add(it.Description, "", 9, 4.3, colBody)
	if strings.TrimSpace(it.MechanicNotes) != "" {
		add(d.l.mechanicNotes+": "+it.MechanicNotes, "I", 8.5, 4.1, colMuted)
	}
	photo, photoH := d.photo(it.Photo)
	h := 2 * cellPad
	for _, t := range ls {
		h += t.h
	}
	if photoH > 0 {
		h += photoH + photoGap
	}
	_, pageH := p.GetPageSize()
	if h < pageH/2 { // rows of sane size never split across pages
		d.ensure(h)
	}
	d.ensure(cellPad + ls[0].h)
	// Side columns first: a giant row may break pages while printing lines.
	top := p.GetY()
	d.rowSide(it, fixed, descW, top+cellPad)
	p.SetY(top + cellPad)
	for i, t := range ls {
		if i > 0 {
			d.ensure(t.h)
		}
		d.font(t.style, t.size, t.c)
		p.SetX(marginX)
		p.CellFormat(descW, t.h, t.s, "", 1, "L", false, 0, "")
	}
	if photoH > 0 {
		d.ensure(photoH + photoGap)
		y := p.GetY() + photoGap
		p.ImageOptions(photo, marginX, y, 0, photoH, false, fpdf.ImageOptions{}, 0, "")
		p.SetY(y + photoH)
	}
	end := p.GetY() + cellPad
	d.draw(colRule)
	p.SetLineWidth(0.2)
	p.Line(marginX, end, marginX+contentW, end)
	p.SetY(end)
}

// A photo prints under the item's text, photoH mm high (its width follows).
const (
	photoMaxH = 38.0
	photoMaxW = 60.0
	photoGap  = 1.5
)

// photo registers an item's photo (once per pass) and returns its name and
// printed height; 0 when there is none or it is not a JPEG, PNG or WebP the
// PDF can take (checked before fpdf sees it: a bad image would fail the whole
// document).
func (d *doc) photo(b []byte) (string, float64) {
	if len(b) == 0 {
		return "", 0
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return "", 0
	}
	sum := sha256.Sum256(b)
	typ := map[string]string{"jpeg": "JPG", "png": "PNG"}[format]
	if format == "webp" {
		// fpdf takes no WebP (a phone's photo may be one, inspectphotos
		// accepts it): decoded and embedded as a JPEG, or a PNG when it has
		// transparency, at most webpMaxSide pixels on its longer side.
		if b, typ = fromWebP(b, cfg); typ == "" {
			return "", 0
		}
	}
	if typ == "" {
		return "", 0
	}
	name := "photo-" + hex.EncodeToString(sum[:8])
	p := d.pdf
	if p.GetImageInfo(name) == nil {
		if p.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(b)); p.Err() {
			p.ClearError()
			return "", 0
		}
	}
	h := photoMaxH
	if w := h * float64(cfg.Width) / float64(cfg.Height); w > photoMaxW {
		h = photoMaxW * float64(cfg.Height) / float64(cfg.Width)
	}
	return name, h
}

// webpMaxSide bounds a converted WebP photo's longer side in pixels (60 mm
// printed is about 700 px at 300 dpi); webpMaxPixels bounds what is decoded
// at all (a larger one is left out, as a photo the PDF cannot take).
const (
	webpMaxSide   = 1600
	webpMaxPixels = 40 << 20
)

// fromWebP decodes a WebP photo of cfg's size and encodes it as a JPEG
// ("JPG") or, with transparency, a PNG ("PNG"), scaled down to
// webpMaxSide; typ "" when it cannot be read.
func fromWebP(b []byte, cfg image.Config) (out []byte, typ string) {
	if cfg.Width*cfg.Height > webpMaxPixels {
		return nil, ""
	}
	img, err := webp.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, ""
	}
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); max(w, h) > webpMaxSide {
		sw, sh := webpMaxSide, max(1, h*webpMaxSide/w)
		if h > w {
			sw, sh = max(1, w*webpMaxSide/h), webpMaxSide
		}
		dst := image.NewNRGBA(image.Rect(0, 0, sw, sh))
		draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
		img = dst
	}
	var buf bytes.Buffer
	if o, ok := img.(interface{ Opaque() bool }); ok && !o.Opaque() {
		nrgba, ok := img.(*image.NRGBA)
		if !ok { // 8 bits a channel (png.Encode writes 16 for other types)
			nrgba = image.NewNRGBA(img.Bounds())
			draw.Draw(nrgba, nrgba.Bounds(), img, img.Bounds().Min, draw.Src)
		}
		err, typ = png.Encode(&buf, nrgba), "PNG"
	} else {
		err, typ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}), "JPG"
	}
	if err != nil {
		return nil, ""
	}
	return buf.Bytes(), typ
}

// rowSide prints the decision pill and the price next to the title line.
func (d *doc) rowSide(it Item, fixed bool, descW, y float64) {
	p := d.pdf
	if !fixed {
		d.pill(marginX+descW, y+0.2, it.CustomerDecision)
	}
	price := "—"
	if !it.HidePrice {
		price = d.l.money(it.Price, d.sym)
	}
	d.font("B", 10, colText)
	p.SetXY(marginX+contentW-priceW, y)
	p.CellFormat(priceW, 5, d.clean(price), "", 0, "R", false, 0, "")
}

// pill draws the customer's decision as a small tinted badge.
func (d *doc) pill(x, y float64, s enums.CommunicationResultStatus) {
	label, c := d.l.noAnswer, colMuted
	switch s {
	case enums.CommunicationResultStatusDecline:
		label, c = d.l.declined, rgb{179, 38, 30}
	case enums.CommunicationResultStatusContactMe:
		label, c = d.l.contactMe, rgb{154, 103, 0}
	case enums.CommunicationResultStatusAgree:
		label, c = d.l.approved, rgb{26, 127, 55}
	}
	p := d.pdf
	d.font("B", 7.5, c)
	text := d.fit(d.clean(label), decisionW-8)
	w := p.GetStringWidth(text) + 5
	tint := rgb{c.r + (255-c.r)*7/8, c.g + (255-c.g)*7/8, c.b + (255-c.b)*7/8}
	d.fill(tint)
	p.RoundedRect(x, y, w, 4.6, 2.3, "1234", "F")
	p.SetXY(x, y)
	p.CellFormat(w, 4.6, text, "", 0, "C", false, 0, "")
}
