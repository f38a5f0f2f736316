// Package kiosk holds the pure rules of the self-service kiosk check-in
// (issue #23): how a typed registration plate is compared, how a customer
// proves which of two appointments is theirs, what a signature must be,
// and the label numbers. It imports only the standard library.
package kiosk

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"strings"
	"time"
	"unicode"
)

// NormalisePlate is a registration without separators, upper case
// ("ab-12 cd" and "AB12CD" are the same plate), as the DMS import stores
// reg_number_escaped.
func NormalisePlate(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// Plate bounds: a typed plate normalises to 2..16 letters and digits.
const (
	MinPlateLen = 2
	MaxPlateLen = 16
)

// MinVerification is the fewest characters a customer types to tell two
// appointments of one plate apart (the work order's last digits or the
// last name).
const MinVerification = 3

// Wrong proofs: per kiosk account and plate, at most MaxWrongVerifications
// within VerificationWindow; then the kiosk answers 429 (even to a right
// proof) until the window has passed, so no one learns whose appointment
// is whose by trying every work order ending.
const (
	MaxWrongVerifications = 5
	VerificationWindow    = 15 * time.Minute
)

// Verifies says whether what the customer typed proves the appointment is
// theirs: the last digits (at least MinVerification) of the work order
// number, or a last name on the appointment (case and accents as typed,
// compared case-insensitively, spaces trimmed).
func Verifies(typed, woNr string, surnames ...string) bool {
	typed = strings.TrimSpace(typed)
	if len([]rune(typed)) < MinVerification {
		return false
	}
	if isDigits(typed) && strings.HasSuffix(woNr, typed) {
		return true
	}
	for _, s := range surnames {
		if s = strings.TrimSpace(s); s != "" && strings.EqualFold(s, typed) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Signature limits: a finger's signature on a kiosk canvas is a small PNG.
const (
	MaxSignatureBytes  = 200 << 10
	MaxSignatureWidth  = 2000
	MaxSignatureHeight = 1000
	// MinInkPixels: fewer drawn pixels than this is a blank (or a dot), not
	// a signature.
	MinInkPixels = 50
)

// SignatureProblem checks a signature: a PNG within the byte and size
// limits with some ink on it. "" when it is acceptable.
func SignatureProblem(b []byte) string {
	switch {
	case len(b) == 0:
		return "customer_signature: required"
	case len(b) > MaxSignatureBytes:
		return fmt.Sprintf("customer_signature: at most %d KB", MaxSignatureBytes>>10)
	case !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "customer_signature: must be a PNG image"
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return "customer_signature: not a readable PNG image"
	}
	if cfg.Width > MaxSignatureWidth || cfg.Height > MaxSignatureHeight || cfg.Width < 1 || cfg.Height < 1 {
		return fmt.Sprintf("customer_signature: at most %dx%d pixels", MaxSignatureWidth, MaxSignatureHeight)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return "customer_signature: not a readable PNG image"
	}
	if inkPixels(img, MinInkPixels) < MinInkPixels {
		return "customer_signature: the signature is empty: sign in the box"
	}
	return ""
}

// inkPixels counts drawn pixels (opaque and not near-white), up to enough.
func inkPixels(img image.Image, enough int) int {
	n := 0
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, ca := img.At(x, y).RGBA()
			if ca > 0x8000 && (cr < 0xC000 || cg < 0xC000 || cb < 0xC000) {
				n++
				if n >= enough {
					return n
				}
			}
		}
	}
	return n
}

// Label numbers: a location's labels are numbered 1..MaxLabelNumber; the
// kiosk hands out the lowest free one unless the customer typed the number
// of a pre-printed label.
const MaxLabelNumber = 999

// Remark and name bounds.
const (
	MaxRemark = 1000
	MaxName   = 200
)
