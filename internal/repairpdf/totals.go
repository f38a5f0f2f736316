package repairpdf

import "math"

// Totals returns net, VAT and gross of the carried-out (Fixed) items. Hidden
// prices count: they are charged, only not shown. Amounts are computed in
// whole cents so net+vat == gross exactly after rounding.
func Totals(ov Overview) (net, vat, gross float64) {
	var sum int64
	for _, it := range ov.Items {
		if it.Fixed && isFinite(it.Price) {
			sum += cents(it.Price)
		}
	}
	rate := vatRate(ov.VATPercent)
	var n, v, g int64
	if ov.PricesIncludeVAT {
		g = sum
		n = int64(math.Round(float64(g) / (1 + rate)))
		v = g - n
	} else {
		n = sum
		v = int64(math.Round(float64(n) * rate))
		g = n + v
	}
	return float64(n) / 100, float64(v) / 100, float64(g) / 100
}

func cents(x float64) int64 { return int64(math.Round(x * 100)) }

// vatRate ignores nonsense percentages rather than printing nonsense totals;
// Render rejects them before we get here.
func vatRate(pct float64) float64 {
	if !isFinite(pct) || pct < 0 {
		return 0
	}
	return pct / 100
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
