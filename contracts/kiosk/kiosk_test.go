package kiosk

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

func TestNormalisePlate(t *testing.T) {
	for in, want := range map[string]string{" ab-12 cd ": "AB12CD", "Kö-123": "KÖ123", "--": "", "xy.99.zz": "XY99ZZ"} {
		if got := NormalisePlate(in); got != want {
			t.Errorf("NormalisePlate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVerifies(t *testing.T) {
	for _, tc := range []struct {
		typed string
		want  bool
	}{{"772", true}, {"WO-7772", false}, {"7772", true}, {"72", false}, {"bakker", true}, {" BAKKER ", true},
		{"bak", false}, {"", false}, {"1772", false}, {"de Vries", false}} {
		if got := Verifies(tc.typed, "WO-7772", "Bakker", ""); got != tc.want {
			t.Errorf("Verifies(%q) = %v, want %v", tc.typed, got, tc.want)
		}
	}
}

func pngOf(w, h, ink int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < ink; i++ {
		img.Set(i%w, i/w, color.NRGBA{0, 0, 0, 255})
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

func TestSignatureProblem(t *testing.T) {
	for name, tc := range map[string]struct {
		b    []byte
		want string
	}{
		"good":      {pngOf(300, 100, 200), ""},
		"empty":     {nil, "required"},
		"blank":     {pngOf(300, 100, 0), "empty"},
		"a dot":     {pngOf(300, 100, MinInkPixels-1), "empty"},
		"too tall":  {pngOf(10, MaxSignatureHeight+1, 200), "pixels"},
		"not a PNG": {[]byte("GIF89a"), "PNG"},
		"truncated": {pngOf(300, 100, 200)[:40], "readable"},
		"too big":   {append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, MaxSignatureBytes)...), "at most"},
	} {
		got := SignatureProblem(tc.b)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", name, got, tc.want)
		}
	}
}
