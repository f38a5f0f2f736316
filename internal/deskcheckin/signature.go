package deskcheckin

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"strings"
)

// Limits of a customer's signature: a PNG drawn on the tablet's canvas
// (about 1000 x 300 pixels, a few tens of kilobytes). The bytes are checked
// before decoding, the pixel size before the pixels are decoded, so a
// crafted PNG never makes the server allocate more than MaxSignaturePixels.
const (
	MaxSignatureBytes  = 256 << 10
	MaxSignatureSide   = 2048
	MaxSignaturePixels = 2048 * 1024
	// MinInk is how many drawn (dark, opaque) pixels make a signature: a
	// blank canvas, or one touch, is no signature.
	MinInk = 40
)

// Refusal is an answer refused for a reason the tablet can fix.
type Refusal string

func (r Refusal) Error() string { return string(r) }

// Refusals of a signature.
const (
	ErrSignatureEmpty    Refusal = "customer_signature: empty; the customer must sign"
	ErrSignatureTooLarge Refusal = "customer_signature: at most 256 KB and 2048 x 2048 pixels"
	ErrSignatureNotPNG   Refusal = "customer_signature: must be a PNG image, as a data URL (data:image/png;base64,...) or base64"
	ErrSignatureBlank    Refusal = "customer_signature: the image is blank; the customer must sign"
)

// DecodeSignature turns the tablet's signature (a data URL or bare base64
// of a PNG) into the PNG's bytes, refusing what is not a real, bounded,
// non-blank PNG.
func DecodeSignature(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "data:"); ok {
		meta, data, found := strings.Cut(rest, ",")
		if !found || !strings.EqualFold(meta, "image/png;base64") {
			return nil, ErrSignatureNotPNG
		}
		s = data
	}
	if s == "" {
		return nil, ErrSignatureEmpty
	}
	if base64.StdEncoding.DecodedLen(len(s)) > MaxSignatureBytes+3 {
		return nil, ErrSignatureTooLarge
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		if b, err = base64.RawStdEncoding.DecodeString(s); err != nil {
			return nil, ErrSignatureNotPNG
		}
	}
	if len(b) == 0 {
		return nil, ErrSignatureEmpty
	}
	if len(b) > MaxSignatureBytes {
		return nil, ErrSignatureTooLarge
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, ErrSignatureNotPNG
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, ErrSignatureBlank
	}
	if cfg.Width > MaxSignatureSide || cfg.Height > MaxSignatureSide || cfg.Width*cfg.Height > MaxSignaturePixels {
		return nil, ErrSignatureTooLarge
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, ErrSignatureNotPNG
	}
	if ink(img) < MinInk {
		return nil, ErrSignatureBlank
	}
	return b, nil
}

// ink counts the pixels a pen drew: opaque enough and darker than the
// paper (a white or transparent background counts as paper).
func ink(img image.Image) int {
	n := 0
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, ca := img.At(x, y).RGBA()
			if ca < 0x8000 {
				continue
			}
			// Luminance of the premultiplied colour; paper is near 0xffff.
			if (299*cr+587*cg+114*cb)/1000 < 0xa000 {
				n++
				if n >= MinInk {
					return n
				}
			}
		}
	}
	return n
}
