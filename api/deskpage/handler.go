// Package deskpage serves the receptionist's console at /desk/ (issue
// #23): a desktop-first page (it works on a tablet) embedded in the binary,
// static HTML, CSS and JavaScript with no framework, no build step and
// nothing fetched from another origin. The receptionist signs in with the
// staff sign-in (POST /v1/auth/login), picks a location (GET
// /v1/workshop/locations gives its zone), sees today's and tomorrow's
// appointments with what needs a person first (GET /v1/desk/day, which
// decides that with contracts/console), follows changes live (GET
// /v1/desk/events, server-sent events read with fetch so the bearer token
// stays in a header) and acts on one appointment through the staff
// endpoints that exist, each action with an Idempotency-Key.
package deskpage

import (
	"embed"
	"net/http"

	"github.com/pitstop-dev/pitstop/api/pagefiles"
)

//go:embed static
var static embed.FS

// CSP: scripts, styles and calls only from the page's own origin, nothing
// inline; images from the origin and blob: (the customer's photos and a
// desk check-in's signature, fetched with the bearer token and shown from
// blob: URLs).
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; " +
	"font-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

// Every file is revalidated on every visit: a new release reaches the desk
// at once, an unchanged file costs a 304.
const cacheControl = "no-cache"

// Handler serves the console under basePath (for example "/desk/").
func Handler(basePath string) http.Handler { return pagefiles.MustServe(basePath, build) }

func build() (pagefiles.Page, error) {
	return pagefiles.Screen(static, "static", CSP, cacheControl, "index.html", "app.js", "app.css", pagefiles.SharedScript)
}

// Size is the page's own bytes, uncompressed.
func Size() int { return pagefiles.SizeOf(build) }
