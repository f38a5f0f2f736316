package repairpdf

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTotals(t *testing.T) {
	items := []Item{
		{Price: 100, Fixed: true},
		{Price: 21.01, Fixed: true, HidePrice: true}, // hidden but charged
		{Price: 999, Fixed: false},                   // not carried out: not charged
	}
	cases := []struct {
		name            string
		incl            bool
		pct             float64
		net, vat, gross float64
	}{
		{"exclusive", false, 21, 121.01, 25.41, 146.42},
		{"inclusive", true, 21, 100.01, 21.00, 121.01},
		{"zero rate", false, 0, 121.01, 0, 121.01},
		{"reduced rate inclusive", true, 5.5, 114.70, 6.31, 121.01},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			net, vat, gross := Totals(Overview{Items: items, VATPercent: c.pct, PricesIncludeVAT: c.incl})
			assert.InDelta(t, c.net, net, 1e-9)
			assert.InDelta(t, c.vat, vat, 1e-9)
			assert.InDelta(t, c.gross, gross, 1e-9)
			assert.Equal(t, cents(gross), cents(net)+cents(vat), "net+vat must equal gross to the cent")
		})
	}
}

func TestTotalsRoundsFloatNoise(t *testing.T) {
	// 0.1+0.2 style noise must not leak into the cents.
	ov := Overview{VATPercent: 21, Items: []Item{{Price: 0.1, Fixed: true}, {Price: 0.2, Fixed: true}}}
	net, vat, gross := Totals(ov)
	assert.Equal(t, 0.30, net)
	assert.Equal(t, 0.06, vat)
	assert.Equal(t, 0.36, gross)
}

func TestTotalsEmpty(t *testing.T) {
	net, vat, gross := Totals(Overview{VATPercent: 21})
	assert.Zero(t, net)
	assert.Zero(t, vat)
	assert.Zero(t, gross)
}
