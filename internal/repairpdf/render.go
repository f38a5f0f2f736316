package repairpdf

import (
	"bytes"
	"fmt"
	"time"
)

// Render returns the compressed PDF of ov.
func Render(ov Overview) ([]byte, error) {
	return RenderWithOptions(ov, Options{Compress: true})
}

// RenderWithOptions is Render with explicit options.
func RenderWithOptions(ov Overview, opt Options) ([]byte, error) {
	if err := validate(ov); err != nil {
		return nil, err
	}
	// A first pass counts the pages so the footer can print "Page 1 of N"
	// with real widths; fpdf's {nb} alias would misalign right-aligned text.
	first := build(ov, opt, 0)
	if err := first.Error(); err != nil {
		return nil, fmt.Errorf("repairpdf: %w", err)
	}
	pdf := build(ov, opt, first.PageCount())
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("repairpdf: %w", err)
	}
	return buf.Bytes(), nil
}

// validate rejects numbers that would print as NaN or make the totals lie.
func validate(ov Overview) error {
	if !isFinite(ov.VATPercent) || ov.VATPercent < 0 || ov.VATPercent > 100 {
		return fmt.Errorf("repairpdf: invalid VAT percent %v", ov.VATPercent)
	}
	for i, it := range ov.Items {
		if !isFinite(it.Price) {
			return fmt.Errorf("repairpdf: item %d (%q): invalid price %v", i, it.Title, it.Price)
		}
	}
	return nil
}

// fixedEpoch stands in for a missing appointment date so the PDF metadata,
// and thus the bytes, stay deterministic.
var fixedEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
