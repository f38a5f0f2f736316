package repairpdf

import (
	"strconv"
	"strings"
)

type rgb struct{ r, g, b int }

// defaultAccent is a neutral blue used when the location's colour is unusable.
var defaultAccent = rgb{0x1f, 0x5f, 0xa8}

// parseColor accepts "#rrggbb" or "#rgb" (the dealer types it in a settings
// screen, so anything else falls back rather than failing the download).
func parseColor(s string) rgb {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(s) == 3 {
		s = string([]byte{s[0], s[0], s[1], s[1], s[2], s[2]})
	}
	if len(s) != 6 {
		return defaultAccent
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return defaultAccent
	}
	return rgb{int(v >> 16), int(v >> 8 & 0xff), int(v & 0xff)}
}

// light reports whether white text on c would be hard to read.
func (c rgb) light() bool {
	return 0.299*float64(c.r)+0.587*float64(c.g)+0.114*float64(c.b) > 170
}

// darken mixes c with black; used to keep a pale brand colour legible as text.
func (c rgb) darken(f float64) rgb {
	return rgb{int(float64(c.r) * f), int(float64(c.g) * f), int(float64(c.b) * f)}
}
