package repairpdf

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// TestItemPhotosPrint: an item's JPEG or PNG photo is drawn once under
// it; a photo the PDF cannot take (not an image, GIF-less garbage) is left
// out and the document still renders with every item's text.
func TestItemPhotosPrint(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{uint8(6 * x), uint8(8 * y), 30, 255}) // opaque: no soft mask
		}
	}
	var jb, pb bytes.Buffer
	require.NoError(t, jpeg.Encode(&jb, img, nil))
	require.NoError(t, png.Encode(&pb, img))
	images := regexp.MustCompile(`/Subtype /Image`)

	ov := sample(enums.LanguageCodeEnGB)
	ov.Items = []Item{
		{Title: "Engine oil", Price: 99, CustomerDecision: enums.CommunicationResultStatusAgree, Photo: jb.Bytes()},
		{Title: "Front brake pads", Price: 210.5, Fixed: true, Photo: pb.Bytes()},
		{Title: "Wipers", Price: 30, Photo: []byte("%PDF-1.7 not a photo")},
		{Title: "Horn", Price: 0},
	}
	out := plain(t, ov)
	assertParseable(t, out)
	for _, s := range []string{"Engine oil", "Front brake pads", "Wipers", "Horn"} {
		assertText(t, out, s)
	}
	require.Len(t, images.FindAll(out, -1), 2, "the JPEG and the PNG, not the bad one")

	ov.Items = ov.Items[2:]
	require.Empty(t, images.FindAll(plain(t, ov), -1))
}

// TestDeskSignaturePrints: the customer's desk signature (a PNG with a
// transparent background, as the tablet's canvas makes it) is drawn with
// who signed; none, or one that is no PNG, leaves the document without it.
func TestDeskSignaturePrints(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 300, 100))
	for x := 20; x < 280; x++ {
		img.Set(x, 50+(x%30)-15, color.NRGBA{A: 255})
	}
	var pb bytes.Buffer
	require.NoError(t, png.Encode(&pb, img))
	images := regexp.MustCompile(`/Subtype /Image`)
	ov := sample(enums.LanguageCodeNlNL)
	for i := range ov.Items {
		ov.Items[i].Photo = nil
	}
	require.Empty(t, images.FindAll(plain(t, ov), -1))

	ov.Signature = &Signature{PNG: pb.Bytes(), Name: "Jan de Vries", At: ov.Date}
	out := plain(t, ov)
	assertParseable(t, out)
	assertText(t, out, "Ondertekend aan de balie door Jan de Vries")
	require.NotEmpty(t, images.FindAll(out, -1), "the signature is an image of the PDF")

	ov.Signature.PNG = []byte("GIF89a")
	out = plain(t, ov)
	require.Empty(t, images.FindAll(out, -1))
	require.NotContains(t, string(out), "Ondertekend aan de balie")
}

// TestWebPPhotosPrint: a WebP photo (a phone's, which inspectphotos
// accepts and fpdf cannot take) is printed too: an opaque one re-encoded
// as a JPEG (DCTDecode), one with transparency as a PNG (FlateDecode with
// its soft mask); a damaged WebP is left out. The fixtures are two of
// golang.org/x/image's own test images (BSD).
func TestWebPPhotosPrint(t *testing.T) {
	lossy, err := os.ReadFile("testdata/photo.lossy.webp")
	require.NoError(t, err)
	alpha, err := os.ReadFile("testdata/transparent.webp")
	require.NoError(t, err)
	images := regexp.MustCompile(`/Subtype /Image`)
	jpegs := regexp.MustCompile(`/Subtype /Image\s*/Width \d+\s*/Height \d+\s*/ColorSpace /DeviceRGB\s*/BitsPerComponent 8\s*/Filter /DCTDecode`)

	ov := sample(enums.LanguageCodeEnGB)
	ov.Items = []Item{{Title: "Engine oil", Price: 99, CustomerDecision: enums.CommunicationResultStatusAgree, Photo: lossy}}
	out := plain(t, ov)
	assertParseable(t, out)
	require.Len(t, images.FindAll(out, -1), 1, "the WebP photo is an image of the PDF")
	require.Len(t, jpegs.FindAll(out, -1), 1, "as a JPEG")

	ov.Items = append(ov.Items, Item{Title: "Wipers", Price: 30, Photo: alpha},
		Item{Title: "Horn", Price: 5, Photo: lossy[:len(lossy)/2]})
	out = plain(t, ov)
	assertParseable(t, out)
	for _, s := range []string{"Engine oil", "Wipers", "Horn"} {
		assertText(t, out, s)
	}
	require.Len(t, jpegs.FindAll(out, -1), 1)
	require.Contains(t, string(out), "/SMask", "the transparent one keeps its transparency")
	require.Len(t, images.FindAll(out, -1), 3, "the JPEG, the PNG and its soft mask; not the cut-short one")
}
