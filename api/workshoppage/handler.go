// Package workshoppage serves the mechanic's screen at /workshop/ (issue
// #22): a phone-first page embedded in the binary, static HTML, CSS and
// JavaScript with no framework, no build step and nothing fetched from
// another origin. The mechanic signs in with the staff sign-in (POST
// /v1/auth/login), picks one of today's cars (GET /v1/appointments, times
// in the location's zone from GET /v1/workshop/locations), picks a
// checklist and walks it through the workshop endpoints (api/workshop).
//
// Unlike the customer page (api/customerpage), which inlines its CSS and
// JavaScript by hash to save a round trip on a customer's first visit, this
// page is opened all day on the same phone: app.js and app.css are separate
// files from its own origin, and the CSP allows no inline script or style
// at all.
package workshoppage

import (
	"embed"
	"net/http"

	"github.com/pitstop-dev/pitstop/api/pagefiles"
)

//go:embed static
var static embed.FS

// CSP: scripts, styles and calls only from the page's own origin, nothing
// inline; images from the origin and blob: (previews of the photos the
// mechanic just took, before and while they upload).
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; " +
	"font-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

// Every file is revalidated on every visit (no-cache with an ETag): a new
// release reaches the workshop at once, an unchanged file costs a 304.
const cacheControl = "no-cache"

// Handler serves the page under basePath (for example "/workshop/"):
// index.html at basePath, and its app.js and app.css with the screens'
// shared screen.js.
func Handler(basePath string) http.Handler { return pagefiles.MustServe(basePath, build) }

func build() (pagefiles.Page, error) {
	return pagefiles.Screen(static, "static", CSP, cacheControl, "index.html", "app.js", "app.css", pagefiles.SharedScript)
}

// Size is the page's own bytes, uncompressed.
func Size() int { return pagefiles.SizeOf(build) }
