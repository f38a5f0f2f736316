package messages

import (
	"regexp"
	"strconv"
	"strings"
)

// defaultColor is a neutral blue for locations without a usable colour.
const defaultColor = "#1f5fa8"

var hexColor = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}){1,2}$`)

// brandColors returns the location colour (validated, as it goes into CSS)
// and a readable text colour for buttons and the header on top of it.
func brandColors(c string) (bg, fg string) {
	c = strings.TrimSpace(c)
	if !hexColor.MatchString(c) {
		c = defaultColor
	}
	if len(c) == 4 {
		c = "#" + string([]byte{c[1], c[1], c[2], c[2], c[3], c[3]})
	}
	c = strings.ToLower(c)
	v, _ := strconv.ParseUint(c[1:], 16, 32)
	r, g, b := float64(v>>16), float64(v>>8&0xff), float64(v&0xff)
	if 0.299*r+0.587*g+0.114*b > 170 {
		return c, "#1f2328"
	}
	return c, "#ffffff"
}
